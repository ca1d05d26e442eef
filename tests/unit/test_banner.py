"""Rules for the funding banner profiles and the SVG stand-in (broken profiles: test_profile_schema.py)."""

from __future__ import annotations

import dataclasses
import math
import xml.etree.ElementTree as ET
from collections.abc import Mapping

import pytest

from infoblokk.banner.profiles import (
    FUNDS,
    Banner,
    BannerProfile,
    ProfileTexts,
    choose_banner,
    load_profiles,
)
from infoblokk.banner.standin import eu_emblem_svg_group, standin_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
TOLERANCE = 0.01
SHIPPED = ("eea-norway-grants", "eu-generic", "szechenyi-terv-plusz", "szechenyi2020")
EVERY_BANNER = (
    ("szechenyi2020", "ESZA", False),
    ("szechenyi2020", "ERFA", False),
    ("szechenyi2020", "KA", False),
    ("szechenyi-terv-plusz", None, False),
    ("szechenyi-terv-plusz", None, True),
    ("eu-generic", None, False),
    ("eea-norway-grants", None, False),
)
LANGUAGES = ("hu", "en", "ro")

Point = tuple[float, float]


@pytest.fixture(scope="module")
def profiles() -> Mapping[str, BannerProfile]:
    return load_profiles()


def banner(
    profiles: Mapping[str, BannerProfile],
    name: str,
    fund: str | None = None,
    full_rate: bool = False,
) -> Banner:
    return choose_banner(profiles, name, fund, full_rate)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def visible_text(root: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in root.iterfind(".//svg:text", NS))


def emblem_parts(height: float = 40.0) -> tuple[ET.Element, list[list[Point]]]:
    group = parse(f'<svg xmlns="{NS["svg"]}">{eu_emblem_svg_group(10, 20, height)}</svg>')
    flag = group.find(".//svg:rect[@class='eu-flag']", NS)
    assert flag is not None
    stars = [points(p) for p in group.iterfind(".//svg:polygon[@class='eu-star']", NS)]
    return flag, stars


def points(polygon: ET.Element) -> list[Point]:
    pairs = polygon.attrib["points"].split()
    return [(float(x), float(y)) for x, y in (pair.split(",") for pair in pairs)]


def centre(corners: list[Point]) -> Point:
    return (
        sum(x for x, _ in corners) / len(corners),
        sum(y for _, y in corners) / len(corners),
    )


def flag_geometry(flag: ET.Element) -> tuple[Point, float, float]:
    x, y = float(flag.attrib["x"]), float(flag.attrib["y"])
    width, height = float(flag.attrib["width"]), float(flag.attrib["height"])
    return (x + width / 2, y + height / 2), width, height


# --- profiles --------------------------------------------------------------


def test_every_shipped_profile_loads(profiles: Mapping[str, BannerProfile]) -> None:
    assert tuple(sorted(profiles)) == SHIPPED
    for name, profile in profiles.items():
        assert profile.name == name
        assert profile.languages[0] == "hu"
        assert profile.min_width_px >= 150
        assert profile.display_width_px >= profile.min_width_px
        assert profile.link_target == "project"
        assert "title" in profile.mandatory_fields and "body" in profile.mandatory_fields


