"""A saved body's page written into the output folder at once, ahead of the build that follows.

`serve` renders a saved body in milliseconds (`render.preview`); the build after the save takes
seconds on a large site, most of them on pages that did not change. So `serve` also writes the
previewed pages into the output folder straight away: a browser on the folder's files, a static
server run beside `serve`, or a sync to a test host sees the save as soon as it is made.

Everywhere else the output folder is only ever swapped in whole (`infoblokk.write`). A page
written ahead is the one exception, and it keeps the same promises:

- Only a page the output folder holds already is replaced: a plain file, reached through real
  folders, in a folder marked as infoblokk's output. Nothing new is made there, no link is
  followed, and no path leads out of the folder, whatever it says.
- The page is written into a new file in the cache (on the output folder's drive), which then
  takes the page's place in one rename: a reader gets the old page or the new one, never a part
  of one. The files of the old generation that the cache keeps are hard links to the output's;
  a rename leaves theirs as they were.
- A save that is previewed changes no page but its own (see `render.preview`), so the folder holds
  the site as the saved files make it, save for the search index, which in `serve` always
  catches up after the build.
- The build that follows renders the page from the saved file in any case (its body changed),
  and writes what it makes; where it differs from the page written ahead, the build's page wins.
  A page written ahead whose build never came (`serve` was stopped) is not as the state records
  it, so the next build renders it again instead of keeping it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from infoblokk.output import remove_path
from infoblokk.write import OUTPUT_MARK, escapes, new_file

AHEAD_FOLDER = "ahead"  # in the cache: where a page is written before it takes its place


def write_ahead(output_dir: Path, work_dir: Path, pages: Mapping[str, bytes]) -> tuple[str, ...]:
    """Put these pages (output path → bytes) in place of the output folder's now; the paths of
    the pages replaced. One that cannot be replaced as safely as a build would is left to the
    build. `work_dir` is the site's cache."""
    if not _marked_output(output_dir):
        return ()
    folder = work_dir / AHEAD_FOLDER
    try:
        if os.path.lexists(folder):
            remove_path(folder)  # what a stopped serve left half made
        folder.mkdir(parents=True)
    except OSError:
        return ()
    return tuple(path for path, html in pages.items() if _replace(output_dir, folder, path, html))


def _marked_output(output_dir: Path) -> bool:
    """The folder is a real folder that infoblokk made its output."""
    return _is(output_dir, stat.S_ISDIR) and _is(output_dir / OUTPUT_MARK, stat.S_ISREG)


def _replace(output_dir: Path, folder: Path, path: str, html: bytes) -> bool:
    relative = PurePosixPath(path)
    if escapes(relative) or not _existing_page(output_dir, relative):
        return False
    made = folder / f"{secrets.token_hex(8)}.html"
    try:
        with new_file(str(made)) as target:
            target.write(html)
        os.replace(made, output_dir.joinpath(*relative.parts))
    except OSError:  # a full disk, a folder made read-only: the build writes the page, or says why
        with contextlib.suppress(OSError):
            os.unlink(made)
        return False
    return True


def _existing_page(output_dir: Path, relative: PurePosixPath) -> bool:
    """The output has a plain file at this path, and every folder on the way is a real one."""
    here = output_dir
    for part in relative.parts[:-1]:
        here = here / part
        if not _is(here, stat.S_ISDIR):
            return False
    return _is(here / relative.name, stat.S_ISREG)


def _is(path: Path, kind: Callable[[int], bool]) -> bool:
    """What `os.lstat` says the path is (a link is a link, never what it points to)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return kind(mode)
