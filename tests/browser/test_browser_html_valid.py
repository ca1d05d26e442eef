"""Every page of the example site is valid HTML for the Nu Html Checker (vnu.jar).

The checker starts slowly, so it runs once for every page (and the stylesheet and banner SVGs,
with --also-check-css and --also-check-svg); each page then has its own test.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from infoblokk.site import BuildResult
from tests.browser.serving import example_pages, page_id
from tests.browser.tools import VNU_JAR

PAGES = example_pages()
CANARY = "canary (invalid on purpose)"
CANARY_HTML = (
    '<!DOCTYPE html>\n<html lang="hu"><head><meta charset="utf-8"></head><body><p><div></p></body></html>\n'
)

pytestmark = pytest.mark.requires("vnu")


@pytest.fixture(scope="session")
def vnu_errors(
    example_site: BuildResult, tmp_path_factory: pytest.TempPathFactory
) -> Mapping[str, list[dict[str, Any]]]:
    """The checker's errors per file of the output (path relative to it), and the canary's."""
    root = example_site.output_dir.resolve()
    files = sorted(p for p in root.rglob("*") if p.suffix in (".html", ".css", ".svg") and p.is_file())
    canary = tmp_path_factory.mktemp("vnu") / "canary.html"
    canary.write_text(CANARY_HTML, encoding="utf-8")
    command = ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only"]
    result = subprocess.run(
        [*command, "--also-check-css", "--also-check-svg", *map(str, files), str(canary)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        report = json.loads(result.stderr or result.stdout)  # vnu writes its JSON report to stderr
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar gave no JSON report (exit {result.returncode}): {result.stderr[:1000]}")
    errors: dict[str, list[dict[str, Any]]] = {p.relative_to(root).as_posix(): [] for p in files}
    errors[CANARY] = []
    for message in report["messages"]:
        if message.get("type") in ("error", "non-document-error"):
            path = Path(unquote(urlsplit(message.get("url", "")).path)).resolve()
            if path == canary.resolve():
                name = CANARY
            else:
                name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            errors.setdefault(name, []).append(message)
    return errors


def _describe(messages: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"line {m.get('lastLine', '?')}: {m.get('message')}  «{m.get('extract', '').strip()}»"
        for m in messages
    )


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_page_is_valid_html(vnu_errors: Mapping[str, list[dict[str, Any]]], page: str) -> None:
    assert page in vnu_errors, f"{page} was not checked"
    assert not vnu_errors[page], _describe(vnu_errors[page])


def test_stylesheet_banner_images_and_everything_else_are_valid(
    vnu_errors: Mapping[str, list[dict[str, Any]]],
) -> None:
    others = {name: msgs for name, msgs in vnu_errors.items() if name not in PAGES and name != CANARY}
    assert "assets/infoblokk.css" in others and any(name.endswith(".svg") for name in others)
    assert not {name: _describe(msgs) for name, msgs in others.items() if msgs}


def test_the_checker_reports_errors_at_all(vnu_errors: Mapping[str, list[dict[str, Any]]]) -> None:
    """The deliberately broken canary, checked in the same run, has errors: the harness sees them."""
    assert vnu_errors[CANARY], "vnu found nothing wrong in a page without a <title>"