def test_loaded_profiles_cannot_be_changed(
    profiles: Mapping[str, BannerProfile],
) -> None:
    with pytest.raises(TypeError):
        profiles["new"] = profiles["eu-generic"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        profiles["eu-generic"].name = "other"  # type: ignore[misc]


def test_funds_are_a_fixed_vocabulary() -> None:
    assert FUNDS == ("ESZA", "ERFA", "KA", "ESZA+")


def test_programme_profiles_require_every_project_fact(
    profiles: Mapping[str, BannerProfile],
) -> None:
    expected = (
        "project_id",
        "beneficiary",
        "title",
        "grant_amount",
        "funding_rate",
        "end_date",
        "body",
    )
    assert profiles["szechenyi2020"].mandatory_fields == expected
    assert profiles["szechenyi-terv-plusz"].mandatory_fields == expected
    assert set(profiles["eu-generic"].mandatory_fields) == {
        "title",
        "beneficiary",
        "body",
    }


def test_only_eu_profiles_show_the_eu_emblem(
    profiles: Mapping[str, BannerProfile],
) -> None:
    shown = {name for name, profile in profiles.items() if profile.shows_eu_emblem}
    assert shown == {"szechenyi2020", "szechenyi-terv-plusz", "eu-generic"}


# --- choosing a banner -----------------------------------------------------


def test_unknown_profile_error_suggests_the_close_name(
    profiles: Mapping[str, BannerProfile],
) -> None:
    with pytest.raises(ValueError) as error:
        banner(profiles, "szechenyi-2020", "ESZA")
    message = str(error.value)
    assert "Did you mean 'szechenyi2020'?" in message
    for name in SHIPPED:
        assert name in message


def test_szechenyi2020_requires_a_fund_among_esza_erfa_ka(
    profiles: Mapping[str, BannerProfile],
) -> None:
    assert profiles["szechenyi2020"].funds == ("ESZA", "ERFA", "KA")
    with pytest.raises(ValueError, match="set `fund:`"):
        banner(profiles, "szechenyi2020", None)
    with pytest.raises(ValueError, match="allowed: ESZA, ERFA, KA"):
        banner(profiles, "szechenyi2020", "ESZA+")


def test_profile_without_funds_refuses_a_fund(
    profiles: Mapping[str, BannerProfile],
) -> None:
    with pytest.raises(ValueError, match="does not name a fund"):
        banner(profiles, "eu-generic", "ERFA")


@pytest.mark.parametrize(
    ("name", "fund", "key"),
    [
        ("szechenyi2020", "ESZA", "szechenyi2020-esza"),
        ("szechenyi2020", " erfa ", "szechenyi2020-erfa"),
        ("szechenyi-terv-plusz", None, "szechenyi-terv-plusz"),
        ("eu-generic", None, "eu-generic"),
        ("eea-norway-grants", None, "eea-norway-grants"),
    ],
)
def test_banner_key_names_profile_and_fund(
    profiles: Mapping[str, BannerProfile], name: str, fund: str | None, key: str
) -> None:
    assert banner(profiles, name, fund).key == key


def test_banner_key_spells_plus_out(profiles: Mapping[str, BannerProfile]) -> None:
    profile = dataclasses.replace(profiles["szechenyi2020"], funds=("ESZA+",))
    assert Banner(profile, "ESZA+", False).key == "szechenyi2020-eszaplus"


# --- wording ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fund", "full_name"),
    [
        ("ESZA", "Európai Szociális Alap"),
        ("ERFA", "Európai Regionális Fejlesztési Alap"),
        ("KA", "Kohéziós Alap"),
    ],
)
def test_standin_names_the_eu_and_the_fund_in_full(
    profiles: Mapping[str, BannerProfile], fund: str, full_name: str
) -> None:
    svg = parse(standin_svg(banner(profiles, "szechenyi2020", fund), "hu"))
    text = visible_text(svg)
    assert "Európai Unió" in text
    assert " ".join(full_name.split()) in " ".join(text.split())
    assert "Széchenyi" in text and "BEFEKTETÉS A JÖVŐBE" in text


def test_standin_fund_name_follows_the_language(
    profiles: Mapping[str, BannerProfile],
) -> None:
    text = visible_text(parse(standin_svg(banner(profiles, "szechenyi2020", "KA"), "en")))
    assert "European Union" in text and "Cohesion Fund" in text
    assert "INVESTING IN YOUR FUTURE" in text


def test_terv_plusz_wording_switches_with_full_rate_and_has_no_slogan(
    profiles: Mapping[str, BannerProfile],
) -> None:
    co_funded = standin_svg(banner(profiles, "szechenyi-terv-plusz", None, False), "hu")
    funded = standin_svg(banner(profiles, "szechenyi-terv-plusz", None, True), "hu")
    co_text, full_text = visible_text(parse(co_funded)), visible_text(parse(funded))
    for text in (co_text, full_text):
        assert "Széchenyi" in text and "Magyarország Kormánya" in text
    assert "társfinanszírozásával" in co_text
    assert "finanszírozásával" in full_text and "társfinanszírozásával" not in full_text
    assert "befektetés a jövőbe" not in (co_funded + funded).lower()


def test_terv_plusz_english_wording_switches_with_full_rate(
    profiles: Mapping[str, BannerProfile],
) -> None:
    plain = banner(profiles, "szechenyi-terv-plusz", None, False).alt_text("en")
    full = banner(profiles, "szechenyi-terv-plusz", None, True).alt_text("en")
    assert "Co-funded by the European Union" in plain
    assert "Funded by the European Union" in full and "Co-funded" not in full


