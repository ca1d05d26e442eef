"""What a template sees: the variables and functions of one page's context.

`page_context` makes the names of README's template table. Before a template sees them,
`tracking.track` wraps every function and site-wide list so that what the page read is
recorded by value; only the functions in `PURE_FUNCTIONS` are left as they are.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from markupsafe import Markup

from infoblokk.banner.artwork import BannerArt, art_key
from infoblokk.banner.obligation_rules import shipped_rule_sets
from infoblokk.banner.partial import BannerArtLink, BannerPartials
from infoblokk.banner.print_rules import print_rules
from infoblokk.config.settings import SiteConfig
from infoblokk.content.model import Item, Project, SiteModel
from infoblokk.content.print_items import print_items
from infoblokk.layout import SECTION_FOLDERS, news_feed_path, project_feed_path, search_url
from infoblokk.render.formatting import Formatter
from infoblokk.render.listings import taxonomy_url
from infoblokk.render.metadata import open_graph, structured_data
from infoblokk.render.plans import PageKind, PagePlan, SiteLists
from infoblokk.render.tracking import SiteList
from infoblokk.render.urls import absolute_url, relative_linker, root_link

LANGUAGE_NAMES = {"hu": "Magyar", "en": "English", "ro": "Română"}  # each in its own language


@dataclass(frozen=True)
class RenderInputs:
    """Everything render needs, resolved by the stages before it."""

    config: SiteConfig
    model: SiteModel
    labels_by_language: Mapping[str, Mapping[str, Any]]  # the site's language and its translations'
    bodies: Mapping[Path, bytes]  # source path → body HTML, UTF-8 (text with accents takes twice as much)
    art: Mapping[str, BannerArt]  # art_key → image
    today: date
    lists: SiteLists
    theme_templates: Path  # where a missing template should go
    banner_template: jinja2.Template  # the package's own banner partial

    @property
    def labels(self) -> Mapping[str, Any]:
        """The interface texts of the site's own language."""
        return self.labels_by_language[self.config.language]

    @functools.cached_property
    def site_lists(self) -> Mapping[str, SiteList]:
        """The lists of the whole site (`SITE_LISTS`), made once for every page's context: made
        for each page, they took a copy of every project and news item's place a page."""
        return site_lists(self.model)

    @functools.cached_property
    def banners(self) -> BannerPartials:
        """The banner partial, each distinct banner and links rendered once in a process."""
        return BannerPartials(self.banner_template)


PURE_FUNCTIONS = frozenset({"url", "money", "day", "percent", "taxonomy_url", "infoblokk"})
"""Functions whose result follows from their arguments, the page's plan and the site-wide inputs
(configuration, labels, banner artwork) alone: all are in every page's fingerprint, so calls of
these need no record. Every other function of the context is recorded call by call."""

RECORDED_FUNCTIONS = frozenset(
    {
        "translations_of",
        "feeds",
        "taxonomies",
        "terms_of",
        "news_of",
        "project_of",
        "status",
        "status_key",
        "print_items",
    }
)
"""Functions recorded call by call. Each result follows from the call's arguments, the site's
content, the day, and the page's language and item (nothing else of its plan): a rebuild makes
each distinct call once and compares it for every page that made it."""

SITE_LISTS = frozenset({"projects", "news"})
"""Lists of the whole site, recorded by a digest of their items when a template looks."""

PAGE_VALUES = frozenset(
    {
        "site",
        "labels",
        "lang",
        "page",
        "page_title",
        "page_url",
        "canonical_url",
        "content",
        "open_graph",
        "structured_data",
        "listing",
        "taxonomy",
        "terms",
        "menu",
    }
)
"""The plain values of a page's context. Each follows from the site-wide inputs, the page's plan,
its item, the item's body HTML and the site's menu entries: a page's fingerprint is made of
those (`fingerprints.Fingerprints`), not of these values. A value that would follow from anything else
must be a function instead, recorded call by call."""


