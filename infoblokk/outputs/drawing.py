"""Drawings in a few flat colours (a social card, the display), made straight as palette images.

A drawing of flat colours has only the anti-aliased edges of its letters between them, so it
is a palette image of its colours and the shades between each two of them: its PNG takes a
fifth of the time to encode and half the bytes of an RGB one. The flat colours stay exactly as
they are (no shade lies near one); an edge pixel moves by at most 1/24 of the way between two
colours.

A `Canvas` draws into that palette image directly. Shapes are drawn in the palette's entries
(Pillow does not anti-alias them, so each pixel is one flat colour). A line of text is drawn
as a mask of how much of each pixel its letters cover; on a single colour, each coverage
stands for one blend of that colour and the text's, and `_coverage_table` gives the entry that
blend becomes in the palette: the very pixels of drawing in RGB and reducing the whole image to
the palette at the end, without the RGB image three times the size. Text over more than one
colour is blended in RGB where it lies and reduced there. A canvas with too many colours for
fine shades, or with a picture of any colour on it, is an RGB image throughout.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence

from PIL import Image, ImageColor, ImageDraw, ImageFont

RGB = tuple[int, int, int]
Point = tuple[float, float]
Corners = tuple[float, float, float, float]
FontFace = ImageFont.FreeTypeFont | ImageFont.ImageFont

_BLEND_STEPS = 11  # shades between two flat colours: the edges of letters
_CLEAR_OF_FLAT = 12.0  # no shade this close to a flat colour, so every flat pixel keeps its colour
ROOM_IN_EMS = (1.5, 8.0)  # around a line of text for its letters: first, and where one touches that edge


class Canvas:
    """An image being drawn in `colours` (every flat colour it will use) on `background`."""

    def __init__(
        self, size: tuple[int, int], background: str, colours: Iterable[str], palette: bool = True
    ) -> None:
        self._flat = _flat_colours([background, *colours])
        self._palette = _shades_palette(self._flat) if palette else None
        if self._palette is None:
            self.image = Image.new("RGB", size, background)
        else:
            self.image = Image.new("P", size, self.ink(background))
            self.image.putpalette(self._palette.getpalette() or [])
        self._draw = ImageDraw.Draw(self.image)

    def ink(self, colour: str) -> int | str:
        """What Pillow draws `colour` with here: its palette entry, or the colour itself."""
        if self._palette is None:
            return colour
        return self._flat.index(_rgb(colour))

    def rectangle(self, corners: Corners, colour: str) -> None:
        self._draw.rectangle(corners, fill=self.ink(colour))

    def rounded_rectangle(self, corners: Corners, radius: float, colour: str) -> None:
        self._draw.rounded_rectangle(corners, radius=radius, fill=self.ink(colour))

    def polygon(self, points: Sequence[Point], colour: str) -> None:
        self._draw.polygon(list(points), fill=self.ink(colour))

    def ring(self, corners: Corners, colour: str, width: int) -> None:
        self._draw.ellipse(corners, outline=self.ink(colour), width=width)

    def paste(self, picture: Image.Image, at: tuple[int, int], mask: Image.Image | None = None) -> None:
        """A picture drawn elsewhere: an RGB one is brought into the palette; a palette one
        (cut from a canvas of the same colours) is copied as it is."""
        if self._palette is not None and picture.mode != "P":
            picture = picture.convert("RGB").quantize(palette=self._palette, dither=Image.Dither.NONE)
        self.image.paste(picture, at, mask)

    def text(self, xy: Point, text: str, font: FontFace, colour: str, anchor: str) -> None:
        """One line of text, placed at `xy` by its `anchor` as `ImageDraw.text` places it."""
        if self._palette is None or not isinstance(font, ImageFont.FreeTypeFont):
            self._text_in_rgb(xy, text, font, colour, anchor)
            return
        coverage = _coverage(self.image.size, xy, text, font, anchor)
        if coverage is None:
            return
        mask, at = coverage
        box = (at[0], at[1], at[0] + mask.width, at[1] + mask.height)
        under = self.image.crop(box)
        single = under.getcolors(1)
        if single is None:  # over more than one colour: blended in RGB here, as a whole drawing would be
            region = under.convert("RGB")
            region.paste(colour, (0, 0), mask)
            self.paste(region, at)
            return
        table = _coverage_table(self._flat, single[0][1], self._flat.index(_rgb(colour)))
        self.image.paste(Image.frombytes("P", mask.size, mask.tobytes().translate(table)), at)

    def _text_in_rgb(self, xy: Point, text: str, font: FontFace, colour: str, anchor: str) -> None:
        if self._palette is None:
            self._draw.text(xy, text, font=font, fill=colour, anchor=anchor)
            return
        whole = self.image.convert("RGB")  # Pillow's own bitmap font: only where no font file is found
        ImageDraw.Draw(whole).text(xy, text, font=font, fill=colour, anchor=anchor)
        self.image.paste(whole.quantize(palette=self._palette, dither=Image.Dither.NONE), (0, 0))


def _coverage(
    size: tuple[int, int], xy: Point, text: str, font: ImageFont.FreeTypeFont, anchor: str
) -> tuple[Image.Image, tuple[int, int]] | None:
    """How much of each pixel the letters cover (0–255), cut to where they are, and where that is.

    Drawn with the same fraction of a pixel as on the canvas, so the letters are the same. The
    room around the text is first an em and a half, more than the letters of the usual fonts
    reach (Liberation Sans': 1.04 em); where a letter touches its edge, the text is drawn again
    with room to spare."""
    coverage = None
    for reach in ROOM_IN_EMS:
        coverage = _coverage_within(size, xy, text, font, anchor, reach)
        if coverage is None or coverage[2]:
            break
    return None if coverage is None else (coverage[0], coverage[1])


def _coverage_within(
    size: tuple[int, int], xy: Point, text: str, font: ImageFont.FreeTypeFont, anchor: str, reach: float
) -> tuple[Image.Image, tuple[int, int], bool] | None:
    """The coverage drawn within `reach` ems of the text, and whether no letter touches that edge."""
    room = _room(size, xy, text, font, anchor, reach)
    if room is None:
        return None
    left, top, right, bottom = room
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).text((xy[0] - left, xy[1] - top), text, font=font, fill=255, anchor=anchor)
    inked = mask.getbbox()
    if inked is None:
        return None
    clear = (
        (inked[0] > 0 or left == 0)
        and (inked[1] > 0 or top == 0)
        and (inked[2] < mask.width or right == size[0])
        and (inked[3] < mask.height or bottom == size[1])
    )
    return mask.crop(inked), (left + inked[0], top + inked[1]), clear


def _room(
    size: tuple[int, int], xy: Point, text: str, font: ImageFont.FreeTypeFont, anchor: str, reach: float
) -> tuple[int, int, int, int] | None:
    """The part of the canvas within `reach` ems of where the text is set (None if it is off it)."""
    x, y = xy
    em = font.size * reach
    length = font.getlength(text)
    start = x - length * {"l": 0.0, "m": 0.5, "r": 1.0}[anchor[0]]
    left, top = max(0, math.floor(start - em)), max(0, math.floor(y - em))
    right, bottom = min(size[0], math.ceil(start + length + em)), min(size[1], math.ceil(y + em))
    return (left, top, right, bottom) if right > left and bottom > top else None


@functools.lru_cache(maxsize=256)
def _coverage_table(flat: tuple[RGB, ...], under: int, ink: int) -> bytes:
    """For each coverage, the palette entry of the text's colour `ink` blended over `under` as
    Pillow blends it, reduced to the palette as Pillow reduces an image."""
    palette = _shades_palette(flat)
    assert palette is not None
    entries = palette.getpalette() or []
    background, colour = entries[under * 3 : under * 3 + 3], entries[ink * 3 : ink * 3 + 3]
    blends = Image.new("RGB", (256, 1))
    blends.putdata([_pillow_blend(background, colour, coverage) for coverage in range(256)])
    return blends.quantize(palette=palette, dither=Image.Dither.NONE).tobytes()


def _pillow_blend(under: Sequence[int], over: Sequence[int], coverage: int) -> RGB:
    """`over` at `coverage`/255 on `under`, rounded as Pillow's text drawing rounds it."""

    def channel(a: int, b: int) -> int:
        total = a * (255 - coverage) + b * coverage + 128
        return ((total >> 8) + total) >> 8

    red, green, blue = (channel(a, b) for a, b in zip(under, over, strict=True))
    return red, green, blue


def _flat_colours(colours: Iterable[str]) -> tuple[RGB, ...]:
    return tuple(sorted({_rgb(colour) for colour in colours}))


@functools.lru_cache(maxsize=64)
def _shades_palette(flat: tuple[RGB, ...]) -> Image.Image | None:
    """The palette of `flat` and its shades, made once per set of colours (drawing only reads
    it), or None when they are too many to keep the shades fine."""
    pairs = [(a, b) for index, a in enumerate(flat) for b in flat[index + 1 :]]
    shades = [
        _blend(a, b, step / (_BLEND_STEPS + 1)) for a, b in pairs for step in range(1, _BLEND_STEPS + 1)
    ]
    entries = [*flat, *(s for s in shades if all(math.dist(s, c) >= _CLEAR_OF_FLAT for c in flat))]
    if len(entries) > 256:
        return None
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for entry in entries for value in entry])
    return palette


def _rgb(colour: str) -> RGB:
    red, green, blue = ImageColor.getrgb(colour)[:3]
    return red, green, blue


def _blend(a: RGB, b: RGB, share: float) -> RGB:
    red, green, blue = (round(x + (y - x) * share) for x, y in zip(a, b, strict=True))
    return red, green, blue
