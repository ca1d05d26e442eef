"""The command line: `build`, `check`, `new`, `init`, `import` (and `serve`), each with --help.

`InfoblokkError` is caught here and printed as the user's problems (exit code 1). Any other
exception is a bug in infoblokk: the user reads one short paragraph saying so, where its
traceback was saved (a file in the site's `.infoblokk-cache/`, else in the system's temporary
folder) and how to report it, and the exit code is 2 (as for a command line infoblokk cannot
understand: either way, nothing about the site is to blame). Ctrl+C stops with exit code 130.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from infoblokk import __version__
from infoblokk.check.obligations import as_data, reminders
from infoblokk.config.settings import SiteConfig, load_config, site_language
from infoblokk.content.filenames import name_problem
from infoblokk.content.loading import load_site
from infoblokk.content.model import Project
from infoblokk.content.press import ReleaseFacts, create_press_releases, find_project
from infoblokk.content.scaffold import KINDS, create_content_file
from infoblokk.content.slugs import slugify
from infoblokk.content.starter import create_site
from infoblokk.errors import BuildFailed, InfoblokkError, Problem, errors_only, failing_check
from infoblokk.layout import CONFIG_FILE, DEFAULT_OUTPUT_FOLDER, FOLDER_OF_KIND, SiteFolders
from infoblokk.messages import (
    ENVIRONMENT_VARIABLE,
    LANGUAGES,
    Language,
    Plural,
    Text,
    choose_language,
    load_language,
)
from infoblokk.render.formatting import Formatter
from infoblokk.report import format_build, format_failure, format_obligations, format_problems
from infoblokk.site import build_site, check_site, publicity_obligations

COMMANDS = ("build", "check", "obligations", "new", "init", "serve", "import")


BUG_EXIT_CODE = 2
INTERRUPTED_EXIT_CODE = 130  # what shells report for Ctrl+C
BROKEN_PIPE_EXIT_CODE = 141  # what shells report for a program whose reader went away (SIGPIPE)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code (0 fine, 1 problems in the site, 2 usage or a bug)."""
    given = list(sys.argv[1:] if argv is None else argv)
    words = given if _names_a_command(given) else ["build", *given]
    language = load_language(_chosen_language(words))
    arguments = _parser(language).parse_args(words)
    site_dir = Path(arguments.site).resolve()
    try:
        code = _run(arguments, site_dir, language)
        sys.stdout.flush()  # a reader that stopped early shows here, not as a note at exit
        return code
    except BrokenPipeError:  # `… | head`: the reader has all it wanted; nothing went wrong
        _silence_stdout()
        return BROKEN_PIPE_EXIT_CODE
    except KeyboardInterrupt:
        print("\n" + language(Text("Stopped (Ctrl+C).")), file=sys.stderr)
        return INTERRUPTED_EXIT_CODE
    except Exception as error:  # a bug in infoblokk: a note for the user, the traceback in a file
        print(language(_bug_note(error, site_dir, given)), file=sys.stderr)
        return BUG_EXIT_CODE


