"""The site's language, read before anything is validated: the command line speaks it from the start.

It reads only the TOML file (no schema, no validation), so that finding the language costs
nothing at start-up.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Final

from infoblokk.layout import CONFIG_FILE
from infoblokk.messages import LANGUAGES

DEFAULT_LANGUAGE: Final = "hu"
"""A site's language when its configuration names none."""


def site_language(site_dir: Path) -> str | None:
    """The `language` a site's configuration names, read leniently (before any validation).

    The command line speaks this language, also while the configuration has other problems
    to report; None when there is no readable configuration (or it names no known language).
    """
    try:
        data = tomllib.loads((site_dir / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    language = data.get("language", DEFAULT_LANGUAGE)
    return language if language in LANGUAGES else None
