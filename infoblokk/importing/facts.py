"""A project's facts as another source wrote them, read into the values a content file holds.

Every reader takes the text as the source wrote it and returns the value to write, or raises
ValueError with a Text saying in plain words why the text is not that fact. The spellings are
those the content model accepts (`infoblokk.content.amounts`, the Hungarian dates of
`infoblokk.content.fields`, `infoblokk.content.project_ids`), plus what older pages add to them:
`100, 00 %`, `100 százalék`, a value followed by words (`2020.12.31 (meghosszabbítva)`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from infoblokk.content.amounts import ParsedAmount, parse_amount
from infoblokk.content.fields import _date_written_otherwise
from infoblokk.content.project_ids import parse_project_id
from infoblokk.messages import Text

FactValue = str | Decimal | date | tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    """One fact found in a source: the key it is written under, its value, where it came from."""

    key: str
    value: FactValue
    source: str
    """The text it was read from, as the source wrote it."""
    line: int | None = None
    """The line of the source file (a page), or None (a spreadsheet row names its own number)."""


@dataclass(frozen=True)
class Unread:
    """Text standing where a fact should be, that could not be read as that fact."""

    key: str
    source: str
    reason: str
    line: int | None = None


# A number with its thousands groups, a `,-` and the words around it: 75.000.000,- Ft,
# 74,976 millió forint, € 12 500, 1 756 996,00 RON.
_AMOUNT_AT_START = re.compile(
    r"(?:€\s*)?\d[\d .,\u00a0\u202f]*(?:[.,]-+)?"
    r"(?:\s*(?:ezer|millió|millio|milliárd|milliard)(?!\w))?"
    r"(?:\s*(?:Ft\.?|HUF|forint|RON|lej|lei|EUR|euró|euro|€)(?!\w))?",
    re.IGNORECASE,
)


def read_amount(text: str) -> ParsedAmount:
    """`75.000.000,- Ft`, `74,976 millió forint`, `75 000 000 Ft, azaz hetvenötmillió forint`."""
    try:
        return parse_amount(text)
    except ValueError as whole_failed:
        start = _AMOUNT_AT_START.match(text.strip())
        if start is None or start.end() == len(text.strip()):
            raise whole_failed from None
        return parse_amount(start[0].strip().rstrip(",.").strip() if _ends_in_mark(start[0]) else start[0])


def _ends_in_mark(text: str) -> bool:
    """`75 000 000 Ft,` cut from a sentence: the comma ends the sentence, not the number."""
    stripped = text.rstrip()
    return stripped.endswith((",", ".")) and not stripped.endswith((",-", ".-"))


_RATE = re.compile(r"(\d{1,3}(?:\s*[.,]\s*\d+)?)\s*(?:%|százalék|szazalek)?(?!\w)", re.IGNORECASE)


def read_rate(text: str) -> Decimal:
    """`100%`, `100 %`, `100, 00 %`, `85,5%`, `100 százalék` → the percentage."""
    found = _RATE.match(text.strip())
    if found is None:
        raise ValueError(Text("'{text}' is not a percentage", text=text.strip()))
    number = Decimal(re.sub(r"\s", "", found[1]).replace(",", "."))
    if not Decimal(0) < number <= Decimal(100):
        raise ValueError(Text("{text} is not between 0 (exclusive) and 100 percent", text=found[1]))
    return tidy_number(number)


def tidy_number(number: Decimal) -> Decimal:
    """`100.00` → `100`, `85.50` → `85.5`: the digits a reader needs, never an exponent."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


_DATE_LIKE = re.compile(
    r"\d{4}\s*[./-]?\s*(?:\d{1,2}|[a-záéíóöőúüű]{3,}\.?)\s*[./-]?\s*\d{1,2}\.?(?:-?[a-záéíóöőúüű]{1,3})?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_ISO_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")


def read_date(text: str) -> date:
    """`2020.12.31`, `2020. december 31.`, `2020-12-31`, `31/12/2020`, `2020-12-31T00:00:00Z`.

    Day-first forms (`31/12/2020`, `31.12.2020`) are read day first, as in every EU country.
    """
    stripped = text.strip()
    timed = _ISO_TIME.fullmatch(stripped)
    if timed:
        stripped = timed[1]
    for found in _DATE_LIKE.finditer(stripped):
        day = _one_date(found[0])
        if day is not None:
            return day
    raise ValueError(Text("'{text}' is not a date with a year, a month and a day", text=stripped))


