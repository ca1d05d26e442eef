"""Stage 6: put the built files in the output folder, all at once or not at all.

Everything is rendered in memory before this stage starts, so a build that fails never
reaches it: the last good site stays as it was. A first build (or one without a usable
previous state) writes a fresh folder beside the output and swaps it in with two renames. A
rebuild updates the output in place: it replaces only files whose bytes changed (each through
a temporary file and a rename, so no reader sees half a page), leaves unchanged files alone,
and removes files that are no longer part of the site. Either way the folder ends up exactly
as a clean build would leave it. Every path is checked to stay inside the output folder,
whatever a slug or a template says.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from infoblokk.errors import BuildFailed, Problem
from infoblokk.output import OutputFile, StaticCopy
from infoblokk.render.incremental import FileRecord, file_is_as_recorded, file_record


@dataclass(frozen=True)
class WriteOutcome:
    written: int  # files created or replaced
    removed: int  # files deleted because the site no longer has them
    records: Mapping[str, FileRecord]  # every output file as it now is


def _refuse_escaping(path: PurePosixPath) -> None:
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BuildFailed((_outside(path),))


def safe_destination(output_dir: Path, path: PurePosixPath) -> Path:
    """The real path of an output file; refuses anything that would land outside the folder,
    also through a link inside it."""
    _refuse_escaping(path)
    destination = (output_dir / path).resolve()
    if not destination.is_relative_to(output_dir.resolve()):
        raise BuildFailed((_outside(path),))
    return destination


def _outside(path: PurePosixPath) -> Problem:
    return Problem(
        f"refusing to write '{path}': it points outside the output folder",
        hint="slugs and file names may not contain '..' or start with '/'",
    )


def write_site(
    output_dir: Path,
    files: Iterable[OutputFile],
    copies: Iterable[StaticCopy],
    kept: Iterable[PurePosixPath] = (),
    previous: Mapping[str, FileRecord] | None = None,
) -> WriteOutcome:
    """Make `output_dir` hold exactly these files (`kept` ones are already there, unchanged)."""
    files, copies, kept = list(files), list(copies), list(kept)
    for path in [f.path for f in files] + [c.path for c in copies]:
        _refuse_escaping(path)  # before anything is written: a bad path must change nothing
    if previous is None or not output_dir.is_dir():
        return _write_fresh(output_dir, files, copies)
    return _update_in_place(output_dir, files, copies, kept, previous)


def _write_fresh(output_dir: Path, files: list[OutputFile], copies: list[StaticCopy]) -> WriteOutcome:
    staging = output_dir.with_name(f".{output_dir.name}.building")
    _remove(staging)
    staging.mkdir(parents=True)
    try:
        records = {**_copy_all(staging, copies, {}), **_write_all(staging, files, {})}
    except BaseException:
        _remove(staging)
        raise
    _swap(staging, output_dir)
    return WriteOutcome(len(records), 0, records)  # a rename keeps sizes and modification times


def _update_in_place(
    output_dir: Path,
    files: list[OutputFile],
    copies: list[StaticCopy],
    kept: list[PurePosixPath],
    previous: Mapping[str, FileRecord],
) -> WriteOutcome:
    copied = _copy_all(output_dir, copies, previous)
    written = _write_all(output_dir, files, previous)
    records = {**{str(p): previous[str(p)] for p in kept}, **_unchanged(copies, files, previous, output_dir)}
    records.update(copied)
    records.update(written)
    removed = _remove_others(output_dir, set(records))
    return WriteOutcome(len(copied) + len(written), removed, records)


def _unchanged(
    copies: list[StaticCopy], files: list[OutputFile], previous: Mapping[str, FileRecord], output_dir: Path
) -> dict[str, FileRecord]:
    paths = [str(c.path) for c in copies] + [str(f.path) for f in files]
    return {p: previous[p] for p in paths if p in previous and (output_dir / p).exists()}


def _copy_all(
    root: Path, copies: list[StaticCopy], previous: Mapping[str, FileRecord]
) -> dict[str, FileRecord]:
    """Copy the static files whose source changed; return the records of those copied."""
    written = (
        _put(root, copy.path, copy.signature(), previous, partial(shutil.copyfile, copy.source_path))
        for copy in copies
    )
    return dict(record for record in written if record)


def _write_all(
    root: Path, files: list[OutputFile], previous: Mapping[str, FileRecord]
) -> dict[str, FileRecord]:
    """Write the files whose bytes changed; return the records of those written."""
    written = (
        _put(root, file.path, hashlib.sha256(file.content).hexdigest(), previous, _bytes_writer(file.content))
        for file in files
    )
    return dict(record for record in written if record)


def _bytes_writer(content: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(content)


def _put(
    root: Path,
    path: PurePosixPath,
    signature: str,
    previous: Mapping[str, FileRecord],
    write: Callable[[Path], object],
) -> tuple[str, FileRecord] | None:
    """Write one file unless it is already there as recorded with this signature.

    Written through a temporary file and a rename, so no reader ever sees half a file.
    """
    record = previous.get(str(path))
    if record and record.digest == signature and file_is_as_recorded(root / path, record):
        return None
    destination = safe_destination(root, path)
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.tmp")
    write(temporary)
    os.replace(temporary, destination)
    return str(path), file_record(destination, signature)


def _remove_others(output_dir: Path, keep: set[str]) -> int:
    """Delete what the site no longer has (a renamed or deleted page), then empty folders."""
    removed = 0
    for folder, subfolders, names in os.walk(output_dir, topdown=False):
        base = Path(folder)
        prefix = base.relative_to(output_dir).as_posix()
        for name in names + [d for d in subfolders if (base / d).is_symlink()]:
            if (f"{prefix}/{name}" if prefix != "." else name) not in keep:
                (base / name).unlink()
                removed += 1
        if base != output_dir and not any(base.iterdir()):
            base.rmdir()
    return removed


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
