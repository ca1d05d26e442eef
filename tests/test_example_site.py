"""End to end: the example site builds, and every project page shows its seven facts, formatted."""

from __future__ import annotations

import json
import posixpath
import re
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image

from infoblokk.errors import Severity
from infoblokk.site import BuildResult, build_site, check_site
from tests.helpers import (
    LABELS_IN_ORDER,
    MINIMAL_CONFIG,
    TODAY,
    VALID_PROJECT,
    MakeSite,
    copy_example_site,
    page,
    run_cli,
    visible_text,
)

NBSP = "\u00a0"

EXPECTED_FACTS = {
    "somogy-felzarkozas": (
        "Somogy Megyei Önkormányzat",
        "Somogy megyei felzárkózáspolitikai együttműködések támogatása a helyi "
        "esélyegyenlőségi programokhoz kapcsolódóan",
        f"75{NBSP}000{NBSP}000{NBSP}Ft",
        "100%",
        "2020. december 31.",
        "EFOP-1.6.3-17-2017-00006",
    ),
    "zala-felzarkozas": (
        "Zala Megyei Önkormányzat",
        "Társadalmi Esélyteremtési Főigazgatóság",
        "Zala megyei felzárkózás-politikai együttműködések",
        f"74{NBSP}998{NBSP}560{NBSP}Ft",
        "100%",
        "2020. október 31.",
        "EFOP-1.6.3.-17-2017-00004",
    ),
    "veszprem-eselyegyenloseg": (
        "Veszprém Megyei Önkormányzat",
        "Veszprém megyei esélyegyenlőségi és felzárkózási együttműködés",
        f"74{NBSP}976{NBSP}000{NBSP}Ft",
        "100%",
        "2021. május 31.",
        "EFOP-1.6.3-17-2017-00009",
    ),
    "united-networks": (
        "Babeş-Bolyai Tudományegyetem",
        "United Networks – integrált kezdeményezés hátrányos helyzetű közösségek felzárkóztatásáért",
        f"1{NBSP}581{NBSP}296,40{NBSP}RON",
        "90%",
        "2017. január 31.",
    ),
}


def test_every_kind_of_page_is_built(example_site: BuildResult) -> None:
    assert {kind: example_site.pages[kind] for kind in ("projects", "news", "pages")} == {
        "projects": 4,
        "news": 1,
        "pages": 3,  # two content pages and the accessibility statement
    }
    for path in ("index.html", "404.html", "projektek/index.html", "hirek/index.html"):
        assert (example_site.output_dir / path).is_file(), path


@pytest.mark.parametrize(
    ("list_url", "member"),
    [
        ("projektek/megye/zala/", "Zala megyei felzárkózás-politikai együttműködések"),
        ("projektek/program/efop/", "Veszprém megyei esélyegyenlőségi és felzárkózási együttműködés"),
        ("projektek/alap/esza/", "Somogy megyei felzárkózáspolitikai együttműködések támogatása"),
        ("projektek/allapot/befejezodott/", "United Networks"),
        ("projektek/cimke/gyermekvedelem/", "United Networks"),
    ],
)
def test_projects_can_be_found_by_county_programme_fund_status_and_tag(
    example_site: BuildResult, list_url: str, member: str
) -> None:
    assert member in page(example_site, list_url)


def test_project_page_links_to_the_lists_it_belongs_to(example_site: BuildResult) -> None:
    html = page(example_site, "projektek/zala-felzarkozas/")
    for target in ("megye/zala/", "program/efop/", "alap/esza/", "cimke/megyei-forum/"):
        assert f'href="../{target}index.html"' in html, target


def test_home_page_links_every_taxonomy(example_site: BuildResult) -> None:
    html = page(example_site, "")
    for folder in ("megye", "program", "alap", "allapot", "cimke"):
        assert f'href="projektek/{folder}/index.html"' in html, folder


