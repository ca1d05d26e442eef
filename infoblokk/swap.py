"""A generation of the output folder swapped in whole, and old generations deleted.

The writer (`write`) prepares the next generation in the cache's work folder (`NEXT_FOLDER`);
`swap_in` makes it the output folder in one step where the system can (Linux's `renameat2`
exchange), else with two renames, after which a build that finds no output puts the retired
one back (`recover_interrupted_swap`). The generation swapped out stays as the base of the next
(`keep_as_base`); what cannot stay is set aside in `DISCARDED_FOLDER` and deleted by a
background thread (`discard_leftovers`), as far as the system lets it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
import sys
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

from infoblokk.errors import BuildFailed, Problem
from infoblokk.messages import Text
from infoblokk.output import remove_path, write_failed

NEXT_FOLDER = "next"  # in the work folder: the generation being prepared
RETIRED_FOLDER = "retired"  # in the work folder: the generation just replaced
DISCARDED_FOLDER = "discarded"  # in the work folder: old generations being deleted


def swap_in(next_folder: Path, output_dir: Path, work_dir: Path) -> Path:
    """The next generation becomes the output folder; returns where the old one now is."""
    retired = work_dir / RETIRED_FOLDER
    try:
        if output_dir.is_dir() and _exchange(next_folder, output_dir):
            retired = next_folder  # it now holds the old generation
        else:
            remove_path(retired)
            if output_dir.is_dir():
                output_dir.rename(retired)
            next_folder.rename(output_dir)
    except OSError as error:
        remove_path(next_folder)
        if error.errno == errno.EXDEV:
            raise BuildFailed((_other_drive(output_dir),)) from None
        raise BuildFailed((write_failed(error, output_dir),)) from None
    return retired


def keep_as_base(old: Path, work_dir: Path) -> None:
    """The generation just swapped out stays in the cache as the base of the next one: most of
    its files are links to the new site's already, so the next build makes only the rest."""
    base = work_dir / NEXT_FOLDER
    if old == base:
        return
    try:
        old.rename(base)
    except OSError:
        with contextlib.suppress(OSError):
            set_aside(old, work_dir)


def set_aside(folder: Path, work_dir: Path) -> None:
    """Move a folder into the cache's `discarded/`, whose contents are deleted in the background."""
    discarded = work_dir / DISCARDED_FOLDER
    discarded.mkdir(exist_ok=True)
    folder.rename(discarded / uuid.uuid4().hex)


def discard_leftovers(work_dir: Path) -> threading.Thread | None:
    """Delete what earlier builds left to delete, on a thread of its own (nobody waits for it)."""
    retired = work_dir / RETIRED_FOLDER
    if retired.is_dir() and not retired.is_symlink():  # a swap by two renames ended by a kill
        with contextlib.suppress(OSError):
            set_aside(retired, work_dir)
    discarded = work_dir / DISCARDED_FOLDER
    if not discarded.is_dir():
        return None
    thread = threading.Thread(target=_empty, args=(discarded,), name="infoblokk-discard", daemon=True)
    thread.start()
    return thread


def _empty(discarded: Path) -> None:
    """Delete every old generation in the folder, then the folder if nothing was added meanwhile."""
    with contextlib.suppress(OSError):
        for old in list(discarded.iterdir()):
            delete_generation(old)
        discarded.rmdir()


_RETRIED = frozenset({os.unlink, os.remove, os.rmdir, os.scandir, os.lstat})
"""What shutil.rmtree may call that takes a path alone and is worth a second try."""


def delete_generation(folder: Path) -> None:
    """Delete a folder as far as possible; folders someone made read-only are made writable
    first, and what still cannot go is left for the next build to try again."""

    def writable_then_retry(function: Callable[..., object], path: str, _: object) -> None:
        if function not in _RETRIED:  # e.g. os.open of a folder already gone: nothing to retry
            return
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(path), stat.S_IRWXU)
            function(path)

    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder, onerror=writable_then_retry)


def recover_interrupted_swap(output_dir: Path, work_dir: Path) -> None:
    """A build killed between the two renames left no output but a retired one: put it back."""
    retired = work_dir / RETIRED_FOLDER
    if retired.is_dir() and not output_dir.exists() and not output_dir.is_symlink():
        retired.rename(output_dir)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux's renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_current_folder, rename_exchange = -100, 2
    if (
        renameat2(
            at_current_folder, os.fsencode(first), at_current_folder, os.fsencode(second), rename_exchange
        )
        == 0
    ):
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM):
        return False  # a file system without the exchange: two renames instead
    raise OSError(code, os.strerror(code), str(second))


def _other_drive(output_dir: Path) -> Problem:
    return Problem(
        Text(
            "the output folder is on another drive than the site's folder, so it cannot be swapped in whole"
        ),
        output_dir,
        hint=Text("choose an output_dir inside the site's folder on the same drive"),
    )
