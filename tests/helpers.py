"""What the tests share besides fixtures: sample content, the command line in-process, the example site.

Fixtures live in `tests/conftest.py` and are used by name; this module is plain code, imported as
`from tests.helpers import ...`. No test module imports another test module or a conftest
(test_code_quality.py checks this).

Small sites (for the `make_site` fixture)
- `VALID_PROJECT`, `VALID_NEWS`, `VALID_PAGE` and `MINIMAL_CONFIG` are content that builds without
  errors; `MakeSite` is the type of the `make_site` fixture.
- `run_cli(site_dir, *args)` runs `infoblokk.cli.main([*args, "--site", site_dir])` and returns
  (exit code, stdout, stderr).
- `snapshot`, `all_paths` and `write_png` help compare output folders and make artwork;
  `BROKEN` is what a build with a broken front matter reports; `require_pagefind` skips a test
  without the Pagefind binary.

The example site (the repository's content/, themes/ and site_config.toml)
- `TODAY` is the fixed date every example build uses.
- `copy_example_site(folder)` copies it, for a test that edits its own copy;
  `own_default_theme(site)` gives a site its own copy of the default theme, to edit;
  `build_example_site(folder)` copies and builds it; `example_site_build()` is the one build
  of the test run, behind the `example_site` fixture.
- `page(result, url)` reads a built page; `visible_text(html)` is its text as a reader sees it;
  `LABELS_IN_ORDER` are the seven facts' labels of a project page, in the prescribed order.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pytest
from PIL import Image

from infoblokk.errors import Problem

if TYPE_CHECKING:
    from infoblokk.site import BuildResult

REPO = Path(__file__).resolve().parent.parent
DEFAULT_THEME = REPO / "infoblokk" / "themes" / "default"  # ships inside the package

# --------------------------------------------------------------------------
# Small sites
# --------------------------------------------------------------------------

MINIMAL_CONFIG = 'title = "Próba honlap"\n'

# Line numbers matter to the tests: title is on line 2, grant_amount on line 4, end_date on 7.
VALID_PROJECT = """\
---
title: Zala megyei felzárkózás-politikai együttműködések
project_id: EFOP-1.6.3-17-2017-00004
grant_amount: 74998560
funding_rate: 100
beneficiary: Zala Megyei Önkormányzat
end_date: 2020-10-31
---

## A projekt célja

A megyei szintű együttműködés erősítése a felzárkózás érdekében.
"""

VALID_NEWS = """\
---
title: Záró rendezvény Zalaegerszegen
date: 2020-10-20
project: EFOP-1.6.3-17-2017-00004
---

A projekt záró rendezvényét 2020 októberében tartották.
"""

VALID_PAGE = """\
---
title: Akadálymentesítési nyilatkozat
menu: 90
---

A honlap megfelel a WCAG 2.1 AA szintnek.
"""

DEFAULT_FILES: Mapping[str, str] = {"content/projects/p.md": VALID_PROJECT}

# What a build whose one project has a broken front matter reports (paths relative to the site).
BROKEN = (
    Problem(
        "the front matter is not valid YAML: did not find expected ',' or ']'",
        Path("content/projects/zala.md"),
        line=3,
        hint="check the indentation and the quotes <here>",
    ),
)


class MakeSite(Protocol):
    """The `make_site` fixture: write a site and return its folder."""

    def __call__(
        self, files: Mapping[str, str | bytes] | None = None, config: str = MINIMAL_CONFIG
    ) -> Path: ...


def run_cli(site_dir: Path, *args: str) -> tuple[int, str, str]:
    """Run one command in-process against `site_dir`: (exit code, stdout, stderr).

    argparse's own exits (`--help`, usage errors) are returned as exit codes too.
    """
    from infoblokk.cli import main  # here, so that a broken cli fails only the tests that use it

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main([*args, "--site", str(site_dir)])
        except SystemExit as exit_:
            code = 0 if exit_.code is None else exit_.code if isinstance(exit_.code, int) else 1
    return code, stdout.getvalue(), stderr.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) by its relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def clean_build_of(site: Path, scratch: Path) -> dict[str, bytes]:
    """The output a first build of the same sources gives (`snapshot`), in a folder of its own."""
    from infoblokk.layout import CACHE_FOLDER
    from infoblokk.site import build_site

    shutil.copytree(site, scratch, ignore=shutil.ignore_patterns("public", CACHE_FOLDER))
    return snapshot(build_site(scratch, today=TODAY).output_dir)


def all_paths(folder: Path) -> set[str]:
    """Every file and folder under `folder`, by relative path."""
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")}


def write_png(path: Path, width: int = 300, height: int = 100) -> Path:
    """A plain PNG of the given size, e.g. official banner artwork for a test site."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, height), (255, 255, 255)).save(path, format="PNG")
    return path


def require_pagefind() -> None:
    """Skips the calling test when there is no Pagefind binary; with CI=true, fails it instead."""
    from infoblokk.outputs.pagefind_service import pagefind_binary

    if pagefind_binary() is not None:
        return
    reason = "the Pagefind binary is missing (pip install pagefind-bin)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a missing tool fails instead of skipping)", pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------
# The example site
# --------------------------------------------------------------------------

# Pinned so that "ongoing" / "finished" does not depend on the day the tests run.
TODAY = date(2026, 11, 23)

LABELS_IN_ORDER = (
    "Kedvezményezett neve",
    "Projekt címe",
    "Szerződött támogatás összege",
    "Támogatás mértéke (%-ban)",
    "Projekt tartalmának bemutatása",
    "Projekt tervezett befejezési dátuma",
    "Projekt azonosító száma",
)


def copy_example_site(destination: Path) -> Path:
    """The repository's example site, copied so that tests never touch the repo's public/."""
    for folder in ("content", "themes"):
        shutil.copytree(REPO / folder, destination / folder)
    shutil.copy(REPO / "site_config.toml", destination / "site_config.toml")
    return destination


def own_default_theme(site: Path) -> Path:
    """The site's own copy of the default theme (`themes/default/`), made if it has none; returned.

    A site's `themes/default/` replaces the one inside infoblokk: tests that edit the theme
    edit such a copy, never the package.
    """
    folder = site / "themes" / "default"
    if not folder.is_dir():
        shutil.copytree(DEFAULT_THEME, folder)
    return folder


def build_example_site(folder: Path, base_url: str | None = None) -> BuildResult:
    """Copy the example site into `folder` and build it there on `TODAY`, for `base_url` if given."""
    from infoblokk.site import build_site

    copy_example_site(folder)
    if base_url is not None:
        config = folder / "site_config.toml"
        lines = config.read_text(encoding="utf-8").splitlines()
        lines = [f'base_url = "{base_url}"' if line.startswith("base_url") else line for line in lines]
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return build_site(folder, today=TODAY)


@functools.cache
def example_site_build() -> BuildResult:
    """The example site built once per test run, into a temporary folder removed at exit.

    Use the `example_site` fixture, which returns this. It is a cached function as well because
    the browser tests need its list of pages while pytest collects them, before any fixture runs.
    Tests must only read it; a test that edits the site builds its own copy.
    """
    folder = Path(tempfile.mkdtemp(prefix="infoblokk-example-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return build_example_site(folder / "site")


def page(result: BuildResult, url: str) -> str:
    """The HTML of the page at `url` (a folder URL such as "projektek/", or "" for the home page)."""
    return (result.output_dir / url / "index.html").read_text(encoding="utf-8")


def visible_text(html: str) -> str:
    """The page's text roughly as a reader sees it: tags removed, entities kept as characters."""
    return re.sub(r"<[^>]+>", " ", html)
