"""Rules for reading the grant amounts that communication officers type."""

from decimal import Decimal

import pytest

from infoblokk.content.amounts import ParsedAmount, parse_amount


def test_whole_number_is_read_without_currency() -> None:
    assert parse_amount(75000000) == ParsedAmount(Decimal(75000000), None)


def test_float_is_read_as_written_not_as_binary_fraction() -> None:
    parsed = parse_amount(1581296.40)
    assert parsed.amount == Decimal("1581296.40")
    assert str(parsed.amount) == "1581296.4"


def test_decimal_is_kept_exactly() -> None:
    assert parse_amount(Decimal("1581296.40")).amount == Decimal("1581296.40")


def test_digits_with_decimal_point_are_read_exactly() -> None:
    assert parse_amount("1581296.40") == ParsedAmount(Decimal("1581296.40"), None)


def test_dotted_thousands_with_comma_dash_mean_whole_forints() -> None:
    assert parse_amount("74.998.560,- Ft") == ParsedAmount(Decimal(74998560), "HUF")


def test_comma_dash_makes_a_single_dot_a_thousands_separator() -> None:
    assert parse_amount("4.800,- Ft") == ParsedAmount(Decimal(4800), "HUF")


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f"])
def test_spaces_of_any_kind_group_thousands(space: str) -> None:
    text = f"249{space}057{space}081{space}Ft"
    assert parse_amount(text) == ParsedAmount(Decimal(249057081), "HUF")


def test_surrounding_whitespace_is_ignored() -> None:
    assert parse_amount("  12 500 Ft\n").amount == Decimal(12500)


def test_millio_with_decimal_comma_is_exact() -> None:
    parsed = parse_amount("74,976 millió forint")
    assert parsed == ParsedAmount(Decimal(74976000), "HUF")
    assert str(parsed.amount) == "74976000"


def test_milliard_scales_by_a_thousand_million() -> None:
    assert parse_amount("1,2 milliárd Ft") == ParsedAmount(Decimal(1200000000), "HUF")


def test_ezer_scales_by_a_thousand() -> None:
    assert parse_amount("500 ezer Ft") == ParsedAmount(Decimal(500000), "HUF")


def test_scale_word_without_currency_leaves_currency_open() -> None:
    assert parse_amount("500 ezer") == ParsedAmount(Decimal(500000), None)


def test_scale_words_may_be_written_without_accents() -> None:
    assert parse_amount("2,5 millio Ft").amount == Decimal(2500000)
    assert parse_amount("2,5 milliard Ft").amount == Decimal(2500000000)


def test_dot_before_three_digits_with_scale_word_is_ambiguous() -> None:
    with pytest.raises(ValueError, match="ambiguous") as error:
        parse_amount("74.976 millió Ft")
    assert "comma as the decimal mark" in str(error.value)
    assert '"74,976 millió Ft"' in str(error.value)


def test_dot_before_other_than_three_digits_with_scale_word_is_a_decimal_point() -> None:
    assert parse_amount("1.2 milliárd Ft").amount == Decimal(1200000000)


def test_space_grouped_ron_with_decimal_comma_keeps_its_decimals() -> None:
    parsed = parse_amount("1 756 996,00 RON")
    assert parsed == ParsedAmount(Decimal("1756996.00"), "RON")
    assert str(parsed.amount) == "1756996.00"


def test_dot_grouped_lej_with_decimal_comma_is_ron() -> None:
    assert parse_amount("1.756.996,00 lej") == ParsedAmount(Decimal("1756996.00"), "RON")


def test_space_grouped_euros() -> None:
    assert parse_amount("12 500 EUR") == ParsedAmount(Decimal(12500), "EUR")


def test_euro_sign_before_english_style_number() -> None:
    assert parse_amount("€12,500.50") == ParsedAmount(Decimal("12500.50"), "EUR")


def test_repeated_commas_group_thousands() -> None:
    assert parse_amount("12,500,000 EUR").amount == Decimal(12500000)


def test_euro_sign_may_follow_the_number_without_a_space() -> None:
    assert parse_amount("12500€") == ParsedAmount(Decimal(12500), "EUR")


