"""Stage 5: items + theme → HTML pages and banner artwork, as `OutputFile` values.

Templates autoescape, and undefined variables are errors, so a typo in a template fails the
build instead of printing an empty string. Every page must show the funding banner: a page
whose HTML lacks it is a build error naming the template.
"""

from __future__ import annotations

import traceback
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from markupsafe import Markup
from PIL import Image

from infoblokk.banner import Banner, standin_svg
from infoblokk.config import SiteConfig
from infoblokk.errors import BuildFailed, Problem
from infoblokk.formatting import Formatter
from infoblokk.model import SECTION_FOLDERS, Item, NewsItem, Project, SiteModel
from infoblokk.themes import Theme
from infoblokk.urls import absolute_url, relative_link, root_link

BANNER_MARKER = "data-infoblokk="
BANNER_FOLDER = "_infoblokk"


@dataclass(frozen=True)
class OutputFile:
    """A file of the built site: where it goes (inside the output folder) and its bytes."""

    path: PurePosixPath
    content: bytes


@dataclass(frozen=True)
class BannerArt:
    """The image a banner shows: the official artwork, or the generated stand-in."""

    src: str  # site-relative path
    width: int
    height: int
    official: bool


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


@dataclass(frozen=True)
class RenderInputs:
    """Everything render needs, resolved by the stages before it."""

    config: SiteConfig
    model: SiteModel
    labels: Mapping[str, Any]
    bodies: Mapping[Path, str]  # source path → body HTML
    art: Mapping[str, BannerArt]  # banner key → image
    today: date


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


def plan_pages(model: SiteModel, language: str) -> tuple[PagePlan, ...]:
    """Every HTML page of the site, with its template."""
    folders = SECTION_FOLDERS[language]
    projects_url, news_url = folders["project"] + "/", folders["news"] + "/"
    plans = [
        PagePlan("", "home.html", "", banner_link=projects_url),
        PagePlan(projects_url, "project_list.html", "projects", banner_link=projects_url),
        PagePlan(news_url, "news_list.html", "news", banner_link=projects_url),
        PagePlan("404.html", "404.html", "not_found", banner_link=projects_url),
    ]
    plans += [
        PagePlan(p.url, "project.html", p.title, p, p.banner, p.banner_image, p.url) for p in model.projects
    ]
    plans += [_news_plan(n, model, projects_url) for n in model.news]
    plans += [PagePlan(p.url, "page.html", p.title, p, banner_link=projects_url) for p in model.pages]
    return tuple(plans)


def _news_plan(news: NewsItem, model: SiteModel, projects_url: str) -> PagePlan:
    project = model.project_by_id(news.project_id)
    if project is None:
        return PagePlan(news.url, "news.html", news.title, news, banner_link=projects_url)
    return PagePlan(
        news.url, "news.html", news.title, news, project.banner, project.banner_image, project.url
    )


def render_pages(
    env: jinja2.Environment, inputs: RenderInputs, plans: tuple[PagePlan, ...]
) -> tuple[OutputFile, ...]:
    """Render every planned page; raise BuildFailed with every template problem found."""
    outputs: list[OutputFile] = []
    problems: list[Problem] = []
    for plan in plans:
        try:
            html = render_page(env, inputs, plan)
        except BuildFailed as failure:
            problems.extend(failure.problems)
            continue
        path = PurePosixPath(plan.url + "index.html" if plan.url.endswith("/") or not plan.url else plan.url)
        outputs.append(OutputFile(path, html.encode("utf-8")))
    if problems:
        raise BuildFailed(tuple(dict.fromkeys(problems)))
    return tuple(outputs)


def render_page(env: jinja2.Environment, inputs: RenderInputs, plan: PagePlan) -> str:
    """One page's HTML; template errors become problems with the template's file and line."""
    try:
        template = env.get_template(plan.template)
        html = template.render(page_context(inputs, plan))
    except jinja2.TemplateNotFound as error:
        raise BuildFailed((_missing_template(str(error.name or plan.template)),)) from None
    except jinja2.TemplateSyntaxError as error:
        raise BuildFailed(
            (
                Problem(
                    f"template error: {error.message}",
                    _path(error.filename),
                    error.lineno,
                    "check the {{ }} and {% %} tags",
                ),
            )
        ) from None
    except (jinja2.UndefinedError, TypeError, ValueError) as error:
        raise BuildFailed((_runtime_problem(error, plan.template),)) from None
    if BANNER_MARKER not in html:
        raise BuildFailed(
            (
                Problem(
                    f"the page {plan.url or 'index.html'} has no funding banner (infoblokk)",
                    _path(template.filename),
                    None,
                    "every page must show it: put {{ infoblokk() }} in the template's header, "
                    "as themes/default/templates/base.html does",
                ),
            )
        )
    return html


