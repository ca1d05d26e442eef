"""Funding banner ("infoblokk") profiles, and the banners chosen from them.

The profiles are data: one TOML file per profile in the ``data`` folder
shipped with the package, validated by a schema (:class:`ProfileFile`) like the
site's configuration. A :class:`Banner` is a profile with the project's
choices filled in (which fund, whether the funding rate is 100%). When the
site has no official artwork, :func:`infoblokk.banner.standin.standin_svg` draws a
stand-in from the profile's elements.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Annotated, Literal, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    field_validator,
)

from infoblokk.config.schema import read_toml, validate
from infoblokk.errors import BuildFailed, Problem
from infoblokk.messages import Text

FundCode = Literal["ESZA", "ERFA", "KA", "ESZA+"]
FUNDS: tuple[str, ...] = get_args(FundCode)
"""Fund codes a profile may allow."""

DEFAULT_LANGUAGE = "hu"
"""Every profile has texts in this language; other languages fall back to it."""

LinkTarget = Literal["project", "project-list", "none"]
LINK_TARGETS: tuple[str, ...] = get_args(LinkTarget)
"""Where a banner may link: the project's page, the project list, nowhere."""

MIN_WIDTH_PX = 150
"""The banner must be at least this wide on every page."""

REFLEX_BLUE = "#003399"

_PACKAGE = "infoblokk.banner"
_PROFILE_FOLDER = "data"
_ALT_PLACEHOLDERS = ("mark", "authority", "caption", "slogan", "fund")
_UNKNOWN_NOTE = Text("The keys of a profile are described in infoblokk/banner/profiles.py (ProfileFile).")


# --------------------------------------------------------------------------
# Profiles and banners
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileTexts:
    """The wording of one profile in one language, as written in the TOML.

    ``caption`` lines may contain ``{fund}``; ``alt`` is a template with the
    placeholders ``{mark}``, ``{authority}``, ``{caption}``, ``{slogan}`` and
    ``{fund}``. The slogan is stored in sentence case and drawn in capitals.
    """

    caption: tuple[str, ...]
    alt: str
    mark: str = ""
    authority: str = ""
    caption_full_rate: tuple[str, ...] = ()
    slogan: str = ""
    fund_names: tuple[tuple[str, str], ...] = ()
    press_statement: tuple[tuple[str, str], ...] = ()
    """The funding sentence of press releases, by fund code ("" for every fund)."""
    press_statement_full_rate: str = ""

    def fund_name(self, fund: str) -> str:
        """The fund's full name, or its code if the name is not known."""
        return dict(self.fund_names).get(fund, fund)

    def press_sentence(self, fund: str | None, full_rate: bool) -> str:
        """The sentence a press release ends with: the fund's own, else the one for every fund."""
        if full_rate and self.press_statement_full_rate:
            return self.press_statement_full_rate
        by_fund = dict(self.press_statement)
        return by_fund.get(fund or "", by_fund.get("", ""))


@dataclass(frozen=True)
class BannerProfile:
    """One kind of funding banner, loaded from a TOML file."""

    name: str
    description: str
    funds: tuple[str, ...]
    """Allowed fund codes; empty when the profile does not name a fund."""
    mandatory_fields: tuple[str, ...]
    link_target: str
    min_width_px: int
    display_width_px: int
    shows_eu_emblem: bool
    texts: tuple[tuple[str, ProfileTexts], ...]
    """(language, texts) pairs; the default language always comes first."""
    mark_colour: str = REFLEX_BLUE
    text_colour: str = REFLEX_BLUE

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(language for language, _ in self.texts)

    def texts_for(self, language: str) -> ProfileTexts:
        """Texts in ``language`` (``"en-GB"`` counts as ``"en"``), else in Hungarian."""
        by_language = dict(self.texts)
        found = by_language.get(_primary_language(language))
        return found if found is not None else by_language[DEFAULT_LANGUAGE]


@dataclass(frozen=True)
class Wording:
    """A banner's texts in one language, with the placeholders filled in."""

    mark: str
    authority: str
    caption: tuple[str, ...]
    slogan: str
    alt: str
    press_statement: str = ""  # the funding sentence of press releases


