"""Start tags in an HTML fragment and their attributes, with where each is, to rewrite them in place.

    find_tags(html, names)   the start tags, in order: those named, or all
    find_attributes(html, …) the attributes of these names in any start tag, in order
    Tag, Attribute           what a tag holds; names in lower case, values with entities decoded
    Attribute.quoted(value)  a new value, escaped and quoted as the old one, to replace its span
    replace_spans(html, …)   the fragment with spans replaced and every other byte as it was
    may_show_images(html)    whether a fragment (UTF-8) may hold an `<img>` tag, told without reading its tags

The body HTML that Markdown makes, with the raw HTML authors write in it: attribute values in
double, single or no quotes, `&amp;` and `&#39;` in values, names in any case (`HREF=`).
Comments and the insides of `<script>` and `<style>` hold no tags; text that only shows a tag
(`&lt;a href="x.md"&gt;` in a code sample) is not one. This is a reader for fragments whose
tags are well formed, fast enough for every body of a large site; the pages `check` reads are
parsed with the standard library's HTMLParser.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

# A comment, or a start tag whose name matches {name}; its quoted values may hold `>`. The
# possessive quantifiers (*+, ++) never backtrack, so text that is not a tag costs little.
TOKEN = r"<!--.*?(?:-->|\Z)|<(?P<name>{name})(?P<attributes>(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>"
ANY_NAME = r"[a-zA-Z][^\s/>]*+"
ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'=<>`]+)))?"""
)
# How a value was written, by ATTRIBUTE's group that matched it.
QUOTES: Mapping[str, str] = MappingProxyType({"double": '"', "single": "'", "bare": ""})
RAW_TEXT_ELEMENTS = frozenset({"script", "style"})


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute of a tag: `name` in lower case, `value` as a browser reads it."""

    name: str
    value: str  # entities decoded; "" for an attribute without a value
    span: tuple[int, int]  # where the value is written in the fragment, with its quotes if any
    quote: str  # '"', "'", or "" for a value without quotes (or no value: then span is empty)

    def quoted(self, value: str) -> str:
        """A new value to write in place of `span`, in the same quotes (or double quotes).

        Escaped as Markdown escapes values: `&`, `<`, `>` and the quote.
        """
        quote = self.quote or '"'
        escaped = html.escape(value, quote=False).replace(quote, "&quot;" if quote == '"' else "&#39;")
        return f"{quote}{escaped}{quote}"


@dataclass(frozen=True, slots=True)
class Tag:
    """One start tag: its name in lower case, where it is, its text and its attributes in order."""

    name: str
    span: tuple[int, int]
    text: str
    attributes: tuple[Attribute, ...]

    def get(self, name: str) -> Attribute | None:
        """The attribute of that name (lower case); the first one, as browsers read duplicates."""
        return next((attribute for attribute in self.attributes if attribute.name == name), None)

    def values(self) -> dict[str, str]:
        """Every attribute's value by name; the first of duplicates wins, as in browsers."""
        found: dict[str, str] = {}
        for attribute in self.attributes:
            found.setdefault(attribute.name, attribute.value)
        return found


def find_tags(fragment: str, names: Collection[str] | None = None) -> Iterator[Tag]:
    """The start tags of `fragment` in order, only those named (lower case) if `names` is given."""
    for name, match in _start_tags(fragment, names):
        offset = match.start("attributes")
        attributes = (_attribute(found, offset) for found in ATTRIBUTE.finditer(match.group("attributes")))
        yield Tag(name, match.span(), match.group(0), tuple(attributes))


def find_attributes(fragment: str, names: Collection[str]) -> Iterator[Attribute]:
    """The attributes of these names (lower case) in every start tag of `fragment`, in order."""
    for _, match in _start_tags(fragment, None):
        offset = match.start("attributes")
        for found in ATTRIBUTE.finditer(match.group("attributes")):
            if found.group("name").lower() in names:
                yield _attribute(found, offset)


def _start_tags(fragment: str, names: Collection[str] | None) -> Iterator[tuple[str, re.Match[str]]]:
    """(name in lower case, TOKEN match) of each start tag, those named if `names` is given."""
    tokens = _tokens(None if names is None else frozenset(names))
    position = 0
    while match := tokens.search(fragment, position):
        position = match.end()
        if match.group("name") is None:  # a comment
            continue
        name = match.group("name").lower()
        if name in RAW_TEXT_ELEMENTS:
            position = _end_of_raw_text(fragment, name, position)
        if names is None or name in names:
            yield name, match


@functools.lru_cache(maxsize=8)
def _tokens(names: frozenset[str] | None) -> re.Pattern[str]:
    """TOKEN for these tags (and <script> and <style>, whose text must be skipped), or for all.

    Matching only the tags asked for is what makes finding the photos of a body fast.
    """
    if names is None:
        return re.compile(TOKEN.format(name=ANY_NAME), re.DOTALL)
    alternatives = "|".join(re.escape(name) for name in sorted({*names, *RAW_TEXT_ELEMENTS}))
    return re.compile(TOKEN.format(name=rf"(?:{alternatives})(?=[\s/>])"), re.DOTALL | re.IGNORECASE)


def _attribute(match: re.Match[str], offset: int) -> Attribute:
    """One ATTRIBUTE match, its span moved by `offset` to count from the fragment's start."""
    name = match.group("name").lower()
    written = next((group for group in QUOTES if match.group(group) is not None), None)
    if written is None:  # a name alone (`<input disabled>`)
        return Attribute(name, "", (offset + match.end(), offset + match.end()), "")
    quote = QUOTES[written]
    start, end = match.span(written)
    span = (offset + start - len(quote), offset + end + len(quote))  # the quotes belong to the value
    return Attribute(name, html.unescape(match.group(written)), span, quote)


def _end_of_raw_text(fragment: str, name: str, position: int) -> int:
    """Where the text of a `<script>` or `<style>` that starts at `position` ends."""
    closing = re.compile(rf"</{name}\b", re.IGNORECASE).search(fragment, position)
    return closing.start() if closing else len(fragment)


def replace_spans(fragment: str, replacements: Iterable[tuple[tuple[int, int], str]]) -> str:
    """`fragment` with each (span, text) replaced; spans in order and not overlapping. With
    nothing to replace, the same string (not a copy: a site's bodies are many megabytes)."""
    replacements = list(replacements)
    if not replacements:
        return fragment
    parts = []
    position = 0
    for (start, end), text in replacements:
        parts += [fragment[position:start], text]
        position = end
    parts.append(fragment[position:])
    return "".join(parts)


def may_show_images(html: bytes) -> bool:
    """Whether the fragment (UTF-8) may hold an `<img>` tag: most bodies hold no tag beginning
    with an i, and one search of the bytes tells so much sooner than reading every tag."""
    return _TAG_BEGINNING_WITH_I.search(html) is not None


_TAG_BEGINNING_WITH_I = re.compile(rb"<[iI]")  # a regular expression: a search for the "<" first
