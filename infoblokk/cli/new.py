"""`new` (a content file with every field explained, or a project's two press releases) and
`init` (a new site in a new or empty folder)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from infoblokk.cli.parsing import Commands, Parser, add_command, add_lang_option
from infoblokk.errors import BuildFailed, InfoblokkError, Problem
from infoblokk.layout import CONFIG_FILE, FOLDER_OF_KIND
from infoblokk.messages import Language, Text
from infoblokk.report import format_problems

if TYPE_CHECKING:  # the content model and the configuration are loaded when a command runs
    from infoblokk.config.settings import SiteConfig
    from infoblokk.content.model import Project
    from infoblokk.content.press import ReleaseFacts


def add_commands(commands: Commands, language: Language) -> None:
    summary = Text("create a content file with every field explained")
    new = add_command(commands, "new", summary, _new, language)
    kinds = tuple(FOLDER_OF_KIND)  # project, news, page
    new.add_argument("kind", choices=kinds, help=language(Text("what to create: project, news or page")))
    new.add_argument(
        "title", nargs="?", help=language(Text('its title, in quotes: "Zala megyei együttműködés"'))
    )
    new.add_argument(
        "--press",
        metavar=language(Text("PROJECT")),
        help=language(
            Text(
                "with news: write the start and the closing press release of this project (its "
                "project_id or address), with its facts filled in, as two drafts"
            )
        ),
    )
    _add_init(commands, language)


def _add_init(commands: Commands, language: Language) -> None:
    """`init FOLDER`: its folder is the one it makes, named as an argument (there is no site yet)."""
    shown = language(Text("make a new site in a new or empty folder, ready to build"))
    described = Text(
        "Make a new site in a new or empty folder: site_config.toml with every setting explained, "
        "the content folders and one sample project. The default theme comes with infoblokk."
    )
    init: Parser = commands.add_parser("init", help=shown, description=language(described), language=language)
    init.add_argument(
        "site",
        metavar=language(Text("FOLDER")),
        help=language(Text("the new site's folder, e.g. uj-honlap")),
    )
    init.add_argument(
        "--base-url",
        metavar="URL",
        help=language(
            Text("the address where the site will be published (can be set later in site_config.toml)")
        ),
    )
    add_lang_option(init, language)
    init.set_defaults(run=_init)


def _new(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    from infoblokk.content.filenames import name_problem  # here, when the command runs (start-up time)
    from infoblokk.content.scaffold import create_content_file
    from infoblokk.content.slugs import slugify

    if arguments.press is not None or arguments.title is None:
        return _new_press_releases(arguments, site_dir, language)
    reason = name_problem(slugify(arguments.title))  # the title becomes the file's name and address
    if reason:
        hint = Text(
            "use another title here (it names the file); the title inside the file can be changed later"
        )
        raise BuildFailed(
            (Problem(Text("the title cannot name a file: {reason}", reason=reason), hint=hint),)
        )
    try:
        path = create_content_file(site_dir, arguments.kind, arguments.title)
    except OSError as error:
        shown = Path(error.filename) if error.filename else None
        message = Text("the file could not be created: {reason}", reason=error.strerror or error)
        raise BuildFailed((Problem(message, shown, hint=_WRITABLE),)) from None
    created = Text(
        "Created {file}: fill in the facts, then run python build.py", file=path.relative_to(site_dir)
    )
    print(language(created))
    return 0


_WRITABLE = Text("check that the site's content/ folder exists and that you may write to it")


def _new_press_releases(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    """`new news --press PROJECT`: the project's start and closing release, facts filled in."""
    from infoblokk.content.loading import load_site  # here, when the command runs (start-up time)
    from infoblokk.content.press import create_press_releases, find_project

    if arguments.kind != "news" or arguments.press is None or arguments.title is not None:
        hint = Text(
            'python build.py new {kind} "Title", or python build.py new news --press PROJECT_ID',
            kind=arguments.kind,
        )
        raise BuildFailed((Problem(Text("write either a title, or news --press with a project"), hint=hint),))
    site = load_site(site_dir)
    project = find_project(site.model, arguments.press, site.folders.content / FOLDER_OF_KIND["project"])
    try:
        paths = create_press_releases(site_dir, project, release_facts(project, site.config))
    except OSError as error:
        shown = Path(error.filename) if error.filename else None
        message = Text("the file could not be created: {reason}", reason=error.strerror or error)
        raise BuildFailed((Problem(message, shown, hint=_WRITABLE),)) from None
    for path in paths:
        created = Text(
            "Created {file}: read it through, then delete its draft line", file=path.relative_to(site_dir)
        )
        print(language(created))
    return 0


def release_facts(project: Project, config: SiteConfig) -> ReleaseFacts:
    """The project's facts as the site formats them, for the press releases' text."""
    from infoblokk.content.press import ReleaseFacts  # here, when the command runs (start-up time)
    from infoblokk.render.formatting import Formatter

    formatter = Formatter(config.language, config.number_style)

    def day(value: date | None) -> str | None:
        return formatter.date(value, "long") if value else None

    return ReleaseFacts(
        title=project.title,
        project_id=project.project_id.raw if project.project_id else "",
        beneficiaries=project.beneficiaries,
        grant=formatter.money(project.grant.amount, project.grant.currency) if project.grant else None,
        funding_rate=formatter.percent(project.funding_rate) if project.funding_rate else None,
        start=day(project.start_date),
        end=day(project.end_date),
        start_date=project.start_date,
        end_date=project.end_date,
        objective=project.objective or project.summary,
        statement=project.banner.wording(project.language).press_statement,
    )


def _init(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    from infoblokk.content.starter import create_site  # here, when the command runs (start-up time)

    try:
        files = create_site(site_dir, arguments.base_url)
    except InfoblokkError as error:  # not a build: no output folder to reassure the user about
        nothing = Text("No site was made, and nothing was written.")
        problems = format_problems(error.problems, site_dir, language)
        print(f"{problems}\n\n{language(nothing)}", file=sys.stderr)
        return 1
    shown = Path(arguments.site)
    sample = next(path for path in files if path.suffix == ".md")
    made = Text(
        "Made a new site in {folder}:\n"
        "  {config}  every setting, explained in Hungarian comments\n"
        "  {sample}  a sample project: rewrite it or delete it\n"
        "  content/news/, content/pages/, content/static/  empty, for news, pages, photos and the banner\n"
        "\nNext: cd {folder}, then run infoblokk build (or infoblokk serve to write with the browser open).",
        folder=shown,
        config=CONFIG_FILE,
        sample=sample.relative_to(site_dir).as_posix(),
    )
    print(language(made))
    return 0
