"""Bodies with their links rewritten, reused from the last build while what they link to holds.

Rewriting the links of every body on every build costs seconds at thousands of pages, though
a body's rewritten links change only when the body, its page's URL, or what it links to changes.
So each body's rewrite is kept with what it relied on (`LinkedBody`): the changes it made to the
body's HTML, the content files it named with the URL each had, and the static files it showed.
A kept rewrite is reused when its body, page and file are the same and either the site's links
are all as they were (`links_context`: every content file's URL and every static file
published), or every file it relied on still has the same URL or still is published. Any other
body, and one whose kept rewrite is damaged, is rewritten: a link that now leads nowhere is
reported with its file and line, as on a clean build.

Bodies go in and come out as UTF-8 (as the state keeps them and the pages read them), and a
kept rewrite's changes are at byte offsets: a reused rewrite is made on the bytes, without
turning the body into text and back (at 10,000 bodies, a good part of a rebuild's work on
them). Only a body rewritten anew is read as text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from infoblokk.content.sources import SourceFile
from infoblokk.errors import Problem
from infoblokk.layout import SiteFolders
from infoblokk.render.html import may_show_images
from infoblokk.render.links import rewrite_recorded


class LinkedBody(NamedTuple):
    """One body's rewrite as a build kept it (JSON text: it is stored as it is)."""

    key: str  # the body's HTML, its page's URL and its file (`body_key`)
    replacements: str  # [[start, end, text], …]: what the rewrite changed, at offsets in its UTF-8
    sources: str  # [[normalized path, URL], …]: the content files it links to
    images: str  # [site path, …]: the static files it shows
    shows_images: bool  # the rewritten HTML may hold an image (`html.may_show_images`): photos may be offered


class Body(NamedTuple):
    """A body to rewrite: its file, its page's URL, the key of its HTML and the HTML (UTF-8)."""

    source: SourceFile
    url: str
    markdown_key: str
    html: bytes


@dataclass(frozen=True)
class LinkedBodies:
    """Every body's HTML with its links rewritten (in the order given), what to keep of each
    (by file), and the broken links found."""

    html: tuple[bytes, ...]  # UTF-8
    kept: Mapping[str, LinkedBody]
    problems: tuple[Problem, ...]


def links_context(
    pairs: Iterable[tuple[Path, str]], published: Collection[str], site_dir: Path | None = None
) -> str:
    """A digest of what any link may lead to: every content file (by its path in `site_dir`,
    when given) with its URL, and the static files published. While it stays the same, every
    kept rewrite holds."""
    hashed = hashlib.sha256()
    for path, url in pairs:
        hashed.update(f"{_in_folder(path, site_dir)}\0{url}\n".encode())
    hashed.update("\0".join(sorted(published)).encode())
    return hashed.hexdigest()


def body_key(body: Body, site_dir: Path | None = None) -> str:
    """The body's HTML, its page's URL and its file: by its path in `site_dir` when given (a
    rewrite kept so holds in a copy of the site in another folder, see `link_bodies`)."""
    path = _in_folder(body.source.source_path, site_dir)
    return hashlib.sha256(f"{body.markdown_key}\0{body.url}\0{path}".encode()).hexdigest()


def _in_folder(path: Path, folder: Path | None) -> str:
    """`path` by where it is in `folder` when it is in it and a folder is given (see
    `SiteFolders.path_in_site`); else as it is."""
    return str(path) if folder is None else SiteFolders(folder).path_in_site(str(path))


def link_bodies(
    bodies: Iterable[Body],
    kept: Mapping[str, LinkedBody],
    same_links: bool,
    url_of_source: Mapping[Path, str],
    published: Collection[str],
    site_dir: Path | None = None,
) -> LinkedBodies:
    """Every body's links rewritten, or taken from `kept` (the last build's, by file) where that
    still holds. `same_links`: the site's links are as when `kept` was made (`links_context`).

    With `site_dir`, a rewrite is kept by the body's path in the site folder (`body_key`), so
    that it holds in a copy of the site in another folder, unless one of its links goes up out
    of the site folder: that one would lead elsewhere from there."""
    html: list[bytes] = []
    records: dict[str, LinkedBody] = {}
    problems: list[Problem] = []
    for body in bodies:
        path = str(body.source.source_path)
        record = kept_rewrite(body, kept, same_links, url_of_source, published, site_dir)
        reused = _applied_or_none(body.html, record) if record is not None else None
        if reused is not None and record is not None:
            html.append(reused)
            records[path] = record
            continue
        text = body.html.decode("utf-8")
        rewritten = rewrite_recorded(text, body.source, body.url, url_of_source, published)
        made = rewritten.html.encode("utf-8")
        html.append(made)
        problems.extend(rewritten.problems)
        stays_in_site = site_dir is not None and rewritten.climb <= _depth(body.source.source_path, site_dir)
        records[path] = LinkedBody(
            body_key(body, site_dir if stays_in_site else None),
            _json(
                [[start, end, replaced] for (start, end), replaced in _in_bytes(text, rewritten.replacements)]
            ),
            _json([list(pair) for pair in rewritten.sources]),
            _json(list(rewritten.images)),
            may_show_images(made),
        )
    return LinkedBodies(tuple(html), records, tuple(problems))