def _silence_stdout() -> None:
    """Point standard output at the null device, so that Python's last flush cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # no real file behind it: nothing will be flushed to a closed pipe


def _chosen_language(words: list[str]) -> str:
    """The language to speak, known before the command line is parsed (its help is in it too).

    `--lang`, else the environment variable INFOBLOKK_LANG, else the site's `language`, else English.
    """
    first = argparse.ArgumentParser(add_help=False)
    first.add_argument("--lang")
    first.add_argument("--site", default=".")
    known, _ = first.parse_known_args(words)
    return choose_language(known.lang, os.environ, site_language(Path(known.site)))


def _run(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    try:
        return int(arguments.run(arguments, site_dir, language))
    except InfoblokkError as error:
        print(format_failure(error.problems, site_dir, _output_name(site_dir), language), file=sys.stderr)
        return 1


def _bug_note(error: Exception, site_dir: Path, words: list[str]) -> Text:
    """What the user reads about a bug: that it is one, where its details are, whom to tell."""
    saved = _save_traceback(error, site_dir, words)
    what = f"{type(error).__name__}: {error}"
    what = what if len(what) <= 200 else what[:199] + "…"
    where = (
        Text("Its details are saved in {file}.", file=_shown(saved, site_dir))
        if saved
        else Text("Its details could not be saved: no folder could be written to.")
    )
    return Text(
        "infoblokk stopped because of a bug in infoblokk itself, not because of anything in your site "
        "({what}). {where} Please report it, with that file and the command you ran, to whoever looks "
        "after infoblokk for you or in infoblokk's issue tracker. Meanwhile, renaming the "
        ".infoblokk-cache folder (it only makes rebuilds faster) and running the command again may "
        "get round it.",
        what=what,
        where=where,
    )


def _save_traceback(error: Exception, site_dir: Path, words: list[str]) -> Path | None:
    """The traceback, written to a new file in the site's cache or else the temporary folder."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    report = "\n".join(
        [
            f"infoblokk {__version__}, Python {sys.version.split()[0]}, {platform.platform()}",
            f"command: python build.py {' '.join(words)}",
            f"site: {site_dir}",
            f"time: {stamp}",
            "",
            "".join(traceback.format_exception(error)),
        ]
    )
    for folder in (SiteFolders(site_dir).cache, Path(tempfile.gettempdir())):
        path = folder / f"infoblokk-crash-{stamp}.txt"
        try:
            folder.mkdir(exist_ok=True)
            with path.open("x", encoding="utf-8") as file:
                file.write(report)
            return path
        except OSError:
            continue
    return None


def _shown(path: Path, site_dir: Path) -> str:
    return str(path.relative_to(site_dir)) if path.is_relative_to(site_dir) else str(path)


def _names_a_command(words: list[str]) -> bool:
    """`python build.py` alone (or with build's options) means `build`; a command comes first."""
    return bool(words) and words[0] in (*COMMANDS, "-h", "--help")


class _Parser(argparse.ArgumentParser):
    """argparse, speaking the chosen language in what it writes itself (usage, headings, errors)."""

    def __init__(self, *args: Any, language: Language, **kwargs: Any) -> None:
        kwargs["add_help"] = False  # our own -h, whose help is in the chosen language
        super().__init__(*args, **kwargs)
        self.language = language
        self._positionals.title = language(Text("positional arguments"))
        self._optionals.title = language(Text("options"))
        self.add_argument(
            "-h", "--help", action="help", help=language(Text("show this help message and exit"))
        )

    def _get_formatter(self) -> argparse.HelpFormatter:
        return _HelpFormatter(self.prog, self.language)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        said = self.language(Text("{program}: error: {message}", program=self.prog, message=message))
        self.exit(2, said + "\n")


class _HelpFormatter(argparse.HelpFormatter):
    def __init__(self, prog: str, language: Language) -> None:
        super().__init__(prog)
        self.language = language

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        # argparse passes "" itself where it wants no prefix (the program name of a command)
        shown = self.language(Text("usage: ")) if prefix is None else prefix
        super().add_usage(usage, actions, groups, shown)


def _parser(language: Language) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python build.py",
        description=language(Text("Build the website of EU-funded projects from content/ into public/.")),
        epilog=language(
            Text("Run a command with --help to see its options. Without a command, `build` runs.")
        ),
        language=language,
    )
    commands = parser.add_subparsers(
        title=language(Text("commands")), required=True, metavar=language(Text("COMMAND"))
    )
    summary = Text("build the site into the output folder (public/)")
    build = _command(commands, "build", summary, _build, language)
    build.add_argument(
        "--strict",
        action="store_true",
        help=language(Text("fail on compliance warnings too (a missing mandatory fact, a stand-in banner)")),
    )
    summary = Text(
        "check content, configuration, theme and compliance; publish nothing; exit 1 on a problem to fix"
    )
    check = _command(commands, "check", summary, _check, language)
    check.add_argument(
        "--strict",
        action="store_true",
        help=language(
            Text(
                "fail on the steps left before publishing too (a stand-in banner, the example base_url, "
                "an accessibility statement not reviewed for a year)"
            )
        ),
    )
    summary = Text(
        "list the publicity items each project's rules ask for (website, poster, billboard, plaque, "
        "event, social media), their deadlines and which infoblokk has made"
    )
    obligations = _command(commands, "obligations", summary, _obligations, language)
    obligations.add_argument(
        "--json", action="store_true", help=language(Text("print the report as JSON, for other programs"))
    )
    summary = Text("create a content file with every field explained")
    new = _command(commands, "new", summary, _new, language)
    new.add_argument("kind", choices=KINDS, help=language(Text("what to create: project, news or page")))
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
    _init_command(commands, language)
    _import_command(commands, language)
    summary = Text("build the site, serve it on this computer and reload the browser after every save")
    serve = _command(commands, "serve", summary, _serve, language)
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help=language(Text("the address to listen on (default: 127.0.0.1, this computer only)")),
    )
    serve.add_argument(
        "--port",
        type=lambda text: _port(text, language),
        default=8000,
        help=language(Text("the port to listen on (default: 8000)")),
    )
    serve.add_argument(
        "--open", action="store_true", help=language(Text("open the site in the default web browser"))
    )
    return parser


