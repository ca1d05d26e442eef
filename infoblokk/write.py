"""The last stage: the output folder becomes the new site in one step, or stays the old one.

Everything is rendered before this stage starts (in memory, or the pages waiting in the
cache's spool), so a build that fails never reaches it. Then:

1. **Only infoblokk's own output is replaced.** The output folder carries a mark
   (`OUTPUT_MARK`); a folder without it is taken only if it is empty (or was made by an
   earlier infoblokk, which did not mark it). A file, a link or someone else's folder at
   that place stops the build with a message that names it.
2. **The next generation is prepared beside the site, in the cache.** A file whose bytes did
   not change is a hard link to the current one (same bytes, same modification time, so a
   host that syncs by size and time copies only what changed); the others are written anew,
   always as new files. Every path is checked to stay inside the folder, whatever a slug or
   a template says.
3. **It is swapped in whole**: in one step where the system can (Linux), else with two
   renames, where a build that finds the output missing first puts the retired one back. A
   kill at any moment leaves the old site or the new one, never a mix. The old generation
   stays in the cache as the base of the next one: most of its files are links to the new
   site's already, so the next build links or writes only what is not (deleting and linking
   every file again took seconds on a large site). Nothing found there is trusted but a
   plain file that is the current site's own file under the same name: links, other files
   and folders are removed before anything is made, and nothing is written into a file that
   was there. What cannot be removed is moved into the cache's `discarded/` folder and
   deleted there by a background thread.
4. **A build with nothing to change writes nothing** and swaps nothing.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import stat
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from infoblokk.errors import BuildFailed, Problem
from infoblokk.messages import Text
from infoblokk.output import MadeFile, SpooledFile, StaticCopy, remove_path, write_failed
from infoblokk.render.incremental import FileRecord
from infoblokk.swap import (
    NEXT_FOLDER,
    delete_generation,
    discard_leftovers,
    keep_as_base,
    recover_interrupted_swap,
    set_aside,
    swap_in,
)

OUTPUT_MARK = ".infoblokk-output"
MARK_TEXT = "This folder is made by infoblokk: every build replaces everything in it.\n"


@dataclass(frozen=True)
class WriteOutcome:
    written: int  # files created or replaced
    removed: int  # files deleted because the site no longer has them
    records: Mapping[str, FileRecord]  # every output file as it now is
    discarding: threading.Thread | None = field(default=None, repr=False)  # deleting the old site
    # every file and folder of a new site (by relative path) as it was made; None if none was
    listing: Mapping[str, os.stat_result] | None = field(default=None, repr=False)

    def wait_for_discarding(self) -> None:
        """Until the old generation is deleted (nothing needs to wait for it but tests)."""
        if self.discarding is not None:
            self.discarding.join()


@dataclass(frozen=True)
class _Entry:
    """One file of the next generation: where it goes and how it gets there."""

    path: PurePosixPath
    signature: str  # the content's digest, or a static file's size and time
    content: bytes | None = None  # a generated file
    source: Path | None = None  # a static file to copy
    spooled: Path | None = None  # a generated file waiting in the spool, to be moved into place


def write_site(
    output_dir: Path,
    files: Iterable[MadeFile],
    copies: Iterable[StaticCopy],
    work_dir: Path,
    kept: Iterable[PurePosixPath] = (),
    previous: Mapping[str, FileRecord] | None = None,
    seen: OutputScan | None = None,
) -> WriteOutcome:
    """Make `output_dir` hold exactly these files, in one step (`kept` ones are there already).

    `work_dir` is where the next generation is prepared (the site's cache); it must be on the
    same drive as the output folder. `seen` is what the output held when the build started,
    if the caller looked: it is read again only where the answer could be "nothing to do".
    """
    try:
        entries = [*_generated(files), *_copied(copies)]
    except OSError as error:  # a static file deleted while the site was being built
        raise BuildFailed((write_failed(error, output_dir),)) from None
    for path in [entry.path for entry in entries] + list(kept):
        _refuse_escaping(path)  # before anything is written: a bad path must change nothing
    recover_interrupted_swap(output_dir, work_dir)
    claim_output(output_dir)
    previous = previous or {}
    present = _files_in(output_dir) if seen is None else seen.everything()
    current: dict[str, os.stat_result] = {}  # the output's files to keep, as they are now
    kept_records = _kept_records(kept, previous, output_dir, current)
    changed = [entry for entry in entries if not _unchanged(entry, previous, output_dir, current)]
    wanted = {str(entry.path) for entry in entries} | set(kept_records)
    stale = present - wanted
    if not changed and not stale and seen is not None:  # something may have come since: look again
        stale = _files_in(output_dir) - wanted
    if not changed and not stale and output_dir.is_dir() and (output_dir / OUTPUT_MARK).is_file():
        return WriteOutcome(0, 0, {**kept_records, **_records_of(entries, previous)})
    written, listing = _prepare_next(output_dir, work_dir, changed, current)
    keep_as_base(swap_in(work_dir / NEXT_FOLDER, output_dir, work_dir), work_dir)
    records = {**kept_records, **_records_of(entries, previous), **written}
    return WriteOutcome(len(written), len(stale), records, discard_leftovers(work_dir), listing)


# --------------------------------------------------------------------------
# Whose folder it is
# --------------------------------------------------------------------------


def claim_output(output_dir: Path) -> None:
    """Stop unless the output folder is infoblokk's to replace: missing, empty, or marked."""
    if output_dir.is_symlink() or (output_dir.exists() and not output_dir.is_dir()):
        what = (
            Text("'{name}' is a link, not a folder", name=output_dir.name)
            if output_dir.is_symlink()
            else Text("'{name}' is a file, not a folder", name=output_dir.name)
        )
        raise BuildFailed((_not_ours(output_dir, what),))
    if not output_dir.is_dir() or is_infoblokk_output(output_dir):
        return
    raise BuildFailed(
        (
            _not_ours(
                output_dir,
                Text("the folder '{name}' was not made by infoblokk and is not empty", name=output_dir.name),
            ),
        )
    )


def is_infoblokk_output(folder: Path) -> bool:
    """Marked by infoblokk, empty, or built by an earlier infoblokk (banner folder and home page)."""
    if (folder / OUTPUT_MARK).is_file() or not any(folder.iterdir()):
        return True
    return (folder / "_infoblokk").is_dir() and (folder / "index.html").is_file()


def _not_ours(output_dir: Path, what: Text) -> Problem:
    return Problem(
        Text("{what}; a build replaces its output folder as a whole, so it will not touch it", what=what),
        output_dir,
        hint=Text(
            'set output_dir in site_config.toml to a new folder name (e.g. output_dir = "public"), '
            "or move this one out of the way"
        ),
    )


# --------------------------------------------------------------------------
# Preparing the next generation
# --------------------------------------------------------------------------


def _generated(files: Iterable[MadeFile]) -> list[_Entry]:
    return [_entry_of(file) for file in files]


def _entry_of(file: MadeFile) -> _Entry:
    if isinstance(file, SpooledFile):
        return _Entry(file.path, file.digest, spooled=file.spooled)
    return _Entry(file.path, hashlib.sha256(file.content).hexdigest(), content=file.content)


def _copied(copies: Iterable[StaticCopy]) -> list[_Entry]:
    return [_Entry(copy.path, copy.signature(), source=copy.source_path) for copy in copies]


def _unchanged(
    entry: _Entry, previous: Mapping[str, FileRecord], output_dir: Path, current: dict[str, os.stat_result]
) -> bool:
    """The output holds the entry as the last build wrote it (its status then goes in `current`)."""
    path = str(entry.path)
    record = previous.get(path)
    if record is None or record.digest != entry.signature:
        return False
    status = _plain_file_as(f"{output_dir}/{path}", record)
    if status is not None:
        current[path] = status
    return status is not None


def _plain_file_as(path: str, record: FileRecord | None) -> os.stat_result | None:
    """The file's status if it is there as recorded, and is a file of its own, not a link
    someone put there; else None."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    if (
        record is not None
        and stat.S_ISREG(status.st_mode)
        and (status.st_size, status.st_mtime_ns) == (record.size, record.mtime_ns)
    ):
        return status
    return None


def _kept_records(
    kept: Iterable[PurePosixPath],
    previous: Mapping[str, FileRecord],
    output_dir: Path,
    current: dict[str, os.stat_result],
) -> dict[str, FileRecord]:
    records: dict[str, FileRecord] = {}
    for path in kept:
        record = previous.get(str(path))
        status = _plain_file_as(f"{output_dir}/{path}", record)
        if record is None or status is None:
            raise BuildFailed((_vanished(path),))
        records[str(path)] = record
        current[str(path)] = status
    return records


def _records_of(entries: list[_Entry], previous: Mapping[str, FileRecord]) -> dict[str, FileRecord]:
    """The records of unchanged entries (the changed ones get new records when written)."""
    return {str(e.path): previous[str(e.path)] for e in entries if str(e.path) in previous}


def _prepare_next(
    output_dir: Path, work_dir: Path, changed: list[_Entry], current: Mapping[str, os.stat_result]
) -> tuple[dict[str, FileRecord], dict[str, os.stat_result]]:
    """The next generation in `work_dir/next`, made from the one the last build swapped out:
    what is there already as a link to the current file (`current`: the output's files to
    keep, with their status) stays, the rest is linked or written anew. Nothing found there is
    trusted but that: every other entry is removed first.
    Returns the records of the files written, and the status of everything in it as made."""
    folder = str(work_dir / NEXT_FOLDER)
    source = str(output_dir)
    changed_paths = {str(entry.path) for entry in changed}
    try:
        try:
            there = _tidy_base(folder, {*current, *changed_paths}, current)
        except OSError:  # something there that cannot be removed: set aside, start from nothing
            set_aside(Path(folder), work_dir)
            there = _tidy_base(folder, {*current, *changed_paths}, current)
        listing, files = there.folders, there.files
        for path, status in current.items():
            if path in there.linked:
                listing[path] = status  # the same file: nothing made here changed its status
                continue
            _link_or_copy(f"{source}/{path}", f"{folder}/{path}", replace=path in files)
            listing[path] = os.lstat(f"{folder}/{path}")  # a new link moves the file's change time
        written = {}
        for entry in changed:
            path = str(entry.path)
            listing[path] = _write(f"{folder}/{path}", entry, replace=path in files)
            written[path] = FileRecord(entry.signature, listing[path].st_size, listing[path].st_mtime_ns)
        _write_new(f"{folder}/{OUTPUT_MARK}", MARK_TEXT.encode("utf-8"))
        listing[OUTPUT_MARK] = os.lstat(f"{folder}/{OUTPUT_MARK}")
    except OSError as error:  # a full disk, say: what was made goes, to leave room
        _remove_quietly(Path(folder))
        raise BuildFailed((write_failed(error, output_dir),)) from None
    except BaseException:
        _remove_quietly(Path(folder))
        raise
    return written, listing


def _remove_quietly(folder: Path) -> None:
    """Removed if it can be; else the next build tidies or sets aside what is left."""
    with contextlib.suppress(OSError):
        remove_path(folder)


@dataclass(frozen=True)
class _Base:
    """What a tidied base holds: its folders with their status, the wanted paths that are plain
    files there, and of those the ones that are the output's own file already (hard links)."""

    folders: dict[str, os.stat_result]
    files: set[str]
    linked: set[str]


def _tidy_base(folder: str, wanted: set[str], current: Mapping[str, os.stat_result]) -> _Base:
    """Make `folder` hold no more than plain files at wanted paths, in real folders (links,
    unwanted files and folders are removed), then every folder the wanted files go into.

    A file is known to be the output's own (its status in `current`) by the inode number its
    folder lists, so the files are not looked at one by one: on a large site that took most
    of the time of a small change."""
    if os.path.islink(folder) or (os.path.lexists(folder) and not os.path.isdir(folder)):
        os.unlink(folder)
    os.makedirs(folder, exist_ok=True)
    device = os.lstat(folder).st_dev
    folders = _folders_of(wanted)
    files: set[str] = set()
    linked: set[str] = set()
    present_folders: dict[str, os.stat_result] = {}
    pending = [(folder, "")]
    while pending:
        current_folder, prefix = pending.pop()
        with os.scandir(current_folder) as found:
            entries = list(found)
        for entry in entries:
            relative = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False) and relative in folders:
                present_folders[relative] = entry.stat(follow_symlinks=False)
                pending.append((entry.path, f"{relative}/"))
            elif entry.is_dir(follow_symlinks=False):
                delete_generation(Path(entry.path))
                if os.path.lexists(entry.path):
                    raise OSError(errno.ENOTEMPTY, os.strerror(errno.ENOTEMPTY), entry.path)
            elif entry.is_file(follow_symlinks=False) and relative in wanted:
                files.add(relative)
                own = current.get(relative)
                if own is not None and (own.st_dev, own.st_ino) == (device, entry.inode()):
                    linked.add(relative)
            else:  # a link, an unwanted file, anything else
                os.unlink(entry.path)
    for relative in sorted(folders - present_folders.keys()):  # a folder sorts before what is in it
        os.mkdir(f"{folder}/{relative}")
        present_folders[relative] = os.lstat(f"{folder}/{relative}")
    return _Base(present_folders, files, linked)


