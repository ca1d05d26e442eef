"""Work on every core: Markdown and pages made in worker processes where it pays.

`on_all_cores(work, count)` gives `[work(0), …, work(count - 1)]`, computing them in forked
worker processes when there are enough of them and the system can fork: each worker starts as
a copy of the build (the loaded site, the templates), so nothing big is sent to it; it gets
ranges of numbers and sends back only the results. Workers write no file but into the build's
spool (a page, where the work is rendering with a spool), which the next build empties first,
so a build killed at any moment leaves nothing of theirs behind; and the results are the same,
in the same order, as the one-process loop gives. `each_on_all_cores`
gives them one at a time as they come, with their numbers, so that a caller can put each away
(a page into the spool) instead of holding them all.

A worker shares the build's memory with it until it writes to it, and then the system copies
each page of memory written to: even reading an object writes its reference count. So the
objects of the build are frozen while workers run (`gc.freeze`), as a worker's garbage
collector would otherwise write to every one of them, and a worker makes a share of SHARE
chunks and ends, a new one forked afresh taking the next share: a worker that went through a
whole large site came to hold a copy of most of the build (hundreds of megabytes each).
Shares are taken in turn by whichever worker is free, which spreads the work evenly.

A worker ends with the build: on Linux it asks the system to kill it when its parent dies
(`PR_SET_PDEATHSIG`), so that a build killed with SIGKILL leaves no worker rendering its share
alone; elsewhere a worker ends at its next result, which it has no one to send to.

Where forking is unsafe or impossible (Windows, or a process running threads, as `serve`
does) or the work is small, the loop simply runs here.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from infoblokk.collection import objects_frozen

Result = TypeVar("Result")

WORKERS_VARIABLE = "INFOBLOKK_WORKERS"
MIN_COUNT = 200  # below this, starting workers costs more than it saves
CHUNK = 64  # numbers a worker sends back at a time
SHARE = 4  # chunks a worker makes before it ends (see `_forked`)
PR_SET_PDEATHSIG = 1  # Linux's prctl option: the signal a process gets when its parent dies


class WorkerFailed(RuntimeError):
    """A worker raised: a bug in infoblokk, with the worker's traceback as the message."""


def on_all_cores(work: Callable[[int], Result], count: int, workers: int | None = None) -> list[Result]:
    """`work(i)` for every `i` below `count`, in order; in worker processes where it pays."""
    results: list[Any] = [None] * count
    for number, result in each_on_all_cores(work, count, workers):
        results[number] = result
    return results


def each_on_all_cores(
    work: Callable[[int], Result], count: int, workers: int | None = None
) -> Iterator[tuple[int, Result]]:
    """`(i, work(i))` for every `i` below `count`, as each is made (in no set order where
    workers make them); in worker processes where it pays."""
    workers = workers if workers is not None else worker_count()
    if workers < 2 or count < MIN_COUNT or not _can_fork():
        return ((number, work(number)) for number in range(count))
    return _forked(work, count, workers)


def release_free_memory() -> None:
    """Give the memory this process freed back to the system, where the C library can (glibc):
    it otherwise keeps it for later, and the build's peak counts it (texts of a large site
    freed after one stage are tens of megabytes). Called before workers are forked, so that
    they do not start with it either, and before the search index is made."""
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if trim is not None:
        trim(0)


def worker_count() -> int:
    """`INFOBLOKK_WORKERS` if set (1: everything in one process), else the number of cores."""
    chosen = os.environ.get(WORKERS_VARIABLE, "").strip()
    return int(chosen) if chosen.isdigit() and int(chosen) > 0 else os.cpu_count() or 1


def _can_fork() -> bool:
    """Forking copies only the calling thread: safe only where there is no other."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _forked(work: Callable[[int], Result], count: int, workers: int) -> Iterator[tuple[int, Result]]:
    """The workers start when the first result is asked for, and are stopped when the results
    are all given or the caller stops asking (the iterator is closed). Each does one share of
    SHARE chunks and ends; a new one, forked afresh, takes the next share."""
    context = multiprocessing.get_context("fork")
    chunks = [(start, min(start + CHUNK, count)) for start in range(0, count, CHUNK)]
    size = max(1, min(SHARE, -(-len(chunks) // workers)))  # every worker gets a share, however small the work
    shares = deque(chunks[start : start + size] for start in range(0, len(chunks), size))
    release_free_memory()
    with objects_frozen():  # a worker's garbage collector would touch, and so copy, every object of the build
        yield from _shares_done(work, shares, workers, context)


def _shares_done(
    work: Callable[[int], Result], shares: deque[list[tuple[int, int]]], workers: int, context: Any
) -> Iterator[tuple[int, Result]]:
    running: dict[Connection, Any] = {}  # each worker's end of its pipe → its process
    try:
        while shares or running:
            while shares and len(running) < workers:
                receiving, sending = context.Pipe(duplex=False)
                process = context.Process(
                    target=_work_on, args=(work, shares.popleft(), sending, os.getpid()), daemon=True
                )
                process.start()
                sending.close()
                running[receiving] = process
            for start, values in _received(running):
                yield from enumerate(values, start)
    finally:
        for process in running.values():
            process.join(timeout=5)
            if process.is_alive():
                process.kill()


def _work_on(
    work: Callable[[int], Any], share: list[tuple[int, int]], sending: Connection, parent: int
) -> None:
    """In a worker: each chunk's results, sent back as soon as they are made."""
    _end_with(parent)
    try:
        for start, stop in share:
            sending.send((start, [work(number) for number in range(start, stop)]))
        sending.send(None)
    except BaseException:  # everything, so that the build hears of it instead of waiting
        sending.send(WorkerFailed(traceback.format_exc()))
    finally:
        sending.close()


def _end_with(parent: int) -> None:
    """Be killed when `parent` dies, where the system offers it (Linux); if it died while this
    worker was starting, end now."""
    name = ctypes.util.find_library("c")
    prctl = getattr(ctypes.CDLL(name), "prctl", None) if name else None
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _received(running: dict[Connection, Any]) -> Iterator[tuple[int, list[Any]]]:
    """The results of whichever workers have some ready; a worker that is done leaves `running`."""
    for receiving in wait(list(running)):
        assert isinstance(receiving, Connection)
        try:
            message = receiving.recv()
        except EOFError:
            raise WorkerFailed("a worker process ended without its results") from None
        if message is None:
            running.pop(receiving).join()
            receiving.close()
        elif isinstance(message, WorkerFailed):
            raise message
        else:
            yield message
