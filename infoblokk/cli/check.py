"""`check` (every problem of the site, nothing written) and `obligations` (each project's publicity items)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from infoblokk.cli.parsing import Commands, add_command
from infoblokk.errors import Problem, errors_only, failing_check
from infoblokk.messages import Language, Plural, Text
from infoblokk.report import format_problems


def add_commands(commands: Commands, language: Language) -> None:
    summary = Text(
        "check content, configuration, theme and compliance; publish nothing; exit 1 on a problem to fix"
    )
    check = add_command(commands, "check", summary, _check, language)
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
    obligations = add_command(commands, "obligations", summary, _obligations, language)
    obligations.add_argument(
        "--json", action="store_true", help=language(Text("print the report as JSON, for other programs"))
    )


def _check(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    from infoblokk.site import check_site  # here, when the command runs (start-up time)

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
    from infoblokk.check.obligations import reminders  # here, when the command runs (start-up time)
    from infoblokk.site import publicity_obligations

    if errors_only(problems):
        return ""  # a site that cannot be built has no project facts to judge by
    due = tuple(reminders(publicity_obligations(site_dir)))
    if not due:
        return ""
    heading = Text("Publicity items (the exit code does not depend on them):")
    return f"{language(heading)}\n{format_problems(due, site_dir, language)}\n"


def _obligations(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    from infoblokk.check.obligations import as_data  # here, when the command runs (start-up time)
    from infoblokk.check.obligations_text import format_obligations
    from infoblokk.site import publicity_obligations

    report = publicity_obligations(site_dir)
    if arguments.json:
        print(json.dumps(as_data(report, site_dir, language), ensure_ascii=False, indent=2))
    else:
        print(format_obligations(report, site_dir, language))
    return 0  # a report: what is missing is for the officer to act on, not a failure
