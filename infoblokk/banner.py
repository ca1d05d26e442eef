"""Funding banner ("infoblokk") profiles, and the SVG stand-in drawn from them.

The profiles are data: one TOML file per profile in the ``banners`` folder
shipped with the package. A :class:`Banner` is a profile with the project's
choices filled in (which fund, whether the funding rate is 100%). When the
site has no official artwork, :func:`standin_svg` draws a faithful stand-in
from the profile's elements: programme mark, EU emblem, texts.
"""

from __future__ import annotations

import difflib
import html
import math
import string
import tomllib
from collections.abc import Iterable, Mapping, Sequence
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
EU_YELLOW = "#FFCC00"
FONT_STACK = "Arial, Calibri, Tahoma, 'Trebuchet MS', Verdana, Ubuntu, sans-serif"

_PACKAGE = "infoblokk"
_PROFILE_FOLDER = "banners"
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


# --------------------------------------------------------------------------
# The EU emblem
# --------------------------------------------------------------------------

_GOLDEN_RATIO = (1 + math.sqrt(5)) / 2


def star_points(cx: float, cy: float, outer_radius: float) -> tuple[tuple[float, float], ...]:
    """The ten corners of an upright five-pointed star, starting at the top point.

    Outer points lie on ``outer_radius``; the inner corners lie on the radius of
    the regular star polygon {5/2}, which is ``outer_radius / φ²``.
    """
    inner_radius = outer_radius / _GOLDEN_RATIO**2
    corners = []
    for index in range(10):
        radius = outer_radius if index % 2 == 0 else inner_radius
        angle = math.radians(-90 + 36 * index)
        corners.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return tuple(corners)


def star_centres(cx: float, cy: float, radius: float) -> tuple[tuple[float, float], ...]:
    """Twelve points placed like the hours of a clock, 12 o'clock first."""
    centres = []
    for hour in range(12):
        angle = math.radians(30 * hour)
        centres.append((cx + radius * math.sin(angle), cy - radius * math.cos(angle)))
    return tuple(centres)


def eu_emblem_svg_group(x: float, y: float, height: float) -> str:
    """The EU flag as an SVG ``<g>``: top-left corner at (x, y), 3:2, drawn to the spec.

    Reflex Blue field; twelve upright Yellow stars on an invisible circle of
    radius height/3 around the centre; each star's points on radius height/18.
    Coordinates are absolute (no transforms) so they can be checked.
    """
    width = height * 3 / 2
    cx, cy = x + width / 2, y + height / 2
    stars = [
        _polygon(star_points(sx, sy, height / 18), EU_YELLOW, "eu-star")
        for sx, sy in star_centres(cx, cy, height / 3)
    ]
    field = (
        f'<rect class="eu-flag" x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" '
        f'height="{_num(height)}" fill="{REFLEX_BLUE}"/>'
    )
    return '<g class="eu-emblem">' + field + "".join(stars) + "</g>"


def _polygon(points: Iterable[tuple[float, float]], fill: str, css_class: str) -> str:
    coords = " ".join(f"{_num(px)},{_num(py)}" for px, py in points)
    return f'<polygon class="{css_class}" points="{coords}" fill="{fill}"/>'


