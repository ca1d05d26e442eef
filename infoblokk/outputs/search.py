"""Site search: a Pagefind index of the built pages, made by every build.

Pagefind (pagefind.app) turns HTML pages into a static index of small files that its own script
(`pagefind/pagefind.js`, served from the site itself) searches in the browser, so search works
on any static host and asks no other host for anything. Its binary comes inside the
`pagefind-bin` wheel from PyPI; nothing is downloaded at build time.

What is indexed: the element marked `data-pagefind-body`, which the default theme puts on the
`<main>` of pages about one item (project, news item, page). Once any page has the mark, pages
without it (lists, the 404 page, the search page) are left out. Each page goes into the index
of its `<html lang>`; Pagefind stems the words of each language it knows (Hungarian, English
and Romanian among them), folds accents, so "felzarkozas" finds "felzárkózás", and matches the
last word of a query as a prefix ("esely" finds "esélyegyenlőségi").

The pages are handed over as bytes (those rendered now and, on an incremental build, those
kept from the last one, read from the output folder) to Pagefind's indexing service (see
`pagefind_service`), which reads the HTML itself, as its command line did: the same words,
weights, titles and excerpts. More than PART_PAGES pages are indexed in parts, each by a
service of its own, one at a time (SERVICES_AT_ONCE): a service holds about a quarter of a
megabyte per page until it answers (some 120 MB for a part of 500), and two at once made the
peak memory of a large site's build. With a cache folder, a part whose pages are byte for byte
those of the last build reuses that part's index instead (see `search_cache`). The index comes
back as `OutputFile` values under `pagefind/`: its file names are digests of their contents,
and the same pages give the same bytes, so the writer replaces only what a change touched.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from infoblokk import __version__
from infoblokk.errors import BuildFailed, Problem
from infoblokk.layout import CACHE_FOLDER, SEARCH_FOLDER
from infoblokk.messages import Text
from infoblokk.output import MadeFile, OutputFile, Spool, SpooledFile
from infoblokk.outputs.pagefind_service import indexed, pagefind_binary
from infoblokk.outputs.search_cache import (
    InOutput,
    SearchIndex,
    cache_file,
    cached_part,
    forget_parts_from,
    likely_key,
    name_key,
    store,
)
from infoblokk.outputs.search_threads import PartKeeper, at_once

INSTALL_HINT = Text("install it with: pip install pagefind-bin (or set PAGEFIND_BINARY_PATH to the binary)")
# Pagefind's ready-made interfaces: the theme has its own (assets/search.js), so these are left out.
UNUSED_FILES = frozenset(
    {
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind-modular-ui.js",
        "pagefind-modular-ui.css",
        "pagefind-component-ui.js",
        "pagefind-component-ui.css",
        "pagefind-highlight.js",
    }
)
PART_PAGES = 500  # pages per part of the index: an edit makes one part again, not all
PART_PAGES_VARIABLE = "INFOBLOKK_SEARCH_PART_PAGES"
SERVICES_AT_ONCE = 1  # Pagefind services indexing at the same time (see the module's docstring)
PARTS_FILE = "infoblokk-parts.json"  # in pagefind/: the folders of the other parts
BUNDLE_FOLDER = PurePosixPath(SEARCH_FOLDER)
MARKS_FILE = "marks.json"  # in the cache folder: which pages (by digest) mark their content
ENTRY_FILE = "pagefind-entry.json"  # the bundle's table of contents: versions, languages, hashes
_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)
_LANG_ATTRIBUTE = re.compile(rb"\slang\s*=", re.IGNORECASE)
MARK = b"data-pagefind-body"
_MARKED = re.compile(rb"<[a-z][^>]*\s" + MARK + rb"[\s=/>]", re.IGNORECASE)
# Ends of elements that break a line. Pagefind joins the text of `<dt>A</dt><dd>B</dd>` into
# one word "AB", so a project ID after its label could not be found; a space keeps them apart.
_BLOCK_END = re.compile(
    rb"</(?:address|article|aside|blockquote|caption|dd|div|dt|figcaption|footer|h[1-6]|header|li"
    rb"|nav|p|pre|section|summary|td|th|tr)\s*>|<br\s*/?>",
    re.IGNORECASE,
)


def search_cache_dir(site_dir: Path) -> Path:
    """Where the last search index is kept between builds, to be reused while no page changes."""
    return site_dir / CACHE_FOLDER / "search"


@dataclass(frozen=True, slots=True)  # without a dict each: the search index holds one a page
class KeptHtml:
    """A page on disk (kept as the last build wrote it, or rendered now and waiting in the
    spool), known by the digest of its file: read only if its part of the index is made again,
    or whether it marks its content is not known."""

    file: str  # its path on disk: a plain string, as thousands are made at once on every build
    digest: str  # sha256 of the file's bytes, hex

    def read(self) -> bytes:
        return Path(self.file).read_bytes()


Html = bytes | KeptHtml


def pages_for_search(
    files: Iterable[MadeFile],
    kept: Iterable[PurePosixPath],
    output_dir: Path,
    digests: Mapping[str, str] | None = None,
) -> Iterator[tuple[str, Html]]:
    """The HTML pages of a build: those rendered now (read from the spool only when needed),
    and those kept as the last build wrote them (by the digest recorded for them in
    `digests`, where there is one; else read)."""
    for file in files:
        if file.path.suffix != ".html":
            continue
        if isinstance(file, SpooledFile):
            yield str(file.path), KeptHtml(str(file.spooled), file.digest)
        else:
            yield str(file.path), file.content
    for path in kept:
        if path.suffix == ".html":
            recorded = (digests or {}).get(str(path))
            yield (
                str(path),
                KeptHtml(f"{output_dir}/{path}", recorded) if recorded else (output_dir / path).read_bytes(),
            )


def search_files(
    pages: Iterable[tuple[str, Html]],
    language: str,
    cache_dir: Path | None = None,
    *,
    cancel: threading.Event | None = None,
    part_pages: int = PART_PAGES,
) -> tuple[MadeFile, ...]:
    """The search index of these pages, as files under `pagefind/`, in a stable order.

    `pages` are (output path, HTML): `("projektek/zala/index.html", b"<!DOCTYPE html>…")`, or
    for a page kept as it was, a `KeptHtml` read only when needed.
    `language` is the site's: a page whose `<html>` names no language is indexed in it.
    `cache_dir` (see `search_cache_dir`) keeps the last index, reused for the same pages.
    Raises BuildFailed when the binary is missing or fails,
    BuildCancelled as soon as `cancel` is set while Pagefind works.

    More than `part_pages` pages are indexed in parts of about that many (see `_parts`): each
    part is a bundle of its own, made again only when one of its pages changed, and the search
    page merges them (`PARTS_FILE` names them).
    """
    return search_index_of(pages, language, cache_dir, cancel=cancel, part_pages=part_pages).files


def search_index_of(
    pages: Iterable[tuple[str, Html]],
    language: str,
    cache_dir: Path | None = None,
    in_output: InOutput | None = None,
    *,
    cancel: threading.Event | None = None,
    part_pages: int = PART_PAGES,
    spool: Spool | None = None,
) -> SearchIndex:
    """The index `search_files` makes; with `in_output`, a part reused from the cache whose
    files the output holds already, as they are in the cache, is kept there, not read. With a
    `spool`, each part's files wait there as soon as the part is made, not in memory (a large
    site's index is tens of megabytes)."""
    given = sorted(dict((_inside(path), html) for path, html in pages).items())
    if not given:
        return SearchIndex(())
    binary = pagefind_binary()
    if binary is None:
        missing = Problem(Text("the site search cannot be built: Pagefind is missing"), hint=INSTALL_HINT)
        raise BuildFailed((missing,))
    # Where some page marks its content, Pagefind reads only the marked pages: the rest need not
    # be sent (nor make the index stale when they change).
    marks = _known_marks(cache_dir)
    marked = {path: _is_marked(html, marks) for path, html in given}
    if cache_dir:
        _keep_marks(cache_dir, marks, {_digest(html): marked[path] for path, html in given})
    chosen = [(path, html) for path, html in given if marked[path]] or given
    parts = _parts(chosen, part_pages)
    bundles = _part_indexes(binary, parts, language, cache_dir, cancel, in_output, spool)
    if cache_dir:
        forget_parts_from(cache_dir, len(parts))
    files = [file for bundle in bundles for file in bundle.files]
    kept = sorted(path for bundle in bundles for path in bundle.kept)
    return SearchIndex(
        tuple(sorted([*files, _parts_file(len(parts))], key=lambda file: file.path)), tuple(kept)
    )


