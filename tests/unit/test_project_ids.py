"""Rules for reading Széchenyi 2020 / Széchenyi Terv Plusz project IDs."""

import dataclasses

import pytest

from infoblokk.content.project_ids import KNOWN_PROGRAMMES, ProjectId, parse_project_id


def test_efop_id_is_read_into_its_parts() -> None:
    assert parse_project_id("EFOP-1.6.3-17-2017-00006") == ProjectId(
        raw="EFOP-1.6.3-17-2017-00006",
        normalized="EFOP-1.6.3-17-2017-00006",
        programme="EFOP",
        priority=1,
        measure="1.6.3",
        call_year="17",
        region=None,
        year=2017,
        serial="00006",
        period="2014-2020",
    )


def test_dotted_efop_id_is_accepted_and_normalized() -> None:
    parsed = parse_project_id("EFOP-1.6.3.-17-2017-00004")
    assert parsed.raw == "EFOP-1.6.3.-17-2017-00004"
    assert parsed.normalized == "EFOP-1.6.3-17-2017-00004"


def test_raw_keeps_the_spelling_without_surrounding_whitespace() -> None:
    assert parse_project_id("  efop-1.5.3-16-2017-00062\n").raw == "efop-1.5.3-16-2017-00062"


@pytest.mark.parametrize(
    ("text", "programme", "priority"),
    [
        ("EFOP-1.5.3-16-2017-00062", "EFOP", 1),
        ("GINOP-2.1.7-19-2020-00001", "GINOP", 2),
        ("TOP-1.1.1-15-ZA1-2016-00001", "TOP", 1),
        ("VEKOP-7.3.3-17-2017-00001", "VEKOP", 7),
        ("KEHOP-5.2.2-16-2016-00001", "KEHOP", 5),
        ("IKOP-3.1.0-15-2016-00001", "IKOP", 3),
        ("KÖFOP-2.1.2-VEKOP-15-2016-00001", "KÖFOP", 2),
        ("TOP_PLUSZ-3.1.3-23-HE1-2024-00014", "TOP_PLUSZ", 3),
        ("DIMOP_PLUSZ-1.3.6-23-2023-00001", "DIMOP_PLUSZ", 1),
        ("GINOP_PLUSZ-1.2.1-21-2022-00001", "GINOP_PLUSZ", 1),
        ("EFOP_PLUSZ-3.1.2-21-2022-00001", "EFOP_PLUSZ", 3),
        ("KEHOP_PLUSZ-2.1.1-21-2022-00001", "KEHOP_PLUSZ", 2),
        ("IKOP_PLUSZ-4.1.1-21-2022-00001", "IKOP_PLUSZ", 4),
    ],
)
def test_ids_of_every_known_programme_are_accepted(text: str, programme: str, priority: int) -> None:
    parsed = parse_project_id(text)
    assert (parsed.programme, parsed.priority, parsed.normalized) == (
        programme,
        priority,
        text,
    )


def test_county_segment_is_kept_as_region() -> None:
    parsed = parse_project_id("TOP-1.1.1-15-ZA1-2016-00001")
    assert (parsed.region, parsed.year, parsed.serial) == ("ZA1", 2016, "00001")


def test_two_part_region_segment_is_accepted() -> None:
    assert parse_project_id("TOP-7.1.1-16-H-ESZA-2019-00123").region == "H-ESZA"


def test_central_hungary_vekop_marker_stays_in_the_normalized_id() -> None:
    parsed = parse_project_id("EFOP-3.6.3-VEKOP-16-2017-00002")
    assert parsed.normalized == "EFOP-3.6.3-VEKOP-16-2017-00002"
    assert (parsed.programme, parsed.call_year, parsed.region) == ("EFOP", "16", None)


def test_kofop_without_accent_is_normalized_to_kofop_with_accent() -> None:
    parsed = parse_project_id("KOFOP-1.0.0-VEKOP-15-2016-00001")
    assert parsed.programme == "KÖFOP"
    assert parsed.normalized == "KÖFOP-1.0.0-VEKOP-15-2016-00001"


