"""Pagefind services taking turns (`search_threads.Relay`): two run at once, one reading its
pages while the other makes its index, and never two indexes made at once (each holds the
memory of a whole part while it is made)."""

from __future__ import annotations

import threading
import time

import pytest

from infoblokk.errors import BuildCancelled
from infoblokk.outputs.search_threads import Relay


class _Watch:
    """How many services read, and made an index, at the same time, at most."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.now = {"reading": 0, "making": 0}
        self.most = {"reading": 0, "making": 0, "both": 0}

    def enter(self, phase: str) -> None:
        with self._lock:
            self.now[phase] += 1
            self.most[phase] = max(self.most[phase], self.now[phase])
            both = self.now["reading"] > 0 and self.now["making"] > 0
            self.most["both"] = max(self.most["both"], int(both))

    def leave(self, phase: str) -> None:
        with self._lock:
            self.now[phase] -= 1


def _service(relay: Relay, watch: _Watch, stops: tuple[threading.Event, ...] = ()) -> None:
    """What `pagefind_service` does in its turns: read, then make, then end."""
    turn = relay.turn(stops)
    turn.read()
    try:
        watch.enter("reading")
        time.sleep(0.02)
        watch.leave("reading")
        assert turn.make()
        watch.enter("making")
        time.sleep(0.03)
        watch.leave("making")
    finally:
        turn.end()


def test_services_overlap_reading_with_making_but_never_make_two_indexes_at_once() -> None:
    relay, watch = Relay(), _Watch()
    threads = [threading.Thread(target=_service, args=(relay, watch)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads)
    assert watch.most == {"reading": 1, "making": 1, "both": 1}


def test_a_service_waiting_for_its_turn_stops_when_the_build_is_cancelled() -> None:
    relay = Relay()
    holder = relay.turn(())
    holder.read()  # another service reads its pages and never gives the turn
    cancel = threading.Event()
    waiting = relay.turn((cancel,))
    threading.Timer(0.2, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(BuildCancelled):
        waiting.read()
    assert time.monotonic() - started < 5
    holder.end()


def test_a_service_that_ends_while_waiting_to_make_its_index_gives_its_turns_back() -> None:
    """A service that failed while its writer waited for the making turn: the writer stops
    waiting, and the next service gets both turns."""
    relay = Relay()
    maker = relay.turn(())
    maker.read()
    assert maker.make()  # makes its index, holding the making turn
    failing = relay.turn(())
    failing.read()
    answer: list[bool] = []
    writer = threading.Thread(target=lambda: answer.append(failing.make()))
    writer.start()
    failing.end()
    writer.join(timeout=5)
    assert answer == [False]
    maker.end()
    after = relay.turn(())
    after.read()
    assert after.make()
    after.end()
