"""`import page FILE…` and `import list FILE`: existing projects made into draft content files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from infoblokk.cli.parsing import Commands, add_command
from infoblokk.errors import InfoblokkError, Problem
from infoblokk.messages import Language, Text
from infoblokk.report import format_problems


def add_commands(commands: Commands, language: Language) -> None:
    shown = language(Text("make draft project files from existing project pages or official project lists"))
    command = commands.add_parser(
        "import", help=shown, description=shown[0].upper() + shown[1:] + ".", language=language
    )
    sources = command.add_subparsers(
        title=language(Text("what to import")), required=True, metavar=language(Text("SOURCE"))
    )
    summary = Text("saved project pages (.html) or their text copied into .txt files, one draft each")
    page = add_command(sources, "page", summary, _import_page, language)
    page.add_argument("files", nargs="+", metavar=language(Text("FILE")), type=Path)
    summary = Text(
        "a project list (.csv or .xlsx): Kohesio's export, the Hungarian supported-projects export, "
        "or any table with a mapping file; one draft per row"
    )
    listing = add_command(sources, "list", summary, _import_list, language)
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


def _import_page(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    from infoblokk.importing.page import import_page  # here, when the command runs (start-up time)
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
    from infoblokk.importing.listing import import_list  # here, when the command runs (start-up time)
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