def test_alt_text_reads_out_the_banner(profiles: Mapping[str, BannerProfile]) -> None:
    assert banner(profiles, "szechenyi2020", "ESZA").alt_text("hu") == (
        "Infoblokk: Széchenyi 2020 – Európai Unió, Európai Szociális Alap – Befektetés a jövőbe"
    )


def test_alt_text_per_language_with_hungarian_fallback(
    profiles: Mapping[str, BannerProfile],
) -> None:
    chosen = banner(profiles, "szechenyi2020", "ERFA")
    assert "European Regional Development Fund" in chosen.alt_text("en")
    assert chosen.alt_text("en-GB") == chosen.alt_text("en")
    assert chosen.alt_text("ro") == chosen.alt_text("hu")
    assert chosen.alt_text("de") == chosen.alt_text("hu")
    eea = banner(profiles, "eea-norway-grants")
    assert "Granturile SEE și Norvegiene" in eea.alt_text("ro")
    assert "EEA and Norway Grants" in eea.alt_text("en")


@pytest.mark.parametrize(("name", "fund", "full_rate"), EVERY_BANNER)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_banner_has_an_alt_text_in_every_language(
    profiles: Mapping[str, BannerProfile],
    name: str,
    fund: str | None,
    full_rate: bool,
    language: str,
) -> None:
    alt = banner(profiles, name, fund, full_rate).alt_text(language)
    assert alt.split(":")[0] in (
        "Infoblokk",
        "Funding banner (infoblokk)",
        "Funding banner",
        "Informații despre finanțare",
    )
    assert "{" not in alt and "  " not in alt


# --- the EU emblem ---------------------------------------------------------


def test_eu_flag_is_three_to_two() -> None:
    flag, _ = emblem_parts(40)
    _, width, height = flag_geometry(flag)
    assert width / height == pytest.approx(1.5)


@pytest.mark.parametrize("height", [40.0, 46.0, 100.0])
def test_emblem_has_twelve_stars_on_a_circle_of_a_third_of_the_flag_height(
    height: float,
) -> None:
    flag, stars = emblem_parts(height)
    (cx, cy), _, _ = flag_geometry(flag)
    assert len(stars) == 12
    for star in stars:
        sx, sy = centre(star)
        assert math.dist((sx, sy), (cx, cy)) == pytest.approx(height / 3, abs=TOLERANCE)


def test_stars_sit_like_the_hours_of_a_clock() -> None:
    flag, stars = emblem_parts(60)
    (cx, cy), _, _ = flag_geometry(flag)
    angles = sorted(math.degrees(math.atan2(x - cx, cy - y)) % 360 for x, y in map(centre, stars))
    for hour, angle in enumerate(angles):
        assert angle == pytest.approx(30 * hour, abs=0.05)


@pytest.mark.parametrize("height", [40.0, 100.0])
def test_each_star_has_its_points_at_an_eighteenth_of_the_flag_height(
    height: float,
) -> None:
    _, stars = emblem_parts(height)
    golden = (1 + math.sqrt(5)) / 2
    for star in stars:
        middle = centre(star)
        distances = sorted(math.dist(corner, middle) for corner in star)
        assert len(star) == 10
        for inner in distances[:5]:
            assert inner == pytest.approx(height / 18 / golden**2, abs=TOLERANCE)
        for outer in distances[5:]:
            assert outer == pytest.approx(height / 18, abs=TOLERANCE)


def test_stars_are_upright() -> None:
    _, stars = emblem_parts(40)
    for star in stars:
        middle = centre(star)
        top = min(star, key=lambda corner: corner[1])
        assert top[0] == pytest.approx(middle[0], abs=TOLERANCE)
        assert middle[1] - top[1] == pytest.approx(40 / 18, abs=TOLERANCE)


def test_emblem_colours_are_reflex_blue_and_yellow() -> None:
    flag, _ = emblem_parts()
    group = parse(f'<svg xmlns="{NS["svg"]}">{eu_emblem_svg_group(0, 0, 40)}</svg>')
    assert flag.attrib["fill"].upper() == "#003399"
    fills = {p.attrib["fill"].upper() for p in group.iterfind(".//svg:polygon", NS)}
    assert fills == {"#FFCC00"}


