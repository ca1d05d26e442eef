"""What a template sees: the variables and functions of one page's context.

Every read of the site goes through this context, which notes in a `DependencyLog` which
parts of the site the page used (see `incremental`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from markupsafe import Markup

from infoblokk.banner.artwork import BannerArt, art_key
from infoblokk.config.settings import SiteConfig
from infoblokk.content.model import Item, NewsItem, Project, SiteModel
from infoblokk.layout import SECTION_FOLDERS, news_feed_path, project_feed_path, search_url
from infoblokk.render.formatting import Formatter
from infoblokk.render.incremental import DependencyLog, TrackedItems
from infoblokk.render.listings import taxonomy_url
from infoblokk.render.metadata import open_graph, structured_data
from infoblokk.render.plans import PageKind, PagePlan, SiteLists
from infoblokk.render.urls import absolute_url, relative_link, root_link

LANGUAGE_NAMES = {"hu": "Magyar", "en": "English", "ro": "Română"}  # each in its own language


@dataclass(frozen=True)
class RenderInputs:
    """Everything render needs, resolved by the stages before it."""

    config: SiteConfig
    model: SiteModel
    labels_by_language: Mapping[str, Mapping[str, Any]]  # the site's language and its translations'
    bodies: Mapping[Path, str]  # source path → body HTML
    art: Mapping[str, BannerArt]  # art_key → image
    today: date
    lists: SiteLists
    theme_templates: Path  # where a missing template should go
    banner_template: jinja2.Template  # the package's own banner partial

    @property
    def labels(self) -> Mapping[str, Any]:
        """The interface texts of the site's own language."""
        return self.labels_by_language[self.config.language]


def page_context(inputs: RenderInputs, plan: PagePlan, log: DependencyLog) -> dict[str, Any]:
    """The variables a template sees (documented in README.md, "Themes and template overrides")."""
    model, config = inputs.model, inputs.config
    language = plan.language or config.language
    labels = inputs.labels_by_language[language]
    link = _linker(plan, config.base_url)
    formatter = Formatter(language, config.number_style)

    def news_of(project: Project) -> tuple[NewsItem, ...]:
        log.note(f"news-of:{project.url}")
        return model.news_of(project)

    def project_of(news: NewsItem) -> Project | None:
        log.note(f"project-of:{news.project_id or ''}")
        return model.project_by_id(news.project_id)

    return {
        "site": config,
        "labels": labels,
        "lang": language,
        "page": plan.item,
        "page_title": _title(plan, labels),
        "page_url": plan.url,
        "canonical_url": absolute_url(config.base_url, plan.url),
        "content": Markup(inputs.bodies.get(plan.item.source.source_path, "")) if plan.item else "",
        "open_graph": open_graph(plan.item, _title(plan, labels), plan.url, config),
        "translations_of": lambda item: _versions(item, inputs, log),
        "structured_data": structured_data(plan.item, plan.url, config),
        "feeds": lambda: _feeds(plan, inputs, log),
        "listing": plan.listing,
        "taxonomy": plan.taxonomy,
        "terms": plan.terms,
        "taxonomies": lambda: _taxonomies(inputs, log),
        "taxonomy_url": lambda name: taxonomy_url(name, config.language),
        "terms_of": lambda project: inputs.lists.terms_by_project.get(project.url, ()),
        "projects": TrackedItems(model.projects, log, "projects"),
        "news": TrackedItems(model.news, log, "news"),
        "menu": _menu(model, plan, labels, config.language),
        "url": link,
        "news_of": news_of,
        "project_of": project_of,
        "status": lambda p: str(labels["status"][status_key(p, inputs.today)]),
        "status_key": lambda p: status_key(p, inputs.today),
        "money": lambda m: formatter.money(m.amount, m.currency),
        "day": lambda d: formatter.date(d, config.date_format),
        "percent": formatter.percent,
        "infoblokk": lambda: _banner_html(inputs, plan, link),
    }