def _depth(path: Path, folder: Path) -> int:
    """How many folders below `folder` the file `path` is (-1: not in it)."""
    return len(path.relative_to(folder).parts) - 1 if path.is_relative_to(folder) else -1


def _in_bytes(
    text: str, replacements: Iterable[tuple[tuple[int, int], str]]
) -> list[tuple[tuple[int, int], str]]:
    """The replacements' spans (in order, apart) at offsets in `text`'s UTF-8 instead."""
    found = []
    position = offset = 0  # in the text, and the same place in its UTF-8
    for (start, end), replaced in replacements:
        begin = offset + len(text[position:start].encode("utf-8"))
        offset = begin + len(text[start:end].encode("utf-8"))
        position = end
        found.append(((begin, offset), replaced))
    return found


def kept_rewrite(
    body: Body,
    kept: Mapping[str, LinkedBody],
    same_links: bool,
    url_of_source: Mapping[Path, str],
    published: Collection[str],
    site_dir: Path | None = None,
) -> LinkedBody | None:
    """The kept rewrite of `body` (see `link_bodies`) if it is of this body and still holds;
    else None. The body's HTML is not read: a build may apply the rewrite (`applied_rewrite`)
    only when the body's page is made."""
    record = kept.get(str(body.source.source_path))
    if record is None:
        return None
    key = body_key(body, site_dir)
    if record.key != key and site_dir is not None:
        key = body_key(body)  # kept by the body's path as it is (its links leave the site)
    if record.key != key:
        return None
    try:
        return record if same_links or _still_holds(record, url_of_source, published) else None
    except (ValueError, TypeError):  # a damaged record: rewrite the body
        return None


def applied_rewrite(html: bytes, record: LinkedBody) -> bytes:
    """`html` (UTF-8) with the kept rewrite's changes made; ValueError if the record is damaged."""
    try:
        return _applied(html, json.loads(record.replacements))
    except TypeError:
        raise ValueError("not a rewrite") from None


def _applied_or_none(html: bytes, record: LinkedBody) -> bytes | None:
    try:
        return applied_rewrite(html, record)
    except ValueError:  # a damaged record: rewrite the body
        return None


def _still_holds(record: LinkedBody, url_of_source: Mapping[Path, str], published: Collection[str]) -> bool:
    """Every content file the body links to has the URL it had, every image it shows is published."""
    sources = json.loads(record.sources)
    images = json.loads(record.images)
    if not isinstance(sources, list) or not isinstance(images, list):
        raise ValueError("not a list")
    same_urls = all(url_of_source.get(Path(path)) == url for path, url in sources)
    return same_urls and all(isinstance(image, str) and image in published for image in images)


def _applied(html: bytes, replacements: object) -> bytes:
    """`html` with the kept replacements made; ValueError if they cannot be of this HTML (out
    of order, or not between two characters of its UTF-8)."""
    if not isinstance(replacements, list):
        raise ValueError("not a list")
    if not replacements:
        return html
    parts: list[bytes] = []
    position = 0
    for start, end, text in replacements:
        if not (isinstance(start, int) and isinstance(end, int) and isinstance(text, str)):
            raise ValueError("not a replacement")
        if not position <= start <= end <= len(html) or _inside_character(html, start, end):
            raise ValueError("out of place")
        parts += [html[position:start], text.encode("utf-8")]
        position = end
    parts.append(html[position:])
    return b"".join(parts)


def _inside_character(html: bytes, *offsets: int) -> bool:
    """Whether an offset falls inside a character of the UTF-8 (on a continuation byte)."""
    return any(offset < len(html) and html[offset] & 0xC0 == 0x80 for offset in offsets)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
