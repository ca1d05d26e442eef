"""The threads of the search index: the parts' Pagefind services run at once (`at_once`),
taking turns (`Relay`), and each part made kept while the next is made (`PartKeeper`). What a
part is, and how it is made and kept, is `search`'s business."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from infoblokk.errors import BuildCancelled
from infoblokk.output import MadeFile, OutputFile

KeepPart = Callable[[int, str, tuple[OutputFile, ...]], tuple[MadeFile, ...]]


class PartKeeper:
    """Keeps the parts made (see `search._kept_part`) one at a time, `aside` on a thread of its own
    while the caller goes on (else at once: one part alone has nothing to overlap with): at most
    one part waits to be kept, so that the parts' files do not pile up in memory. Leaving the
    `with` waits until every part is kept: no thread outlives it."""

    def __init__(self, keep: KeepPart, *, aside: bool) -> None:
        self._keep = keep
        self._pool = ThreadPoolExecutor(max_workers=1) if aside else None
        self._lock = threading.Lock()
        self._last: Future[tuple[MadeFile, ...]] | None = None

    def __enter__(self) -> PartKeeper:
        return self

    def __exit__(self, *exception: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def keep(self, number: int, key: str, files: tuple[OutputFile, ...]) -> Future[tuple[MadeFile, ...]]:
        """The part's files as kept, once they are; raises the last part's error, if keeping it failed."""
        if self._pool is None:
            kept: Future[tuple[MadeFile, ...]] = Future()
            kept.set_result(self._keep(number, key, files))
            return kept
        with self._lock:
            if self._last is not None:
                self._last.result()
            self._last = self._pool.submit(self._keep, number, key, files)
            return self._last


class Relay:
    """Pagefind services taking turns, so that two run at once but never two make an index at
    once: a service starts when no other is reading its pages, and asks for its index when no
    other is making one (see `Turn`). A service reads a part's pages in about 1 s and makes its
    index in about 1.6 s, on one core: one at a time leaves the other core idle, and two indexes
    made at once would hold the memory of two (a quarter of a megabyte a page each)."""

    def __init__(self) -> None:
        self.reading = threading.Lock()
        self.making = threading.Lock()

    def turn(self, stops: Sequence[threading.Event]) -> Turn:
        return Turn(self, stops)


class Turn:
    """One service's turns in a `Relay`: `read` before it starts, `make` before it asks for its
    index (which gives the reading turn to the next), `end` once it answered or failed, which
    gives back whatever it still holds. `make` may be called from another thread than the others."""

    def __init__(self, relay: Relay, stops: Sequence[threading.Event]) -> None:
        self._relay = relay
        self._stops = stops
        self._held: list[threading.Lock] = []
        self._ended = threading.Event()
        self._guard = threading.Lock()

    def read(self) -> None:
        """Wait for the reading turn; raises BuildCancelled if a stop comes first."""
        if not self._take(self._relay.reading):
            raise BuildCancelled()

    def make(self) -> bool:
        """Wait for the making turn, then give the reading turn to the next service; False if a
        stop came first or the service ended meanwhile (it is then not to ask for its index)."""
        if not self._take(self._relay.making):
            return False
        self._give(self._relay.reading)
        return True

    def end(self) -> None:
        self._ended.set()
        with self._guard:
            held, self._held = self._held, []
        for lock in held:
            lock.release()

    def _take(self, lock: threading.Lock) -> bool:
        while not lock.acquire(timeout=TURN_WAIT_SECONDS):
            if self._ended.is_set() or any(stop.is_set() for stop in self._stops):
                return False
        with self._guard:
            if not self._ended.is_set():
                self._held.append(lock)
                return True
        lock.release()  # ended while it waited: the turn goes to the next at once
        return False

    def _give(self, lock: threading.Lock) -> None:
        with self._guard:
            if lock in self._held:
                self._held.remove(lock)
                lock.release()


TURN_WAIT_SECONDS = 0.1  # how often a service waiting for its turn looks whether to stop


Result = TypeVar("Result")


def at_once(
    tasks: Sequence[Callable[[Sequence[threading.Event]], Result]],
    cancel: threading.Event | None,
    services: int,
) -> list[Result]:
    """The tasks' results in their order, run on `services` threads (the work is in the
    Pagefind processes they drive). Each task is given the events that should stop
    it: `cancel`, and one set when another task fails, so that a failure stops them all.
    Raises BuildCancelled when `cancel` was set, else the first failed task's error."""
    failed = threading.Event()
    stops = (failed,) if cancel is None else (cancel, failed)

    def run(task: Callable[[Sequence[threading.Event]], Result]) -> Result:
        if any(stop.is_set() for stop in stops):
            raise BuildCancelled()
        try:
            return task(stops)
        except BaseException:
            failed.set()
            raise

    if len(tasks) <= 1 or services <= 1:
        return [run(task) for task in tasks]
    with ThreadPoolExecutor(max_workers=min(len(tasks), services)) as pool:
        futures = [pool.submit(run, task) for task in tasks]
    return _results(futures, cancel)


def _results(futures: list[Future[Result]], cancel: threading.Event | None) -> list[Result]:
    """The finished futures' results; BuildCancelled if cancelled, else the first real error
    (not the BuildCancelled of a task stopped because another failed)."""
    if cancel is not None and cancel.is_set():
        raise BuildCancelled()
    errors = [error for future in futures if (error := future.exception()) is not None]
    for error in errors:
        if not isinstance(error, BuildCancelled):
            raise error
    if errors:
        raise errors[0]
    return [future.result() for future in futures]