def page_context(inputs: RenderInputs, plan: PagePlan) -> dict[str, Any]:
    """The variables a template sees (documented in README.md, "Themes and template overrides")."""
    model, config = inputs.model, inputs.config
    language = plan.language or config.language
    labels = inputs.labels_by_language[language]
    link = _linker(plan, config.base_url)
    formatter = Formatter(language, config.number_style)

    return {
        "site": config,
        "labels": labels,
        "lang": language,
        "page": plan.item,
        "page_title": _title(plan, labels),
        "page_url": plan.url,
        "canonical_url": absolute_url(config.base_url, plan.url),
        "content": Markup(inputs.bodies.get(plan.item.source.source_path, b"").decode("utf-8"))
        if plan.item
        else "",
        "open_graph": open_graph(
            plan.item, _title(plan, labels), plan.url, config, plan.banner or model.site_banner
        ),
        "structured_data": structured_data(plan.item, plan.url, config),
        "listing": plan.listing,
        "taxonomy": plan.taxonomy,
        "terms": plan.terms,
        "taxonomy_url": lambda name: taxonomy_url(name, config.language),
        "menu": _menu(model, plan, labels, config.language),
        "url": link,
        "money": lambda m: formatter.money(m.amount, m.currency),
        "day": lambda d: formatter.date(d, config.date_format),
        "percent": formatter.percent,
        "infoblokk": lambda: _banner_html(inputs, plan, link),
        **recorded_functions(inputs, language, plan.item),
        **inputs.site_lists,
    }


def load_first_uses(inputs: RenderInputs) -> None:
    """Make now what the first page of each worker process would make on first use, and every
    worker again, each forked afresh for a share of the pages (see `workers`): the number and date
    formats of each language, which Babel loads from its files, and the language versions of the
    items, grouped over the whole site (together a tenth of a second a worker at 10,000 projects)."""
    config = inputs.config
    for language in inputs.labels_by_language:
        formatter = Formatter(language, config.number_style)
        with contextlib.suppress(ValueError):  # a currency unknown to Babel: the pages report it
            formatter.money(Decimal(1), config.currency)
        formatter.date(inputs.today, config.date_format)
    inputs.model.group_versions()


def site_lists(model: SiteModel) -> dict[str, SiteList]:
    """The lists of the whole site in a context (`SITE_LISTS`)."""
    return {"projects": SiteList(model.projects), "news": SiteList(model.news)}


def recorded_functions(inputs: RenderInputs, language: str, item: Item | None) -> dict[str, Any]:
    """The recorded functions of a page's context (`RECORDED_FUNCTIONS`): what they give follows
    from the page's language and item alone, so a rebuild makes their calls again with these.
    Only those of `PAGE_ITEM_FUNCTIONS` are given the item."""
    return {**language_functions(inputs, language), "feeds": lambda: _feeds(item, inputs)}


PAGE_ITEM_FUNCTIONS = frozenset({"feeds"})
"""The recorded functions whose result depends on the page's own item; every other one is made
without it (`language_functions`), so a call of it gives the same on every page of a language."""


def language_functions(inputs: RenderInputs, language: str) -> dict[str, Any]:
    """The recorded functions that know of a page only its language."""
    model = inputs.model
    labels = inputs.labels_by_language[language]
    return {
        "translations_of": lambda version: _versions(version, inputs),
        "taxonomies": lambda: _taxonomies(inputs),
        "terms_of": lambda project: inputs.lists.terms_by_project.get(project.url, ()),
        "news_of": model.news_of,
        "project_of": lambda news: model.project_by_id(news.project_id),
        "status": lambda p: str(labels["status"][status_key(p, inputs.today)]),
        "status_key": lambda p: status_key(p, inputs.today),
        "print_items": lambda item: _print_items(item, inputs),
    }


