"""`serve`: the last build's outcome, the startup, and a real run that rebuilds and stops."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from infoblokk.errors import BuildFailed
from infoblokk.serve.builder import SiteBuilder
from infoblokk.serve.command import ServeSession, address, bind_message
from infoblokk.serve.watch import Watch
from tests.helpers import BROKEN, REPO, MakeSite, run_cli, snapshot

# --- the last build's outcome --------------------------------------------------------------------


def test_the_builder_keeps_the_last_good_output_and_passes_its_state_on(tmp_path: Path) -> None:
    (tmp_path / "site_config.toml").write_text('title = "x"\noutput_dir = "kimenet"\n', encoding="utf-8")
    calls: list[object | None] = []
    results = iter(["first", BuildFailed(BROKEN), RuntimeError("oops"), "second"])

    @dataclass
    class Result:  # the fields of BuildResult that serve reads
        output_dir: Path
        state: object

    def build(site_dir: Path, previous: object | None = None, **_: object) -> Result:
        calls.append(previous)
        outcome = next(results)
        if isinstance(outcome, Exception):
            raise outcome
        return Result(site_dir / "kimenet", outcome)

    builder = SiteBuilder(tmp_path, build)
    assert builder.outcome.output_dir == tmp_path / "kimenet" and not builder.outcome.ok
    assert builder.build().ok
    failed = builder.build()
    assert (failed.ok, failed.problems, failed.output_dir) == (False, BROKEN, tmp_path / "kimenet")
    crashed = builder.build()
    assert "RuntimeError: oops" in crashed.problems[0].message
    assert "bug in infoblokk" in str(crashed.problems[0].hint)
    assert builder.build().ok
    assert calls == [None, "first", "first", "first"]


def test_a_cancelled_build_leaves_the_site_and_the_last_outcome_as_they_were(make_site: MakeSite) -> None:
    """What `serve` does when Ctrl+C comes while the search index catches up after a save."""
    site = make_site()
    builder = SiteBuilder(site)
    first = builder.build()
    assert first.ok
    before = snapshot(site / "public")
    page = site / "content/projects/p.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nÚj bekezdés.\n", encoding="utf-8")
    cancel = threading.Event()
    cancel.set()
    assert builder.build(cancel=cancel) is first
    assert snapshot(site / "public") == before
    assert builder.build().ok and snapshot(site / "public") != before  # the next build makes it


def test_the_builder_runs_one_build_at_a_time(tmp_path: Path) -> None:
    """The first build (on the server's thread) and a rebuild after a save (on the watcher's)."""
    running: list[bool] = []
    overlapped: list[bool] = []

    @dataclass
    class Result:
        output_dir: Path

    def build(site_dir: Path, **_: object) -> Result:
        overlapped.append(bool(running))
        running.append(True)
        time.sleep(0.05)  # a build takes a while
        running.pop()
        return Result(site_dir / "public")

    builder = SiteBuilder(tmp_path, build)
    threads = [threading.Thread(target=builder.build) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlapped == [False] * 4


# --- starting the server ---------------------------------------------------------------------------


def test_a_port_in_use_stops_serve_with_one_clear_line(make_site: MakeSite) -> None:
    site = make_site()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # On a thread of its own: serve starts an event loop, and a test session that has used
        # Playwright's sync API has one running on this thread already.
        with ThreadPoolExecutor(1) as thread:
            code, _, stderr = thread.submit(run_cli, site, "serve", "--port", str(port)).result(timeout=30)
    assert code == 1
    assert stderr.strip() == f"port {port} is in use; choose another with --port {port + 1}"
    assert not (site / "public").exists()  # it stopped before building anything


def test_serve_refuses_a_port_that_is_not_a_number(make_site: MakeSite) -> None:
    code, _, stderr = run_cli(make_site(), "serve", "--port", "80a")
    assert code == 2 and "'80a' is not a port number" in stderr


def test_serve_is_listed_with_its_options() -> None:
    code, stdout, _ = run_cli(Path("."), "serve", "--help")
    assert code == 0
    for option in ("--host", "--port", "--open", "--site"):
        assert option in stdout


def test_other_bind_errors_say_what_to_change() -> None:
    denied = bind_message(PermissionError(13, "Permission denied"), "127.0.0.1", 80)
    unknown = bind_message(OSError(99, "Cannot assign requested address"), "10.9.9.9", 8000)
    assert denied.startswith("not allowed to listen on port 80")
    assert unknown == "cannot listen on 10.9.9.9 port 8000: Cannot assign requested address; check --host"


def test_the_printed_address_is_one_a_browser_can_open() -> None:
    assert address("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert address("0.0.0.0", 8001) == "http://127.0.0.1:8001/"
    assert address("::1", 8000) == "http://[::1]:8000/"


def test_a_watcher_that_cannot_start_is_explained_and_the_server_goes_on(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    class Unwatchable(Watch):
        def run(self, stop: threading.Event) -> None:
            raise OSError(28, "OS file watch limit reached")

    site = make_site()
    watch = Unwatchable(site, lambda changed: None)
    ServeSession(site).run_watch(watch)
    assert watch.ready.is_set()  # serve does not wait for it before the first build
    assert "Cannot watch the site's files for saves" in capsys.readouterr().err


# --- a real run --------------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="sends Ctrl+C as SIGINT")
def ignore_and_block_ctrl_c() -> None:
    """As some programs that start others leave it: Ctrl+C ignored and blocked."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


@pytest.mark.parametrize("started_by", ["a terminal", "a program that ignores Ctrl+C"])
def test_serve_rebuilds_after_a_save_and_stops_at_once_on_ctrl_c(
    make_site: MakeSite, started_by: str
) -> None:
    site = make_site()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--site", str(site), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"},
        preexec_fn=ignore_and_block_ctrl_c if started_by != "a terminal" else None,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()
    try:
        wait_for_line(lines, "Serving the site at")
        page = site / "content/projects/p.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nÚj bekezdés.\n", encoding="utf-8")
        assert wait_for_line(lines, "[").endswith("content/projects/p.md changed\n")
        wait_for_line(lines, "Rebuilt in")
        stopping = time.monotonic()
        process.send_signal(signal.SIGINT)
        assert stopped_or_where_it_hangs(process, lines, 30) == 0
        assert time.monotonic() - stopping < 5  # at once, unless the machine is very busy
        assert wait_for_line(lines, "Stopped.")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def stopped_or_where_it_hangs(process: subprocess.Popen[str], lines: queue.Queue[str], seconds: float) -> int:
    """The exit code; a server that does not end in time is made to print every thread's stack
    (Python's fault handler, on SIGABRT), and the test fails with what it printed."""
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        process.wait(timeout=10)
        time.sleep(0.5)  # the reading thread takes the last lines
        printed = []
        while not lines.empty():
            printed.append(lines.get())
        pytest.fail(f"serve did not stop within {seconds} s of Ctrl+C; it printed:\n" + "".join(printed))


def wait_for_line(lines: queue.Queue[str], start: str, seconds: float = 60) -> str:
    """The next line that starts with `start`, waiting for it at most `seconds`."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line.startswith(start):
            return line
    pytest.fail(f"serve did not print a line starting with {start!r} within {seconds} s")
