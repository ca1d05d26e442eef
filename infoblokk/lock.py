"""One build of a site at a time, across processes: `build`, `check` and `serve` take turns.

The lock is a file in the site's cache held with the operating system's file locking
(through `filelock`): the system lets go of it when the process ends, however it ends, so a
lock left by a killed build is no lock at all. Beside it, the holder writes its process ID,
so that the one who has to wait can be told whose turn it is.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from infoblokk.errors import BuildFailed, Problem
from infoblokk.messages import Text

LOCK_FILE = "build.lock"
HOLDER_FILE = "build.pid"


@contextlib.contextmanager
def site_lock(cache_dir: Path, wait_seconds: float = 0) -> Iterator[None]:
    """Hold the site's build lock; stop with a message if another build keeps it too long."""
    _make_cache(cache_dir)
    lock = FileLock(cache_dir / LOCK_FILE, timeout=wait_seconds)
    try:
        lock.acquire()
    except Timeout:
        raise BuildFailed((_busy(cache_dir),)) from None
    except OSError as error:
        raise BuildFailed((_unusable_cache(cache_dir, error),)) from None
    try:
        _write_holder(cache_dir)
        yield
    finally:
        _forget_holder(cache_dir)
        lock.release()


def _make_cache(cache_dir: Path) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildFailed((_unusable_cache(cache_dir, error),)) from None


def _write_holder(cache_dir: Path) -> None:
    with contextlib.suppress(OSError):  # only for the message of whoever waits
        (cache_dir / HOLDER_FILE).write_text(str(os.getpid()), encoding="ascii")


def _forget_holder(cache_dir: Path) -> None:
    with contextlib.suppress(OSError):
        (cache_dir / HOLDER_FILE).unlink()


def holder_of(cache_dir: Path) -> int | None:
    """The process ID of the build holding the lock, as it wrote it; None if unknown."""
    try:
        text = (cache_dir / HOLDER_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _busy(cache_dir: Path) -> Problem:
    pid = holder_of(cache_dir)
    busy = (
        Text("another build of this site is running (pid {pid})", pid=str(pid))
        if pid
        else Text("another build of this site is running")
    )
    return Problem(
        busy,
        hint=Text("wait for it to finish (a `serve` rebuilds after every save), then run this command again"),
    )


def _unusable_cache(cache_dir: Path, error: OSError) -> Problem:
    folder = cache_dir.name
    message = (
        Text("infoblokk's cache folder {folder}/ is a file, not a folder", folder=folder)
        if cache_dir.is_file()
        else Text(
            "infoblokk's cache folder {folder}/ cannot be used: {reason}",
            folder=folder,
            reason=error.strerror or error,
        )
    )
    return Problem(
        message,
        cache_dir,
        hint=Text(
            "delete or rename {folder} (it only holds what makes rebuilds fast), then build again",
            folder=folder,
        ),
    )
