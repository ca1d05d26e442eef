"""Fixtures every test can use by name; the plain helpers they build on are in `tests/helpers.py`.

- `make_site(files, config=...)` writes a small site into `tmp_path` (site_config.toml, a copy
  of the repo's default theme, and the given files) and returns its folder. File paths are
  relative to the site folder, so they read like the locations infoblokk prints:
  "content/projects/p.md".
- `example_site` is the repository's example site, copied into a temporary folder and built
  once per test run on `helpers.TODAY`. Tests only read it; a test that edits the example site
  makes its own copy with `helpers.copy_example_site(tmp_path)`.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers import DEFAULT_FILES, DEFAULT_THEME, MINIMAL_CONFIG, MakeSite, example_site_build

if TYPE_CHECKING:
    from infoblokk.site import BuildResult


def pytest_configure(config: pytest.Config) -> None:
    """infoblokk speaks the site's language, Hungarian for most test sites; the tests read English.

    `tests/test_messages.py` takes the variable away where it checks the other languages.
    """
    os.environ["INFOBLOKK_LANG"] = "en"


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """A factory of small sites in `tmp_path`: the first is `tmp_path/site`, then `site-2`, …

    `files` maps paths relative to the site folder to their text (written as UTF-8) or bytes
    (written as they are); it defaults to one valid project. `content/` always exists.
    """
    numbers = itertools.count(1)

    def make(files: Mapping[str, str | bytes] | None = None, config: str = MINIMAL_CONFIG) -> Path:
        number = next(numbers)
        site = tmp_path / ("site" if number == 1 else f"site-{number}")
        site.mkdir()
        (site / "site_config.toml").write_text(config, encoding="utf-8")
        shutil.copytree(DEFAULT_THEME, site / "themes" / "default")
        (site / "content").mkdir()
        for relative, text in (DEFAULT_FILES if files is None else files).items():
            path = site / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return site

    return make


@pytest.fixture(scope="session")
def example_site() -> BuildResult:
    """The example site, built once per test run on `TODAY`: read it, never change it."""
    return example_site_build()
