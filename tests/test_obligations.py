"""`obligations` and its section of `check`: the publicity items each project's rules ask for.

The rules are data (infoblokk/banner/obligations/*.toml), each with its source; these tests
build real sites and read what the report says of their projects: which items are due under
2014–2020 and 2021–2027 rules, by when, and whether the built site holds the file infoblokk
makes of each.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from infoblokk.banner.obligation_rules import ITEMS, load_rule_sets
from infoblokk.banner.profiles import load_profiles
from infoblokk.check.obligations import Obligation, ObligationsReport
from infoblokk.content.obligations import Status, add_months
from infoblokk.errors import BuildFailed
from infoblokk.site import build_site, publicity_obligations
from tests.helpers import TODAY, MakeSite, run_cli

CONFIG = 'title = "Próba"\nbase_url = "https://www.example.hu/"\n'

# 2014–2020, ERDF, a building: 300 million HUF of grant is EUR 750,000 at 400 HUF to the euro.
BUILDING = """\
---
title: Óvoda bővítése Kisfaludon
project_id: TOP-1.4.1-16-ZA1-2017-00012
beneficiary: Kisfalud Község Önkormányzata
grant_amount: 300000000
funding_rate: 100
start_date: 2018-03-01
end_date: 2020-11-30
fund: ERFA
physical_investment: true
---

Az óvoda két csoportszobával bővült.
"""

# 2014–2020, ESF, no building: the example projects' kind.
TRAINING = """\
---
title: Megyei felzárkózási fórum
project_id: EFOP-1.6.3-17-2017-00006
beneficiary: Somogy Megyei Önkormányzat
grant_amount: 75000000
funding_rate: 100
end_date: 2020-12-31
---

Fórumok és képzések.
"""


def plus_project(total_cost: str, physical: bool = True) -> str:
    """A 2021–2027 (Széchenyi Terv Plusz) project with the given total cost."""
    return f"""\
---
title: Közösségi ház korszerűsítése
project_id: TOP_PLUSZ-2.1.1-21-BA1-2023-00931
beneficiary: Mintavölgy Község Önkormányzata
grant_amount: "40 000 000 Ft"
funding_rate: 100
total_cost: "{total_cost}"
start_date: 2024-03-01
end_date: 2026-08-31
banner: szechenyi-terv-plusz
physical_investment: {"true" if physical else "false"}
---

