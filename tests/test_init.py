"""`init`: a new site anywhere, on the default theme that ships inside infoblokk.

A new site builds at once, passes `check` but for the official banner artwork (and for its
address, until one is given), and explains every setting of its configuration in Hungarian.
The slow test builds the wheel and runs the installed `infoblokk` command outside this
repository, as a new user would.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from pydantic import BaseModel

from infoblokk.cli import main
from infoblokk.config.settings import SiteConfig
from infoblokk.errors import Severity
from infoblokk.site import build_site, check_site
from tests.helpers import DEFAULT_THEME, REPO, TODAY, page, run_cli, snapshot

ADDRESS = "https://www.example.hu/eu-projektek/"
SAMPLE = "projektek/kozossegi-haz-energetikai-korszerusitese/"


def init(*args: str) -> tuple[int, str, str]:
    """`infoblokk init …` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["init", *args])
    return code, out.getvalue(), err.getvalue()


def keys_of(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every key of a configuration schema, nested tables' keys after their table: `banner.fund`."""
    keys = []
    for name, field in model.model_fields.items():
        keys.append(prefix + name)
        for candidate in (field.annotation, *getattr(field.annotation, "__args__", ())):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                keys += keys_of(candidate, f"{prefix}{name}.")
    return keys


def test_init_makes_a_site_that_builds_on_the_theme_inside_infoblokk(tmp_path: Path) -> None:
    site = tmp_path / "uj-honlap"
    code, out, err = init(str(site))
    assert (code, err) == (0, "")
    assert "Made a new site in" in out and "infoblokk build" in out
    for folder in ("content/projects", "content/news", "content/pages", "content/static"):
        assert (site / folder).is_dir(), folder
    assert not (site / "themes").exists()  # the default theme is infoblokk's own
    result = build_site(site, today=TODAY)
    html = page(result, SAMPLE)
    assert 'data-infoblokk="szechenyi-terv-plusz"' in html
    assert "Mintavölgy Község Önkormányzata" in html and "96\u00a0450\u00a0000\u00a0Ft" in html


def test_a_new_site_passes_check_but_for_the_official_banner_artwork(tmp_path: Path) -> None:
    site = tmp_path / "uj-honlap"
    assert init(str(site), "--base-url", ADDRESS)[0] == 0
    (problem,) = check_site(site, today=TODAY)
    assert (
        problem.message
        == "the banner 'szechenyi-terv-plusz' shows infoblokk's stand-in, not the official artwork yet"
    )
    assert problem.severity is Severity.PUBLICATION
    code, _, err = run_cli(site, "check")
    assert code == 0 and "No errors. 1 warning above names what is left" in err
    assert run_cli(site, "check", "--strict")[0] == 1
    assert f'base_url = "{ADDRESS}"' in (site / "site_config.toml").read_text(encoding="utf-8")


def test_a_new_site_without_its_address_is_reminded_of_it(tmp_path: Path) -> None:
    site = tmp_path / "uj-honlap"
    init(str(site))
    messages = [problem.message for problem in check_site(site, today=TODAY)]
    assert any(message.startswith("base_url is still the example address") for message in messages)


def test_every_setting_of_the_new_configuration_is_explained(tmp_path: Path) -> None:
    site = tmp_path / "uj-honlap"
    init(str(site))
    lines = (site / "site_config.toml").read_text(encoding="utf-8").splitlines()
    for key in keys_of(SiteConfig):
        name = key.split(".")[-1]
        written = rf"^(# )?(\[{re.escape(key)}\]|{re.escape(name)} =)"
        found = [n for n, line in enumerate(lines) if re.match(written, line)]
        assert found, f"{key} is not in the new site_config.toml"
        assert lines[found[0] - 1].startswith("#"), f"{key} has no comment above it"
    assert "magyarázat" in lines[0] + lines[1]  # the comments are in Hungarian


def test_the_sample_project_is_complete_and_no_draft(tmp_path: Path) -> None:
    site = tmp_path / "uj-honlap"
    init(str(site))
    result = build_site(site, today=TODAY)
    assert result.drafts == ()
    assert [p for p in result.warnings if p.severity is Severity.COMPLIANCE] == []  # every fact given
    assert result.pages["projects"] == 1


@pytest.mark.parametrize("existing", ["a file in it", "a file"])
def test_init_refuses_a_folder_that_holds_anything_and_writes_nothing(tmp_path: Path, existing: str) -> None:
    target = tmp_path / "honlap"
    if existing == "a file":
        target.write_text("jegyzet", encoding="utf-8")
    else:
        target.mkdir()
        (target / "jegyzet.txt").write_text("jegyzet", encoding="utf-8")
    before = snapshot(tmp_path)
    code, out, err = init(str(target))
    assert code == 1 and out == ""
    assert "init makes a new site only in a new or empty folder" in err
    assert "hint: name a folder that does not exist yet" in err
    assert err.rstrip().endswith("No site was made, and nothing was written.")
    assert "build stopped" not in err  # init builds nothing: no output folder to speak of
    assert snapshot(tmp_path) == before


def test_init_into_an_empty_folder_works(tmp_path: Path) -> None:
    (tmp_path / "ures").mkdir()
    assert init(str(tmp_path / "ures"))[0] == 0
    assert (tmp_path / "ures" / "site_config.toml").is_file()


def test_init_refuses_an_address_that_is_not_one(tmp_path: Path) -> None:
    code, _, err = init(str(tmp_path / "honlap"), "--base-url", "www.example.hu")
    assert code == 1
    assert "--base-url 'www.example.hu' is not a web address" in err
    assert not (tmp_path / "honlap").exists()


def test_a_new_sites_own_templates_and_themes_still_override_the_default(tmp_path: Path) -> None:
    site = tmp_path / "uj-honlap"
    init(str(site))
    (site / "templates").mkdir()
    (site / "templates" / "page.html").write_text("unused", encoding="utf-8")
    project = (DEFAULT_THEME / "templates" / "project.html").read_text(encoding="utf-8")
    (site / "templates" / "project.html").write_text(
        project.replace("<h1", "<h1 data-sajat"), encoding="utf-8"
    )
    own_theme = site / "themes" / "default"
    shutil.copytree(DEFAULT_THEME, own_theme)
    base = own_theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("<body>", '<body class="sajat-tema">'), "utf-8")
    html = page(build_site(site, today=TODAY), SAMPLE)
    assert "<h1 data-sajat" in html
    assert '<body class="sajat-tema">' in html


