"""Funding banner ("infoblokk") profiles, and the banners chosen from them.

The profiles are data: one TOML file per profile in the ``banners`` folder
shipped with the package. A :class:`Banner` is a profile with the project's
choices filled in (which fund, whether the funding rate is 100%). When the
site has no official artwork, :func:`infoblokk.banner.standin.standin_svg` draws a
stand-in from the profile's elements.
"""

from __future__ import annotations

import difflib
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

FUNDS: tuple[str, ...] = ("ESZA", "ERFA", "KA", "ESZA+")
"""Fund codes a profile may allow."""

DEFAULT_LANGUAGE = "hu"
"""Every profile has texts in this language; other languages fall back to it."""

LINK_TARGETS: tuple[str, ...] = ("project", "project-list", "none")
"""Where a banner may link: the project's page, the project list, nowhere."""

MIN_WIDTH_PX = 150
"""The banner must be at least this wide on every page."""

REFLEX_BLUE = "#003399"

_PACKAGE = "infoblokk.banner"
_PROFILE_FOLDER = "data"
_ALT_PLACEHOLDERS = frozenset({"mark", "authority", "caption", "slogan", "fund"})
_PROFILE_KEYS = frozenset(
    {
        "name",
        "description",
        "funds",
        "mandatory_fields",
        "link_target",
        "min_width_px",
        "display_width_px",
        "shows_eu_emblem",
        "style",
        "texts",
    }
)
_STYLE_KEYS = frozenset({"mark_colour", "text_colour"})
_TEXT_KEYS = frozenset({"mark", "authority", "caption", "caption_full_rate", "slogan", "alt", "fund_names"})


# --------------------------------------------------------------------------
# Profiles and banners
# --------------------------------------------------------------------------


class ProfileError(ValueError):
    """A banner profile file is wrong (bad TOML, missing or mistyped key)."""


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

    def fund_name(self, fund: str) -> str:
        """The fund's full name, or its code if the name is not known."""
        return dict(self.fund_names).get(fund, fund)


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
        return Wording(texts.mark, texts.authority, caption, texts.slogan, alt)

    def alt_text(self, language: str) -> str:
        """The accessible name: says it is the funding banner and reads its texts."""
        return self.wording(language).alt


def _primary_language(language: str) -> str:
    return language.strip().lower().replace("_", "-").split("-")[0]


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def load_profiles() -> Mapping[str, BannerProfile]:
    """Read every profile shipped in the package; a read-only name → profile map."""
    folder = resources.files(_PACKAGE).joinpath(_PROFILE_FOLDER)
    profiles: dict[str, BannerProfile] = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".toml"):
            profile = _load_profile_file(entry.name, entry.read_text(encoding="utf-8"))
            profiles[profile.name] = profile
    return MappingProxyType(profiles)


def _load_profile_file(file_name: str, text: str) -> BannerProfile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{file_name}: not valid TOML: {error}") from error
    profile = parse_profile(data, file_name)
    if f"{profile.name}.toml" != file_name:
        raise ProfileError(f"{file_name}: name {profile.name!r} does not match the file name")
    return profile


def parse_profile(data: Mapping[str, object], source: str) -> BannerProfile:
    """Build a profile from parsed TOML; ``source`` names the file in error messages."""
    _reject_unknown_keys(data, _PROFILE_KEYS, source)
    funds = _fund_codes(_str_list(data, "funds", source), source)
    style = _table(data, "style", source)
    _reject_unknown_keys(style, _STYLE_KEYS, f"{source} [style]")
    min_width = _int(data, "min_width_px", source)
    display_width = _int(data, "display_width_px", source)
    _check_widths(min_width, display_width, source)
    return BannerProfile(
        name=_str(data, "name", source),
        description=_str(data, "description", source),
        funds=funds,
        mandatory_fields=_str_list(data, "mandatory_fields", source),
        link_target=_link_target(_str(data, "link_target", source), source),
        min_width_px=min_width,
        display_width_px=display_width,
        shows_eu_emblem=_bool(data, "shows_eu_emblem", source),
        texts=_all_texts(_table(data, "texts", source), funds, source),
        mark_colour=_colour(style, "mark_colour", source),
        text_colour=_colour(style, "text_colour", source),
    )


def _all_texts(
    tables: Mapping[str, object], funds: tuple[str, ...], source: str
) -> tuple[tuple[str, ProfileTexts], ...]:
    """Texts per language; keys missing in a language are taken from Hungarian."""
    base = _table(tables, DEFAULT_LANGUAGE, f"{source} [texts]")
    languages = [DEFAULT_LANGUAGE, *sorted(set(tables) - {DEFAULT_LANGUAGE})]
    result = []
    for language in languages:
        where = f"{source} [texts.{language}]"
        own = _table(tables, language, f"{source} [texts]")
        _reject_unknown_keys(own, _TEXT_KEYS, where)
        result.append((language, _texts(_merge_texts(base, own), funds, where)))
    return tuple(result)


