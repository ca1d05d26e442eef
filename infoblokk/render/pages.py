"""Stage 5: items + theme → HTML pages, as `OutputFile` values.

Templates autoescape, and undefined variables are errors, so a typo in a template fails the
build instead of printing an empty string. Every page must show the funding banner: a page
whose HTML lacks it is a build error naming the template. While a page renders, the context
notes which parts of the site it reads (see `incremental`), so that a rebuild can skip pages
whose inputs did not change.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2
import jinja2.meta

from infoblokk import __version__
from infoblokk.banner.partial import banner_loader
from infoblokk.config.themes import Theme
from infoblokk.content.model import Item, Project
from infoblokk.errors import BuildFailed, Problem
from infoblokk.layout import SiteFolders
from infoblokk.output import OutputFile
from infoblokk.render.incremental import (
    BuildState,
    DependencyLog,
    PageRecord,
    digest,
    file_is_as_recorded,
)
from infoblokk.render.listings import (
    listing_facts,
    terms_facts,
)

__all__ = ["OutputFile", "RenderedPages", "make_environment", "render_page", "render_pages"]

from infoblokk.render.context import RenderInputs, page_context
from infoblokk.render.plans import PagePlan

BANNER_MARKER = "data-infoblokk="
ALWAYS_READ = ("site", "menu")


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
        for folder in (SiteFolders(site_dir).templates, *theme.template_folders)
        if folder.is_dir()
    ]
    loaders.append(banner_loader())
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
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
