"""Which pages the site has: one plan per page, with its template and what it shows.

Item pages (projects, news, free pages, translations), the lists (home, all projects, all
news, each taxonomy and term, page by page) and the 404 page. Planning only decides; the
render stage fills the templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any

from infoblokk.banner.profiles import Banner
from infoblokk.collection import objects_frozen
from infoblokk.content.model import Item, NewsItem, Project, SiteModel
from infoblokk.layout import SECTION_FOLDERS, search_url
from infoblokk.render.listings import (
    Listing,
    Term,
    paginate,
    project_terms,
    taxonomy_url,
    terms_by_project,
)
from infoblokk.render.urls import output_path


class PageKind(StrEnum):
    """What a page is; each kind has its template (`TEMPLATE_OF_KIND`)."""

    HOME = "home"
    NOT_FOUND = "not_found"
    SEARCH = "search"
    PROJECT_LIST = "project_list"
    NEWS_LIST = "news_list"
    TAXONOMY = "taxonomy"  # the terms of one taxonomy: every county, …
    TERM = "term"  # the projects of one term: one county, …
    PROJECT = "project"
    NEWS = "news"
    PAGE = "page"
    ACCESSIBILITY = "accessibility"  # the accessibility statement, from site_config.toml


TEMPLATE_OF_KIND: Mapping[PageKind, str] = {
    PageKind.HOME: "home.html",
    PageKind.NOT_FOUND: "404.html",
    PageKind.SEARCH: "search.html",
    PageKind.PROJECT_LIST: "project_list.html",
    PageKind.NEWS_LIST: "news_list.html",
    PageKind.TAXONOMY: "taxonomy.html",
    PageKind.TERM: "term.html",
    PageKind.PROJECT: "project.html",
    PageKind.NEWS: "news.html",
    PageKind.PAGE: "page.html",
    PageKind.ACCESSIBILITY: "accessibility.html",
}
ITEM_KINDS: Mapping[str, PageKind] = {
    "project": PageKind.PROJECT,
    "news": PageKind.NEWS,
    "page": PageKind.PAGE,
}
"""The page kind of each kind of content file."""


@dataclass(frozen=True)
class PagePlan:
    """One page to render: where, of which kind, about what."""

    url: str
    kind: PageKind
    title: str
    item: Item | None = None
    banner: Banner | None = None  # None: the site's banner
    banner_image: str | None = None  # official artwork in content/static/, if any
    banner_link: str = ""  # site URL the banner links to
    listing: Listing | None = None  # the page of a list this page shows
    taxonomy: str | None = None  # on a taxonomy's page: which one
    terms: tuple[Term, ...] = ()  # on a taxonomy's page: its terms
    language: str | None = None  # a translation's language; None: the site's

    @property
    def template(self) -> str:
        """The template that renders the page (looked up in the documented order)."""
        return TEMPLATE_OF_KIND[self.kind]

    @property
    def is_translation(self) -> bool:
        return self.language is not None

    @cached_property
    def output_path(self) -> PurePosixPath:
        """Made once per plan: a build asks for it several times for each of thousands of pages."""
        return PurePosixPath(output_path(self.url))


@dataclass(frozen=True)
class SiteLists:
    """The site's lists: its taxonomies' terms, and each project's terms."""

    terms: Mapping[str, tuple[Term, ...]]
    terms_by_project: Mapping[str, tuple[Term, ...]]


@objects_frozen()  # the loaded site: see `collection`
def make_lists(model: SiteModel, language: str, today: date, labels: Mapping[str, Any]) -> SiteLists:
    def label_of(taxonomy: str, value: str) -> str:
        if taxonomy == "status":
            return str(labels["status"][value])
        if taxonomy == "fund":
            return str(labels["funds"].get(value, value))
        return value

    terms = project_terms(model, language, today, label_of)
    return SiteLists(terms, terms_by_project(terms))


def plan_pages(
    model: SiteModel, language: str, lists: SiteLists, page_size: int, statement_url: str | None = None
) -> tuple[PagePlan, ...]:
    """Every HTML page of the site, with its template; the accessibility statement at `statement_url`."""
    folders = SECTION_FOLDERS[language]
    projects_url, news_url = folders["project"] + "/", folders["news"] + "/"
    project_pages = paginate(model.projects, projects_url, page_size, language)
    plans = [
        PagePlan("", PageKind.HOME, "", banner_link=projects_url, listing=project_pages[0][1]),
        PagePlan("404.html", PageKind.NOT_FOUND, "not_found", banner_link=projects_url),
        PagePlan(search_url(language), PageKind.SEARCH, "search", banner_link=projects_url),
    ]
    plans += [
        PagePlan(url, PageKind.PROJECT_LIST, "projects", banner_link=projects_url, listing=listing)
        for url, listing in project_pages
    ]
    plans += [
        PagePlan(url, PageKind.NEWS_LIST, "news", banner_link=projects_url, listing=listing)
        for url, listing in paginate(model.news, news_url, page_size, language)
    ]
    plans += _taxonomy_plans(lists, language, page_size, projects_url)
    plans += [
        PagePlan(p.url, PageKind.PROJECT, p.title, p, p.banner, p.banner_image, p.url) for p in model.projects
    ]
    plans += [_news_plan(n, model, projects_url) for n in model.news]
    plans += [PagePlan(p.url, PageKind.PAGE, p.title, p, banner_link=projects_url) for p in model.pages]
    plans += [_translation_plan(t, model, projects_url) for t in model.translations]
    if statement_url is not None:
        statement = PagePlan(statement_url, PageKind.ACCESSIBILITY, "accessibility", banner_link=projects_url)
        plans.append(statement)
    return tuple(plans)


def _translation_plan(item: Item, model: SiteModel, projects_url: str) -> PagePlan:
    """A translated page: its original's template and banner, in its own language."""
    plan = PagePlan(
        item.url,
        ITEM_KINDS[item.source.kind],
        item.title,
        item,
        banner_link=projects_url,
        language=item.language,
    )
    if isinstance(item, Project):
        return replace(plan, banner=item.banner, banner_image=item.banner_image, banner_link=item.url)
    if isinstance(item, NewsItem):
        project = model.project_by_id(item.project_id)
        if project is not None:
            return replace(
                plan, banner=project.banner, banner_image=project.banner_image, banner_link=project.url
            )
    return plan


def _taxonomy_plans(lists: SiteLists, language: str, page_size: int, projects_url: str) -> list[PagePlan]:
    plans: list[PagePlan] = []
    for taxonomy, terms in lists.terms.items():
        if not terms:
            continue
        plans.append(
            PagePlan(
                taxonomy_url(taxonomy, language),
                PageKind.TAXONOMY,
                taxonomy,
                banner_link=projects_url,
                taxonomy=taxonomy,
                terms=terms,
            )
        )
        for term in terms:
            plans += [
                PagePlan(
                    url,
                    PageKind.TERM,
                    term.label,
                    banner_link=projects_url,
                    listing=listing,
                    taxonomy=taxonomy,
                )
                for url, listing in paginate(term.projects, term.url, page_size, language, term)
            ]
    return plans


def _news_plan(news: NewsItem, model: SiteModel, projects_url: str) -> PagePlan:
    project = model.project_by_id(news.project_id)
    if project is None:
        return PagePlan(news.url, PageKind.NEWS, news.title, news, banner_link=projects_url)
    return PagePlan(
        news.url, PageKind.NEWS, news.title, news, project.banner, project.banner_image, project.url
    )
