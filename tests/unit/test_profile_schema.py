"""Rules for the banner profile files: validated by a schema, every mistake named with file and line.

The profiles ship with the package; `load_profiles(folder)` reads a folder of them, so each test
copies the shipped files into `tmp_path`, breaks one, and loads the copy.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path

import pytest

import infoblokk.content.loading
from infoblokk.banner.profiles import BannerProfile, load_profiles
from infoblokk.errors import BuildFailed, Problem
from tests.helpers import MakeSite, run_cli

SHIPPED = Path(str(resources.files("infoblokk.banner").joinpath("data")))


def profile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    shutil.copytree(SHIPPED, folder)
    return folder


def edit(folder: Path, name: str, old: str, new: str) -> Path:
    path = folder / f"{name}.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def problems_of(folder: Path) -> tuple[Problem, ...]:
    with pytest.raises(BuildFailed) as failure:
        load_profiles(folder)
    return failure.value.problems


def only_problem(tmp_path: Path, name: str, old: str, new: str) -> tuple[Problem, Path]:
    folder = profile_folder(tmp_path)
    path = edit(folder, name, old, new)
    (problem,) = problems_of(folder)
    assert problem.path == path
    return problem, path


def test_every_shipped_profile_passes_the_schema() -> None:
    names = ["eea-norway-grants", "eu-generic", "szechenyi-terv-plusz", "szechenyi2020"]
    assert sorted(load_profiles()) == names


def test_profiles_read_from_a_folder_are_the_shipped_ones(tmp_path: Path) -> None:
    assert load_profiles(profile_folder(tmp_path)) == load_profiles()


def test_colours_are_read_in_capitals_and_default_to_reflex_blue() -> None:
    profiles: Mapping[str, BannerProfile] = load_profiles()
    assert profiles["eea-norway-grants"].mark_colour == "#3A4F66"
    assert profiles["eu-generic"].mark_colour == "#003399"


def test_texts_a_language_leaves_out_come_from_hungarian(tmp_path: Path) -> None:
    folder = profile_folder(tmp_path)
    edit(folder, "szechenyi2020", 'slogan = "Investing in your future"\n', "")
    english = load_profiles(folder)["szechenyi2020"].texts_for("en")
    assert english.slogan == "Befektetés a jövőbe"
    assert english.fund_name("KA") == "Cohesion Fund"


# --- unknown keys ----------------------------------------------------------------


def test_an_unknown_key_in_a_profile_is_an_error_at_its_line(tmp_path: Path) -> None:
    problem, path = only_problem(tmp_path, "eu-generic", "funds = []", "colour = 1\nfunds = []")
    assert problem.message == "unknown key 'colour'"
    assert problem.line == line_of(path, "colour = 1")
    assert problem.hint is not None and "known keys:" in problem.hint


@pytest.mark.parametrize(
    ("old", "new", "key", "guess"),
    [
        ('mark_colour = "#1F5FA8"', 'mark_color = "#1F5FA8"', "style.mark_color", "mark_colour"),
        ('slogan = "Befektetés a jövőbe"', 'slogen = "Befektetés a jövőbe"', "texts.hu.slogen", "slogan"),
        ("[texts.en]", "[texts.eng]", "texts.eng", "en"),
        ('ERFA = "Európai Regionális Fejlesztési Alap"', 'EFRA = "x"', "texts.hu.fund_names.EFRA", "ERFA"),
    ],
)
def test_a_misspelt_key_in_a_table_of_a_profile_is_an_error_with_did_you_mean(
    tmp_path: Path, old: str, new: str, key: str, guess: str
) -> None:
    folder = profile_folder(tmp_path)
    edit(folder, "szechenyi2020", old, new)
    problems = problems_of(folder)
    unknown = [p for p in problems if p.message == f"unknown key '{key}'"]
    assert len(unknown) == 1, problems
    assert unknown[0].line is not None
    assert unknown[0].hint is not None and f"did you mean '{guess}'?" in unknown[0].hint


# --- wrong values ----------------------------------------------------------------


CAPTION = 'caption = ["Co-funded by the European Union"]'
WRONG_VALUES = [
    ("min_width_px = 150", 'min_width_px = "150"', "'min_width_px': Input should be a valid integer"),
    ("shows_eu_emblem = true", 'shows_eu_emblem = "yes"', "'shows_eu_emblem': Input should be a valid bool"),
    ("min_width_px = 150", "min_width_px = 100", "'min_width_px': Input should be greater than or equal"),
    ("display_width_px = 300", "display_width_px = 149", "'display_width_px': 149 is less than min_width_px"),
    ('link_target = "project"', 'link_target = "home"', "'link_target': Input should be 'project'"),
    ('text_colour = "#003399"', 'text_colour = "blue"', "'style.text_colour': 'blue' is not a colour"),
    (CAPTION, "caption = []", "'texts.en.caption': "),
    (CAPTION, 'caption = "Co-funded"', "'texts.en.caption': "),
    ('alt = "Infoblokk: {caption}"', 'alt = "{oops}"', "'texts.hu.alt': {oops} is not one of the"),
]


@pytest.mark.parametrize(("old", "new", "complaint"), WRONG_VALUES)
def test_a_wrong_value_in_a_profile_is_an_error_at_its_line(
    tmp_path: Path, old: str, new: str, complaint: str
) -> None:
    problem, path = only_problem(tmp_path, "eu-generic", old, new)
    assert problem.message.startswith(complaint), problem.message
    assert problem.line == line_of(path, new)
    assert problem.hint


def test_a_fund_a_profile_does_not_know_is_an_error(tmp_path: Path) -> None:
    problem, _ = only_problem(tmp_path, "eu-generic", "funds = []", 'funds = ["XYZ"]')
    assert problem.message.startswith("'funds.0': Input should be 'ESZA', 'ERFA', 'KA' or 'ESZA+'")


def test_a_fund_without_its_full_name_is_an_error(tmp_path: Path) -> None:
    problem, path = only_problem(tmp_path, "eu-generic", "funds = []", 'funds = ["KA"]')
    assert "[texts.hu.fund_names] lacks KA" in problem.message
    assert problem.line == line_of(path, "[texts.hu]")


# --- missing keys and files that cannot be read ----------------------------------


def test_a_missing_key_is_an_error_naming_the_table_it_belongs_in(tmp_path: Path) -> None:
    problem, path = only_problem(tmp_path, "eea-norway-grants", 'alt = "Infoblokk: {caption}"\n', "")
    assert problem.message == "required key 'texts.hu.alt' is missing"
    assert problem.line == line_of(path, "[texts.hu]")
    assert problem.hint is not None and "placeholders" in problem.hint


def test_a_profile_without_hungarian_texts_is_an_error(tmp_path: Path) -> None:
    problem, _ = only_problem(
        tmp_path,
        "eea-norway-grants",
        '[texts.hu]\ncaption = ["Az EGT és Norvég Finanszírozási Mechanizmus támogatásával"]\n'
        'alt = "Infoblokk: {caption}"\n'
        'press_statement = "A projekt az EGT és Norvég Finanszírozási Mechanizmus '
        'támogatásával valósul meg."\n',
        "",
    )
    assert problem.message == "required table [texts.hu] is missing"


def test_a_profile_named_unlike_its_file_is_an_error(tmp_path: Path) -> None:
    problem, path = only_problem(tmp_path, "eu-generic", 'name = "eu-generic"', 'name = "eu-general"')
    assert "'eu-general'" in problem.message and "eu-generic.toml" in problem.message
    assert problem.line == line_of(path, 'name = "eu-general"')


def test_a_profile_that_is_not_valid_toml_is_reported_with_its_line(tmp_path: Path) -> None:
    problem, path = only_problem(tmp_path, "eu-generic", 'link_target = "project"', "link_target = project")
    assert "not valid TOML" in problem.message
    assert problem.line == line_of(path, "link_target = project")


def test_every_broken_profile_is_reported_at_once(tmp_path: Path) -> None:
    folder = profile_folder(tmp_path)
    edit(folder, "eu-generic", "min_width_px = 150", "min_width_px = 10")
    edit(folder, "szechenyi2020", "[style]", "[stile]")
    assert {p.path.name for p in problems_of(folder) if p.path} == {"eu-generic.toml", "szechenyi2020.toml"}


def test_a_broken_profile_stops_the_build_with_its_problem_not_a_traceback(
    tmp_path: Path, make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = profile_folder(tmp_path)
    edit(folder, "szechenyi2020", "shows_eu_emblem = true", "shows_eu_emblem = true\nlink = 1")
    loader: Callable[[], Mapping[str, BannerProfile]] = lambda: load_profiles(folder)  # noqa: E731
    monkeypatch.setattr(infoblokk.content.loading, "load_profiles", loader)
    code, out, err = run_cli(make_site(), "build")
    assert code == 1, out
    assert "szechenyi2020.toml:12: unknown key 'link'" in err
    assert "Traceback" not in err
