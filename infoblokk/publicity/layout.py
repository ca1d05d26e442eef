"""Where everything goes on a poster, a display or a sign: one layout, drawn by `pdf` and `raster`.

A layout is a list of marks (filled rectangles, star polygons, rings, lines of text, an
image) on a sheet measured in points from its top left corner, and the regions the 2014–2020
rule measures (the emblem with the reference to the Union and the fund, the name, the main
objective). Text is set in the largest size that fits the sheet, never larger than the
sheet's own scale allows, so a long title shrinks and a short one stays readable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from PIL import Image

from infoblokk.banner.profiles import REFLEX_BLUE
from infoblokk.banner.standin import EU_YELLOW, star_centres, star_points
from infoblokk.publicity.fonts import ASCENT, DESCENT, word_width, words_width

WHITE = "#FFFFFF"
INK = "#1A1A1A"
MUTED = "#4A4A4A"
LINE_HEIGHT = 1.2
_SEARCH_STEPS = 14  # halvings of the scale's range: well under a point on the largest sign


# --------------------------------------------------------------------------
# What a layout is made of
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def area(self) -> float:
        return self.width * self.height

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def union(self, other: Box) -> Box:
        x, y = min(self.x, other.x), min(self.y, other.y)
        right = max(self.x + self.width, other.x + other.width)
        return Box(x, y, right - x, max(self.bottom, other.bottom) - y)


@dataclass(frozen=True)
class Fill:
    box: Box
    colour: str


@dataclass(frozen=True)
class Shape:
    points: tuple[tuple[float, float], ...]
    colour: str


@dataclass(frozen=True)
class Ring:
    cx: float
    cy: float
    radius: float
    stroke: float
    colour: str


@dataclass(frozen=True)
class Words:
    """One line of text, from `x` along its baseline, `width` long (`fonts.text_width`)."""

    text: str
    x: float
    baseline: float
    size: float
    bold: bool
    colour: str
    width: float

    @property
    def box(self) -> Box:
        top = self.baseline - ASCENT * self.size
        return Box(self.x, top, self.width, (ASCENT + DESCENT) * self.size)


@dataclass(frozen=True)
class Picture:
    box: Box
    source: Path


Mark = Fill | Shape | Ring | Words | Picture


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    marks: tuple[Mark, ...]
    regions: Mapping[str, Box] = field(default_factory=dict)
    """The emblem with its reference ("reference"), the "name" and the "objective"."""

    def share(self, *names: str) -> float:
        """The part of the sheet the named regions cover (they never overlap)."""
        return sum(self.regions[name].area for name in names if name in self.regions) / (
            self.width * self.height
        )


# --------------------------------------------------------------------------
# What a layout shows
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class BannerFace:
    """The funding banner as a sheet shows it: the official artwork, or the stand-in's elements."""

    caption: tuple[str, ...]  # "Európai Unió", "Európai Szociális Alap"; or the co-funding statement
    mark: str = ""
    authority: str = ""
    slogan: str = ""
    shows_emblem: bool = True
    mark_colour: str = REFLEX_BLUE
    text_colour: str = REFLEX_BLUE
    artwork: Path | None = None

    @property
    def statement(self) -> str:
        """The reference to the Union and the fund in one line."""
        return " – ".join(self.caption)


@dataclass(frozen=True)
class SheetFacts:
    """The project's facts, formatted and labelled for a sheet."""

    title: str
    objective: str  # "" when neither `objective` nor `summary` is given
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (label, values): beneficiaries, grant, rate, ID
    face: BannerFace
    beneficiaries: tuple[str, ...] = ()
    project_id: str = ""


# --------------------------------------------------------------------------
# Text set in lines
# --------------------------------------------------------------------------


def wrap(text: str, size: float, bold: bool, width: float) -> list[tuple[str, float]]:
    """Greedy word wrap by the font's own widths; a word wider than `width` gets a line of its own.
    Each line comes with its width (`fonts.text_width`), measured as it grew word by word."""
    lines: list[tuple[str, float, int]] = []  # the line, its words' widths at size 1 added up, their number
    for word in text.split():
        own = word_width(word, bold)
        if lines:
            line, total, count = lines[-1]
            if words_width(total + own, count + 1, size, bold) <= width:
                lines[-1] = (f"{line} {word}", total + own, count + 1)
                continue
        lines.append((word, own, 1))
    return [(line, words_width(total, count, size, bold)) for line, total, count in lines]


@dataclass(frozen=True)
class Paragraph:
    words: tuple[Words, ...]
    bottom: float
    fits: bool  # every line within the width

    @property
    def box(self) -> Box | None:
        boxes = [line.box for line in self.words]
        if not boxes:
            return None
        union = boxes[0]
        for box in boxes[1:]:
            union = union.union(box)
        return union


