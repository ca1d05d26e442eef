"""Money, dates, numbers and percentages as they appear on the published pages.

Babel (CLDR) does the work for every language. Hungarian output differs from CLDR in
two typographic rules, which are written out here:

* digits are grouped only when the integer part has five or more digits
  (``4800 Ft`` but ``12 500 Ft``), always with a no-break space;
* forint amounts never show fillér (``75 000 000 Ft``, not ``75 000 000,00 Ft``).
  This holds in every language, since no forint amount on a grant page has fillér.

Babel also leaves out CLDR's currency spacing, so ``HUF75,000,000`` is given the
no-break space CLDR asks for between a currency code and a digit
(``HUF 75,000,000``); symbols such as ``€`` stay attached (``€12,500.50``).

English uses the ``en_GB`` locale: EU documents write dates day first
(``31 December 2020``), and British English is the EU's default English.

The *legacy* style reproduces how many older Hungarian pages wrote figures
(``75.000.000,- Ft``, ``2020.12.31.``). It only changes Hungarian output.

Amounts are rounded half up (commercial rounding) to the digits the currency shows.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_currency_precision,
    get_currency_symbol,
    is_currency,
)

from infoblokk.messages import Text

LANGUAGES: tuple[str, ...] = ("hu", "en", "ro")
STYLES: tuple[str, ...] = ("standard", "legacy")
DATE_LENGTHS: tuple[str, ...] = ("long", "short")

_LOCALES = MappingProxyType({"hu": "hu", "en": "en_GB", "ro": "ro"})
_NBSP = "\u00a0"
# Hungarian typography leaves four-digit numbers ungrouped: 4800, but 12 500.
_HUNGARIAN_GROUPING_FROM = 10_000
_MEMO_SIZE = 8192  # formatted values kept: Babel's formatting is slow, and a site repeats itself
_SHAPE_DIGIT = "9"  # the digit an amount's shape is written with (`Formatter._money_shape`)


@dataclass(frozen=True)
class Formatter:
    """Formats values for one page language and typographic style."""

    language: str = "hu"
    style: str = "standard"

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"unknown language '{self.language}'; use one of: {', '.join(LANGUAGES)}")
        if self.style not in STYLES:
            raise ValueError(f"unknown style '{self.style}'; use one of: {', '.join(STYLES)}")

    @property
    def _locale(self) -> Locale:
        return _parsed_locale(_LOCALES[self.language])

    @property
    def _hungarian(self) -> bool:
        return self.language == "hu"

    @property
    def _legacy(self) -> bool:
        return self._hungarian and self.style == "legacy"

    @functools.lru_cache(maxsize=_MEMO_SIZE)  # noqa: B019 (frozen: cached by equality; equal amounts and dates format alike)
    def money(self, amount: Decimal, currency: str) -> str:
        """`amount` in `currency` (an ISO 4217 code such as HUF, RON or EUR)."""
        if not _is_currency(currency):
            raise ValueError(
                Text(
                    "unknown currency '{currency}'; use an ISO code such as HUF, RON or EUR",
                    currency=currency,
                )
            )
        digits = 0 if currency == "HUF" else get_currency_precision(currency)
        value = Decimal(amount).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
        if self._legacy:
            return f"{_legacy_number(value)}{_NBSP}{get_currency_symbol(currency, 'hu')}"
        if value < 1:  # no shape for these (below, `_money_shape`): rare on a grant page
            return self._babel_money(value, currency, digits)
        written = f"{value:f}".replace(".", "")  # its digits, every decimal shown
        shape = self._money_shape(currency, digits, len(written) - digits)
        return self._babel_money(value, currency, digits) if shape is None else _filled_in(shape, written)

    @functools.lru_cache(maxsize=_MEMO_SIZE)  # noqa: B019 (frozen: cached by equality)
    def _money_shape(self, currency: str, digits: int, integer_digits: int) -> str | None:
        """How Babel writes every amount of this many integer digits (one or more) and `digits`
        decimals, as one of them written with `_SHAPE_DIGIT` alone (`9 999 999 Ft`); None if the
        text holds another digit.

        Babel takes about 18 µs an amount, and a list page shows twenty amounts, each different
        (each worker process meets them anew): made once per shape, an amount is its digits put
        in place of the shape's. The digits' places follow from their number alone (grouping,
        the decimal mark, the currency's place), and so does the Hungarian rule of grouping from
        five digits."""
        sample = Decimal(_SHAPE_DIGIT * integer_digits + ("." + _SHAPE_DIGIT * digits if digits else ""))
        text = self._babel_money(sample, currency, digits)
        written = "".join(character for character in text if character.isdigit())
        return text if written == _SHAPE_DIGIT * (integer_digits + digits) else None

    def _babel_money(self, value: Decimal, currency: str, digits: int) -> str:
        """Babel's formatting of a `value` quantized to the `digits` the currency shows."""
        text = format_currency(
            value,
            currency,
            format=_currency_pattern(self._locale, digits),
            locale=self._locale,
            currency_digits=False,
            group_separator=self._grouped(value),
        )
        return _currency_spacing(text)

    @functools.lru_cache(maxsize=_MEMO_SIZE)  # noqa: B019 (frozen: cached by equality; equal amounts and dates format alike)
    def date(self, value: datetime.date, length: str = "long") -> str:
        """`value` as a long (``2020. december 31.``) or short (``2020. 12. 31.``) date."""
        if length not in DATE_LENGTHS:
            raise ValueError(
                Text(
                    "unknown date length '{length}'; use one of: {lengths}",
                    length=length,
                    lengths=", ".join(DATE_LENGTHS),
                )
            )
        if self._legacy:
            return f"{value.year}.{value.month:02d}.{value.day:02d}."
        return format_date(value, length, locale=self._locale)

    def percent(self, value: Decimal | int) -> str:
        """`value` percent: 90 gives ``90%``, Decimal("12.5") gives ``12,5%``."""
        number = Decimal(value)
        text = format_percent(
            number / 100,
            locale=self._locale,
            decimal_quantization=False,
            group_separator=self._grouped(number),
        )
        # Hungarian sets the sign right after the number, even if CLDR adds a space.
        return re.sub(r"\s+%", "%", text) if self._hungarian else text

    def number(self, value: Decimal | int) -> str:
        """`value` with all its decimals and the language's digit grouping."""
        number = Decimal(value)
        if self._legacy:
            return _legacy_number(number, whole_mark="")
        return format_decimal(
            number,
            locale=self._locale,
            decimal_quantization=False,
            group_separator=self._grouped(number),
        )

    def _grouped(self, value: Decimal) -> bool:
        """Whether to group digits: always, except short Hungarian numbers."""
        return not self._hungarian or abs(value) >= _HUNGARIAN_GROUPING_FROM


def _filled_in(shape: str, digits: str) -> str:
    """The shape with these digits in place of its own, in order."""
    between = shape.split(_SHAPE_DIGIT)  # the text around each digit's place
    return "".join(part + digit for part, digit in zip(between, digits, strict=False)) + between[-1]


@functools.lru_cache(maxsize=8)
def _parsed_locale(name: str) -> Locale:
    """The locale, parsed once: Babel parses a locale given by name at every call."""
    return Locale.parse(name)


@functools.lru_cache(maxsize=32)
def _is_currency(code: str) -> bool:
    """Whether Babel knows the currency; asked once a code (it searches all of them)."""
    return is_currency(code)


@functools.lru_cache(maxsize=32)
def _currency_pattern(locale: Locale, digits: int) -> str:
    """The locale's CLDR currency pattern, showing exactly `digits` decimals."""
    pattern: str = locale.currency_formats["standard"].pattern
    # CLDR patterns always write the decimal mark as "." whatever the locale uses.
    decimals = "." + "0" * digits if digits else ""
    return re.sub(r"\.0+", decimals, pattern)


def _currency_spacing(text: str) -> str:
    """Apply CLDR's currency spacing, which Babel skips: ``HUF75`` becomes ``HUF 75``."""
    # Only currencies written in letters get the space; "€" stays next to the digits.
    text = re.sub(r"^(-?)([^\W\d_]+)(?=\d)", rf"\1\2{_NBSP}", text)
    return re.sub(r"(?<=\d)([^\W\d_]+)$", rf"{_NBSP}\1", text)


def _legacy_number(value: Decimal, whole_mark: str = "-") -> str:
    """`value` with dots between thousands and a decimal comma: ``75.000.000,-``.

    A whole amount ends in ``,`` + `whole_mark` (``,-`` for money), or in nothing when
    `whole_mark` is empty.
    """
    whole, _, fraction = f"{value:,f}".partition(".")
    dotted = whole.replace(",", ".")
    if fraction.strip("0"):
        return f"{dotted},{fraction}"
    return f"{dotted},{whole_mark}" if whole_mark else dotted
