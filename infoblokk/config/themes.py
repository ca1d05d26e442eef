"""Themes as data: template folders in lookup order, static files, and labels per language.

Templates are found in one documented order, first match wins:

    1. the site's own `templates/` folder (overrides, next to site_config.toml)
    2. the theme's `templates/`  (themes/<name>/)
    3. its parent theme's, and so on (`parent = "…"` in theme.toml)
    4. templates built into infoblokk (the funding banner partial)

A theme is looked for in the site's `themes/` first, then among the themes that ship inside
infoblokk (`BUILT_IN_THEMES`: the default theme), so a site needs no theme of its own and a
site's `themes/default/` replaces the built-in one.

`theme.toml` and the label files are validated by schemas, like the configuration: unknown
keys are errors with a "did you mean" hint (`ThemeFile` here, `Labels` in labels.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from infoblokk.config.labels import read_labels
from infoblokk.config.schema import did_you_mean, read_toml, toml_line, validate
from infoblokk.errors import BuildFailed, Problem
from infoblokk.layout import (
    CONFIG_FILE,
    LABELS_FOLDER,
    STATIC_FOLDER,
    TEMPLATES_FOLDER,
    THEME_FILE,
    THEMES_FOLDER,
    SiteFolders,
)
from infoblokk.messages import Text

MAX_THEME_DEPTH = 5
BUILT_IN_THEMES = Path(__file__).resolve().parent.parent / THEMES_FOLDER
"""The themes that ship inside the package: `infoblokk/themes/default/`."""


class ThemeFile(BaseModel):
    """`theme.toml`: what a theme says about itself. Every key may be left out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    parent: str | None = None
    """The theme this one builds on, a folder under themes/: it gives what this one leaves out."""
    name: str = ""
    """The theme's name, for people reading the file (infoblokk knows a theme by its folder)."""
    description: str = ""
    """One sentence about the theme, for people reading the file."""


_THEME_HINTS = {
    "parent": Text('the folder name of another theme under themes/, e.g. parent = "default"'),
    "name": Text('the theme\'s name, in quotes: name = "…"'),
    "description": Text('one sentence in quotes: description = "…"'),
}

_THEME_NOTE = Text("theme.toml takes parent, name and description.")


@dataclass(frozen=True)
class Theme:
    """A theme and its ancestors, nearest first."""

    name: str
    folders: tuple[Path, ...]  # this theme's folder, then its parent's, …

    @property
    def template_folders(self) -> tuple[Path, ...]:
        return tuple(f / TEMPLATES_FOLDER for f in self.folders if (f / TEMPLATES_FOLDER).is_dir())

    @property
    def static_folders(self) -> tuple[Path, ...]:
        """Parents first, so that a child theme's file replaces its parent's."""
        return tuple(f / STATIC_FOLDER for f in reversed(self.folders) if (f / STATIC_FOLDER).is_dir())

    def labels(self, language: str) -> Mapping[str, Any]:
        """The interface texts of one language; a child theme's keys replace its parent's."""
        paths = [folder / LABELS_FOLDER / f"{language}.toml" for folder in reversed(self.folders)]
        found = [path for path in paths if path.is_file()]
        if not found:
            raise BuildFailed(
                (
                    Problem(
                        Text(
                            "the theme '{name}' has no labels for '{language}'",
                            name=self.name,
                            language=language,
                        ),
                        self.folders[0] / LABELS_FOLDER,
                        hint=Text("add labels/{language}.toml to the theme", language=language),
                    ),
                )
            )
        return read_labels(found, language)


def load_theme(site_dir: Path, name: str) -> Theme:
    """Find a theme under `themes/` and its parents; BuildFailed if one is missing or a theme.toml wrong."""
    folders: list[Path] = []
    current: str | None = name
    named_in, key = site_dir / CONFIG_FILE, "theme"  # the file and key naming the theme looked for
    while current:
        folder = _theme_folder(site_dir, current)
        if folder is None:
            raise BuildFailed((_missing_theme(site_dir, current, named_in, key),))
        if folder in folders or len(folders) >= MAX_THEME_DEPTH:
            raise BuildFailed(
                (
                    Problem(
                        Text("themes name each other as parents in a loop"),
                        folder / THEME_FILE,
                        hint=Text("remove one 'parent' line"),
                    ),
                )
            )
        folders.append(folder)
        current = _parent_of(folder)
        named_in, key = folder / THEME_FILE, "parent"
    return Theme(name, tuple(folders))


def _theme_folder(site_dir: Path, name: str) -> Path | None:
    """The site's own theme of this name, else the built-in one, else None."""
    for folder in (site_dir / THEMES_FOLDER / name, BUILT_IN_THEMES / name):
        if (folder / TEMPLATES_FOLDER).is_dir() or (folder / THEME_FILE).is_file():
            return folder
    return None


def built_in_themes() -> list[str]:
    """The names of the themes that ship inside infoblokk."""
    return sorted(p.name for p in BUILT_IN_THEMES.iterdir() if p.is_dir())


def _parent_of(folder: Path) -> str | None:
    """The parent named in the theme's theme.toml, if it has one; BuildFailed if the file is wrong."""
    path = folder / THEME_FILE
    if not path.is_file():
        return None
    file = read_toml(path)
    theme_file, problems = validate(ThemeFile, file.data, path, file.line_of, _THEME_HINTS, _THEME_NOTE)
    if theme_file is None:
        raise BuildFailed(problems)
    return theme_file.parent or None


def _missing_theme(site_dir: Path, name: str, named_in: Path, key: str) -> Problem:
    themes_dir = SiteFolders(site_dir).themes
    own = [p.name for p in themes_dir.iterdir() if p.is_dir()] if themes_dir.is_dir() else []
    known = sorted({*own, *built_in_themes()})
    guess = did_you_mean(name, known)
    hint = (
        Text("did you mean '{guess}'?", guess=guess)
        if guess
        else Text("themes here: {themes}", themes=", ".join(known))  # never empty: infoblokk's own
    )
    missing = Text(
        "there is no theme '{name}', neither in the site's themes/ nor among infoblokk's own", name=name
    )
    return Problem(missing, named_in, _key_line(named_in, key), hint)


def _key_line(path: Path, key: str) -> int | None:
    try:
        return toml_line(path.read_text(encoding="utf-8"), (key,))
    except (OSError, UnicodeDecodeError):
        return None
