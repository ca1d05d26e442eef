"""The checks behind `check`: everything `build` verifies, plus compliance, without publishing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from infoblokk.errors import BuildFailed, Problem
from infoblokk.site import load_site, render_site


def check_site(site_dir: Path, today: date | None = None) -> tuple[Problem, ...]:
    """Every problem of the site: errors, compliance gaps, and what its rendered pages show."""
    try:
        site = load_site(site_dir)
        render_site(site, today or date.today())
    except BuildFailed as failure:
        return failure.problems
    return site.model.problems
