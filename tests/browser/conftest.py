"""Browser-only fixtures: Chromium, the example site served, and skipping without the tools.

The tools and their paths are in `tests/browser/tools.py`, the server in `tests/browser/serving.py`.
A test whose tool is missing is skipped with one reason line; with the environment variable
CI=true it fails instead, so that CI can never pass by skipping.

    @pytest.mark.browser            needs Chromium and the playwright package
    @pytest.mark.requires("axe")    needs tests/tools/node_modules/axe-core
    @pytest.mark.requires("vnu")    needs java and tests/tools/node_modules/vnu-jar

The example site itself is the `example_site` fixture of `tests/conftest.py`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.serving import SUB_PATH, Server, serve
from tests.browser.tools import CHROMIUM_ARGS, chromium_path, missing
from tests.helpers import build_example_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from infoblokk.site import BuildResult

LINK_COUNTS = pytest.StashKey[Counter[str]]()


# --------------------------------------------------------------------------
# Tools: skip without them, or fail with CI=true
# --------------------------------------------------------------------------


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
# The example site, served
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The example built for https://example.org/efop/: only 404.html differs in its links."""
    return build_example_site(tmp_path_factory.mktemp("example-efop"), f"https://example.org{SUB_PATH}")


@pytest.fixture(scope="session")
def served(example_site: BuildResult) -> Iterator[Server]:
    """The example site at the server's root."""
    yield from serve(example_site.output_dir)


@pytest.fixture(scope="session")
def served_under_sub_path(example_site: BuildResult) -> Iterator[Server]:
    """The same output folder at /efop/ (the server strips the prefix and 404s anything else)."""
    yield from serve(example_site.output_dir, SUB_PATH)


@pytest.fixture(scope="session")
def served_sub_path_site(sub_path_site: BuildResult) -> Iterator[Server]:
    yield from serve(sub_path_site.output_dir, SUB_PATH)


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
