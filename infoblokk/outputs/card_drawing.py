"""A social card's layout and drawing: where the title, the line above it and the banner band
go on the 1200 × 630 picture, at which sizes their text fits, and the pixels (`outputs.cards`
decides what each card shows and keeps the drawn ones in the cache).

The band at the bottom shows the official banner artwork when there is one, else the EU emblem
drawn to its construction beside the profile's funding statement; the band is the same on every
card of a banner, so it is laid out and drawn once per process and pasted on each card.
"""

from __future__ import annotations

import functools
from dataclasses import astuple, dataclass

from PIL import Image, ImageDraw

from infoblokk.banner.profiles import REFLEX_BLUE
from infoblokk.banner.standin import EU_YELLOW, star_centres, star_points
from infoblokk.layout import SOCIAL_CARD_SIZE
from infoblokk.outputs.drawing import Canvas
from infoblokk.outputs.images import to_srgb
from infoblokk.outputs.typesetting import Fonts, Measure, TextBlock, fit_text, measure_with
from infoblokk.render.incremental import digest

RECIPE = "card-2"  # part of every cache name: change it when the drawing changes

WIDTH, HEIGHT = SOCIAL_CARD_SIZE
MARGIN = 64
BAND_HEIGHT = 200  # the white band with the banner, at the bottom
BAND_PADDING = 28
MAX_ARTWORK_HEIGHT = 280
TITLE_SIZES = (80, 40)  # largest and smallest size of the title, in pixels
KICKER_SIZES = (30, 24)
STATEMENT_SIZES = (42, 34, 30)  # first caption line, the other lines, authority and slogan
WHITE, BLACK = "#FFFFFF", "#000000"


@dataclass(frozen=True)
class BannerBand:
    """What the white band at the bottom of a card without artwork shows: the same on every
    card of a banner, so it is laid out and drawn once (per process) and pasted on each."""

    mark: str
    mark_colour: str
    statement: tuple[tuple[str, str, bool], ...]
    emblem: bool


@dataclass(frozen=True)
class CardContent:
    """Everything a card shows; its digest names the card in the cache."""

    title: str
    kicker: str
    language: str
    background: str
    mark: str
    mark_colour: str
    statement: tuple[tuple[str, str, bool], ...]  # (text, colour, bold) lines of the banner's wording
    emblem: bool  # the EU emblem, or the neutral mark of a profile without it
    artwork: str | None  # the official banner artwork, a file in content/static/

    def key(self, fonts: Fonts, artwork_digest: str | None) -> str:
        return digest(RECIPE, astuple(self), fonts.fingerprint, artwork_digest)

    @property
    def band(self) -> BannerBand:
        return BannerBand(self.mark, self.mark_colour, self.statement, self.emblem)


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top


@dataclass(frozen=True)
class CardLayout:
    """Where each part of a card goes, and at which size its text is drawn."""

    kicker: TextBlock
    kicker_box: Box
    title: TextBlock
    title_box: Box
    band: Box
    statement: tuple[TextBlock, ...]  # empty when the official artwork is shown
    statement_box: Box | None
    mark_box: Box | None
    mark_text: TextBlock | None
    emblem_box: Box | None
    artwork_box: Box | None


# --------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------


def plan_card(content: CardContent, fonts: Fonts, artwork_size: tuple[int, int] | None = None) -> CardLayout:
    """Where everything goes on a card; `artwork_size` is the official artwork's, if shown."""
    artwork_box = _artwork_box(artwork_size) if artwork_size else None
    band_top = artwork_box.top - BAND_PADDING if artwork_box else HEIGHT - BAND_HEIGHT
    band = Box(0, band_top, WIDTH, HEIGHT)
    kicker_box = Box(MARGIN, 44, WIDTH - MARGIN, 44 + round(KICKER_SIZES[0] * 1.2))
    kicker = fit_text(content.kicker, (kicker_box.width, kicker_box.height), KICKER_SIZES, _regular(fonts), 1)
    title_box = Box(MARGIN, kicker_box.bottom + 20, WIDTH - MARGIN, band_top - 36)
    title = fit_text(content.title, (title_box.width, title_box.height), TITLE_SIZES, _bold(fonts), 5)
    if artwork_box:
        return CardLayout(kicker, kicker_box, title, title_box, band, (), None, None, None, None, artwork_box)
    parts = _plan_band(content.band, fonts)
    return CardLayout(
        kicker,
        kicker_box,
        title,
        title_box,
        band,
        parts.statement,
        parts.statement_box,
        parts.mark_box,
        parts.mark_text,
        parts.emblem_box,
        None,
    )


