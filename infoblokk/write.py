"""Stage 6: put the built files in the output folder, all at once or not at all.

The new site is written into a staging folder beside the output folder and swapped in only
when every file is there: a failed build leaves the last good site untouched. Every path is
checked to stay inside the output folder, whatever a slug or a template says.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from infoblokk.errors import BuildFailed, Problem
from infoblokk.render import OutputFile


@dataclass(frozen=True)
class StaticCopy:
    """A file copied as it is: from the site or theme, to a path inside the output."""

    source_path: Path
    path: PurePosixPath


def safe_destination(output_dir: Path, path: PurePosixPath) -> Path:
    """The real path of an output file; refuses anything that would land outside the folder."""
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BuildFailed(
            (
                Problem(
                    f"refusing to write '{path}': it points outside the output folder",
                    hint="slugs and file names may not contain '..' or start with '/'",
                ),
            )
        )
    destination = (output_dir / path).resolve()
    if not destination.is_relative_to(output_dir.resolve()):
        raise BuildFailed((Problem(f"refusing to write '{path}': it points outside the output folder"),))
    return destination


def write_site(output_dir: Path, files: Iterable[OutputFile], copies: Iterable[StaticCopy]) -> int:
    """Replace `output_dir` with exactly these files; return how many were written."""
    staging = output_dir.with_name(f".{output_dir.name}.building")
    _remove(staging)
    staging.mkdir(parents=True)
    try:
        count = _fill(staging, files, copies)
    except BaseException:
        _remove(staging)
        raise
    _swap(staging, output_dir)
    return count


def _fill(staging: Path, files: Iterable[OutputFile], copies: Iterable[StaticCopy]) -> int:
    count = 0
    for copy in copies:
        destination = safe_destination(staging, copy.path)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(copy.source_path, destination)
        count += 1
    for file in files:
        destination = safe_destination(staging, file.path)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(file.content)
        count += 1
    return count


def _swap(staging: Path, output_dir: Path) -> None:
    """Two renames: the old site is never half replaced, and never lost before the new is in."""
    retired = output_dir.with_name(f".{output_dir.name}.previous")
    _remove(retired)
    if output_dir.exists():
        output_dir.rename(retired)
    staging.rename(output_dir)
    _remove(retired)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
