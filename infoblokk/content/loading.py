"""The whole site read and validated: configuration, theme, content and static files.

`load_site` is the first half of every build and of `check`: it reads `site_config.toml`,
the theme, every content file (parsing again only what changed, given what was read
before) and the static files, and validates them into one `LoadedSite`, or raises
`BuildFailed` with every error found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from infoblokk.banner.profiles import load_profiles
from infoblokk.config.settings import SiteConfig, load_config
from infoblokk.config.themes import Theme, load_theme
from infoblokk.content.model import SiteModel
from infoblokk.content.sources import KnownSources, SourceFile, files_below, read_sources_again
from infoblokk.content.validate import build_model
from infoblokk.errors import BuildFailed, errors_only
from infoblokk.layout import SiteFolders
from infoblokk.output import StaticCopy


@dataclass(frozen=True)
class LoadedSite:
    """A site read and validated, ready to render."""

    site_dir: Path
    config: SiteConfig
    theme: Theme
    model: SiteModel
    static: tuple[StaticCopy, ...]
    sources: Mapping[Path, tuple[str, SourceFile]] = field(default_factory=dict, repr=False)

    @property
    def folders(self) -> SiteFolders:
        return SiteFolders(self.site_dir)

    @property
    def content_dir(self) -> Path:
        return self.folders.content

    @property
    def static_dir(self) -> Path:
        return self.folders.static

    @property
    def output_dir(self) -> Path:
        return self.folders.output(self.config.output_dir)


def load_site(site_dir: Path, known: KnownSources | None = None) -> LoadedSite:
    """Read config, theme and content; raise BuildFailed with every error found.

    `known` is what an earlier build read (`LoadedSite.sources`): files unchanged since are
    not parsed again.
    """
    folders = SiteFolders(site_dir)
    config = load_config(site_dir)
    theme = load_theme(site_dir, config.theme)
    sources, read_problems, index = read_sources_again(folders.content, known or {})
    static = static_copies(theme, folders.static)
    static_names = [
        copy.source_path.relative_to(folders.static).as_posix()
        for copy in static
        if copy.source_path.is_relative_to(folders.static)
    ]
    model = build_model(sources, config, load_profiles(), static_names, folders.config_file)
    problems = (*read_problems, *model.problems)
    if errors_only(problems):
        raise BuildFailed(problems)
    return LoadedSite(site_dir, config, theme, model, static, index)


def static_copies(theme: Theme, static_dir: Path) -> tuple[StaticCopy, ...]:
    """Theme files first, then the site's own: a site file replaces a theme file of the same name."""
    chosen: dict[PurePosixPath, Path] = {}
    for folder in (*theme.static_folders, static_dir):
        for path in files_below(folder):
            chosen[PurePosixPath(path.relative_to(folder).as_posix())] = path
    return tuple(StaticCopy(source, path) for path, source in sorted(chosen.items()))