@dataclass(frozen=True)
class Banner:
    """A profile with the project's choices: the fund and the funding rate."""

    profile: BannerProfile
    fund: str | None
    full_rate: bool
    """True when the funding rate is 100% ("finanszírozásával" wording)."""

    @property
    def key(self) -> str:
        """Stable identifier, e.g. ``"szechenyi2020-esza"`` or ``"eu-generic"``."""
        if self.fund is None:
            return self.profile.name
        return f"{self.profile.name}-{self.fund.lower().replace('+', 'plus')}"

    def wording(self, language: str) -> Wording:
        """The texts in ``language`` (else Hungarian), fund and funding rate applied."""
        texts = self.profile.texts_for(language)
        fund_name = texts.fund_name(self.fund) if self.fund else ""
        lines = texts.caption_full_rate if self.full_rate else ()
        caption = tuple(line.replace("{fund}", fund_name) for line in lines or texts.caption)
        values = {
            "mark": texts.mark,
            "authority": texts.authority,
            "caption": ", ".join(caption),
            "slogan": texts.slogan,
            "fund": fund_name,
        }
        alt = texts.alt.format_map(values)
        press = texts.press_sentence(self.fund, self.full_rate).replace("{fund}", fund_name)
        return Wording(texts.mark, texts.authority, caption, texts.slogan, alt, press)

    def alt_text(self, language: str) -> str:
        """The accessible name: says it is the funding banner and reads its texts."""
        return self.wording(language).alt


def _primary_language(language: str) -> str:
    return language.strip().lower().replace("_", "-").split("-")[0]


# --------------------------------------------------------------------------
# The schema of a profile file
# --------------------------------------------------------------------------


def _colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise ValueError(Text("'{value}' is not a colour written as #RRGGBB", value=value))
    return value.upper()


def _alt_template(value: str) -> str:
    fields = {field for _, field, _, _ in string.Formatter().parse(value) if field is not None}
    unknown = sorted(fields - set(_ALT_PLACEHOLDERS))
    if unknown:
        named = ", ".join("{" + name + "}" for name in unknown)
        raise ValueError(Text("{named} is not one of the placeholders alt can use", named=named))
    return value


Colour = Annotated[str, AfterValidator(_colour)]
AltTemplate = Annotated[str, AfterValidator(_alt_template)]
Lines = Annotated[tuple[str, ...], Field(min_length=1)]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StyleTable(_Table):
    """`[style]`: the colours of the stand-in's programme mark and of its texts."""

    mark_colour: Colour = REFLEX_BLUE
    text_colour: Colour = REFLEX_BLUE


class FundNamesTable(_Table):
    """`[texts.<language>.fund_names]`: each fund's full name, by its code."""

    esza: str | None = Field(default=None, alias="ESZA")
    erfa: str | None = Field(default=None, alias="ERFA")
    ka: str | None = Field(default=None, alias="KA")
    esza_plus: str | None = Field(default=None, alias="ESZA+")

    def by_code(self) -> dict[str, str]:
        return self.model_dump(by_alias=True, exclude_none=True)


class TextsTable(_Table):
    """`[texts.<language>]`: the wording in one language; what it leaves out comes from Hungarian.

    `caption` lines may contain `{fund}`; `alt` may contain `{mark}`, `{authority}`,
    `{caption}`, `{slogan}` and `{fund}`. `press_statement` is the funding sentence press
    releases end with: one text (which may contain `{fund}`), or a table with one per fund
    code where the wording differs by fund (Hungarian articles: "az Európai…", "a Kohéziós…").
    """

    mark: str | None = None
    authority: str | None = None
    caption: Lines | None = None
    caption_full_rate: tuple[str, ...] | None = None
    slogan: str | None = None
    alt: AltTemplate | None = None
    fund_names: FundNamesTable = Field(default_factory=FundNamesTable)
    press_statement: str | FundNamesTable | None = None
    press_statement_full_rate: str | None = None


class HungarianTextsTable(TextsTable):
    """`[texts.hu]`: the wording the other languages fall back to, so it needs a caption and alt."""

    caption: Lines
    alt: AltTemplate


class TextsByLanguage(_Table):
    """`[texts]`: the wording per language of the site; Hungarian is required."""

    hu: HungarianTextsTable
    en: TextsTable | None = None
    ro: TextsTable | None = None

    def merged(self) -> tuple[tuple[str, ProfileTexts], ...]:
        """Texts per language, Hungarian first; keys missing in a language are taken from Hungarian."""
        given = {language: getattr(self, language) for language in type(self).model_fields}
        others = sorted(language for language in given if given[language] and language != DEFAULT_LANGUAGE)
        return tuple((language, _texts(self.hu, given[language])) for language in (DEFAULT_LANGUAGE, *others))


