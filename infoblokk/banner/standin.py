"""The SVG stand-in for a funding banner, drawn from its profile.

When the site has no official artwork, :func:`standin_svg` draws a faithful
stand-in from the banner profile's elements: programme mark, EU emblem
(drawn to the official construction), caption, authority and slogan.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from infoblokk.banner.profiles import REFLEX_BLUE, Banner, Wording

EU_YELLOW = "#FFCC00"
FONT_STACK = "Arial, Calibri, Tahoma, 'Trebuchet MS', Verdana, Ubuntu, sans-serif"


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
