"""Hostile or unlucky input never reaches the user as a traceback, a hang or a silent loss.

Each test builds a good site first, then breaks one thing the way an adversarial tester did
on copies of the example site, and builds again through the command line: the build must exit
1 with `path:line: message` and a `hint:` line naming the file at fault, print no traceback,
and leave the previous public/ byte for byte as it was. The property tests at the end feed
arbitrary bytes and arbitrary YAML and TOML values to the loading stage.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import REPO, VALID_PROJECT, MakeSite, run_cli, snapshot, write_png

PROJECT = "content/projects/p.md"


@pytest.fixture
def built_site(make_site: MakeSite) -> Path:
    """A good site with a photo, built once, so that a failed build has a public/ to keep."""
    site = make_site()
    write_png(site / "content" / "static" / "kepek" / "forum.png")
    code, _, err = run_cli(site, "build")
    assert code == 0, err
    return site


def refused_build(site: Path, *located: str) -> str:
    """Build again: exit 1, each `located` text in the report, a hint, no traceback, public/ kept."""
    before = snapshot(site / "public")
    code, out, err = run_cli(site, "build")
    assert code == 1, out + err
    assert "Traceback" not in out + err
    assert re.search(r"^  hint: \S", err, re.MULTILINE), err
    for text in located:
        assert text in err, err
    assert snapshot(site / "public") == before
    return err


def edit(site: Path, relative: str, old: str, new: str) -> None:
    path = site / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(site: Path, relative: str, text: str) -> None:
    path = site / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def symlink(link: Path, target: str | Path) -> None:
    """Make a symbolic link, or skip where the system does not let us (Windows without rights)."""
    link.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.symlink(target, link)
    except (OSError, NotImplementedError) as error:
        pytest.skip(f"cannot make symbolic links here: {error}")


def build_in_a_process(site: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """`python build.py build` in a process of its own, so that a hang fails the test instead."""
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "build", "--site", str(site)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=site,
    )


# --------------------------------------------------------------------------
# 1. Numbers that are not numbers
# --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", ".NaN", "NaN", "sNaN", "Infinity"])
def test_a_funding_rate_of_nan_or_infinity_is_reported(built_site: Path, value: str) -> None:
    edit(built_site, PROJECT, "funding_rate: 100", f"funding_rate: {value}")
    refused_build(built_site, "content/projects/p.md:5: 'funding_rate':")


@pytest.mark.parametrize("value", [".nan", ".inf", "1.0e+400"])
def test_a_grant_amount_of_nan_or_infinity_is_reported(built_site: Path, value: str) -> None:
    edit(built_site, PROJECT, "grant_amount: 74998560", f"grant_amount: {value}")
    refused_build(built_site, "content/projects/p.md:4: 'grant_amount':")


@pytest.mark.parametrize("value", [".nan", ".inf", "2.5", "true"])
def test_a_menu_number_that_is_not_a_whole_number_is_reported(make_site: MakeSite, value: str) -> None:
    site = make_site(
        {PROJECT: VALID_PROJECT, "content/pages/a.md": "---\ntitle: A\nmenu: 10\n---\nSzöveg.\n"}
    )
    assert run_cli(site, "build")[0] == 0
    edit(site, "content/pages/a.md", "menu: 10", f"menu: {value}")
    refused_build(site, "content/pages/a.md:3: 'menu':")


def test_a_page_size_of_nan_is_reported(built_site: Path) -> None:
    write(built_site, "site_config.toml", 'title = "Próba honlap"\npage_size = nan\n')
    refused_build(built_site, "site_config.toml:2: 'page_size':")


# --------------------------------------------------------------------------
# 2 and 12. Names the output's file systems cannot hold
# --------------------------------------------------------------------------


def test_a_slug_too_long_for_a_file_name_is_reported(built_site: Path) -> None:
    edit(built_site, PROJECT, "---\n", f"---\nslug: {'a' * 300}\n")
    err = refused_build(built_site, "content/projects/p.md:2: 'slug': the name is 300 characters long")
    assert "e.g. " + "a" * 50 in err


def test_a_file_name_too_long_for_an_address_is_reported(built_site: Path) -> None:
    name = "-".join(["zala-megyei-felzarkozas-politikai-egyuttmukodesek"] * 4)
    (built_site / PROJECT).rename(built_site / "content" / "projects" / f"{name}.md")
    err = refused_build(
        built_site, f"content/projects/{name}.md: this file's name cannot be the page's address"
    )
    assert "hint: give the page a slug of its own in the front matter, e.g. slug: zala-megyei" in err


@pytest.mark.parametrize("name", ["con", "PRN", "aux", "Nul", "com1", "LPT9"])
def test_a_windows_device_name_is_never_a_page_address(built_site: Path, name: str) -> None:
    (built_site / PROJECT).rename(built_site / "content" / "projects" / f"{name}.md")
    refused_build(built_site, f"content/projects/{name}.md: ", "a name Windows keeps for a device")


def test_a_windows_device_name_is_never_a_slug(built_site: Path) -> None:
    edit(built_site, PROJECT, "---\n", "---\nslug: lpt1\n")
    refused_build(built_site, "content/projects/p.md:2: 'slug':", "slug, e.g. lpt1-1")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("AUX.txt", "a name Windows keeps for a device"),
        ("kepek/con.tar.gz", "a name Windows keeps for a device"),
        ("nyilt<adatok>.csv", "characters Windows does not allow"),
        ("jegyzet:2021.pdf", "characters Windows does not allow"),
        ("vege.", "ends in a dot or a space"),
        (f"{'hosszu-nev-' * 10}.pdf", "the name is 114 characters long"),
    ],
)
def test_a_static_file_name_windows_cannot_hold_is_reported(built_site: Path, name: str, reason: str) -> None:
    if sys.platform == "win32":
        pytest.skip("Windows itself refuses to make these files")
    write(built_site, f"content/static/{name}", "x")
    refused_build(built_site, f"content/static/{name}: this file cannot be published under its name", reason)


# --------------------------------------------------------------------------
# 3 and 11. Files that are not files: links, folders, pipes, unreadable files
# --------------------------------------------------------------------------


def test_a_symlink_loop_named_md_is_reported(built_site: Path) -> None:
    symlink(built_site / "content" / "projects" / "kor.md", "kor.md")
    refused_build(built_site, "content/projects/kor.md: this is a link that leads round in a loop")


def test_a_dangling_symlink_named_md_is_reported(built_site: Path) -> None:
    symlink(built_site / "content" / "projects" / "regi.md", "torolt.md")
    refused_build(built_site, "content/projects/regi.md: this is a link to torolt.md, which does not exist")


def test_a_folder_named_md_is_reported(built_site: Path) -> None:
    (built_site / "content" / "projects" / "x.md").mkdir()
    refused_build(built_site, "content/projects/x.md: this is a folder, but its name ends in .md")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this system has no named pipes")
def test_a_fifo_named_md_is_reported_not_read(built_site: Path) -> None:
    os.mkfifo(built_site / "content" / "projects" / "x.md")
    before = snapshot(built_site / "public")
    result = build_in_a_process(built_site, timeout=60)  # reading the pipe would wait for ever
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content/projects/x.md: this is not an ordinary file" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(built_site / "public") == before


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0,
    reason="root (and Windows) can read a file whatever its permissions say, so chmod 000 cannot test this",
)
def test_an_unreadable_file_is_reported(built_site: Path) -> None:
    (built_site / PROJECT).chmod(0)
    try:
        refused_build(built_site, "content/projects/p.md: this file cannot be read: Permission denied")
    finally:
        (built_site / PROJECT).chmod(0o644)


def test_a_file_the_system_refuses_to_read_is_reported(
    built_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as the test above, where the tests run as root: the refusal is simulated."""
    original = Path.read_bytes
    refused = built_site / PROJECT

    def read_bytes(self: Path) -> bytes:
        if self == refused:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    refused.touch()  # changed since the last build, so that it is read again
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    refused_build(built_site, "content/projects/p.md: this file cannot be read: Permission denied")