def _path(filename: str | None) -> Path | None:
    return Path(filename) if filename else None


def _missing_template(name: str) -> Problem:
    return Problem(
        f"the template '{name}' was not found",
        None,
        None,
        "templates are looked up in the site's templates/ folder, then in the "
        "theme's; add it to one of them or choose a theme that has it",
    )


def _runtime_problem(error: Exception, template_name: str) -> Problem:
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".html")]
    where = frames[-1] if frames else None
    message = str(error).replace("'jinja2.runtime.", "'").strip()
    return Problem(
        f"template error: {message}",
        _path(where.filename) if where else None,
        where.lineno if where else None,
        f"check the variable names in {template_name} and the templates it uses",
    )


def page_context(inputs: RenderInputs, plan: PagePlan) -> dict[str, Any]:
    """The variables a template sees (documented in README.md, "Writing a theme")."""
    model, config = inputs.model, inputs.config
    link: Callable[[str], str] = (
        (lambda to: root_link(config.base_url, to))
        if plan.url == "404.html"
        else (lambda to: relative_link(plan.url, to))
    )
    formatter = Formatter(config.language, config.number_style)
    return {
        "site": config,
        "labels": inputs.labels,
        "lang": config.language,
        "page": plan.item,
        "page_title": _title(plan, inputs.labels),
        "page_url": plan.url,
        "canonical_url": absolute_url(config.base_url, plan.url),
        "content": Markup(inputs.bodies.get(plan.item.source.source_path, "")) if plan.item else "",
        "projects": model.projects,
        "news": model.news,
        "menu": _menu(model, plan, inputs.labels, config.language),
        "url": link,
        "today": inputs.today,
        "news_of": model.news_of,
        "project_of": lambda n: model.project_by_id(n.project_id),
        "status": lambda p: _status(p, inputs),
        "money": lambda m: formatter.money(m.amount, m.currency),
        "day": lambda d: formatter.date(d, config.date_format),
        "percent": formatter.percent,
        "infoblokk": lambda: _banner_html(inputs, plan, link),
    }


def _title(plan: PagePlan, labels: Mapping[str, Any]) -> str:
    return plan.title if plan.item else str(labels["ui"].get(plan.title, plan.title))


def _status(project: Project, inputs: RenderInputs) -> str:
    finished = project.is_finished(inputs.today)
    key = "unknown" if finished is None else "finished" if finished else "ongoing"
    return str(inputs.labels["status"][key])


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
    banner = plan.banner or inputs.model.site_banner
    image = plan.banner_image if plan.banner else inputs.model.site_banner_image
    art = inputs.art[art_key(banner, image)]
    env = jinja2.Environment(loader=jinja2.PackageLoader("infoblokk", "templates"), autoescape=True)
    html = env.get_template("infoblokk/banner.html").render(
        banner=banner,
        link=link(plan.banner_link),
        alt=banner.alt_text(inputs.config.language),
        art={"src": link(art.src), "width": art.width, "height": art.height},
    )
    return Markup(html)


def art_key(banner: Banner, image: str | None) -> str:
    """Banners share artwork when they show the same official file, or the same stand-in."""
    return f"file:{image}" if image else banner.key


def banners_in_use(model: SiteModel) -> dict[str, tuple[Banner, str | None]]:
    """Every distinct banner image the site shows, by `art_key`."""
    used = [(model.site_banner, model.site_banner_image)]
    used += [(p.banner, p.banner_image) for p in model.projects]
    return {art_key(banner, image): (banner, image) for banner, image in used}


def banner_artwork(
    model: SiteModel, static_dir: Path, language: str
) -> tuple[dict[str, BannerArt], tuple[OutputFile, ...]]:
    """The image of every banner in use: the official file where given, else a stand-in SVG."""
    art: dict[str, BannerArt] = {}
    files: list[OutputFile] = []
    for key, (banner, image) in sorted(banners_in_use(model).items()):
        if image:
            art[key] = _official_art(static_dir / image, image, banner.profile.display_width_px)
            continue
        svg = standin_svg(banner, language)
        width, height = _svg_size(svg)
        path = PurePosixPath(BANNER_FOLDER) / f"{banner.key}.svg"
        files.append(OutputFile(path, svg.encode("utf-8")))
        art[key] = BannerArt(str(path), width, height, official=False)
    return art, tuple(files)


def _official_art(path: Path, name: str, display_width: int) -> BannerArt:
    with Image.open(path) as image:
        width, height = image.size
    shown_width = min(display_width, width)
    return BannerArt(name, shown_width, round(height * shown_width / width), official=True)


def _svg_size(svg: str) -> tuple[int, int]:
    root = ElementTree.fromstring(svg)
    return round(float(root.get("width", "300"))), round(float(root.get("height", "100")))
