"""Themes as data: template folders in lookup order, static files, and labels per language.

Templates are found in one documented order, first match wins:

    1. the site's own `templates/` folder (overrides, next to site_config.toml)
    2. the theme's `templates/`  (themes/<name>/)
    3. its parent theme's, and so on (`parent = "…"` in theme.toml)
    4. templates built into infoblokk (the funding banner partial)
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from infoblokk.config.schema import did_you_mean
from infoblokk.config.settings import toml_line
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

MAX_THEME_DEPTH = 5


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
        merged: dict[str, Any] = {}
        for folder in reversed(self.folders):
            path = folder / LABELS_FOLDER / f"{language}.toml"
            if path.is_file():
                _merge(merged, _read_toml(path))
        if not merged:
            raise BuildFailed(
                (
                    Problem(
                        f"the theme '{self.name}' has no labels for '{language}'",
                        self.folders[0] / LABELS_FOLDER,
                        hint=f"add labels/{language}.toml to the theme",
                    ),
                )
            )
        return _frozen(merged)


def load_theme(site_dir: Path, name: str) -> Theme:
    """Find a theme under `themes/` and its parents; raise BuildFailed if one is missing."""
    folders: list[Path] = []
    current: str | None = name
    while current:
        folder = site_dir / THEMES_FOLDER / current
        if not (folder / TEMPLATES_FOLDER).is_dir() and not (folder / THEME_FILE).is_file():
            raise BuildFailed((_missing_theme(site_dir, current),))
        if folder in folders or len(folders) >= MAX_THEME_DEPTH:
            raise BuildFailed(
                (
                    Problem(
                        "themes name each other as parents in a loop",
                        folder / THEME_FILE,
                        hint="remove one 'parent' line",
                    ),
                )
            )
        folders.append(folder)
        current = _parent_of(folder)
    return Theme(name, tuple(folders))


def _parent_of(folder: Path) -> str | None:
    path = folder / THEME_FILE
    if not path.is_file():
        return None
    parent = _read_toml(path).get("parent")
    return str(parent) if parent else None


def _missing_theme(site_dir: Path, name: str) -> Problem:
    themes_dir = SiteFolders(site_dir).themes
    known = sorted(p.name for p in themes_dir.iterdir() if p.is_dir()) if themes_dir.is_dir() else []
    guess = did_you_mean(name, known)
    hint = f"did you mean '{guess}'?" if guess else f"themes here: {', '.join(known) or 'none'}"
    config_path = site_dir / CONFIG_FILE
    return Problem(f"there is no theme '{name}' in themes/", config_path, _theme_line(config_path), hint)


def _theme_line(config_path: Path) -> int | None:
    try:
        return toml_line(config_path.read_text(encoding="utf-8"), ("theme",))
    except (OSError, UnicodeDecodeError):
        return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise BuildFailed(
            (Problem(f"this theme file cannot be read: {error}", path, hint="fix the TOML syntax"),)
        ) from None


def _merge(into: dict[str, Any], new: Mapping[str, Any]) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _frozen(data: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType({k: _frozen(v) if isinstance(v, Mapping) else v for k, v in data.items()})