def paragraph(
    text: str, x: float, top: float, width: float, size: float, bold: bool, colour: str, centred: bool = False
) -> Paragraph:
    """`text` wrapped into `width`, its first line's top at `top`."""
    lines = wrap(text, size, bold, width) if text.strip() else []
    words, fits = [], True
    for index, (line, line_width) in enumerate(lines):
        fits = fits and line_width <= width
        left = x + (width - line_width) / 2 if centred else x
        baseline = top + ASCENT * size + index * size * LINE_HEIGHT
        words.append(Words(line, left, baseline, size, bold, colour, line_width))
    bottom = top + (len(lines) - 1) * size * LINE_HEIGHT + (ASCENT + DESCENT) * size if lines else top
    return Paragraph(tuple(words), bottom, fits)


# --------------------------------------------------------------------------
# The banner band: official artwork, or the emblem and the reference drawn
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Drawn:
    """Marks set at one scale: how far down they reach, whether they fit, the measured regions."""

    marks: tuple[Mark, ...]
    bottom: float
    fits: bool
    regions: Mapping[str, Box]


def emblem(x: float, y: float, height: float) -> list[Mark]:
    """The EU flag to its published geometry (as the stand-in banner draws it): 3:2, twelve stars."""
    width = height * 3 / 2
    cx, cy = x + width / 2, y + height / 2
    stars: list[Mark] = [
        Shape(star_points(sx, sy, height / 18), EU_YELLOW) for sx, sy in star_centres(cx, cy, height / 3)
    ]
    return [Fill(Box(x, y, width, height), REFLEX_BLUE), *stars]


def neutral_mark(x: float, y: float, size: float, colour: str) -> list[Mark]:
    """The stand-in's plain mark for a programme without the EU emblem: a square with two rings."""
    radius, cy = size * 0.2, y + size / 2
    rings: list[Mark] = [
        Ring(x + size / 2 + offset, cy, radius, size * 0.06, WHITE)
        for offset in (-radius * 0.6, radius * 0.6)
    ]
    return [Fill(Box(x, y, size, size), colour), *rings]


def band(face: BannerFace, x: float, top: float, width: float, unit: float) -> Drawn:
    """The banner across `width` from `top`; `unit` is the emblem's height."""
    if face.artwork is not None:
        return _artwork_band(face, x, top, width, unit)
    return _drawn_band(face, x, top, width, unit)


@lru_cache(maxsize=2048)
def _drawn_band(face: BannerFace, x: float, top: float, width: float, unit: float) -> Drawn:
    """The stand-in's elements: the same for every project of a banner on a sheet of one size, and
    the search for the largest fitting size tries the same sizes first, so they are drawn once."""
    marks: list[Mark] = []
    left = x
    if face.mark:
        marks += _programme_mark(face, left, top, unit)
        left += unit * 2.2 + unit * 0.25
    symbol = emblem(left, top, unit) if face.shows_emblem else neutral_mark(left, top, unit, face.mark_colour)
    symbol_width = unit * 1.5 if face.shows_emblem else unit
    caption_x = left + symbol_width + unit * 0.25
    caption = _caption(face, caption_x, top, x + width - caption_x, unit)
    marks += symbol + list(caption.words)
    reference = Box(left, top, symbol_width, unit)
    if caption.box is not None:
        reference = reference.union(caption.box)
    bottom = max(top + unit, caption.bottom)
    footer_fits = True
    for text, colour, size in ((face.authority, INK, 0.26), (face.slogan.upper(), face.text_colour, 0.28)):
        if text:
            line = paragraph(text, x, bottom + unit * 0.2, width, unit * size, True, colour)
            marks += line.words
            bottom, footer_fits = line.bottom, footer_fits and line.fits
    regions = MappingProxyType({"reference": reference})
    return Drawn(tuple(marks), bottom, caption.fits and footer_fits, regions)


def _programme_mark(face: BannerFace, x: float, top: float, unit: float) -> list[Mark]:
    """The programme's mark as text on a coloured block, as the stand-in banner shows it."""
    block = Box(x, top, unit * 2.2, unit)
    size = unit * 0.3
    text = paragraph(
        face.mark, x + unit * 0.1, top, block.width - unit * 0.2, size, True, WHITE, centred=True
    )
    shift = (unit - (text.bottom - top)) / 2
    lines = [replace(w, baseline=w.baseline + shift) for w in text.words]
    return [Fill(block, face.mark_colour), *lines]


def _caption(face: BannerFace, x: float, top: float, width: float, unit: float) -> Paragraph:
    """The caption lines beside the emblem, the first bold, centred on the emblem's height."""
    words: list[Words] = []
    cursor, fits = top, True
    for index, line in enumerate(face.caption):
        size = unit * (0.3 if index == 0 else 0.25)
        part = paragraph(line, x, cursor, width, size, index == 0, face.text_colour)
        words += part.words
        cursor, fits = part.bottom + size * 0.2, fits and part.fits
    height = cursor - top
    shift = max(0.0, (unit - height) / 2)
    moved = tuple(replace(w, baseline=w.baseline + shift) for w in words)
    return Paragraph(moved, top + shift + height, fits and width > 0)


