"""Watching the site's sources: one rebuild per burst of saves, one build at a time.

    watched_sources   what a save in rebuilds the site: content/, themes/, templates/, site_config.toml
    SourceRoots       those of them that exist now, each with its inode
    SourceFilter      which changes count: not editors' scratch files, not hidden files
    Watch             waits for saves and rebuilds, on the thread that runs it

The waiting is watchfiles': the operating system tells it about changes (inotify, FSEvents,
ReadDirectoryChangesW, through the Rust `notify` crate), so an idle `serve` uses no CPU,
however large the site. watchfiles also groups a burst: the changes are handed over once
QUIET_MS pass without a new one, or MAX_WAIT_MS after the first even if saves go on.

Only the sources are watched, never the site folder as a whole: the output folder and
`.infoblokk-cache/` (which the configuration keeps outside content/, themes/ and templates/)
hold thousands of folders on a large site, and every build writes there. A folder that does
not exist yet cannot be watched, and a file watch ends when an editor saves by renaming a new
file over the old one (as vim does with site_config.toml). So after every batch of changes,
and every CHECK_MS while there are none, `Watch` looks whether a source appeared, disappeared
or was replaced; if one did, it watches the sources anew, then rebuilds.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from infoblokk.layout import SiteFolders

QUIET_MS = 200  # rebuild once no file has changed for this long…
MAX_WAIT_MS = 2_000  # …or once the first unbuilt change is this old, even if saves go on
CHECK_MS = 300  # with no saves, how often to look whether a source folder appeared or was replaced

Rebuild = Callable[[tuple[Path, ...]], None]


def watched_sources(site_dir: Path) -> tuple[Path, ...]:
    """What a save in rebuilds the site: content (static files too), themes, overrides, config."""
    folders = SiteFolders(site_dir)
    return (folders.content, folders.themes, folders.templates, folders.config_file)


@dataclass(frozen=True)
class SourceRoots:
    """The watched sources that exist, each with its inode (which a replaced file changes)."""

    inodes: frozenset[tuple[Path, int]]

    @classmethod
    def of(cls, site_dir: Path) -> SourceRoots:
        found = set()
        for path in watched_sources(site_dir):
            try:
                found.add((path, path.stat().st_ino))
            except OSError:  # not there (yet)
                continue
        return cls(frozenset(found))

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(sorted(path for path, _ in self.inodes))

    def changed(self, now: SourceRoots) -> set[Path]:
        """The sources that appeared, disappeared or were replaced since these were taken."""
        return {path for path, _ in self.inodes ^ now.inodes}


@dataclass(frozen=True)
class SourceFilter:
    """watchfiles' filter: a change counts unless a part of its path is scratch or hidden.

    A folder "modified" (as polling reports a folder whose files changed) does not count
    either: the changes of the files in it are reported for themselves.
    """

    site_dir: Path

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        changed = Path(path)
        parts = changed.relative_to(self.site_dir).parts if changed.is_relative_to(self.site_dir) else ()
        if any(scratch(part) for part in parts or (changed.name,)):
            return False
        return not (change == watchfiles.Change.modified and changed.is_dir())


def scratch(name: str) -> bool:
    """Hidden files, editors' swap, backup and lock files, vim's write test: not sources."""
    return (
        name.startswith(".")
        or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp"))
        or (name.startswith("#") and name.endswith("#"))
        or name == "4913"
    )


class Watch:
    """Wait for saves in the sources and rebuild once per burst: one build at a time.

    `run` blocks until `stop` is set (watchfiles looks at it every `quiet_ms`). Builds run on
    its thread, between waits: changes saved during a build are kept by the watcher and build
    once more afterwards. `ready` is set once the watcher sees every save; from then on none
    is missed, so `serve` waits for it before its first build.
    """

    def __init__(
        self,
        site_dir: Path,
        rebuild: Rebuild,
        quiet_ms: int = QUIET_MS,
        max_wait_ms: int = MAX_WAIT_MS,
        check_ms: int = CHECK_MS,
    ) -> None:
        self.site_dir = site_dir
        self.ready = threading.Event()
        self._rebuild = rebuild
        self._quiet_ms = quiet_ms
        self._max_wait_ms = max_wait_ms
        self._check_ms = check_ms

    def run(self, stop: threading.Event) -> None:
        """Watch and rebuild until `stop` is set; OSError if the system cannot watch the files."""
        unbuilt: set[Path] = set()
        while not stop.is_set():
            try:
                unbuilt = self._watch(SourceRoots.of(self.site_dir), unbuilt, stop)
            except FileNotFoundError:  # a source went away while the watcher started: look again
                stop.wait(self._quiet_ms / 1000)

    def _watch(self, roots: SourceRoots, unbuilt: set[Path], stop: threading.Event) -> set[Path]:
        """Rebuild after each batch of changes until the roots change; return what is unbuilt.

        A rebuild waits for the first batch or timeout: only then is the watcher surely running.
        """
        batches = watchfiles.watch(
            *roots.paths,
            watch_filter=SourceFilter(self.site_dir),
            debounce=self._max_wait_ms,
            step=self._quiet_ms,
            stop_event=stop,
            rust_timeout=self._check_ms,
            yield_on_timeout=True,
        )
        with contextlib.closing(batches):  # stops the operating system's watches on return
            for changes in batches:
                self.ready.set()
                unbuilt = unbuilt | {Path(path) for _, path in changes}
                now = SourceRoots.of(self.site_dir)
                if now != roots:
                    return unbuilt | roots.changed(now)
                if unbuilt:
                    self._rebuild(tuple(sorted(unbuilt)))
                    unbuilt = set()
        return unbuilt
