"""A layout as a PNG: the electronic display, drawn with Pillow in the same font as the PDF."""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable

from PIL import Image, ImageColor, ImageDraw, ImageFont

from infoblokk.publicity.fonts import font_name, font_path
from infoblokk.publicity.layout import Fill, Layout, Mark, Picture, Ring, Shape, Words

FontOf = Callable[[Words], ImageFont.FreeTypeFont]
RGB = tuple[int, int, int]

_BLEND_STEPS = 11  # shades between two colours of the layout: the edges of letters
_CLEAR_OF_FLAT = 12.0  # no shade this close to a flat colour, so every flat pixel keeps its colour


def png_bytes(layout: Layout, width_px: int, height_px: int) -> bytes:
    """The layout on a white image of `width_px` × `height_px`, without metadata: same layout, same bytes."""
    scale = width_px / layout.width
    image = Image.new("RGB", (width_px, height_px), "white")
    draw = ImageDraw.Draw(image)
    fonts: dict[tuple[bool, float], ImageFont.FreeTypeFont] = {}

    def font_of(words: Words) -> ImageFont.FreeTypeFont:
        key = (words.bold, round(words.size * scale, 2))
        if key not in fonts:
            fonts[key] = ImageFont.truetype(str(font_path(font_name(words.bold))), key[1])
        return fonts[key]

    for mark in layout.marks:
        _draw(image, draw, mark, scale, font_of)
    palette = _shades_palette(layout)
    if palette is not None:
        image = image.quantize(palette=palette, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=3)
    return buffer.getvalue()


def _shades_palette(layout: Layout) -> Image.Image | None:
    """A palette of the layout's own colours and the shades between each two of them, or None
    where it has a picture (any colour) or too many colours to keep the shades fine.

    A drawn layout has a few flat colours and the anti-aliased edges of its letters between
    them: as a palette image the PNG takes a fifth of the time to encode and half the bytes.
    The flat colours stay exactly as they are (no shade lies near one); an edge pixel moves by
    at most 1/24 of the way between two colours.
    """
    if any(isinstance(mark, Picture) for mark in layout.marks):
        return None
    flat = sorted({_rgb(colour) for colour in _colours(layout.marks)} | {(255, 255, 255)})
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


def _colours(marks: Iterable[Mark]) -> Iterable[str]:
    for mark in marks:
        if isinstance(mark, Fill | Shape | Ring | Words):
            yield mark.colour


def _rgb(colour: str) -> RGB:
    red, green, blue = ImageColor.getrgb(colour)[:3]
    return red, green, blue


def _blend(a: RGB, b: RGB, share: float) -> RGB:
    red, green, blue = (round(x + (y - x) * share) for x, y in zip(a, b, strict=True))
    return red, green, blue


def _draw(image: Image.Image, draw: ImageDraw.ImageDraw, mark: Mark, scale: float, font_of: FontOf) -> None:
    if isinstance(mark, Fill):
        box = mark.box
        corners = (box.x * scale, box.y * scale, (box.x + box.width) * scale, box.bottom * scale)
        draw.rectangle(corners, fill=mark.colour)
    elif isinstance(mark, Shape):
        draw.polygon([(x * scale, y * scale) for x, y in mark.points], fill=mark.colour)
    elif isinstance(mark, Ring):
        r = mark.radius * scale
        cx, cy = mark.cx * scale, mark.cy * scale
        draw.ellipse(
            (cx - r, cy - r, cx + r, cy + r), outline=mark.colour, width=max(1, round(mark.stroke * scale))
        )
    elif isinstance(mark, Words):
        draw.text(
            (mark.x * scale, mark.baseline * scale),
            mark.text,
            font=font_of(mark),
            fill=mark.colour,
            anchor="ls",
        )
    elif isinstance(mark, Picture):
        size = (round(mark.box.width * scale), round(mark.box.height * scale))
        with Image.open(mark.source) as artwork:
            picture = artwork.convert("RGB").resize(size, Image.Resampling.LANCZOS)
        image.paste(picture, (round(mark.box.x * scale), round(mark.box.y * scale)))
