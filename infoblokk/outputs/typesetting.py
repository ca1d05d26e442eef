"""Type for images the build draws: a font with every letter of the text, and text fitted to a box.

Fonts come from the computer: Liberation Sans (Debian's fonts-liberation, Arial's metrics),
DejaVu Sans, or Arial on Windows and macOS, whichever is found first and has every letter of
the text (a font without `ő` draws an empty box, "tofu", in its place). Without any of them
Pillow's own font is used, which lacks `ő` and `ű`.

`fit_text` wraps a text into a box at the largest size that fits: lines break between words
and after a hyphen inside a word (`felzárkózás-` / `politikai`), never inside a word; only
when the text does not fit at the smallest size is it cut after a whole word, with `…`.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

FontFace = ImageFont.FreeTypeFont | ImageFont.ImageFont

# (regular, bold) file pairs, most Arial-like first.
FONT_CANDIDATES: tuple[tuple[str, str], ...] = (
    (
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
        "/usr/share/fonts/liberation-sans/LiberationSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
    ),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
    ("/System/Library/Fonts/Supplemental/Arial.ttf", "/System/Library/Fonts/Supplemental/Arial Bold.ttf"),
    ("/Library/Fonts/Arial.ttf", "/Library/Fonts/Arial Bold.ttf"),
)
NOT_A_LETTER = "\ue000"  # a private-use code point: no font draws it, so it shows the font's tofu
ELLIPSIS = "…"
LINE_SPACING = 1.2


@dataclass(frozen=True)
class Fonts:
    """A regular and a bold font file (None: Pillow's own font), and a digest of both."""

    regular: Path | None
    bold: Path | None
    fingerprint: str

    def face(self, size: int, bold: bool = False) -> FontFace:
        """The font at `size` pixels."""
        return _face(self.bold if bold else self.regular, size)


@functools.lru_cache(maxsize=256)
def _face(path: Path | None, size: int) -> FontFace:
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size)


def find_fonts(text: str, candidates: Iterable[tuple[str, str]] = FONT_CANDIDATES) -> Fonts:
    """The first pair of font files found that draws every letter of `text`, else the first found."""
    found = [(Path(r), Path(b)) for r, b in candidates if Path(r).is_file() and Path(b).is_file()]
    # White space is never drawn (wrapping splits at it), and Pillow's layout fails on a line or
    # paragraph break given as a letter (a title pasted with U+001E or U+2029 in it).
    letters = "".join(sorted(letter for letter in set(text) if not letter.isspace()))
    chosen = next((pair for pair in found if all(draws_every_letter(p, letters) for p in pair)), None)
    if chosen is None and found:
        chosen = found[0]
    if chosen is None:
        return Fonts(None, None, "pillow-default")
    regular, bold = chosen
    fingerprint = hashlib.sha256(regular.read_bytes() + bold.read_bytes()).hexdigest()
    return Fonts(regular, bold, fingerprint)


def draws_every_letter(path: Path, letters: str) -> bool:
    """True when the font file has a glyph of its own for every one of `letters`."""
    return all(not is_tofu(_face(path, 24), letter) for letter in letters)


def is_tofu(face: FontFace, letter: str) -> bool:
    """True when `face` draws `letter` as its "missing glyph" box."""
    missing, drawn = face.getmask(NOT_A_LETTER), face.getmask(letter)
    return bool(drawn.size == missing.size and bytes(drawn) == bytes(missing))


# --------------------------------------------------------------------------
# Fitting text into a box
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class TextBlock:
    """Lines of one text at one size, as they are drawn."""

    lines: tuple[str, ...]
    size: int
    line_height: int
    widths: tuple[int, ...]
    shortened: bool = False  # cut with an ellipsis: the text did not fit at the smallest size

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)

    @property
    def width(self) -> int:
        return max(self.widths, default=0)


Measure = Callable[[str, int], int]
"""The width in pixels of a text at a size."""


def measure_with(fonts: Fonts, bold: bool, letter_spacing: float = 0.0) -> Measure:
    """The width a text takes in `fonts` (bold or regular), with extra space between letters."""

    def width(text: str, size: int) -> int:
        extra = letter_spacing * size * max(len(text) - 1, 0)
        return round(fonts.face(size, bold).getlength(text) + extra)

    return width


