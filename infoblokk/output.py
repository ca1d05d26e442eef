"""What every stage hands to the writer: files of the built site.

`OutputFile` is a file made by the build (a page, a feed, an image), `StaticCopy` a file
copied as it is from the site or its theme. Both name their place inside the output folder
as a relative POSIX path; the writer alone turns it into a path on disk.

`SpooledFile` is a made file whose bytes wait on disk instead of in memory: the pages of a
large site take hundreds of megabytes, so each page goes to a `Spool` (a folder in the
site's cache, never the output folder) as soon as it is rendered, and the writer moves it
into the next generation of the site. A build that fails or is killed leaves only the spool,
which the next build empties first.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import os
import shutil
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType

from infoblokk.errors import BuildFailed, Problem
from infoblokk.messages import Text


@dataclass(frozen=True)
class OutputFile:
    """A file of the built site: where it goes (inside the output folder) and its bytes."""

    path: PurePosixPath
    content: bytes


@dataclass(frozen=True)
class StaticCopy:
    """A file copied as it is: from the site or theme, to a path inside the output."""

    source_path: Path
    path: PurePosixPath

    def signature(self) -> str:
        """Changes when the source file does; cheaper than reading photos on every build."""
        status = self.source_path.stat()
        return f"copy:{status.st_size}:{status.st_mtime_ns}"


@dataclass(frozen=True)
class SpooledFile:
    """A file made by the build whose bytes wait in the spool, read only when needed."""

    path: PurePosixPath  # inside the output folder
    spooled: Path  # where the bytes are until the writer moves them
    digest: str  # sha256 of the bytes, hex

    @property
    def content(self) -> bytes:
        return self.spooled.read_bytes()


MadeFile = OutputFile | SpooledFile


class Spool:
    """A folder where made files wait until the writer takes them: emptied when opened (what a
    killed build left) and removed when closed, whatever became of the build."""

    def __init__(self, folder: Path, output_dir: Path) -> None:
        self.folder, self.output_dir = folder, output_dir
        self._numbers = itertools.count(1)  # each file's name: taken in turn by threads too
        self._shelves: list[Shelf] = []

    def __enter__(self) -> Spool:
        try:
            remove_path(self.folder)
            self.folder.mkdir(parents=True)
        except OSError as error:
            raise BuildFailed((write_failed(error, self.output_dir),)) from None
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        for shelf in self._shelves:
            shelf.close()
        with contextlib.suppress(OSError):  # what is left, the next build empties first
            remove_path(self.folder)

    def shelf(self) -> Shelf:
        """A new `Shelf` in the spool, gone with it."""
        try:
            shelf = Shelf(self.folder / str(next(self._numbers)), self.output_dir)
        except OSError as error:
            raise BuildFailed((write_failed(error, self.output_dir),)) from None
        self._shelves.append(shelf)
        return shelf

    def batch(self) -> str:
        """A name of its own for a batch of files kept by workers (`keep`'s `name`)."""
        return f"b{next(self._numbers)}"

    def keep(self, path: PurePosixPath, content: bytes, name: str | None = None) -> SpooledFile:
        """The bytes on disk, known from now on by their place and digest. A worker process
        names each file it keeps, as `name`, in a `batch` taken before it was forked: its copy
        of the spool's numbers is that of every other worker."""
        spooled = self.folder / (name or str(next(self._numbers)))
        try:
            with open(spooled, "xb") as target:
                target.write(content)
        except OSError as error:  # a full disk, say: the site is not touched
            raise BuildFailed((write_failed(error, self.output_dir),)) from None
        return SpooledFile(path, spooled, hashlib.sha256(content).hexdigest())


class Shelf(Mapping[Hashable, bytes]):
    """Bytes by key that wait on disk, in one file of the spool, instead of in memory: the
    bodies' HTML of a large site takes tens of megabytes while every page is rendered, and each
    page needs one. Each value is read back when it is asked for, in this process or in a
    worker forked from it (reads give the file's place, so processes do not disturb each other).
    Values are only added (`put`); a key put again is read from its latest place."""

    def __init__(self, path: Path, output_dir: Path) -> None:
        self.path = path
        self.output_dir = output_dir  # named in the problem of a full disk
        self._places: dict[Hashable, tuple[int, int]] = {}  # key → (offset, length)
        self._end = 0
        self._fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0))

    def put(self, key: Hashable, value: bytes) -> None:
        try:
            _write_at(self._opened(), value, self._end)
        except OSError as error:  # a full disk, say: the site is not touched
            raise BuildFailed((write_failed(error, self.output_dir),)) from None
        self._places[key] = (self._end, len(value))
        self._end += len(value)

    def __getitem__(self, key: Hashable) -> bytes:
        start, length = self._places[key]
        return _read_at(self._opened(), length, start)

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)

    def _opened(self) -> int:
        if self._fd is None:
            raise ValueError("the shelf is closed")
        return self._fd

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _write_at(fd: int, value: bytes, offset: int) -> None:
    if not hasattr(os, "pwrite"):  # Windows, where no worker is forked to share the file's offset
        os.lseek(fd, offset, os.SEEK_SET)
    view = memoryview(value)
    while view:
        written = os.pwrite(fd, view, offset) if hasattr(os, "pwrite") else os.write(fd, view)
        view, offset = view[written:], offset + written


def _read_at(fd: int, length: int, offset: int) -> bytes:
    parts = []
    while length > 0:
        if hasattr(os, "pread"):
            part = os.pread(fd, length, offset)
        else:  # Windows, where no worker is forked to share the file's offset
            os.lseek(fd, offset, os.SEEK_SET)
            part = os.read(fd, length)
        if not part:
            raise OSError(errno.EIO, "the shelf's file is shorter than what was put in it")
        parts.append(part)
        length, offset = length - len(part), offset + len(part)
    return b"".join(parts)


def write_failed(error: OSError, output_dir: Path) -> Problem:
    """The new site could not be written (the old one stays): why, in words."""
    reason = Text("the disk is full") if error.errno == errno.ENOSPC else (error.strerror or str(error))
    return Problem(
        Text("the new site could not be written: {reason}", reason=reason),
        Path(error.filename) if error.filename else None,
        hint=Text(
            "make room or fix the permission, then build again; {folder}/ was not changed",
            folder=output_dir.name,
        ),
    )


def remove_path(folder: Path) -> None:
    """A file, a link or a whole folder, gone (already gone is fine)."""
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.is_dir():
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(folder)
