"""Grant amounts as communication officers type them, read exactly into a Decimal.

People copy amounts from grant contracts, press releases and older web pages, so the
same sum arrives as ``74998560``, ``"74.998.560,- Ft"``, ``"74 998 560 Ft"`` or
``"74,998560 millió forint"``. This module accepts those spellings and refuses, with a
plain-words hint, anything whose meaning is not certain: a grant amount that is off by a
factor of a thousand is worse than a build that stops.

Reading rules for the digits:

* spaces (including no-break and narrow no-break spaces) only ever group thousands;
* a trailing ``,-`` (or ``.-``) means "no decimals", so every dot or comma before it
  groups thousands (``4.800,- Ft``);
* a dot or comma that is the only kind of separator and repeats groups thousands
  (``74.998.560``, ``12,500,000``);
* otherwise the last dot or comma is the decimal mark (``1 756 996,00``, ``€12,500.50``),
  unless exactly three digits follow it: ``4.800`` could mean 4800 or 4.8, so it is
  refused, except a comma before ``ezer``/``millió``/``milliárd`` (``74,976 millió``),
  which can only be a decimal comma.

An approximate amount (`kb.`, `mintegy`, `~`…) and curly quotes are refused with a plain-words
reason. The result has at most two decimal places, is more than zero and is computed without
rounding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, Inexact, InvalidOperation, localcontext
from types import MappingProxyType

from infoblokk.messages import Text

_EXAMPLE = Text('write digits, e.g. 74998560 or "74 998 560 Ft"')

# Keys are lower case; the value is the ISO 4217 code.
_CURRENCIES = MappingProxyType(
    {
        "ft": "HUF",
        "huf": "HUF",
        "forint": "HUF",
        "ron": "RON",
        "lej": "RON",
        "lei": "RON",
        "eur": "EUR",
        "euró": "EUR",
        "euro": "EUR",
        "€": "EUR",
    }
)
_CURRENCY_LIST = Text("Ft, HUF, forint, RON, lej, lei, EUR, euró, euro or €")

_SCALES = MappingProxyType(
    {
        "ezer": Decimal(1_000),
        "millió": Decimal(1_000_000),
        "millio": Decimal(1_000_000),
        "milliárd": Decimal(1_000_000_000),
        "milliard": Decimal(1_000_000_000),
    }
)

# A grant larger than this is a typo (the biggest EU-funded projects stay far below).
_LARGEST = Decimal(10) ** 15
_CENT = Decimal("0.01")

# [currency] digits-with-separators [",-"] [units]
_SHAPE = re.compile(
    r"(?P<prefix>[^\d\s]+)?\s*"
    r"(?P<number>\d(?:[\d .,]*\d)?)"
    r"(?P<whole>[.,]-+)?"
    r"\s*(?P<suffix>.*)"
)


@dataclass(frozen=True)
class ParsedAmount:
    """An exact amount and its ISO 4217 currency code (None when the text named none)."""

    amount: Decimal
    currency: str | None


def parse_amount(value: float | Decimal | str) -> ParsedAmount:
    """Read a grant amount (int, float, Decimal or text).

    Raises ValueError with a message meant for a non-programmer.
    """
    if isinstance(value, str):
        return _parse_text(value)
    return ParsedAmount(_checked(_number_value(value), str(value)), None)


def _number_value(value: object) -> Decimal:
    # str() keeps what the user typed (1581296.4), where Decimal(float) would not. It
    # also turns a stray YAML `true` or `null` into a word that Decimal refuses.
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(_not_an_amount(value)) from None
    if not number.is_finite():
        raise ValueError(_not_an_amount(value))
    return number


def _not_an_amount(value: object) -> Text:
    return Text("'{value}' is not an amount; {example}", value=value, example=_EXAMPLE)


# Words that make an amount approximate: the page must show the contracted sum exactly.
_APPROXIMATE = re.compile(
    r"(?<!\w)(?:kb\.?|mintegy|körülbelül|cca\.?|ca\.|közel|nagyjából|megközelítőleg|"
    r"approx\.?|approximately|about|around|circa)(?!\w)|[~≈]",
    re.IGNORECASE,
)
_CURLY_QUOTES = "“”„‘’‚"


def _parse_text(value: str) -> ParsedAmount:
    text = re.sub(r"\s+", " ", value).strip()
    approximate = _APPROXIMATE.search(text)
    if approximate:
        raise ValueError(
            Text(
                "'{text}' is an approximate amount ('{word}'); write the exact contracted "
                'amount from the grant contract, e.g. "74 998 560 Ft"',
                text=text,
                word=approximate[0],
            )
        )
    if any(quote in text for quote in _CURLY_QUOTES):
        raise ValueError(
            Text(
                "'{text}' has curly quotes (“ ”) in it; write the amount without them, "
                'or put all of it in straight quotes: "74 998 560 Ft"',
                text=text,
            )
        )
    if text.startswith(("-", "\N{MINUS SIGN}")):
        raise ValueError(_not_positive(text))
    shape = _SHAPE.fullmatch(text)
    if shape is None:
        raise ValueError(_not_an_amount(text))
    scale, currency = _read_units(shape["prefix"] or "", shape["suffix"], text)
    number = _read_number(shape["number"], shape["whole"] is not None, scale != 1, text)
    return ParsedAmount(_checked(_scaled(number, scale, text), text), currency)


def _read_units(prefix: str, suffix: str, text: str) -> tuple[Decimal, str | None]:
    """The multiplier and currency named around the number, e.g. `€ 12` or `5 millió Ft`."""
    # "12500€" and "€12500" have no space between the symbol and its neighbours.
    before = prefix.replace("€", " € ").split()
    after = suffix.replace("€", " € ").split()
    scale = _SCALES.get(_key(after[0]), Decimal(1)) if after else Decimal(1)
    if scale != 1:
        after = after[1:]
    currencies = [_currency(word, text) for word in before + after]
    if len(currencies) > 1:
        raise ValueError(
            Text("'{text}' names more than one currency; write one, e.g. \"12 500 EUR\"", text=text)
        )
    return scale, currencies[0] if currencies else None


def _currency(word: str, text: str) -> str:
    code = _CURRENCIES.get(_key(word))
    if code is None:
        raise ValueError(
            Text(
                "'{text}' is not an amount: unknown unit '{word}'; use {currencies}"
                " (optionally after ezer, millió or milliárd)",
                text=text,
                word=word,
                currencies=_CURRENCY_LIST,
            )
        )
    return code


def _key(word: str) -> str:
    # "Ft." at the end of a sentence is still forint.
    return word.lower().removesuffix(".")


def _read_number(number: str, whole: bool, scaled: bool, text: str) -> Decimal:
    """The value of `number` (digits, spaces, dots, commas) without rounding."""
    mark = None if whole else _decimal_mark(number, scaled, text)
    integer, fraction = number, ""
    if mark is not None:
        integer, _, fraction = number.rpartition(mark)
    digits = _ungrouped(integer, text)
    if mark is None:
        return Decimal(digits)
    if not fraction.isdigit():
        raise ValueError(
            Text("'{text}' is not an amount: only digits may follow the decimal mark", text=text)
        )
    return Decimal(f"{digits}.{fraction}")


def _decimal_mark(number: str, scaled: bool, text: str) -> str | None:
    """Which of '.' and ',' is the decimal mark, or None when there is none."""
    mark = _last_mark(number)
    if mark is None:
        return None
    # Money never has three decimals, so "4.800" may well mean 4800; only a scale word
    # makes a comma certain ("74,976 millió").
    if len(number.rpartition(mark)[2]) == 3 and not (mark == "," and scaled):
        raise ValueError(_ambiguity(number, mark, scaled, text))
    return mark


def _last_mark(number: str) -> str | None:
    """The last dot or comma, unless it is the only kind of separator and repeats."""
    marks = [mark for mark in ".," if mark in number]
    if not marks:
        return None
    mark = max(marks, key=number.rfind)
    if len(marks) == 1 and " " not in number and number.count(mark) > 1:
        return None
    return mark


def _ambiguity(number: str, mark: str, scaled: bool, text: str) -> Text:
    head, _, tail = number.rpartition(mark)
    head = re.sub(r"\D", "", head)
    if scaled:  # only a dot gets here: "74.976 millió"
        comma = text.replace(".", ",", 1)
        return Text(
            "'{text}' is ambiguous: in Hungarian a dot before three digits separates"
            ' thousands; use a comma as the decimal mark, e.g. "{comma}"',
            text=text,
            comma=comma,
        )
    return Text(
        "'{text}' is ambiguous: the '{mark}' could be a decimal mark or a thousands"
        ' separator; for thousands leave it out ("{whole}"), for decimals use a comma'
        ' and at most two digits ("{decimal}")',
        text=text,
        mark=mark,
        whole=head + tail,
        decimal=head + "," + tail[:2],
    )


def _ungrouped(integer: str, text: str) -> str:
    """The digits of `integer` once its thousands separators are checked and removed."""
    separators = set(integer) - set("0123456789")
    if len(separators) > 1:
        raise ValueError(
            Text(
                "'{text}' mixes separators; group thousands with one kind only,"
                ' e.g. "74 998 560 Ft" or "74.998.560,- Ft"',
                text=text,
            )
        )
    if not separators:
        return integer
    groups = integer.split(separators.pop())
    if not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:]):
        raise ValueError(
            Text(
                "'{text}' is not an amount: digits must be grouped in threes,"
                ' e.g. "74 998 560 Ft" or "74.998.560,- Ft"',
                text=text,
            )
        )
    return "".join(groups)


def _scaled(number: Decimal, scale: Decimal, text: str) -> Decimal:
    """`number` times `scale`, refusing any rounding; whole results lose their `.000`."""
    if scale == 1:
        return number
    with localcontext() as context:
        context.traps[Inexact] = True
        try:
            product = number * scale
        except Inexact:
            raise ValueError(_too_many_digits(text)) from None
    return product.quantize(Decimal(1)) if product == product.to_integral_value() else product


def _checked(amount: Decimal, text: str) -> Decimal:
    """`amount` if it can be a grant: positive, not absurdly large, whole cents at most."""
    if amount <= 0:
        raise ValueError(_not_positive(text))
    if amount >= _LARGEST:
        raise ValueError(Text("'{text}' is too large to be a grant amount; check the digits", text=text))
    try:
        cents = amount.quantize(_CENT)
    except InvalidOperation:
        raise ValueError(_too_many_digits(text)) from None
    if cents != amount:
        raise ValueError(
            Text("'{text}' has more than two decimal places; {example}", text=text, example=_EXAMPLE)
        )
    return amount


def _not_positive(text: str) -> Text:
    return Text("'{text}' is not a valid amount: a grant must be more than zero", text=text)


def _too_many_digits(text: str) -> Text:
    return Text("'{text}' has too many digits to be an amount", text=text)
