"""Python's garbage collector kept out of a large build's way.

A full collection looks at every object the process holds. A large site's loaded content is
millions of objects, none of them garbage before the build ends, and at 10,000 projects the
seven full collections of a one-page edit took four seconds; a worker's collector would also
touch, and so copy, every object it shares with the build (see `render.workers`). The build's
own garbage is nearly all freed as soon as it is let go of, without a collection.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_OBJECTS = 50_000
"""New objects (less those freed) between two collections of the youngest during a build:
Python's 700 made a one-page edit at 10,000 projects collect all it held seven times."""


@contextmanager
def no_collection() -> Iterator[None]:
    """No collection in the block: for making tens of thousands of objects that are kept."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _FreezingBlocks:
    """How many blocks that freeze objects (`objects_frozen`, `collected_seldom`) the process is
    in now. The collector is the process's, so this count is too: `gc.get_freeze_count()`
    would tell whether anything is frozen, but it counts the frozen objects one by one (a
    walk of millions on a large site at every block)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open = 0

    def enter(self) -> bool:
        """A block begins; True when it is the outermost one."""
        with self._lock:
            self._open += 1
            return self._open == 1

    def leave(self) -> None:
        with self._lock:
            self._open -= 1


_BLOCKS = _FreezingBlocks()


@contextmanager
def objects_frozen() -> Iterator[None]:
    """Every object there is now left out of the collector's walks (`gc.freeze`) until the
    block ends; within another such block (or `collected_seldom`), until that one ends.
    Objects made in the block are collected as usual."""
    outermost = _BLOCKS.enter()
    gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()
        _BLOCKS.leave()


@contextmanager
def collected_seldom() -> Iterator[None]:
    """A build: collections of the youngest objects only every `YOUNG_OBJECTS`, and whatever
    was frozen in the block (`freeze_what_is_made`) is given back to the collector at its end."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], YOUNG_OBJECTS), *thresholds[1:])
    outermost = _BLOCKS.enter()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()
        _BLOCKS.leave()
        gc.set_threshold(*thresholds)


def freeze_what_is_made() -> None:
    """Leave every object there is now (the loaded site) out of the collector's walks until
    the enclosing `collected_seldom` block ends."""
    gc.freeze()
