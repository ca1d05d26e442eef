"""`serve`: build the site, serve it on this computer and reload the browser after every save."""

from __future__ import annotations

import argparse
from pathlib import Path

from infoblokk.cli.parsing import Commands, add_command
from infoblokk.messages import Language, Text


def add_commands(commands: Commands, language: Language) -> None:
    summary = Text("build the site, serve it on this computer and reload the browser after every save")
    serve = add_command(commands, "serve", summary, _serve, language)
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


def _serve(arguments: argparse.Namespace, site_dir: Path, language: Language) -> int:
    from infoblokk.serve.command import serve  # here: only `serve` loads the web server (start-up time)

    return serve(site_dir, arguments.host, arguments.port, arguments.open, language)


def _port(text: str, language: Language) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        message = Text("{text} is not a port number (1 to 65535)", text=repr(text))
        raise argparse.ArgumentTypeError(language(message))
    return int(text)
