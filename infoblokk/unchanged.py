"""Noticing, before any work, that nothing changed since the last build.

A build records what it started from (the size and time of every file of the site's sources,
of infoblokk's own files, and the day, since a project's status changes with it) and what it
left in the output folder (the size and time of every file). A build in a new process that
finds both as recorded has nothing to do: it reports the last build's outcome again without
reading a single content file. One saved file, a touched output file, another day or another
version of infoblokk, and the build does its usual work.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from infoblokk import __version__
from infoblokk.errors import Problem, Severity
from infoblokk.layout import SiteFolders
from infoblokk.messages import Text, from_data

RECORD_FILE = "last-build.json"
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class LastBuild:
    """What a finished build reports, and the fingerprints of what it read and wrote."""

    sources: str
    output: str
    output_dir: str
    pages: Mapping[str, int]
    warnings: tuple[Problem, ...]
    drafts: tuple[Path, ...]


def sources_fingerprint(folders: SiteFolders, today: date) -> str:
    """Every source of the build by size and time, infoblokk's own files, and the day."""
    hasher = hashlib.sha256(f"{__version__}\n{today.isoformat()}\n".encode())
    for root in (folders.config_file, folders.content, folders.themes, folders.templates, PACKAGE_DIR):
        _add_lines(hasher, root)
    return hasher.hexdigest()


def output_fingerprint(output_dir: Path, listing: Mapping[str, os.stat_result] | None = None) -> str:
    """Every file of the output folder by path, size and time (links by where they lead).

    With `listing` (every file and folder in it by relative path, with its status, none a
    link, as whoever wrote the folder found them) the folder is not read again: the
    fingerprint is the one a walk of a folder holding just these would give."""
    hasher = hashlib.sha256()
    if listing is None:
        _add_lines(hasher, output_dir)
    else:
        hasher.update("".join(_listed_lines(output_dir, listing)).encode("utf-8", "surrogateescape"))
    return hasher.hexdigest()


def _listed_lines(output_dir: Path, listing: Mapping[str, os.stat_result]) -> Iterator[str]:
    """The lines of `_folder_lines` in its order: each folder's entries by name, a folder's
    own entries right after its line."""
    for relative in sorted(listing, key=lambda path: path.split("/")):
        if "__pycache__" in relative.split("/"):
            continue
        found, path = listing[relative], f"{output_dir}/{relative}"
        if stat.S_ISDIR(found.st_mode):
            yield f"{path} folder {found.st_mode}\n"
        else:
            yield f"{path} {found.st_size} {found.st_mtime_ns} {found.st_ctime_ns} {found.st_mode} \n"


def _add_lines(hasher: Any, root: Path) -> None:
    """The lines of `root`, a folder's at a time (the digest is the same as line by line)."""
    for lines in _file_lines(root):
        hasher.update("".join(lines).encode("utf-8", "surrogateescape"))


def _file_lines(root: Path) -> Iterator[list[str]]:
    """`path size mtime` for every file below `root` (or `root` itself), in a stable order,
    in groups."""
    try:
        status = root.lstat()
    except OSError:
        yield [f"{root} missing\n"]
        return
    if not stat.S_ISDIR(status.st_mode):
        yield [f"{root} {status.st_size} {status.st_mtime_ns} {_link_of(str(root))}\n"]
        return
    yield from _folder_lines(str(root))


def _folder_lines(folder: str) -> Iterator[list[str]]:
    lines: list[str] = []
    for entry in sorted(_entries(folder), key=lambda entry: entry.path):
        if entry.name == "__pycache__":
            continue
        try:
            found = entry.stat(follow_symlinks=False)
        except OSError:  # gone since the folder was read: as if it had not been there
            continue
        if stat.S_ISDIR(found.st_mode):
            lines.append(f"{entry.path} folder {found.st_mode}\n")  # an empty folder can matter (x.md)
            yield lines
            lines = []
            yield from _folder_lines(entry.path)
        else:  # the change time too: a file made unreadable has the same size and modification time
            times = f"{found.st_mtime_ns} {found.st_ctime_ns} {found.st_mode}"
            link = _link_of(entry.path) if stat.S_ISLNK(found.st_mode) else ""
            lines.append(f"{entry.path} {found.st_size} {times} {link}\n")
    yield lines


def _entries(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _link_of(path: str) -> str:
    """For a link: where it leads and what is there now, so a changed target counts too."""
    if not os.path.islink(path):
        return ""
    try:
        target = os.stat(path)
        return f"-> {os.readlink(path)} {target.st_size} {target.st_mtime_ns}"
    except OSError:
        return "-> nowhere"


def load_last_build(folders: SiteFolders) -> LastBuild | None:
    """The last build's record, or None when there is none to trust."""
    try:
        data = json.loads((folders.cache / RECORD_FILE).read_text(encoding="utf-8"))
        if data["version"] != __version__:
            return None
        return LastBuild(
            str(data["sources"]),
            str(data["output"]),
            str(data["output_dir"]),
            {str(kind): int(count) for kind, count in data["pages"].items()},
            tuple(_problem(entry) for entry in data["warnings"]),
            tuple(Path(path) for path in data["drafts"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save_last_build(folders: SiteFolders, last: LastBuild) -> None:
    """Kept beside the state; one that cannot be written only makes the next build do its work."""
    data = {
        "version": __version__,
        "sources": last.sources,
        "output": last.output,
        "output_dir": last.output_dir,
        "pages": dict(last.pages),
        "warnings": [_plain_problem(problem) for problem in last.warnings],
        "drafts": [str(path) for path in last.drafts],
    }
    path = folders.cache / RECORD_FILE
    with contextlib.suppress(OSError):
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)


def _plain_problem(problem: Problem) -> dict[str, Any]:
    return {
        "message": _message_data(problem.message),
        "path": str(problem.path) if problem.path else None,
        "line": problem.line,
        "hint": _message_data(problem.hint),
        "severity": problem.severity.value,
    }


def _problem(entry: Mapping[str, Any]) -> Problem:
    path = entry["path"]
    return Problem(
        from_data(entry["message"]),
        Path(path) if path else None,
        entry["line"],
        None if entry["hint"] is None else from_data(entry["hint"]),
        Severity(entry["severity"]),
    )


def _message_data(message: str | None) -> Any:
    """A message as it was made (so the next build can say it in any language), or plain text."""
    return message.as_data() if isinstance(message, Text) else message
