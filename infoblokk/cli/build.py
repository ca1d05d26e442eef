"""`build`: the site into its output folder, or the last build's report at once if nothing changed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from infoblokk.cli.parsing import Commands, add_command
from infoblokk.messages import Language, Text
from infoblokk.outcome import BuildResult, recorded_build
from infoblokk.report import format_build, format_problems


def add_commands(commands: Commands, language: Language) -> None:
    summary = Text("build the site into the output folder (public/)")
    build = add_command(commands, "build", summary, _build, language)
    build.add_argument(
        "--strict",
        action="store_true",
        help=language(Text("fail on compliance warnings too (a missing mandatory fact, a stand-in banner)")),
    )


def _build(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    result = recorded_build(site_dir, arguments.strict) or _built(site_dir, arguments.strict)
    print(format_build(result, site_dir, language))
    if result.notices:  # the site is built; these only say what the next build will do
        print(f"\n{format_problems(result.notices, site_dir, language)}", file=sys.stderr)
    return 0


def _built(site_dir: Path, strict: bool) -> BuildResult:
    """A build's work: its machinery is imported only now, when there is work (start-up time)."""
    from infoblokk.site import build_site

    return build_site(site_dir, strict=strict)