def _artwork_band(face: BannerFace, x: float, top: float, width: float, unit: float) -> Drawn:
    """The official artwork at the band's height (never wider than the sheet), the statement under it."""
    assert face.artwork is not None
    with Image.open(face.artwork) as image:
        ratio = image.width / image.height
    height = min(unit * 1.6, width / ratio)
    picture = Picture(Box(x, top, height * ratio, height), face.artwork)
    statement = paragraph(
        face.statement, x, top + height + unit * 0.15, width, unit * 0.24, True, face.text_colour
    )
    reference = picture.box if statement.box is None else picture.box.union(statement.box)
    return Drawn((picture, *statement.words), statement.bottom, statement.fits, {"reference": reference})


# --------------------------------------------------------------------------
# Sheets
# --------------------------------------------------------------------------


def largest_fitting(draw: Callable[[float], Drawn], limit: float, height: float) -> Drawn:
    """`draw(scale)` at the largest scale up to `limit` whose marks fit the sheet's height
    (`limit / 20` when none does)."""
    drawn = draw(limit)
    if drawn.fits and drawn.bottom <= height:
        return drawn
    low, high, best = 0.0, limit, None
    for _ in range(_SEARCH_STEPS):
        middle = (low + high) / 2
        drawn = draw(middle)
        if drawn.fits and drawn.bottom <= height:
            low, best = middle, drawn
        else:
            high = middle
    return best if best is not None else draw(limit / 20)


def poster_layout(facts: SheetFacts, width: float, height: float) -> Layout:
    """A poster (or the display): the banner, the title, the objective and the facts."""
    margin = min(width, height) * 0.06
    inner = width - 2 * margin

    def draw(scale: float) -> Drawn:
        unit = min(width, height * 1.2) * 0.11 * scale
        top = band(facts.face, margin, margin, inner, unit)
        rule_y = top.bottom + unit * 0.3
        rule = Fill(Box(margin, rule_y, inner, max(unit * 0.03, 1.0)), REFLEX_BLUE)
        title = paragraph(facts.title, margin, rule_y + unit * 0.45, inner, unit * 0.48, True, INK)
        objective = paragraph(
            facts.objective, margin, title.bottom + unit * 0.3, inner, unit * 0.28, False, INK
        )
        rows = _rows(facts.rows, margin, objective.bottom + unit * 0.25, inner, unit)
        marks = (*top.marks, rule, *title.words, *objective.words, *rows.marks)
        fits = top.fits and title.fits and objective.fits and rows.fits
        return Drawn(marks, rows.bottom, fits, _regions(top, title, objective))

    drawn = largest_fitting(draw, 1.5, height - margin)
    return Layout(width, height, drawn.marks, MappingProxyType(dict(drawn.regions)))


def sign_layout(facts: SheetFacts, width: float, height: float) -> Layout:
    """A billboard or plaque: the banner, the name and the objective large; the facts small."""
    margin = min(width, height) * 0.05
    inner = width - 2 * margin
    footer = " · ".join(part for part in (", ".join(facts.beneficiaries), facts.project_id) if part)

    def draw(scale: float) -> Drawn:
        unit = height * 0.2 * scale
        top = band(facts.face, margin, margin, inner, unit)
        title = paragraph(facts.title, margin, top.bottom + unit * 0.35, inner, unit * 0.42, True, INK)
        objective = paragraph(
            facts.objective, margin, title.bottom + unit * 0.25, inner, unit * 0.3, False, INK
        )
        last = paragraph(footer, margin, objective.bottom + unit * 0.3, inner, unit * 0.18, False, MUTED)
        marks = (*top.marks, *title.words, *objective.words, *last.words)
        fits = top.fits and title.fits and objective.fits and last.fits
        return Drawn(marks, last.bottom, fits, _regions(top, title, objective))

    drawn = largest_fitting(draw, 1.0, height - margin)
    return Layout(width, height, drawn.marks, MappingProxyType(dict(drawn.regions)))


def _regions(top: Drawn, title: Paragraph, objective: Paragraph) -> dict[str, Box]:
    regions = dict(top.regions)
    for name, part in (("name", title), ("objective", objective)):
        if part.box is not None:
            regions[name] = part.box
    return regions


def _rows(
    rows: Sequence[tuple[str, tuple[str, ...]]], x: float, top: float, width: float, unit: float
) -> Drawn:
    """Each fact as a small label over its value (a consortium's members each on a line)."""
    marks: list[Mark] = []
    cursor, fits = top, True
    for label, values in rows:
        heading = paragraph(label, x, cursor + unit * 0.15, width, unit * 0.17, False, MUTED)
        marks += heading.words
        cursor = heading.bottom + unit * 0.05
        for value in values:
            line = paragraph(value, x, cursor, width, unit * 0.26, True, INK)
            marks += line.words
            cursor, fits = line.bottom + unit * 0.04, fits and line.fits
    return Drawn(tuple(marks), cursor, fits, {})
