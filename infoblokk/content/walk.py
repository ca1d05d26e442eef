"""Finding the files of a folder of the site: ordinary files only, links followed only inside it.

What a folder such as `content/` or `content/static/` holds becomes the site, so only what is
really in it is read or published:

- an ordinary file is a file of the site; a pipe, a socket or a device is reported (reading a
  pipe would wait for ever), and so is a folder whose name ends like a content file (`x.md`);
- a link (symlink) is followed when it leads to a file or folder inside the same folder
  (`content/static/` for a static file, the theme's `static/` for a theme's); a link that leads
  elsewhere (outside the site, to /etc/passwd, into the site's cache), to nothing, or round in
  a loop (to itself, or to a folder it is in) is reported, never read;
- names that start with `.` or `_` are hidden: never listed, never reported (editors' lock
  files, `.gitkeep`, `_drafts/`).

The folder itself may be a link (a theme kept elsewhere): the rule is about what is inside it.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from infoblokk.errors import Problem
from infoblokk.messages import Text

# Ten times the largest register bench/ builds (100,000 projects); links between folders could
# otherwise list without end.
MAX_FILES = 1_000_000


@dataclass(frozen=True)
class FoundFiles:
    """The ordinary files found under a folder, sorted, and what could not be a file of the site."""

    files: tuple[Path, ...]
    problems: tuple[Problem, ...]


def is_hidden(name: str) -> bool:
    return name.startswith((".", "_"))


def find_files(folder: Path, suffix: str = "", skip: Collection[str] = ()) -> FoundFiles:
    """Every ordinary file under `folder` whose name ends in `suffix`, and the problems found.

    `skip` names entries of the folder itself to leave out (other parts of the site, read on
    their own). A missing folder has no files; one that is a file is a problem.
    """
    if not folder.exists() and not folder.is_symlink():
        return FoundFiles((), ())
    if not folder.is_dir():
        return FoundFiles((), (_not_a_folder(folder),))
    walk = _Walk(folder, Path(os.path.realpath(folder)), suffix)
    pending: list[tuple[Path, tuple[Path, ...]]] = [(folder, (walk.root,))]
    while pending and len(walk.files) <= MAX_FILES:
        current, chain = pending.pop()  # a folder, and the real folders it is in
        for entry in _entries(current, walk.problems):
            if current != folder or entry.name not in skip:
                pending += walk.visit(current, entry, chain)
    if len(walk.files) > MAX_FILES:
        walk.problems.append(_too_many(folder))
    return FoundFiles(tuple(sorted(walk.files)), tuple(walk.problems))


@dataclass
class _Walk:
    """What one `find_files` has found so far."""

    folder: Path
    root: Path  # the folder's real path: links must lead inside it
    suffix: str
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def visit(
        self, parent: Path, entry: os.DirEntry[str], chain: tuple[Path, ...]
    ) -> list[tuple[Path, tuple[Path, ...]]]:
        """Note a file or a problem; return a folder to look into, with its chain."""
        named = entry.name.endswith(self.suffix)
        if not named and entry.is_file(follow_symlinks=False):
            return []  # a plain file of another kind: nothing to note, nothing to look at
        path = parent / entry.name
        kind = _kind_of(path, entry, self.root, self.folder.name, self.problems)
        if kind == "folder":
            real = Path(os.path.realpath(path))
            if self.suffix and named:
                self.problems.append(_folder_named_like_a_file(path, self.suffix))
            elif real in chain:  # a link back to a folder it is in would list without end
                self.problems.append(_loop(path))
            else:
                return [(path, (*chain, real))]
        elif named and kind == "file":
            self.files.append(path)
        elif named and kind == "other":
            self.problems.append(_not_a_file(path))
        return []


def _entries(folder: Path, problems: list[Problem]) -> list[os.DirEntry[str]]:
    """The visible entries of a folder, by name, or none (and a problem) if it cannot be listed."""
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError as error:
        problems.append(
            Problem(
                Text("this folder cannot be read: {reason}", reason=error.strerror or error),
                folder,
                hint=Text("check that you may read it (its permissions), or move its files elsewhere"),
            )
        )
        return []
    return [entry for entry in entries if not is_hidden(entry.name)]


def _kind_of(
    path: Path, entry: os.DirEntry[str], root: Path, shown: str, problems: list[Problem]
) -> str | None:
    """ "file", "folder" or "other" (a pipe, a device); None, with a problem, for a bad link.
    (What the folder's listing says of the entry is taken as it says it: a plain file or
    folder is not looked at again, only a link is followed.)"""
    is_link = entry.is_symlink()
    if not is_link and entry.is_dir(follow_symlinks=False):
        return "folder"
    if not is_link and entry.is_file(follow_symlinks=False):
        return "file"
    try:
        mode = path.stat().st_mode  # follows links
    except OSError as error:
        problems.append(_unreachable(path, error, is_link))
        return None
    if is_link:
        real = Path(os.path.realpath(path))
        inside = real.is_relative_to(root) and not any(map(is_hidden, real.relative_to(root).parts))
        if not inside:
            problems.append(_leads_outside(path, real, shown))
            return None
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "other"


def _unreachable(path: Path, error: OSError, is_link: bool) -> Problem:
    if is_link and error.errno == errno.ENOENT:
        return Problem(
            Text("this is a link to {target}, which does not exist", target=os.readlink(path)),
            path,
            hint=Text("delete the link, or put the file itself here"),
        )
    if error.errno == errno.ELOOP:
        return _loop(path)
    return Problem(
        Text("this file cannot be read: {reason}", reason=error.strerror or error),
        path,
        hint=Text("check that the file exists and that you may read it (its permissions)"),
    )


def _loop(path: Path) -> Problem:
    return Problem(
        Text("this is a link that leads round in a loop (to itself, or to a folder it is in)"),
        path,
        hint=Text("delete the link, and put the file or folder itself here"),
    )


def _too_many(folder: Path) -> Problem:
    return Problem(
        Text(
            "this folder holds more than {count:,} files (counting those reached through links)",
            count=MAX_FILES,
        ),
        folder,
        hint=Text(
            "keep only the files the site needs here; look for links that lead to the same folders again"
        ),
    )


def _leads_outside(path: Path, target: Path, folder: str) -> Problem:
    return Problem(
        Text(
            "this is a link to {target}, which is not inside {folder}/; "
            "infoblokk reads and publishes only the files that are really in the site",
            target=target,
            folder=folder,
        ),
        path,
        hint=Text("copy the file into {folder}/ instead of linking to it", folder=folder),
    )


def _folder_named_like_a_file(path: Path, suffix: str) -> Problem:
    return Problem(
        Text("this is a folder, but its name ends in {suffix} like a content file", suffix=suffix),
        path,
        hint=Text("rename the folder so that its name does not end in {suffix}", suffix=suffix),
    )


def _not_a_file(path: Path) -> Problem:
    return Problem(
        Text("this is not an ordinary file (it is a pipe, a socket or a device), so it cannot be read"),
        path,
        hint=Text("delete it or move it out of the site's folders; only ordinary files can be content"),
    )


def _not_a_folder(path: Path) -> Problem:
    return Problem(
        Text("{name} should be a folder, but it is a file", name=path.name),
        path,
        hint=Text("rename the file and create a folder named {name} in its place", name=path.name),
    )
