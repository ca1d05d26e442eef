"""Watching the site's sources: one rebuild per burst of saves, once the files are quiet.

    Debouncer     turns a burst of change notices into one rebuild, once the files are quiet
    scan          a snapshot of every watched file (modification time, size, inode)
    Watch         scans the sources for changes and rebuilds, one build at a time

`serve` runs `Watch` on a thread of its own: it polls the sources every 0.1 s and rebuilds once
they have been quiet for 0.3 s (livereload's own watcher is slower and drops quick reloads).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from infoblokk.layout import SiteFolders

QUIET_SECONDS = 0.3  # rebuild once the sources have not changed for this long…
MAX_WAIT_SECONDS = 2.0  # …or once the first unbuilt change is this old, even if saves go on
SCAN_SECONDS = 0.1  # how often the sources are checked for changes


class Debouncer:
    """Says "build now" once per burst of change notices: after `quiet` seconds without one.

    A burst that never goes quiet (a program writing a file every 0.1 s) still builds every
    `max_wait` seconds. Safe to notify from any thread.
    """

    def __init__(
        self,
        quiet: float = QUIET_SECONDS,
        max_wait: float = MAX_WAIT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._quiet = quiet
        self._max_wait = max_wait
        self._clock = clock
        self._lock = threading.Lock()
        self._first: float | None = None
        self._last: float | None = None

    def notify(self) -> None:
        with self._lock:
            now = self._clock()
            self._first = now if self._first is None else self._first
            self._last = now

    def take(self) -> bool:
        """True once when a build is due; the notices so far are then consumed."""
        with self._lock:
            if self._first is None or self._last is None:
                return False
            now = self._clock()
            if now - self._last < self._quiet and now - self._first < self._max_wait:
                return False
            self._first = self._last = None
            return True


Snapshot = dict[Path, tuple[int, int, int]]  # path → (mtime in ns, size, inode)


def watched_sources(site_dir: Path) -> tuple[Path, ...]:
    """What a save in rebuilds the site: content (static files too), themes, overrides, config."""
    folders = SiteFolders(site_dir)
    return (folders.content, folders.themes, folders.templates, folders.config_file)


def scan(sources: Iterable[Path], skip: Callable[[], Path | None] = lambda: None) -> Snapshot:
    """Every watched file with its modification time, size and inode; editors' scratch left out."""
    snapshot: Snapshot = {}
    left_out = skip()
    for source in sources:
        _scan_into(source, snapshot, left_out)
    return snapshot


def _scan_into(path: Path, snapshot: Snapshot, left_out: Path | None) -> None:
    try:
        if path.is_dir():
            if path == left_out:
                return
            with os.scandir(path) as entries:
                for entry in entries:
                    if not _scratch(entry.name):
                        _scan_into(Path(entry.path), snapshot, left_out)
        else:
            info = path.stat()
            snapshot[path] = (info.st_mtime_ns, info.st_size, info.st_ino)
    except OSError:  # deleted while we looked; the next scan sees it gone
        pass


def _scratch(name: str) -> bool:
    """Hidden files, editors' swap, backup and lock files, vim's write test: not sources."""
    return (
        name.startswith(".")
        or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp"))
        or (name.startswith("#") and name.endswith("#"))
        or name == "4913"
    )


def changed_paths(before: Snapshot, after: Snapshot) -> set[Path]:
    """Files added, removed or modified between two snapshots."""
    return (before.keys() ^ after.keys()) | {p for p in before.keys() & after.keys() if before[p] != after[p]}


class Watch:
    """Check the sources, and rebuild when a burst of changes is over: one build at a time.

    `step` is one check; `run` calls it every `interval` seconds on the caller's thread until
    `stop` is set. Builds run inside `step`, so two can never overlap, and changes saved during
    a build are found by the next check and build again.
    """

    def __init__(
        self,
        scan: Callable[[], Snapshot],
        rebuild: Callable[[tuple[Path, ...]], None],
        debouncer: Debouncer | None = None,
    ) -> None:
        self._scan = scan
        self._rebuild = rebuild
        self._debouncer = debouncer or Debouncer()
        self._seen = scan()
        self._changed: set[Path] = set()

    def step(self) -> bool:
        """Check once; build if due. True if it built."""
        current = self._scan()
        changed = changed_paths(self._seen, current)
        if changed:
            self._seen = current
            self._changed |= changed
            self._debouncer.notify()
        if not self._debouncer.take():
            return False
        paths, self._changed = tuple(sorted(self._changed)), set()
        self._rebuild(paths)
        return True

    def run(self, stop: threading.Event, interval: float = SCAN_SECONDS) -> None:
        while not stop.wait(interval):
            self.step()
