"""Slugs: every alphabet spelt in ASCII, and the addresses and anchors of existing pages unchanged."""

from __future__ import annotations

import random

import pytest

from infoblokk.content.slugs import is_slug, slugify

# --- letters of any alphabet ------------------------------------------------------------------------


def test_scandinavian_letters_are_spelt_not_dropped() -> None:
    assert slugify("Bjørn Østerås") == "bjorn-osteras"
    assert slugify("Ærøskøbing") == "aeroskobing"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Zala megyei felzárkózás-politikai együttműködések",
            "zala-megyei-felzarkozas-politikai-egyuttmukodesek",
        ),
        ("ÁRVÍZTŰRŐ TÜKÖRFÚRÓGÉP", "arvizturo-tukorfurogep"),
        ("Őrségi Nemzeti Park – a gyűrűs ütőér", "orsegi-nemzeti-park-a-gyurus-utoer"),
        ("Győr-Moson-Sopron", "gyor-moson-sopron"),
    ],
)
def test_hungarian_titles_lose_their_accents_only(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Reabilitarea școlii din Târgu Mureș", "reabilitarea-scolii-din-targu-mures"),
        ("Îmbunătățirea calității vieții", "imbunatatirea-calitatii-vietii"),
        ("Îmbunătăţirea (ş, ţ with a cedilla)", "imbunatatirea-s-t-with-a-cedilla"),
    ],
)
def test_romanian_letters_with_a_comma_or_a_cedilla(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_german_and_other_latin_letters() -> None:
    assert slugify("Straße der Einheit") == "strasse-der-einheit"
    assert slugify("Müller-Lüdenscheidt Ärzte") == "muller-ludenscheidt-arzte"
    assert slugify("Łódź, Đakovo") == "lodz-dakovo"


def test_other_scripts_are_spelt_in_latin_letters() -> None:
    assert slugify("Москва") == "moskva"
    assert slugify("Σωκράτης") == "sokrates"


def test_letters_written_as_a_letter_and_an_accent_are_one_letter() -> None:
    assert slugify("a\u0301rvi\u0301z") == "arviz"  # how macOS writes file names


# --- what stays as infoblokk always made it ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Don't stop", "don-t-stop"),  # an ASCII apostrophe separates words
        ("Don’t stop", "dont-stop"),  # a typographic one is dropped
        ("2,5 millió Ft", "2-5-millio-ft"),  # a decimal comma separates the digits
        ("EFOP-1.6.3-17-2017-00006", "efop-1-6-3-17-2017-00006"),
        ("Célok – 2021", "celok-2021"),
        ("„Együtt a jövőért” program", "egyutt-a-jovoert-program"),
        ("Költségvetés (€) és § 5", "koltsegvetes-es-5"),  # symbols are dropped, not spelt
        ("½ év, 2² m²", "12-ev-22-m2"),
        ("ﬁnanszírozás", "finanszirozas"),
        ("  --Célok--  ", "celok"),  # no separator at either end
        ("__init__", "init"),
        ("a  b\t\nc", "a-b-c"),
        ("x\u00a0y", "x-y"),
    ],
)
def test_punctuation_digits_and_symbols_keep_their_old_slugs(text: str, slug: str) -> None:
    assert slugify(text) == slug


# --- odd input --------------------------------------------------------------------------------------

ODD = ["", " ", "---", "___", "😀", "§", "\x00\n\t", "…", "..", "../..", "C:\\", "中文", "Ⅻ", "𝔘𝔫𝔦"]


@pytest.mark.parametrize("text", ODD)
def test_odd_input_gives_a_slug_or_nothing(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or is_slug(slug)
    assert slugify(slug) == slug


def test_text_without_a_letter_or_digit_gives_nothing() -> None:
    assert [slugify(text) for text in ("", " ", "---", "😀", "§", "…", "../..")] == [""] * 7


def test_any_text_gives_a_slug_that_cannot_leave_its_folder() -> None:
    alphabet = "aáőűAŐZ09 -_.'’,;:/\\#&%€§½²–„”\"\n\tøßłșțăÎЖ中😀\u0301\u00a0\u200b"
    chosen = random.Random(2024)
    for _ in range(2000):
        text = "".join(chosen.choice(alphabet) for _ in range(chosen.randint(0, 16)))
        slug = slugify(text)
        assert slug == "" or is_slug(slug), (text, slug)
        assert slugify(slug) == slug


def test_is_slug_accepts_only_lower_case_words_and_single_hyphens() -> None:
    assert is_slug("zala-felzarkozas-2021")
    for not_a_slug in ("", "-zala", "zala-", "zala--x", "Zala", "zala/x", "..", "zala.md", "á"):
        assert not is_slug(not_a_slug), not_a_slug
