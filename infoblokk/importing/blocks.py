"""A page's text as blocks (headings, paragraphs, list items, table rows), each with its line.

Saved HTML is read with the standard library's `html.parser`, which reports the source line of
everything it reads: that line is what the import report names for each fact. The conversion is
small on purpose: headings, paragraphs, line breaks, lists, tables (a row becomes
`label: value`), emphasis and web links; menus, headers, footers, forms and scripts are left
out, and when the page marks its main text (`<main>`, `<article>`) only that is kept. Images
are not copied into the text (their files stay on the old site), but their names are kept, so
that the official banner's file name (`…_ESZA.jpg`) tells the fund.

Text copied from a browser into a `.txt` file has one block per line: a line starting with
`-`, `•`, `*` or `1.` is a list item, and a short line without closing punctuation followed by
more text is taken for a heading.

`markdown_body` turns the blocks back into Markdown (the body of the draft).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

PARAGRAPH = "paragraph"
HEADING = "heading"
ITEM = "item"
ROW = "row"


@dataclass(frozen=True)
class Block:
    """One block of a page's text."""

    kind: str
    """PARAGRAPH, HEADING, ITEM or ROW."""
    text: str
    """Plain text, where facts are looked for."""
    markdown: str
    """The same text as Markdown (emphasis, links), without the block's own marker."""
    line: int
    level: int = 0
    """A heading's level (1 to 6); for a list item, 1 for `-` lists and 2 for numbered ones."""


@dataclass(frozen=True)
class PageText:
    """A page read into blocks, and the images it showed (file name, line)."""

    blocks: tuple[Block, ...]
    images: tuple[tuple[str, int], ...] = ()


# ---------------------------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-–•*·▪◦●]|(?P<number>\d{1,2})[.)])\s+(?P<rest>\S.*)$")


def text_blocks(text: str) -> PageText:
    """A `.txt` page: one block per non-empty line."""
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)]
    kept = [(number, line) for number, line in lines if line]
    blocks = []
    for index, (number, line) in enumerate(kept):
        bullet = _BULLET.match(line)
        if bullet:
            level = 2 if bullet["number"] else 1
            rest = bullet["rest"]
            blocks.append(Block(ITEM, rest, escaped(rest), number, level))
            continue
        following = kept[index + 1][1] if index + 1 < len(kept) else ""
        after_label = index > 0 and kept[index - 1][1].endswith((":", "："))  # a value, not a heading
        kind = HEADING if not after_label and _looks_like_heading(line, following) else PARAGRAPH
        blocks.append(Block(kind, line, escaped(line), number, 2 if kind == HEADING else 0))
    return PageText(tuple(blocks))


def _looks_like_heading(line: str, following: str) -> bool:
    """`A projekt célja` above a paragraph or a list: short, capitalised, no closing punctuation."""
    return (
        bool(following)
        and len(line) <= 60
        and len(line.split()) <= 8
        and line[0].isupper()
        and not line.endswith((".", ",", ":", ";", "!", "?", ")"))
        and not any(character.isdigit() for character in line)
        and (len(following) > len(line) or _BULLET.match(following) is not None)
    )


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

_LEFT_OUT = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "nav",
        "header",
        "footer",
        "form",
        "select",
        "button",
        "svg",
        "iframe",
        "object",
        "aside",
    }
)
_MAIN = frozenset({"main", "article"})
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "blockquote",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figure",
        "figcaption",
        "address",
        "pre",
        "hr",
        "body",
        "main",
        "article",
    }
)
_STRONG = frozenset({"strong", "b"})
_EMPHASIS = frozenset({"em", "i"})


