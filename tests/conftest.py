"""Shared helpers: small sites written into `tmp_path` from inline text, and the command line run in-process.

- `make_site(files, config=...)` writes a site folder (site_config.toml, a copy of the repo's
  default theme, and the given files) and returns it. File paths are relative to the site
  folder, so they read like the locations infoblokk prints: "content/projects/p.md".
- `run_cli(site_dir, *args)` runs `infoblokk.cli.main([*args, "--site", site_dir])` and returns
  (exit code, stdout, stderr).
- `VALID_PROJECT`, `VALID_NEWS`, `VALID_PAGE` and `MINIMAL_CONFIG` are content that builds
  without errors; `snapshot` and `write_png` help compare output folders and make artwork.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
DEFAULT_THEME = REPO / "themes" / "default"

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


class MakeSite(Protocol):
    """The `make_site` fixture: write a site and return its folder."""

    def __call__(
        self, files: Mapping[str, str | bytes] | None = None, config: str = MINIMAL_CONFIG
    ) -> Path: ...


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
    from infoblokk.outputs.search import pagefind_binary

    if pagefind_binary() is not None:
        return
    reason = "the Pagefind binary is missing (pip install pagefind-bin)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a missing tool fails instead of skipping)", pytrace=False)
    pytest.skip(reason)
