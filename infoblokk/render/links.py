"""Links written in Markdown bodies, made to work wherever the site is hosted.

Authors may link to another content file by its path (`[Zala](zala-felzarkozas.md)`,
`[hír](../news/zarorendezveny.md#program)`) or to a file of the site from its root
(`![fotó](/kepek/forum.jpg)`). Both become relative links to the built page or file, so the
output keeps working under a sub-path and from the file system. A link to a content file that
does not exist, an image that is no file of the site, and a path on the author's computer
(`C:\\Users\\…\\kep.jpg`, backslashes) are errors with the file and line of the link, quoting
the address as it was written.

Links are the `href` and `src` attributes of any tag, however quoted (raw HTML in a body may
write `href='…'`); they are read and rewritten in place by `infoblokk.render.html`.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import NamedTuple, TypeVar
from urllib.parse import unquote, urlsplit

from infoblokk.content.sources import SourceFile
from infoblokk.errors import Problem
from infoblokk.messages import Text
from infoblokk.render.html import find_attributes, find_tags, replace_spans
from infoblokk.render.urls import relative_link

LINK_ATTRIBUTES = frozenset({"href", "src"})
HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


LOCAL_PATH = re.compile(r"^(?:[a-zA-Z]:[\\/]|file:)")
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".avif"})


class Rewritten(NamedTuple):
    """A body's links rewritten, with what the rewrite relied on: the content files it named
    (normalized path → the URL found for it) and the static files it showed."""

    html: str
    problems: tuple[Problem, ...]
    replacements: tuple[tuple[tuple[int, int], str], ...]
    sources: tuple[tuple[str, str], ...]
    images: tuple[str, ...]
    climb: int = 0  # the most folders above its file's folder a link to a content file goes up


def rewrite_links(
    html: str,
    source: SourceFile,
    page_url: str,
    url_of_source: Mapping[Path, str],
    site_files: Collection[str] | None = None,
) -> tuple[str, tuple[Problem, ...]]:
    """The body HTML with content-file and root links made relative, and any broken ones.

    With `site_files` (the site-relative paths of the static files published), an image that
    names none of them is a problem too.
    """
    rewritten = rewrite_recorded(html, source, page_url, url_of_source, site_files)
    return rewritten.html, rewritten.problems


def rewrite_recorded(
    html: str,
    source: SourceFile,
    page_url: str,
    url_of_source: Mapping[Path, str],
    site_files: Collection[str] | None = None,
) -> Rewritten:
    """As `rewrite_links`, also saying what the result follows from (to reuse it while that holds)."""
    problems: list[Problem] = []
    images: tuple[str, ...] = ()
    if site_files is not None:
        shown = _image_sources(html)
        images = tuple(_site_path(src, page_url) for src in shown)
        problems.extend(
            _missing_image(src, target, source, site_files)
            for src, target in zip(shown, images, strict=True)
            if target not in site_files
        )
    replacements: list[tuple[tuple[int, int], str]] = []
    sources: list[tuple[str, str]] = []
    climb = 0
    for link in find_attributes(html, LINK_ATTRIBUTES):
        if LOCAL_PATH.match(link.value) or "\\" in link.value:
            problems.append(_local_path(link.value, source))
            continue
        count = len(sources)
        target = _rewritten(link.value, source, page_url, url_of_source, sources)
        if target is None:
            problems.append(_broken(link.value, source))
        elif target != link.value:
            replacements.append((link.span, link.quoted(target)))
        if len(sources) > count:  # a link to a content file
            climb = max(climb, folders_up(link.value))
    return Rewritten(
        replace_spans(html, replacements), tuple(problems), tuple(replacements), tuple(sources), images, climb
    )


def folders_up(target: str) -> int:
    """How many folders above the folder it is written in a relative path goes up, at most
    (`../../x.md`: 2; `a/../x.md`: 0)."""
    parts = posixpath.normpath(target.partition("#")[0]).split("/")
    return next((index for index, part in enumerate(parts) if part != ".."), len(parts))


def _rewritten(
    target: str,
    source: SourceFile,
    page_url: str,
    url_of_source: Mapping[Path, str],
    named: list[tuple[str, str]],
) -> str | None:
    """The address `target` becomes on the page (None: no such content file); each content
    file it names is added to `named` with its URL."""
    if HAS_SCHEME.match(target) or target.startswith(("//", "#")) or not target:
        return target
    if target.startswith("/"):
        return relative_link(page_url, target.lstrip("/"))
    path_part, _, fragment = target.partition("#")
    if not path_part.endswith(".md"):
        return target
    linked = normalized(source.source_path.parent / path_part)
    url = url_of_source.get(linked)
    if url is None:
        return None
    named.append((str(linked), url))
    return relative_link(page_url, f"{url}#{fragment}" if fragment else url)


def normalized(path: Path) -> Path:
    """A path with `..` and `.` folded away, without asking the file system (fast for many)."""
    return Path(os.path.normpath(os.path.abspath(path)))


def _image_sources(html: str) -> list[str]:
    """The addresses of the body's images that name a file of this site."""
    sources = []
    for tag in find_tags(html, {"img"}):
        src = tag.values().get("src", "").strip()
        if not src or HAS_SCHEME.match(src) or src.startswith("//") or "\\" in src:
            continue  # another site, a data: image, or a path of the author's computer (reported)
        sources.append(src)
    return sources