def _taxonomies(inputs: RenderInputs, log: DependencyLog) -> list[dict[str, Any]]:
    """Each taxonomy with its address and terms, for "browse by" links; reads every project."""
    log.note("projects")
    language = inputs.config.language
    return [
        {"name": name, "url": taxonomy_url(name, language), "terms": terms}
        for name, terms in inputs.lists.terms.items()
        if terms
    ]


def _feeds(plan: PagePlan, inputs: RenderInputs, log: DependencyLog) -> list[dict[str, str]]:
    """The Atom feeds a page offers: the site's news, and its project's news where it has any."""
    language = inputs.config.language
    feeds = [{"title": str(inputs.labels["ui"]["news"]), "url": news_feed_path(language)}]
    if isinstance(plan.item, Project):
        log.note(f"news-of:{plan.item.url}")
        if inputs.model.news_of(plan.item):
            feeds.append({"title": plan.item.title, "url": project_feed_path(plan.item.url)})
    return feeds


def _linker(plan: PagePlan, base_url: str) -> Callable[[str], str]:
    """Links relative to the page; from the server root on the 404 page, shown at any address."""
    if plan.kind is PageKind.NOT_FOUND:
        return lambda to: root_link(base_url, to)
    return lambda to: relative_link(plan.url, to)


def _title(plan: PagePlan, labels: Mapping[str, Any]) -> str:
    if plan.item or (plan.listing and plan.listing.term):
        return plan.title
    if plan.taxonomy:
        return str(labels["taxonomies"][plan.taxonomy])
    if plan.kind is PageKind.SEARCH:
        return str(labels["search"]["title"])
    return str(labels["ui"].get(plan.title, plan.title))


def status_key(project: Project, today: date) -> str:
    """`ongoing`, `finished` or `unknown` (no end date). Templates get this rather than the date
    itself: a page depends on a project's status through its facts, which rebuilds track."""
    finished = project.is_finished(today)
    return "unknown" if finished is None else "finished" if finished else "ongoing"


def _versions(item: Item | None, inputs: RenderInputs, log: DependencyLog) -> list[dict[str, Any]]:
    """The language versions of a page (itself included), for hreflang links."""
    if item is None:
        return []
    log.note(f"versions:{item.url}")
    versions = inputs.model.translations_of(item)
    if len(versions) < 2:
        return []
    return [
        {
            "language": v.language,
            "name": LANGUAGE_NAMES[v.language],
            "url": v.url,
            "absolute_url": absolute_url(inputs.config.base_url, v.url),
            "title": v.title,
            "current": v is item,
        }
        for v in versions
    ]


def _menu(model: SiteModel, plan: PagePlan, labels: Mapping[str, Any], language: str) -> list[dict[str, Any]]:
    folders = SECTION_FOLDERS[language]
    entries = [
        ("", labels["ui"]["home"]),
        (folders["project"] + "/", labels["ui"]["projects"]),
        (folders["news"] + "/", labels["ui"]["news"]),
        (search_url(language), labels["search"]["title"]),
    ]
    entries += [(p.url, p.title) for p in model.menu_pages()]
    return [{"url": url, "title": title, "current": _is_current(url, plan.url)} for url, title in entries]


def _is_current(entry_url: str, page_url: str) -> bool:
    return page_url == entry_url or (bool(entry_url) and page_url.startswith(entry_url))


def _banner_html(inputs: RenderInputs, plan: PagePlan, link: Callable[[str], str]) -> Markup:
    """The banner partial, always the package's own: a theme cannot replace or drop it."""
    banner = plan.banner or inputs.model.site_banner
    image = plan.banner_image if plan.banner else inputs.model.site_banner_image
    art = inputs.art[art_key(banner, image)]
    html = inputs.banner_template.render(
        banner=banner,
        link=link(plan.banner_link),
        alt=banner.alt_text(plan.language or inputs.config.language),
        art={"src": link(art.src), "width": art.width, "height": art.height},
    )
    return Markup(html)