def _folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder the paths go into (relative, the top one left out)."""
    folders: set[str] = set()
    for path in paths:
        parent = path.rpartition("/")[0]
        while parent and parent not in folders:
            folders.add(parent)
            parent = parent.rpartition("/")[0]
    return folders


def _link_or_copy(source: str, destination: str, replace: bool) -> None:
    """The same file in the next generation: a hard link, or a copy keeping its time."""
    if replace:
        os.unlink(destination)
    try:
        os.link(source, destination, follow_symlinks=False)
    except OSError:  # a file system without hard links: a copy keeps bytes and times
        shutil.copy2(source, destination, follow_symlinks=False)


def _write(destination: str, entry: _Entry, replace: bool) -> os.stat_result:
    """A new file, never written into the one there (it may be a link to the current site)."""
    if replace:
        os.unlink(destination)
    if entry.content is not None:
        _write_new(destination, entry.content)
    elif entry.spooled is not None:  # made for this build alone: moved, not copied
        os.replace(entry.spooled, destination)
    elif entry.source is not None:
        with open(entry.source, "rb") as source, new_file(destination) as target:
            shutil.copyfileobj(source, target)
    return os.lstat(destination)


def _write_new(destination: str, content: bytes) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(destination)
    with new_file(destination) as target:
        target.write(content)


def new_file(destination: str) -> BinaryIO:
    """A file made here and now: never one that was there, nor through a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    return os.fdopen(os.open(destination, flags, 0o666), "wb")