def test_lowercase_id_is_accepted_and_normalized_to_capitals() -> None:
    parsed = parse_project_id("top_plusz-3.1.3-23-he1-2024-00014")
    assert parsed.normalized == "TOP_PLUSZ-3.1.3-23-HE1-2024-00014"


@pytest.mark.parametrize("spelling", ["TOP Plusz", "TOP-PLUSZ", "top plusz"])
def test_plusz_written_with_space_or_hyphen_is_normalized(spelling: str) -> None:
    parsed = parse_project_id(f"{spelling}-3.1.3-23-HE1-2024-00014")
    assert parsed.normalized == "TOP_PLUSZ-3.1.3-23-HE1-2024-00014"


@pytest.mark.parametrize("dash", ["\u2013", "\u2011", "\u2212"])
def test_typographic_dashes_are_read_as_hyphens(dash: str) -> None:
    parsed = parse_project_id(f"EFOP{dash}1.6.3{dash}17{dash}2017{dash}00006")
    assert parsed.normalized == "EFOP-1.6.3-17-2017-00006"


@pytest.mark.parametrize(
    "text",
    [
        "EFOP-1.6.3-17-2017-00006",
        "TOP-6.1.4-16-SF1-2017-00001",
        "VEKOP-7.3.3-17-2017-00001",
    ],
)
def test_programmes_without_plusz_belong_to_2014_2020(text: str) -> None:
    assert parse_project_id(text).period == "2014-2020"


@pytest.mark.parametrize("text", ["TOP_PLUSZ-3.1.3-23-HE1-2024-00014", "DIMOP_PLUSZ-1.3.6-23-2023-00001"])
def test_plusz_programmes_belong_to_2021_2027(text: str) -> None:
    assert parse_project_id(text).period == "2021-2027"


@pytest.mark.parametrize(("priority", "fund"), [(1, "ESZA"), (2, "ERFA"), (3, "ESZA"), (4, "ERFA")])
def test_efop_priority_settles_the_fund(priority: int, fund: str) -> None:
    assert parse_project_id(f"EFOP-{priority}.1.1-16-2017-00001").derived_fund == fund


def test_other_efop_priorities_leave_the_fund_open() -> None:
    assert parse_project_id("EFOP-5.2.2-17-2017-00001").derived_fund is None


@pytest.mark.parametrize(
    "text",
    [
        "GINOP-2.1.7-19-2020-00001",
        "TOP-1.1.1-15-ZA1-2016-00001",
        "EFOP_PLUSZ-1.1.1-21-2022-00001",
    ],
)
def test_fund_of_other_programmes_is_not_derived(text: str) -> None:
    assert parse_project_id(text).derived_fund is None


def test_unknown_programme_is_named_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown programme 'XYZ'") as error:
        parse_project_id("XYZ-1.2.3-17-2017-00001")
    assert "known: EFOP, GINOP, TOP" in str(error.value)
    assert "TOP_PLUSZ" in str(error.value)


def test_known_programmes_are_an_immutable_tuple_in_capitals() -> None:
    assert isinstance(KNOWN_PROGRAMMES, tuple)
    assert all(programme == programme.upper() for programme in KNOWN_PROGRAMMES)


@pytest.mark.parametrize(
    "text",
    [
        "EFOP",
        "EFOP-1.6-17-2017-00001",
        "EFOP-1.6.3-2017-2017-00001",
        "EFOP-1.6.3-17-17-00001",
        "EFOP-1.6.3-17-2017-0001",
        "EFOP-1.6.3-17-2017-00001x",
        "EFOP 1.6.3-17-2017-00001",
        "EFOP-1.6.3-17-2017-00001-00002",
        "1234",
    ],
)
def test_malformed_id_error_shows_what_a_valid_one_looks_like(text: str) -> None:
    with pytest.raises(ValueError, match="not a valid project ID") as error:
        parse_project_id(text)
    assert "EFOP-1.6.3-17-2017-00006" in str(error.value)


def test_empty_id_is_refused_with_an_example() -> None:
    with pytest.raises(ValueError, match="empty.*EFOP-1.6.3-17-2017-00006"):
        parse_project_id("   ")


def test_project_id_is_immutable() -> None:
    parsed = parse_project_id("EFOP-1.6.3-17-2017-00006")
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.programme = "GINOP"  # type: ignore[misc]
