"""The command line: `build`, `check`, `obligations`, `new`, `init`, `import` and `serve`, each with --help.

`InfoblokkError` is caught here and printed as the user's problems (exit code 1). Any other
exception is a bug in infoblokk: the user reads one short paragraph saying so, where its
traceback was saved (a file in the site's `.infoblokk-cache/`, else in the system's temporary
folder) and how to report it, and the exit code is 2 (as for a command line infoblokk cannot
understand: either way, nothing about the site is to blame). Ctrl+C stops with exit code 130.

The modules, one per command group; each adds its commands to the parser and imports the
machinery of a command only when that command runs, so that starting up (and a build with
nothing to do) costs no more than the command needs:

parsing    the parser in the user's language (usage, headings, errors) and the options every
           command shares (--site, --lang)
build      `build`: the last build's report at once when nothing changed, else a build
check      `check` and `obligations`
new        `new` (a content file, or a project's two press releases) and `init` (a new site)
importing  `import page` and `import list`
serve      `serve`
crash      what the user reads about a bug in infoblokk, and its traceback saved to a file
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from infoblokk.cli import build, check, crash, importing, new, serve
from infoblokk.cli.parsing import Parser
from infoblokk.config.language import site_language
from infoblokk.errors import InfoblokkError
from infoblokk.layout import DEFAULT_OUTPUT_FOLDER
from infoblokk.messages import Language, Text, choose_language, load_language
from infoblokk.report import format_failure

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
        print(language(crash.bug_note(error, site_dir, given)), file=sys.stderr)
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


def _names_a_command(words: list[str]) -> bool:
    """`python build.py` alone (or with build's options) means `build`; a command comes first."""
    return bool(words) and words[0] in (*COMMANDS, "-h", "--help")


def _parser(language: Language) -> argparse.ArgumentParser:
    parser = Parser(
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
    build.add_commands(commands, language)
    check.add_commands(commands, language)
    new.add_commands(commands, language)
    importing.add_commands(commands, language)
    serve.add_commands(commands, language)
    return parser


def _output_name(site_dir: Path) -> str:
    """The output folder's name, for the reassurance that it was not changed."""
    from infoblokk.config.settings import load_config  # here: only a failed command needs it (start-up time)

    try:
        return load_config(site_dir).output_dir
    except InfoblokkError:
        return DEFAULT_OUTPUT_FOLDER
