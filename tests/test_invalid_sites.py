"""One small invalid site per kind of mistake, built through the command line.

Each test builds a good site first, then breaks one thing and builds again: the build must
exit 1, name the file, the line and the key, give a hint, and leave the previous public/
byte-for-byte as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import VALID_PROJECT, MakeSite, all_paths, run_cli, snapshot

Breakage = Callable[[Path], None]

PROJECT = "content/projects/p.md"


@pytest.fixture
def built_site(make_site: MakeSite) -> Path:
    """A good site, built once, so that a failed build has a public/ to keep."""
    site = make_site()
    code, _, err = run_cli(site, "build")
    assert code == 0, err
    assert (site / "public" / "projektek" / "p" / "index.html").is_file()
    return site


def refused_build(site: Path) -> str:
    """Build again; check the build stopped with hints and kept public/ as it was; return stderr."""
    before = snapshot(site / "public")
    entries = sorted(p.name for p in site.iterdir())
    code, out, err = run_cli(site, "build")
    assert code == 1, out
    assert out == ""
    assert re.search(r"^  hint: \S", err, re.MULTILINE), err
    assert snapshot(site / "public") == before
    assert sorted(p.name for p in site.iterdir()) == entries  # no staging folder left beside public/
    return err


def replace_in(site: Path, relative: str, old: str, new: str) -> None:
    path = site / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def write(site: Path, relative: str, text: str) -> None:
    path = site / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# Each breakage turns a good site (VALID_PROJECT in content/projects/p.md) into a bad one.


def broken_yaml(site: Path) -> None:
    replace_in(site, PROJECT, "title: Zala megyei", "title: Zala: megyei")


def wrong_type(site: Path) -> None:
    replace_in(site, PROJECT, "funding_rate: 100", 'funding_rate: "sok"')


def missing_title(site: Path) -> None:
    replace_in(site, PROJECT, "title: Zala megyei felzárkózás-politikai együttműködések\n", "")


def misspelt_key(site: Path) -> None:
    replace_in(site, PROJECT, "grant_amount:", "grant_amout:")


def impossible_month(site: Path) -> None:
    replace_in(site, PROJECT, "end_date: 2020-10-31", "end_date: 2020-13-01")


def impossible_day(site: Path) -> None:
    replace_in(site, PROJECT, "end_date: 2020-10-31", "end_date: 2021-02-30")


def duplicate_project_id(site: Path) -> None:
    write(site, "content/projects/q.md", VALID_PROJECT)


def duplicate_slug(site: Path) -> None:
    write(
        site,
        "content/projects/q.md",
        VALID_PROJECT.replace("00004", "00006").replace("---\n", "---\nslug: p\n", 1),
    )


def missing_template(site: Path) -> None:
    (site / "themes" / "default" / "templates" / "project.html").unlink()


def base_template_without_banner(site: Path) -> None:
    base = (site / "themes" / "default" / "templates" / "base.html").read_text(encoding="utf-8")
    assert "{{ infoblokk() }}" in base
    write(site, "templates/base.html", base.replace("{{ infoblokk() }}", ""))


def template_typo(site: Path) -> None:
    write(
        site,
        "templates/project.html",
        '{% extends "base.html" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n'
        "<p>{{ page.grant_totl }}</p>\n{% endblock %}\n",
    )


def latin1_file(site: Path) -> None:
    (site / PROJECT).write_bytes(
        VALID_PROJECT.encode("utf-8").replace(
            "Zala megyei felzárkózás".encode(), "Zala megyei felzárkózás".encode("latin-1")
        )
    )


def broken_config(site: Path) -> None:
    write(site, "site_config.toml", 'title = "Próba honlap"\nlanguage = hu\n')


def unknown_theme(site: Path) -> None:
    write(site, "site_config.toml", 'title = "Próba honlap"\ntheme = "defualt"\n')


def escaping_slug(site: Path) -> None:
    replace_in(site, PROJECT, "---\n", "---\nslug: ../../etc\n")


def two_broken_files(site: Path) -> None:
    misspelt_key(site)
    write(site, "content/news/zaro.md", "---\ntitle: Záró rendezvény\ndate: 2020-10-32\n---\nSzöveg.\n")


# --- one test per kind of mistake ------------------------------------------------------


def test_broken_yaml_is_reported_at_its_line(built_site: Path) -> None:
    broken_yaml(built_site)
    err = refused_build(built_site)
    assert "content/projects/p.md:2: the value of 'title' contains a colon followed by a space" in err
    assert 'hint: put the whole value in double quotes: title: "Zala: megyei' in err


def test_wrong_type_is_reported_with_file_line_and_key(built_site: Path) -> None:
    wrong_type(built_site)
    err = refused_build(built_site)
    assert "content/projects/p.md:5: 'funding_rate':" in err
    assert "'sok'" in err


def test_missing_field_is_reported_with_file_and_key(built_site: Path) -> None:
    missing_title(built_site)
    err = refused_build(built_site)
    assert "content/projects/p.md:1: required key 'title' is missing" in err


def test_unknown_key_is_reported_with_did_you_mean(built_site: Path) -> None:
    misspelt_key(built_site)
    err = refused_build(built_site)
    assert "content/projects/p.md:4: unknown key 'grant_amout'" in err
    assert "hint: did you mean 'grant_amount'?" in err


@pytest.mark.parametrize(
    ("breakage", "day"), [(impossible_month, "2020-13-01"), (impossible_day, "2021-02-30")]
)
def test_date_that_does_not_exist_is_reported(built_site: Path, breakage: Breakage, day: str) -> None:
    breakage(built_site)
    err = refused_build(built_site)
    assert f"content/projects/p.md:7: 'end_date': '{day}'" in err


def test_duplicate_project_id_names_both_files(built_site: Path) -> None:
    duplicate_project_id(built_site)
    err = refused_build(built_site)
    assert "content/projects/q.md:3: project ID EFOP-1.6.3-17-2017-00004 is also used by p.md" in err


def test_duplicate_slug_names_both_files(built_site: Path) -> None:
    duplicate_slug(built_site)
    err = refused_build(built_site)
    assert "content/projects/q.md:2: another file has the same address projektek/p/: p.md" in err


def test_missing_template_is_named(built_site: Path) -> None:
    missing_template(built_site)
    err = refused_build(built_site)
    assert "the template 'project.html' was not found" in err


def test_template_without_the_banner_fails_naming_the_page(built_site: Path) -> None:
    base_template_without_banner(built_site)
    err = refused_build(built_site)
    assert "the page projektek/p/ has no funding banner" in err
    assert "{{ infoblokk() }}" in err


def test_template_typo_names_the_template_file_and_line(built_site: Path) -> None:
    template_typo(built_site)
    err = refused_build(built_site)
    assert re.search(r"^templates/project\.html:4: template error: .*'grant_totl'", err, re.MULTILINE), err


def test_typo_in_a_shared_template_is_reported_once(built_site: Path) -> None:
    replace_in(
        built_site, "themes/default/templates/base.html", "{{ site.title }}</a>", "{{ site.titel }}</a>"
    )
    err = refused_build(built_site)
    assert err.count("'titel'") == 1


def test_non_utf8_file_is_reported_at_the_line_of_the_bad_byte(built_site: Path) -> None:
    latin1_file(built_site)
    err = refused_build(built_site)
    assert "content/projects/p.md:2: the file is not UTF-8 text" in err


def test_broken_site_config_is_reported_at_its_line(built_site: Path) -> None:
    broken_config(built_site)
    err = refused_build(built_site)
    assert "site_config.toml:2: this is not valid TOML" in err


def test_unknown_theme_is_reported_with_did_you_mean(built_site: Path) -> None:
    unknown_theme(built_site)
    err = refused_build(built_site)
    assert "site_config.toml" in err and "'defualt'" in err
    assert "hint: did you mean 'default'?" in err


def test_unknown_theme_is_reported_at_the_line_of_the_theme_key(built_site: Path) -> None:
    unknown_theme(built_site)
    err = refused_build(built_site)
    assert "site_config.toml:2: " in err


def test_slug_that_tries_to_escape_writes_nothing_outside_the_output_folder(built_site: Path) -> None:
    before = all_paths(built_site.parent)
    escaping_slug(built_site)
    err = refused_build(built_site)
    assert "content/projects/p.md:2: 'slug': '../../etc' is not a slug" in err
    assert all_paths(built_site.parent) == before


def test_all_problems_of_a_run_are_reported_together(built_site: Path) -> None:
    two_broken_files(built_site)
    err = refused_build(built_site)
    assert "content/projects/p.md:4: unknown key 'grant_amout'" in err
    assert "content/news/zaro.md:3: 'date': '2020-10-32'" in err
    assert "The build stopped (2 errors" in err


# --- every problem carries exactly one hint ---------------------------------------------


def config_output_outside(site: Path) -> None:
    write(site, "site_config.toml", 'title = "Próba honlap"\noutput_dir = "../x"\n')


def config_lowercase_currency(site: Path) -> None:
    write(site, "site_config.toml", 'title = "Próba honlap"\ncurrency = "huf"\n')


def unknown_banner_profile(site: Path) -> None:
    replace_in(site, PROJECT, "---\n", "---\nbanner: szechenyi2021\n")


def tags_not_a_list(site: Path) -> None:
    replace_in(site, PROJECT, "---\n", "---\ntags: {esely: 1}\n")


@pytest.mark.parametrize(
    "breakage",
    [
        broken_yaml,
        wrong_type,
        missing_title,
        misspelt_key,
        impossible_month,
        impossible_day,
        duplicate_project_id,
        duplicate_slug,
        missing_template,
        base_template_without_banner,
        template_typo,
        latin1_file,
        broken_config,
        unknown_theme,
        escaping_slug,
        two_broken_files,
        config_output_outside,
        config_lowercase_currency,
        unknown_banner_profile,
        tags_not_a_list,
    ],
)
def test_every_problem_has_exactly_one_hint(built_site: Path, breakage: Breakage) -> None:
    breakage(built_site)
    _, _, err = run_cli(built_site, "build")
    counted = re.search(r"The build stopped \((\d+) errors?(?:, (\d+) warnings?)?\)", err)
    assert counted, err
    problems = int(counted.group(1)) + int(counted.group(2) or 0)
    hints = re.findall(r"^  hint: \S", err, re.MULTILINE)
    assert len(hints) == problems, err