def test_currency_code_may_come_first() -> None:
    assert parse_amount("EUR 12 500") == ParsedAmount(Decimal(12500), "EUR")


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Ft", "HUF"),
        ("HUF", "HUF"),
        ("forint", "HUF"),
        ("RON", "RON"),
        ("lej", "RON"),
        ("lei", "RON"),
        ("EUR", "EUR"),
        ("euró", "EUR"),
        ("euro", "EUR"),
        ("€", "EUR"),
    ],
)
def test_every_currency_word_names_its_iso_code(word: str, code: str) -> None:
    assert parse_amount(f"12 500 {word}").currency == code


def test_currency_words_ignore_case_and_a_closing_full_stop() -> None:
    assert parse_amount("74 998 560 FT.").currency == "HUF"


def test_unknown_unit_is_named_with_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown unit 'USD'") as error:
        parse_amount("12 500 USD")
    assert "Ft, HUF, forint, RON, lej, lei, EUR, euró, euro or €" in str(error.value)


def test_letters_stuck_to_digits_are_an_unknown_unit() -> None:
    with pytest.raises(ValueError, match=r"'12x' is not an amount: unknown unit 'x'"):
        parse_amount("12x")


def test_two_currencies_are_refused() -> None:
    with pytest.raises(ValueError, match="more than one currency"):
        parse_amount("12 500 Ft EUR")


@pytest.mark.parametrize("text", ["", "Ft", "sok pénz", "millió Ft"])
def test_text_without_digits_is_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError, match='e.g. 74998560 or "74 998 560 Ft"'):
        parse_amount(text)


@pytest.mark.parametrize("text", ["1,234", "1,234 Ft", "12,500 EUR"])
def test_comma_before_three_digits_without_scale_word_is_ambiguous(text: str) -> None:
    with pytest.raises(ValueError, match="ambiguous") as error:
        parse_amount(text)
    assert "leave it out" in str(error.value)


def test_ambiguity_hint_shows_both_readings() -> None:
    with pytest.raises(ValueError) as error:
        parse_amount("4.800 Ft")
    assert '("4800")' in str(error.value)
    assert '("4,80")' in str(error.value)


def test_three_decimals_after_space_grouping_are_ambiguous() -> None:
    with pytest.raises(ValueError, match="ambiguous"):
        parse_amount("1 000.500 Ft")


@pytest.mark.parametrize("value", [0, "0", "0 Ft", Decimal("0.00"), -5, "-5 Ft", "−5 Ft"])
def test_zero_or_negative_is_not_a_grant(value: int | str | Decimal) -> None:
    with pytest.raises(ValueError, match="a grant must be more than zero"):
        parse_amount(value)


def test_digit_groups_must_have_three_digits() -> None:
    with pytest.raises(ValueError, match="grouped in threes") as error:
        parse_amount("1 23 456 Ft")
    assert '"74 998 560 Ft"' in str(error.value)


def test_mixed_thousands_separators_are_refused() -> None:
    with pytest.raises(ValueError, match="mixes separators"):
        parse_amount("1.234 567,00 Ft")


def test_more_than_two_decimals_are_refused() -> None:
    with pytest.raises(ValueError, match="more than two decimal places"):
        parse_amount("1,2345 Ft")


def test_scaled_amount_ending_in_a_fraction_of_a_cent_is_refused() -> None:
    with pytest.raises(ValueError, match="more than two decimal places"):
        parse_amount("1,2345678 ezer Ft")


def test_scaling_never_rounds() -> None:
    with pytest.raises(ValueError, match="too many digits"):
        parse_amount("1,0000000000000000000000000001 millió Ft")


def test_absurdly_large_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="too large"):
        parse_amount("1 000 000 000 000 000 Ft")


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_non_finite_floats_are_refused(value: float) -> None:
    with pytest.raises(ValueError, match="is not an amount"):
        parse_amount(value)


def test_a_stray_boolean_is_not_an_amount() -> None:
    with pytest.raises(ValueError, match="'True' is not an amount"):
        parse_amount(True)