def test_standin_of_an_eu_profile_contains_the_emblem(
    profiles: Mapping[str, BannerProfile],
) -> None:
    svg = parse(standin_svg(banner(profiles, "eu-generic"), "hu"))
    assert len(svg.findall(".//svg:g[@class='eu-emblem']", NS)) == 1
    assert len(svg.findall(".//svg:polygon[@class='eu-star']", NS)) == 12


def test_eea_banner_has_no_eu_emblem(profiles: Mapping[str, BannerProfile]) -> None:
    svg = parse(standin_svg(banner(profiles, "eea-norway-grants"), "en"))
    assert svg.find(".//svg:g[@class='eu-emblem']", NS) is None
    assert svg.find(".//svg:g[@class='neutral-mark']", NS) is not None
    assert "Európai Unió" not in visible_text(svg)


# --- the SVG document ------------------------------------------------------


@pytest.mark.parametrize(("name", "fund", "full_rate"), EVERY_BANNER)
@pytest.mark.parametrize("language", LANGUAGES)
def test_standin_is_a_well_formed_accessible_svg_image(
    profiles: Mapping[str, BannerProfile],
    name: str,
    fund: str | None,
    full_rate: bool,
    language: str,
) -> None:
    chosen = banner(profiles, name, fund, full_rate)
    svg = parse(standin_svg(chosen, language))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.attrib["role"] == "img"
    title = svg.find("svg:title", NS)
    assert title is not None and title.text == chosen.alt_text(language)
    assert len(svg.attrib["viewBox"].split()) == 4


@pytest.mark.parametrize(("name", "fund", "full_rate"), EVERY_BANNER)
def test_standin_is_at_least_150_wide(
    profiles: Mapping[str, BannerProfile], name: str, fund: str | None, full_rate: bool
) -> None:
    svg = parse(standin_svg(banner(profiles, name, fund, full_rate), "hu"))
    width, height = float(svg.attrib["width"]), float(svg.attrib["height"])
    _, _, view_width, view_height = map(float, svg.attrib["viewBox"].split())
    assert width >= 150
    assert width / height == pytest.approx(view_width / view_height, rel=1e-3)


def test_standin_has_a_white_background(profiles: Mapping[str, BannerProfile]) -> None:
    svg = parse(standin_svg(banner(profiles, "szechenyi2020", "ESZA"), "hu"))
    first_shape = svg.find(".//svg:rect", NS)
    assert first_shape is not None and first_shape.attrib["fill"].upper() == "#FFFFFF"


@pytest.mark.parametrize(("name", "fund", "full_rate"), EVERY_BANNER)
def test_text_is_reflex_blue_or_black_or_white_on_the_mark(
    profiles: Mapping[str, BannerProfile], name: str, fund: str | None, full_rate: bool
) -> None:
    svg = parse(standin_svg(banner(profiles, name, fund, full_rate), "hu"))
    fills = {text.attrib["fill"].upper() for text in svg.iterfind(".//svg:text", NS)}
    assert fills <= {"#003399", "#000000", "#FFFFFF"}


def test_standin_uses_the_font_stack_and_no_italics(
    profiles: Mapping[str, BannerProfile],
) -> None:
    svg = standin_svg(banner(profiles, "szechenyi2020", "ESZA"), "hu")
    root = parse(svg)
    fonts = {g.attrib["font-family"] for g in root.iterfind(".//svg:g[@font-family]", NS)}
    assert len(fonts) == 1
    stack = [font.strip(" '") for font in fonts.pop().split(",")]
    assert stack[:2] == ["Arial", "Calibri"] and stack[-1] == "sans-serif"
    assert "italic" not in svg and "oblique" not in svg


def test_texts_are_escaped(profiles: Mapping[str, BannerProfile]) -> None:
    nasty = "Fund <b>\"&'</b>"
    texts = ProfileTexts(
        caption=("Európai Unió", "{fund}"),
        alt="Infoblokk: {caption} <&>",
        mark="A&B <i>",
        slogan="x < y",
        fund_names=(("ESZA", nasty),),
    )
    profile = dataclasses.replace(profiles["szechenyi2020"], texts=(("hu", texts),))
    chosen = Banner(profile, "ESZA", False)
    svg = standin_svg(chosen, "hu")
    root = parse(svg)
    assert "<b>" not in svg and "<i>" not in svg
    title = root.find("svg:title", NS)
    assert title is not None and title.text == "Infoblokk: Európai Unió, " + nasty + " <&>"
    assert "A&B" in visible_text(root)
