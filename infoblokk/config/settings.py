"""Stage 1: read `site_config.toml` into a typed, validated, immutable `SiteConfig`.

Every key is documented here (the README's configuration reference mirrors this file) and
unknown keys are errors with a "did you mean" hint: a typo in a funding setting must never be
silently ignored.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from infoblokk.config.extensions import extension_problems
from infoblokk.config.schema import toml_line, toml_problem, validate
from infoblokk.errors import BuildFailed, Problem
from infoblokk.layout import CONFIG_FILE, DEFAULT_OUTPUT_FOLDER, SOURCE_NAMES
from infoblokk.messages import Text

LANGUAGES = ("hu", "en", "ro")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BannerSettings(_Strict):
    """`[banner]`: the funding banner shown on pages that are not about one project."""

    profile: str = "szechenyi2020"
    """Banner profile: szechenyi2020, szechenyi-terv-plusz, eu-generic, eea-norway-grants."""
    fund: str | None = "ESZA"
    """Fund of the site-wide banner (ESZA, ERFA, KA, ESZA+) where the profile names one."""
    image: str | None = None
    """Official artwork for every banner, a path inside `content/static/`."""
    images: dict[str, str] = Field(default_factory=dict)
    """Official artwork per banner, e.g. "szechenyi2020-erfa" = "infoblokk_ERFA.jpg"."""


class MarkdownSettings(_Strict):
    """`[markdown]`: extra Python-Markdown extensions, by name (checked in `extensions`)."""

    extensions: tuple[str, ...] = ()


class SiteConfig(_Strict):
    """The whole of `site_config.toml`."""

    title: str
    """The site's name, shown in the header and the browser tab."""
    description: str = ""
    """One sentence about the site, for the home page's meta description."""
    publisher: str = ""
    """Who publishes the site (shown in the footer)."""
    base_url: str = "https://example.org/"
    """Where the site will live; used only where a standard needs absolute URLs."""
    language: Literal["hu", "en", "ro"] = "hu"
    """Language of the interface and of number and date formats."""
    theme: str = "default"
    """A folder under `themes/`."""
    output_dir: str = DEFAULT_OUTPUT_FOLDER
    """Where `build` writes the site, relative to this file."""
    currency: str = "HUF"
    """Currency of grant amounts that do not name one (ISO 4217)."""
    number_style: Literal["standard", "legacy"] = "standard"
    """standard: 75 000 000 Ft, 2020. december 31.; legacy: 75.000.000,- Ft, 2020.12.31."""
    date_format: Literal["long", "short"] = "long"
    """long: 2020. december 31.; short: 2020. 12. 31."""
    page_size: int = Field(default=20, ge=1, le=1000)
    """How many projects or news items a list shows on one page."""
    banner: BannerSettings = Field(default_factory=BannerSettings)
    markdown: MarkdownSettings = Field(default_factory=MarkdownSettings)

    @field_validator("base_url")
    @classmethod
    def _absolute_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/]+", value):
            raise ValueError(
                Text("'{value}' is not an absolute web address; write e.g. https://example.org/", value=value)
            )
        return value if value.endswith("/") else value + "/"

    @field_validator("currency")
    @classmethod
    def _currency_code(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{3}", value):
            raise ValueError(
                Text("'{value}' is not a three-letter currency code such as HUF, EUR or RON", value=value)
            )
        return value

    @field_validator("output_dir")
    @classmethod
    def _plain_folder(cls, value: str) -> str:
        parts = Path(value).parts
        if not parts or Path(value).is_absolute() or ".." in parts or value.strip() in ("", "."):
            raise ValueError(Text("'{value}' must be a folder inside the site, such as public", value=value))
        if any(c in '<>:"|?*' or ord(c) < 32 for c in value):  # no folder name anywhere has these
            raise ValueError(
                Text("'{value}' has characters a folder name cannot have; write e.g. public", value=value)
            )
        if parts[0] in SOURCE_NAMES:
            # Each build replaces the output folder: pointing it at the sources would delete them.
            raise ValueError(
                Text(
                    "'{value}' holds the site's own sources; the output needs a folder of its own",
                    value=value,
                )
            )
        return value


_HINTS = {
    "title": Text('write the site\'s name, e.g. title = "Somogy Megyei Önkormányzat – EU-projektek"'),
    "language": Text("one of: hu, en, ro"),
    "number_style": Text("standard (75 000 000 Ft) or legacy (75.000.000,- Ft)"),
    "date_format": Text("long (2020. december 31.) or short (2020. 12. 31.)"),
    "base_url": Text("the address of the published site, e.g. https://www.somogy.hu/efop/"),
    "page_size": Text("a whole number from 1 to 1000, e.g. page_size = 20"),
    "output_dir": Text('a folder of its own inside the site, e.g. output_dir = "public"'),
    "currency": Text('an ISO 4217 code in capitals, e.g. currency = "HUF"'),
    "theme": Text('a folder under themes/, e.g. theme = "default"'),
    "banner.profile": Text("szechenyi2020, szechenyi-terv-plusz, eu-generic or eea-norway-grants"),
    "banner.fund": Text("ESZA, ERFA, KA or ESZA+ (szechenyi2020 takes ESZA, ERFA or KA)"),
    "banner": Text("see the [banner] section of the configuration reference in README.md"),
    "markdown": Text('a list of Python-Markdown extension names, e.g. extensions = ["abbr"]'),
}


def load_config(site_dir: Path) -> SiteConfig:
    """Read and validate the site's configuration; raise BuildFailed with every problem."""
    path = site_dir / CONFIG_FILE
    text = _read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BuildFailed((toml_problem(path, error),)) from None
    config, problems = validate(
        SiteConfig,
        data,
        path,
        lambda loc: toml_line(text, loc),
        _HINTS,
        Text("See the configuration reference in README.md."),
    )
    if problems:
        raise BuildFailed(problems)
    assert isinstance(config, SiteConfig)
    line = toml_line(text, ("markdown", "extensions"))
    problems = extension_problems(config.markdown.extensions, path, line)
    if problems:
        raise BuildFailed(problems)
    return config


_CONFIG_FILE_HINT = Text("the example site's site_config.toml is a good start")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BuildFailed(
            (
                Problem(
                    Text("no {file} here", file=CONFIG_FILE),
                    path,
                    hint=Text("run infoblokk from the site's folder (the one holding site_config.toml)"),
                ),
            )
        ) from None
    except IsADirectoryError:
        what = Text("{file} is a folder", file=CONFIG_FILE)
        hint = Text("rename the folder, and put the configuration file in its place")
        raise BuildFailed(
            (Problem(what, path, hint=Text("{hint} ({note})", hint=hint, note=_CONFIG_FILE_HINT)),)
        ) from None
    except OSError as error:
        what = Text("{file} cannot be read: {reason}", file=CONFIG_FILE, reason=error.strerror or error)
        hint = Text("check that you may read the file")
        raise BuildFailed(
            (Problem(what, path, hint=Text("{hint} ({note})", hint=hint, note=_CONFIG_FILE_HINT)),)
        ) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise BuildFailed(
            (
                Problem(
                    Text("the file is not UTF-8 text"),
                    path,
                    line,
                    Text("save it as UTF-8 in your editor"),
                ),
            )
        ) from None


def config_line(path: Path, location: tuple[str, ...]) -> int | None:
    """The line of a key in the configuration file at `path`, if it can be read."""
    try:
        return toml_line(path.read_text(encoding="utf-8"), location)
    except (OSError, UnicodeDecodeError):
        return None


def site_language(site_dir: Path) -> str | None:
    """The `language` a site's configuration names, read leniently (before any validation).

    The command line speaks this language, also while the configuration has other problems
    to report; None when there is no readable configuration (or it names no known language).
    """
    try:
        data = tomllib.loads((site_dir / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    language = data.get("language", SiteConfig.model_fields["language"].default)
    return language if language in LANGUAGES else None
