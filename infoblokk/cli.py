"""The command line: `build`, `check`, `new` (and `serve`), each with --help.

Only `InfoblokkError` is caught here and printed as the user's problems; any other exception is
a bug in infoblokk and shows its traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from infoblokk.config.settings import load_config
from infoblokk.content.scaffold import KINDS, create_content_file
from infoblokk.errors import InfoblokkError
from infoblokk.layout import DEFAULT_OUTPUT_FOLDER
from infoblokk.report import format_build, format_failure, format_problems
from infoblokk.site import build_site, check_site

COMMANDS = ("build", "check", "new", "serve")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code (0 fine, 1 problems in the site, 2 usage)."""
    words = list(sys.argv[1:] if argv is None else argv)
    arguments = _parser().parse_args(words if _names_a_command(words) else ["build", *words])
    site_dir = Path(arguments.site).resolve()
    try:
        return int(arguments.run(arguments, site_dir))
    except InfoblokkError as error:
        print(format_failure(error.problems, site_dir, _output_name(site_dir)), file=sys.stderr)
        return 1


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
    _command(
        commands,
        "check",
        "check content, configuration, theme and compliance; publish nothing; exit 1 on any problem",
        _check,
    )
    new = _command(commands, "new", "create a content file with every field explained", _new)
    new.add_argument("kind", choices=KINDS, help="what to create: project, news or page")
    new.add_argument("title", help='its title, in quotes: "Zala megyei együttműködés"')
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
    return 0


def _check(arguments: argparse.Namespace, site_dir: Path) -> int:
    problems = check_site(site_dir)
    if problems:
        print(format_problems(problems, site_dir), file=sys.stderr)
        print(f"\n{len(problems)} problem(s) found; fix them before publishing.", file=sys.stderr)
        return 1
    print("No problems found: the site is ready to publish.")
    return 0


def _new(arguments: argparse.Namespace, site_dir: Path) -> int:
    path = create_content_file(site_dir, arguments.kind, arguments.title)
    print(f"Created {path.relative_to(site_dir)}: fill in the facts, then run python build.py")
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
