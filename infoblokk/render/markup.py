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
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Iterator

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from infoblokk.content.slugs import slugify

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


class _ScrollableTables(Treeprocessor):
    """Each table in a focusable, named region that scrolls sideways on a narrow screen.

    Keyboard users can then scroll a wide table too (WCAG 2.1.1); the region is named by the
    heading above the table, else by its column headings.
    """

    def run(self, root: ElementTree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        heading, tables = "", []
        for element in root.iter():
            if element.tag in ("h2", "h3", "h4", "h5", "h6") and element.get("id"):
                heading = element.get("id", "")
            elif element.tag == "table" and element in parents:
                tables.append((element, heading))
        for table, label_id in tables:
            _wrap(table, parents[table], label_id)


def _wrap(table: ElementTree.Element, parent: ElementTree.Element, label_id: str) -> None:
    box = ElementTree.Element("div", {"class": "table-scroll", "tabindex": "0", "role": "region"})
    if label_id:
        box.set("aria-labelledby", label_id)
    else:
        headings = ", ".join("".join(th.itertext()).strip() for th in table.iter("th"))
        box.set("aria-label", headings or "table")
    index = list(parent).index(table)
    parent.remove(table)
    box.append(table)
    box.tail, table.tail = table.tail, None
    parent.insert(index, box)


class _AuthorFriendly(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.preprocessors.register(_PastedTextFixes(md), "infoblokk_pasted_text", 40)
        # after the heading ids (toc runs at 5), so that a table can be named by its heading
        md.treeprocessors.register(_ScrollableTables(md), "infoblokk_scrollable_tables", 4)


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
