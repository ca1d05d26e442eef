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
kept from the last one, read from the output folder), written to a scratch folder and indexed
by one run of the Pagefind binary: about 1 s for 1,000 project pages. With a cache folder, a
build whose indexed pages are byte for byte those of the last one reuses that index instead.
Pagefind's own Python API is not used: it exchanges one message per page with the binary and
waits 0.1 s between messages, about 100 s for 1,000 pages. The index comes back as
`OutputFile` values under `pagefind/`: its file names are digests of their contents, and the
same pages give the same bytes, so the writer replaces only what a change touched.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from infoblokk import __version__
from infoblokk.errors import BuildFailed, Problem
from infoblokk.layout import CACHE_FOLDER, SEARCH_FOLDER
from infoblokk.output import OutputFile

BINARY_VARIABLE = "PAGEFIND_BINARY_PATH"  # the variable Pagefind's own wrappers read too
INSTALL_HINT = "install it with: pip install pagefind-bin (or set PAGEFIND_BINARY_PATH to the binary)"
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
TIMEOUT_SECONDS = 600
CACHE_FILE = "index.zip"  # in the cache folder: the last index, and the key it was made from
CACHE_KEY_MEMBER = "key"
ENTRY_FILE = "pagefind-entry.json"  # the bundle's table of contents: versions, languages, hashes
_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)
_LANG_ATTRIBUTE = re.compile(rb"\slang\s*=", re.IGNORECASE)
_MARKED = re.compile(rb"<[a-z][^>]*\sdata-pagefind-body[\s=/>]", re.IGNORECASE)
# Ends of elements that break a line. Pagefind joins the text of `<dt>A</dt><dd>B</dd>` into
# one word "AB", so a project ID after its label could not be found; a space keeps them apart.
_BLOCK_END = re.compile(
    rb"</(?:address|article|aside|blockquote|caption|dd|div|dt|figcaption|footer|h[1-6]|header|li"
    rb"|nav|p|pre|section|summary|td|th|tr)\s*>|<br\s*/?>",
    re.IGNORECASE,
)


def pagefind_binary() -> Path | None:
    """The Pagefind binary: PAGEFIND_BINARY_PATH if set, else the pagefind-bin wheel's, else PATH's."""
    chosen = os.environ.get(BINARY_VARIABLE)
    if chosen:
        return Path(chosen) if Path(chosen).is_file() else None
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            found = importlib.import_module(module).get_executable()
        except (ImportError, OSError):
            continue
        return Path(found)
    on_path = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(on_path) if on_path else None


def search_cache_dir(site_dir: Path) -> Path:
    """Where the last search index is kept between builds, to be reused while no page changes."""
    return site_dir / CACHE_FOLDER / "search"


def pagefind_version(binary: Path | None = None) -> str | None:
    """`1.5.2`, or None without a working binary."""
    binary = binary or pagefind_binary()
    if binary is None:
        return None
    try:
        done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    words = done.stdout.split()
    return words[-1] if done.returncode == 0 and words else None


def pages_for_search(
    files: Iterable[OutputFile], kept: Iterable[PurePosixPath], output_dir: Path
) -> Iterator[tuple[str, bytes]]:
    """The HTML pages of a build: those rendered now, and those kept as the last build wrote them."""
    for file in files:
        if file.path.suffix == ".html":
            yield str(file.path), file.content
    for path in kept:
        if path.suffix == ".html":
            yield str(path), (output_dir / path).read_bytes()