def search_part_pages() -> int:
    """`INFOBLOKK_SEARCH_PART_PAGES` if set to a number, else PART_PAGES."""
    chosen = os.environ.get(PART_PAGES_VARIABLE, "").strip()
    return int(chosen) if chosen.isdigit() and int(chosen) > 0 else PART_PAGES


def _parts(pages: list[tuple[str, Html]], part_pages: int) -> list[list[tuple[str, Html]]]:
    """The pages in parts of about `part_pages`; which part a page is in follows from its path
    alone, so an edit changes one part and a new page one part (until the count of parts grows)."""
    count = max(1, -(-len(pages) // part_pages))
    if count == 1:
        return [pages]
    parts: list[list[tuple[str, Html]]] = [[] for _ in range(count)]
    for path, html in pages:
        parts[int(hashlib.sha256(path.encode("utf-8")).hexdigest()[:8], 16) % count].append((path, html))
    return [part for part in parts if part]


def _part_folder(number: int) -> PurePosixPath:
    """The first part is the site's bundle, `pagefind/`; the others are beside its files."""
    return BUNDLE_FOLDER / f"part-{number}" if number else BUNDLE_FOLDER


def _parts_file(count: int) -> OutputFile:
    """The other parts' folders, relative to `pagefind/`, for the search page to merge."""
    others = [f"{_part_folder(number).name}/" for number in range(1, count)]
    return OutputFile(PurePosixPath(SEARCH_FOLDER, PARTS_FILE), json.dumps({"parts": others}).encode("utf-8"))


def _part_indexes(
    binary: Path,
    parts: list[list[tuple[str, Html]]],
    language: str,
    cache_dir: Path | None,
    cancel: threading.Event | None,
    in_output: InOutput | None = None,
    spool: Spool | None = None,
) -> list[SearchIndex]:
    """Each part's bundle, in the parts' order: as cached where its pages are byte for byte
    those it was made from (kept in the output, with `in_output`, where it is there as
    cached), else made by Pagefind, SERVICES_AT_ONCE parts at a time.

    A part made is kept (in the cache and the spool) on a thread of its own while the next
    part's service works: Pagefind is the phase's work, and it need not wait for ours. For the
    same reason the parts whose cache says (`likely_key`) they are there are read while the
    others are made; one that turns out damaged is made after them."""
    keys = [_key(part, language, binary) for part in parts]
    likely = [
        cache_dir is not None and likely_key(cache_dir, cache_file(n)) == key for n, key in enumerate(keys)
    ]
    look = functools.partial(_cached, cache_dir, keys, in_output)
    cached = [None if hit else look(number) for number, hit in enumerate(likely)]  # no key file says so
    if cache_dir is not None:
        for number in (n for n, bundle in enumerate(cached) if bundle is not None):
            name_key(cache_dir, cache_file(number), keys[number])  # known at once from now on
    missing = [number for number, bundle in enumerate(cached) if bundle is None and not likely[number]]
    with PartKeeper(functools.partial(_kept_part, cache_dir, spool), aside=len(missing) > 1) as keeper:
        tasks = [
            functools.partial(_part_index, binary, number, parts[number], language, keys[number], keeper)
            for number in range(len(parts))
        ]
        # the parts to make are made while the others are read
        with ThreadPoolExecutor(max_workers=1) as pool:
            making = pool.submit(at_once, [tasks[number] for number in missing], cancel, SERVICES_AT_ONCE)
            cached = [look(number) if likely[number] else bundle for number, bundle in enumerate(cached)]
            made = dict(zip(missing, making.result(), strict=True))
        damaged = [number for number, hit in enumerate(likely) if hit and cached[number] is None]
        made.update(zip(damaged, at_once([tasks[n] for n in damaged], cancel, SERVICES_AT_ONCE), strict=True))
    for number, kept in made.items():
        cached[number] = SearchIndex(kept.result())
    return [_spooled(bundle, spool) for bundle in cached if bundle is not None]


def _cached(
    cache_dir: Path | None, keys: list[str], in_output: InOutput | None, number: int
) -> SearchIndex | None:
    """The part numbered `number` as cached under its key, if it is (see `cached_part`)."""
    return cached_part(cache_dir, keys[number], cache_file(number), in_output) if cache_dir else None


def _kept_part(
    cache_dir: Path | None, spool: Spool | None, number: int, key: str, files: tuple[OutputFile, ...]
) -> tuple[MadeFile, ...]:
    """A part made now, kept in the cache under `key` (a build cancelled later keeps it), and
    its files in the `spool`."""
    if cache_dir:
        store(cache_dir, key, files, cache_file(number))
    return tuple(spool.keep(file.path, file.content) for file in files) if spool is not None else files


def _spooled(bundle: SearchIndex, spool: Spool | None) -> SearchIndex:
    """The bundle with its files in the spool, if there is one (those of the parts made now are)."""
    if spool is None:
        return bundle
    files = tuple(spool.keep(f.path, f.content) if isinstance(f, OutputFile) else f for f in bundle.files)
    return dataclasses.replace(bundle, files=files)


def _part_index(
    binary: Path,
    number: int,
    pages: list[tuple[str, Html]],
    language: str,
    key: str,
    keeper: PartKeeper,
    stops: Sequence[threading.Event],
) -> Future[tuple[MadeFile, ...]]:
    """One part's bundle as Pagefind makes it, under the part's folder, in path order, given
    to the `keeper` (whose future gives its files as kept)."""
    folder = _part_folder(number)
    files = tuple(
        OutputFile(folder / path, _stable(path.name, content))
        for path, content in indexed(binary, _for_pagefind(pages, language), stops)
        if path.name not in UNUSED_FILES
    )
    return keeper.keep(number, key, files)


def _for_pagefind(pages: Iterable[tuple[str, Html]], language: str) -> Iterator[tuple[str, str]]:
    """(URL, HTML) as the service reads them; kept pages read only now, as they are sent."""
    for path, html in pages:
        content = _prepared(html.read() if isinstance(html, KeptHtml) else html, language)
        yield f"/{path}", content.decode("utf-8", errors="replace")  # as the site links it, with index.html


def indexed_languages(files: Iterable[OutputFile]) -> dict[str, int]:
    """Pages indexed per language, as the parts' `pagefind-entry.json` files record them."""
    counted: dict[str, int] = {}
    for entry in (f for f in files if f.path.name == ENTRY_FILE):
        for name, facts in json.loads(entry.content)["languages"].items():
            counted[name] = counted.get(name, 0) + int(facts["page_count"])
    return dict(sorted(counted.items()))


def _digest(html: Html) -> str:
    return html.digest if isinstance(html, KeptHtml) else hashlib.sha256(html).hexdigest()


def _is_marked(html: Html, known: Mapping[str, bool]) -> bool:
    """Whether the page marks its content; for a kept page as the last build found, if it did."""
    if isinstance(html, KeptHtml):
        found = known.get(html.digest)
        return _marked(html.read()) if found is None else found
    return _marked(html)


def _known_marks(cache_dir: Path | None) -> dict[str, bool]:
    """Which pages (by digest) marked their content, as the last index found; {} if unknown."""
    try:
        marks = json.loads((cache_dir / MARKS_FILE).read_bytes()) if cache_dir else {}
    except (OSError, ValueError):
        return {}
    valid = isinstance(marks, dict) and all(isinstance(v, bool) for v in marks.values())
    return marks if valid else {}


def _keep_marks(cache_dir: Path, known: Mapping[str, bool], marks: Mapping[str, bool]) -> None:
    if dict(known) == dict(marks):
        return
    with contextlib.suppress(OSError):
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = cache_dir / f"{MARKS_FILE}.tmp"
        temporary.write_text(json.dumps(marks), encoding="utf-8")
        temporary.replace(cache_dir / MARKS_FILE)


def _marked(html: bytes) -> bool:
    """Whether the page marks the content Pagefind should read. Looked for first from the tag
    around the mark as written (a match can start no earlier than the last `>` before it), then
    in any case as plain text, which takes a third of the time where it is missing."""
    written = html.find(MARK)
    if written >= 0 and _MARKED.search(html, html.rfind(b">", 0, written) + 1):
        return True
    return MARK in html.lower() and _MARKED.search(html) is not None


def _inside(path: str) -> str:
    """A page's path, as written in the site (`a/b.html`), refused if it would lead outside it."""
    if "//" not in path and "/./" not in path and not path.startswith("./") and not path.endswith("/"):
        parts = path.split("/")  # the usual, already plain path: no need of a PurePosixPath
        if path and not path.startswith("/") and ".." not in parts and parts[-1] != ".":
            return path
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ValueError(f"not a path inside the site: {path!r}")
    return str(relative)


def _stable(name: str, content: bytes) -> bytes:
    """A bundle file's bytes; the entry file with its keys sorted (Pagefind writes its languages
    in a different order from run to run, which would change the file on every build)."""
    if name != ENTRY_FILE:
        return content
    entry = json.loads(content)
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _key(pages: list[tuple[str, Html]], language: str, binary: Path) -> str:
    """What an index is made from: the pages, the language, this infoblokk, that binary."""
    status = binary.stat()
    whole = hashlib.sha256(f"{__version__}\n{language}\n{status.st_size}:{status.st_mtime_ns}\n".encode())
    for path, html in pages:
        whole.update(f"{path}\n{_digest(html)}\n".encode())
    return whole.hexdigest()


def _prepared(html: bytes, language: str) -> bytes:
    """The page as Pagefind should read it: words of neighbouring blocks kept apart, and
    `lang` on `<html>` if the page has none. The published page itself is not changed."""
    html = _BLOCK_END.sub(lambda end: end.group() + b" ", html)
    tag = _HTML_TAG.search(html)
    if tag is None or _LANG_ATTRIBUTE.search(tag.group()):
        return html
    opened = tag.group()
    named = opened[:5] + b' lang="' + language.encode("ascii") + b'"' + opened[5:]
    return html[: tag.start()] + named + html[tag.end() :]
