"""Rules for the command line: help, reports, exit codes, and what build, check and new print."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import VALID_NEWS, VALID_PAGE, VALID_PROJECT, MakeSite, run_cli, snapshot, write_png

PUBLISHED_AT = 'base_url = "https://www.example.hu/efop/"\n'
ARTWORK_CONFIG = f'title = "x"\n{PUBLISHED_AT}[banner.images]\n"szechenyi2020-esza" = "infoblokk_ESZA.png"\n'


def with_artwork(make_site: MakeSite, files: dict[str, str] | None = None) -> Path:
    """A site whose every banner has its official artwork and whose address is set: nothing left to do."""
    site = make_site(files, config=ARTWORK_CONFIG)
    write_png(site / "content" / "static" / "infoblokk_ESZA.png", 600, 200)
    return site


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("build", ["--site", "--strict"]),
        ("check", ["--site", "--strict"]),
        ("new", ["--site", "project,news,page", "title", "--press"]),
        ("init", ["FOLDER", "--base-url"]),
    ],
)
def test_help_of_every_command_exits_0_and_names_its_options(
    make_site: MakeSite, command: str, options: list[str]
) -> None:
    code, out, err = run_cli(make_site(), command, "--help")
    assert (code, err) == (0, "")
    assert f"python build.py {command}" in out
    for option in options:
        assert option in out


def test_main_help_lists_the_commands(make_site: MakeSite) -> None:
    code, out, _ = run_cli(make_site(), "--help")
    assert code == 0
    for command in ("build", "check", "new", "init"):
        assert re.search(rf"^\s+{command}\s", out, re.MULTILINE)


def test_unknown_command_is_a_usage_error(make_site: MakeSite) -> None:
    code, _, err = run_cli(make_site(), "biuld")
    assert code == 2
    assert "biuld" in err


def test_build_reports_the_pages_written_per_kind(make_site: MakeSite) -> None:
    other = VALID_PROJECT.replace("00004", "00006")
    site = make_site(
        {
            "content/projects/zala.md": VALID_PROJECT,
            "content/projects/somogy.md": other,
            "content/news/zaro.md": VALID_NEWS,
            "content/pages/a.md": VALID_PAGE,
            "content/pages/b.md": VALID_PAGE.replace("menu: 90", "menu: 10"),
            "content/pages/c.md": VALID_PAGE.replace("menu: 90", "menu: 20"),
        }
    )
    code, out, err = run_cli(site, "build")
    assert (code, err) == (0, "")
    first = out.splitlines()[0]
    assert re.search(r"\b2 projects\b", first)
    assert re.search(r"\b1 news\b", first)
    assert re.search(r"\b3 pages\b", first)
    assert "into public/" in first
    assert (site / "public" / "projektek" / "somogy" / "index.html").is_file()


def test_build_is_the_default_command(make_site: MakeSite) -> None:
    site = make_site()
    code, out, _ = run_cli(site)
    assert code == 0
    assert out.startswith("Built ")
    assert (site / "public" / "index.html").is_file()


def test_build_names_the_drafts_it_left_out(make_site: MakeSite) -> None:
    draft = VALID_PROJECT.replace("end_date:", "draft: true\nend_date:").replace("00004", "00006")
    site = make_site({"content/projects/p.md": VALID_PROJECT, "content/projects/vazlat.md": draft})
    code, out, _ = run_cli(site, "build")
    assert code == 0
    assert "content/projects/vazlat.md" in out
    assert not (site / "public" / "projektek" / "vazlat").exists()


def test_build_warns_about_compliance_gaps_but_succeeds(make_site: MakeSite) -> None:
    code, out, err = run_cli(make_site(), "build")
    assert (code, err) == (0, "")
    assert "warning: the banner 'szechenyi2020-esza' shows infoblokk's stand-in" in out
    assert "hint:" in out


def test_failed_build_exits_1_with_location_message_and_hint_on_stderr(make_site: MakeSite) -> None:
    site = make_site(
        {"content/projects/p.md": VALID_PROJECT.replace("funding_rate: 100", "funding_rate: sok")}
    )
    code, out, err = run_cli(site, "build")
    assert code == 1
    assert out == ""
    assert re.search(r"^content/projects/p\.md:5: 'funding_rate': .*'sok'", err, re.MULTILINE)
    assert re.search(r"^  hint: \S", err, re.MULTILINE)
    assert "public/ was not changed" in err
    assert not (site / "public").exists()


def test_strict_build_fails_on_compliance_warnings_and_writes_nothing(make_site: MakeSite) -> None:
    site = make_site()
    code, out, err = run_cli(site, "build", "--strict")
    assert code == 1
    assert out == ""
    assert "warning: the banner 'szechenyi2020-esza' shows infoblokk's stand-in" in err
    assert not (site / "public").exists()


def test_a_builds_warnings_say_which_commands_fail_on_them(make_site: MakeSite) -> None:
    code, out, _ = run_cli(make_site(config=f'title = "x"\n{PUBLISHED_AT}'), "build")
    assert code == 0
    assert "\n1 warning (`build --strict` and `check --strict` fail on it):\n" in out  # the stand-in
    curly = VALID_PROJECT.replace(
        "title: Zala megyei felzárkózás-politikai együttműködések", "title: “Zala megyei együttműködés”"
    )
    code, out, _ = run_cli(with_artwork(make_site, {"content/projects/p.md": curly}), "build")
    assert code == 0
    assert "\n1 warning (`check` fails on it):\n" in out
    code, out, _ = run_cli(make_site({"content/projects/p.md": curly}), "build")
    assert "\n2 warnings (`check` and `build --strict` fail on these):\n" in out


def test_check_fails_on_a_warning_about_the_content_but_not_on_the_steps_left(make_site: MakeSite) -> None:
    """Curly quotes (a warning about how a file is written) fail `check` beside a stand-in banner,
    which alone would not: the count names the one problem to fix."""
    curly = VALID_PROJECT.replace(
        "title: Zala megyei felzárkózás-politikai együttműködések", "title: “Zala megyei együttműködés”"
    )
    site = make_site({"content/projects/p.md": curly}, config=f'title = "x"\n{PUBLISHED_AT}')
    code, _, err = run_cli(site, "check")
    assert code == 1
    assert "content/projects/p.md:2: warning: the value on this line is in curly quotes" in err
    assert "warning: the banner 'szechenyi2020-esza' shows infoblokk's stand-in" in err
    assert "\n1 problem found; fix it before publishing." in err
    code, _, err = run_cli(site, "check", "--strict")
    assert code == 1 and "\n2 problems found; fix them before publishing." in err


def test_strict_build_passes_when_every_banner_has_official_artwork(make_site: MakeSite) -> None:
    site = with_artwork(make_site)
    code, out, err = run_cli(site, "build", "--strict")
    assert (code, err) == (0, "")
    assert "warning" not in out
    page = (site / "public" / "projektek" / "p" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../infoblokk_ESZA.png"' in page
    assert (site / "public" / "infoblokk_ESZA.png").is_file()


def test_check_exits_1_on_compliance_gaps_and_publishes_nothing(make_site: MakeSite) -> None:
    text = VALID_PROJECT.replace("grant_amount: 74998560\n", "")
    site = with_artwork(make_site, {"content/projects/p.md": text})
    code, _, err = run_cli(site, "check")
    assert code == 1
    assert "content/projects/p.md:1: warning: the mandatory field 'grant_amount' is missing" in err
    assert "1 problem found" in err
    assert not (site / "public").exists()


def test_check_exits_0_when_every_banner_has_official_artwork(make_site: MakeSite) -> None:
    site = with_artwork(
        make_site, {"content/projects/p.md": VALID_PROJECT, "content/news/zaro.md": VALID_NEWS}
    )
    code, out, err = run_cli(site, "check")
    assert code == 0
    assert err.startswith("Publicity items (the exit code does not depend on them):")  # the poster's
    assert "banner" not in err and "No problems found" in out
    assert not (site / "public").exists()


def test_check_exits_0_with_artwork_given_in_the_project(make_site: MakeSite) -> None:
    erfa = VALID_PROJECT.replace("EFOP-1.6.3-17-2017-00004", "EFOP-2.2.5-17-2017-00010").replace(
        "end_date:", "banner_image: infoblokk_ERFA.png\nend_date:"
    )
    site = with_artwork(make_site, {"content/projects/p.md": VALID_PROJECT, "content/projects/erfa.md": erfa})
    write_png(site / "content" / "static" / "infoblokk_ERFA.png", 300, 100)
    code, out, err = run_cli(site, "check")
    assert code == 0 and "banner" not in err  # err: only the publicity items (the posters)
    assert "No problems found" in out


def test_check_warns_about_the_stand_in_banner_and_exits_0(make_site: MakeSite) -> None:
    site = make_site(config=f'title = "x"\n{PUBLISHED_AT}')
    code, out, err = run_cli(site, "check")
    assert code == 0
    assert "site_config.toml: warning: the banner 'szechenyi2020-esza' shows infoblokk's stand-in" in err
    assert "hint: one step: copy the official banner file you received (e.g. " in err
    assert '[banner.images]: "szechenyi2020-esza" = "<its file name>"' in err
    assert "No errors. 1 warning above names what is left" in err and "found" not in err
    assert out == ""


def test_strict_check_fails_on_the_stand_in_banner(make_site: MakeSite) -> None:
    site = make_site(config=f'title = "x"\n{PUBLISHED_AT}')
    code, _, err = run_cli(site, "check", "--strict")
    assert code == 1
    assert "warning: the banner 'szechenyi2020-esza' shows infoblokk's stand-in" in err
    assert "1 problem found; fix it before publishing." in err


@pytest.mark.parametrize("config", ['title = "x"\n', 'title = "x"\nbase_url = "https://example.org"\n'])
def test_check_warns_while_base_url_is_the_example_address(make_site: MakeSite, config: str) -> None:
    site = with_artwork(make_site)
    (site / "site_config.toml").write_text(
        config + '[banner.images]\n"szechenyi2020-esza" = "infoblokk_ESZA.png"\n', encoding="utf-8"
    )
    code, _, err = run_cli(site, "check")
    line = 2 if "base_url" in config else 1
    assert code == 0
    assert (
        f"site_config.toml:{line}: warning: base_url is still the example address https://example.org/" in err
    )
    assert "canonical links, the sitemap and the feeds would point there" in err
    assert "hint: write the address where the site will be published" in err
    assert run_cli(site, "check", "--strict")[0] == 1


def test_check_exits_1_on_errors_too(make_site: MakeSite) -> None:
    site = with_artwork(make_site, {"content/projects/p.md": VALID_PROJECT.replace("end_date:", "end_dat:")})
    code, _, err = run_cli(site, "check")
    assert code == 1
    assert "content/projects/p.md:7: unknown key 'end_dat'" in err
    assert "did you mean 'end_date'?" in err


def test_every_command_the_build_report_suggests_exists(make_site: MakeSite) -> None:
    site = make_site()
    _, out, _ = run_cli(site, "build")
    suggested = re.findall(r"python build\.py (\w+)", out)
    assert suggested
    for command in suggested:
        assert run_cli(site, command, "--help")[0] == 0


def test_failure_in_site_config_says_plainly_that_the_output_was_not_changed(make_site: MakeSite) -> None:
    code, _, err = run_cli(make_site(config='title = "x\n'), "build")
    assert code == 1
    last = err.strip().splitlines()[-1]
    assert last.endswith("was not changed.")
    assert "folder/" not in last


def test_build_never_deletes_the_sites_own_content(make_site: MakeSite) -> None:
    site = make_site(config='title = "x"\noutput_dir = "content"\n')
    before = snapshot(site / "content")
    run_cli(site, "build")
    assert snapshot(site / "content") == before


def test_a_reader_that_stops_early_is_no_crash(make_site: MakeSite) -> None:
    """`python build.py obligations | head`: the rest is not wanted, and that is no bug to report."""
    projects = {
        f"content/projects/p{number}.md": VALID_PROJECT.replace("00004", f"{number:05d}").replace(
            "title: ", f"title: {number}. "
        )
        for number in range(1, 81)
    }
    site = make_site(projects)
    command = [sys.executable, "-c", "import sys; from infoblokk.cli import main; sys.exit(main())"]
    reading = subprocess.Popen(
        [*command, "obligations", "--json", "--site", str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reading.stdout is not None and reading.stderr is not None
    assert reading.stdout.read(200)  # more than a pipe holds is on its way (80 projects as JSON)
    reading.stdout.close()
    complaint = reading.stderr.read().decode("utf-8")
    assert reading.wait(timeout=120) == 141, complaint
    assert complaint == ""
    assert not list(site.glob(".infoblokk-cache/infoblokk-crash-*"))
