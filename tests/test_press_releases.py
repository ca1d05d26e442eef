"""Press releases: a news item with `kind: press-release` shows its project's mandatory facts
and the press contact; `new news --press` writes a project's start and closing release."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from infoblokk.banner.profiles import choose_banner, load_profiles
from infoblokk.errors import BuildFailed, Severity, errors_only
from infoblokk.site import BuildResult, build_site
from tests.helpers import (
    LABELS_IN_ORDER,
    MINIMAL_CONFIG,
    TODAY,
    VALID_NEWS,
    VALID_PROJECT,
    MakeSite,
    copy_example_site,
    page,
    run_cli,
    visible_text,
)

RELEASE = "hirek/veszprem-zarorendezveny/"
PRESS = '[press]\ncontact = "Kiss Judit"\nemail = "sajto@example.org"\n'
CONFIG_WITH_PRESS = MINIMAL_CONFIG + PRESS


def press_release(extra: str = "kind: press-release\nrelease: start\n") -> str:
    """VALID_NEWS (its project named on line 4) with `extra` lines after the project line."""
    return VALID_NEWS.replace(
        "project: EFOP-1.6.3-17-2017-00004\n", "project: EFOP-1.6.3-17-2017-00004\n" + extra
    )


def facts_rows(html_text: str) -> list[tuple[str, str]]:
    """The (label, value) rows of the first mandatory facts list, the description left out."""
    facts = html_text[html_text.index('<dl class="facts">') :]
    facts = facts[: facts.index("</dl>")]
    rows = re.findall(r'<div class="facts__row">(.*?)</div>', facts, re.S)
    return [
        tuple(" ".join(visible_text(part).split()) for part in re.findall(r"<d[td]>(.*?)</d[td]>", row, re.S))
        for row in rows
    ]  # type: ignore[misc]


def test_a_press_release_shows_its_projects_facts_as_the_project_page_does(example_site: BuildResult) -> None:
    release = page(example_site, RELEASE)
    project = page(example_site, "projektek/veszprem-eselyegyenloseg/")
    assert facts_rows(release) == facts_rows(project)
    shown = " ".join(visible_text(release[release.index('<section class="press-facts"') :]).split())
    positions = [shown.index(label) for label in LABELS_IN_ORDER]
    assert positions == sorted(positions)  # the seven facts, in the prescribed order
    for fact in (
        "Veszprém Megyei Önkormányzat",
        "74 976 000 Ft",
        "100%",
        "2021. május 31.",
        "EFOP-1.6.3-17-2017-00009",
    ):
        assert fact in shown


def test_a_press_release_ends_with_the_press_contact(example_site: BuildResult) -> None:
    release = page(example_site, RELEASE)
    contact = release[release.index('<p class="press-contact">') :]
    contact = contact[: contact.index("</p>")]
    assert "Sajtókapcsolat:" in contact and "Kiss Judit, kommunikációs referens" in contact
    assert 'href="mailto:sajto@example.org"' in contact and 'href="tel:+3688545000"' in contact
    assert "Sajtóközlemény a projekt zárásáról" in visible_text(release)


def test_other_news_show_neither_facts_nor_contact(make_site: MakeSite) -> None:
    site = make_site(
        {"content/projects/p.md": VALID_PROJECT, "content/news/n.md": VALID_NEWS}, CONFIG_WITH_PRESS
    )
    shown = page(build_site(site, today=TODAY), "hirek/n/")
    assert 'class="facts"' not in shown and "press-contact" not in shown


def test_a_press_release_naming_no_project_is_an_error_at_its_kind_line(make_site: MakeSite) -> None:
    news = "---\ntitle: Sajtóközlemény\ndate: 2021-05-26\nkind: press-release\n---\n\nSzöveg.\n"
    site = make_site({"content/projects/p.md": VALID_PROJECT, "content/news/n.md": news}, CONFIG_WITH_PRESS)
    with pytest.raises(BuildFailed) as failure:
        build_site(site, today=TODAY)
    (problem,) = errors_only(failure.value.problems)
    assert (problem.message, problem.path, problem.line) == (
        "this press release names no project",
        site / "content/news/n.md",
        4,
    )
    assert problem.hint and "project:" in problem.hint


def test_a_press_release_about_an_unknown_project_fails_check_with_file_line_and_hint(
    make_site: MakeSite,
) -> None:
    news = press_release().replace("EFOP-1.6.3-17-2017-00004", "EFOP-1.6.3-17-2017-00005")
    site = make_site({"content/projects/p.md": VALID_PROJECT, "content/news/n.md": news}, CONFIG_WITH_PRESS)
    code, _, errors = run_cli(site, "check")
    assert code == 1
    assert "content/news/n.md:4: no project has the ID EFOP-1.6.3-17-2017-00005" in errors
    assert "did you mean EFOP-1.6.3-17-2017-00004?" in errors


def test_release_belongs_to_press_releases_only(make_site: MakeSite) -> None:
    news = press_release("release: closing\n")
    site = make_site({"content/projects/p.md": VALID_PROJECT, "content/news/n.md": news}, CONFIG_WITH_PRESS)
    with pytest.raises(BuildFailed) as failure:
        build_site(site, today=TODAY)
    (problem,) = errors_only(failure.value.problems)
    assert (problem.message, problem.line) == ("'release: closing' is only for press releases", 5)
    assert problem.hint == "add the line kind: press-release, or delete the release line"


@pytest.mark.parametrize(
    ("extra", "line"), [("kind: sajtóközlemény\n", 5), ("kind: press-release\nrelease: end\n", 6)]
)
def test_a_wrong_kind_or_release_is_reported_with_what_to_write(
    make_site: MakeSite, extra: str, line: int
) -> None:
    site = make_site(
        {"content/projects/p.md": VALID_PROJECT, "content/news/n.md": press_release(extra)}, CONFIG_WITH_PRESS
    )
    with pytest.raises(BuildFailed) as failure:
        build_site(site, today=TODAY)
    (problem,) = errors_only(failure.value.problems)
    assert problem.line == line
    assert problem.hint and ("press-release" in problem.hint)


def test_a_press_release_without_a_press_contact_is_a_warning(make_site: MakeSite) -> None:
    site = make_site({"content/projects/p.md": VALID_PROJECT, "content/news/n.md": press_release()})
    result = build_site(site, today=TODAY)
    (warning,) = [w for w in result.warnings if "press contact" in w.message]
    assert (warning.severity, warning.line) == (Severity.WARNING, 5)
    assert warning.hint and "[press]" in warning.hint
    assert "Kedvezményezett neve" in page(result, "hirek/n/")  # the facts are shown all the same


@pytest.mark.parametrize(
    ("press", "message"),
    [
        ('[press]\ncontact = "Kiss Judit"\nemail = "sajto-kukac-example.org"\n', "is not an e-mail address"),
        ('[press]\ncontact = "Kiss Judit"\n', "needs an e-mail address, a phone number or both"),
        ('[press]\ncontakt = "Kiss Judit"\nemail = "sajto@example.org"\n', "contakt"),
    ],
)
def test_the_press_table_is_checked(make_site: MakeSite, press: str, message: str) -> None:
    site = make_site(config=MINIMAL_CONFIG + press)
    with pytest.raises(BuildFailed) as failure:
        build_site(site, today=TODAY)
    problem = next(problem for problem in failure.value.problems if message in problem.message)
    assert problem.path == site / "site_config.toml" and problem.line is not None


# --------------------------------------------------------------------------
# new news --press
# --------------------------------------------------------------------------


def test_new_news_press_writes_the_start_and_closing_release_with_the_projects_facts(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    code, output, errors = run_cli(site, "new", "news", "--press", "EFOP-1.6.3-17-2017-00009")
    assert (code, errors) == (0, "")
    start = site / "content/news/veszprem-eselyegyenloseg-projektinditas.md"
    closing = site / "content/news/veszprem-eselyegyenloseg-projektzaras.md"
    assert str(start.relative_to(site)) in output and str(closing.relative_to(site)) in output
    for path, release, day in ((start, "start", "2017-12-01"), (closing, "closing", "2021-05-31")):
        text = path.read_text(encoding="utf-8").replace("\u00a0", " ")  # amounts keep their no-break spaces
        for line in ("kind: press-release", f"release: {release}", f"date: {day}", "draft: true"):
            assert f"\n{line}\n" in text
        for fact in (
            "project: EFOP-1.6.3-17-2017-00009",
            "„Veszprém megyei esélyegyenlőségi és felzárkózási együttműködés”",
            "Veszprém Megyei Önkormányzat és a Szociális és Gyermekvédelmi Főigazgatóság",
            "74 976 000 Ft összegű, vissza nem térítendő",
            "A támogatás mértéke 100%.",
            "2017. december 1.",
            "2021. május 31.",
            "A projekt az Európai Unió támogatásával, az Európai Szociális Alap társfinanszírozásával "
            "valósul meg.",
        ):
            assert fact in text, (path.name, fact)
    assert "nyertek el" in start.read_text(encoding="utf-8")  # a consortium: the verb in plural
    assert "Befejeződött" in closing.read_text(encoding="utf-8")
    build_site(site, today=TODAY)  # drafts: the site builds as before


def test_a_release_published_with_its_sample_line_stops_the_build(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    run_cli(site, "new", "news", "--press", "veszprem-eselyegyenloseg")  # by its address
    start = site / "content/news/veszprem-eselyegyenloseg-projektinditas.md"
    start.write_text(start.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(site, today=TODAY)
    (problem,) = errors_only(failure.value.problems)
    assert problem.path == start and "sample text" in problem.message
    assert start.read_text(encoding="utf-8").splitlines()[problem.line - 1].startswith("Írja le itt")  # type: ignore[operator]


def test_new_news_press_names_an_unknown_project_with_a_guess(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    code, _, errors = run_cli(site, "new", "news", "--press", "EFOP-1.6.3-17-2017-00090")
    assert code == 1
    assert "content/projects: no project has the ID or address 'EFOP-1.6.3-17-2017-00090'" in errors
    assert "did you mean" in errors
    assert not list((site / "content/news").glob("*projektinditas.md"))


def test_new_news_press_never_overwrites_a_release(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    assert run_cli(site, "new", "news", "--press", "zala-felzarkozas")[0] == 0
    closing = site / "content/news/zala-felzarkozas-projektzaras.md"
    mine = "---\ntitle: Saját szöveg\ndate: 2021-01-01\ndraft: true\n---\n\nMine.\n"
    closing.write_text(mine, encoding="utf-8")
    code, _, errors = run_cli(site, "new", "news", "--press", "zala-felzarkozas")
    assert code == 1 and "already exists" in errors
    assert closing.read_text(encoding="utf-8") == mine


def test_press_needs_news_and_no_title(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    code, _, errors = run_cli(site, "new", "project", "--press", "zala-felzarkozas")
    assert code == 1 and "news --press" in errors


def test_a_project_without_an_id_gets_no_releases_and_is_told_why(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    code, _, errors = run_cli(site, "new", "news", "--press", "united-networks")
    assert code == 1
    assert "content/projects/united-networks.md: the project has no project_id" in errors
    assert not list((site / "content/news").glob("united-networks-*.md"))


def test_the_funding_sentence_follows_the_profile_the_fund_and_the_rate() -> None:
    profiles = load_profiles()

    def sentence(profile: str, fund: str | None, full_rate: bool, language: str = "hu") -> str:
        return choose_banner(profiles, profile, fund, full_rate).wording(language).press_statement

    assert "támogatásával, a Kohéziós Alap társfinanszírozásával" in sentence("szechenyi2020", "KA", False)
    assert "az Európai Regionális Fejlesztési Alap" in sentence("szechenyi2020", "ERFA", True)
    assert sentence("szechenyi-terv-plusz", None, False).endswith(
        "az Európai Unió társfinanszírozásával valósul meg."
    )
    assert sentence("szechenyi-terv-plusz", None, True).endswith(
        "az Európai Unió finanszírozásával valósul meg."
    )
    assert sentence("eu-generic", None, False, "ro") == "Proiectul este cofinanțat de Uniunea Europeană."
    assert sentence("szechenyi-terv-plusz", None, False, "ro").startswith(
        "A projekt"
    )  # no Romanian: Hungarian