def html_blocks(html: str) -> PageText:
    """Saved HTML: its main text as blocks, each with the line it starts at."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    blocks = reader.blocks
    if any(inside for _, inside in blocks):
        return PageText(tuple(block for block, inside in blocks if inside), tuple(reader.images))
    return PageText(tuple(block for block, _ in blocks), tuple(reader.images))


@dataclass
class _Pending:
    """The text of the block being read."""

    text: list[str] = field(default_factory=list)
    markdown: list[str] = field(default_factory=list)
    line: int = 0


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[Block, bool]] = []
        self.images: list[tuple[str, int]] = []
        self.pending = _Pending()
        self.skipping: list[str] = []  # the left-out elements we are inside
        self.main_depth = 0
        self.heading = 0
        self.lists: list[list[int]] = []  # per open list: [kind, counter], kind 1 = ul, 2 = ol
        self.in_item = 0
        self.cells: list[str] | None = None
        self.links: list[str | None] = []

    # -- structure --------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img":
            self._image(values)
            return
        if self.skipping or tag in _LEFT_OUT:
            if tag in _LEFT_OUT:
                self.skipping.append(tag)
            return
        if tag in _MAIN or values.get("role") == "main":
            self.main_depth += 1
        if tag == "br" or tag in _BLOCKS:
            self._flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = int(tag[1])
        elif tag in ("ul", "ol"):
            self.lists.append([1 if tag == "ul" else 2, 0])
        elif tag == "li":
            self.in_item += 1
            if self.lists:
                self.lists[-1][1] += 1
        elif tag == "tr":
            self.cells = []
        elif tag in _STRONG:
            self.pending.markdown.append(_OPEN + "**")
        elif tag in _EMPHASIS:
            self.pending.markdown.append(_OPEN + "*")
        elif tag == "a":
            href = values.get("href") or ""
            self.links.append(href if re.match(r"(?:https?://|mailto:)", href) else None)
            if self.links[-1]:
                self.pending.markdown.append("[")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in ("td", "th") and self.cells is not None:
            self.cells.append(" ".join("".join(self.pending.text).split()))
            self.pending = _Pending()
            return
        if tag == "tr" and self.cells is not None:
            self._row(self.cells)
            self.cells = None
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in _MAIN:
            self.main_depth = max(0, self.main_depth - 1)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = 0
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "li":
            self.in_item = max(0, self.in_item - 1)
        elif tag in _STRONG:
            self.pending.markdown.append(_CLOSE + "**")
        elif tag in _EMPHASIS:
            self.pending.markdown.append(_CLOSE + "*")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.pending.markdown.append(f"]({href})")

    def handle_data(self, data: str) -> None:
        if self.skipping or not data:
            return
        if not self.pending.text and not data.strip():
            return
        if not self.pending.text:
            self.pending.line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        self.pending.text.append(data)
        self.pending.markdown.append(escaped_inline(data.replace(_OPEN, " ").replace(_CLOSE, " ")))

    # -- helpers ----------------------------------------------------------------------------

    def _image(self, values: dict[str, str | None]) -> None:
        source = values.get("src") or ""
        name = source.rsplit("/", 1)[-1].split("?")[0]
        if name:
            self.images.append((name, self.getpos()[0]))

    def _row(self, cells: list[str]) -> None:
        filled = [cell for cell in cells if cell]
        if not filled:
            return
        if len(filled) == 2:
            label = filled[0] if filled[0].endswith((":", "：")) else filled[0] + ":"
            text = f"{label} {filled[1]}"
        else:
            text = " | ".join(filled)
        self._add(Block(ROW, text, escaped(text), self.getpos()[0]))

    def _flush(self) -> None:
        pending, self.pending = self.pending, _Pending()
        text = " ".join("".join(pending.text).split())
        if not text:
            return
        markdown = _tidy_marks(" ".join("".join(pending.markdown).split()))
        markdown = escaped_start(markdown) if markdown else escaped(text)
        if self.cells is not None:  # a paragraph inside a table cell: part of the cell
            self.pending = pending
            return
        if self.heading:
            self._add(Block(HEADING, text, markdown, pending.line, self.heading))
        elif self.in_item:
            kind = self.lists[-1][0] if self.lists else 1
            self._add(Block(ITEM, text, markdown, pending.line, kind))
        else:
            self._add(Block(PARAGRAPH, text, markdown, pending.line))

    def _add(self, block: Block) -> None:
        self.blocks.append((block, self.main_depth > 0))

    def close(self) -> None:
        super().close()
        self._flush()


_OPEN, _CLOSE = "\x01", "\x02"  # around emphasis marks until the block is complete


def markdown_body(blocks: Sequence[Block], used: set[int]) -> str:
    """The blocks no fact was read from, as Markdown: `##` headings and below, lists kept."""
    kept = [block for index, block in enumerate(blocks) if index not in used]
    levels = [block.level for block in kept if block.kind == HEADING]
    shift = max(0, 2 - min(levels)) if levels else 0
    parts: list[str] = []
    previous = ""
    for block in kept:
        if block.kind == HEADING:
            text = "#" * min(6, block.level + shift) + " " + block.markdown
        elif block.kind == ITEM:
            text = ("1. " if block.level == 2 else "- ") + block.markdown
        else:
            text = block.markdown
        joined = block.kind == ITEM and previous == ITEM
        parts.append(("\n" if joined else "\n\n") + text if parts else text)
        previous = block.kind
    return "".join(parts)


def _tidy_marks(markdown: str) -> str:
    """Emphasis marks that hug their words (`**Név:** Somogy`, not `**Név: **Somogy`).

    A block cut inside emphasis (a `<br>` within `<strong>`) loses its marks rather than
    leaving one open.
    """
    tidied = re.sub(rf"{_OPEN}(\*+)(\s+)", rf"\2{_OPEN}\1", markdown)
    tidied = re.sub(rf"(\s+){_CLOSE}(\*+)", rf"{_CLOSE}\2\1", tidied)
    tidied = re.sub(rf"{_OPEN}(\*+){_CLOSE}\1", "", tidied)
    if tidied.count(_OPEN) != tidied.count(_CLOSE):
        tidied = re.sub(rf"[{_OPEN}{_CLOSE}]\*+", "", tidied)
    return " ".join(tidied.replace(_OPEN, "").replace(_CLOSE, "").split())


# ---------------------------------------------------------------------------------------------
# Markdown escaping
# ---------------------------------------------------------------------------------------------

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<])")
_MARKER_START = re.compile(r"^(?:#{1,6}\s|>|[-+=]\s)")
_NUMBER_START = re.compile(r"^(\d+)([.)]\s)")


def escaped_inline(text: str) -> str:
    """Text whose characters Markdown would read as formatting, made literal."""
    return _INLINE_SPECIALS.sub(r"\\\1", text)


def escaped(text: str) -> str:
    """A whole block's text, literal in Markdown, also at the start of a line (`1. `, `# `)."""
    return escaped_start(escaped_inline(text))


def escaped_start(markdown: str) -> str:
    """A block's Markdown whose start would read as a heading, quote or list, made literal."""
    if _MARKER_START.match(markdown):
        return "\\" + markdown
    return _NUMBER_START.sub(r"\1\\\2", markdown, count=1)
