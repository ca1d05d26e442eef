"""Stage 3: validate the sources and turn them into the site's items, related and addressed.

A `SiteModel` is the whole site as data: projects, news and pages, each with its URL and
output path, news tied to their projects, banners chosen. Every problem in every file is
collected; compliance gaps (a mandatory fact missing) are kept apart from errors so that
`build` can warn while `check` fails.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from infoblokk.banner import Banner, BannerProfile, choose_banner
from infoblokk.config import CONFIG_FILE_NAME, SiteConfig, toml_line
from infoblokk.content import SourceFile
from infoblokk.errors import Problem, Severity
from infoblokk.fields import FIELDS_BY_KIND, HINTS, CommonFields, NewsFields, PageFields, ProjectFields
from infoblokk.project_ids import ProjectId, parse_project_id
from infoblokk.schema import did_you_mean, validate
from infoblokk.slugs import slugify
from infoblokk.translations import is_translation, merged_with_original, originals_of

SECTION_FOLDERS = {
    "hu": {"project": "projektek", "news": "hirek"},
    "en": {"project": "projects", "news": "news"},
    "ro": {"project": "proiecte", "news": "stiri"},
}
# Folders of the project lists (by county, programme, …, and page numbers), per language.
LIST_FOLDERS: Mapping[str, Mapping[str, str]] = {
    "hu": {
        "county": "megye",
        "programme": "program",
        "fund": "alap",
        "status": "allapot",
        "tag": "cimke",
        "page": "oldal",
    },
    "en": {
        "county": "county",
        "programme": "programme",
        "fund": "fund",
        "status": "status",
        "tag": "tag",
        "page": "page",
    },
    "ro": {
        "county": "judet",
        "programme": "program",
        "fund": "fond",
        "status": "stare",
        "tag": "eticheta",
        "page": "pagina",
    },
}
RESERVED_NAMES = frozenset(
    {"404", "index", "static", "_infoblokk", "hirek", "projektek", "projects", "news", "proiecte", "stiri"}
)
UNKNOWN_KEY_NOTE = "Keys of your own belong under 'extra:'."


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

    @cached_property
    def _versions(self) -> dict[tuple[str, str], tuple[Item, ...]]:
        grouped: dict[tuple[str, str], list[Item]] = {}
        for item in self.items():
            grouped.setdefault((item.source.kind, item.source.name), []).append(item)
        return {key: tuple(versions) for key, versions in grouped.items() if len(versions) > 1}


@dataclass(frozen=True)
class _Context:
    config: SiteConfig
    profiles: Mapping[str, BannerProfile]
    static_names: frozenset[str]  # paths of files in content/static/, posix, relative
    config_path: Path


def build_model(
    sources: Iterable[SourceFile],
    config: SiteConfig,
    profiles: Mapping[str, BannerProfile],
    static_names: Iterable[str],
    config_path: Path = Path(CONFIG_FILE_NAME),
) -> SiteModel:
    """Validate every source and relate them; problems are returned inside the model."""
    context = _Context(config, profiles, frozenset(static_names), config_path)
    problems: list[Problem] = []
    items: list[Item] = []
    drafts = [s.source_path for s in sources if s.meta.get("draft") is True]
    published = [s for s in sources if s.meta.get("draft") is not True]
    originals = [s for s in published if not is_translation(s, config.language)]
    for source in originals:
        item, item_problems = _make_item(source, context)
        problems.extend(item_problems)
        if item is not None:
            items.append(item)
    translated = [s for s in published if is_translation(s, config.language)]
    translations, translation_problems = _translations(translated, originals, context)
    problems.extend(translation_problems)
    site_banner, banner_problems = _site_banner(context)
    site_banner_image = _configured_image(context.config, site_banner)
    problems.extend(banner_problems)
    problems.extend(_missing_configured_images(context))
    problems.extend(_standin_banners(items, site_banner, site_banner_image, context))
    problems.extend(_duplicates(items))
    problems.extend(_unknown_projects(items))
    problems.extend(_compliance(items, context))
    return SiteModel(
        projects=tuple(sorted(_of(items, Project), key=_project_order)),
        news=tuple(sorted(_of(items, NewsItem), key=lambda n: (n.date, n.title), reverse=True)),
        pages=tuple(sorted(_of(items, Page), key=lambda p: p.title)),
        site_banner=site_banner,
        site_banner_image=site_banner_image,
        translations=tuple(sorted(translations, key=lambda t: (t.language, t.url))),
        drafts=tuple(drafts),
        problems=tuple(problems),
    )


def _of(items: list[Item], kind: type[Any]) -> list[Any]:
    return [item for item in items if isinstance(item, kind)]


def _project_order(project: Project) -> tuple[int, str]:
    """Newest end date first; projects with unknown dates last."""
    end = project.end_date.toordinal() if project.end_date else 0
    return (-end, project.title)


def _make_item(source: SourceFile, context: _Context) -> tuple[Item | None, list[Problem]]:
    schema = FIELDS_BY_KIND[source.kind]
    fields, problems = validate(
        schema, source.meta, source.source_path, source.line_of, HINTS, UNKNOWN_KEY_NOTE
    )
    if fields is None:
        return None, list(problems)
    assert isinstance(fields, CommonFields)
    common = _common(source, fields, context.config)
    if isinstance(fields, ProjectFields):
        return _project(source, fields, common, context)
    if isinstance(fields, NewsFields):
        return NewsItem(
            **common,
            date=fields.date,
            project_id=_normalized_id(fields.project),
            event_date=fields.event_date,
            place=fields.place,
            category=fields.category,
        ), []
    assert isinstance(fields, PageFields)
    return Page(**common, menu=fields.menu), []


def _translations(
    translated: list[SourceFile], originals: list[SourceFile], context: _Context
) -> tuple[list[Item], list[Problem]]:
    """Items of the translations, each completed with its original's facts."""
    pairs, problems = originals_of(translated, originals)
    items: list[Item] = []
    for translation, original in pairs:
        item, item_problems = _make_item(merged_with_original(translation, original), context)
        # A problem in an inherited fact is the original's, and reported there.
        problems.extend(p for p in item_problems if p.line is not None and p.severity is Severity.ERROR)
        if item is not None:
            items.append(item)
    return items, problems


