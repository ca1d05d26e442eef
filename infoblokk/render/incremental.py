"""What each page read when it was last rendered, so that a rebuild renders only what changed.

A page's *channels* are the parts of the site its templates touched: its own item, the list of
projects or news, one project's news, the project a news item belongs to. While a page renders,
the template context notes every channel it reads (`DependencyLog`); the page's fingerprint is a
digest of those channels' current values plus the site-wide inputs (configuration, labels,
templates, banner artwork, infoblokk's version). On the next build a page whose fingerprint is
unchanged, none of whose reads gives anything else now, and whose output file is as it was
written, is neither rendered nor written.

The state lives in `.infoblokk-cache/state.sqlite` (see `store`), read as the build asks for
it and written by difference. It keeps content files by their path in the site folder (see
`in_site`): a site copied or moved to another folder keeps its state. A state file that cannot
be read, or was written by another version, is ignored: the build then renders everything, as
a clean build would.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import sqlite3
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import NamedTuple, TypeVar

from infoblokk import __version__
from infoblokk.content.kept import StoredFile
from infoblokk.errors import Problem
from infoblokk.layout import CACHE_FOLDER, SiteFolders
from infoblokk.messages import Text
from infoblokk.render.linked import LinkedBody
from infoblokk.render.state_writing import StateDraft, write_changes, write_whole
from infoblokk.render.store import (
    ItemDigests,
    Known,
    PageRecord,
    StateChanges,
    StateStore,
    StateUnreadable,
    StoredMarkdown,
    open_store,
)

__all__ = [
    "BuildState",
    "FileRecord",
    "ItemDigests",
    "PageRecord",
    "StateChanges",
    "StateDraft",
    "StateUnreadable",
    "digest",
]

STATE_VERSION = f"infoblokk {__version__} state 21"  # raise when the format or cached HTML would differ
STATE_FILE = "state.sqlite"
EARLIER_STATE_FILES = ("state.json", "state.tmp")  # what versions before the SQLite store left


Value = TypeVar("Value")


def digest(*parts: object) -> str:
    """A stable digest of JSON-able values (anything else by its str())."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class FileRecord(NamedTuple):
    """An output file as infoblokk last wrote it, to notice hand edits and deletions (a named
    tuple: a large site has tens of thousands, read from the state on every rebuild)."""

    digest: str
    size: int
    mtime_ns: int


class BuildState:
    """The last build's state, each part read from the state file when first asked for.

    Its reads raise StateUnreadable when the file turns out to be damaged."""

    def __init__(self, store: StateStore, site_dir: Path) -> None:
        self.store = store
        self.site_dir = site_dir  # content files are kept by their path in it (`in_site`)
        self.output_dir = store.output_dir  # as site_config.toml names it: a moved site keeps its state

    @cached_property
    def files(self) -> Mapping[str, FileRecord]:
        return {path: FileRecord._make(row) for path, row in self.store.files().items()}

    @cached_property
    def markdown(self) -> StoredMarkdown:  # digest of body → HTML, UTF-8: each read when asked for
        return self.store.markdown()

    @property
    def sources(self) -> Mapping[str, StoredFile]:
        """Each content file as kept, by path: read anew each time it is asked for (only
        loading needs it, and a large site's files take tens of megabytes)."""
        return in_site(self.store.sources(), self.site_dir)

    @cached_property
    def source_keys(self) -> Mapping[str, str]:  # each kept content file's key, by path in the site
        return self.store.source_keys()

    @cached_property
    def fingerprints(self) -> Mapping[str, str]:  # every page's fingerprint, by output path
        return self.store.fingerprints()

    @cached_property
    def items(self) -> Mapping[str, str]:  # every item's url → digest of all it held
        return self.store.items()

    @cached_property
    def item_digests(self) -> Mapping[str, ItemDigests]:  # by source path: see `fingerprints.Fingerprints`
        return in_site(self._item_digests_kept, self.site_dir)

    @cached_property
    def links(self) -> Mapping[str, LinkedBody]:  # each body's rewritten links, by source path
        return in_site(self._links_kept, self.site_dir)

    @cached_property
    def _item_digests_kept(self) -> Mapping[str, ItemDigests]:  # by path in the site
        return self.store.item_digests()

    @cached_property
    def _links_kept(self) -> Mapping[str, LinkedBody]:  # by path in the site
        return self.store.links()

    @property
    def links_context(self) -> str:  # what the kept rewrites of links were made against
        return self.store.links_context

    @property
    def facts(self) -> str:  # what the recorded calls were made against
        return self.store.facts

    def known(self) -> Known:
        """What the store holds, as it holds it (content files by their path in the site)."""
        return Known(
            self.files,  # each record is the tuple the store keeps
            self.markdown.keys_kept,  # read once, by the build that read the bodies
            self.source_keys,
            self.items,
            self._item_digests_kept,
            self._links_kept,
        )


