"""The floor: Python-Markdown alone turning every body of a corpus into HTML, in one process.

    .venv/bin/python bench/markdown_floor.py CONTENT_FOLDER

With infoblokk's built-in extensions (`infoblokk.render.markup.BUILT_IN_EXTENSIONS`, repeated
here so that the floor does not move when infoblokk does), reading each `.md` file under the
folder, dropping its front matter and converting the rest; nothing is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

import markdown

EXTENSIONS = ("tables", "toc", "attr_list", "sane_lists", "fenced_code", "md_in_html")


def body(text: str) -> str:
    """The Markdown after a `---` front matter block (the whole text if there is none)."""
    if text.startswith("---\n"):
        return text.split("\n---\n", 1)[-1]
    return text


def convert_all(content: Path) -> int:
    """Convert every body under `content`; return the number of characters of HTML made."""
    converter = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
    made = 0
    for path in sorted(content.rglob("*.md")):
        made += len(converter.reset().convert(body(path.read_text(encoding="utf-8"))))
    return made


def main(arguments: list[str]) -> int:
    made = convert_all(Path(arguments[0]))
    print(f"{made} characters of HTML")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
