"""A layout as a PNG: the electronic display, drawn with Pillow in the same font as the PDF."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from PIL import Image, ImageDraw, ImageFont

from infoblokk.outputs.images import in_drawn_colours
from infoblokk.publicity.fonts import font_name, font_path
from infoblokk.publicity.layout import Fill, Layout, Mark, Picture, Ring, Shape, Words

FontOf = Callable[[Words], ImageFont.FreeTypeFont]


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
    if not any(isinstance(mark, Picture) for mark in layout.marks):  # a picture may have any colour
        image = in_drawn_colours(image, _colours(layout.marks))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=3)
    return buffer.getvalue()


def _colours(marks: Iterable[Mark]) -> Iterable[str]:
    yield "#FFFFFF"  # the sheet
    for mark in marks:
        if isinstance(mark, Fill | Shape | Ring | Words):
            yield mark.colour


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
