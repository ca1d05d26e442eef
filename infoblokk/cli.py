"""The command line: `build`, `check`, `new`, `init` (and `serve`), each with --help.

`InfoblokkError` is caught here and printed as the user's problems (exit code 1). Any other
exception is a bug in infoblokk: the user reads one short paragraph saying so, where its
traceback was saved (a file in the site's `.infoblokk-cache/`, else in the system's temporary
folder) and how to report it, and the exit code is 2 (as for a command line infoblokk cannot
understand: either way, nothing about the site is to blame). Ctrl+C stops with exit code 130.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from infoblokk import __version__
from infoblokk.config.settings import load_config
from infoblokk.content.filenames import name_problem
from infoblokk.content.scaffold import KINDS, create_content_file
from infoblokk.content.slugs import slugify
from infoblokk.content.starter import create_site
from infoblokk.errors import BuildFailed, InfoblokkError, Problem, failing_check
from infoblokk.layout import CONFIG_FILE, DEFAULT_OUTPUT_FOLDER, SiteFolders
from infoblokk.report import format_build, format_failure, format_problems
from infoblokk.site import build_site, check_site

COMMANDS = ("build", "check", "new", "init", "serve")


BUG_EXIT_CODE = 2
INTERRUPTED_EXIT_CODE = 130  # what shells report for Ctrl+C


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code (0 fine, 1 problems in the site, 2 usage or a bug)."""
    words = list(sys.argv[1:] if argv is None else argv)
    arguments = _parser().parse_args(words if _names_a_command(words) else ["build", *words])
    site_dir = Path(arguments.site).resolve()
    try:
        return _run(arguments, site_dir)
    except KeyboardInterrupt:
        print("\nStopped (Ctrl+C).", file=sys.stderr)
        return INTERRUPTED_EXIT_CODE
    except Exception as error:  # a bug in infoblokk: a note for the user, the traceback in a file
        print(_bug_note(error, site_dir, words), file=sys.stderr)
        return BUG_EXIT_CODE


def _run(arguments: argparse.Namespace, site_dir: Path) -> int:
    try:
        return int(arguments.run(arguments, site_dir))
    except InfoblokkError as error:
        print(format_failure(error.problems, site_dir, _output_name(site_dir)), file=sys.stderr)
        return 1


def _bug_note(error: Exception, site_dir: Path, words: list[str]) -> str:
    """What the user reads about a bug: that it is one, where its details are, whom to tell."""
    saved = _save_traceback(error, site_dir, words)
    what = f"{type(error).__name__}: {error}"
    what = what if len(what) <= 200 else what[:199] + "…"
    where = (
        f"Its details are saved in {_shown(saved, site_dir)}."
        if saved
        else "Its details could not be saved: no folder could be written to."
    )
    return (
        f"infoblokk stopped because of a bug in infoblokk itself, not because of anything in your site "
        f"({what}). {where} Please report it, with that file and the command you ran, to whoever looks "
        "after infoblokk for you or in infoblokk's issue tracker. Meanwhile, renaming the "
        ".infoblokk-cache folder (it only makes rebuilds faster) and running the command again may "
        "get round it."
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python build.py",
        description="Build the website of EU-funded projects from content/ into public/.",
        epilog="Run a command with --help to see its options. Without a command, `build` runs.",
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    build = _command(commands, "build", "build the site into the output folder (public/)", _build)
    build.add_argument(
        "--strict",
        action="store_true",
        help="fail on compliance warnings too (a missing mandatory fact, a stand-in banner)",
    )
    check = _command(
        commands,
        "check",
        "check content, configuration, theme and compliance; publish nothing; exit 1 on an error",
        _check,
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="fail on the steps left before publishing too (a stand-in banner, the example base_url)",
    )
    new = _command(commands, "new", "create a content file with every field explained", _new)
    new.add_argument("kind", choices=KINDS, help="what to create: project, news or page")
    new.add_argument("title", help='its title, in quotes: "Zala megyei együttműködés"')
    init = commands.add_parser(
        "init",
        help="make a new site in a new or empty folder, ready to build",
        description="Make a new site in a new or empty folder: site_config.toml with every setting "
        "explained, the content folders and one sample project. The default theme comes with infoblokk.",
    )
    init.add_argument("site", metavar="FOLDER", help="the new site's folder, e.g. uj-honlap")
    init.add_argument(
        "--base-url",
        metavar="URL",
        help="the address where the site will be published (can be set later in site_config.toml)",
    )
    init.set_defaults(run=_init)
    serve = _command(
        commands,
        "serve",
        "build the site, serve it on this computer and reload the browser after every save",
        _serve,
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this computer only)",
    )
    serve.add_argument("--port", type=_port, default=8000, help="the port to listen on (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the site in the default web browser")
    return parser


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str, run: object
) -> argparse.ArgumentParser:
    command = commands.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".")
    command.add_argument(
        "--site",
        default=".",
        metavar="FOLDER",
        help="the site's folder, holding site_config.toml (default: this folder)",
    )
    command.set_defaults(run=run)
    return command