def search_files(
    pages: Iterable[tuple[str, bytes]],
    language: str,
    cache_dir: Path | None = None,
    *,
    stale_ok: bool = False,
) -> tuple[OutputFile, ...]:
    """The search index of these pages, as files under `pagefind/`, in a stable order.

    `pages` are (output path, HTML): `("projektek/zala/index.html", b"<!DOCTYPE html>…")`.
    `language` is the site's: a page whose `<html>` names no language is indexed in it.
    `cache_dir` (see `search_cache_dir`) keeps the last index, reused for the same pages;
    with `stale_ok`, reused whatever the pages are now (for quick rebuilds while writing:
    the pages are then not even read). Raises BuildFailed when the binary is missing or fails.
    """
    if cache_dir and stale_ok:
        kept = _cached(cache_dir, None)
        if kept is not None:
            return kept
    given = sorted(dict((str(_inside(path)), html) for path, html in pages).items())
    if not given:
        return ()
    binary = pagefind_binary()
    if binary is None:
        missing = Problem("the site search cannot be built: Pagefind is missing", hint=INSTALL_HINT)
        raise BuildFailed((missing,))
    # Where some page marks its content, Pagefind reads only the marked pages: the rest need not
    # be written out (nor make the index stale when they change).
    chosen = [(path, html) for path, html in given if _MARKED.search(html)] or given
    key = _key(chosen, language, binary)
    cached = _cached(cache_dir, key) if cache_dir else None
    if cached is not None:
        return cached
    with tempfile.TemporaryDirectory(prefix="infoblokk-search-") as scratch:
        site, bundle = Path(scratch) / "site", Path(scratch) / "bundle"
        folders: set[Path] = set()
        for path, html in chosen:
            destination = site / path
            if destination.parent not in folders:
                destination.parent.mkdir(parents=True, exist_ok=True)
                folders.add(destination.parent)
            destination.write_bytes(_prepared(html, language))
        _run(binary, site, bundle)
        files = tuple(
            OutputFile(PurePosixPath(SEARCH_FOLDER, path.relative_to(bundle).as_posix()), _stable(path))
            for path in sorted(bundle.rglob("*"))
            if path.is_file() and path.name not in UNUSED_FILES
        )
    if cache_dir:
        _store(cache_dir, key, files)
    return files


def indexed_languages(files: Iterable[OutputFile]) -> dict[str, int]:
    """Pages indexed per language, as the bundle's `pagefind-entry.json` records them."""
    entry = next(f for f in files if f.path == PurePosixPath(SEARCH_FOLDER, ENTRY_FILE))
    languages = json.loads(entry.content)["languages"]
    return {name: int(facts["page_count"]) for name, facts in sorted(languages.items())}


def _inside(path: str) -> PurePosixPath:
    """A page's path, refused if it would land outside the scratch folder."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ValueError(f"not a path inside the site: {path!r}")
    return relative


def _stable(path: Path) -> bytes:
    """A bundle file's bytes; the entry file with its keys sorted (Pagefind writes its languages
    in a different order from run to run, which would change the file on every build)."""
    content = path.read_bytes()
    if path.name != ENTRY_FILE:
        return content
    entry = json.loads(content)
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _key(pages: list[tuple[str, bytes]], language: str, binary: Path) -> str:
    """What an index is made from: the pages, the language, this infoblokk, that binary."""
    status = binary.stat()
    whole = hashlib.sha256(f"{__version__}\n{language}\n{status.st_size}:{status.st_mtime_ns}\n".encode())
    for path, html in pages:
        whole.update(f"{path}\n{hashlib.sha256(html).hexdigest()}\n".encode())
    return whole.hexdigest()


def _cached(cache_dir: Path, key: str | None) -> tuple[OutputFile, ...] | None:
    """The index kept in the cache if it was made from the same input (from any, with `key`
    None) and reads back intact (zip checks every member's CRC); else None."""
    try:
        with zipfile.ZipFile(cache_dir / CACHE_FILE) as archive:
            if key is not None and archive.read(CACHE_KEY_MEMBER).decode("ascii") != key:
                return None
            names = sorted(name for name in archive.namelist() if name != CACHE_KEY_MEMBER)
            return tuple(OutputFile(PurePosixPath(name), archive.read(name)) for name in names)
    except (OSError, KeyError, UnicodeDecodeError, zipfile.BadZipFile):
        return None


def _store(cache_dir: Path, key: str, files: tuple[OutputFile, ...]) -> None:
    """Keep this index (only the latest) in one file, which replaces the last one whole."""
    temporary = cache_dir / f".{CACHE_FILE}.tmp"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_STORED) as archive:  # Pagefind's files are gzip
            archive.writestr(_member(CACHE_KEY_MEMBER), key)
            for file in files:
                archive.writestr(_member(str(file.path)), file.content)
        os.replace(temporary, cache_dir / CACHE_FILE)
    except OSError:
        temporary.unlink(missing_ok=True)  # a cache that cannot be written only costs time


def _member(name: str) -> zipfile.ZipInfo:
    return zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))


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


def _run(binary: Path, site: Path, bundle: Path) -> None:
    command = [str(binary), "--site", str(site), "--output-path", str(bundle), "--keep-index-url", "--silent"]
    try:
        done = subprocess.run(
            command, cwd=site.parent, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BuildFailed((_failed(str(error)),)) from None
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        raise BuildFailed((_failed((done.stderr or done.stdout).strip() or f"exit code {done.returncode}"),))


def _failed(detail: str) -> Problem:
    return Problem(
        f"the site search could not be built: Pagefind said: {detail}",
        hint="this is a problem of infoblokk or of Pagefind, not of the site: please report it",
    )
