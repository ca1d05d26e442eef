"""A page's fingerprint covers everything its plan holds, however cheaply it is made."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from infoblokk.banner.partial import banner_template
from infoblokk.content.loading import LoadedSite, load_site
from infoblokk.layout import TEMPLATES_FOLDER
from infoblokk.render.context import RenderInputs
from infoblokk.render.fingerprints import Fingerprints
from infoblokk.render.pages import make_environment
from infoblokk.render.plans import PageKind, PagePlan, make_lists, plan_pages
from infoblokk.site import build_site
from tests.edits import replace_in
from tests.helpers import TODAY, clean_build_of, copy_example_site, snapshot

NEWS_PAGE = "hirek/veszprem-zarorendezveny/index.html"


def fingerprints_of(site: LoadedSite) -> tuple[Fingerprints, tuple[PagePlan, ...]]:
    """The fingerprints of a site's pages as a build makes them, with the plans of its pages."""
    config, model = site.config, site.model
    languages = {config.language, *(t.language for t in model.translations)}
    labels = {language: site.theme.labels(language) for language in sorted(languages)}
    lists = make_lists(model, config.language, TODAY, labels[config.language])
    bodies = {item.source.source_path: item.body.encode() for item in model.items()}
    templates = site.theme.folders[0] / TEMPLATES_FOLDER
    inputs = RenderInputs(config, model, labels, bodies, {}, TODAY, lists, templates, banner_template())
    plans = plan_pages(model, config.language, lists, config.page_size, config.accessibility_url)
    return Fingerprints(make_environment(site.site_dir, site.theme), inputs), plans


def test_every_field_of_a_plan_is_part_of_its_page_fingerprint(tmp_path: Path) -> None:
    site = load_site(copy_example_site(tmp_path))
    fingerprints, plans = fingerprints_of(site)
    news = next(plan for plan in plans if plan.kind == PageKind.NEWS)
    home = next(plan for plan in plans if plan.kind == PageKind.HOME)
    taxonomy = next(plan for plan in plans if plan.kind == PageKind.TAXONOMY)
    assert news.banner is not None and news.listing is None and not news.terms
    others = {
        "url": "mas/",
        "kind": PageKind.PAGE,
        "title": "Egy másik cím",
        "item": site.model.pages[0],
        "banner": site.model.site_banner,
        "banner_image": "logosav.png",
        "banner_link": "mas/",
        "listing": home.listing,
        "taxonomy": "county",
        "terms": taxonomy.terms,
        "language": "en",
    }
    assert set(others) == {field.name for field in dataclasses.fields(PagePlan)}  # a new field: add it here
    fingerprint = fingerprints.of_page(news)
    for name, value in others.items():
        assert fingerprints.of_page(dataclasses.replace(news, **{name: value})) != fingerprint, name
    assert fingerprints.of_page(dataclasses.replace(news)) == fingerprint  # a copy is the same page


def test_a_news_page_fingerprint_follows_the_banner_of_its_project(tmp_path: Path) -> None:
    """A news page shows its project's banner, which its plan names by the project it belongs
    to: another funding rate of the project (and nothing else) gives the page another fingerprint."""
    site = copy_example_site(tmp_path)

    def news_fingerprint() -> str:
        fingerprints, plans = fingerprints_of(load_site(site))
        news = next(plan for plan in plans if plan.kind == PageKind.NEWS)
        assert news.banner is not None and news.banner_link == "projektek/veszprem-eselyegyenloseg/"
        return fingerprints.of_page(news)

    before = news_fingerprint()
    assert news_fingerprint() == before  # the same files give the same fingerprint
    replace_in(site / "content/projects/veszprem-eselyegyenloseg.md", "funding_rate: 100", "funding_rate: 85")
    assert news_fingerprint() != before


def test_a_funding_rate_edit_renders_the_projects_news_page_again(tmp_path: Path) -> None:
    """The news page shows the banner of its project: a rebuild after the project's funding
    rate changed shows the new wording there, as a clean build does."""
    site = copy_example_site(tmp_path / "site")
    first = build_site(site, today=TODAY)
    before = snapshot(first.output_dir)
    replace_in(site / "content/projects/veszprem-eselyegyenloseg.md", "funding_rate: 100", "funding_rate: 85")
    again = snapshot(build_site(site, today=TODAY, previous=first.state).output_dir)
    assert again[NEWS_PAGE] != before[NEWS_PAGE]
    assert again == clean_build_of(site, tmp_path / "clean")
