"""The example site, built once into a temporary folder and served, and the tools that check it.

Tools: Chromium driven by Playwright (tests marked `browser`), axe-core and the Nu Html
Checker from npm (`npm ci --prefix tests/tools --ignore-scripts`), Java for vnu.jar. A test
whose tool is missing is skipped with one reason line; with the environment variable CI=true it
fails instead, so that CI can never pass by skipping.

    @pytest.mark.browser            needs Chromium and the playwright package
    @pytest.mark.requires("axe")    needs tests/tools/node_modules/axe-core
    @pytest.mark.requires("vnu")    needs java and tests/tools/node_modules/vnu-jar

Set INFOBLOKK_CHROMIUM to a Chromium binary if `chromium` is not on the PATH.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from infoblokk.site import build_site
from tests.test_example_site import copy_example_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / "tests" / "tools" / "node_modules"
AXE_SCRIPT = TOOLS / "axe-core" / "axe.min.js"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = REPO / "tests" / "artifacts"
SITE_PARTS = ("content", "themes", "site_config.toml")
TODAY = date(2024, 6, 1)  # fixed, so that "ongoing" and "finished" do not change with the calendar
SUB_PATH = "/efop/"

VIEWPORTS = {"desktop": (1366, 768), "phone": (375, 667)}
# We run as root on a closed network: no sandbox, nothing phoning home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
INSTALL = "npm ci --prefix tests/tools --ignore-scripts"
LINK_COUNTS = pytest.StashKey[Counter[str]]()


# --------------------------------------------------------------------------
# Tools: skip without them, or fail with CI=true
# --------------------------------------------------------------------------


def chromium_path() -> str | None:
    """INFOBLOKK_CHROMIUM if set (and a file), else `chromium` or `chromium-browser` on the PATH."""
    chosen = os.environ.get("INFOBLOKK_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing(tool: str) -> str | None:
    """Why `tool` cannot be used here, or None when it can."""
    if tool == "chromium":
        if importlib.util.find_spec("playwright") is None:
            return "the playwright package is missing (pip install -e '.[test]')"
        if chromium_path() is None:
            return "Chromium is missing (apt-get install chromium, or set INFOBLOKK_CHROMIUM to its binary)"
    elif tool == "axe":
        if not AXE_SCRIPT.is_file():
            return f"axe-core is missing from tests/tools ({INSTALL})"
    elif tool == "vnu":
        if shutil.which("java") is None:
            return "java is missing for the Nu Html Checker (apt-get install default-jre-headless)"
        if not VNU_JAR.is_file():
            return f"vnu.jar is missing from tests/tools ({INSTALL})"
    else:
        raise ValueError(f"unknown tool {tool!r}")
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "requires(*tools): needs 'axe' or 'vnu' (skipped without them; failed with CI=true)"
    )
    config.stash[LINK_COUNTS] = Counter()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    tools = ["chromium"] if item.get_closest_marker("browser") else []
    tools += [tool for marker in item.iter_markers("requires") for tool in marker.args]
    reasons = [reason for tool in dict.fromkeys(tools) if (reason := missing(tool))]
    if not reasons:
        return
    reason = "; ".join(reasons)
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a missing tool fails instead of skipping)", pytrace=False)
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    counts = config.stash.get(LINK_COUNTS, Counter())
    if counts:
        terminalreporter.section("links checked")
        for mode, count in sorted(counts.items()):
            terminalreporter.write_line(f"{mode}: {count}")


# --------------------------------------------------------------------------
# The example site
# --------------------------------------------------------------------------


@functools.cache
def example_pages() -> tuple[str, ...]:
    """Every page of the example site, known at collection: built once into a throw-away folder."""
    with tempfile.TemporaryDirectory(prefix="infoblokk-pages-") as folder:
        return build_example(Path(folder) / "site").pages


def page_id(path: str) -> str:
    """`projektek/zala/index.html` → `projektek/zala/`; the home page is `home`."""
    if path == "index.html":
        return "home"
    return path.removesuffix("index.html")


@dataclass(frozen=True)
class BuiltSite:
    """An output folder and its pages (output paths of every index.html and 404.html)."""

    root: Path

    @property
    def pages(self) -> tuple[str, ...]:
        names = ("index.html", "404.html")
        return tuple(
            sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html") if p.name in names)
        )


def build_example(folder: Path, base_url: str | None = None) -> BuiltSite:
    """Copy the repo's example site into `folder` and build it there (the repo's public/ is left alone)."""
    folder.mkdir(parents=True, exist_ok=True)
    copy_example_site(folder)
    if base_url is not None:
        config = folder / "site_config.toml"
        lines = config.read_text(encoding="utf-8").splitlines()
        lines = [f'base_url = "{base_url}"' if line.startswith("base_url") else line for line in lines]
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return BuiltSite(build_site(folder, today=TODAY).output_dir)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_example(tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="session")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The example built for https://example.org/efop/: only 404.html differs in its links."""
    return build_example(tmp_path_factory.mktemp("example-efop"), f"https://example.org{SUB_PATH}")


# --------------------------------------------------------------------------
# Serving it
# --------------------------------------------------------------------------


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


@pytest.fixture(scope="session")
def served(example_site: BuiltSite) -> Iterator[Server]:
    """The example site at the server's root."""
    yield from serve(example_site.root)


@pytest.fixture(scope="session")
def served_under_sub_path(example_site: BuiltSite) -> Iterator[Server]:
    """The same output folder at /efop/ (the server strips the prefix and 404s anything else)."""
    yield from serve(example_site.root, SUB_PATH)


@pytest.fixture(scope="session")
def served_sub_path_site(sub_path_site: BuiltSite) -> Iterator[Server]:
    yield from serve(sub_path_site.root, SUB_PATH)


# --------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def link_counts(pytestconfig: pytest.Config) -> Counter[str]:
    """Links checked per mode; printed in the "links checked" section at the end of the run."""
    return pytestconfig.stash[LINK_COUNTS]
