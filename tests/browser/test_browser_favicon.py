"""Chromium asks every site for its icon; the example site answers, so no 404 is logged.

The browser fetches the icon itself, outside the page (Playwright does not see the request),
so a server of this test's own records what was asked for and what was not found.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from infoblokk.site import BuildResult

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


class _Recording(SimpleHTTPRequestHandler):
    asked: list[tuple[str, int]]  # (path, status), shared by the handlers of one server

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        self.asked.append((self.path, int(code) if str(code).isdigit() else 0))

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(root: Path, asked: list[tuple[str, int]]) -> Iterator[str]:
    handler_class = type("Recording", (_Recording,), {"asked": asked})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler_class, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("path", ["", "projektek/zala-felzarkozas/", "akadalymentesitesi-nyilatkozat/"])
def test_the_browser_finds_the_sites_icon(chromium: Browser, example_site: BuildResult, path: str) -> None:
    asked: list[tuple[str, int]] = []
    server = _serve(example_site.output_dir, asked)
    base = next(server)
    try:
        page = chromium.new_page()
        page.goto(base + path, wait_until="load")
        deadline = time.monotonic() + 5
        while not any("favicon" in asked_path for asked_path, _ in asked) and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        page.close()
    finally:
        server.close()
    icons = [(asked_path, status) for asked_path, status in asked if "favicon" in asked_path]
    assert icons, f"the browser asked for no icon: {asked}"
    assert all(status == 200 for _, status in icons), icons
    assert [entry for entry in asked if entry[1] >= 400] == []