class ProfileFile(_Table):
    """A banner profile file, `data/<name>.toml`."""

    name: str
    description: str
    funds: tuple[FundCode, ...]
    mandatory_fields: tuple[str, ...]
    link_target: LinkTarget
    min_width_px: StrictInt = Field(ge=MIN_WIDTH_PX)
    display_width_px: StrictInt
    shows_eu_emblem: StrictBool
    style: StyleTable = Field(default_factory=StyleTable)
    texts: TextsByLanguage

    @field_validator("display_width_px")
    @classmethod
    def _not_below_the_minimum(cls, value: int, info: ValidationInfo) -> int:
        minimum = info.data.get("min_width_px")
        if isinstance(minimum, int) and value < minimum:
            raise ValueError(
                Text("{value} is less than min_width_px ({minimum})", value=value, minimum=minimum)
            )
        return value

    @field_validator("texts")
    @classmethod
    def _every_fund_named(cls, value: TextsByLanguage, info: ValidationInfo) -> TextsByLanguage:
        named = value.hu.fund_names.by_code()
        unnamed = [fund for fund in info.data.get("funds", ()) if fund not in named]
        if unnamed:
            raise ValueError(
                Text("[texts.hu.fund_names] lacks {funds}, a fund of 'funds'", funds=", ".join(unnamed))
            )
        return value

    def profile(self) -> BannerProfile:
        """The profile this file describes."""
        return BannerProfile(
            name=self.name,
            description=self.description,
            funds=self.funds,
            mandatory_fields=self.mandatory_fields,
            link_target=self.link_target,
            min_width_px=self.min_width_px,
            display_width_px=self.display_width_px,
            shows_eu_emblem=self.shows_eu_emblem,
            texts=self.texts.merged(),
            mark_colour=self.style.mark_colour,
            text_colour=self.style.text_colour,
        )


_Value = TypeVar("_Value")


def _texts(hungarian: HungarianTextsTable, own: TextsTable) -> ProfileTexts:
    """One language's texts, each key it leaves out taken from Hungarian."""
    return ProfileTexts(
        caption=_given(own.caption, hungarian.caption),
        alt=_given(own.alt, hungarian.alt),
        mark=_given(own.mark, _given(hungarian.mark, "")),
        authority=_given(own.authority, _given(hungarian.authority, "")),
        caption_full_rate=_given(own.caption_full_rate, _given(hungarian.caption_full_rate, ())),
        slogan=_given(own.slogan, _given(hungarian.slogan, "")),
        fund_names=tuple({**hungarian.fund_names.by_code(), **own.fund_names.by_code()}.items()),
        press_statement=_by_fund(_given(own.press_statement, hungarian.press_statement)),
        press_statement_full_rate=_given(
            own.press_statement_full_rate, _given(hungarian.press_statement_full_rate, "")
        ),
    )


def _by_fund(statement: str | FundNamesTable | None) -> tuple[tuple[str, str], ...]:
    """A press statement as (fund code, sentence) pairs; "" stands for every fund."""
    if statement is None:
        return ()
    if isinstance(statement, str):
        return (("", statement),)
    return tuple(statement.by_code().items())


def _given(value: _Value | None, fallback: _Value) -> _Value:
    """`value` if the file gives it (an empty text counts), else `fallback`."""
    return fallback if value is None else value


