"""Rules for the model stage: validated facts, relations, duplicates and compliance gaps."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from infoblokk.banner.profiles import load_profiles
from infoblokk.config.settings import load_config
from infoblokk.content.model import Money, SiteModel
from infoblokk.content.sources import read_sources, static_files
from infoblokk.content.validate import build_model
from infoblokk.errors import Problem, Severity
from infoblokk.layout import STATIC_FOLDER
from tests.helpers import VALID_NEWS, VALID_PAGE, VALID_PROJECT, MakeSite, write_png

OTHER_ID = "EFOP-1.6.3-17-2017-00006"


def model_of(site: Path) -> SiteModel:
    """The model stage run on a site folder (its files must be readable)."""
    content = site / "content"
    sources, read_problems = read_sources(content)
    assert read_problems == ()
    static = [p.relative_to(content / STATIC_FOLDER).as_posix() for p in static_files(content)]
    return build_model(sources, load_config(site), load_profiles(), static)


def errors(model: SiteModel) -> list[Problem]:
    return [p for p in model.problems if p.severity is Severity.ERROR]


def warnings(model: SiteModel) -> list[Problem]:
    return [p for p in model.problems if p.is_warning]


def only_error(model: SiteModel) -> Problem:
    found = errors(model)
    assert len(found) == 1, found
    return found[0]


def project(**changes: str) -> str:
    """VALID_PROJECT with `key: value` lines replaced (or added after the title)."""
    lines = VALID_PROJECT.splitlines(keepends=True)
    for key, value in changes.items():
        new = f"{key}: {value}\n"
        index = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
        if index is None:
            lines.insert(2, new)
        else:
            lines[index] = new
    return "".join(lines)


def test_valid_project_becomes_a_project_with_exact_facts(make_site: MakeSite) -> None:
    model = model_of(make_site())
    assert errors(model) == []
    (zala,) = model.projects
    assert zala.url == "projektek/p/"
    assert zala.project_id is not None and zala.project_id.normalized == "EFOP-1.6.3-17-2017-00004"
    assert zala.grant is not None and (zala.grant.amount, zala.grant.currency) == (Decimal(74998560), "HUF")
    assert zala.funding_rate == Decimal(100)
    assert zala.end_date is not None and zala.end_date.isoformat() == "2020-10-31"


@pytest.mark.parametrize(
    ("project_id", "fund"),
    [("EFOP-1.6.3-17-2017-00004", "ESZA"), ("EFOP-2.2.5-17-2017-00010", "ERFA")],
)
def test_fund_is_derived_from_an_efop_project_id(make_site: MakeSite, project_id: str, fund: str) -> None:
    model = model_of(make_site({"content/projects/p.md": project(project_id=project_id)}))
    (item,) = model.projects
    assert item.fund == fund
    assert item.banner.key == f"szechenyi2020-{fund.lower()}"


def test_fund_that_contradicts_the_project_id_is_an_error_at_its_line(make_site: MakeSite) -> None:
    model = model_of(make_site({"content/projects/p.md": project(fund="ERFA")}))
    problem = only_error(model)
    assert problem.line == 3
    assert "ERFA" in problem.message and "ESZA" in problem.message
    assert problem.hint == "write fund: ESZA, or check the project ID"


def test_consortium_beneficiaries_keep_the_leader_first(make_site: MakeSite) -> None:
    text = project(beneficiary="[Zala Megyei Önkormányzat, Társadalmi Esélyteremtési Főigazgatóság]")
    (item,) = model_of(make_site({"content/projects/p.md": text})).projects
    assert item.beneficiaries == ("Zala Megyei Önkormányzat", "Társadalmi Esélyteremtési Főigazgatóság")


def test_single_beneficiary_is_a_list_of_one(make_site: MakeSite) -> None:
    (item,) = model_of(make_site()).projects
    assert item.beneficiaries == ("Zala Megyei Önkormányzat",)


def test_draft_is_left_out_and_listed_as_a_draft(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/projects/p.md": VALID_PROJECT,
            "content/projects/vazlat.md": project(project_id=OTHER_ID, draft="true"),
        }
    )
    model = model_of(site)
    assert [p.slug for p in model.projects] == ["p"]
    assert model.drafts == (site / "content" / "projects" / "vazlat.md",)


def test_unknown_key_is_reported_with_did_you_mean_at_its_line(make_site: MakeSite) -> None:
    text = VALID_PROJECT.replace("grant_amount:", "grant_amout:")
    problem = only_error(model_of(make_site({"content/projects/p.md": text})))
    assert "'grant_amout'" in problem.message
    assert problem.line == 4
    assert problem.hint is not None and "did you mean 'grant_amount'?" in problem.hint


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ('"74.998.560,- Ft"', Decimal("74998560")),
        ('"249 057 081 Ft"', Decimal("249057081")),
        ('"74,976 millió forint"', Decimal("74976000")),
        ("75000000", Decimal("75000000")),
    ],
)
def test_grant_amount_as_officers_type_it_is_read_exactly(
    make_site: MakeSite, written: str, amount: Decimal
) -> None:
    (item,) = model_of(make_site({"content/projects/p.md": project(grant_amount=written)})).projects
    assert item.grant is not None
    assert item.grant.amount == amount
    assert item.grant.currency == "HUF"


def test_unreadable_grant_amount_is_an_error_at_its_line(make_site: MakeSite) -> None:
    problem = only_error(model_of(make_site({"content/projects/p.md": project(grant_amount='"4.800 Ft"')})))
    assert "'grant_amount'" in problem.message
    assert problem.line == 4


@pytest.mark.parametrize("rate", ["0", "101", "-5", "sok"])
def test_funding_rate_outside_0_to_100_is_refused(make_site: MakeSite, rate: str) -> None:
    problem = only_error(model_of(make_site({"content/projects/p.md": project(funding_rate=rate)})))
    assert "'funding_rate'" in problem.message
    assert problem.line == 5
    assert problem.hint is not None and "percentage" in problem.hint


@pytest.mark.parametrize(("rate", "expected"), [("100", Decimal(100)), ('"85,5%"', Decimal("85.5"))])
def test_funding_rate_up_to_100_is_accepted(make_site: MakeSite, rate: str, expected: Decimal) -> None:
    (item,) = model_of(make_site({"content/projects/p.md": project(funding_rate=rate)})).projects
    assert item.funding_rate == expected


@pytest.mark.parametrize("day", ["2021-02-30", "2020-13-01", "31.12.2020", "2020. 12. 31."])
def test_date_that_is_not_a_real_calendar_day_is_refused(make_site: MakeSite, day: str) -> None:
    problem = only_error(model_of(make_site({"content/projects/p.md": project(end_date=day)})))
    assert "'end_date'" in problem.message and day in problem.message
    assert problem.line == 7


def test_same_project_id_in_two_files_names_both(make_site: MakeSite) -> None:
    site = make_site({"content/projects/a.md": VALID_PROJECT, "content/projects/b.md": VALID_PROJECT})
    problem = only_error(model_of(site))
    assert problem.path == site / "content" / "projects" / "b.md"
    assert problem.line == 3
    assert "a.md" in problem.message and "EFOP-1.6.3-17-2017-00004" in problem.message


def test_project_ids_that_differ_only_in_spelling_are_the_same_project(make_site: MakeSite) -> None:
    other = project(project_id="efop-1.6.3.-17-2017-00004")
    site = make_site({"content/projects/a.md": VALID_PROJECT, "content/projects/b.md": other})
    problem = only_error(model_of(site))
    assert "a.md" in problem.message


def test_same_slug_in_two_files_names_both(make_site: MakeSite) -> None:
    other = project(project_id=OTHER_ID, slug="zala")
    site = make_site({"content/projects/zala.md": VALID_PROJECT, "content/projects/masik.md": other})
    problem = only_error(model_of(site))
    assert "projektek/zala/" in problem.message
    assert problem.path is not None
    named = {problem.path.name} | {name for name in ("zala.md", "masik.md") if name in problem.message}
    assert named == {"zala.md", "masik.md"}


@pytest.mark.parametrize("slug", ["../evil", "a/b", "Zala", "zala felzarkozas"])
def test_slug_that_is_not_lowercase_words_and_hyphens_is_refused(make_site: MakeSite, slug: str) -> None:
    problem = only_error(model_of(make_site({"content/projects/p.md": project(slug=f'"{slug}"')})))
    assert "'slug'" in problem.message
    assert problem.line == 3


def test_page_may_not_take_the_address_of_a_section(make_site: MakeSite) -> None:
    page = VALID_PAGE.replace("menu: 90", "slug: hirek")
    problem = only_error(
        model_of(make_site({"content/projects/p.md": VALID_PROJECT, "content/pages/x.md": page}))
    )
    assert "hirek/" in problem.message


def test_news_is_tied_to_its_project(make_site: MakeSite) -> None:
    model = model_of(make_site({"content/projects/p.md": VALID_PROJECT, "content/news/zaro.md": VALID_NEWS}))
    assert errors(model) == []
    (zala,) = model.projects
    assert [n.title for n in model.news_of(zala)] == ["Záró rendezvény Zalaegerszegen"]


def test_news_naming_an_unknown_project_suggests_the_closest_id(make_site: MakeSite) -> None:
    news = VALID_NEWS.replace("00004", "00040")
    site = make_site({"content/projects/p.md": VALID_PROJECT, "content/news/zaro.md": news})
    problem = only_error(model_of(site))
    assert problem.path == site / "content" / "news" / "zaro.md"
    assert problem.line == 4
    assert "EFOP-1.6.3-17-2017-00040" in problem.message
    assert problem.hint is not None and "did you mean EFOP-1.6.3-17-2017-00004?" in problem.hint


@pytest.mark.parametrize("written", ["EFOP–1.6.3–17–2017–00004", "efop-1.6.3-17-2017-00004"])
def test_news_naming_its_project_as_the_contract_spells_it_is_tied_to_it(
    make_site: MakeSite, written: str
) -> None:
    news = VALID_NEWS.replace("EFOP-1.6.3-17-2017-00004", written)
    model = model_of(make_site({"content/projects/p.md": VALID_PROJECT, "content/news/zaro.md": news}))
    assert errors(model) == []
    (zala,) = model.projects
    assert len(model.news_of(zala)) == 1


@pytest.mark.parametrize("key", ["grant_amount", "funding_rate", "end_date"])
def test_missing_mandatory_fact_is_a_compliance_warning_not_an_error(make_site: MakeSite, key: str) -> None:
    text = "".join(line for line in VALID_PROJECT.splitlines(True) if not line.startswith(f"{key}:"))
    model = model_of(make_site({"content/projects/p.md": text}))
    assert errors(model) == []
    assert len(model.projects) == 1
    gaps = [p for p in warnings(model) if f"'{key}'" in p.message]
    assert len(gaps) == 1
    assert gaps[0].path is not None and gaps[0].path.name == "p.md"
    assert gaps[0].hint is not None and f"{key}:" in gaps[0].hint


def test_missing_description_hint_asks_for_text_below_the_front_matter(make_site: MakeSite) -> None:
    text = VALID_PROJECT.split("---\n\n")[0] + "---\n"
    model = model_of(make_site({"content/projects/p.md": text}))
    (gap,) = [p for p in warnings(model) if "'body'" in p.message]
    assert gap.hint is not None and "body:" not in gap.hint


def test_banner_without_official_artwork_warns_once_per_banner(make_site: MakeSite) -> None:
    erfa = project(project_id="EFOP-2.2.5-17-2017-00010")
    model = model_of(make_site({"content/projects/a.md": VALID_PROJECT, "content/projects/b.md": erfa}))
    assert errors(model) == []
    standins = [p for p in warnings(model) if "stand-in" in p.message]
    assert sorted(p.message.split("'")[1] for p in standins) == ["szechenyi2020-erfa", "szechenyi2020-esza"]
    assert all(p.hint and "[banner.images]" in p.hint for p in standins)


def test_official_artwork_for_every_banner_leaves_no_warning(make_site: MakeSite) -> None:
    config = 'title = "x"\n[banner]\nimage = "infoblokk.png"\n'
    site = make_site({"content/projects/p.md": VALID_PROJECT}, config=config)
    write_png(site / "content" / "static" / "infoblokk.png")
    model = model_of(site)
    assert model.problems == ()
    (item,) = model.projects
    assert item.banner_image == "infoblokk.png"


def test_project_artwork_that_is_not_in_static_is_an_error_at_its_line(make_site: MakeSite) -> None:
    model = model_of(make_site({"content/projects/p.md": project(banner_image="nincs-ilyen.jpg")}))
    problem = only_error(model)
    assert "'nincs-ilyen.jpg'" in problem.message
    assert problem.line == 3
    assert problem.hint is not None and "content/static/" in problem.hint


def test_site_artwork_that_is_not_in_static_is_an_error_in_site_config(make_site: MakeSite) -> None:
    config = 'title = "x"\n[banner.images]\n"szechenyi2020-esza" = "nincs-ilyen.jpg"\n'
    model = model_of(make_site({}, config=config))
    problem = only_error(model)
    assert problem.path is not None and problem.path.name == "site_config.toml"
    assert "'nincs-ilyen.jpg'" in problem.message


def test_missing_artwork_named_in_site_config_is_blamed_on_site_config_only(make_site: MakeSite) -> None:
    config = 'title = "x"\n[banner.images]\n"szechenyi2020-esza" = "nincs-ilyen.jpg"\n'
    model = model_of(make_site({"content/projects/p.md": VALID_PROJECT}, config=config))
    problem = only_error(model)
    assert problem.path is not None and problem.path.name == "site_config.toml"


def test_facts_for_posters_and_the_list_of_operations_are_read_exactly(make_site: MakeSite) -> None:
    text = project(
        objective="A megyei együttműködések megerősítése",
        total_cost='"90 000 000 Ft"',
        physical_investment="true",
        eu_cofinancing_rate='"85,5"',
        nuts="hu231",
        intervention_category="9",
        programme_code="2014HU05M3OP001",
    )
    model = model_of(make_site({"content/projects/p.md": text}))
    assert errors(model) == []
    (found,) = model.projects
    assert found.objective == "A megyei együttműködések megerősítése"
    assert found.total_cost == Money(Decimal(90_000_000), "HUF")
    assert found.physical_investment is True
    assert found.eu_cofinancing_rate == Decimal("85.5")
    assert (found.nuts, found.intervention_category, found.programme_code) == (
        "HU231",
        "009",
        "2014HU05M3OP001",
    )


def test_facts_for_posters_are_optional(make_site: MakeSite) -> None:
    (found,) = model_of(make_site()).projects
    assert (found.objective, found.total_cost, found.physical_investment, found.nuts) == (
        None,
        None,
        False,
        None,
    )


@pytest.mark.parametrize(
    ("key", "value", "hint_word"),
    [
        ("nuts", "Zala megye", "HU231"),
        ("intervention_category", "szociális", "138"),
        ("programme_code", "EFOP", "2021HU05FFPR001"),
        ("eu_cofinancing_rate", "120", "85"),
        ("physical_investment", "talán", "true"),
        ("total_cost", "kb. 90 millió", "120000000"),
    ],
)
def test_a_mistyped_list_of_operations_fact_is_an_error_at_its_line_with_an_example(
    make_site: MakeSite, key: str, value: str, hint_word: str
) -> None:
    problem = only_error(model_of(make_site({"content/projects/p.md": project(**{key: value})})))
    assert key in str(problem.message) or key in str(problem.hint)
    assert problem.line == 3  # `project()` adds the key right after the title
    assert hint_word in str(problem.hint)


def test_a_grant_larger_than_the_total_cost_is_an_error_at_the_total_cost(make_site: MakeSite) -> None:
    problem = only_error(model_of(make_site({"content/projects/p.md": project(total_cost="50000000")})))
    assert "larger than the total cost" in str(problem.message)
    assert problem.line == 3