def _common(source: SourceFile, fields: CommonFields, config: SiteConfig) -> dict[str, Any]:
    slug = fields.slug or slugify(source.name) or "oldal"
    language = fields.lang or source.language or config.language
    prefix = "" if language == config.language else f"{language}/"
    return {
        "source": source,
        "title": fields.title,
        "slug": slug,
        "url": prefix + _url(source.kind, slug, language),
        "summary": fields.summary,
        "language": language,
        "tags": fields.tags,
        "extra": fields.extra,
    }


def _url(kind: str, slug: str, language: str) -> str:
    folder = SECTION_FOLDERS[language].get(kind)
    return f"{folder}/{slug}/" if folder else f"{slug}/"


def _normalized_id(text: str | None) -> str | None:
    """The project ID a news item names, spelt the way projects' IDs are compared."""
    if text is None:
        return None
    try:
        return parse_project_id(text).normalized
    except ValueError:
        return text.strip()  # reported later as "no project has the ID …", with a suggestion


def _project(
    source: SourceFile, fields: ProjectFields, common: dict[str, Any], context: _Context
) -> tuple[Project | None, list[Problem]]:
    problems = list(_fund_agrees_with_id(source, fields))
    fund = fields.fund or (fields.project_id.derived_fund if fields.project_id else None)
    profile_name = fields.banner or context.config.banner.profile
    full_rate = fields.funding_rate == Decimal(100)
    try:
        banner = choose_banner(
            context.profiles, profile_name, _fund_for(profile_name, fund, context), full_rate
        )
    except ValueError as error:
        key = "banner" if fields.banner else "fund"
        return None, [
            *problems,
            Problem(str(error), source.source_path, source.line_of((key,)) or 1, HINTS.get(key)),
        ]
    problems.extend(_missing_image(fields.banner_image, context, source))
    image = fields.banner_image or _configured_image(context.config, banner)
    grant = None
    if fields.grant_amount is not None:
        currency = fields.currency or fields.grant_amount.currency or context.config.currency
        grant = Money(fields.grant_amount.amount, currency)
    return Project(
        **common,
        project_id=fields.project_id,
        beneficiaries=fields.beneficiary or (),
        grant=grant,
        funding_rate=fields.funding_rate,
        start_date=fields.start_date,
        end_date=fields.end_date,
        fund=banner.fund,
        banner=banner,
        banner_image=image,
        county=fields.county,
        website=fields.website,
    ), problems


def _fund_for(profile_name: str, fund: str | None, context: _Context) -> str | None:
    """The fund to show: the project's; else the site's, when the profile uses funds at all."""
    profile = context.profiles.get(profile_name)
    if profile is None or not profile.funds:
        return None
    return fund or context.config.banner.fund


def _fund_agrees_with_id(source: SourceFile, fields: ProjectFields) -> Iterator[Problem]:
    derived = fields.project_id.derived_fund if fields.project_id else None
    if fields.fund and derived and fields.fund != derived:
        yield Problem(
            f"fund {fields.fund} does not match the project ID, whose priority is funded by {derived}",
            source.source_path,
            source.line_of(("fund",)),
            f"write fund: {derived}, or check the project ID",
        )


def _configured_image(config: SiteConfig, banner: Banner) -> str | None:
    return config.banner.images.get(banner.key) or config.banner.image


def _missing_image(image: str | None, context: _Context, source: SourceFile) -> Iterator[Problem]:
    if image is not None and image not in context.static_names:
        yield Problem(
            f"the banner artwork '{image}' is not in content/static/",
            source.source_path,
            source.line_of(("banner_image",)) or 1,
            "copy the official banner file into content/static/ and give its name here",
        )