@dataclass(frozen=True)
class _BandLayout:
    statement: tuple[TextBlock, ...]
    statement_box: Box
    mark_box: Box | None
    mark_text: TextBlock | None
    emblem_box: Box


@functools.lru_cache(maxsize=16)
def _plan_band(band: BannerBand, fonts: Fonts) -> _BandLayout:
    """The band of a card without artwork: the programme mark, the emblem, the statement."""
    inner = Box(MARGIN, HEIGHT - BAND_HEIGHT + BAND_PADDING, WIDTH - MARGIN, HEIGHT - BAND_PADDING)
    mark_box, mark_text = _mark(band, fonts, inner)
    emblem_box = _emblem_box(band, inner, mark_box)
    statement_box = Box(emblem_box.right + 28, inner.top, inner.right, inner.bottom)
    statement = _fit_statement(band, fonts, statement_box)
    return _BandLayout(statement, statement_box, mark_box, mark_text, emblem_box)


def _regular(fonts: Fonts) -> Measure:
    return measure_with(fonts, bold=False)


def _bold(fonts: Fonts) -> Measure:
    return measure_with(fonts, bold=True)


def _artwork_box(size: tuple[int, int]) -> Box:
    """The official artwork as large as the band allows, on the left, above the bottom margin."""
    width, height = size
    scale = min((WIDTH - 2 * MARGIN) / width, MAX_ARTWORK_HEIGHT / height)
    shown_width, shown_height = max(1, round(width * scale)), max(1, round(height * scale))
    bottom = HEIGHT - BAND_PADDING
    return Box(MARGIN, bottom - shown_height, MARGIN + shown_width, bottom)


def _mark(band: BannerBand, fonts: Fonts, inner: Box) -> tuple[Box | None, TextBlock | None]:
    if not band.mark:
        return None, None
    box = Box(inner.left, inner.top, inner.left + 250, inner.bottom)
    text = fit_text(band.mark, (box.width - 28, box.height - 24), (40, 24), _bold(fonts), 3)
    return box, text


def _emblem_box(band: BannerBand, inner: Box, mark_box: Box | None) -> Box:
    """The EU flag (3:2, 120 px high) or a neutral square mark, after the programme mark."""
    height = 120
    width = height * 3 // 2 if band.emblem else height
    left = mark_box.right + 28 if mark_box else inner.left
    top = inner.top + (inner.height - height) // 2
    return Box(left, top, left + width, top + height)


def _fit_statement(band: BannerBand, fonts: Fonts, box: Box) -> tuple[TextBlock, ...]:
    """The wording at the largest common scale at which every line fits the box whole."""
    wanted = [_statement_size(index, bold) for index, (_, _, bold) in enumerate(band.statement)]
    blocks: tuple[TextBlock, ...] = ()
    for step in range(0, 11):
        scale = 1 - step * 0.05
        blocks = tuple(
            fit_text(text, (box.width, box.height), (round(size * scale),) * 2, measure_with(fonts, bold), 2)
            for (text, _, bold), size in zip(band.statement, wanted, strict=True)
        )
        whole = all(not block.shortened for block in blocks)
        if whole and sum(block.height for block in blocks) <= box.height:
            break
    return blocks


def _statement_size(index: int, bold: bool) -> int:
    first, caption, other = STATEMENT_SIZES
    if index == 0:
        return first
    return other if bold else caption


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------


def draw_card(
    content: CardContent, fonts: Fonts, artwork: Image.Image | None = None
) -> tuple[Image.Image, CardLayout]:
    """The card, and the layout it was drawn to: a palette image of the card's colours and their
    shades (see `outputs.drawing`), or RGB where it shows the official artwork (any colour)."""
    layout = plan_card(content, fonts, artwork.size if artwork else None)
    colours = card_colours(content.background, content.band)
    canvas = Canvas(SOCIAL_CARD_SIZE, content.background, colours, palette=artwork is None)
    if layout.artwork_box is None:
        canvas.paste(_drawn_band(content.band, fonts, content.background), (0, layout.band.top))
    else:
        canvas.rectangle((0, layout.band.top, WIDTH, HEIGHT), WHITE)
    _text(canvas, layout.kicker, layout.kicker_box, EU_YELLOW, fonts, bold=False)
    _text(canvas, layout.title, layout.title_box, WHITE, fonts, bold=True)
    if artwork is not None and layout.artwork_box is not None:
        _paste_artwork(canvas, artwork, layout.artwork_box)
    return canvas.image, layout


