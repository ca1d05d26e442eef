"""Links, images, stylesheets and scripts of a rendered page that lead nowhere.

Every address is resolved against the files of the built site (and content/static/): one that
points at no file, outside the site, at a folder rather than its index.html, or at a
`#fragment` the target page lacks is a finding.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from infoblokk.check.findings import Finding, Where, finding_at
from infoblokk.check.pagereader import ParsedPage, parse_page
from infoblokk.messages import Text


@dataclass(frozen=True)
class SiteFiles:
    """The files of the built site an address may name: output files, their folders, pages, statics."""

    files: set[str]
    folders: set[str]
    pages: Mapping[str, ParsedPage]
    statics: Mapping[str, Path]

    def ids_of(self, path: str) -> set[str] | None:
        """The ids of an HTML file of the site; None for other files."""
        if path in self.pages:
            return self.pages[path].ids
        if path in self.statics and path.endswith((".html", ".htm")):
            text = self.statics[path].read_text(encoding="utf-8", errors="replace")
            return parse_page(text).ids
        return None


def folders_of(files: Iterable[str]) -> set[str]:
    """Every folder holding one of `files` ("" for the site's root)."""
    folders = {""}
    for path in files:
        folders.update(str(parent) for parent in PurePosixPath(path).parents if str(parent) != ".")
    return folders


def base_path_of(base_url: str) -> str:
    """The path of `base_url`, ending in "/": where a root-relative address enters the site."""
    path = urlsplit(base_url).path
    return path if path.endswith("/") else path + "/"


def reference_problems(page: ParsedPage, where: Where, site: SiteFiles, base_path: str) -> Iterator[Finding]:
    """Every address of the page that names no file of the site, a folder, or a missing #fragment."""
    for tag, address in page.references:
        parts = urlsplit(address)
        if parts.scheme or parts.netloc or not address.strip():
            continue  # another site, mailto:, data:, …: not ours to check
        target = _resolve(where.path, unquote(parts.path), base_path)
        what = Text("link") if tag in ("a", "area") else Text("<{tag}> reference", tag=tag)
        if target is None:
            outside = Text("the {what} '{address}' points outside the site", what=what, address=address)
            yield finding_at(where, address, outside, _LINK_HINT)
        elif target in site.files:
            yield from _fragment_problems(where, address, target, unquote(parts.fragment), site)
        elif target in site.folders and posixpath.join(target, "index.html") in site.files:
            index = posixpath.join(parts.path.rstrip("/") or ".", "index.html")
            yield finding_at(
                where,
                address,
                Text(
                    "the {what} '{address}' names a folder: a web server opens its index.html, "
                    "but the site opened from the file system does not",
                    what=what,
                    address=address,
                ),
                Text("link to '{index}' instead", index=index),
            )
        else:
            yield finding_at(
                where,
                address,
                Text(
                    "the {what} '{address}' leads nowhere: the site has no file {target}",
                    what=what,
                    address=address,
                    target=target,
                ),
                _LINK_HINT,
                in_content=(
                    Text(
                        "the {what} to {target} leads nowhere: the site has no such file",
                        what=what,
                        target=target,
                    ),
                    _CONTENT_HINT,
                ),
            )


_LINK_HINT = Text(
    "write the address relative to this page, naming the file: a page as "
    "'../../projektek/zala/index.html', a file of content/static/ by its path in that folder"
)


_CONTENT_HINT = Text(
    "link a file of content/static/ from the site's root (/kepek/forum.jpg for "
    "content/static/kepek/forum.jpg), and a page by its .md file "
    "([a zárórendezvényről](../news/veszprem-zarorendezveny.md)); copy the file in if it is missing"
)


def _resolve(page_path: str, path: str, base_path: str) -> str | None:
    """The site-relative file an address names ("" for the site's root), or None if outside."""
    if not path:
        return page_path
    if path.startswith("/"):
        if not path.startswith(base_path):
            return None
        joined = path[len(base_path) :]
    else:
        joined = posixpath.join(posixpath.dirname(page_path), path)
    normal = posixpath.normpath(joined) if joined else "."
    if normal == ".":
        return ""
    if normal == ".." or normal.startswith(("../", "/")):
        return None
    return normal


def _fragment_problems(
    where: Where, address: str, target: str, fragment: str, site: SiteFiles
) -> Iterator[Finding]:
    if not fragment or fragment == "top":
        return
    ids = site.ids_of(target)
    if ids is not None and fragment not in ids:
        page = Text("this page") if target == where.path else target
        yield finding_at(
            where,
            address,
            Text(
                "the link '{address}' jumps to #{fragment}, but {page} has no element with that id",
                address=address,
                fragment=fragment,
                page=page,
            ),
            Text(
                "headings get their id from their text ('## Célcsoportok' → #celcsoportok); "
                "give one yourself with '## Heading {example}', or correct the link",
                example="{#my-id}",
            ),
        )
