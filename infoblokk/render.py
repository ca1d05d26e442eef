"""Stage 5: items + theme → HTML pages, as `OutputFile` values.

Templates autoescape, and undefined variables are errors, so a typo in a template fails the
build instead of printing an empty string. Every page must show the funding banner: a page
whose HTML lacks it is a build error naming the template. While a page renders, the context
notes which parts of the site it reads (see `incremental`), so that a rebuild can skip pages
whose inputs did not change.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
import jinja2.meta
from markupsafe import Markup

from infoblokk import __version__
from infoblokk.artwork import BannerArt, OutputFile, art_key
from infoblokk.banner import Banner
from infoblokk.config import SiteConfig
from infoblokk.errors import BuildFailed, Problem
from infoblokk.feeds import news_feed_path, project_feed_path
from infoblokk.formatting import Formatter
from infoblokk.incremental import (
    BuildState,
    DependencyLog,
    PageRecord,
    TrackedItems,
    digest,
    file_is_as_recorded,
)
from infoblokk.listings import (
    Listing,
    Term,
    listing_facts,
    paginate,
    project_terms,
    taxonomy_url,
    terms_by_project,
    terms_facts,
)
from infoblokk.metadata import open_graph, structured_data
from infoblokk.model import SECTION_FOLDERS, Item, NewsItem, Project, SiteModel
from infoblokk.themes import Theme
from infoblokk.urls import absolute_url, output_path, relative_link, root_link

__all__ = ["OutputFile", "PagePlan", "RenderInputs", "RenderedPages", "render_pages"]

BANNER_MARKER = "data-infoblokk="
BANNER_TEMPLATE = "infoblokk/banner.html"
ALWAYS_READ = ("site", "menu")
LANGUAGE_NAMES = {"hu": "Magyar", "en": "English", "ro": "Română"}  # each in its own language


@dataclass(frozen=True)
class PagePlan:
    """One page to render: where, with which template, about what."""

    url: str
    template: str
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
    def output_path(self) -> PurePosixPath:
        return PurePosixPath(output_path(self.url))


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


@dataclass(frozen=True)
class RenderedPages:
    """The outcome of rendering: new HTML, pages left as they were, and what each page read."""

    files: tuple[OutputFile, ...]
    kept: tuple[PurePosixPath, ...]
    records: Mapping[str, PageRecord]


def make_environment(site_dir: Path, theme: Theme) -> jinja2.Environment:
    """Templates in lookup order: site overrides, theme, parent themes, built-ins."""
    loaders: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader(folder)
        for folder in (site_dir / "templates", *theme.template_folders)
        if folder.is_dir()
    ]
    loaders.append(jinja2.PackageLoader("infoblokk", "templates"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True)
class SiteLists:
    """The site's lists: its taxonomies' terms, and each project's terms."""

    terms: Mapping[str, tuple[Term, ...]]
    terms_by_project: Mapping[str, tuple[Term, ...]]


def make_lists(model: SiteModel, language: str, today: date, labels: Mapping[str, Any]) -> SiteLists:
    def label_of(taxonomy: str, value: str) -> str:
        if taxonomy == "status":
            return str(labels["status"][value])
        if taxonomy == "fund":
            return str(labels["funds"].get(value, value))
        return value

    terms = project_terms(model, language, today, label_of)
    return SiteLists(terms, terms_by_project(terms))


def plan_pages(model: SiteModel, language: str, lists: SiteLists, page_size: int) -> tuple[PagePlan, ...]:
    """Every HTML page of the site, with its template."""
    folders = SECTION_FOLDERS[language]
    projects_url, news_url = folders["project"] + "/", folders["news"] + "/"
    project_pages = paginate(model.projects, projects_url, page_size, language)
    plans = [
        PagePlan("", "home.html", "", banner_link=projects_url, listing=project_pages[0][1]),
        PagePlan("404.html", "404.html", "not_found", banner_link=projects_url),
    ]
    plans += [
        PagePlan(url, "project_list.html", "projects", banner_link=projects_url, listing=listing)
        for url, listing in project_pages
    ]
    plans += [
        PagePlan(url, "news_list.html", "news", banner_link=projects_url, listing=listing)
        for url, listing in paginate(model.news, news_url, page_size, language)
    ]
    plans += _taxonomy_plans(lists, language, page_size, projects_url)
    plans += [
        PagePlan(p.url, "project.html", p.title, p, p.banner, p.banner_image, p.url) for p in model.projects
    ]
    plans += [_news_plan(n, model, projects_url) for n in model.news]
    plans += [PagePlan(p.url, "page.html", p.title, p, banner_link=projects_url) for p in model.pages]
    plans += [_translation_plan(t, model, projects_url) for t in model.translations]
    return tuple(plans)


