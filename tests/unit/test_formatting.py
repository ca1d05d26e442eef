"""Rules for how money, dates, numbers and percentages appear on the pages."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import babel.numbers
import pytest

from infoblokk.render.formatting import Formatter

NBSP = "\u00a0"
NEW_YEARS_EVE = datetime.date(2020, 12, 31)
HU = Formatter()
LEGACY = Formatter("hu", "legacy")
EN = Formatter("en")
RO = Formatter("ro")


def test_default_formatter_is_hungarian_standard() -> None:
    assert Formatter() == Formatter(language="hu", style="standard")


def test_unknown_language_is_refused_with_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown language 'de'; use one of: hu, en, ro"):
        Formatter("de")


def test_unknown_style_is_refused_with_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown style 'fancy'; use one of: standard, legacy"):
        Formatter("hu", "fancy")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("75000000", f"75{NBSP}000{NBSP}000{NBSP}Ft"),
        ("12500", f"12{NBSP}500{NBSP}Ft"),
        ("4800", f"4800{NBSP}Ft"),
        ("74998560", f"74{NBSP}998{NBSP}560{NBSP}Ft"),
    ],
)
def test_hungarian_forints_group_from_five_digits_with_no_break_spaces(amount: str, expected: str) -> None:
    assert HU.money(Decimal(amount), "HUF") == expected


def test_hungarian_forints_drop_filler_rounding_half_up() -> None:
    assert HU.money(Decimal("1234.50"), "HUF") == f"1235{NBSP}Ft"
    assert HU.money(Decimal("0.5"), "HUF") == f"1{NBSP}Ft"


def test_hungarian_ron_keeps_two_decimals_with_decimal_comma() -> None:
    assert HU.money(Decimal("1581296.40"), "RON") == f"1{NBSP}581{NBSP}296,40{NBSP}RON"


def test_hungarian_euros_keep_two_decimals_and_the_five_digit_rule() -> None:
    assert HU.money(Decimal(12500), "EUR") == f"12{NBSP}500,00{NBSP}EUR"
    assert HU.money(Decimal(4800), "EUR") == f"4800,00{NBSP}EUR"


def test_hungarian_money_contains_no_ordinary_spaces() -> None:
    assert " " not in HU.money(Decimal(249057081), "HUF")
    assert " " not in HU.money(Decimal(1756996), "RON")


WHOLE_AMOUNTS = [str(n) for n in (1, 9, 10, 999, 4800, 9999, 10000, 12500, 999999, 74998560, 123456789012)]
AMOUNTS_OF_EVERY_LENGTH = [
    Decimal(whole + decimals) for whole in WHOLE_AMOUNTS for decimals in ("", ".5", ".005", ".994")
]


@pytest.mark.parametrize("formatter", [HU, EN, RO], ids=["hu", "en", "ro"])
@pytest.mark.parametrize("currency", ["HUF", "EUR", "RON", "USD", "JPY", "KWD"])
def test_money_is_written_as_babel_writes_it_whatever_its_length(formatter: Formatter, currency: str) -> None:
    """Amounts are written by putting their digits into the text Babel made of one amount of
    the same length (`Formatter._money_shape`): the text must be Babel's own, for every length."""
    precision = 0 if currency == "HUF" else babel.numbers.get_currency_precision(currency)
    for amount in AMOUNTS_OF_EVERY_LENGTH:
        value = amount.quantize(Decimal(1).scaleb(-precision), ROUND_HALF_UP)
        assert formatter.money(amount, currency) == formatter._babel_money(value, currency, precision), amount


def test_unknown_currency_is_refused_with_an_example() -> None:
    with pytest.raises(ValueError, match="unknown currency 'Ft'; use an ISO code such as HUF"):
        HU.money(Decimal(1), "Ft")


def test_hungarian_long_date() -> None:
    assert HU.date(NEW_YEARS_EVE) == "2020. december 31."


def test_hungarian_short_date() -> None:
    assert HU.date(NEW_YEARS_EVE, "short") == "2020. 12. 31."