def in_site(kept: Mapping[str, Value], site_dir: Path) -> dict[str, Value]:
    """Values the state keeps by a content file's path in the site folder, by the file's path
    (one kept by a path outside the folder is kept by that path as it is)."""
    whole = SiteFolders(site_dir).path_from_site
    return {whole(path): value for path, value in kept.items()}


def in_folder(by_path: Mapping[str, Value], site_dir: Path) -> dict[str, Value]:
    """Values by a content file's path, by its path in the site folder, as the state keeps them:
    a site copied or moved to another folder keeps them (the reverse of `in_site`)."""
    inside = SiteFolders(site_dir).path_in_site
    return {inside(path): value for path, value in by_path.items()}


def _kept_in_folder(changes: StateChanges, site_dir: Path) -> StateChanges:
    """`changes` with the content files by their path in the site folder."""
    return dataclasses.replace(
        changes,
        sources=in_folder(changes.sources, site_dir),
        item_digests=in_folder(changes.item_digests, site_dir),
        links=in_folder(changes.links, site_dir),
    )


def file_record(path: Path, content_digest: str) -> FileRecord:
    status = path.stat()
    return FileRecord(content_digest, status.st_size, status.st_mtime_ns)


def file_is_as_recorded(path: Path | str, record: FileRecord | None) -> bool:
    """True when the output file still is exactly what the last build wrote."""
    if record is None:
        return False
    try:
        status = os.stat(path)
    except OSError:
        return False
    return status.st_size == record.size and status.st_mtime_ns == record.mtime_ns


def state_path(site_dir: Path) -> Path:
    return site_dir / CACHE_FOLDER / STATE_FILE


def load_state(site_dir: Path) -> BuildState | None:
    """The state the last build left, or None when there is none worth trusting."""
    try:
        return BuildState(open_store(state_path(site_dir), STATE_VERSION), site_dir)
    except StateUnreadable:
        return None


def state_draft(site_dir: Path) -> StateDraft | None:
    """A draft of the next state, for a build that will write it whole (one without a state to
    save the differences from); None where it cannot be made (`save_state` then says why)."""
    path = state_path(site_dir)
    try:
        path.parent.mkdir(exist_ok=True)
        return StateDraft(path)
    except (OSError, sqlite3.Error):
        return None


def save_state(
    site_dir: Path, changes: StateChanges, previous: BuildState | None, draft: StateDraft | None = None
) -> tuple[Problem, ...]:
    """Save what the next build needs: the `draft` finished, if there is one; else only what
    changed since `previous` when that is the state in the file, else a new file whole; either
    way in one step.

    The state only makes the next build faster, so one that cannot be saved (a read-only disk,
    a folder where the file should be) never stops a build: the problem is returned, for the
    report, and the next build renders everything, as a clean build would.
    """
    path = state_path(site_dir)
    changes = _kept_in_folder(changes, site_dir)
    try:
        path.parent.mkdir(exist_ok=True)
        if draft is not None:
            draft.finish(STATE_VERSION, changes)
        elif previous is not None and _is_the_file(previous.store, path) and _few(changes):
            write_changes(previous.store, changes, previous.known())
        else:
            write_whole(path, STATE_VERSION, changes)
        (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
        for earlier in EARLIER_STATE_FILES:
            (path.parent / earlier).unlink(missing_ok=True)
    except (OSError, ValueError, sqlite3.Error, StateUnreadable) as error:
        for leftover in (path, path.with_name(path.name + "-journal")):  # no older state may outlive it
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        return (_not_saved(path, error),)
    return ()


def _is_the_file(store: StateStore, path: Path) -> bool:
    """The store still reads the state file at `path` (not one another build put in its place)."""
    try:
        return store.path.samefile(path) and store.identity == path.stat().st_ino
    except OSError:
        return False


def _few(changes: StateChanges) -> bool:
    """Few enough pages rendered that writing them one by one beats writing the file anew."""
    return len(changes.rendered) * 2 <= len(changes.pages)


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
