"""Stage 4: Markdown bodies → HTML, forgiving of text pasted from a word processor.

Extensions: tables, heading anchors (ASCII ids, so `## Célcsoportok` gets `id="celcsoportok"`),
attribute lists (`{#id .class}`), sane lists, plus the site's own `[markdown] extensions`.
Two preprocessing steps help authors who never learnt Markdown:
- a list typed right under a paragraph line still becomes a list;
- a paragraph that starts with a Hungarian date ("2021. május 26-án …") stays a paragraph
  instead of turning into a numbered list that starts at 2021.
Raw HTML in bodies is kept: authors are trusted; front-matter values are escaped elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from infoblokk.slugs import slugify

LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])\s+\S")
YEAR_AT_START = re.compile(r"^( {0,3}\d{4})\.(\s)")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
BUILT_IN_EXTENSIONS = ("tables", "toc", "attr_list", "sane_lists", "fenced_code", "md_in_html")


def _heading_id(text: str, separator: str) -> str:
    return slugify(text).replace("-", separator) or "szakasz"


class _PastedTextFixes(Preprocessor):
    """Make word-processor habits mean what the author meant (see the module docstring)."""

    def run(self, lines: list[str]) -> list[str]:
        return list(_fix_lines(lines))


def _fix_lines(lines: Iterable[str]) -> Iterator[str]:
    in_fence = False
    previous = ""
    for line in lines:
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            line = YEAR_AT_START.sub(r"\1\\.\2", line)
            if LIST_ITEM.match(line) and _is_paragraph_text(previous):
                yield ""
        yield line
        previous = line


def _is_paragraph_text(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not LIST_ITEM.match(line) and not line.startswith((" ", "\t", "#", "|", "<"))


class _AuthorFriendly(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.preprocessors.register(_PastedTextFixes(md), "infoblokk_pasted_text", 40)


class MarkdownRenderer:
    """A Markdown converter configured for one site, reused page after page (reset in between)."""

    def __init__(self, extensions: tuple[str, ...] = ()) -> None:
        self._converter = markdown.Markdown(
            extensions=[*BUILT_IN_EXTENSIONS, *extensions, _AuthorFriendly()],
            extension_configs={"toc": {"slugify": _heading_id, "toc_depth": "2-6"}},
            output_format="html",
        )

    def render(self, text: str) -> str:
        return self._converter.reset().convert(text)
