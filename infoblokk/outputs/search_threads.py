"""The threads of the search index: the parts' Pagefind services run at once (`at_once`),
and each part made kept while the next is made (`PartKeeper`). What a part is, and how it is
made and kept, is `search`'s business."""

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