TEMPLATE_OF_KIND = {"project": "project.html", "news": "news.html", "page": "page.html"}


def _translation_plan(item: Item, model: SiteModel, projects_url: str) -> PagePlan:
    """A translated page: its original's template and banner, in its own language."""
    plan = PagePlan(
        item.url,
        TEMPLATE_OF_KIND[item.source.kind],
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
                "taxonomy.html",
                taxonomy,
                banner_link=projects_url,
                taxonomy=taxonomy,
                terms=terms,
            )
        )
        for term in terms:
            plans += [
                PagePlan(
                    url, "term.html", term.label, banner_link=projects_url, listing=listing, taxonomy=taxonomy
                )
                for url, listing in paginate(term.projects, term.url, page_size, language, term)
            ]
    return plans


def _news_plan(news: NewsItem, model: SiteModel, projects_url: str) -> PagePlan:
    project = model.project_by_id(news.project_id)
    if project is None:
        return PagePlan(news.url, "news.html", news.title, news, banner_link=projects_url)
    return PagePlan(
        news.url, "news.html", news.title, news, project.banner, project.banner_image, project.url
    )


def render_pages(
    env: jinja2.Environment,
    inputs: RenderInputs,
    plans: tuple[PagePlan, ...],
    previous: BuildState | None = None,
    output_dir: Path | None = None,
) -> RenderedPages:
    """Render the pages whose inputs changed since `previous` (all, without one).

    Raises BuildFailed with every template problem found.
    """
    channels = ChannelValues(env, inputs)
    files: list[OutputFile] = []
    kept: list[PurePosixPath] = []
    records: dict[str, PageRecord] = {}
    problems: list[Problem] = []
    for plan in plans:
        key = str(plan.output_path)
        record = previous.pages.get(key) if previous else None
        if record and output_dir and _unchanged(plan, record, channels, previous, output_dir):
            kept.append(plan.output_path)
            records[key] = record
            continue
        log = DependencyLog()
        try:
            html = render_page(env, inputs, plan, log)
        except BuildFailed as failure:
            problems.extend(failure.problems)
            continue
        read = tuple(sorted(log.channels | channels.always(plan)))
        records[key] = PageRecord(channels.fingerprint(plan, read), read)
        files.append(OutputFile(plan.output_path, html.encode("utf-8")))
    if problems:
        raise BuildFailed(tuple(dict.fromkeys(problems)))
    return RenderedPages(tuple(files), tuple(kept), records)


def _unchanged(
    plan: PagePlan, record: PageRecord, channels: ChannelValues, previous: BuildState | None, output_dir: Path
) -> bool:
    written = previous.files.get(str(plan.output_path)) if previous else None
    return file_is_as_recorded(output_dir / plan.output_path, written) and (
        channels.fingerprint(plan, record.channels) == record.fingerprint
    )


class ChannelValues:
    """The current digest of every channel a page can read, each computed at most once a build."""

    def __init__(self, env: jinja2.Environment, inputs: RenderInputs) -> None:
        self._env, self._inputs = env, inputs
        self._memo: dict[str, str] = {}
        self._items = {item.url: item for item in inputs.model.items()}

    def always(self, plan: PagePlan) -> set[str]:
        """What every page reads whether or not its template says so."""
        read = {*ALWAYS_READ, f"template:{plan.template}"}
        if plan.item is not None:
            read.add(f"item:{plan.item.url}")
        return read

    def fingerprint(self, plan: PagePlan, channels: tuple[str, ...]) -> str:
        identity = (plan.url, plan.template, plan.title, plan.banner and plan.banner.key, plan.taxonomy)
        shown = (listing_facts(plan.listing, self._inputs.today), terms_facts(plan.terms))
        return digest(
            identity, plan.banner_image, plan.banner_link, shown, [(c, self.value(c)) for c in channels]
        )

    def value(self, channel: str) -> str:
        if channel not in self._memo:
            self._memo[channel] = self._compute(channel)
        return self._memo[channel]

    def _compute(self, channel: str) -> str:
        kind, _, argument = channel.partition(":")
        model, inputs = self._inputs.model, self._inputs
        if kind == "site":
            return digest(
                __version__, inputs.config.model_dump(), inputs.labels_by_language, inputs.art, self._banner()
            )
        if kind == "menu":
            return digest([(p.url, p.title, p.menu) for p in model.menu_pages()])
        if kind == "template":
            return self._template(argument, set())
        if kind == "item":
            item = self._items[argument]
            return digest(self._facts(item), inputs.bodies.get(item.source.source_path))
        if kind in ("projects", "news"):
            return digest([self._facts(i) for i in getattr(model, kind)])
        if kind == "news-of":
            project = self._items[argument]
            assert isinstance(project, Project)
            return digest([self._facts(n) for n in model.news_of(project)])
        if kind == "project-of":
            owner = model.project_by_id(argument or None)
            return digest(self._facts(owner) if owner else None)
        if kind == "versions":
            versions = model.translations_of(self._items[argument])
            return digest([(v.language, v.url, v.title) for v in versions])
        raise ValueError(f"unknown dependency channel {channel!r}")

    def _facts(self, item: Item) -> object:
        """What listings and related-item blocks can show of an item: front matter and status."""
        status = item.is_finished(self._inputs.today) if isinstance(item, Project) else None
        return (item.url, dict(item.source.meta), status)

    def _template(self, name: str, seen: set[str]) -> str:
        """A template's source together with every template it extends, includes or imports."""
        if name in seen:
            return ""
        seen.add(name)
        try:
            source = self._source(name)
            referenced: list[str | None] = list(
                jinja2.meta.find_referenced_templates(self._env.parse(source))
            )
        except jinja2.TemplateError:
            return digest(name, "unreadable")  # the render itself reports the problem
        if None in referenced:  # a template name computed at run time: depend on all of them
            referenced = list(self._env.list_templates())
        return digest(source, [self._template(str(n), seen) for n in referenced if n])

    def _source(self, name: str) -> str:
        assert self._env.loader is not None
        return self._env.loader.get_source(self._env, name)[0]

    def _banner(self) -> str:
        filename = self._inputs.banner_template.filename
        return Path(filename).read_text(encoding="utf-8") if filename else ""


