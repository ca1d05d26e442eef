"""Where things are: the folders of a site, and the fixed addresses of the site it builds.

The folders of a site (the folder holding `site_config.toml`), as `SiteFolders` names them:

    site_config.toml   CONFIG_FILE
    content/           projects/, news/, pages/ (one kind each: KIND_FOLDERS) and static/
    themes/<name>/     templates/, static/, labels/<language>.toml, theme.toml
    templates/         the site's own template overrides
    .infoblokk-cache/  what a rebuild reuses: state.json, images/, cards/, search/; and spool/,
                       where a build's pages wait to be written
    public/            the built site (`output_dir` in site_config.toml)

The addresses of the built site: the sections and lists are named in the site's language
(SECTION_FOLDERS, LIST_FOLDERS); the search page, the feeds and infoblokk's own folders
(BANNER_FOLDER, PHOTO_FOLDER, SEARCH_FOLDER) have fixed places.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

# --------------------------------------------------------------------------
# The site's folders
# --------------------------------------------------------------------------

CONFIG_FILE = "site_config.toml"
CONTENT_FOLDER = "content"
STATIC_FOLDER = "static"  # inside content/ and inside a theme
THEMES_FOLDER = "themes"
TEMPLATES_FOLDER = "templates"  # the site's overrides, and inside a theme
LABELS_FOLDER = "labels"  # inside a theme
THEME_FILE = "theme.toml"  # inside a theme
CACHE_FOLDER = ".infoblokk-cache"
DEFAULT_OUTPUT_FOLDER = "public"
KIND_FOLDERS: Mapping[str, str] = MappingProxyType({"projects": "project", "news": "news", "pages": "page"})
FOLDER_OF_KIND: Mapping[str, str] = MappingProxyType({kind: folder for folder, kind in KIND_FOLDERS.items()})
SOURCE_NAMES = (CONTENT_FOLDER, THEMES_FOLDER, TEMPLATES_FOLDER, CACHE_FOLDER, ".git", CONFIG_FILE)
"""What a site folder holds besides its output: never a place to build into."""


@dataclass(frozen=True)
class SiteFolders:
    """The folders of one site, by what they hold."""

    site_dir: Path

    @property
    def config_file(self) -> Path:
        return self.site_dir / CONFIG_FILE

    @property
    def content(self) -> Path:
        return self.site_dir / CONTENT_FOLDER

    @property
    def static(self) -> Path:
        """The site's own static files (photos, the official banner artwork)."""
        return self.content / STATIC_FOLDER

    @property
    def themes(self) -> Path:
        return self.site_dir / THEMES_FOLDER

    @property
    def templates(self) -> Path:
        """The site's own template overrides."""
        return self.site_dir / TEMPLATES_FOLDER

    @property
    def cache(self) -> Path:
        return self.site_dir / CACHE_FOLDER

    def path_in_site(self, path: str) -> str:
        """A file's path by where it is in the site folder (`content/projects/a.md`) when it is
        in it, else as it is: kept so, it holds in a copy of the site in another folder.
        Compared as text, which `Path` writes one way (no doubled or trailing separator, no `.`
        part): a large site's content files need no `Path.relative_to` each (0.4 s at 10,000)."""
        prefix = self._prefix
        return path[len(prefix) :] if path.startswith(prefix) else path

    def path_from_site(self, path: str) -> str:
        """The whole path of a path `path_in_site` gave (one outside the site stays as it is)."""
        return path if os.path.isabs(path) else self._prefix + path

    @property
    def _prefix(self) -> str:
        inside = str(self.site_dir)
        return inside if inside.endswith(os.sep) else inside + os.sep  # the root folder ends with one

    @property
    def spool(self) -> Path:
        """Where a build's pages wait until they are written (see `output.Spool`)."""
        return self.cache / "spool"

    def output(self, output_dir: str = DEFAULT_OUTPUT_FOLDER) -> Path:
        return self.site_dir / output_dir


# --------------------------------------------------------------------------
# The built site's addresses
# --------------------------------------------------------------------------

BANNER_FOLDER = "_infoblokk"  # the banner artwork: the stand-in, or the official file made web-ready
PHOTO_FOLDER = "_kepek"  # smaller copies of the photos that bodies show
SEARCH_FOLDER = "pagefind"  # the search index
FEED_NAME = "atom.xml"
SOCIAL_CARD_NAME = "kozossegi-kartya.png"  # beside each project's and news item's page
SOCIAL_CARD_SIZE = (1200, 630)  # the size Open Graph and X (Twitter) show large

SECTION_FOLDERS: Mapping[str, Mapping[str, str]] = {
    "hu": {"project": "projektek", "news": "hirek"},
    "en": {"project": "projects", "news": "news"},
    "ro": {"project": "proiecte", "news": "stiri"},
}
# Folders of the project lists (by county, programme, …, and page numbers), per language.
LIST_FOLDERS: Mapping[str, Mapping[str, str]] = {
    "hu": {
        "county": "megye",
        "programme": "program",
        "fund": "alap",
        "status": "allapot",
        "tag": "cimke",
        "page": "oldal",
    },
    "en": {
        "county": "county",
        "programme": "programme",
        "fund": "fund",
        "status": "status",
        "tag": "tag",
        "page": "page",
    },
    "ro": {
        "county": "judet",
        "programme": "program",
        "fund": "fond",
        "status": "stare",
        "tag": "eticheta",
        "page": "pagina",
    },
}
SEARCH_URLS: Mapping[str, str] = {"hu": "kereses/", "en": "search/", "ro": "cautare/"}
ACCESSIBILITY_URLS: Mapping[str, str] = {
    "hu": "akadalymentesitesi-nyilatkozat/",
    "en": "accessibility-statement/",
    "ro": "declaratie-de-accesibilitate/",
}
"""The accessibility statement's page, made from `[accessibility]` in site_config.toml."""
RESERVED_NAMES = frozenset(
    {"404", "index", STATIC_FOLDER, BANNER_FOLDER}
    | {folder for folders in SECTION_FOLDERS.values() for folder in folders.values()}
    | {url.rstrip("/") for url in SEARCH_URLS.values()}
    | {SEARCH_FOLDER}
)
"""Slugs a page may not take: they are the site's own addresses."""


def search_url(language: str) -> str:
    """The site URL of the search page in a site's language: `kereses/` for Hungarian."""
    return SEARCH_URLS[language]


def news_feed_path(language: str) -> str:
    """Where the site's news feed is written: `hirek/atom.xml`."""
    return f"{SECTION_FOLDERS[language]['news']}/{FEED_NAME}"


def social_card_path(page_url: str) -> str:
    """Where the social card of a project or news item is written, beside its page."""
    return f"{page_url}{SOCIAL_CARD_NAME}"


def project_feed_path(project_url: str) -> str:
    """Where the feed of one project's news is written, beside its page."""
    return f"{project_url}{FEED_NAME}"