def _site_path(src: str, page_url: str) -> str:
    """The site-relative file an image address names, resolved from the page as a browser would."""
    path = unquote(urlsplit(src).path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(page_url, path)
    return posixpath.normpath(joined).lstrip("/")


def _missing_image(src: str, target: str, source: SourceFile, site_files: Collection[str]) -> Problem:
    name = PurePosixPath(target).name
    same_name = sorted(path for path in site_files if PurePosixPath(path).name == name)
    if same_name:
        hint = Text("write its address from the site's root: /{path}", path=same_name[0])
    elif src.startswith("/"):
        hint = Text(
            "copy the image to content/static/{target}, or correct the name (capitals count)", target=target
        )
    else:
        hint = Text(
            "copy the image into content/static/ and link it from the site's root, as "
            "![what it shows](/kepek/forum.jpg) for content/static/kepek/forum.jpg"
        )
    if src.startswith("/"):
        message = Text("the image '{src}' is not a file of the site", src=src)
    else:
        message = Text(
            "the image '{src}' is not a file of the site: without a '/' in front it is looked for "
            "beside the page, as {target}",
            src=src,
            target=target,
        )
    return Problem(message, source.source_path, line_in_body(source, src), hint)


def _local_path(address: str, source: SourceFile) -> Problem:
    name = re.split(r"[\\/]", address.rstrip("\\/"))[-1] or "kep.jpg"
    if LOCAL_PATH.match(address):
        folder = "kepek/" if PurePosixPath(name).suffix.lower() in IMAGE_SUFFIXES else ""
        message = Text("'{address}' is a file on your computer, not an address of the site", address=address)
        hint = Text(
            "copy the file into content/static/{folder} and write its address from the site's root: "
            "/{folder}{name}",
            folder=folder,
            name=name,
        )
    else:
        message = Text(
            "the address '{address}' has backslashes (\\); web addresses use forward slashes", address=address
        )
        forward = address.replace("\\", "/").lstrip("/")
        hint = Text("write it from the site's root with forward slashes: /{path}", path=forward)
    return Problem(
        message, source.source_path, line_in_body(source, address) or line_in_body(source, name), hint
    )


def line_in_body(source: SourceFile, text: str) -> int | None:
    """The line of the file where the body first shows `text` (a link's target, an image's
    file name), for the message about it; None if it does not show it."""
    offset = source.body.find(text)
    return source.body_line + source.body[:offset].count("\n") - 1 if offset >= 0 and text else None


def _broken(target: str, source: SourceFile) -> Problem:
    line = line_in_body(source, target.partition("#")[0])
    return Problem(
        Text("the link '{target}' points to no published content file", target=target),
        source.source_path,
        line,
        Text("check the file name and folder (relative to this file), or whether the file is a draft"),
    )


Value = TypeVar("Value")


class ByPath(Mapping[Path, Value]):
    """Values by file, found by the file's normalized path (see `normalized`).

    Only the files of the name asked for are normalized, when asked: normalizing every path of
    a large site to look up a few links would cost more than rewriting them."""

    def __init__(self, pairs: Iterable[tuple[Path, Value]]) -> None:
        self._by_name: dict[str, list[tuple[Path, Value]]] = {}
        for path, value in pairs:
            self._by_name.setdefault(path.name, []).append((path, value))

    def __getitem__(self, path: Path) -> Value:
        wanted = normalized(path)
        for candidate, value in self._by_name.get(path.name, ()):
            if normalized(candidate) == wanted:
                return value
        raise KeyError(path)

    def __iter__(self) -> Iterator[Path]:
        return (normalized(path) for pairs in self._by_name.values() for path, _ in pairs)

    def __len__(self) -> int:
        return sum(len(pairs) for pairs in self._by_name.values())