def card_colours(background: str, band: BannerBand) -> tuple[str, ...]:
    """Every flat colour of a card without artwork (the edges of letters are shades of them)."""
    emblem = (REFLEX_BLUE, EU_YELLOW) if band.emblem else (band.mark_colour,)
    mark = (band.mark_colour,) if band.mark else ()
    statement = tuple(colour for _, colour, _ in band.statement)
    return (background, EU_YELLOW, WHITE, *emblem, *mark, *statement)


@functools.lru_cache(maxsize=16)
def _drawn_band(band: BannerBand, fonts: Fonts, background: str) -> Image.Image:
    """The white band with the programme mark, the emblem and the statement, as every card of
    its banner shows it, in the palette of its cards: drawn once per process (pasting reads it)."""
    parts = _plan_band(band, fonts)
    canvas = Canvas(SOCIAL_CARD_SIZE, WHITE, card_colours(background, band))
    if parts.mark_box and parts.mark_text:
        _draw_mark(canvas, band, parts.mark_box, parts.mark_text, fonts)
    emblem = _eu_emblem(parts.emblem_box) if band.emblem else _neutral_mark(parts.emblem_box, band)
    canvas.paste(emblem, (parts.emblem_box.left, parts.emblem_box.top))
    _draw_statement(canvas, band, parts, fonts)
    return canvas.image.crop((0, HEIGHT - BAND_HEIGHT, WIDTH, HEIGHT))


def _text(
    canvas: Canvas,
    block: TextBlock,
    box: Box,
    colour: str,
    fonts: Fonts,
    bold: bool,
    centre: bool = False,
) -> None:
    face = fonts.face(block.size, bold)
    for number, (line, width) in enumerate(zip(block.lines, block.widths, strict=True)):
        left = box.left + (box.width - width) // 2 if centre else box.left
        middle = box.top + number * block.line_height + block.line_height // 2
        canvas.text((left, middle), line, face, colour, "lm")


def _draw_mark(canvas: Canvas, band: BannerBand, box: Box, text: TextBlock, fonts: Fonts) -> None:
    canvas.rounded_rectangle((box.left, box.top, box.right, box.bottom), 10, band.mark_colour)
    top = box.top + (box.height - text.height) // 2
    _text(
        canvas, text, Box(box.left, top, box.right, top + text.height), WHITE, fonts, bold=True, centre=True
    )


def _draw_statement(canvas: Canvas, band: BannerBand, parts: _BandLayout, fonts: Fonts) -> None:
    box = parts.statement_box
    top = box.top + (box.height - sum(block.height for block in parts.statement)) // 2
    for block, (_, colour, bold) in zip(parts.statement, band.statement, strict=True):
        _text(canvas, block, Box(box.left, top, box.right, top + block.height), colour, fonts, bold)
        top += block.height


SUPERSAMPLING = 4  # shapes are drawn this much larger and scaled down, for smooth edges


def _eu_emblem(box: Box) -> Image.Image:
    """The EU flag drawn to its construction (see `banner.standin`), with smooth edges."""
    return _flag(box.width, box.height)


@functools.lru_cache(maxsize=4)
def _flag(box_width: int, box_height: int) -> Image.Image:
    """Drawn once per size and process: every card pastes the same flag (pasting reads it only)."""
    height = box_height * SUPERSAMPLING
    width = box_width * SUPERSAMPLING
    flag = Image.new("RGB", (width, height), REFLEX_BLUE)
    draw = ImageDraw.Draw(flag)
    for cx, cy in star_centres(width / 2, height / 2, height / 3):
        draw.polygon(star_points(cx, cy, height / 18), fill=EU_YELLOW)
    return flag.resize((box_width, box_height), Image.Resampling.LANCZOS)


def _neutral_mark(box: Box, band: BannerBand) -> Image.Image:
    """The stand-in's plain square with two linked rings (a profile without the EU emblem)."""
    size = box.height * SUPERSAMPLING
    mark = Image.new("RGB", (size, size), WHITE)
    draw = ImageDraw.Draw(mark)
    draw.rounded_rectangle((0, 0, size, size), radius=round(size * 0.12), fill=band.mark_colour)
    radius = size * 0.2
    for offset in (-radius * 0.6, radius * 0.6):
        cx, cy = size / 2 + offset, size / 2
        ring = (cx - radius, cy - radius, cx + radius, cy + radius)
        draw.ellipse(ring, outline=WHITE, width=round(size * 0.06))
    return mark.resize((box.width, box.height), Image.Resampling.LANCZOS)


def _paste_artwork(canvas: Canvas, artwork: Image.Image, box: Box) -> None:
    shown = to_srgb(artwork).convert("RGBA").resize((box.width, box.height), Image.Resampling.LANCZOS)
    canvas.paste(shown, (box.left, box.top), shown)