def _hints() -> dict[str, str]:
    """What each key of a profile file takes."""
    placeholders = ", ".join("{" + name + "}" for name in _ALT_PLACEHOLDERS)
    per_language = {
        "caption": Text(
            'a list of one or more lines, e.g. caption = ["Európai Unió", "{fund}"]', fund="{fund}"
        ),
        "caption_full_rate": Text("the caption when the EU funds 100%, a list of lines"),
        "alt": Text(
            "the text a screen reader reads, with these placeholders: {placeholders}",
            placeholders=placeholders,
        ),
        "fund_names": Text('the full name of each fund in funds, e.g. ESZA = "Európai Szociális Alap"'),
        "press_statement": Text(
            "the funding sentence of press releases: one text, or a table with one per fund (ESZA = …)"
        ),
        "press_statement_full_rate": Text("the funding sentence of press releases when the EU funds 100%"),
    }
    hints: dict[str, str] = {
        "name": Text("the file's name without .toml, in quotes"),
        "description": Text("one sentence about the banner, in quotes"),
        "funds": Text(
            "a list of the funds a project may choose, of {funds}; [] if it names none",
            funds=", ".join(FUNDS),
        ),
        "mandatory_fields": Text('the facts a project page must show, e.g. ["title", "beneficiary", "body"]'),
        "link_target": Text("one of: {targets}", targets=", ".join(LINK_TARGETS)),
        "min_width_px": Text("a whole number, at least {minimum}", minimum=MIN_WIDTH_PX),
        "display_width_px": Text("a whole number, at least min_width_px: the width the stand-in is drawn at"),
        "shows_eu_emblem": Text("true or false"),
        "style": Text('mark_colour and text_colour, each a colour such as "#003399"'),
        "texts": Text("[texts.hu] with caption and alt; [texts.en] and [texts.ro] may leave out keys"),
    }
    for language in TextsByLanguage.model_fields:
        hints |= {f"texts.{language}.{key}": hint for key, hint in per_language.items()}
    return hints


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def load_profiles(folder: Traversable | None = None) -> Mapping[str, BannerProfile]:
    """Read every profile in `folder` (by default the ones shipped in the package).

    A read-only name → profile map; BuildFailed with every problem of every file.
    """
    source = folder if folder is not None else resources.files(_PACKAGE).joinpath(_PROFILE_FOLDER)
    profiles: dict[str, BannerProfile] = {}
    problems: list[Problem] = []
    for entry in sorted(source.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            profile = read_profile(entry)
        except BuildFailed as failure:
            problems += failure.problems
        else:
            profiles[profile.name] = profile
    if problems:
        raise BuildFailed(tuple(problems))
    return MappingProxyType(profiles)


def read_profile(source: Traversable) -> BannerProfile:
    """One profile file, validated; BuildFailed with its problems, each with the file and line."""
    file = read_toml(source)

    def line_of(location: tuple[str | int, ...]) -> int | None:
        # [texts] is written only as [texts.hu], [texts.en]…: point at its first part.
        return file.line_of(location) or file.line_of((*location, DEFAULT_LANGUAGE))

    schema, problems = validate(ProfileFile, file.data, file.path, line_of, _hints(), _UNKNOWN_NOTE)
    if schema is None:
        raise BuildFailed(problems)
    expected = source.name.removesuffix(".toml")
    if schema.name != expected:
        mismatch = Problem(
            Text("the profile is named '{name}', but its file {file}", name=schema.name, file=source.name),
            file.path,
            line_of(("name",)),
            Text(
                'name = "{expected}", or rename the file to {name}.toml', expected=expected, name=schema.name
            ),
        )
        raise BuildFailed((mismatch,))
    return schema.profile()


# --------------------------------------------------------------------------
# Choosing a banner for a project
# --------------------------------------------------------------------------


def choose_banner(
    profiles: Mapping[str, BannerProfile],
    profile_name: str,
    fund: str | None,
    full_rate: bool,
) -> Banner:
    """The banner for a project; ValueError with a plain message if the choice is wrong."""
    profile = _find_profile(profiles, profile_name)
    return Banner(profile=profile, fund=_check_fund(profile, fund), full_rate=full_rate)


def _find_profile(profiles: Mapping[str, BannerProfile], name: str) -> BannerProfile:
    wanted = name.strip()
    if wanted in profiles:
        return profiles[wanted]
    known = sorted(profiles)
    close = difflib.get_close_matches(wanted, known, n=1)
    hint = Text(" Did you mean {guess}?", guess=repr(close[0])) if close else ""
    raise ValueError(
        Text(
            "Unknown banner profile {wanted}.{hint} Known profiles: {known}.",
            wanted=repr(wanted),
            hint=hint,
            known=", ".join(known),
        )
    )


def _check_fund(profile: BannerProfile, fund: str | None) -> str | None:
    code = (fund or "").strip().upper()
    allowed = ", ".join(profile.funds)
    if not code:
        if profile.funds:
            raise ValueError(
                Text(
                    "Banner profile {profile} needs a fund: set `fund:` to one of {allowed}.",
                    profile=repr(profile.name),
                    allowed=allowed,
                )
            )
        return None
    if not profile.funds:
        raise ValueError(
            Text(
                "Banner profile {profile} does not name a fund; remove `fund: {fund}`.",
                profile=repr(profile.name),
                fund=fund,
            )
        )
    if code not in profile.funds:
        raise ValueError(
            Text(
                "Fund {fund} is not allowed by banner profile {profile}; allowed: {allowed}.",
                fund=repr(fund),
                profile=repr(profile.name),
                allowed=allowed,
            )
        )
    return code
