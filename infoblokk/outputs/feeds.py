"""What search engines and feed readers ask for: Atom feeds, sitemap.xml and robots.txt.

These are the only outputs with absolute addresses (from `base_url`), because their standards
require them. The news feed lists every news item; each project with news has a feed of its
own, so a reader can follow just "their" project.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import PurePosixPath

from infoblokk.content.model import NewsItem, SiteModel
from infoblokk.layout import news_feed_path, project_feed_path
from infoblokk.output import OutputFile
from infoblokk.render.urls import absolute_url

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


SITEMAP_PATH = PurePosixPath("sitemap.xml")
ROBOTS_PATH = PurePosixPath("robots.txt")


def feed_files(model: SiteModel, site_title: str, base_url: str, language: str) -> tuple[OutputFile, ...]:
    """The news feed, and one feed per project that has news."""
    return tuple(
        _feed(path, title, site_title, news, base_url, language)
        for path, title, news in _feeds(model, site_title, language)
    )


def feed_paths(model: SiteModel, language: str) -> tuple[PurePosixPath, ...]:
    """The paths of the files `feed_files` makes."""
    return tuple(PurePosixPath(path) for path, _, _ in _feeds(model, "", language))


def _feeds(model: SiteModel, site_title: str, language: str) -> Iterator[tuple[str, str, Iterable[NewsItem]]]:
    """Each feed's path, title and news."""
    yield news_feed_path(language), site_title, model.news
    for project in model.projects:
        news = model.news_of(project)
        if news:
            yield project_feed_path(project.url), f"{project.title} – {site_title}", news


def _feed(
    path: str, title: str, author: str, news: Iterable[NewsItem], base_url: str, language: str
) -> OutputFile:
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"xml:lang": language})
    items = list(news)
    _text(feed, "id", absolute_url(base_url, path))
    _text(feed, "title", title)
    _text(feed, "updated", _timestamp(max((n.date for n in items), default=date(2000, 1, 1))))
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": absolute_url(base_url, path)})
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", {"href": base_url})
    ElementTree.SubElement(ElementTree.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = author
    for item in items:
        _entry(feed, item, base_url)
    return OutputFile(PurePosixPath(path), _xml(feed))


def _entry(feed: ElementTree.Element, item: NewsItem, base_url: str) -> None:
    entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
    _text(entry, "id", absolute_url(base_url, item.url))
    _text(entry, "title", item.title)
    _text(entry, "updated", _timestamp(item.date))
    ElementTree.SubElement(entry, f"{{{ATOM}}}link", {"href": absolute_url(base_url, item.url)})
    if item.summary:
        _text(entry, "summary", item.summary)


def _text(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def sitemap_file(urls: Iterable[str], base_url: str) -> OutputFile:
    """Every page's canonical address, for search engines."""
    ElementTree.register_namespace("", SITEMAP)
    urlset = ElementTree.Element(f"{{{SITEMAP}}}urlset")
    for url in urls:
        location = ElementTree.SubElement(
            ElementTree.SubElement(urlset, f"{{{SITEMAP}}}url"), f"{{{SITEMAP}}}loc"
        )
        location.text = absolute_url(base_url, url)
    return OutputFile(SITEMAP_PATH, _xml(urlset))


def robots_file(base_url: str) -> OutputFile:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(base_url, 'sitemap.xml')}\n"
    return OutputFile(ROBOTS_PATH, text.encode("utf-8"))


def _xml(root: ElementTree.Element) -> bytes:
    ElementTree.indent(root)
    text: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return text + b"\n"
