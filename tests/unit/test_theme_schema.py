"""Rules for a theme's own data: theme.toml and the label files are validated like the configuration.

Every mistake is a problem with the file, the line and a hint, never a KeyError later on; a
child theme may leave labels out, which its parent fills in.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from infoblokk.config.labels import Labels
from infoblokk.config.themes import Theme, ThemeFile, load_theme
from infoblokk.errors import BuildFailed, Problem
from tests.helpers import DEFAULT_THEME, REPO, MakeSite, run_cli

HU_LABELS = "themes/default/labels/hu.toml"
THEME_FILE = "themes/default/theme.toml"
LANGUAGES = ("hu", "en", "ro")


def edit(site: Path, relative: str, old: str, new: str) -> None:
    path = site / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def without_status_table(site: Path) -> None:
    keys = 'ongoing = "Folyamatban"\nfinished = "Befejeződött"\nunknown = "Befejezés dátuma nem ismert"\n'
    edit(site, HU_LABELS, "[status]\n" + keys, "")


def line_of(site: Path, relative: str, text: str) -> int:
    lines = (site / relative).read_text(encoding="utf-8").splitlines()
    return lines.index(text) + 1


def label_problems(site: Path, theme: str = "default", language: str = "hu") -> tuple[Problem, ...]:
    with pytest.raises(BuildFailed) as failure:
        load_theme(site, theme).labels(language)
    return failure.value.problems


def child_theme(site: Path, labels: str | None = None, theme_toml: str = 'parent = "default"\n') -> None:
    folder = site / "themes" / "child"
    (folder / "labels").mkdir(parents=True)
    (folder / "theme.toml").write_text(theme_toml, encoding="utf-8")
    if labels is not None:
        (folder / "labels" / "hu.toml").write_text(labels, encoding="utf-8")


# --- the default theme --------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_default_themes_labels_pass_the_schema_in_every_language(language: str) -> None:
    labels = Theme("default", (DEFAULT_THEME,)).labels(language)
    assert Labels.model_validate(labels).fields.grant_amount == labels["fields"]["grant_amount"]


def test_templates_see_the_labels_as_the_file_writes_them_and_cannot_change_them() -> None:
    labels = Theme("default", (DEFAULT_THEME,)).labels("hu")
    written = tomllib.loads((DEFAULT_THEME / "labels/hu.toml").read_text(encoding="utf-8"))
    assert {table: dict(keys) for table, keys in labels.items()} == written
    assert labels["funds"]["ESZA+"] == "Európai Szociális Alap Plusz"
    with pytest.raises(TypeError):
        labels["status"]["ongoing"] = "x"  # type: ignore[index]


def test_the_default_theme_toml_passes_the_schema() -> None:
    data = tomllib.loads((DEFAULT_THEME / "theme.toml").read_text(encoding="utf-8"))
    assert ThemeFile.model_validate(data).parent is None


def test_a_site_with_the_default_theme_still_builds(make_site: MakeSite) -> None:
    code, _, err = run_cli(make_site(), "build")
    assert code == 0, err


# --- label files ---------------------------------------------------------------


def test_a_label_file_without_status_is_an_error_naming_the_file(make_site: MakeSite) -> None:
    site = make_site()
    without_status_table(site)
    code, out, err = run_cli(site, "build")
    assert code == 1, out
    assert f"{HU_LABELS}:1: required table [status] is missing" in err
    assert "hint: a table [status] with the keys ongoing, finished, unknown" in err
    assert "KeyError" not in err and "Traceback" not in err


def test_build_py_stops_on_a_label_file_without_status_with_exit_1_and_no_traceback(
    make_site: MakeSite,
) -> None:
    site = make_site()
    without_status_table(site)
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "build", "--site", str(site)],
        capture_output=True,
        text=True,
        cwd=site,
    )
    assert result.returncode == 1, result.stdout
    assert "required table [status] is missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_label_is_reported_at_its_table_with_what_to_add(make_site: MakeSite) -> None:
    site = make_site()
    edit(site, HU_LABELS, 'unknown = "Befejezés dátuma nem ismert"\n', "")
    (problem,) = label_problems(site)
    assert problem.message == "required key 'status.unknown' is missing"
    assert problem.path == site / HU_LABELS
    assert problem.line == line_of(site, HU_LABELS, "[status]")
    assert problem.hint == 'a text in quotes under [status]: unknown = "…"'


def test_a_misspelt_label_key_is_an_error_with_did_you_mean(make_site: MakeSite) -> None:
    site = make_site()
    edit(site, HU_LABELS, 'finished = "Befejeződött"', 'finishd = "Befejeződött"')
    problems = label_problems(site)
    assert [p.message for p in problems] == ["unknown key 'status.finishd'"]
    assert problems[0].line == line_of(site, HU_LABELS, 'finishd = "Befejeződött"')
    assert problems[0].hint is not None and "did you mean 'finished'?" in problems[0].hint


def test_a_misspelt_label_table_is_an_error_with_did_you_mean(make_site: MakeSite) -> None:
    site = make_site()
    edit(site, HU_LABELS, "[paging]", "[pagin]")
    (problem,) = label_problems(site)
    assert problem.message.startswith("unknown key 'pagin")
    assert problem.hint is not None and "did you mean 'paging'?" in problem.hint


def test_a_label_that_is_not_text_is_an_error_at_its_line(make_site: MakeSite) -> None:
    site = make_site()
    edit(site, HU_LABELS, 'ongoing = "Folyamatban"', "ongoing = 5")
    (problem,) = label_problems(site)
    assert problem.message.startswith("'status.ongoing': ")
    assert problem.line == line_of(site, HU_LABELS, "ongoing = 5")


def test_a_label_file_that_is_not_valid_toml_is_reported_with_its_line(make_site: MakeSite) -> None:
    site = make_site()
    edit(site, HU_LABELS, 'ongoing = "Folyamatban"', "ongoing = Folyamatban")
    (problem,) = label_problems(site)
    assert "not valid TOML" in problem.message
    assert problem.line == line_of(site, HU_LABELS, "ongoing = Folyamatban")


# --- a child theme's labels ------------------------------------------------------


def test_a_child_theme_may_leave_labels_out_and_its_parent_fills_them_in(make_site: MakeSite) -> None:
    site = make_site()
    child_theme(site, '[status]\nongoing = "Fut"\n')
    labels = load_theme(site, "child").labels("hu")
    assert labels["status"]["ongoing"] == "Fut"
    assert labels["status"]["finished"] == "Befejeződött"
    assert labels["fields"]["grant_amount"] == "Szerződött támogatás összege"


def test_a_child_themes_unknown_label_is_reported_in_its_own_file(make_site: MakeSite) -> None:
    site = make_site()
    child_theme(site, '[status]\nongoing = "Fut"\nongoin = "x"\n')
    (problem,) = label_problems(site, "child")
    assert problem.path == site / "themes/child/labels/hu.toml"
    assert problem.line == 3
    assert problem.hint is not None and "did you mean 'ongoing'?" in problem.hint


def test_a_label_no_theme_gives_is_reported_in_the_child_themes_file(make_site: MakeSite) -> None:
    site = make_site()
    without_status_table(site)
    child_theme(site, '[fields]\ntitle = "Cím"\n')
    (problem,) = label_problems(site, "child")
    assert problem.message == "required table [status] is missing"
    assert problem.path == site / "themes/child/labels/hu.toml"


def test_texts_of_a_themes_own_templates_belong_under_extra(make_site: MakeSite) -> None:
    site = make_site()
    child_theme(site, '[extra]\nopening_hours = "Nyitva: H–P 8–16"\n')
    assert load_theme(site, "child").labels("hu")["extra"]["opening_hours"] == "Nyitva: H–P 8–16"


# --- theme.toml -------------------------------------------------------------------


def test_a_misspelt_parent_in_theme_toml_is_an_error_with_did_you_mean(make_site: MakeSite) -> None:
    site = make_site()
    (site / THEME_FILE).write_text('parnet = "x"\n', encoding="utf-8")
    code, out, err = run_cli(site, "build")
    assert code == 1, out
    assert f"{THEME_FILE}:1: unknown key 'parnet'" in err
    assert "hint: did you mean 'parent'?" in err
    assert "Traceback" not in err


def test_theme_toml_takes_parent_name_and_description(make_site: MakeSite) -> None:
    site = make_site(config='title = "x"\ntheme = "child"\n')
    child_theme(site, theme_toml='name = "Child"\ndescription = "Mine."\nparent = "default"\n')
    code, _, err = run_cli(site, "build")
    assert code == 0, err


def test_a_parent_that_is_not_text_is_an_error_at_its_line(make_site: MakeSite) -> None:
    site = make_site()
    child_theme(site, theme_toml='name = "Child"\nparent = ["default"]\n')
    with pytest.raises(BuildFailed) as failure:
        load_theme(site, "child")
    (problem,) = failure.value.problems
    assert problem.message.startswith("'parent': ")
    assert (problem.path, problem.line) == (site / "themes/child/theme.toml", 2)


def test_a_parent_theme_that_does_not_exist_is_reported_at_the_parent_line(make_site: MakeSite) -> None:
    site = make_site()
    child_theme(site, theme_toml='name = "Child"\nparent = "defualt"\n')
    with pytest.raises(BuildFailed) as failure:
        load_theme(site, "child")
    (problem,) = failure.value.problems
    assert problem.message.startswith("there is no theme 'defualt', neither in the site's themes/")
    assert (problem.path, problem.line) == (site / "themes/child/theme.toml", 2)
    assert problem.hint == "did you mean 'default'?"