def _missing_configured_images(context: _Context) -> Iterator[Problem]:
    """Artwork named in site_config.toml that is not there: blamed on the config, once each."""
    settings = context.config.banner
    named: list[tuple[tuple[str, ...], str | None]] = [(("banner", "image"), settings.image)]
    named += [(("banner", "images", key), image) for key, image in settings.images.items()]
    for location, image in named:
        if image is not None and image not in context.static_names:
            yield Problem(
                f"the banner artwork '{image}' is not in content/static/",
                context.config_path,
                _config_line(context.config_path, location),
                "copy the official banner file into content/static/, or correct its name",
            )


def _config_line(path: Path, location: tuple[str, ...]) -> int | None:
    try:
        return toml_line(path.read_text(encoding="utf-8"), location)
    except (OSError, UnicodeDecodeError):
        return None


def _standin_banners(
    items: list[Item], site_banner: Banner, site_image: str | None, context: _Context
) -> Iterator[Problem]:
    """Once per banner shown without its official artwork: a compliance gap."""
    shown = [(site_banner, site_image)] + [(p.banner, p.banner_image) for p in _of(items, Project)]
    for key in sorted({banner.key for banner, image in shown if image is None}):
        yield Problem(
            f"the official artwork of the banner '{key}' is not in place; pages show a stand-in",
            context.config_path,
            _config_line(context.config_path, ("banner",)),
            "copy the official banner file you received (e.g. infoblokk_kedv_final_felso_cmyk_ESZA.jpg) "
            f"into content/static/ and name it in site_config.toml under [banner.images]: "
            f'"{key}" = "<file name>"',
            Severity.COMPLIANCE,
        )


def _site_banner(context: _Context) -> tuple[Banner, list[Problem]]:
    settings = context.config.banner
    fund = _fund_for(settings.profile, settings.fund, context)
    try:
        return choose_banner(context.profiles, settings.profile, fund, False), []
    except ValueError as error:
        fallback = choose_banner(context.profiles, "eu-generic", None, False)
        return fallback, [
            Problem(
                str(error),
                context.config_path,
                _config_line(context.config_path, ("banner", "profile")),
                "set [banner] profile and fund in site_config.toml",
            )
        ]


def _duplicates(items: list[Item]) -> Iterator[Problem]:
    seen_urls: dict[str, Item] = {}
    seen_ids: dict[str, Item] = {}
    for item in items:
        if _reserved(item):
            yield _clash(item, f"the address '{item.url}' is used by the site itself", "slug")
        if item.url in seen_urls:
            yield _clash(
                item,
                f"another file has the same address {item.url}: "
                f"{seen_urls[item.url].source.source_path.name}",
                "slug",
            )
        seen_urls.setdefault(item.url, item)
        if isinstance(item, Project) and item.project_id:
            other = seen_ids.setdefault(item.project_id.normalized, item)
            if other is not item:
                yield _clash(
                    item,
                    f"project ID {item.project_id.raw} is also used by {other.source.source_path.name}",
                    "project_id",
                )


def _reserved(item: Item) -> bool:
    if isinstance(item, Page):
        return item.slug in RESERVED_NAMES
    if isinstance(item, Project):
        return item.slug in {folder for folders in LIST_FOLDERS.values() for folder in folders.values()}
    return item.slug in {folders["page"] for folders in LIST_FOLDERS.values()}


def _clash(item: Item, message: str, key: str) -> Problem:
    source = item.source
    hint = (
        "give one of them another file name or a 'slug:'"
        if key == "slug"
        else "each project needs its own file; merge them or correct the ID"
    )
    return Problem(message, source.source_path, source.line_of((key,)) or 1, hint)


def _unknown_projects(items: list[Item]) -> Iterator[Problem]:
    known = {p.project_id.normalized for p in _of(items, Project) if p.project_id}
    for news in _of(items, NewsItem):
        if news.project_id and news.project_id not in known:
            guess = did_you_mean(news.project_id, known)
            hint = (
                f"did you mean {guess}?" if guess else "use the project_id of a project in content/projects/"
            )
            yield Problem(
                f"no project has the ID {news.project_id}",
                news.source.source_path,
                news.source.line_of(("project",)),
                hint,
            )


def _compliance(items: list[Item], context: _Context) -> Iterator[Problem]:
    for project in _of(items, Project):
        for name in project.banner.profile.mandatory_fields:
            if not _has_fact(project, name):
                yield Problem(
                    f"the mandatory field '{name}' is missing, so the page cannot show it",
                    project.source.source_path,
                    1,
                    _compliance_hint(name, project.banner.profile.name),
                    Severity.COMPLIANCE,
                )


def _compliance_hint(name: str, profile: str) -> str:
    if name == "body":
        return (
            f"write the project's description below the closing '---' line "
            f"(the {profile} banner profile requires it)"
        )
    return (
        f"add '{name}:' to the front matter once the fact is known (the {profile} banner profile requires it)"
    )


def _has_fact(project: Project, name: str) -> bool:
    facts = {
        "project_id": project.project_id,
        "beneficiary": project.beneficiaries,
        "title": project.title,
        "grant_amount": project.grant,
        "funding_rate": project.funding_rate,
        "end_date": project.end_date,
        "body": project.body.strip(),
    }
    return bool(facts.get(name, True))