def test_unknown_date_length_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown date length 'medium'; use one of: long, short"):
        HU.date(NEW_YEARS_EVE, "medium")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100, "100%"), (90, "90%"), (Decimal("12.5"), "12,5%"), (Decimal("85.00"), "85%")],
)
def test_hungarian_percent_has_no_space_and_a_decimal_comma(value: Decimal | int, expected: str) -> None:
    assert HU.percent(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(4800, "4800"), (12500, f"12{NBSP}500"), (Decimal("12500.75"), f"12{NBSP}500,75")],
)
def test_hungarian_numbers_follow_the_five_digit_rule(value: Decimal | int, expected: str) -> None:
    assert HU.number(value) == expected


def test_number_keeps_every_decimal_given() -> None:
    assert HU.number(Decimal("1.23456")) == "1,23456"


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("75000000", "HUF", f"75.000.000,-{NBSP}Ft"),
        ("4800", "HUF", f"4.800,-{NBSP}Ft"),
        ("1581296.40", "RON", f"1.581.296,40{NBSP}RON"),
        ("12500", "EUR", f"12.500,-{NBSP}EUR"),
    ],
)
def test_legacy_money_uses_dots_and_comma_dash(amount: str, currency: str, expected: str) -> None:
    assert LEGACY.money(Decimal(amount), currency) == expected


@pytest.mark.parametrize("length", ["long", "short"])
def test_legacy_dates_are_compact_for_both_lengths(length: str) -> None:
    assert LEGACY.date(NEW_YEARS_EVE, length) == "2020.12.31."


def test_legacy_dates_pad_month_and_day() -> None:
    assert LEGACY.date(datetime.date(2017, 3, 1)) == "2017.03.01."


def test_legacy_percent_matches_standard() -> None:
    assert LEGACY.percent(100) == "100%"
    assert LEGACY.percent(Decimal("12.5")) == "12,5%"


def test_legacy_numbers_group_every_thousand_with_dots() -> None:
    assert LEGACY.number(4800) == "4.800"
    assert LEGACY.number(Decimal("12500.75")) == "12.500,75"


def test_english_forints_have_code_no_break_space_and_no_decimals() -> None:
    assert EN.money(Decimal(75000000), "HUF") == f"HUF{NBSP}75,000,000"


def test_english_euros_keep_the_sign_attached_and_two_decimals() -> None:
    assert EN.money(Decimal("12500.5"), "EUR") == "€12,500.50"


def test_english_ron_gets_a_space_after_the_code() -> None:
    assert EN.money(Decimal("1581296.40"), "RON") == f"RON{NBSP}1,581,296.40"


def test_english_dates_put_the_day_first() -> None:
    assert EN.date(NEW_YEARS_EVE) == "31 December 2020"
    assert EN.date(NEW_YEARS_EVE, "short") == "31/12/2020"


def test_english_numbers_group_every_thousand() -> None:
    assert EN.number(4800) == "4,800"
    assert EN.percent(Decimal("12.5")) == "12.5%"


def test_romanian_forints_follow_cldr_without_decimals() -> None:
    assert RO.money(Decimal(75000000), "HUF") == f"75.000.000{NBSP}HUF"


def test_romanian_lei_keep_two_decimals() -> None:
    assert RO.money(Decimal(1756996), "RON") == f"1.756.996,00{NBSP}RON"


def test_romanian_dates() -> None:
    assert RO.date(NEW_YEARS_EVE) == "31 decembrie 2020"
    assert RO.date(NEW_YEARS_EVE, "short") == "31.12.2020"


def test_romanian_percent_keeps_the_cldr_space() -> None:
    assert RO.percent(90) == f"90{NBSP}%"


def test_legacy_style_does_not_change_english_or_romanian() -> None:
    amount = Decimal(75000000)
    for language in ("en", "ro"):
        legacy, standard = Formatter(language, "legacy"), Formatter(language)
        assert legacy.money(amount, "HUF") == standard.money(amount, "HUF")
        assert legacy.date(NEW_YEARS_EVE, "short") == standard.date(NEW_YEARS_EVE, "short")
        assert legacy.number(4800) == standard.number(4800)
