"""A layout as a print-ready PDF: one page of the sheet's size, vector text in embedded fonts.

reportlab writes it: the text stays text (selectable, searchable, sharp at any size), the font
is embedded as a subset of the letters used, the emblem is vector shapes, and official artwork
goes in as its own file (a CMYK JPEG stays CMYK for the printer). The output is invariant:
no creation date and no random document ID, so the same layout always gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from infoblokk.publicity.fonts import REGULAR, font_name, pdf_font
from infoblokk.publicity.layout import Box, Fill, Layout, Mark, Picture, Ring, Shape, Words


@dataclass(frozen=True)
class DocumentInfo:
    """What a PDF reader shows in the document's properties."""

    title: str
    author: str
    subject: str
    language: str


def pdf_bytes(layout: Layout, info: DocumentInfo) -> bytes:
    """The layout on one page exactly the sheet's size."""
    buffer = io.BytesIO()
    size = (layout.width, layout.height)
    initial = pdf_font(REGULAR).fontName  # else reportlab names Helvetica, a font it cannot embed
    canvas = Canvas(
        buffer,
        pagesize=size,
        invariant=True,
        pageCompression=1,
        lang=info.language,
        initialFontName=initial,  # type: ignore[arg-type]  # types-reportlab types it as a number: a slip
    )
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(info.subject)
    canvas.setCreator("infoblokk")
    for mark in layout.marks:
        _draw(canvas, mark, layout.height)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw(canvas: Canvas, mark: Mark, height: float) -> None:
    """One mark; the layout measures from the top, PDF from the bottom."""
    if isinstance(mark, Fill):
        canvas.setFillColor(HexColor(mark.colour))
        canvas.rect(mark.box.x, _flip(mark.box, height), mark.box.width, mark.box.height, stroke=0, fill=1)
    elif isinstance(mark, Shape):
        canvas.setFillColor(HexColor(mark.colour))
        path = canvas.beginPath()
        (first_x, first_y), *rest = mark.points
        path.moveTo(first_x, height - first_y)
        for x, y in rest:
            path.lineTo(x, height - y)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    elif isinstance(mark, Ring):
        canvas.setStrokeColor(HexColor(mark.colour))
        canvas.setLineWidth(mark.stroke)
        canvas.circle(mark.cx, height - mark.cy, mark.radius, stroke=1, fill=0)
    elif isinstance(mark, Words):
        canvas.setFillColor(HexColor(mark.colour))
        canvas.setFont(pdf_font(font_name(mark.bold)).fontName, mark.size)
        canvas.drawString(mark.x, height - mark.baseline, mark.text)
    elif isinstance(mark, Picture):
        canvas.drawImage(
            str(mark.source), mark.box.x, _flip(mark.box, height), mark.box.width, mark.box.height
        )


def _flip(box: Box, height: float) -> float:
    return height - box.y - box.height