def test_a_static_symlink_out_of_the_site_is_never_published(built_site: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n", encoding="utf-8")
    symlink(built_site / "content" / "static" / "passwd.txt", secret)
    err = refused_build(built_site, "content/static/passwd.txt: this is a link to ", "not inside static/")
    assert "hint: copy the file into static/ instead of linking to it" in err


def test_a_static_symlinked_folder_out_of_the_site_is_never_published(
    built_site: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    (outside / "private").mkdir(parents=True)
    (outside / "private" / "jelszavak.txt").write_text("titok\n", encoding="utf-8")
    symlink(built_site / "content" / "static" / "dokumentumok", outside)
    refused_build(built_site, "content/static/dokumentumok: this is a link to ")


def test_a_theme_static_symlink_out_of_the_site_is_never_published(built_site: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("titok\n", encoding="utf-8")
    symlink(built_site / "themes" / "default" / "static" / "titok.txt", secret)
    refused_build(built_site, "themes/default/static/titok.txt: this is a link to ")


def test_a_static_symlink_within_the_static_folder_is_published(built_site: Path) -> None:
    symlink(built_site / "content" / "static" / "kepek" / "masolat.png", "forum.png")
    symlink(built_site / "content" / "static" / "fotok", "kepek")
    code, _, err = run_cli(built_site, "build")
    assert code == 0, err
    photo = (built_site / "content" / "static" / "kepek" / "forum.png").read_bytes()
    assert (built_site / "public" / "kepek" / "masolat.png").read_bytes() == photo
    assert (built_site / "public" / "fotok" / "forum.png").read_bytes() == photo


@pytest.mark.parametrize("target", [".", ".."])
def test_a_static_symlink_to_a_folder_it_is_in_is_reported_not_followed(
    built_site: Path, target: str
) -> None:
    symlink(built_site / "content" / "static" / "kepek" / "onmaga", target)
    refused_build(built_site, "content/static/kepek/onmaga: this is a link that leads round in a loop")


# --------------------------------------------------------------------------
# 10. YAML and file size limits
# --------------------------------------------------------------------------


def alias_bomb(levels: int, width: int = 9) -> str:
    """Front matter whose last key expands to width**levels copies of a value (a "billion laughs")."""
    lines = ["---", "title: Bomba", "extra:", f"  a0: &a0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels + 1):
        lines.append(f"  a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    return "\n".join([*lines, "---", "Szöveg.", ""])


def test_a_yaml_alias_bomb_is_refused_fast(built_site: Path) -> None:
    write(built_site, "content/projects/bomba.md", alias_bomb(levels=10))
    before = snapshot(built_site / "public")
    started = time.perf_counter()
    result = build_in_a_process(built_site, timeout=120)
    assert time.perf_counter() - started < 60
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content/projects/bomba.md:5: the front matter repeats a value with a YAML alias" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(built_site / "public") == before


def test_a_yaml_alias_of_itself_is_refused(built_site: Path) -> None:
    edit(built_site, PROJECT, "---\n", "---\nextra: &onmaga {masik: *onmaga}\n")
    refused_build(built_site, "content/projects/p.md:2: the front matter repeats a value with a YAML alias")


def test_front_matter_nested_too_deep_is_refused(built_site: Path) -> None:
    edit(built_site, PROJECT, "---\n", "---\nextra: " + "[" * 500 + "]" * 500 + "\n")
    refused_build(built_site, "content/projects/p.md:2: the front matter nests lists and keys more than")


def test_front_matter_over_256_kb_is_refused(built_site: Path) -> None:
    edit(
        built_site, PROJECT, "---\n", "---\nextra:\n" + "".join(f"  k{n}: {'x' * 100}\n" for n in range(3000))
    )
    refused_build(built_site, "content/projects/p.md:1: the front matter is longer than 256 KB")


def test_a_content_file_over_10_mb_is_refused(built_site: Path) -> None:
    edit(built_site, PROJECT, "## A projekt célja", "## A projekt célja\n\n" + "Szöveg. " * 1_400_000)
    refused_build(built_site, "content/projects/p.md: the file is 13 MB; a content file can be 10 MB at most")


def test_an_integer_python_cannot_hold_is_reported(built_site: Path) -> None:
    edit(built_site, PROJECT, "---\n", "---\nextra:\n  nagy: " + "9" * 5000 + "\n")
    refused_build(built_site, "content/projects/p.md: the front matter has a value infoblokk cannot read")


# --------------------------------------------------------------------------
# 13. Facts that contradict each other
# --------------------------------------------------------------------------


def test_a_start_date_after_the_end_date_is_reported(built_site: Path) -> None:
    edit(built_site, PROJECT, "end_date: 2020-10-31", "end_date: 2020-10-31\nstart_date: 2021-01-01")
    refused_build(
        built_site, "content/projects/p.md:8: the project starts (2021-01-01) after it ends (2020-10-31)"
    )
