"""The build and `obligations` follow the same rules: over a matrix of projects, the billboards
and plaques the build draws are exactly the ones `obligations --json` says are due, plus the
ones it cannot tell about.

The matrix crosses the banner profiles (and so the programming periods), the funds, physical
investment or not, grants and total costs on each side of every threshold, and missing facts
(no fund, no total cost, no grant, a period the facts do not show). Amounts in forint are
converted by the site's own `[exchange_rates]`, which differ from infoblokk's defaults.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from infoblokk.site import build_site
from tests.helpers import TODAY, MakeSite, run_cli

CONFIG = 'title = "Próba"\nbase_url = "https://www.example.hu/"\n\n[exchange_rates]\nHUF = 250\n'

SIGN_FILES = {"temporary_billboard": "ideiglenes-tabla.pdf", "plaque": "emlektabla.pdf"}
MAY_BE_DUE = {"due", "unknown"}

# (banner, programme_code, funds): each profile, and eu-generic in each period and in none.
SETUPS: dict[str, tuple[str, str | None, tuple[str | None, ...]]] = {
    "sz2020": ("szechenyi2020", None, ("ERFA", "ESZA", "KA", None)),
    "plusz": ("szechenyi-terv-plusz", None, (None,)),
    "gen14": ("eu-generic", "2014HU16M0OP001", ("ERFA", None)),
    "gen21": ("eu-generic", "2021HU16FFPR003", ("ERFA", "ESZA+", None)),
    "genxx": ("eu-generic", None, ("ERFA", None)),  # the dates do not show the period
    "eea": ("eea-norway-grants", None, (None,)),
}
PERIOD_CODES = ("2014HU16M0OP001", "2021HU16FFPR003")

# (grant, total cost): each side of the EUR 100,000, 500,000 and 10,000,000 lines, a missing
# total cost, a missing grant, and forint that the site's rate (250) puts over EUR 500,000
# where infoblokk's default (400) would not.
AMOUNTS: dict[str, tuple[str | None, str | None]] = {
    "a": ("100000 EUR", "100000 EUR"),
    "b": ("100000 EUR", "100001 EUR"),
    "c": ("400000 EUR", "500000 EUR"),
    "d": ("400000 EUR", "500001 EUR"),
    "e": ("500000 EUR", None),
    "f": ("500001 EUR", "10000001 EUR"),
    "g": (None, "90000 EUR"),
    "h": ("150000000 Ft", "150000000 Ft"),
}


def project_file(
    banner: str, code: str | None, fund: str | None, physical: bool, grant: str | None, total: str | None
) -> str:
    lines = [
        "---",
        "title: Próba projekt",
        "beneficiary: Próba Kft.",
        "funding_rate: 85",
        f"banner: {banner}",
        f"physical_investment: {'true' if physical else 'false'}",
        "start_date: 2020-06-01",
        "end_date: 2022-06-30",
        *([f"programme_code: {code}"] if code else []),
        *([f"fund: {fund}"] if fund else []),
        *([f'grant_amount: "{grant}"'] if grant else []),
        *([f'total_cost: "{total}"'] if total else []),
        "---",
        "",
        "Leírás.",
        "",
    ]
    return "\n".join(lines)


def matrix() -> Iterator[tuple[str, str]]:
    """(slug, file text) of every project; an undecided period's project also in each period."""
    for setup, (banner, code, funds) in SETUPS.items():
        for fund in funds:
            for physical in (True, False):
                for key, (grant, total) in AMOUNTS.items() if physical else [("a", AMOUNTS["f"])]:
                    slug = f"{setup}-{(fund or 'nofund').lower().replace('+', 'plus')}-{int(physical)}{key}"
                    yield slug, project_file(banner, code, fund, physical, grant, total)
                    if setup == "genxx":
                        for twin in PERIOD_CODES:
                            text = project_file(banner, twin, fund, physical, grant, total)
                            yield f"{slug}-in{twin[:4]}", text


def signs_expected(project: dict[str, Any]) -> set[str]:
    return {o["item"] for o in project["items"] if o["item"] in SIGN_FILES and o["status"] in MAY_BE_DUE}


@pytest.mark.slow
def test_the_build_draws_exactly_the_signs_obligations_says_are_due_or_cannot_tell(
    make_site: MakeSite,
) -> None:
    files = {f"content/projects/{slug}.md": text for slug, text in matrix()}
    site = make_site(files, CONFIG)
    build_site(site, today=TODAY)
    code, out, err = run_cli(site, "obligations", "--json")
    assert code == 0, err
    report = {Path(project["file"]).stem: project for project in json.loads(out)["projects"]}
    assert set(report) == {Path(name).stem for name in files}

    def drawn(slug: str) -> set[str]:
        folder = site / "public" / "projektek" / slug
        assert (folder / "plakat-a3.pdf").is_file() and (folder / "kijelzo-16x9.png").is_file()
        return {item for item, name in SIGN_FILES.items() if (folder / name).is_file()}

    seen: set[tuple[str, str]] = set()
    for slug, project in report.items():
        if project["rules"] is None:  # the period is not known: whatever either period may ask
            assert slug.startswith("genxx-") and not slug.endswith(("-in2014", "-in2021"))
            twins = [report[f"{slug}-in{code[:4]}"] for code in PERIOD_CODES]
            assert {twin["period"] for twin in twins} == {"2014-2020", "2021-2027"}
            expected = set().union(*(signs_expected(twin) for twin in twins))
        else:
            expected = signs_expected(project)
            for o in project["items"]:
                if o["item"] in SIGN_FILES:
                    seen.add((o["item"], o["status"]))
                    assert o["made_by_infoblokk"] is (o["status"] in MAY_BE_DUE), (slug, o)
        assert drawn(slug) == expected, (slug, project["items"])
    # the matrix reaches every answer the rules give about each sign
    assert seen == {(item, status) for item in SIGN_FILES for status in ("due", "not-due", "unknown")}
