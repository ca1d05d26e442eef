"""The parser in the user's language, and the options every command shares."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeAlias

from infoblokk.messages import ENVIRONMENT_VARIABLE, LANGUAGES, Language, Text

Run = Callable[[argparse.Namespace, Path, Language], int]
"""What a command does: its parsed arguments, the site's folder, the user's language → exit code."""


class Parser(argparse.ArgumentParser):
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


Commands: TypeAlias = "argparse._SubParsersAction[Parser]"
"""What `add_subparsers` returns: where each command module adds its commands."""


def add_command(
    commands: Commands, name: str, summary: Text, run: Run, language: Language
) -> argparse.ArgumentParser:
    """A command run on a site: its summary, `--site` and `--lang`."""
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
    add_lang_option(command, language)
    command.set_defaults(run=run)
    return command


def add_lang_option(command: argparse.ArgumentParser, language: Language) -> None:
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