def _merge_texts(base: Mapping[str, object], own: Mapping[str, object]) -> dict[str, object]:
    merged = {**base, **own}
    base_names = base.get("fund_names", {})
    own_names = own.get("fund_names", {})
    if isinstance(base_names, Mapping) and isinstance(own_names, Mapping):
        merged["fund_names"] = {**base_names, **own_names}
    return merged


def _texts(table: Mapping[str, object], funds: tuple[str, ...], where: str) -> ProfileTexts:
    names = _table(table, "fund_names", where) if "fund_names" in table else {}
    missing = [fund for fund in funds if fund not in names]
    if missing:
        raise ProfileError(f"{where}: fund_names lacks {', '.join(missing)}")
    caption = _str_list(table, "caption", where)
    if not caption:
        raise ProfileError(f"{where}: `caption` must have at least one line")
    return ProfileTexts(
        caption=caption,
        alt=_alt_template(_str(table, "alt", where), where),
        mark=_str(table, "mark", where, ""),
        authority=_str(table, "authority", where, ""),
        caption_full_rate=_str_list(table, "caption_full_rate", where, ()),
        slogan=_str(table, "slogan", where, ""),
        fund_names=tuple((fund, _str(names, fund, where)) for fund in names),
    )


def _alt_template(template: str, where: str) -> str:
    fields = {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}
    unknown = fields - _ALT_PLACEHOLDERS
    if unknown:
        allowed = ", ".join(sorted(_ALT_PLACEHOLDERS))
        raise ProfileError(f"{where}: `alt` uses unknown {sorted(unknown)}; allowed: {allowed}")
    return template


def _fund_codes(codes: tuple[str, ...], source: str) -> tuple[str, ...]:
    unknown = [code for code in codes if code not in FUNDS]
    if unknown:
        raise ProfileError(f"{source}: unknown fund {unknown}; known: {', '.join(FUNDS)}")
    return codes


def _link_target(value: str, source: str) -> str:
    if value not in LINK_TARGETS:
        raise ProfileError(f"{source}: link_target must be one of {', '.join(LINK_TARGETS)}")
    return value


def _check_widths(min_width: int, display_width: int, source: str) -> None:
    if min_width < MIN_WIDTH_PX:
        raise ProfileError(f"{source}: min_width_px must be at least {MIN_WIDTH_PX}")
    if display_width < min_width:
        raise ProfileError(f"{source}: display_width_px must be at least min_width_px")


def _colour(table: Mapping[str, object], key: str, source: str) -> str:
    value = _str(table, key, source, REFLEX_BLUE)
    digits = value.removeprefix("#")
    if not (value.startswith("#") and len(digits) == 6 and _is_hex(digits)):
        raise ProfileError(f"{source}: {key} must look like #RRGGBB, not {value!r}")
    return value.upper()


def _is_hex(text: str) -> bool:
    return all(char in string.hexdigits for char in text)


def _reject_unknown_keys(table: Mapping[str, object], known: frozenset[str], where: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise ProfileError(f"{where}: unknown keys {unknown}; known: {', '.join(sorted(known))}")


# Typed access to parsed TOML. A default of None means the key is required.


def _str(table: Mapping[str, object], key: str, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ProfileError(f"{where}: `{key}` must be a string")
    return value


def _str_list(
    table: Mapping[str, object],
    key: str,
    where: str,
    default: tuple[str, ...] | None = None,
) -> tuple[str, ...]:
    value = table.get(key, default)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"{where}: `{key}` must be a list of strings")
    return tuple(value)


def _int(table: Mapping[str, object], key: str, where: str) -> int:
    value = table.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ProfileError(f"{where}: `{key}` must be a whole number")
    return value


def _bool(table: Mapping[str, object], key: str, where: str) -> bool:
    value = table.get(key)
    if not isinstance(value, bool):
        raise ProfileError(f"{where}: `{key}` must be true or false")
    return value


def _table(table: Mapping[str, object], key: str, where: str) -> Mapping[str, object]:
    value = table.get(key, {})
    if not isinstance(value, Mapping):
        raise ProfileError(f"{where}: `{key}` must be a table")
    return value


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
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ValueError(f"Unknown banner profile {wanted!r}.{hint} Known profiles: {', '.join(known)}.")


def _check_fund(profile: BannerProfile, fund: str | None) -> str | None:
    code = (fund or "").strip().upper()
    allowed = ", ".join(profile.funds)
    if not code:
        if profile.funds:
            raise ValueError(
                f"Banner profile {profile.name!r} needs a fund: set `fund:` to one of {allowed}."
            )
        return None
    if not profile.funds:
        raise ValueError(f"Banner profile {profile.name!r} does not name a fund; remove `fund: {fund}`.")
    if code not in profile.funds:
        raise ValueError(
            f"Fund {fund!r} is not allowed by banner profile {profile.name!r}; allowed: {allowed}."
        )
    return code
