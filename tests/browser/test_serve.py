"""`python build.py serve` with a real browser: a save reloads the open page by itself.

The server runs as the author runs it, `python build.py serve` in a subprocess, on a copy of
the example site in tmp_path. The test only edits files on disk; the page open in Chromium must
follow without the test touching it: new text, then the error page, then the site again.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from infoblokk.content.loading import load_site
from infoblokk.errors import BuildFailed, errors_only
from tests.helpers import REPO, copy_example_site, own_default_theme

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

PROJECT = "content/projects/zala-felzarkozas.md"
PROJECT_URL = "projektek/zala-felzarkozas/"
OLD_SENTENCE = "A Magyar Nemzeti Társadalmi Felzárkózási Stratégia országos célokat fogalmaz meg."
TIMEOUT_MS = 10_000
# The page's livereload.js has finished its handshake with the server.
CONNECTED = (
    "() => !!(window.LiveReload && window.LiveReload.connector && window.LiveReload.connector.protocol)"
)


@dataclass
class LiveServer:
    """A running `serve`: its address, its site folder and what it printed."""

    url: str
    site: Path
    process: subprocess.Popen[str]
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    printed: list[str] = field(default_factory=list)

    def output(self) -> list[str]:
        """Every line printed so far (stdout and stderr together)."""
        while not self.lines.empty():
            self.printed.append(self.lines.get_nowait())
        return self.printed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def copy_example(folder: Path) -> Path:
    folder.mkdir()
    return copy_example_site(folder)


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    site = copy_example(tmp_path / "site")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--site", str(site), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    server = LiveServer(f"http://127.0.0.1:{port}/", site, process)
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(
        target=lambda: [server.lines.put(line.rstrip("\n")) for line in stdout], daemon=True
    ).start()
    try:
        wait_for_line(server, "Serving the site at", 30)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT if os.name == "posix" else signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for_line(server: LiveServer, start: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [line for line in server.output() if line.startswith(start)]
        if found:
            return found[0]
        if server.process.poll() is not None:
            break
        time.sleep(0.05)
    pytest.fail(f"serve did not print {start!r}; it printed:\n" + "\n".join(server.output()))


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context()
    yield context.new_page()
    context.close()


def open_live(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(CONNECTED, timeout=TIMEOUT_MS)
    page.evaluate("window.__beforeTheSave = true")  # gone once the page has really reloaded


def wait_for_reload(page: Page, text: str) -> float:
    """Wait until the page shows `text` after a real reload; return the seconds it took."""
    started = time.perf_counter()
    page.wait_for_function(
        "text => !window.__beforeTheSave && document.body && document.body.innerText.includes(text)",
        arg=text,
        timeout=TIMEOUT_MS,
    )
    seconds = time.perf_counter() - started
    page.wait_for_function(CONNECTED, timeout=TIMEOUT_MS)  # ready for the next save
    page.evaluate("window.__beforeTheSave = true")
    return seconds


def test_a_save_reloads_the_page_shows_errors_and_recovers(live_server: LiveServer, page: Page) -> None:
    source = live_server.site / PROJECT
    original = source.read_text(encoding="utf-8")
    assert OLD_SENTENCE in original
    open_live(page, live_server.url + PROJECT_URL)
    assert OLD_SENTENCE in page.inner_text("main")

    # 1. A new sentence in the body appears by itself.
    edited = original.replace(OLD_SENTENCE, "Ezt a mondatot a szerző épp most mentette el.")
    saved = time.perf_counter()
    source.write_text(edited, encoding="utf-8")
    reload_seconds = wait_for_reload(page, "Ezt a mondatot a szerző épp most mentette el.")
    assert OLD_SENTENCE not in page.inner_text("main")

    # 2. Invalid YAML: the same tab shows the error page, with the file, the line and the hint.
    lines = edited.splitlines(keepends=True)
    line = next(number for number, text in enumerate(lines, 1) if text.startswith("funding_rate:"))
    lines[line - 1] = "funding_rate: 100: százalék\n"
    source.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:  # what the build says about it (reads only)
        load_site(live_server.site)
    (problem,) = errors_only(failure.value.problems)
    assert problem.line == line
    error_seconds = wait_for_reload(page, "The site could not be built")
    assert page.inner_text("h1") == "The site could not be built"
    shown = page.inner_text("main")
    assert f"{PROJECT}, line {line}" in shown
    assert problem.message in shown
    assert f"Hint: {problem.hint}" in shown
    assert page.get_attribute("html", "lang") == "en"

    # 3. Fixed, with one more change: the site is back, with the fixed content.
    fixed = edited.replace("épp most mentette el.", "kijavította, és a honlap újra épül.")
    source.write_text(fixed, encoding="utf-8")
    fixed_seconds = wait_for_reload(page, "kijavította, és a honlap újra épül.")
    assert page.inner_text("h1") != "The site could not be built"

    total = time.perf_counter() - saved
    print(
        f"\nsave → reloaded page: {reload_seconds:.2f} s (new text), {error_seconds:.2f} s (error page), "
        f"{fixed_seconds:.2f} s (fixed); {total:.2f} s in all"
    )
    output = "\n".join(live_server.output())
    assert output.count(f"{PROJECT} changed") == 3, output


def test_a_burst_of_saves_rebuilds_and_reloads_once(live_server: LiveServer, page: Page) -> None:
    open_live(page, live_server.url)
    loads: list[str] = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    site = live_server.site
    touched = [site / "site_config.toml"]
    own_default_theme(site)  # a theme of the site's own: more files, all watched
    touched += [path for folder in ("content", "themes") for path in sorted((site / folder).rglob("*"))]
    assert len(touched) > 20
    for path in touched:  # like a `git checkout`: dozens of files, a few milliseconds apart
        if path.is_file():
            os.utime(path)
        time.sleep(0.005)
    wait_for_reload(page, "")
    time.sleep(1.5)  # long enough for a second rebuild and reload to show, if there were one
    output = live_server.output()
    assert len([line for line in output if line.startswith("Rebuilt")]) == 1, "\n".join(output)
    assert len(loads) == 1
