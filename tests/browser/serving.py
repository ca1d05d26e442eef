"""The example site's pages, known when pytest collects the tests, and a local server for a build.

`example_pages()` names every page of the example site (for parametrizing), `page_id` makes a
short test id of one, and `serve(root, prefix)` serves an output folder at a path prefix.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.helpers import example_site_build

SUB_PATH = "/efop/"


def html_pages(output_dir: Path) -> tuple[str, ...]:
    """The output paths of every index.html and 404.html under `output_dir`, sorted."""
    names = ("index.html", "404.html")
    return tuple(
        sorted(p.relative_to(output_dir).as_posix() for p in output_dir.rglob("*.html") if p.name in names)
    )


def example_pages() -> tuple[str, ...]:
    """Every page of the example site; the same build the `example_site` fixture returns."""
    return html_pages(example_site_build().output_dir)


def page_id(path: str) -> str:
    """`projektek/zala/index.html` → `projektek/zala/`; the home page is `home`."""
    if path == "index.html":
        return "home"
    return path.removesuffix("index.html")


class _Handler(SimpleHTTPRequestHandler):
    """Files of one folder under one path prefix; anything outside the prefix is 404."""

    prefix = "/"

    def send_head(self) -> Any:
        if not self.path.startswith(self.prefix):
            self.send_error(404, "outside the served prefix")
            return None
        self.path = "/" + self.path[len(self.prefix) :]
        return super().send_head()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@functools.cache
def _handler_class(prefix: str) -> type[_Handler]:
    return type(f"Handler{abs(hash(prefix))}", (_Handler,), {"prefix": prefix})


@dataclass(frozen=True)
class Server:
    base: str  # e.g. http://127.0.0.1:43210/efop/
    origin: str  # e.g. http://127.0.0.1:43210

    def url(self, path: str) -> str:
        return self.base + path


def serve(root: Path, prefix: str = "/") -> Iterator[Server]:
    """Serve `root` at `prefix` on a free local port until the generator is closed."""
    handler = functools.partial(_handler_class(prefix), directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield Server(origin + prefix, origin)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
