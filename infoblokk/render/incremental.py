"""What each page read when it was last rendered, so that a rebuild renders only what changed.

A page's *channels* are the parts of the site its templates touched: its own item, the list of
projects or news, one project's news, the project a news item belongs to. While a page renders,
the template context notes every channel it reads (`DependencyLog`); the page's fingerprint is a
digest of those channels' current values plus the site-wide inputs (configuration, labels,
templates, banner artwork, infoblokk's version). On the next build a page whose fingerprint is
unchanged, and whose output file is as it was written, is neither rendered nor written.

The state lives in memory between rebuilds of `serve`, and in `.infoblokk-cache/state.json`
between runs of `build`. A state file that cannot be read, or was written by another version,
is ignored: the build then renders everything, as a clean build would.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from infoblokk import __version__
from infoblokk.content.sources import SourceFile
from infoblokk.errors import Problem
from infoblokk.layout import CACHE_FOLDER
from infoblokk.messages import Text

STATE_VERSION = f"infoblokk {__version__} state 6"  # raise when the format or cached HTML would differ
STATE_FILE = "state.json"


def digest(*parts: object) -> str:
    """A stable digest of JSON-able values (anything else by its str())."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PageRecord:
    """A rendered page: the fingerprint of what it showed, and the calls it made (`tracking`)."""

    fingerprint: str
    reads: tuple[tuple[str, str, str], ...]  # (name, arguments as JSON, digest of the result)


@dataclass(frozen=True)
class FileRecord:
    """An output file as infoblokk last wrote it, to notice hand edits and deletions."""

    digest: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class BuildState:
    """Everything a rebuild reuses. Immutable: each build returns a new one."""

    output_dir: str  # as site_config.toml names it, relative to the site: a moved site keeps its state
    pages: Mapping[str, PageRecord] = field(default_factory=dict)
    files: Mapping[str, FileRecord] = field(default_factory=dict)
    markdown: Mapping[str, str] = field(default_factory=dict)  # digest of body → HTML
    sources: Mapping[Path, tuple[str, SourceFile]] = field(default_factory=dict)  # read, by path


def file_record(path: Path, content_digest: str) -> FileRecord:
    status = path.stat()
    return FileRecord(content_digest, status.st_size, status.st_mtime_ns)


def file_is_as_recorded(path: Path, record: FileRecord | None) -> bool:
    """True when the output file still is exactly what the last build wrote."""
    if record is None:
        return False
    try:
        status = path.stat()
    except OSError:
        return False
    return status.st_size == record.size and status.st_mtime_ns == record.mtime_ns


def state_path(site_dir: Path) -> Path:
    return site_dir / CACHE_FOLDER / STATE_FILE


def load_state(site_dir: Path) -> BuildState | None:
    """The state the last build left, or None when there is none worth trusting."""
    try:
        data = json.loads(state_path(site_dir).read_text(encoding="utf-8"))
        if data.get("version") != STATE_VERSION:
            return None
        reads = [(str(name), str(key), str(result)) for name, key, result in data["reads"]]
        return BuildState(
            output_dir=data["output_dir"],
            pages={k: _page_record(v, reads) for k, v in data["pages"].items()},
            files={k: FileRecord(str(d), int(s), int(m)) for k, (d, s, m) in data["files"].items()},
            markdown=dict(data["markdown"]),
            sources=dict(_source_from_json(entry) for entry in data["sources"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return None


def _page_record(data: Mapping[str, Any], reads: list[tuple[str, str, str]]) -> PageRecord:
    return PageRecord(str(data["fingerprint"]), tuple(reads[int(number)] for number in data["reads"]))


def _numbered_reads(pages: Mapping[str, PageRecord]) -> tuple[list[tuple[str, str, str]], dict[str, Any]]:
    """Every distinct read once, and each page's reads as numbers into that list: many pages
    read the same things (a project's title on every list that shows it), so the state is a
    quarter of the size it would be with every page's reads written out."""
    numbers: dict[tuple[str, str, str], int] = {}
    records = {
        path: {
            "fingerprint": record.fingerprint,
            "reads": [numbers.setdefault(read, len(numbers)) for read in record.reads],
        }
        for path, record in pages.items()
    }
    return list(numbers), records


def _keepable(source: SourceFile) -> bool:
    """Only front matter that JSON gives back unchanged is kept (YAML can hold more types)."""
    return _plain_json(dict(source.meta))


def _plain_json(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain_json(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain_json(v) for v in value)
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))  # no NaN, no infinity
    return value is None or isinstance(value, (str, int, bool))


def _source_to_json(path: Path, entry: tuple[str, SourceFile]) -> list[Any]:
    signature, source = entry
    lines = [[list(key), line] for key, line in source.key_lines.items()]
    return [
        str(path),
        signature,
        source.kind,
        source.name,
        source.language,
        dict(source.meta),
        lines,
        source.body,
        source.body_line,
    ]


def _source_from_json(entry: list[Any]) -> tuple[Path, tuple[str, SourceFile]]:
    path, signature, kind, name, language, meta, lines, body, body_line = entry
    key_lines = MappingProxyType({tuple(key): int(line) for key, line in lines})
    source = SourceFile(
        Path(path), kind, name, language, MappingProxyType(meta), key_lines, body, int(body_line)
    )
    return Path(path), (signature, source)


def save_state(site_dir: Path, state: BuildState) -> tuple[Problem, ...]:
    """Write the state atomically; a half-written file would only be ignored, but why risk it.

    The state only makes the next build faster, so one that cannot be saved (a read-only disk,
    a folder where the file should be) never stops a build: the problem is returned, for the
    report, and the next build renders everything, as a clean build would.
    """
    path = state_path(site_dir)
    reads, pages = _numbered_reads(state.pages)
    data = {
        "version": STATE_VERSION,
        "output_dir": state.output_dir,
        "reads": reads,
        "pages": pages,
        "files": {k: [v.digest, v.size, v.mtime_ns] for k, v in state.files.items()},  # asdict is slow
        "markdown": dict(state.markdown),
        "sources": [
            _source_to_json(path, entry) for path, entry in state.sources.items() if _keepable(entry[1])
        ],
    }
    temporary = path.with_suffix(".tmp")
    try:
        path.parent.mkdir(exist_ok=True)
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
        (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    except (OSError, ValueError) as error:
        for leftover in (temporary, path):  # an older state must not outlive this build
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        return (_not_saved(path, error),)
    return ()


def _not_saved(path: Path, error: Exception) -> Problem:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return Problem(
        Text(
            "what this build did could not be saved for the next one ({reason}); the site was built "
            "correctly, but the next build will make every page again",
            reason=reason,
        ),
        path,
        hint=Text(
            "delete the {folder} folder (it only makes rebuilds faster), or make it writable",
            folder=CACHE_FOLDER,
        ),
    )
