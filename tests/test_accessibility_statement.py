"""The accessibility statement, made from `[accessibility]` in site_config.toml.

It carries the headings of the EU's model statement (Implementing Decision (EU) 2018/1523) in
the site's language, every page links it from its footer, and `check` warns once its last
review is more than a year old.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from infoblokk.errors import BuildFailed, Severity
from infoblokk.site import BuildResult, build_site, check_site
from tests.helpers import TODAY, MakeSite, page, run_cli, visible_text

STATEMENT = """\
title = "Próba honlap"
publisher = "Kisrét Község Önkormányzata"
base_url = "https://www.example.hu/"
language = "{language}"

[accessibility]
status = "partially"
known_issues = ["A 2019 előtti PDF-mellékletek nem akadálymentesek."]
email = "akadalymentesseg@example.hu"
phone = "+36 1 234 5678"
enforcement_body = "Az alapvető jogok biztosa"
enforcement_url = "https://www.ajbh.hu/"
prepared = 2025-03-01
last_review = 2026-10-15
"""

HEADINGS = {
    "hu": (
        "Akadálymentesítési nyilatkozat",
        "Megfelelőségi státusz",
        "Nem akadálymentes tartalom",
        "Az akadálymentesítési nyilatkozat elkészítése",
        "Visszajelzés és elérhetőségi adatok",
        "Végrehajtási eljárás",
    ),
    "en": (
        "Accessibility statement",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
        "Feedback and contact information",
        "Enforcement procedure",
    ),
    "ro": (
        "Declarație de accesibilitate",
        "Stadiul conformității",
        "Conținut inaccesibil",
        "Elaborarea prezentei declarații de accesibilitate",
        "Feedback și date de contact",
        "Procedura de punere în aplicare",
    ),
}
ADDRESS = {
    "hu": "akadalymentesitesi-nyilatkozat/",
    "en": "accessibility-statement/",
    "ro": "declaratie-de-accesibilitate/",
}


def statement_site(make_site: MakeSite, language: str = "hu", config: str = STATEMENT) -> Path:
    return make_site(config=config.format(language=language))


def headings(html: str) -> list[str]:
    import re

    return [visible_text(found).strip() for found in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, re.S)]


@pytest.mark.parametrize("language", ["hu", "en", "ro"])
def test_the_statement_has_the_eu_model_headings_in_the_site_language(
    make_site: MakeSite, language: str
) -> None:
    result = build_site(statement_site(make_site, language), today=TODAY)
    html = page(result, ADDRESS[language])
    shown = headings(html)
    assert [heading for heading in shown if heading in HEADINGS[language]] == list(HEADINGS[language])
    text = visible_text(html)
    assert "A 2019 előtti PDF-mellékletek nem akadálymentesek." in text
    assert 'href="mailto:akadalymentesseg@example.hu"' in html
    assert 'href="tel:+3612345678"' in html and "+36 1 234 5678" in text
    assert '<a href="https://www.ajbh.hu/">Az alapvető jogok biztosa</a>' in html
    assert "Kisrét Község Önkormányzata" in text and "https://www.example.hu/" in text


def test_the_statement_shows_its_status_and_dates_in_the_site_style(make_site: MakeSite) -> None:
    text = visible_text(page(build_site(statement_site(make_site), today=TODAY), ADDRESS["hu"]))
    assert "részben felel meg a WCAG 2.1 szabvány AA szintjének" in text
    assert "A nyilatkozat elkészítésének napja: 2025. március 1." in text
    assert "A nyilatkozat utolsó felülvizsgálatának napja: 2026. október 15." in text
    assert ".." not in text


def test_every_page_links_the_statement_from_its_footer(make_site: MakeSite) -> None:
    result = build_site(statement_site(make_site), today=TODAY)
    pages = sorted(result.output_dir.rglob("*.html"))
    assert len(pages) > 5
    for path in pages:
        html = path.read_text(encoding="utf-8")
        footer = html[html.index('<footer class="site-footer">') :]
        assert ">Akadálymentesítési nyilatkozat</a>" in footer, path
        if path.parent.name == "akadalymentesitesi-nyilatkozat":
            assert '<a href="index.html" aria-current="page">' in footer
        else:
            assert "akadalymentesitesi-nyilatkozat/index.html" in footer, path
    project = page(result, "projektek/p/")
    assert 'href="../../akadalymentesitesi-nyilatkozat/index.html"' in project


def test_a_site_without_the_table_has_no_statement_and_no_link(make_site: MakeSite) -> None:
    result = build_site(make_site(), today=TODAY)
    assert not (result.output_dir / ADDRESS["hu"]).exists()
    assert "nyilatkozat" not in page(result, "")


def test_the_example_site_publishes_its_statement_from_the_configuration(example_site: BuildResult) -> None:
    html = page(example_site, ADDRESS["hu"])
    assert [h for h in headings(html) if h in HEADINGS["hu"]] == list(HEADINGS["hu"])
    assert not (Path(__file__).parent.parent / "content/pages/akadalymentesitesi-nyilatkozat.md").exists()
    assert "akadalymentesitesi-nyilatkozat/index.html" in page(example_site, "projektek/zala-felzarkozas/")


def test_an_unknown_key_in_the_table_gets_a_did_you_mean(make_site: MakeSite) -> None:
    config = STATEMENT.replace("last_review =", "last_reveiw =")
    with pytest.raises(BuildFailed) as failure:
        build_site(statement_site(make_site, config=config), today=TODAY)
    problems = {(p.message, p.line, p.hint) for p in failure.value.problems}
    assert (
        "unknown key 'accessibility.last_reveiw'",
        14,
        "did you mean 'last_review'? See the configuration reference in README.md.",
    ) in problems


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (('email = "akadalymentesseg@example.hu"\nphone = "+36 1 234 5678"\n', ""), "needs a contact"),
        (('known_issues = ["A 2019 előtti PDF-mellékletek nem akadálymentesek."]\n', ""), "list what is not"),
        (('status = "partially"', 'status = "részben"'), "'accessibility.status'"),
        (('email = "akadalymentesseg@example.hu"', 'email = "akadalymentesseg"'), "is not an e-mail address"),
        (('enforcement_url = "https://www.ajbh.hu/"', 'enforcement_url = "ajbh.hu"'), "is not a web address"),
    ],
)
def test_a_statement_that_says_too_little_is_an_error_with_its_line(
    make_site: MakeSite, change: tuple[str, str], said: str
) -> None:
    config = STATEMENT.replace(*change)
    assert config != STATEMENT
    site = statement_site(make_site, config=config)
    code, _, err = run_cli(site, "build")
    assert code == 1
    assert said in err
    assert "site_config.toml:" in err and "hint:" in err


def test_check_warns_when_the_last_review_is_more_than_a_year_old(make_site: MakeSite) -> None:
    site = statement_site(make_site)
    assert not [p for p in check_site(site, today=date(2027, 10, 15)) if "reviewed" in p.message]
    (problem,) = [p for p in check_site(site, today=date(2027, 10, 17)) if "reviewed" in p.message]
    assert problem.message == (
        "the accessibility statement was last reviewed on 2026-10-15, more than a year ago"
    )
    assert (problem.path, problem.line) == (site / "site_config.toml", 14)
    assert problem.severity is Severity.PUBLICATION
    assert "set last_review = 2027-10-17" in (problem.hint or "")


def test_a_page_at_the_statements_address_is_an_error(make_site: MakeSite) -> None:
    site = statement_site(make_site)
    path = site / "content/pages/akadalymentesitesi-nyilatkozat.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: Akadálymentesítési nyilatkozat\n---\n\nKézzel írva.\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(site, today=TODAY)
    (problem,) = [p for p in failure.value.problems if p.severity is Severity.ERROR]
    assert problem.path == path
    assert "the accessibility statement's, made from [accessibility]" in problem.message
