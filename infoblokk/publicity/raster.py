"""A layout as a PNG: the electronic display, drawn with Pillow in the same font as the PDF."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PIL import Image, ImageFont

from infoblokk.outputs.drawing import Canvas
from infoblokk.outputs.images import encode
from infoblokk.publicity.fonts import font_name, font_path
from infoblokk.publicity.layout import WHITE, Fill, Layout, Mark, Picture, Ring, Shape, Words

FontOf = Callable[[Words], ImageFont.FreeTypeFont]
PNG_OPTIONS = {"compress_level": 3}


def png_bytes(layout: Layout, width_px: int, height_px: int) -> bytes:
    """The layout on a white image of `width_px` × `height_px`, without metadata: same layout, same bytes.

    A palette image of the layout's colours and their shades, unless it shows official artwork
    (any colour): see `outputs.drawing`."""
    scale = width_px / layout.width
    plain = not any(isinstance(mark, Picture) for mark in layout.marks)
    canvas = Canvas((width_px, height_px), WHITE, _colours(layout.marks), palette=plain)
    fonts: dict[tuple[bool, float], ImageFont.FreeTypeFont] = {}

    def font_of(words: Words) -> ImageFont.FreeTypeFont:
        key = (words.bold, round(words.size * scale, 2))
        if key not in fonts:
            fonts[key] = ImageFont.truetype(str(font_path(font_name(words.bold))), key[1])
        return fonts[key]

    for mark in layout.marks:
        _draw(canvas, mark, scale, font_of)
    return encode(canvas.image, "PNG", PNG_OPTIONS)


def _colours(marks: Iterable[Mark]) -> Iterable[str]:
    for mark in marks:
        if isinstance(mark, Fill | Shape | Ring | Words):
            yield mark.colour


def _draw(canvas: Canvas, mark: Mark, scale: float, font_of: FontOf) -> None:
    if isinstance(mark, Fill):
        box = mark.box
        canvas.rectangle(
            (box.x * scale, box.y * scale, (box.x + box.width) * scale, box.bottom * scale), mark.colour
        )
    elif isinstance(mark, Shape):
        canvas.polygon([(x * scale, y * scale) for x, y in mark.points], mark.colour)
    elif isinstance(mark, Ring):
        r = mark.radius * scale
        cx, cy = mark.cx * scale, mark.cy * scale
        canvas.ring((cx - r, cy - r, cx + r, cy + r), mark.colour, max(1, round(mark.stroke * scale)))
    elif isinstance(mark, Words):
        canvas.text((mark.x * scale, mark.baseline * scale), mark.text, font_of(mark), mark.colour, "ls")
    elif isinstance(mark, Picture):
        size = (round(mark.box.width * scale), round(mark.box.height * scale))
        with Image.open(mark.source) as artwork:
            picture = artwork.convert("RGB").resize(size, Image.Resampling.LANCZOS)
        canvas.paste(picture, (round(mark.box.x * scale), round(mark.box.y * scale)))