Leírás.
"""


def items_of(report: ObligationsReport, index: int = 0) -> dict[str, Obligation]:
    return {o.item: o for o in report.projects[index].items}


def statuses(report: ObligationsReport, index: int = 0) -> dict[str, Status]:
    return {item: o.status for item, o in items_of(report, index).items()}


# --------------------------------------------------------------------------
# The rules as data
# --------------------------------------------------------------------------


def test_every_rule_names_its_source() -> None:
    for rule_set in load_rule_sets(profiles=load_profiles()):
        assert "Regulation" in rule_set.source or "Regulations" in rule_set.source, rule_set.name
        for rule in rule_set.rules:
            assert rule.source.strip(), (rule_set.name, rule.item)
            assert any(word in rule.source for word in ("Article", "Annex")), (rule_set.name, rule.item)


def test_a_rule_without_a_source_is_refused_with_its_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "own.toml").write_text(
        'name = "own"\nperiod = "2014-2020"\ndescription = "x"\nsource = "Regulation X, Annex"\n'
        "profiles = []\nprofiles_by_facts = []\ncomplete = true\n\n"
        '[[rules]]\nitem = "website"\ndeadline = "implementation"\n',
        encoding="utf-8",
    )
    with pytest.raises(BuildFailed) as failure:
        load_rule_sets(tmp_path)
    problem = next(p for p in failure.value.problems if "source" in p.message)
    assert (problem.path, problem.line) == (tmp_path / "own.toml", 9)  # the [[rules]] table lacking it
    assert "the article or section this rule comes from" in str(problem.hint)


def test_every_banner_profile_follows_a_rule_set() -> None:
    rule_sets = load_rule_sets(profiles=load_profiles())
    followed = {name for rs in rule_sets for name in (*rs.profiles, *rs.profiles_by_facts)}
    assert set(load_profiles()) <= followed
    assert {rule.item for rs in rule_sets for rule in rs.rules} == set(ITEMS)


# --------------------------------------------------------------------------
# 2014–2020
# --------------------------------------------------------------------------


def test_an_erdf_building_needs_a_billboard_and_a_plaque_three_months_after_its_end(
    make_site: MakeSite,
) -> None:
    site = make_site({"content/projects/ovoda.md": BUILDING}, CONFIG)
    report = publicity_obligations(site, today=date(2020, 6, 1))
    assert statuses(report) == {
        "website": Status.DUE,
        "poster": Status.NOT_DUE,  # the billboard and the plaque take its place
        "temporary_billboard": Status.DUE,
        "plaque": Status.DUE,
    }
    plaque = items_of(report)["plaque"]
    assert plaque.due_by == date(2021, 2, 28) and not plaque.overdue
    assert "EUR 750,000" in plaque.reason and "2.2(5)" in plaque.source


def test_an_esf_project_without_building_needs_a_poster_and_no_billboard(make_site: MakeSite) -> None:
    site = make_site({"content/projects/forum.md": TRAINING}, CONFIG)
    report = publicity_obligations(site, today=TODAY)
    assert statuses(report) == {
        "website": Status.DUE,
        "poster": Status.DUE,
        "temporary_billboard": Status.NOT_DUE,
        "plaque": Status.NOT_DUE,
    }


def test_a_smaller_building_needs_a_poster_instead(make_site: MakeSite) -> None:
    small = BUILDING.replace("grant_amount: 300000000", "grant_amount: 150000000")  # EUR 375,000
    report = publicity_obligations(make_site({"content/projects/ovoda.md": small}, CONFIG), today=TODAY)
    assert statuses(report)["plaque"] is Status.NOT_DUE and statuses(report)["poster"] is Status.DUE


def test_the_exchange_rate_is_the_officers_to_set(make_site: MakeSite) -> None:
    small = BUILDING.replace("grant_amount: 300000000", "grant_amount: 150000000")
    config = CONFIG + "\n[exchange_rates]\nHUF = 250\n"  # EUR 600,000 at this rate
    report = publicity_obligations(make_site({"content/projects/ovoda.md": small}, config), today=TODAY)
    assert statuses(report)["plaque"] is Status.DUE
    (rate,) = report.exchange_rates
    assert (rate.currency, rate.per_euro, rate.own) == ("HUF", 250, True)


# --------------------------------------------------------------------------
# 2021–2027
# --------------------------------------------------------------------------


def test_a_plus_project_over_half_a_million_euro_needs_a_plaque_when_works_start(make_site: MakeSite) -> None:
    site = make_site({"content/projects/haz.md": plus_project("250 000 000 Ft")}, CONFIG)  # EUR 625,000
    report = publicity_obligations(site, today=TODAY)
    assert statuses(report) == {
        "website": Status.DUE,
        "social_media": Status.DUE,
        "plaque": Status.DUE,
        "poster": Status.NOT_DUE,
        "event": Status.NOT_DUE,
    }
    assert items_of(report)["plaque"].due_by == date(2024, 3, 1)


def test_between_the_two_thresholds_the_fund_decides_and_is_not_guessed(make_site: MakeSite) -> None:
    site = make_site({"content/projects/haz.md": plus_project("120 000 000 Ft")}, CONFIG)  # EUR 300,000
    report = publicity_obligations(site, today=TODAY)
    plaque, poster = items_of(report)["plaque"], items_of(report)["poster"]
    assert plaque.status is Status.UNKNOWN and "fund" in plaque.reason
    assert poster.status is Status.UNKNOWN


@pytest.mark.parametrize(("fund", "plaque_due"), [("ERFA", Status.NOT_DUE), ("ESZA+", Status.DUE)])
def test_between_the_two_thresholds_the_fund_the_file_names_decides(
    make_site: MakeSite, fund: str, plaque_due: Status
) -> None:
    """The Széchenyi Terv Plusz banner shows no fund, but the fund the file names still counts."""
    text = plus_project("120 000 000 Ft").replace(
        "banner: szechenyi-terv-plusz", f"banner: szechenyi-terv-plusz\nfund: {fund}"
    )
    site = make_site({"content/projects/haz.md": text}, CONFIG)  # EUR 300,000
    assert items_of(publicity_obligations(site, today=TODAY))["plaque"].status is plaque_due
    build_site(site, today=TODAY)
    assert (site / "public/projektek/haz/emlektabla.pdf").exists() == (plaque_due is Status.DUE)


def test_a_plus_project_over_ten_million_euro_needs_a_communication_event(make_site: MakeSite) -> None:
    site = make_site({"content/projects/haz.md": plus_project("4 400 000 000 Ft", physical=False)}, CONFIG)
    report = publicity_obligations(site, today=TODAY)
    assert statuses(report)["event"] is Status.DUE
    assert statuses(report)["plaque"] is Status.NOT_DUE and statuses(report)["poster"] is Status.DUE
    assert not items_of(report)["event"].infoblokk_makes_it


def test_without_a_total_cost_the_report_names_the_fact_to_add(make_site: MakeSite) -> None:
    text = plus_project("1 Ft").replace('total_cost: "1 Ft"\n', "")
    report = publicity_obligations(make_site({"content/projects/haz.md": text}, CONFIG), today=TODAY)
    assert statuses(report)["plaque"] is Status.UNKNOWN and "total_cost" in items_of(report)["plaque"].reason


def test_an_eu_generic_project_follows_the_period_its_facts_show(make_site: MakeSite) -> None:
    generic = TRAINING.replace("project_id: EFOP-1.6.3-17-2017-00006\n", "banner: eu-generic\n")
    by_code = generic.replace("end_date: 2020-12-31", "programme_code: 2021HU05FFPR001\nend_date: 2027-06-30")
    unknown = generic.replace("end_date: 2020-12-31", "start_date: 2020-06-01\nend_date: 2022-06-30")
    files = {
        "content/projects/a.md": generic,
        "content/projects/b.md": by_code,
        "content/projects/c.md": unknown,
    }
    report = publicity_obligations(make_site(files, CONFIG), today=TODAY)
    periods = {p.source_path.name: p.rule_set.period if p.rule_set else None for p in report.projects}
    assert periods == {"a.md": "2014-2020", "b.md": "2021-2027", "c.md": None}
    code, out, _ = run_cli(report.projects[0].source_path.parents[2], "obligations")
    assert code == 0 and "Which rules apply cannot be told" in out and "programme_code" in out


# --------------------------------------------------------------------------
# What the built site holds
# --------------------------------------------------------------------------


def test_the_project_page_counts_once_built_and_another_file_once_it_is_there(make_site: MakeSite) -> None:
    site = make_site({"content/projects/forum.md": TRAINING}, CONFIG)
    before = items_of(publicity_obligations(site, today=TODAY))
    assert not before["website"].produced and not before["poster"].produced
    build_site(site, today=TODAY)
    after = items_of(publicity_obligations(site, today=TODAY))
    assert after["website"].produced == ("projektek/forum/index.html",)
    assert after["poster"].produced == ("projektek/forum/plakat-a3.pdf", "projektek/forum/kijelzo-16x9.png")
    (site / "public/projektek/forum/plakat-a3.pdf").unlink()
    assert items_of(publicity_obligations(site, today=TODAY))["poster"].produced == (
        "projektek/forum/kijelzo-16x9.png",
    )


def test_a_plaque_past_its_deadline_is_reported_by_check(make_site: MakeSite) -> None:
    site = make_site({"content/projects/ovoda.md": BUILDING}, CONFIG)
    build_site(site, today=TODAY)
    assert items_of(publicity_obligations(site, today=TODAY))["plaque"].produced  # the build drew it
    for drawn in ("emlektabla.pdf", "ideiglenes-tabla.pdf"):  # as if the officer had removed them
        (site / "public" / "projektek" / "ovoda" / drawn).unlink()
    plaque = items_of(publicity_obligations(site, today=TODAY))["plaque"]
    assert plaque.overdue and plaque.due_by == date(2021, 2, 28)
    code, _, err = run_cli(site, "check")
    assert "the permanent plaque or billboard was due by 2021-02-28, and infoblokk has not made it" in err
    assert "publicity items due that infoblokk has not made yet: temporary billboard" in err
    assert code == 0  # the beneficiary's obligations, not the website's: the exit code is check's own


def test_the_command_prints_a_table_and_exits_with_0(make_site: MakeSite) -> None:
    site = make_site({"content/projects/ovoda.md": BUILDING, "content/projects/forum.md": TRAINING}, CONFIG)
    code, out, err = run_cli(site, "obligations")
    assert (code, err) == (0, "")
    assert "content/projects/ovoda.md" in out and "permanent plaque or billboard" in out
    assert "not produced by infoblokk yet" in out
    assert "Regulation (EU) No 1303/2013, Annex XII, 2.2(4)" in out
    assert "400 HUF to the euro (infoblokk's default" in out


def test_the_json_report_is_for_other_programs(make_site: MakeSite) -> None:
    site = make_site({"content/projects/ovoda.md": BUILDING}, CONFIG)
    code, out, _ = run_cli(site, "obligations", "--json")
    assert code == 0
    (project,) = json.loads(out)["projects"]
    assert project["file"] == "content/projects/ovoda.md" and project["period"] == "2014-2020"
    plaque = next(item for item in project["items"] if item["item"] == "plaque")
    assert plaque["status"] == "due" and plaque["due_by"] == "2021-02-28"
    assert plaque["made_by_infoblokk"] is False and plaque["source"].startswith(
        "Regulation (EU) No 1303/2013"
    )


def test_three_months_after_the_end_is_a_calendar_day() -> None:
    assert add_months(date(2020, 11, 30), 3) == date(2021, 2, 28)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert add_months(date(2020, 10, 31), 3) == date(2021, 1, 31)
