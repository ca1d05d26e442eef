"""Reading a rendered page: what `check` needs to know about one HTML file of the site.

The standard library's HTML parser, no browser: the page's language and `<h1>`, its ids, every
address it refers to, images without alternative text, links without text, and the width of
the funding banner's image.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements and the attribute that names another file of the site.
REFERENCE_ATTRIBUTES: Mapping[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "source": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
}
BANNER_ATTRIBUTE = "data-infoblokk"


@dataclass
class _Link:
    href: str
    text: list[str] = field(default_factory=list)
    labelled: bool = False


@dataclass
class ParsedPage:
    """What the audit needs to know about one HTML page."""

    has_html: bool = False
    lang: str = ""
    has_h1: bool = False
    ids: set[str] = field(default_factory=set)
    references: list[tuple[str, str]] = field(default_factory=list)  # (tag, address)
    images_without_alt: list[str] = field(default_factory=list)  # their src
    empty_links: list[str] = field(default_factory=list)  # their href
    banner_images: list[tuple[str, str]] = field(default_factory=list)  # (src, width attribute)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._links: list[_Link] = []
        self._banner_tag: str | None = None
        self._banner_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        page = self.page
        if tag == "html":
            page.has_html = True
            page.lang = values.get("lang", "").strip()
        elif tag == "h1":
            page.has_h1 = True
        if values.get("id"):
            page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            page.ids.add(values["name"])
        for attribute in REFERENCE_ATTRIBUTES.get(tag, ()):
            if attribute in values:
                page.references.append((tag, values[attribute]))
        self._track_banner(tag, values)
        if tag == "img":
            self._image(values)
        elif tag == "a" and "href" in values:
            labelled = bool(values.get("aria-label", "").strip() or values.get("aria-labelledby", "").strip())
            self._links.append(_Link(values["href"], labelled=labelled))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._links:
            link = self._links.pop()
            if not link.labelled and not "".join(link.text).strip():
                self.page.empty_links.append(link.href)
        if tag == self._banner_tag:
            self._banner_depth -= 1
            if self._banner_depth == 0:
                self._banner_tag = None

    def handle_data(self, data: str) -> None:
        for link in self._links:
            link.text.append(data)

    def _image(self, values: Mapping[str, str]) -> None:
        src = values.get("src", "")
        if "alt" not in values:
            self.page.images_without_alt.append(src)
        elif values["alt"].strip():
            for link in self._links:
                link.labelled = True
        if self._banner_tag is not None or BANNER_ATTRIBUTE in values:
            self.page.banner_images.append((src, values.get("width", "")))

    def _track_banner(self, tag: str, values: Mapping[str, str]) -> None:
        if tag == self._banner_tag:
            self._banner_depth += 1
        elif self._banner_tag is None and BANNER_ATTRIBUTE in values and tag != "img":
            self._banner_tag, self._banner_depth = tag, 1


def parse_page(html: str) -> ParsedPage:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.page
