"""The typeface of every printed item: Liberation Sans, shipped with infoblokk (`fonts/`, SIL OFL).

Arial's metrics, so it is one of the faces the EU's emblem rules allow next to the emblem;
the same file on every computer, so the same facts give the same PDF bytes everywhere; and
every letter of Hungarian and Romanian (ő, ű, ș, ț). The PDF embeds the letters it uses.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "LiberationSans"
BOLD = "LiberationSans-Bold"
_FILES = {REGULAR: "LiberationSans-Regular.ttf", BOLD: "LiberationSans-Bold.ttf"}
ASCENT = 0.905  # of the font size, above the baseline (the font's own metrics)
DESCENT = 0.212  # below it


def font_name(bold: bool) -> str:
    return BOLD if bold else REGULAR


def font_path(name: str) -> Path:
    """The font file inside the installed package."""
    return Path(str(resources.files("infoblokk.publicity").joinpath("fonts", _FILES[name])))


@cache
def pdf_font(name: str) -> TTFont:
    """The font as reportlab embeds it, registered once per process under its own name."""
    font = TTFont(name, str(font_path(name)))
    pdfmetrics.registerFont(font)
    return font


def text_width(text: str, size: float, bold: bool) -> float:
    """The advance width of `text` at `size` points, as the PDF sets it (no kerning: widths add up)."""
    words = text.split(" ")
    total = 0.0
    for word in words:
        total += word_width(word, bold)
    return words_width(total, len(words), size, bold)


def words_width(total: float, count: int, size: float, bold: bool) -> float:
    """The width at `size` of `count` words one space apart whose `word_width`s add up to `total`
    (added from the left, as `text_width` does: a line measured as it grows word by word has
    the very width of its text)."""
    return size * (total + (count - 1) * word_width(" ", bold))


@lru_cache(maxsize=65536)
def word_width(word: str, bold: bool) -> float:
    """One word's width at size 1: wrapping measures the same words again and again."""
    return float(pdf_font(font_name(bold)).stringWidth(word, 1.0))
