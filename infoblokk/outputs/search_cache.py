"""The search index's cache: each part of the index kept in a zip file of its own.

`.infoblokk-cache/search/index.zip` (the first part) and `index-N.zip` (the others) each hold
a part's files, the key it was made from (`search._key`: its pages, the language, infoblokk's
version, the Pagefind binary) and the digest of each of its files; `index.zip.key` beside it
says the key too, so that the parts to make are known at once (`likely_key`). A part whose key is the
one a build asks for is reused instead of made again; where the output already holds every one
of its files as cached (known by those digests), it is not even read. A zip checks every
member's CRC, so a damaged part reads as missing and is made again; a cache that cannot be
written only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from infoblokk.output import MadeFile, OutputFile

CACHE_FILE = "index.zip"  # in the cache folder: the last index, and the key it was made from
CACHE_KEY_MEMBER = "key"
DIGESTS_MEMBER = "digests.json"  # in each cached part: its files' sha256, to know them without reading


@dataclass(frozen=True)
class SearchIndex:
    """The search index: files to write, and files the output holds already as they should be."""

    files: tuple[MadeFile, ...]  # in memory, or in the build's spool
    kept: tuple[PurePosixPath, ...] = ()


InOutput = Callable[[str, str], bool]
"""Whether the output folder holds the file at this path with this digest (sha256, hex), as the
last build wrote it."""


def cache_file(number: int) -> str:
    return f"index-{number}.zip" if number else CACHE_FILE


def forget_parts_from(cache_dir: Path, count: int) -> None:
    """Parts the index no longer has (it has fewer now) leave the cache."""
    for kept in cache_dir.glob("index-*.zip"):
        number = kept.stem.removeprefix("index-")
        if number.isdigit() and int(number) >= count:
            kept.unlink(missing_ok=True)
            _key_file(cache_dir, kept.name).unlink(missing_ok=True)


def likely_key(cache_dir: Path, name: str) -> str | None:
    """The key the part kept under `name` was made from, as the small file beside it says:
    known without opening the part (a build asks before Pagefind may start), but only likely,
    as the part itself is what `cached_part` checks. None if there is no such file."""
    try:
        return _key_file(cache_dir, name).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None


def name_key(cache_dir: Path, name: str, key: str) -> None:
    """Say beside the part kept under `name` that `key` is its key (found in the part itself)."""
    temporary = cache_dir / f".{name}.key.tmp"
    try:
        temporary.write_text(key, encoding="ascii")
        os.replace(temporary, _key_file(cache_dir, name))
    except OSError:
        temporary.unlink(missing_ok=True)  # a cache that cannot be written only costs time


def _key_file(cache_dir: Path, name: str) -> Path:
    return cache_dir / f"{name}.key"


def members(archive: zipfile.ZipFile) -> tuple[OutputFile, ...]:
    names = sorted(name for name in archive.namelist() if name not in (CACHE_KEY_MEMBER, DIGESTS_MEMBER))
    return tuple(OutputFile(PurePosixPath(name), archive.read(name)) for name in names)


def cached_part(cache_dir: Path, key: str, name: str, in_output: InOutput | None) -> SearchIndex | None:
    """A part kept in the cache under `key`: its files' paths if the output holds every one of
    them as cached (known by the digests kept beside them, so none is read), else its files;
    None if the cache has no such part, or it does not read back intact."""
    try:
        with zipfile.ZipFile(cache_dir / name) as archive:
            if archive.read(CACHE_KEY_MEMBER).decode("ascii") != key:
                return None
            digests = _digests(archive) if in_output is not None else None
            if in_output is not None and digests and all(in_output(p, d) for p, d in digests.items()):
                return SearchIndex((), tuple(PurePosixPath(path) for path in sorted(digests)))
            files = members(archive)
    except (OSError, KeyError, UnicodeDecodeError, zipfile.BadZipFile):
        return None
    if in_output is not None and digests is None:  # kept by an earlier infoblokk: with them from now on
        store(cache_dir, key, files, name)
    return SearchIndex(files)


def _digests(archive: zipfile.ZipFile) -> dict[str, str] | None:
    """The digests of a cached part's files, by path; None if it has none, or not of them all."""
    try:
        digests = json.loads(archive.read(DIGESTS_MEMBER))
    except (KeyError, ValueError):
        return None
    names = {name for name in archive.namelist() if name not in (CACHE_KEY_MEMBER, DIGESTS_MEMBER)}
    if not isinstance(digests, dict) or set(digests) != names:
        return None
    if not all(isinstance(digest, str) for digest in digests.values()):
        return None
    return digests


def store(cache_dir: Path, key: str, files: tuple[OutputFile, ...], name: str = CACHE_FILE) -> None:
    """Keep this index (only the latest) in one file, which replaces the last one whole, with
    the digest of each of its files."""
    temporary = cache_dir / f".{name}.tmp"
    digests = {str(file.path): hashlib.sha256(file.content).hexdigest() for file in files}
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_STORED) as archive:  # Pagefind's files are gzip
            archive.writestr(_member(CACHE_KEY_MEMBER), key)
            archive.writestr(_member(DIGESTS_MEMBER), json.dumps(digests, sort_keys=True))
            for file in files:
                archive.writestr(_member(str(file.path)), file.content)
        os.replace(temporary, cache_dir / name)
    except OSError:
        temporary.unlink(missing_ok=True)  # a cache that cannot be written only costs time
        return
    name_key(cache_dir, name, key)


def _member(name: str) -> zipfile.ZipInfo:
    return zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
