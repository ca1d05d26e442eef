"""What `check` finds in the rendered pages: one small site per kind of finding.

Every finding must name the file to fix (the content file and its line when the culprit is in
its text, else the template) and carry a hint saying what to do.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from infoblokk.check.audit import audit_pages
from infoblokk.content.loading import load_site
from infoblokk.errors import Problem, Severity
from infoblokk.site import check_site, render_site
from tests.helpers import REPO, VALID_NEWS, VALID_PAGE, VALID_PROJECT, MakeSite, run_cli, write_png

TODAY = date(2024, 6, 1)
PAGE_FILE = "content/pages/a.md"
# The body starts on line 5: line 5 holds {first}, line 7 holds {second}.
PAGE = """\
---
title: Próba oldal
---

{first}

{second}
"""


def page(first: str, second: str = "Vége.") -> str:
    return PAGE.format(first=first, second=second)


def findings(site: Path) -> list[Problem]:
    """What `check` reports about the pages: not the build's own problems, nor the steps left
    before publishing that the configuration shows (other tests cover both)."""
    known = set(load_site(site).model.problems)
    return [
        problem
        for problem in check_site(site, TODAY)
        if problem not in known and not problem.message.startswith("base_url is still the example")
    ]


def only_finding(site: Path) -> Problem:
    found = findings(site)
    assert len(found) == 1, "\n".join(problem.format(site) for problem in found)
    return found[0]


def test_a_link_to_no_file_names_the_content_file_and_line(make_site: MakeSite) -> None:
    site = make_site({PAGE_FILE: page("Első bekezdés.", "Lásd [a tervet](terv.pdf).")})
    problem = only_finding(site)
    assert problem.message == "the link to a/terv.pdf leads nowhere: the site has no such file"
    assert (problem.path, problem.line) == (site / PAGE_FILE, 7)
    assert problem.hint is not None and "from the site's root (/kepek/forum.jpg" in problem.hint
    assert problem.severity is Severity.ERROR


def test_a_link_out_of_the_site_is_reported(make_site: MakeSite) -> None:
    site = make_site({PAGE_FILE: page("[kint](../../kint.html)")})
    problem = only_finding(site)
    assert problem.message == "the link '../../kint.html' points outside the site"
    assert (problem.path, problem.line) == (site / PAGE_FILE, 5)
    assert problem.hint is not None and "index.html" in problem.hint


def test_a_link_to_a_folder_is_reported_because_the_file_system_does_not_open_index_html(
    make_site: MakeSite,
) -> None:
    site = make_site({PAGE_FILE: page("Vissza a [projektekhez](../projektek/).")})
    problem = only_finding(site)
    assert problem.message.startswith("the link '../projektek/' names a folder")
    assert (problem.path, problem.line) == (site / PAGE_FILE, 5)
    assert problem.hint == "link to '../projektek/index.html' instead"


def test_a_fragment_missing_from_the_same_page_is_reported(make_site: MakeSite) -> None:
    site = make_site(
        {PAGE_FILE: page("## Célok", "Ugrás a [célokhoz](#nincs-ilyen), nem a [jóhoz](#celok).")}
    )
    problem = only_finding(site)
    assert (
        problem.message
        == "the link '#nincs-ilyen' jumps to #nincs-ilyen, but this page has no element with that id"
    )
    assert (problem.path, problem.line) == (site / PAGE_FILE, 7)
    assert problem.hint is not None and "{#my-id}" in problem.hint


def test_a_fragment_missing_from_another_page_is_reported_at_the_link(make_site: MakeSite) -> None:
    body = page(
        "A projekt [céljai](../projects/p.md#a-projekt-celja).",
        "A projekt [eredményei](../projects/p.md#eredmenyek).",
    )
    site = make_site({"content/projects/p.md": VALID_PROJECT, PAGE_FILE: body})
    problem = only_finding(site)
    assert problem.message == (
        "the link '../projektek/p/index.html#eredmenyek' jumps to #eredmenyek, "
        "but projektek/p/index.html has no element with that id"
    )
    assert (problem.path, problem.line) == (site / PAGE_FILE, 7)


def test_an_image_without_alt_is_reported_and_an_empty_alt_is_allowed(make_site: MakeSite) -> None:
    site = make_site(
        {PAGE_FILE: page("Díszítés: ![](../kep.png)", 'A fórum: <img src="../kep.png" width="80">')}
    )
    write_png(site / "content" / "static" / "kep.png", 80, 40)
    problem = only_finding(site)
    assert problem.message == "the image '../kep.png' has no alternative text (alt)"
    assert (problem.path, problem.line) == (site / PAGE_FILE, 5)  # the first line naming the file
    assert problem.hint is not None and 'alt=""' in problem.hint and "decorative" in problem.hint


def test_a_link_without_text_is_reported_and_one_with_an_image_alt_is_not(make_site: MakeSite) -> None:
    site = make_site(
        {PAGE_FILE: page("[![A főoldal](../kep.png)](../index.html)", "[](../hirek/index.html)")}
    )
    write_png(site / "content" / "static" / "kep.png", 80, 40)
    problem = only_finding(site)
    assert problem.message == (
        "the link to '../hirek/index.html' has no text, so screen readers cannot tell where it leads"
    )
    assert (problem.path, problem.line) == (site / PAGE_FILE, 7)
    assert problem.hint is not None and "aria-label" in problem.hint


def test_a_template_without_h1_is_named_once_with_the_pages_it_affects(make_site: MakeSite) -> None:
    template = (
        '{% extends "base.html" %}\n{% block main %}<p>{{ page.title }}</p>{{ content }}{% endblock %}\n'
    )
    site = make_site(
        {PAGE_FILE: page("Szöveg."), "content/pages/b.md": VALID_PAGE, "templates/page.html": template}
    )
    problem = only_finding(site)
    assert problem.message.startswith("there is no <h1> heading (on 2 pages: ")
    assert "a/index.html" in problem.message
    assert (problem.path, problem.line) == (site / "templates" / "page.html", None)
    assert problem.hint is not None and "<h1>" in problem.hint


def test_a_page_without_lang_names_the_template_that_writes_html(make_site: MakeSite) -> None:
    base = (REPO / "infoblokk" / "themes" / "default" / "templates" / "base.html").read_text(encoding="utf-8")
    assert '<html lang="{{ lang }}">' in base
    site = make_site(
        {PAGE_FILE: page("Szöveg."), "templates/base.html": base.replace(' lang="{{ lang }}"', "")}
    )
    problem = only_finding(site)
    assert problem.message.startswith("the <html> element has no lang attribute (on ")
    assert problem.path == site / "templates" / "base.html"
    assert problem.hint is not None and 'lang="{{ lang }}"' in problem.hint


def test_official_artwork_narrower_than_the_profile_allows_is_a_compliance_gap(make_site: MakeSite) -> None:
    config = 'title = "x"\n[banner.images]\n"szechenyi2020-esza" = "kicsi.png"\n'
    site = make_site({PAGE_FILE: page("Szöveg.")}, config=config)
    write_png(site / "content" / "static" / "kicsi.png", 120, 40)
    problem = only_finding(site)
    assert problem.message == (
        "the banner artwork is 120 px wide; the szechenyi2020 banner must be shown at least 150 px wide"
    )
    assert problem.path == site / "content" / "static" / "kicsi.png"
    assert problem.hint is not None and "at least 150 px" in problem.hint
    assert problem.severity is Severity.COMPLIANCE


def test_a_banner_shown_narrower_in_the_html_is_a_compliance_gap(make_site: MakeSite) -> None:
    site = make_site({PAGE_FILE: page("Szöveg.")})
    loaded = load_site(site)
    rendered = render_site(loaded, TODAY)
    shrunk = [
        dataclasses.replace(file, content=file.content.replace(b'width="300"', b'width="120"'))
        if str(file.path) == "a/index.html"
        else file
        for file in rendered.files
    ]
    (problem,) = audit_pages(loaded, shrunk, rendered.plans)
    assert problem.message.endswith(
        "is shown 120 px wide; it must be at least 150 px (on the page a/index.html)"
    )
    assert problem.path == site / "themes" / "default" / "templates" / "page.html"
    assert problem.hint is not None and "150 px" in problem.hint
    assert problem.severity is Severity.COMPLIANCE


def test_a_good_site_has_no_findings(make_site: MakeSite) -> None:
    body = page(
        "## Célok\n\nLásd a [projektet](../projects/p.md#a-projekt-celja), a [célokat](#celok) "
        "és a [híreket](/hirek/index.html).",
        "![Résztvevők a fórumon](/kep.png) [Vissza az elejére](#main)",
    )
    site = make_site(
        {
            "content/projects/p.md": VALID_PROJECT,
            "content/news/n.md": VALID_NEWS,
            "content/pages/nyilatkozat.md": VALID_PAGE,
            PAGE_FILE: body,
        }
    )
    write_png(site / "content" / "static" / "kep.png", 80, 40)
    assert findings(site) == []


def test_the_example_site_has_only_its_known_warnings() -> None:
    problems = check_site(REPO, TODAY)
    pages_and_configuration = set(problems) - set(load_site(REPO).model.problems)
    assert [problem.message.split(":")[0] for problem in pages_and_configuration] == [
        "base_url is still the example address https"
    ]
    assert all(problem.severity is Severity.PUBLICATION for problem in problems)


@pytest.mark.parametrize("command", ["check"])
def test_check_prints_the_finding_with_its_location_and_hint(make_site: MakeSite, command: str) -> None:
    site = make_site({PAGE_FILE: page("Első bekezdés.", "Lásd [a tervet](terv.pdf).")})
    code, _, err = run_cli(site, command)
    assert code == 1
    assert f"{Path(PAGE_FILE)}:7: the link to a/terv.pdf leads nowhere" in err
    assert "hint: link a file of content/static/ from the site's root" in err