def render_page(
    env: jinja2.Environment, inputs: RenderInputs, plan: PagePlan, log: DependencyLog | None = None
) -> str:
    """One page's HTML; template errors become problems with the template's file and line."""
    try:
        template = env.get_template(plan.template)
        html = template.render(page_context(inputs, plan, log or DependencyLog()))
    except jinja2.TemplateNotFound as error:
        raise BuildFailed((_missing_template(str(error.name or plan.template), inputs),)) from None
    except jinja2.TemplateSyntaxError as error:
        problem = Problem(
            f"template error: {error.message}",
            _path(error.filename),
            error.lineno,
            "check the {{ }} and {% %} tags",
        )
        raise BuildFailed((problem,)) from None
    except (jinja2.UndefinedError, TypeError, ValueError) as error:
        raise BuildFailed((_runtime_problem(error),)) from None
    if BANNER_MARKER not in html:
        raise BuildFailed((_no_banner(plan, template),))
    return html


def _no_banner(plan: PagePlan, template: jinja2.Template) -> Problem:
    return Problem(
        f"the page {plan.url or 'index.html'} has no funding banner (infoblokk)",
        _path(template.filename),
        None,
        "every page must show it: put {{ infoblokk() }} in the template's header, "
        "as themes/default/templates/base.html does",
    )


def _path(filename: str | None) -> Path | None:
    return Path(filename) if filename else None


def _missing_template(name: str, inputs: RenderInputs) -> Problem:
    return Problem(
        f"the template '{name}' was not found",
        inputs.theme_templates / name,
        None,
        "templates are looked up in the site's templates/ folder, then in the "
        "theme's; add it to one of them or choose a theme that has it",
    )


def _runtime_problem(error: Exception) -> Problem:
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".html")]
    where = frames[-1] if frames else None
    message = str(error).replace("'jinja2.runtime.", "'").strip()
    return Problem(
        f"template error: {message}",
        _path(where.filename) if where else None,
        where.lineno if where else None,
        "check the variable names; the template variables are listed in README.md",
    )


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
        "today": inputs.today,
        "news_of": news_of,
        "project_of": project_of,
        "status": lambda p: _status(p, inputs.today, labels),
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
    if plan.url == "404.html":
        return lambda to: root_link(base_url, to)
    return lambda to: relative_link(plan.url, to)


def _title(plan: PagePlan, labels: Mapping[str, Any]) -> str:
    if plan.item or (plan.listing and plan.listing.term):
        return plan.title
    if plan.taxonomy:
        return str(labels["taxonomies"][plan.taxonomy])
    return str(labels["ui"].get(plan.title, plan.title))


def _status(project: Project, today: date, labels: Mapping[str, Any]) -> str:
    finished = project.is_finished(today)
    key = "unknown" if finished is None else "finished" if finished else "ongoing"
    return str(labels["status"][key])


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


def banner_template() -> jinja2.Template:
    """The banner partial from the package's own templates, whatever the site overrides."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("infoblokk", "templates"), autoescape=True)
    return env.get_template(BANNER_TEMPLATE)