def _vanished(path: PurePosixPath) -> Problem:
    return Problem(
        Text("the page {path} changed on disk while the site was being built", path=path),
        hint=Text("build again; only one program at a time should change the output folder"),
    )


# --------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------


def _refuse_escaping(path: PurePosixPath) -> None:
    if escapes(path):
        raise BuildFailed((_outside(path),))


def escapes(path: PurePosixPath) -> bool:
    """The path is not one of the output folder's own files (it leads out, or is the mark)."""
    return path.is_absolute() or ".." in path.parts or not path.parts or path.parts == (OUTPUT_MARK,)


def _outside(path: PurePosixPath) -> Problem:
    return Problem(
        Text("refusing to write '{path}': it points outside the output folder", path=path),
        hint=Text("slugs and file names may not contain '..' or start with '/'"),
    )


def _files_in(folder: Path) -> set[str]:
    """Every file under `folder` (links too, not followed) by relative path; the mark left out."""
    return look_at_output(folder).everything()


@dataclass(frozen=True)
class OutputScan:
    """What the output folder holds, by relative path: plain files, and links (not followed)."""

    files: frozenset[str]
    links: frozenset[str]

    def everything(self) -> set[str]:
        """Files and links, the mark left out."""
        return set(self.files | self.links) - {OUTPUT_MARK}


def look_at_output(folder: Path) -> OutputScan:
    """One walk of the output: what is in it, and whether someone put a link there."""
    files, links = scan_output(folder)
    return OutputScan(frozenset(files), frozenset(links))


def scan_output(folder: Path) -> tuple[set[str], set[str]]:
    """The files under `folder`, and the links (to files or folders, never followed)."""
    files: set[str] = set()
    links: set[str] = set()
    pending = [(str(folder), "")]
    while pending:
        current, prefix = pending.pop()
        try:
            entries = list(os.scandir(current))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            relative = f"{prefix}{entry.name}"
            if entry.is_symlink():
                links.add(relative)
            elif entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, f"{relative}/"))
            else:
                files.add(relative)
    return files, links