def _build(arguments: argparse.Namespace, site_dir: Path) -> int:
    result = build_site(site_dir, strict=arguments.strict)
    print(format_build(result, site_dir))
    if result.notices:  # the site is built; these only say what the next build will do
        print(f"\n{format_problems(result.notices, site_dir)}", file=sys.stderr)
    return 0


def _check(arguments: argparse.Namespace, site_dir: Path) -> int:
    problems = check_site(site_dir)
    if not problems:
        print("No problems found: the site is ready to publish.")
        return 0
    print(format_problems(problems, site_dir), file=sys.stderr)
    failing = failing_check(problems, arguments.strict)
    if failing:
        print(f"\n{len(failing)} problem(s) found; fix them before publishing.", file=sys.stderr)
        return 1
    print(
        f"\nNo errors. {len(problems)} warning(s) above name what is left to do before publishing "
        "(`check --strict` fails on them).",
        file=sys.stderr,
    )
    return 0


def _new(arguments: argparse.Namespace, site_dir: Path) -> int:
    reason = name_problem(slugify(arguments.title))  # the title becomes the file's name and address
    if reason:
        hint = "use another title here (it names the file); the title inside the file can be changed later"
        raise BuildFailed((Problem(f"the title cannot name a file: {reason}", hint=hint),))
    try:
        path = create_content_file(site_dir, arguments.kind, arguments.title)
    except OSError as error:
        shown = Path(error.filename) if error.filename else None
        problem = Problem(f"the file could not be created: {error.strerror or error}", shown, hint=_WRITABLE)
        raise BuildFailed((problem,)) from None
    print(f"Created {path.relative_to(site_dir)}: fill in the facts, then run python build.py")
    return 0


_WRITABLE = "check that the site's content/ folder exists and that you may write to it"


def _init(arguments: argparse.Namespace, site_dir: Path) -> int:
    files = create_site(site_dir, arguments.base_url)
    shown = Path(arguments.site)
    sample = next(path for path in files if path.suffix == ".md")
    print(
        f"Made a new site in {shown}:\n"
        f"  {CONFIG_FILE}  every setting, explained in Hungarian comments\n"
        f"  {sample.relative_to(site_dir).as_posix()}  a sample project: rewrite it or delete it\n"
        "  content/news/, content/pages/, content/static/  empty, for news, pages, photos and the banner\n"
        f"\nNext: cd {shown}, then run infoblokk build (or infoblokk serve to write with the browser open)."
    )
    return 0


def _serve(arguments: argparse.Namespace, site_dir: Path) -> int:
    from infoblokk.serve.command import serve  # here, so that other commands do not load the web server

    return serve(site_dir, arguments.host, arguments.port, arguments.open)


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return int(text)


def _output_name(site_dir: Path) -> str:
    try:
        return load_config(site_dir).output_dir
    except InfoblokkError:
        return DEFAULT_OUTPUT_FOLDER