def _command(
    commands: argparse._SubParsersAction[_Parser],
    name: str,
    summary: Text,
    run: object,
    language: Language,
) -> argparse.ArgumentParser:
    shown = language(summary)
    command = commands.add_parser(
        name, help=shown, description=shown[0].upper() + shown[1:] + ".", language=language
    )
    command.add_argument(
        "--site",
        default=".",
        metavar=language(Text("FOLDER")),
        help=language(Text("the site's folder, holding site_config.toml (default: this folder)")),
    )
    _lang_option(command, language)
    command.set_defaults(run=run)
    return command


def _init_command(commands: argparse._SubParsersAction[_Parser], language: Language) -> None:
    """`init FOLDER`: its folder is the one it makes, named as an argument (there is no site yet)."""
    shown = language(Text("make a new site in a new or empty folder, ready to build"))
    described = Text(
        "Make a new site in a new or empty folder: site_config.toml with every setting explained, "
        "the content folders and one sample project. The default theme comes with infoblokk."
    )
    init = commands.add_parser("init", help=shown, description=language(described), language=language)
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
    _lang_option(init, language)
    init.set_defaults(run=_init)


def _import_command(commands: argparse._SubParsersAction[_Parser], language: Language) -> None:
    """`import page FILE…` and `import list FILE`: existing projects made into draft files."""
    shown = language(Text("make draft project files from existing project pages or official project lists"))
    command = commands.add_parser(
        "import", help=shown, description=shown[0].upper() + shown[1:] + ".", language=language
    )
    sources = command.add_subparsers(
        title=language(Text("what to import")), required=True, metavar=language(Text("SOURCE"))
    )
    summary = Text("saved project pages (.html) or their text copied into .txt files, one draft each")
    page = _command(sources, "page", summary, _import_page, language)
    page.add_argument("files", nargs="+", metavar=language(Text("FILE")), type=Path)
    summary = Text(
        "a project list (.csv or .xlsx): Kohesio's export, the Hungarian supported-projects export, "
        "or any table with a mapping file; one draft per row"
    )
    listing = _command(sources, "list", summary, _import_list, language)
    listing.add_argument("file", metavar=language(Text("FILE")), type=Path)
    listing.add_argument(
        "--mapping",
        metavar="MAP.toml",
        type=Path,
        help=language(Text("a TOML file naming the field each column holds (see README)")),
    )
    listing.add_argument(
        "--update",
        action="store_true",
        help=language(Text("update the facts of projects already in content/projects/ (never their text)")),
    )


def _lang_option(command: argparse.ArgumentParser, language: Language) -> None:
    command.add_argument(
        "--lang",
        choices=LANGUAGES,
        help=language(
            Text(
                "the language of infoblokk's messages: hu, en or ro (default: the variable {variable}, "
                "else the site's language, else en)",
                variable=ENVIRONMENT_VARIABLE,
            )
        ),
    )