@pytest.mark.slow
def test_the_installed_package_makes_and_builds_a_new_site_outside_this_repository(tmp_path: Path) -> None:
    """The wheel in a fresh virtual environment; its dependencies come from the package index."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "setup.py"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(
        REPO / "infoblokk", source / "infoblokk", ignore=shutil.ignore_patterns("__pycache__", "*.mo")
    )
    pip = ["-m", "pip", "--disable-pip-version-check", "-q"]
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, *pip, "wheel", "--no-deps", "-w", str(wheels), str(source)], check=True)
    (wheel,) = wheels.glob("infoblokk-*.whl")
    environment = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True)
    scripts = environment / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(scripts / "python"), *pip, "install", str(wheel)], check=True)

    clean = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    infoblokk = str(scripts / "infoblokk")
    made = subprocess.run(
        [infoblokk, "init", "uj-honlap", "--base-url", ADDRESS],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    site = tmp_path / "uj-honlap"
    built = subprocess.run([infoblokk, "build"], cwd=site, env=clean, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    html = (site / "public" / SAMPLE / "index.html").read_text(encoding="utf-8")
    assert 'data-infoblokk="szechenyi-terv-plusz"' in html
    assert "A mintavölgyi közösségi ház energetikai korszerűsítése" in html
    assert (site / "public" / "favicon.ico").is_file() and (
        site / "public" / "assets" / "infoblokk.css"
    ).is_file()
    checked = subprocess.run([infoblokk, "check"], cwd=site, env=clean, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    hungarian = {key: value for key, value in clean.items() if key != "INFOBLOKK_LANG"}  # the site's language
    checked = subprocess.run([infoblokk, "check"], cwd=site, env=hungarian, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "logósáv helyén még az infoblokk helyettesítő képe látszik" in checked.stderr
    assert "Nincs hiba. A fenti 1 figyelmeztetés megnevezi, mi van még hátra" in checked.stderr
    where = subprocess.run(
        [str(scripts / "python"), "-c", "import infoblokk; print(infoblokk.__file__)"],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(environment)), where.stdout  # the wheel's copy, not this checkout
    assert tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"] == {
        "infoblokk": "infoblokk.cli:main"
    }