def words_of(text: str) -> list[tuple[str, str]]:
    """(glue, word) pairs: a word may start a line after a space, or after a hyphen in a word."""
    pieces: list[tuple[str, str]] = []
    for index, word in enumerate(text.split()):
        parts = re.findall(r"[^-–]+[-–]|[^-–]+$|[-–]+", word)
        for number, part in enumerate(parts or [word]):
            pieces.append((" " if index and number == 0 else "", part))
    return pieces


@dataclass(frozen=True)
class Wrapped:
    """A text's lines at one size, each with its width as wrapping measured it."""

    lines: tuple[str, ...]
    widths: tuple[int, ...]
    too_wide: bool  # some single word is wider than the width


def wrap(text: str, width: int, size: int, measure: Measure) -> Wrapped:
    """Greedy wrap at `size`."""
    lines: list[str] = []
    widths: list[int] = []
    too_wide = False
    for glue, word in words_of(text):
        if lines:
            candidate = lines[-1] + glue + word
            candidate_width = measure(candidate, size)
            if candidate_width <= width:
                lines[-1], widths[-1] = candidate, candidate_width
                continue
        word_width = measure(word, size)
        lines.append(word)
        widths.append(word_width)
        too_wide = too_wide or word_width > width
    return Wrapped(tuple(lines), tuple(widths), too_wide)


def fit_text(
    text: str,
    box: tuple[int, int],
    sizes: tuple[int, int],
    measure: Measure,
    max_lines: int = 4,
) -> TextBlock:
    """`text` wrapped into `box` (width, height) at the largest size from `sizes` (largest,
    smallest) that fits in at most `max_lines` lines; at the smallest, cut after a word with `…`."""
    width, height = box
    largest, smallest = sizes

    def fits(size: int) -> Wrapped | None:
        wrapped = wrap(text, width, size, measure)
        tall = round(size * LINE_SPACING) * len(wrapped.lines)
        return None if wrapped.too_wide or len(wrapped.lines) > max_lines or tall > height else wrapped

    best = _largest(smallest, largest, fits)
    if best is None:
        return _shortened(text, width, height, smallest, measure, max_lines)
    size, wrapped = best
    return _block(wrapped.lines, wrapped.widths, size)


def _largest(
    smallest: int, largest: int, fits: Callable[[int], Wrapped | None]
) -> tuple[int, Wrapped] | None:
    """The largest size from `smallest` to `largest` at which `fits` gives lines, by halving the
    range (a text that fits at one size fits at every smaller one)."""
    found: tuple[int, Wrapped] | None = None
    low, high = smallest, largest
    while low <= high:
        middle = (low + high) // 2
        wrapped = fits(middle)
        if wrapped is None:
            high = middle - 1
        else:
            found, low = (middle, wrapped), middle + 1
    return found


def _block(lines: Sequence[str], widths: Sequence[int], size: int, shortened: bool = False) -> TextBlock:
    return TextBlock(tuple(lines), size, round(size * LINE_SPACING), tuple(widths), shortened)


def _shortened(text: str, width: int, height: int, size: int, measure: Measure, max_lines: int) -> TextBlock:
    """The last resort: as many whole words as fit at `size`, then `…`.

    A single word wider than the box even at `size` (a very long compound) makes the size
    smaller still, down to what the word needs: it is never cut.
    """
    wrapped = wrap(text, width, size, measure)
    while wrapped.too_wide and size > 8:
        size -= 1
        wrapped = wrap(text, width, size, measure)
    room = max(1, min(max_lines, height // round(size * LINE_SPACING)))
    if len(wrapped.lines) <= room:
        return _block(wrapped.lines, wrapped.widths, size)
    kept = list(wrapped.lines[:room])
    last = kept[-1]
    while measure(last + ELLIPSIS, size) > width and " " in last:
        last = last.rsplit(" ", 1)[0]
    kept[-1] = last.rstrip(" ,;:-–") + ELLIPSIS
    widths = (*wrapped.widths[: room - 1], measure(kept[-1], size))
    return _block(kept, widths, size, shortened=True)