def _num(value: float) -> str:
    """A coordinate with at most three decimals and no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


# --------------------------------------------------------------------------
# Text measuring and wrapping (an estimate: SVG cannot wrap text itself)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    size: float
    colour: str
    bold: bool = False
    letter_spacing: float = 0.0


@dataclass(frozen=True)
class _Line:
    text: str
    style: _Style

    @property
    def height(self) -> float:
        return self.style.size * 1.22


_NARROW = frozenset("fijlrtíÍI.,:;'!|()- ")
_WIDE = frozenset("mwMWŐÖÓ")


def _text_width(text: str, style: _Style) -> float:
    """Generous width estimate for Arial-like fonts (wider fallbacks fit too)."""
    units = sum(_char_units(char) for char in text)
    weight = 1.08 if style.bold else 1.0
    return units * style.size * weight * 1.1 + style.letter_spacing * len(text)


def _char_units(char: str) -> float:
    if char in _NARROW:
        return 0.3
    if char in _WIDE:
        return 0.84
    if char.isupper():
        return 0.68
    return 0.55


def _fitted(text: str, style: _Style, width: float) -> _Style:
    """The style, shrunk if needed so that the longest word fits ``width``."""
    longest = max((_text_width(word, style) for word in text.split()), default=0.0)
    if longest <= width:
        return style
    scale = width / longest
    return _Style(style.size * scale, style.colour, style.bold, style.letter_spacing * scale)


def _wrap(text: str, style: _Style, width: float) -> tuple[_Line, ...]:
    """Greedy word wrap of one text into lines no wider than ``width``."""
    style = _fitted(text, style, width)
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and _text_width(candidate, style) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return tuple(_Line(line, style) for line in lines)


def _wrap_all(items: Sequence[tuple[str, _Style]], width: float) -> tuple[_Line, ...]:
    return tuple(line for text, style in items if text for line in _wrap(text, style, width))


def _block_height(lines: Sequence[_Line]) -> float:
    return sum(line.height for line in lines)


def _text_svg(lines: Sequence[_Line], x: float, top: float, anchor: str = "start") -> str:
    """SVG ``<text>`` elements for lines stacked downwards from ``top``."""
    parts = []
    for line in lines:
        baseline = top + line.height * 0.5 + line.style.size * 0.36
        parts.append(_text_element(line, x, baseline, anchor))
        top += line.height
    return "".join(parts)


def _text_element(line: _Line, x: float, baseline: float, anchor: str) -> str:
    style = line.style
    extra = ' font-weight="bold"' if style.bold else ""
    if style.letter_spacing:
        extra += f' letter-spacing="{_num(style.letter_spacing)}"'
    return (
        f'<text x="{_num(x)}" y="{_num(baseline)}" font-size="{_num(style.size)}" '
        f'fill="{style.colour}" text-anchor="{anchor}"{extra}>{_escape(line.text)}</text>'
    )


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


# --------------------------------------------------------------------------
# The stand-in
# --------------------------------------------------------------------------

_VIEW_WIDTH = 300.0
_PAD = 8.0
_GAP = 8.0
_MARK_WIDTH = 92.0
_WHITE = "#FFFFFF"
_BLACK = "#000000"
_BORDER = "#D5D9E0"


@dataclass(frozen=True)
class _Row:
    """The top row: optional mark block, the emblem (or neutral mark), caption."""

    has_mark: bool
    symbol_height: float
    symbol_width: float
    caption: tuple[_Line, ...]

    @property
    def symbol_x(self) -> float:
        return _PAD + (_MARK_WIDTH + _GAP if self.has_mark else 0.0)

    @property
    def caption_x(self) -> float:
        return self.symbol_x + self.symbol_width + _GAP

    @property
    def height(self) -> float:
        minimum = 58.0 if self.has_mark else self.symbol_height
        return max(minimum, self.symbol_height, _block_height(self.caption))


def standin_svg(banner: Banner, language: str) -> str:
    """A complete standalone SVG document: the banner drawn from its profile.

    Its intrinsic width is the profile's display width (at least 150 px).
    """
    wording = banner.wording(language)
    row = _plan_row(banner, wording)
    footer = _footer_lines(banner, wording)
    footer_top = _PAD + row.height + _GAP
    height = footer_top + _block_height(footer) + _PAD / 2 if footer else row.height + 2 * _PAD
    parts = [_background(height), *_row_svg(banner, wording, row)]
    if footer:
        parts.append(_footer_svg(footer, footer_top))
    return _document(banner, wording.alt, "".join(parts), height)


def _plan_row(banner: Banner, wording: Wording) -> _Row:
    has_mark = bool(wording.mark)
    symbol_height = 40.0 if has_mark else 46.0
    ratio = 1.5 if banner.profile.shows_eu_emblem else 1.0
    partial = _Row(has_mark, symbol_height, symbol_height * ratio, ())
    width = _VIEW_WIDTH - _PAD - partial.caption_x
    caption = _wrap_all(_caption_items(banner, wording, has_mark), width)
    return _Row(has_mark, symbol_height, symbol_height * ratio, caption)


def _caption_items(banner: Banner, wording: Wording, compact: bool) -> list[tuple[str, _Style]]:
    """First caption line bold and larger, the rest regular."""
    colour = banner.profile.text_colour
    first = _Style(11.5 if compact else 13.0, colour, bold=True)
    rest = _Style(9.5 if compact else 11.0, colour)
    return [(text, first if index == 0 else rest) for index, text in enumerate(wording.caption)]


def _footer_lines(banner: Banner, wording: Wording) -> tuple[_Line, ...]:
    """Under the row: the authority (black), then the slogan in capitals."""
    items = [
        (wording.authority, _Style(10.5, _BLACK, bold=True)),
        (wording.slogan.upper(), _Style(11.0, banner.profile.text_colour, True, 0.9)),
    ]
    return _wrap_all(items, _VIEW_WIDTH - 2 * _PAD)


def _row_svg(banner: Banner, wording: Wording, row: _Row) -> list[str]:
    parts = []
    if row.has_mark:
        parts.append(_mark_svg(wording.mark, banner.profile.mark_colour, row.height))
    symbol_y = _PAD + (row.height - row.symbol_height) / 2
    if banner.profile.shows_eu_emblem:
        parts.append(eu_emblem_svg_group(row.symbol_x, symbol_y, row.symbol_height))
    else:
        parts.append(_neutral_mark_svg(row.symbol_x, symbol_y, row.symbol_height, banner))
    caption_top = _PAD + (row.height - _block_height(row.caption)) / 2
    parts.append(_text_svg(row.caption, row.caption_x, caption_top))
    return parts


def _mark_svg(mark: str, colour: str, height: float) -> str:
    """The programme mark as text in a coloured block."""
    lines = _wrap(mark, _Style(13.5, _WHITE, bold=True), _MARK_WIDTH - 8)
    top = _PAD + (height - _block_height(lines)) / 2
    block = (
        f'<rect class="programme-mark" x="{_num(_PAD)}" y="{_num(_PAD)}" '
        f'width="{_num(_MARK_WIDTH)}" height="{_num(height)}" rx="3" fill="{colour}"/>'
    )
    return block + _text_svg(lines, _PAD + _MARK_WIDTH / 2, top, anchor="middle")


def _neutral_mark_svg(x: float, y: float, size: float, banner: Banner) -> str:
    """A plain square with two linked rings, standing for cooperation (not a logo)."""
    radius = size * 0.2
    cy = y + size / 2
    rings = "".join(
        f'<circle cx="{_num(x + size / 2 + offset)}" cy="{_num(cy)}" r="{_num(radius)}" '
        f'fill="none" stroke="{_WHITE}" stroke-width="{_num(size * 0.06)}"/>'
        for offset in (-radius * 0.6, radius * 0.6)
    )
    square = (
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(size)}" height="{_num(size)}" '
        f'rx="{_num(size * 0.12)}" fill="{banner.profile.mark_colour}"/>'
    )
    return f'<g class="neutral-mark">{square}{rings}</g>'


def _footer_svg(lines: Sequence[_Line], top: float) -> str:
    rule = (
        f'<line x1="{_num(_PAD)}" y1="{_num(top - _GAP / 2)}" x2="{_num(_VIEW_WIDTH - _PAD)}" '
        f'y2="{_num(top - _GAP / 2)}" stroke="{_BORDER}" stroke-width="1"/>'
    )
    return rule + _text_svg(lines, _VIEW_WIDTH / 2, top, anchor="middle")


def _background(height: float) -> str:
    return (
        f'<rect x="0.5" y="0.5" width="{_num(_VIEW_WIDTH - 1)}" height="{_num(height - 1)}" '
        f'fill="{_WHITE}" stroke="{_BORDER}" stroke-width="1"/>'
    )


def _document(banner: Banner, alt: str, body: str, height: float) -> str:
    width_px = banner.profile.display_width_px
    height_px = height * width_px / _VIEW_WIDTH
    label = _escape(alt)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="infoblokk-standin" '
        f'data-banner="{_escape(banner.key)}" width="{_num(width_px)}" '
        f'height="{_num(height_px)}" viewBox="0 0 {_num(_VIEW_WIDTH)} {_num(height)}" '
        f'role="img" aria-label="{label}"><title>{label}</title>'
        f'<g font-family="{_escape(FONT_STACK)}" font-style="normal">{body}</g></svg>\n'
    )
