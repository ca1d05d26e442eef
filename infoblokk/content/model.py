"""The site as data: projects, news items and pages, with their URLs, related to each other.

These are the values the stages after validation work with; `validate` makes them.
"""

import datetime
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from infoblokk.banner.profiles import Banner
from infoblokk.content.project_ids import ProjectId
from infoblokk.content.sources import SourceFile
from infoblokk.errors import Problem
from infoblokk.messages import Text

# Folders of the project lists (by county, programme, …, and page numbers), per language.
UNKNOWN_KEY_NOTE = Text("Keys of your own belong under 'extra:'.")


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Item:
    """What every published content file has."""

    source: SourceFile
    title: str
    slug: str
    url: str  # site-relative, e.g. "projektek/zala/" ("" is the home page)
    summary: str
    language: str
    tags: tuple[str, ...]
    extra: Mapping[str, Any]

    @property
    def output_path(self) -> PurePosixPath:
        return PurePosixPath(self.url) / "index.html"

    @property
    def body(self) -> str:
        return self.source.body


@dataclass(frozen=True)
class Project(Item):
    project_id: ProjectId | None
    beneficiaries: tuple[str, ...]
    grant: Money | None
    funding_rate: Decimal | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    fund: str | None
    banner: Banner
    banner_image: str | None  # official artwork, a path inside content/static/
    county: str | None
    website: str | None
    # Facts for posters, plaques and the EU's list of operations; each may be left out.
    objective: str | None = None  # the main objective; posters fall back on the summary
    total_cost: Money | None = None
    physical_investment: bool = False
    eu_cofinancing_rate: Decimal | None = None  # the EU's share of the eligible cost, not the grant rate
    nuts: str | None = None
    intervention_category: str | None = None  # three digits, e.g. "138"
    programme_code: str | None = None  # CCI, e.g. "2021HU05FFPR001"

    def is_finished(self, today: datetime.date) -> bool | None:
        """True once the planned end date has passed; None when the end date is unknown."""
        return None if self.end_date is None else self.end_date < today


@dataclass(frozen=True)
class NewsItem(Item):
    date: datetime.date
    project_id: str | None  # normalised ID of the project it belongs to
    event_date: datetime.date | None
    place: str | None
    category: str | None
    kind: str | None = None  # "press-release", or None for other news
    release: str | None = None  # a press release about the project's "start" or "closing"

    @property
    def is_press_release(self) -> bool:
        return self.kind == PRESS_RELEASE


PRESS_RELEASE = "press-release"


@dataclass(frozen=True)
class Page(Item):
    menu: int | None


@dataclass(frozen=True)
class SiteModel:
    """All published items, sorted the way listings show them."""

    projects: tuple[Project, ...]
    news: tuple[NewsItem, ...]
    pages: tuple[Page, ...]
    site_banner: Banner
    site_banner_image: str | None  # official artwork of the site-wide banner, if any
    translations: tuple[Item, ...] = ()  # pages in other languages; not in the lists above
    drafts: tuple[Path, ...] = ()
    problems: tuple[Problem, ...] = field(default=())

    def project_by_id(self, project_id: str | None) -> Project | None:
        return self._projects_by_id.get(project_id) if project_id else None

    def news_of(self, project: Project) -> tuple[NewsItem, ...]:
        if project.project_id is None:
            return ()
        return self._news_by_project.get(project.project_id.normalized, ())

    @cached_property
    def _projects_by_id(self) -> dict[str, Project]:
        return {p.project_id.normalized: p for p in self.projects if p.project_id}

    @cached_property
    def _news_by_project(self) -> dict[str, tuple[NewsItem, ...]]:
        grouped: dict[str, list[NewsItem]] = {}
        for news in self.news:
            if news.project_id:
                grouped.setdefault(news.project_id, []).append(news)
        return {key: tuple(items) for key, items in grouped.items()}

    def banner_choices(self) -> list[tuple[Banner, str | None]]:
        """Every (banner, official artwork) pair a page shows: the site's, then each project's."""
        return [
            (self.site_banner, self.site_banner_image),
            *((p.banner, p.banner_image) for p in self.projects),
        ]

    def menu_pages(self) -> tuple[Page, ...]:
        return tuple(
            sorted((p for p in self.pages if p.menu is not None), key=lambda p: (p.menu or 0, p.title))
        )

    def items(self) -> Iterator[Item]:
        """Every page-making item, translations included."""
        yield from self.projects
        yield from self.news
        yield from self.pages
        yield from self.translations

    def translations_of(self, item: Item) -> tuple[Item, ...]:
        """All language versions of an item (itself included), the site's language first."""
        return self._versions.get((item.source.kind, item.source.name), (item,))

    def group_versions(self) -> None:
        """Group the items' language versions now, where `translations_of` would on first use
        (before page workers are forked, so that each need not group them again)."""
        _ = self._versions

    @cached_property
    def _versions(self) -> dict[tuple[str, str], tuple[Item, ...]]:
        grouped: dict[tuple[str, str], list[Item]] = {}
        for item in self.items():
            grouped.setdefault((item.source.kind, item.source.name), []).append(item)
        return {key: tuple(versions) for key, versions in grouped.items() if len(versions) > 1}


def of_kind(items: Iterable[Item], kind: type[Any]) -> list[Any]:
    """The items of one kind (Project, NewsItem, Page), in their order."""
    return [item for item in items if isinstance(item, kind)]