def _build(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    result = build_site(site_dir, strict=arguments.strict)
    print(format_build(result, site_dir, language))
    if result.notices:  # the site is built; these only say what the next build will do
        print(f"\n{format_problems(result.notices, site_dir, language)}", file=sys.stderr)
    return 0


def _check(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    problems = check_site(site_dir)
    publicity = _publicity_section(problems, site_dir, language)
    if publicity:
        print(publicity, file=sys.stderr)
    if not problems:
        print(language(Text("No problems found: the site is ready to publish.")))
        return 0
    print(format_problems(problems, site_dir, language), file=sys.stderr)
    failing = failing_check(problems, arguments.strict)
    if failing:
        found = Plural(
            "{count} problem found; fix it before publishing.",
            "{count} problems found; fix them before publishing.",
            len(failing),
        )
        print("\n" + language(found), file=sys.stderr)
        return 1
    left = Plural(
        "No errors. {count} warning above names what is left to do before publishing "
        "(`check --strict` fails on it).",
        "No errors. {count} warnings above name what is left to do before publishing "
        "(`check --strict` fails on them).",
        len(problems),
    )
    print("\n" + language(left), file=sys.stderr)
    return 0


def _publicity_section(problems: tuple[Problem, ...], site_dir: Path, language: Language) -> str:
    """`check`'s report of the publicity items due that infoblokk has not made (or "").

    They are the beneficiary's obligations, not the website's: they never change the exit code.
    """
    if errors_only(problems):
        return ""  # a site that cannot be built has no project facts to judge by
    due = tuple(reminders(publicity_obligations(site_dir)))
    if not due:
        return ""
    heading = Text("Publicity items (the exit code does not depend on them):")
    return f"{language(heading)}\n{format_problems(due, site_dir, language)}\n"


def _obligations(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    report = publicity_obligations(site_dir)
    if arguments.json:
        print(json.dumps(as_data(report, site_dir, language), ensure_ascii=False, indent=2))
    else:
        print(format_obligations(report, site_dir, language))
    return 0  # a report: what is missing is for the officer to act on, not a failure


def _new(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
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


def _import_page(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    from infoblokk.importing.page import import_page
    from infoblokk.importing.reports import NEXT_STEPS, page_report

    problems: list[Problem] = []
    written = 0
    for file in arguments.files:
        try:
            path, imported = import_page(site_dir, file.resolve())
        except InfoblokkError as error:
            problems += error.problems
            continue
        written += 1
        _print_report(page_report(path, imported, site_dir), language)
    return _import_ending(written, problems, site_dir, language, NEXT_STEPS)


def _import_list(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    from infoblokk.importing.listing import import_list
    from infoblokk.importing.reports import NEXT_STEPS, list_report

    try:
        mapping = arguments.mapping.resolve() if arguments.mapping else None
        outcome = import_list(site_dir, arguments.file.resolve(), mapping, arguments.update)
    except InfoblokkError as error:
        nothing = Text("Nothing was imported.")
        problems = format_problems(error.problems, site_dir, language)
        print(f"{problems}\n\n{language(nothing)}", file=sys.stderr)
        return 1
    _print_report(list_report(outcome, site_dir), language)
    changed = len(outcome.written) + sum(bool(keys) for _, _, keys in outcome.updated)
    return _import_ending(changed, list(outcome.problems), site_dir, language, NEXT_STEPS)


def _print_report(lines: Sequence[Any], language: Language) -> None:
    for line in lines:
        print("  " * line.indent + language(line.text))


def _import_ending(
    written: int, problems: list[Problem], site_dir: Path, language: Language, next_steps: Text
) -> int:
    if written:
        print("\n" + language(next_steps))
    if problems:
        print(format_problems(problems, site_dir, language), file=sys.stderr)
        return 1
    return 0


def _serve(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    from infoblokk.serve.command import serve  # here, so that other commands do not load the web server

    return serve(site_dir, arguments.host, arguments.port, arguments.open, language)


def _port(text: str, language: Language) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        message = Text("{text} is not a port number (1 to 65535)", text=repr(text))
        raise argparse.ArgumentTypeError(language(message))
    return int(text)


def _output_name(site_dir: Path) -> str:
    try:
        return load_config(site_dir).output_dir
    except InfoblokkError:
        return DEFAULT_OUTPUT_FOLDER