def _print_items(item: Item | None, inputs: RenderInputs) -> list[dict[str, str]]:
    """A project's printed items (`kind`, `url`, `size`); a translation links its original's."""
    if item is None or not inputs.config.publicity.print_kit:
        return []
    original = inputs.model.translations_of(item)[0]
    if not isinstance(original, Project) or original.language != inputs.config.language:
        return []
    return [
        {"kind": printed.kind, "url": printed.url, "size": printed.size}
        for printed in print_items(original, print_rules(), shipped_rule_sets(), inputs.config)
    ]


def _taxonomies(inputs: RenderInputs) -> list[dict[str, Any]]:
    """Each taxonomy with its address and terms, for "browse by" links."""
    language = inputs.config.language
    return [
        {"name": name, "url": taxonomy_url(name, language), "terms": terms}
        for name, terms in inputs.lists.terms.items()
        if terms
    ]


def _feeds(item: Item | None, inputs: RenderInputs) -> list[dict[str, str]]:
    """The Atom feeds a page offers: the site's news, and its project's news where it has any."""
    language = inputs.config.language
    feeds = [{"title": str(inputs.labels["ui"]["news"]), "url": news_feed_path(language)}]
    if isinstance(item, Project) and inputs.model.news_of(item):
        feeds.append({"title": item.title, "url": project_feed_path(item.url)})
    return feeds


def _linker(plan: PagePlan, base_url: str) -> Callable[[str], str]:
    """Links relative to the page; from the server root on the 404 page, shown at any address."""
    if plan.kind is PageKind.NOT_FOUND:
        return lambda to: root_link(base_url, to)
    return relative_linker(plan.url)


def _title(plan: PagePlan, labels: Mapping[str, Any]) -> str:
    if plan.item or (plan.listing and plan.listing.term):
        return plan.title
    if plan.taxonomy:
        return str(labels["taxonomies"][plan.taxonomy])
    if plan.kind is PageKind.SEARCH:
        return str(labels["search"]["title"])
    if plan.kind is PageKind.ACCESSIBILITY:
        return str(labels["accessibility"]["title"])
    return str(labels["ui"].get(plan.title, plan.title))


def status_key(project: Project, today: date) -> str:
    """`ongoing`, `finished` or `unknown` (no end date). Templates get this rather than the date
    itself: a page depends on a project's status through its facts, which rebuilds track."""
    finished = project.is_finished(today)
    return "unknown" if finished is None else "finished" if finished else "ongoing"


def _versions(item: Item | None, inputs: RenderInputs) -> list[dict[str, Any]]:
    """The language versions of a page (itself included), for hreflang links."""
    if item is None:
        return []
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
    return [
        {"url": url, "title": title, "current": _is_current(url, plan.url)}
        for url, title in menu_entries(model, labels, language)
    ]


def menu_entries(model: SiteModel, labels: Mapping[str, Any], language: str) -> list[tuple[str, str]]:
    """The menu's (address, title) entries: the same on every page of a language."""
    folders = SECTION_FOLDERS[language]
    entries = [
        ("", str(labels["ui"]["home"])),
        (folders["project"] + "/", str(labels["ui"]["projects"])),
        (folders["news"] + "/", str(labels["ui"]["news"])),
        (search_url(language), str(labels["search"]["title"])),
    ]
    return entries + [(p.url, p.title) for p in model.menu_pages()]


def _is_current(entry_url: str, page_url: str) -> bool:
    return page_url == entry_url or (bool(entry_url) and page_url.startswith(entry_url))


def _banner_html(inputs: RenderInputs, plan: PagePlan, link: Callable[[str], str]) -> Markup:
    """The banner partial, always the package's own: a theme cannot replace or drop it."""
    banner = plan.banner or inputs.model.site_banner
    image = plan.banner_image if plan.banner else inputs.model.site_banner_image
    art = inputs.art[art_key(banner, image)]
    language = plan.language or inputs.config.language
    shown = BannerArtLink(link(art.src), art.width, art.height)
    return inputs.banners.html(banner, language, link(plan.banner_link), shown)
