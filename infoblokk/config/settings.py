"""Stage 1: read `site_config.toml` into a typed, validated, immutable `SiteConfig`.

Every key is documented here (the README's configuration reference mirrors this file) and
unknown keys are errors with a "did you mean" hint: a typo in a funding setting must never be
silently ignored.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from infoblokk.config.extensions import extension_problems
from infoblokk.config.language import DEFAULT_LANGUAGE
from infoblokk.config.schema import toml_line, toml_problem, validate
from infoblokk.errors import BuildFailed, Problem
from infoblokk.layout import ACCESSIBILITY_URLS, CONFIG_FILE, DEFAULT_OUTPUT_FOLDER, SOURCE_NAMES
from infoblokk.messages import Text

LANGUAGES = ("hu", "en", "ro")
EXAMPLE_BASE_URL = "https://example.org/"
"""The default `base_url`: a site still at it would point its canonical links and sitemap there."""
DEFAULT_EUR_RATES: dict[str, Decimal] = {"HUF": Decimal(400), "RON": Decimal(5)}
"""Units of a currency to one euro where `[exchange_rates]` names none: round figures near the
rates of 2024–2025, enough to tell which side of a EUR threshold of the publicity rules a project
is on. The rate that counts is the one in the grant contract or the managing authority's: the
officer sets it in `[exchange_rates]`."""


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


def _email_address(value: str) -> str:
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError(Text("'{value}' is not an e-mail address", value=value))
    return value


EmailAddress = Annotated[str, AfterValidator(_email_address)]
"""An e-mail address someone reads, or "" for none."""


class AccessibilitySettings(_Strict):
    """`[accessibility]`: the accessibility statement (Directive (EU) 2016/2102), a page of its own
    written with the headings of the EU's model statement (Implementing Decision (EU) 2018/1523)."""

    status: Literal["fully", "partially", "not"]
    """How far the site complies with WCAG 2.1 AA (EN 301 549): fully, partially or not."""
    known_issues: tuple[str, ...] = ()
    """What is not accessible yet, one text each (say why, and what a visitor can do instead)."""
    email: EmailAddress = ""
    """Where visitors report what they cannot reach (an e-mail address someone reads)."""
    phone: str = ""
    """The same by phone, as it should be dialled: "+36 1 234 5678"."""
    enforcement_body: str
    """Who visitors may turn to when the answer does not satisfy them."""
    enforcement_url: str
    """That body's web page about complaints."""
    prepared: date | None = None
    """When the statement was first made (default: the last review)."""
    last_review: date
    """When the site was last checked against the statement; `check` warns after a year."""

    @field_validator("enforcement_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError(
                Text("'{value}' is not a web address; write it in full, starting with https://", value=value)
            )
        return value

    @model_validator(mode="after")
    def _complete(self) -> AccessibilitySettings:
        if not (self.email or self.phone):
            raise ValueError(Text("the statement needs a contact: an e-mail address, a phone number or both"))
        if self.status != "fully" and not self.known_issues:
            raise ValueError(
                Text(
                    "status = '{status}': list what is not accessible under known_issues", status=self.status
                )
            )
        return self


class PublicitySettings(_Strict):
    """`[publicity]`: which items of the publicity kit `build` makes besides the pages."""

    print_kit: bool = True
    """Each project's A3 poster, electronic display, billboard and plaque (`publicity`)."""
    social_cards: bool = True
    """Each project's and news item's social card, shown as og:image when a page is shared."""


class PressSettings(_Strict):
    """`[press]`: who answers the press; every press release ends with this contact line."""

    contact: str = Field(min_length=1)
    """The contact's name (and role, organisation), e.g. "Kovács Anna, kommunikációs referens"."""
    email: EmailAddress = ""
    """An e-mail address journalists can write to."""
    phone: str = ""
    """A phone number, as it should be dialled: "+36 1 234 5678"."""

    @model_validator(mode="after")
    def _reachable(self) -> PressSettings:
        if not (self.email or self.phone):
            raise ValueError(Text("the press contact needs an e-mail address, a phone number or both"))
        return self


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
    base_url: str = EXAMPLE_BASE_URL
    """Where the site will live; used only where a standard needs absolute URLs."""
    language: Literal["hu", "en", "ro"] = DEFAULT_LANGUAGE
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
    accessibility: AccessibilitySettings | None = None
    """The accessibility statement; without this table the site has none."""
    exchange_rates: dict[str, Decimal] = Field(default_factory=dict)
    """Units of each currency to one euro, e.g. HUF = 395.5: for the EUR thresholds of the
    publicity rules (`obligations`) and the exchange rate column of operations.csv."""

    def eur_rate(self, currency: str) -> Decimal | None:
        """Units of `currency` to one euro: the site's own rate, else the default; None if neither."""
        if currency == "EUR":
            return Decimal(1)
        return self.exchange_rates.get(currency, DEFAULT_EUR_RATES.get(currency))

    def own_eur_rate(self, currency: str) -> Decimal | None:
        """The rate the officer wrote in `[exchange_rates]` for `currency`, if any."""
        return self.exchange_rates.get(currency)

    press: PressSettings | None = None
    """The press contact that press releases show; needed once the site has a press release."""
    publicity: PublicitySettings = Field(default_factory=PublicitySettings)
    """Which printed items and social cards the build makes (all by default)."""

    @property
    def accessibility_url(self) -> str | None:
        """The site URL of the accessibility statement, if the site has one."""
        return ACCESSIBILITY_URLS[self.language] if self.accessibility else None

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

    @field_validator("exchange_rates")
    @classmethod
    def _rates(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        for currency, rate in value.items():
            if not re.fullmatch(r"[A-Z]{3}", currency):
                raise ValueError(
                    Text("'{value}' is not a three-letter currency code such as HUF or RON", value=currency)
                )
            if not rate.is_finite() or rate <= 0:
                raise ValueError(Text("the rate of {currency} must be a number above 0", currency=currency))
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
    "accessibility": Text("see [accessibility] in the configuration reference in README.md"),
    "exchange_rates": Text("units of the currency to one euro, e.g. HUF = 395.5 under [exchange_rates]"),
    "accessibility.status": Text('"fully", "partially" or "not" (compliant with WCAG 2.1 AA)'),
    "accessibility.known_issues": Text(
        'a list of texts: known_issues = ["A PDF-ek nem mind akadálymentesek."]'
    ),
    "accessibility.email": Text('an address someone reads, in quotes: email = "akadalymentesseg@…"'),
    "accessibility.phone": Text('a phone number in quotes, e.g. phone = "+36 82 123 456"'),
    "accessibility.enforcement_body": Text("the name of the body that handles complaints, in quotes"),
    "accessibility.enforcement_url": Text('its web page, e.g. enforcement_url = "https://www.ajbh.hu/"'),
    "accessibility.prepared": Text("a date without quotes: prepared = 2026-11-20"),
    "accessibility.last_review": Text("a date without quotes: last_review = 2026-11-20"),
    "press": Text("see [press] in the configuration reference in README.md"),
    "publicity.print_kit": Text("true or false: print_kit = false makes no posters, displays or plaques"),
    "publicity.social_cards": Text("true or false: social_cards = false makes no social cards"),
    "press.contact": Text('a name in quotes, e.g. contact = "Kovács Anna, kommunikációs referens"'),
    "press.email": Text('an address journalists can write to, in quotes: email = "sajto@…"'),
    "press.phone": Text('a phone number in quotes, e.g. phone = "+36 82 123 456"'),
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
