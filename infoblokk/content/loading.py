"""The whole site read and validated: configuration, theme, content and static files.

`load_site` is the first half of every build and of `check`: it reads `site_config.toml`,
the theme, every content file (parsing and validating again only what changed, given what
was kept before: see `kept`) and the static files, and validates them into one `LoadedSite`,
or raises `BuildFailed` with every error found.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from infoblokk import __version__
from infoblokk.banner.profiles import load_profiles
from infoblokk.config.settings import SiteConfig, load_config
from infoblokk.config.themes import Theme, load_theme
from infoblokk.content.filenames import name_problem
from infoblokk.content.kept import KeptFile, StoredFile, kept_files, validation_context, validation_key
from infoblokk.content.key_lines import KeyShapes
from infoblokk.content.model import SiteModel
from infoblokk.content.sources import SourceFile, list_sources, read_listed
from infoblokk.content.validate import validate_site
from infoblokk.content.walk import find_files
from infoblokk.errors import BuildFailed, Problem, errors_only
from infoblokk.layout import KIND_FOLDERS, SiteFolders
from infoblokk.messages import Text
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
    kept: Mapping[Path, KeptFile] = field(default_factory=dict, repr=False)  # for the next build

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

    def item_keys(self) -> dict[str, str]:
        """Everything the item of each content file was made of, by its path (see `kept`)."""
        return {str(path): kept.key for path, kept in self.kept.items()}


def load_site(site_dir: Path, known: Mapping[str, StoredFile] | None = None) -> LoadedSite:
    """Read config, theme and content; raise BuildFailed with every error found.

    `known` is what an earlier build kept (`LoadedSite.kept`, as the state holds it): files
    unchanged since are not read again, nor validated again when nothing else validation reads
    has changed either.
    """
    folders = SiteFolders(site_dir)
    config = load_config(site_dir)
    theme = load_theme(site_dir, config.theme)
    profiles = load_profiles()
    static, static_problems = static_copies(theme, folders.static)
    context = validation_context(__version__, config, _signatures(static), profiles)
    listed, list_problems = list_sources(folders.content)
    shapes = KeyShapes()  # of the files' keys, shared by those kept and those read (see `key_lines`)
    earlier = kept_files(known or {}, {file.path: file.signature for file in listed}, profiles, shapes)
    sources, read_problems, index = read_listed(
        listed, {path: (kept.signature, kept.source) for path, kept in earlier.items()}, shapes
    )
    read_problems = (*list_problems, *read_problems)
    keys = {path: validation_key(context, signature) for path, (signature, _) in index.items()}
    static_names = [
        copy.source_path.relative_to(folders.static).as_posix()
        for copy in static
        if copy.source_path.is_relative_to(folders.static)
    ]
    unread_projects = [
        p.path for p in read_problems if p.path and _kind_of(p.path, folders.content) == "project"
    ]
    valid_before = {
        path: kept.validated
        for path, kept in earlier.items()
        if kept.validated is not None and kept.key == keys.get(path) and index[path][1] is kept.source
    }
    model, validated = validate_site(
        sources,
        config,
        profiles,
        static_names,
        folders.config_file,
        folders.static,
        unread_projects,
        valid_before,
    )
    problems = (*read_problems, *static_problems, *model.problems)
    if errors_only(problems):
        raise BuildFailed(problems)
    kept = {
        path: KeptFile(
            signature,
            keys[path],
            source,
            validated.get(path),
            _as_stored(earlier.get(path), source, keys[path]),
        )
        for path, (signature, source) in index.items()
    }
    return LoadedSite(site_dir, config, theme, model, static, index, kept)


def _as_stored(earlier: KeptFile | None, source: SourceFile, key: str) -> bool:
    """The file as the state keeps it already: read from there, and made of the same."""
    return earlier is not None and earlier.source is source and earlier.key == key


def _signatures(static: Iterable[StaticCopy]) -> list[tuple[str, str]]:
    """Each static file's site path and signature ("gone" when it has gone since it was found:
    the writer says so)."""
    found = []
    for copy in static:
        try:
            found.append((copy.path.as_posix(), copy.signature()))
        except OSError:
            found.append((copy.path.as_posix(), "gone"))
    return found


def _kind_of(path: Path, content_dir: Path) -> str | None:
    """The kind of content a file in `content_dir` is, by its folder."""
    if not path.is_relative_to(content_dir) or path == content_dir:
        return None
    return KIND_FOLDERS.get(path.relative_to(content_dir).parts[0])


def static_copies(theme: Theme, static_dir: Path) -> tuple[tuple[StaticCopy, ...], tuple[Problem, ...]]:
    """Theme files first, then the site's own: a site file replaces a theme file of the same name.

    Also the problems of what cannot be published: links that lead out of their folder, pipes
    and devices (see `walk`), and names that would not survive a copy to Windows.
    """
    chosen: dict[PurePosixPath, Path] = {}
    problems: list[Problem] = []
    for folder in (*theme.static_folders, static_dir):
        found = find_files(folder)
        problems.extend(found.problems)
        for path in found.files:
            chosen[PurePosixPath(path.relative_to(folder).as_posix())] = path
    problems.extend(_bad_names(chosen))
    copies = tuple(StaticCopy(source, path) for path, source in sorted(chosen.items()))
    return copies, tuple(problems)


def _bad_names(chosen: Mapping[PurePosixPath, Path]) -> Iterator[Problem]:
    for path, source in sorted(chosen.items()):
        reason = next(filter(None, map(name_problem, path.parts)), None)
        if reason:
            yield Problem(
                Text("this file cannot be published under its name: {reason}", reason=reason),
                source,
                hint=Text(
                    "rename the file (and its folders) to a short name of letters, digits and hyphens, "
                    "and change the links to it"
                ),
            )
