"""Rules for site_config.toml: defaults, and every mistake named with its line and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from infoblokk.config.settings import load_config
from infoblokk.errors import BuildFailed, Problem


def write_config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "site_config.toml").write_text(text, encoding="utf-8")
    return tmp_path


def only_problem(tmp_path: Path, text: str) -> Problem:
    with pytest.raises(BuildFailed) as failure:
        load_config(write_config(tmp_path, text))
    assert len(failure.value.problems) == 1, failure.value.problems
    return failure.value.problems[0]


def test_a_config_with_only_a_title_gets_the_documented_defaults(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, 'title = "Somogy megye"\n'))
    assert config.title == "Somogy megye"
    assert config.language == "hu"
    assert config.theme == "default"
    assert config.output_dir == "public"
    assert config.currency == "HUF"
    assert config.number_style == "standard"
    assert config.date_format == "long"
    assert config.base_url == "https://example.org/"
    assert config.banner.profile == "szechenyi2020"
    assert config.banner.fund == "ESZA"
    assert config.banner.image is None
    assert dict(config.banner.images) == {}
    assert config.markdown.extensions == ()


def test_base_url_without_a_trailing_slash_gets_one(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, 'title = "x"\nbase_url = "https://example.org/efop"\n'))
    assert config.base_url == "https://example.org/efop/"


def test_missing_config_file_says_where_to_run_from(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as failure:
        load_config(tmp_path)
    (problem,) = failure.value.problems
    assert "site_config.toml" in problem.message
    assert problem.hint is not None and "site_config.toml" in problem.hint


def test_missing_title_is_reported_with_a_hint(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, 'language = "hu"\n')
    assert "'title'" in problem.message
    assert problem.hint is not None and "title =" in problem.hint


def test_unknown_key_is_reported_with_did_you_mean_and_its_line(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, 'title = "x"\ndescription = "y"\nlangauge = "en"\n')
    assert "'langauge'" in problem.message
    assert problem.line == 3
    assert problem.hint is not None and "did you mean 'language'?" in problem.hint


def test_unknown_key_inside_a_table_suggests_a_key_of_that_table(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, 'title = "x"\n[banner]\nprofil = "eu-generic"\n')
    assert "'banner.profil'" in problem.message
    assert problem.line == 3
    assert problem.hint is not None and "did you mean 'profile'?" in problem.hint


def test_invalid_toml_is_reported_with_its_line(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, 'title = "x"\n\nlanguage = hu\n')
    assert "not valid TOML" in problem.message
    assert problem.line == 3
    assert "(at line" not in problem.message  # the line is given once, as the location
    assert problem.hint is not None and "quotes" in problem.hint


def test_language_outside_hu_en_ro_is_refused_at_its_line(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, 'title = "x"\nlanguage = "de"\n')
    assert "'language'" in problem.message and "'de'" in problem.message
    assert problem.line == 2
    assert problem.hint == "one of: hu, en, ro"


@pytest.mark.parametrize("output_dir", ["../x", "/tmp", "public/../../x", ".", ""])
def test_output_dir_that_is_not_a_folder_inside_the_site_is_refused(tmp_path: Path, output_dir: str) -> None:
    problem = only_problem(tmp_path, f'title = "x"\noutput_dir = "{output_dir}"\n')
    assert "'output_dir'" in problem.message
    assert problem.line == 2


def test_output_dir_may_be_a_nested_folder_inside_the_site(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, 'title = "x"\noutput_dir = "build/html"\n'))
    assert config.output_dir == "build/html"


@pytest.mark.parametrize("output_dir", ["content", "themes", "templates", "content/static"])
def test_output_dir_that_is_a_source_folder_of_the_site_is_refused(tmp_path: Path, output_dir: str) -> None:
    problem = only_problem(tmp_path, f'title = "x"\noutput_dir = "{output_dir}"\n')
    assert "'output_dir'" in problem.message
    assert problem.line == 2


def test_every_problem_of_the_config_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as failure:
        load_config(write_config(tmp_path, 'title = "x"\nlanguage = "de"\ncolour = "blue"\n'))
    assert sorted(p.line or 0 for p in failure.value.problems) == [2, 3]
