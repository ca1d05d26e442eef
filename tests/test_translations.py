"""A page in another language: its facts come from the original, and the two link to each other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from infoblokk.errors import BuildFailed
from infoblokk.site import BuildResult, build_site
from tests.helpers import TODAY, copy_example_site, page, visible_text

ENGLISH = "en/projects/zala-felzarkozas/"
HUNGARIAN = "projektek/zala-felzarkozas/"


def test_translation_is_published_under_its_language(example_site: BuildResult) -> None:
    html = page(example_site, ENGLISH)
    assert '<html lang="en">' in html
    assert "<h1>Cooperation for social inclusion in Zala County</h1>" in html
    assert example_site.pages["translations"] == 1


def test_translation_shows_the_originals_facts_in_its_own_language(example_site: BuildResult) -> None:
    text = visible_text(page(example_site, ENGLISH))
    assert "Contracted grant" in text and "HUF\u00a074,998,560" in text
    assert "31 October 2020" in text
    assert "EFOP-1.6.3.-17-2017-00004" in text


def test_original_and_translation_link_to_each_other_with_hreflang(example_site: BuildResult) -> None:
    hungarian, english = page(example_site, HUNGARIAN), page(example_site, ENGLISH)
    for html in (hungarian, english):
        assert (
            '<link rel="alternate" hreflang="en" href="https://example.org/en/projects/zala-felzarkozas/">'
            in html
        )
        assert (
            '<link rel="alternate" hreflang="hu" href="https://example.org/projektek/zala-felzarkozas/">'
            in html
        )
    assert (
        'href="../../en/projects/zala-felzarkozas/index.html" hreflang="en" lang="en">English</a>'
        in hungarian
    )
    assert (
        'href="../../../projektek/zala-felzarkozas/index.html" hreflang="hu" lang="hu">Magyar</a>' in english
    )


def test_pages_without_a_translation_offer_no_language_links(example_site: BuildResult) -> None:
    html = page(example_site, "projektek/somogy-felzarkozas/")
    assert "hreflang" not in html


def test_translation_menu_leads_to_the_default_language_pages(example_site: BuildResult) -> None:
    html = page(example_site, ENGLISH)
    menu = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert menu is not None
    assert '<a href="../../../projektek/index.html"' in menu.group(0)  # no English list: the Hungarian one
    for href in re.findall(r'href="([^"#]+)"', menu.group(0)):
        assert (example_site.output_dir / ENGLISH / href).resolve().is_file(), href


def test_translations_stay_out_of_lists_and_open_data(example_site: BuildResult) -> None:
    assert "Cooperation for social inclusion" not in page(example_site, "projektek/")
    assert "Cooperation for social inclusion" not in (example_site.output_dir / "projects.csv").read_text(
        "utf-8-sig"
    )


def test_translation_without_an_original_is_reported(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    (site / "content/projects/nincs-ilyen.en.md").write_text("---\ntitle: Lost\n---\n\nText.\n", "utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(site, today=TODAY)
    problem = next(p for p in failure.value.problems if p.path and p.path.name == "nincs-ilyen.en.md")
    assert "no original" in problem.message and problem.line == 1
    assert problem.hint and "nincs-ilyen.md" in problem.hint


def test_fact_changed_in_the_original_reaches_the_translation(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    first = build_site(site, today=TODAY)
    original = site / "content/projects/zala-felzarkozas.md"
    original.write_text(original.read_text("utf-8").replace('"74.998.560,- Ft"', "75000000"), "utf-8")
    again = build_site(site, today=TODAY, previous=first.state)
    assert "HUF\u00a075,000,000" in visible_text(page(again, ENGLISH))


def test_broken_original_is_reported_once_and_its_translation_waits(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    original = site / "content/projects/zala-felzarkozas.md"
    original.write_text(
        original.read_text("utf-8").replace("funding_rate: 100", "funding_rate: [100"), "utf-8"
    )
    with pytest.raises(BuildFailed) as failure:
        build_site(site, today=TODAY)
    assert [p.path.name for p in failure.value.problems if p.path and p.severity.value == "error"] == [
        "zala-felzarkozas.md"
    ]