def _one_date(text: str) -> date | None:
    day_first = _DAY_FIRST.fullmatch(text)
    if day_first:
        try:
            return date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
        except ValueError:
            return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return _date_written_otherwise(text)


def read_day_of(value: str | datetime | date) -> date:
    """A spreadsheet cell holding a date: a real date (xlsx) or text (CSV)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return read_date(value)


_ID_LIKE = re.compile(
    r"(?<![\w-])[A-Za-zÖö]{2,6}(?:[_ ][Pp][Ll][Uu][Ss][Zz])?"
    r"[-\u2010-\u2013\u2212]\d[\w.\-\u2010-\u2013\u2212]*\d{5}(?!\w)"
)


def read_project_id(text: str) -> str:
    """The project ID in `text` (alone or followed by words), in its canonical spelling."""
    try:
        return parse_project_id(text).normalized
    except ValueError as whole_failed:
        found = _ID_LIKE.search(text)
        if found is None:
            raise whole_failed from None
        return parse_project_id(found[0]).normalized


def project_ids_in(text: str) -> list[str]:
    """Every valid project ID written in running text, canonically spelt, in order."""
    found = []
    for candidate in _ID_LIKE.finditer(text):
        try:
            found.append(parse_project_id(candidate[0]).normalized)
        except ValueError:
            continue
    return found


_FUND_NAMES = (
    ("ESZA+", re.compile(r"ESZA\s*\+|ESZA\s*plusz|Európai Szociális Alap\s*(?:\+|Plusz)|ESF\s*\+", re.I)),
    ("ESZA", re.compile(r"\bESZA\b|Európai Szociális Alap|\bESF\b|European Social Fund", re.I)),
    ("ERFA", re.compile(r"\bERFA\b|Európai Regionális Fejlesztési Alap|\bERDF\b|Regional Development", re.I)),
    ("KA", re.compile(r"\bKA\b|Kohéziós Alap|\bCF\b|Cohesion Fund", re.I)),
)


def read_fund(text: str) -> str:
    """`ESZA`, `Európai Szociális Alap`, `ERDF`, `Kohéziós Alap` … → ESZA, ERFA, KA or ESZA+."""
    named = {fund for fund, pattern in _FUND_NAMES if pattern.search(text)}
    if "ESZA+" in named:
        named.discard("ESZA")
    if len(named) != 1:
        raise ValueError(Text("'{text}' does not name one fund (ESZA, ERFA, KA or ESZA+)", text=text.strip()))
    return named.pop()


_BANNER_FILE = re.compile(r"[\w.\-]*_(?P<fund>ESZA|ERFA|KA)\.(?:jpe?g|png|gif|svg|webp)\b", re.IGNORECASE)


def fund_of_banner(name: str) -> str | None:
    """The fund an official banner file names: `infoblokk_kedv_final_felso_cmyk_ESZA.jpg` → ESZA."""
    found = _BANNER_FILE.search(name)
    return found["fund"].upper() if found else None


def banner_files_in(text: str) -> list[str]:
    """The names of official banner files mentioned in text."""
    return [found[0] for found in _BANNER_FILE.finditer(text)]


def read_names(text: str) -> tuple[str, ...]:
    """One name, or several separated by semicolons or lines: `Vezető; Partner`."""
    names = tuple(name.strip(" \t.;,") for name in re.split(r"[;\n]", text))
    kept = tuple(name for name in names if name)
    if not kept:
        raise ValueError(Text("no name is written here"))
    return kept


def read_plain(text: str) -> str:
    """A one-line text fact (a title, a county): its words, spaces tidied."""
    words = " ".join(text.split())
    if not words:
        raise ValueError(Text("nothing is written here"))
    return words


def share_in_percent(part: Decimal, whole: Decimal) -> Decimal:
    """`part` as a percentage of `whole`, to two decimals (the EU's part of the total cost)."""
    if whole <= 0 or part <= 0 or part > whole:
        raise ValueError(
            Text(
                "the EU support ({part}) must be more than zero and at most the total cost ({whole})",
                part=part,
                whole=whole,
            )
        )
    try:
        return tidy_number((part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    except InvalidOperation:
        raise ValueError(
            Text(
                "the EU support ({part}) cannot be divided by the total cost ({whole})",
                part=part,
                whole=whole,
            )
        ) from None
