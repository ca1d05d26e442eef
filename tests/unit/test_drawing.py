"""A canvas draws cards and the display straight as a palette image: pixel for pixel what drawing
in RGB and reducing the whole image to the same palette gives, only sooner."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from infoblokk.outputs import drawing
from infoblokk.outputs.drawing import Canvas
from infoblokk.publicity.fonts import BOLD, font_path

BLUE, YELLOW, WHITE, INK = "#003399", "#FFCC00", "#FFFFFF", "#1A1A1A"
SIZE = (640, 240)


def font(size: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(BOLD)), size)


def both(draw: list[tuple[str, tuple[object, ...]]]) -> tuple[Image.Image, Image.Image]:
    """The same drawing on a canvas, and in RGB reduced to the canvas's palette at the end."""
    canvas = Canvas(SIZE, WHITE, (BLUE, YELLOW, INK))
    rgb = Image.new("RGB", SIZE, WHITE)
    pen = ImageDraw.Draw(rgb)
    for kind, args in draw:
        if kind == "rectangle":
            corners, colour = args
            canvas.rectangle(corners, colour)  # type: ignore[arg-type]
            pen.rectangle(corners, fill=colour)  # type: ignore[arg-type]
        else:
            xy, text, face, colour = args
            canvas.text(xy, text, face, colour, "ls")  # type: ignore[arg-type]
            pen.text(xy, text, font=face, fill=colour, anchor="ls")  # type: ignore[arg-type]
    return canvas.image, rgb.quantize(palette=canvas.image, dither=Image.Dither.NONE)


def test_text_on_one_colour_is_the_reduced_rgb_drawing() -> None:
    drawn, reduced = both(
        [
            ("rectangle", ((0, 120, 640, 240), BLUE)),
            ("text", ((20.4, 80.7), "Őszi felzárkózás – Ű", font(52.3), INK)),
            ("text", ((30.0, 200.2), "Európai Unió", font(40), YELLOW)),
        ]
    )
    assert drawn.mode == "P"
    assert drawn.tobytes() == reduced.tobytes()
    assert len(drawn.getcolors() or []) > 10  # anti-aliased: the edges are shades


def test_text_across_two_colours_is_the_reduced_rgb_drawing() -> None:
    drawn, reduced = both(
        [
            ("rectangle", ((0, 0, 200, 240), BLUE)),
            ("text", ((10.5, 120.5), "Kedvezményezett település", font(48), YELLOW)),
        ]
    )
    assert drawn.tobytes() == reduced.tobytes()


def test_letters_reaching_beyond_the_first_room_are_drawn_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drawing, "ROOM_IN_EMS", (0.3, 8.0))  # letters reach past 0.3 em of their line
    drawn, reduced = both([("text", ((40.0, 200.0), "Ő Á Ű ÉÍ", font(40), INK))])
    assert drawn.tobytes() == reduced.tobytes()


def test_a_canvas_of_too_many_colours_for_fine_shades_is_rgb() -> None:
    colours = [
        "#E41A1C",
        "#377EB8",
        "#4DAF4A",
        "#984EA3",
        "#FF7F00",
        "#FFFF33",
        "#A65628",
        "#F781BF",
        "#000000",
    ]
    assert Canvas(SIZE, WHITE, colours).image.mode == "RGB"
    assert Canvas(SIZE, WHITE, (BLUE, YELLOW), palette=False).image.mode == "RGB"
