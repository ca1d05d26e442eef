"""Feeds, sitemap, robots.txt and open data of the example site, read as their users read them."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ElementTree
from decimal import Decimal
from pathlib import Path

from infoblokk.site import BuildResult, build_site
from tests.helpers import TODAY, copy_example_site

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_news_feed_lists_every_news_item_with_absolute_links(example_site: BuildResult) -> None:
    feed = ElementTree.parse(example_site.output_dir / "hirek" / "atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    link = entries[0].find(f"{ATOM}link")
    assert link is not None and link.get("href") == "https://example.org/hirek/veszprem-zarorendezveny/"
    assert entries[0].findtext(f"{ATOM}updated") == "2021-05-26T00:00:00Z"


def test_project_with_news_has_a_feed_of_its_own_and_others_have_none(example_site: BuildResult) -> None:
    feed = ElementTree.parse(
        example_site.output_dir / "projektek/veszprem-eselyegyenloseg/atom.xml"
    ).getroot()
    assert "Veszprém megyei" in (feed.findtext(f"{ATOM}title") or "")
    assert len(feed.findall(f"{ATOM}entry")) == 1
    assert not (example_site.output_dir / "projektek/zala-felzarkozas/atom.xml").exists()


def test_sitemap_names_every_page_but_the_404_page(example_site: BuildResult) -> None:
    sitemap = ElementTree.parse(example_site.output_dir / "sitemap.xml").getroot()
    locations = {loc.text for loc in sitemap.iter(f"{SITEMAP}loc")}
    pages = [p for p in example_site.output_dir.rglob("*.html") if p.name != "404.html"]
    assert len(locations) == len(pages)
    assert "https://example.org/projektek/zala-felzarkozas/" in locations
    assert not any(loc and "404" in loc for loc in locations)


def test_robots_txt_points_to_the_sitemap(example_site: BuildResult) -> None:
    robots = (example_site.output_dir / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://example.org/sitemap.xml" in robots


def test_projects_json_holds_every_project_with_exact_figures(example_site: BuildResult) -> None:
    data = json.loads((example_site.output_dir / "projects.json").read_text(encoding="utf-8"))
    by_title = {p["title"]: p for p in data["projects"]}
    assert len(by_title) == 4
    zala = by_title["Zala megyei felzárkózás-politikai együttműködések"]
    assert zala["grant_amount"] == 74998560
    assert zala["consortium_partners"] == ["Társadalmi Esélyteremtési Főigazgatóság"]
    united = next(p for p in data["projects"] if p["project_id"] is None)
    assert Decimal(str(united["grant_amount"])) == Decimal("1581296.40")
    assert united["currency"] == "RON" and united["funding_rate"] == 90


def test_projects_csv_is_utf8_with_one_row_per_project(example_site: BuildResult) -> None:
    raw = (example_site.output_dir / "projects.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 4
    somogy = next(r for r in rows if r["project_id"] == "EFOP-1.6.3-17-2017-00006")
    assert somogy["beneficiary"] == "Somogy Megyei Önkormányzat"
    assert (somogy["grant_amount"], somogy["currency"], somogy["end_date"]) == (
        "75000000",
        "HUF",
        "2020-12-31",
    )
    assert somogy["url"] == "https://example.org/projektek/somogy-felzarkozas/"


def test_data_follows_base_url(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    config = site / "site_config.toml"
    text = config.read_text(encoding="utf-8").replace("https://example.org/", "https://www.somogy.hu/efop/")
    config.write_text(text, encoding="utf-8")
    result = build_site(site, today=TODAY)
    assert "https://www.somogy.hu/efop/projektek/" in (result.output_dir / "projects.csv").read_text(
        "utf-8-sig"
    )
    assert "https://www.somogy.hu/efop/sitemap.xml" in (result.output_dir / "robots.txt").read_text("utf-8")
