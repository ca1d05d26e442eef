"""A golden copy of one project page: any change to its HTML shows up here, to be reviewed.

Refresh after an intended change with
    INFOBLOKK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
and read the difference in `git diff` like code.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from infoblokk.site import BuildResult

GOLDEN = Path(__file__).parent / "golden" / "projektek-zala-felzarkozas.html"
PAGE = "projektek/zala-felzarkozas/index.html"


def test_zala_project_page_matches_its_golden_copy(example_site: BuildResult) -> None:
    actual = (example_site.output_dir / PAGE).read_text(encoding="utf-8")
    if os.environ.get("INFOBLOKK_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(actual, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    difference = "".join(
        difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "built")
    )
    assert actual == expected, f"the page changed; if intended, refresh the golden copy:\n{difference}"