def test_long_lists_are_split_into_linked_pages(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    config = site / "site_config.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('date_format = "long"', 'date_format = "long"\npage_size = 3'), "utf-8")
    result = build_site(site, today=TODAY)
    first, second = page(result, "projektek/"), page(result, "projektek/oldal/2/")
    assert first.count('class="card__title"') == 3
    assert second.count('class="card__title"') == 1  # four projects: 3 + 1
    assert 'href="../../index.html" rel="prev"' in second and 'rel="next"' not in second
    assert 'href="oldal/2/index.html" rel="next"' in first
    assert not (result.output_dir / "projektek/oldal/3").exists()


@pytest.mark.parametrize("slug", sorted(EXPECTED_FACTS))
def test_project_page_shows_its_facts_formatted(example_site: BuildResult, slug: str) -> None:
    text = visible_text(page(example_site, f"projektek/{slug}/"))
    for fact in EXPECTED_FACTS[slug]:
        assert fact in text, f"{fact!r} missing on {slug}"


@pytest.mark.parametrize("slug", ["somogy-felzarkozas", "zala-felzarkozas", "veszprem-eselyegyenloseg"])
def test_project_page_lists_the_seven_labels_in_the_prescribed_order(
    example_site: BuildResult, slug: str
) -> None:
    html = page(example_site, f"projektek/{slug}/")
    positions = [html.find(f"<dt>{label}</dt>") for label in LABELS_IN_ORDER]
    assert -1 not in positions, dict(zip(LABELS_IN_ORDER, positions, strict=True))
    assert positions == sorted(positions)


def test_project_without_an_id_shows_no_id_row(example_site: BuildResult) -> None:
    assert "Projekt azonosító száma" not in page(example_site, "projektek/united-networks/")


def test_the_project_whose_facts_are_not_public_yet_waits_as_a_draft(example_site: BuildResult) -> None:
    assert not (example_site.output_dir / "projektek/human-szolgaltatasok-fejlesztese").exists()
    assert [path.name for path in example_site.drafts] == ["human-szolgaltatasok-fejlesztese.md"]
    assert not any(p.severity is Severity.COMPLIANCE for p in example_site.warnings)  # no fact missing


def test_unknown_grant_is_left_out_and_reported(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    path = site / "content/projects/human-szolgaltatasok-fejlesztese.md"
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    result = build_site(site, today=TODAY)
    html = page(result, "projektek/human-szolgaltatasok-fejlesztese/")
    assert "Szerződött támogatás összege" not in html
    assert "EFOP-1.5.3-16-2017-00062" in html
    assert "Befejezés dátuma nem ismert" in visible_text(page(result, ""))  # no end date, no status
    data = json.loads((result.output_dir / "projects.json").read_text(encoding="utf-8"))
    unknown = next(p for p in data["projects"] if p["project_id"] == "EFOP-1.5.3-16-2017-00062")
    assert unknown["grant_amount"] is None and unknown["status"] is None  # an empty cell, not a guess
    reported = {(p.path.name if p.path else "", p.message) for p in result.warnings}
    assert any(
        name == "human-szolgaltatasok-fejlesztese.md" and "grant_amount" in message
        for name, message in reported
    )


def test_every_page_carries_the_banner(example_site: BuildResult) -> None:
    pages = sorted(example_site.output_dir.rglob("*.html"))
    assert len(pages) == sum(example_site.pages.values())
    for path in pages:
        assert path.read_text(encoding="utf-8").count("data-infoblokk=") == 1, path


def test_project_banner_names_its_fund_and_links_to_the_project(example_site: BuildResult) -> None:
    html = page(example_site, "projektek/somogy-felzarkozas/")
    banner = re.search(r'<a class="infoblokk"[^>]*>.*?</a>', html, re.S)
    assert banner is not None
    assert 'data-infoblokk="szechenyi2020-esza"' in banner.group(0)
    assert 'href="index.html"' in banner.group(0)
    assert "Európai Szociális Alap" in banner.group(0)


def test_eea_project_shows_the_eea_banner(example_site: BuildResult) -> None:
    assert 'data-infoblokk="eea-norway-grants"' in page(example_site, "projektek/united-networks/")


def test_home_page_lists_every_project_with_status(example_site: BuildResult) -> None:
    text = visible_text(page(example_site, ""))
    for facts in EXPECTED_FACTS.values():
        assert facts[-1] in text or facts[1] in text
    cards = text.split("Böngészés")[0]  # the project cards come before the "browse" links
    assert cards.count("Befejeződött") == 4  # every example project ended before TODAY


def test_closing_event_news_is_linked_from_its_project(example_site: BuildResult) -> None:
    project = page(example_site, "projektek/veszprem-eselyegyenloseg/")
    assert "../../hirek/veszprem-zarorendezveny/index.html" in project
    news = page(example_site, "hirek/veszprem-zarorendezveny/")
    assert "2021. május 26." in visible_text(news)
    assert "../../projektek/veszprem-eselyegyenloseg/index.html" in news


def test_front_matter_values_are_escaped(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    path = site / "content/projects/zala-felzarkozas.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("county: Zala", 'county: "<script>alert(1)</script>"'), encoding="utf-8")
    result = build_site(site, today=TODAY)
    html = page(result, "projektek/zala-felzarkozas/")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_legacy_style_formats_amounts_and_dates_the_old_way(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    config = site / "site_config.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('number_style = "standard"', 'number_style = "legacy"'),
        encoding="utf-8",
    )
    text = visible_text(page(build_site(site, today=TODAY), "projektek/somogy-felzarkozas/"))
    assert "75.000.000,-" in text
    assert "2020.12.31." in text


def test_english_site_uses_english_labels_and_cldr_formats(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    (site / "content/projects/zala-felzarkozas.en.md").unlink()  # on an English site it is no translation
    config = site / "site_config.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('language = "hu"', 'language = "en"'), encoding="utf-8"
    )
    result = build_site(site, today=TODAY)
    text = visible_text(page(result, "projects/somogy-felzarkozas/"))
    assert "Contracted grant" in text
    assert "31 December 2020" in text
    assert "75,000,000" in text


def test_drafts_are_left_out(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    path = site / "content/projects/zala-felzarkozas.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8"
    )
    result = build_site(site, today=TODAY)
    assert not (result.output_dir / "projektek/zala-felzarkozas").exists()
    assert path in result.drafts
    assert "Zala megyei felzárkózás-politikai" not in page(result, "")


def test_shared_project_link_shows_its_title_and_summary(example_site: BuildResult) -> None:
    html = page(example_site, "projektek/zala-felzarkozas/")
    assert '<meta property="og:title" content="Zala megyei felzárkózás-politikai együttműködések">' in html
    assert '<meta property="og:url" content="https://example.org/projektek/zala-felzarkozas/">' in html
    assert '<meta property="og:description" content="A Zala Megyei Önkormányzat' in html


def test_project_page_carries_schema_org_data(example_site: BuildResult) -> None:
    html = page(example_site, "projektek/zala-felzarkozas/")
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert data["@type"] == "Project"
    assert data["identifier"] == "EFOP-1.6.3.-17-2017-00004"
    assert data["funding"]["amount"] == {"@type": "MonetaryAmount", "value": "74998560", "currency": "HUF"}
    assert data["member"][0]["name"] == "Zala Megyei Önkormányzat"


def test_pages_offer_the_news_feeds(example_site: BuildResult) -> None:
    assert 'type="application/atom+xml" title="Hírek" href="hirek/atom.xml"' in page(example_site, "")
    project = page(example_site, "projektek/veszprem-eselyegyenloseg/")
    assert 'type="application/atom+xml"' in project and 'href="atom.xml"' in project


def test_open_data_page_links_the_downloads(example_site: BuildResult) -> None:
    html = page(example_site, "nyilt-adatok/")
    assert 'href="../projects.csv"' in html and 'href="../projects.json"' in html


def _with_a_photo(tmp_path: Path, name: str, size: tuple[int, int], shown_by: str) -> Path:
    """The example site with a photo in content/static/kepek/ and `shown_by` appended to the
    body of one project."""
    site = copy_example_site(tmp_path)
    (site / "content/static/kepek").mkdir(parents=True)
    Image.new("RGB", size, (0, 51, 153)).save(site / "content/static/kepek" / name)
    project = site / "content/projects/zala-felzarkozas.md"
    project.write_text(project.read_text(encoding="utf-8") + f"\n{shown_by}\n", encoding="utf-8")
    return site


def test_photo_in_a_body_is_served_in_several_widths(tmp_path: Path) -> None:
    site = _with_a_photo(tmp_path, "forum.jpg", (2000, 1000), "![A fórum résztvevői](/kepek/forum.jpg)")
    result = build_site(site, today=TODAY)
    html = page(result, "projektek/zala-felzarkozas/")
    image = re.search(r'<img alt="A fórum résztvevői"[^>]*>', html)
    assert image is not None
    assert 'srcset="../../_kepek/kepek/forum-480w.jpg 480w' in image.group(0)
    assert "../../kepek/forum.jpg 2000w" in image.group(0)
    assert 'width="2000"' in image.group(0) and 'height="1000"' in image.group(0)
    with Image.open(result.output_dir / "_kepek/kepek/forum-960w.jpg") as copy:
        assert copy.size == (960, 480)


def test_photo_written_as_html_in_capitals_is_served_in_several_widths(tmp_path: Path) -> None:
    site = _with_a_photo(tmp_path, "terem.png", (1200, 600), '<IMG SRC="/kepek/terem.png" ALT="A terem">')
    html = page(build_site(site, today=TODAY), "projektek/zala-felzarkozas/")
    image = re.search(r'<IMG SRC="[^"]*terem.png" ALT="A terem"[^>]*>', html)
    assert image is not None
    assert 'srcset="../../_kepek/kepek/terem-480w.png 480w' in image.group(0)
    assert 'width="1200"' in image.group(0)


def test_official_cmyk_banner_is_shown_converted_to_srgb(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    (site / "content/static").mkdir(exist_ok=True)  # git keeps no empty folder: a clone may lack it
    Image.new("CMYK", (600, 180), (255, 150, 0, 0)).save(site / "content/static/infoblokk_ESZA.jpg")
    config = site / "site_config.toml"
    text = config.read_text(encoding="utf-8").replace(
        "[markdown]", '[banner.images]\n"szechenyi2020-esza" = "infoblokk_ESZA.jpg"\n\n[markdown]'
    )
    config.write_text(text, encoding="utf-8")
    result = build_site(site, today=TODAY)
    html = page(result, "projektek/somogy-felzarkozas/")
    assert 'src="../../_infoblokk/infoblokk_ESZA-srgb.jpg"' in html
    with Image.open(result.output_dir / "_infoblokk/infoblokk_ESZA-srgb.jpg") as converted:
        assert converted.mode == "RGB"
    assert not any("szechenyi2020-esza" in p.message for p in result.warnings)  # no stand-in warning


def test_the_example_site_passes_check_with_only_the_steps_left_before_publishing(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    problems = check_site(site, today=TODAY)
    assert {p.severity for p in problems} == {Severity.PUBLICATION}
    assert sorted(p.message for p in problems) == [
        "base_url is still the example address https://example.org/: the canonical links, the sitemap "
        "and the feeds would point there",
        "the banner 'eea-norway-grants' shows infoblokk's stand-in, not the official artwork yet",
        "the banner 'szechenyi2020-esza' shows infoblokk's stand-in, not the official artwork yet",
    ]
    _reviewed_on(site, date.today())  # the command line checks on the real day: reviewed on it
    code, out, err = run_cli(site, "check")
    assert code == 0 and out == ""
    assert "No errors. 3 warnings above name what is left" in err
    code, _, err = run_cli(site, "check", "--strict")
    assert code == 1 and "3 problems found; fix them before publishing." in err


def test_a_year_after_its_last_review_the_example_site_is_reminded_of_the_statement(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    last_review = tomllib.loads((site / "site_config.toml").read_text(encoding="utf-8"))["accessibility"][
        "last_review"
    ]
    assert len(check_site(site, today=last_review + timedelta(days=366))) == 3
    problems = check_site(site, today=last_review + timedelta(days=367))
    assert len(problems) == 4 and {p.severity for p in problems} == {Severity.PUBLICATION}
    assert any(p.message.startswith("the accessibility statement was last reviewed on") for p in problems)


def _reviewed_on(site: Path, day: date) -> None:
    config = site / "site_config.toml"
    text = re.sub(
        r"(?m)^last_review = \S+", f"last_review = {day.isoformat()}", config.read_text(encoding="utf-8")
    )
    config.write_text(text, encoding="utf-8")


def test_a_long_list_links_a_few_nearby_pages_and_reaches_every_page(make_site: MakeSite) -> None:
    """Twelve pages of one project each: every page shows the first, the last and its
    neighbours, marks the pages left out, and following the links reaches every page."""
    files = {
        f"content/projects/p{n:02}.md": VALID_PROJECT.replace("00004", f"{n:05}").replace(
            "Zala megyei", f"Zala megyei {n}."
        )
        for n in range(1, 13)
    }
    result = build_site(make_site(files, MINIMAL_CONFIG + "page_size = 1\n"), today=TODAY)
    middle = page(result, "projektek/oldal/6/")
    pager = middle[middle.index('class="pagination"') :].split("</nav>")[0]
    numbers = re.findall(r">(\d+)</a>", pager)
    assert numbers == ["1", "4", "5", "6", "7", "8", "12"]
    assert pager.count('class="pagination__gap"') == 2
    assert '<a href="index.html" aria-current="page">6</a>' in pager
    seen, waiting = set(), ["projektek/"]
    while waiting:
        url = waiting.pop()
        seen.add(url)
        html = page(result, url)
        nav = html[html.index('class="pagination"') :].split("</nav>")[0]
        for target in re.findall(r'href="([^"]+)"', nav):
            found = posixpath.normpath(posixpath.join(url, target)).removesuffix("index.html")
            if found not in seen:
                waiting.append(found)
    assert seen == {"projektek/"} | {f"projektek/oldal/{n}/" for n in range(2, 13)}
