"""Hostile or unlucky input never reaches the user as a traceback, a hang or a silent loss.

Each test builds a good site first, then breaks one thing the way an adversarial tester did
on copies of the example site, and builds again through the command line: the build must exit
1 with `path:line: message` and a `hint:` line naming the file at fault, print no traceback,
and leave the previous public/ byte for byte as it was. The property tests at the end feed
arbitrary bytes and arbitrary YAML and TOML values to the loading stage.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoblokk.content.filenames import name_problem
from infoblokk.errors import BuildFailed
from infoblokk.render import incremental
from infoblokk.site import build_site
from tests.helpers import REPO, TODAY, VALID_NEWS, VALID_PROJECT, MakeSite, run_cli, snapshot, write_png

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


def test_a_funding_rate_with_a_million_decimals_is_reported_not_printed(built_site: Path) -> None:
    edit(built_site, PROJECT, "funding_rate: 100", "funding_rate: 1e-999999")
    refused_build(built_site, "content/projects/p.md:5: 'funding_rate': '1e-999999' has more decimals")


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


def test_a_currency_unknown_to_the_number_formats_is_reported_by_the_pages(built_site: Path) -> None:
    write(built_site, "site_config.toml", 'title = "Próba honlap"\ncurrency = "XYZ"\n')
    refused_build(built_site, "unknown currency 'XYZ'")


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


@pytest.mark.parametrize("title", ["Nagyon hosszú cím " * 20, "Nul", "LPT1"])
def test_new_with_a_title_that_cannot_name_a_file_is_reported(built_site: Path, title: str) -> None:
    before = sorted(p.name for p in (built_site / "content" / "projects").iterdir())
    code, out, err = run_cli(built_site, "new", "project", title)
    assert code == 1, out + err
    assert "Traceback" not in out + err
    assert "the title cannot name a file: " in err
    assert "hint: use another title here" in err
    assert sorted(p.name for p in (built_site / "content" / "projects").iterdir()) == before


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


# --------------------------------------------------------------------------
# 4. A template expression that fails while the page is made
# --------------------------------------------------------------------------


def test_a_template_expression_that_fails_names_the_template_and_line(built_site: Path) -> None:
    write(
        built_site,
        "templates/project.html",
        '{% extends "base.html" %}\n{% block main %}\n<p>{{ 1 / 0 }}</p>\n{% endblock %}\n',
    )
    err = refused_build(built_site, "templates/project.html:3: template error: division by zero")
    assert "(ZeroDivisionError)" in err


def test_a_macro_that_calls_itself_names_the_template(built_site: Path) -> None:
    write(
        built_site,
        "templates/project.html",
        '{% extends "base.html" %}\n{% macro again() %}{{ again() }}{% endmacro %}\n'
        "{% block main %}\n{{ again() }}\n{% endblock %}\n",
    )
    refused_build(built_site, "templates/project.html:2: template error: ", "(RecursionError)")


# --------------------------------------------------------------------------
# 5. Banner artwork that is not an image
# --------------------------------------------------------------------------


def test_a_banner_image_that_is_not_an_image_is_reported(built_site: Path) -> None:
    write(built_site, "content/static/hamis.jpg", "ez egy szöveg, nem kép\n")
    edit(built_site, PROJECT, "---\n", "---\nbanner_image: hamis.jpg\n")
    refused_build(
        built_site,
        "content/projects/p.md:2: the banner artwork 'content/static/hamis.jpg' cannot be shown",
        "it is not a JPEG, PNG or WebP image",
    )


def test_a_configured_banner_image_that_is_not_an_image_is_reported(built_site: Path) -> None:
    write(built_site, "content/static/hamis.png", "")
    write(built_site, "site_config.toml", 'title = "Próba honlap"\n[banner]\nimage = "hamis.png"\n')
    refused_build(
        built_site, "site_config.toml:3: the banner artwork 'content/static/hamis.png' cannot be shown"
    )


# --------------------------------------------------------------------------
# 6. Markdown extensions: only real ones, nothing imported to find out
# --------------------------------------------------------------------------


def with_extensions(site: Path, *names: str) -> None:
    listed = ", ".join(f'"{name}"' for name in names)
    write(site, "site_config.toml", f'title = "Próba honlap"\n[markdown]\nextensions = [{listed}]\n')


def test_an_unknown_markdown_extension_is_a_config_error_not_an_import(built_site: Path) -> None:
    imported_before = "this" in sys.modules
    with_extensions(built_site, "this")
    err = refused_build(built_site, "site_config.toml:3: 'this' is not a Markdown extension")
    assert "Python-Markdown's own extensions are abbr, admonition" in err
    assert imported_before or "this" not in sys.modules  # the Zen of Python stayed unprinted


def test_a_misspelt_markdown_extension_gets_a_did_you_mean(built_site: Path) -> None:
    with_extensions(built_site, "abbr", "footnote")
    refused_build(
        built_site, "site_config.toml:3: 'footnote' is not a Markdown extension", "did you mean 'footnotes'?"
    )


def test_a_module_that_is_no_extension_is_refused_without_running_it(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "modules" / "csomag"
    write(package, "__init__.py", f"open({str(tmp_path / 'ran')!r}, 'w').close()\n")
    write(package, "segito.py", "def help_me():\n    return 1\n")
    monkeypatch.syspath_prepend(str(tmp_path / "modules"))
    with_extensions(built_site, "csomag.segito")
    refused_build(built_site, "site_config.toml:3: 'csomag.segito' is not a Markdown extension")
    assert not (tmp_path / "ran").exists()


def test_markdown_extensions_by_short_full_or_module_name_are_used(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path / "modules" / "sajat",
        "kiemeles.py",
        "from markdown.extensions import Extension\n\n\n"
        "class Kiemeles(Extension):\n    def extendMarkdown(self, md):\n        pass\n\n\n"
        "def makeExtension(**kwargs):\n    return Kiemeles(**kwargs)\n",
    )
    write(tmp_path / "modules" / "sajat", "__init__.py", "")
    monkeypatch.syspath_prepend(str(tmp_path / "modules"))
    monkeypatch.delitem(sys.modules, "sajat", raising=False)
    monkeypatch.delitem(sys.modules, "sajat.kiemeles", raising=False)
    with_extensions(built_site, "abbr", "markdown.extensions.footnotes", "sajat.kiemeles")
    edit(built_site, PROJECT, "## A projekt célja", "## A projekt célja\n\nLábjegyzet[^1].\n\n[^1]: Itt.\n")
    code, _, err = run_cli(built_site, "build")
    assert code == 0, err
    assert 'class="footnote"' in (built_site / "public" / "projektek" / "p" / "index.html").read_text("utf-8")


# --------------------------------------------------------------------------
# 7. The configuration and the cache as something else than expected
# --------------------------------------------------------------------------


def test_a_site_config_that_is_a_folder_is_reported(built_site: Path) -> None:
    (built_site / "site_config.toml").unlink()
    (built_site / "site_config.toml").mkdir()
    refused_build(built_site, "site_config.toml: site_config.toml is a folder")


def test_a_site_config_that_is_not_utf8_is_reported(built_site: Path) -> None:
    (built_site / "site_config.toml").write_bytes('title = "Próba"\npublisher = "Győr"\n'.encode("cp1250"))
    refused_build(built_site, "site_config.toml:1: the file is not UTF-8 text")


def test_a_cache_that_is_a_file_is_reported_before_public_changes(built_site: Path) -> None:
    cache = built_site / ".infoblokk-cache"
    for path in sorted(cache.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    cache.rmdir()
    cache.write_text("valami\n", encoding="utf-8")
    edit(built_site, PROJECT, "Zala megyei felzárkózás", "Zala megyei felzárkózás (új)")
    refused_build(built_site, ".infoblokk-cache: ", "is a file")


def test_a_state_file_that_is_a_folder_only_makes_the_next_build_slower(
    built_site: Path, make_site: MakeSite
) -> None:
    state = built_site / ".infoblokk-cache" / "state.sqlite"
    state.unlink()
    state.mkdir()
    changes = [("Zala megyei felzárkózás", "Zala megyei felzárkózás (új)"), ("(új)", "(újabb)")]
    for old, new in changes:  # two builds with work to do, each unable to save its state
        edit(built_site, PROJECT, old, new)
        code, out, err = run_cli(built_site, "build")
        assert code == 0, err
        assert "Traceback" not in out + err
        assert ".infoblokk-cache/state.sqlite: what this build did could not be saved" in err
        assert "hint: delete the .infoblokk-cache folder" in err
    clean = make_site()
    edit(clean, PROJECT, "Zala megyei felzárkózás", "Zala megyei felzárkózás (újabb)")
    write_png(clean / "content" / "static" / "kepek" / "forum.png")
    assert run_cli(clean, "build")[0] == 0
    assert snapshot(built_site / "public") == snapshot(clean / "public")


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0,
    reason="root (and Windows) can write into a read-only folder, so chmod cannot test this",
)
def test_a_read_only_cache_never_leaves_a_wrong_site(built_site: Path) -> None:
    cache = built_site / ".infoblokk-cache"
    edit(built_site, PROJECT, "Zala megyei felzárkózás", "Zala megyei felzárkózás (új)")
    cache.chmod(0o500)
    try:
        before = snapshot(built_site / "public")
        code, out, err = run_cli(built_site, "build")
    finally:
        cache.chmod(0o700)
    assert "Traceback" not in out + err
    assert code in (0, 1), err
    if code == 1:  # refused before anything was written
        assert snapshot(built_site / "public") == before
        assert ".infoblokk-cache" in err
    else:
        assert "(új)" in (built_site / "public" / "projektek" / "p" / "index.html").read_text("utf-8")


def test_a_state_that_cannot_be_written_is_a_notice_not_a_failure(
    built_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the test above, where the tests run as root: the refusal to write is simulated."""

    def refused(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(incremental, "write_changes", refused)  # the state saved by difference
    monkeypatch.setattr(incremental, "write_whole", refused)  # or written anew
    edit(built_site, PROJECT, "Zala megyei felzárkózás", "Zala megyei felzárkózás (új)")
    code, _, err = run_cli(built_site, "build")
    assert code == 0, err
    assert "could not be saved for the next one (Permission denied)" in err
    assert "(új)" in (built_site / "public" / "projektek" / "p" / "index.html").read_text("utf-8")
    assert not (built_site / ".infoblokk-cache" / "state.sqlite").exists()  # no older state outlives it


@pytest.mark.parametrize("damage", ["[" * 100_000, "{}", '{"version": 1}', "\xff\xfe", "null"])
def test_a_damaged_state_file_is_ignored(built_site: Path, damage: str) -> None:
    (built_site / ".infoblokk-cache" / "state.sqlite").write_text(
        damage, encoding="utf-8", errors="surrogateescape"
    )
    edit(built_site, PROJECT, "Zala megyei felzárkózás", "Zala megyei felzárkózás (új)")
    code, _, err = run_cli(built_site, "build")
    assert code == 0, err
    assert "(új)" in (built_site / "public" / "projektek" / "p" / "index.html").read_text("utf-8")


# --------------------------------------------------------------------------
# 8. A bug in infoblokk
# --------------------------------------------------------------------------


def test_a_bug_in_infoblokk_is_one_paragraph_and_a_saved_traceback(
    built_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_stage(*args: object, **kwargs: object) -> None:
        raise RuntimeError("egy hiba a render lépésben")

    monkeypatch.setattr("infoblokk.site.render_site", broken_stage)
    before = snapshot(built_site / "public")
    edit(built_site, PROJECT, "Zala megyei felzárkózás", "Zala megyei felzárkózás (új)")  # work to do
    code, out, err = run_cli(built_site, "build")
    assert code == 2
    assert "Traceback" not in out + err
    assert "a bug in infoblokk itself, not because of anything in your site" in err
    assert "RuntimeError: egy hiba a render lépésben" in err
    assert "Please report it" in err
    saved = re.search(r"saved in (\S+\.txt)\.", err)
    assert saved, err
    report = (built_site / saved.group(1)).read_text(encoding="utf-8")
    assert saved.group(1).startswith(".infoblokk-cache/infoblokk-crash-")
    assert "Traceback (most recent call last)" in report
    assert "broken_stage" in report
    assert snapshot(built_site / "public") == before


def test_a_bug_is_saved_in_the_temporary_folder_when_the_cache_cannot_be_written(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_build(*args: object, **kwargs: object) -> None:
        raise KeyError("hiányzó kulcs")

    temporary = tmp_path / "temp"
    temporary.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temporary))
    monkeypatch.setattr("infoblokk.site.build_site", broken_build)
    cache = built_site / ".infoblokk-cache"
    cache.rename(tmp_path / "old-cache")
    cache.write_text("nem mappa\n", encoding="utf-8")
    code, out, err = run_cli(built_site, "build")
    assert code == 2
    assert "Traceback" not in out + err
    saved = list(temporary.glob("infoblokk-crash-*.txt"))
    assert len(saved) == 1 and str(saved[0]) in err
    assert "KeyError: 'hiányzó kulcs'" in saved[0].read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# 9 and 12. Terms that make the same address, or a name no file system takes
# --------------------------------------------------------------------------


def project(number: int, *lines: str) -> str:
    """A valid project of its own ID and title, with extra front matter lines."""
    text = VALID_PROJECT.replace("00004", f"{number:05d}").replace(
        "együttműködések", f"együttműködések {number}"
    )
    return text.replace("---\n", "---\n" + "".join(f"{line}\n" for line in lines), 1)


def term_page(site: Path, url: str) -> str:
    return (site / "public" / url / "index.html").read_text(encoding="utf-8")


def test_county_values_that_make_one_address_are_one_term_with_all_projects(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/projects/a.md": project(1, "county: Zala"),
            "content/projects/b.md": project(2, "county: zala"),
            "content/projects/c.md": project(3, "county: Zala"),
        }
    )
    code, _, err = run_cli(site, "build")
    assert code == 0, err
    county = term_page(site, "projektek/megye/zala")
    for number in (1, 2, 3):
        assert f"együttműködések {number}" in county
    counties = term_page(site, "projektek/megye")
    assert counties.count('href="zala/index.html"') == 1
    assert (
        '<a href="zala/index.html">Zala</a> <span class="count">(3 projekt)' in counties
    )  # as most spell it


def test_tags_that_differ_only_in_accents_are_one_term_shown_as_spelt_first_in_order(
    make_site: MakeSite,
) -> None:
    site = make_site(
        {
            "content/projects/a.md": project(1, "tags: [Árvíz]"),
            "content/projects/b.md": project(2, "tags: [arviz]"),
            "content/projects/c.md": project(3, "tags: [Árvíz, arviz]"),
        }
    )
    code, _, err = run_cli(site, "build")
    assert code == 0, err
    tag = term_page(site, "projektek/cimke/arviz")
    shown = [tag.count(f"együttműködések {number}") for number in (1, 2, 3)]
    assert shown[0] > 0 and shown == [shown[0]] * 3  # each project once, the one with both spellings too
    assert "<h1>Címke: Árvíz</h1>" in tag  # two projects spell it so, one the other way


def test_tags_that_make_no_address_keep_a_list_each(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/projects/a.md": project(1, "tags: [★]"),
            "content/projects/b.md": project(2, "tags: [☆]"),
        }
    )
    code, _, err = run_cli(site, "build")
    assert code == 0, err
    tags = sorted(p.name for p in (site / "public" / "projektek" / "cimke").iterdir() if p.is_dir())
    assert len(tags) == 2 and all(name.startswith("egyeb-") for name in tags), tags


@pytest.mark.parametrize("county", ["Con", "aux", "Zala " * 60])
def test_a_term_address_no_file_system_takes_is_made_safe(make_site: MakeSite, county: str) -> None:
    site = make_site({"content/projects/a.md": project(1, f"county: {county.strip()}")})
    code, _, err = run_cli(site, "build")
    assert code == 0, err
    (folder,) = [p for p in (site / "public" / "projektek" / "megye").iterdir() if p.is_dir()]
    assert name_problem(folder.name) is None, folder.name
    assert "együttműködések 1" in (folder / "index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# Properties: whatever a file holds, a clean build or a clean BuildFailed
# --------------------------------------------------------------------------

PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,  # nothing written into the repository
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.dates(),
    st.sampled_from(
        [
            "100",
            "85,5",
            "2020-10-31",
            "Zala",
            "con",
            "a" * 120,
            "*x",
            "EFOP-1.6.3-17-2017-00004",
            "1e-999999",
            "9" * 5000,
        ]
    ),
)
YAML_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)


def mostly(
    plausible: st.SearchStrategy[object], other: st.SearchStrategy[object]
) -> st.SearchStrategy[object]:
    """Four times in five a plausible value, else any other: builds that succeed go deep."""
    return st.integers(0, 4).flatmap(lambda n: other if n == 0 else plausible)


DAYS = st.dates().map(str)
PLAUSIBLE_FACTS: dict[str, st.SearchStrategy[object]] = {
    "title": st.text(min_size=1, max_size=40),
    "summary": st.text(max_size=60),
    "slug": st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True),
    "lang": st.sampled_from(["hu", "en", "ro"]),
    "draft": st.booleans(),
    "tags": st.lists(st.text(max_size=12), max_size=3),
    "extra": st.dictionaries(st.text(max_size=8), YAML_VALUES, max_size=3),
    "beneficiary": st.text(min_size=1, max_size=30)
    | st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=3),
    "grant_amount": st.integers(1, 10**12)
    | st.sampled_from(["74 998 560 Ft", "74.998.560,- Ft", "1 756 996,00 RON"]),
    "currency": st.sampled_from(["HUF", "EUR", "RON"]),
    "funding_rate": st.floats(0.01, 100) | st.sampled_from(["85,5", "100%"]),
    "start_date": DAYS,
    "end_date": DAYS,
    "fund": st.sampled_from(["ESZA", "ERFA", "KA", "ESZA+"]),
    "banner": st.sampled_from(["szechenyi2020", "szechenyi-terv-plusz", "eu-generic", "eea-norway-grants"]),
    "banner_image": st.sampled_from(["kep.png", "nincs.jpg"]),
    "county": st.text(min_size=1, max_size=30),
    "website": st.sampled_from(["https://example.org/projekt", "http://a.hu"]),
    "date": DAYS,
    "event_date": DAYS,
    "place": st.text(min_size=1, max_size=20),
    "category": st.text(min_size=1, max_size=20),
    "project": st.sampled_from(["EFOP-1.6.3-17-2017-00004", "EFOP-1.6.3-17-2017-00009"]),
    "menu": st.integers(-5, 5),
}
KEYS_OF_KIND = {
    "projects": ["title", "summary", "slug", "lang", "draft", "tags", "extra", "beneficiary", "grant_amount",
                 "currency", "funding_rate", "start_date", "end_date", "fund", "banner", "banner_image",
                 "county", "website"],
    "news": ["title", "summary", "slug", "lang", "draft", "tags", "extra", "date", "event_date", "place",
             "category", "project"],
    "pages": ["title", "summary", "slug", "lang", "draft", "tags", "extra", "menu"],
}  # fmt: skip
VALID_FACTS: dict[str, dict[str, object]] = {
    "projects": {
        "title": "Somogy megyei együttműködés",
        "project_id": "EFOP-1.6.3-17-2017-00009",
        "beneficiary": "Somogy Megyei Önkormányzat",
        "grant_amount": 74998560,
        "funding_rate": 100,
        "end_date": "2020-10-31",
    },
    "news": {"title": "Záró rendezvény", "date": "2020-10-20"},
    "pages": {"title": "Impresszum"},
}
BODIES = st.text(max_size=200) | st.sampled_from(
    [
        "[a hírről](../news/nincs.md) és [máshol](https://example.org/)",
        "![kép](/kep.png) ![](/nincs.png)",
        "## Cím {#cim .kiemelt}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        "<div><script>alert(1)</script>",
        "```\nnyitva maradt kód\n",
        "2021. május 26-án\n- egy\n- kettő\n",
        "[^1]\n\n[^1]: lábjegyzet",
    ]
)


def front_matter(kind: str) -> st.SearchStrategy[dict[str, object]]:
    """The front matter of a file of `kind`: valid facts, some replaced by plausible or any values."""
    optional = {key: mostly(PLAUSIBLE_FACTS[key], YAML_VALUES) for key in KEYS_OF_KIND[kind]}
    changed = st.fixed_dictionaries({}, optional=optional)
    strange = st.dictionaries(st.text(max_size=8), YAML_VALUES, max_size=2)
    return st.builds(lambda a, b: {**VALID_FACTS[kind], **a, **b}, changed, mostly(st.just({}), strange))


def builds_or_fails_cleanly(site: Path) -> None:
    """Build in-process: a result, or BuildFailed whose every problem has a message and a hint."""
    try:
        build_site(site, today=TODAY, persist=False, index_search=False)
    except BuildFailed as failure:
        assert failure.problems
        for problem in failure.problems:
            assert problem.message and problem.hint, problem


def front_matter_file(facts: dict[str, object], body: str) -> str:
    return "---\n" + yaml.safe_dump(facts, allow_unicode=True, sort_keys=False) + "---\n" + body


@PROPERTY_SETTINGS
@given(
    content=st.one_of(
        st.binary(max_size=600),
        st.builds(
            lambda head, body: b"---\n" + head + b"\n---\n" + body,
            st.binary(max_size=300),
            st.binary(max_size=300),
        ),
        st.builds(
            lambda head, body: f"---\ntitle: x\n{head}\n---\n{body}".encode("utf-8", "surrogatepass"),
            st.text(max_size=200),
            st.text(max_size=200),
        ),
    )
)
def test_any_bytes_as_a_content_file_build_or_fail_cleanly(make_site: MakeSite, content: bytes) -> None:
    site = _property_site(make_site)
    (site / "content" / "projects" / "q.md").write_bytes(content)
    builds_or_fails_cleanly(site)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_any_yaml_values_as_front_matter_build_or_fail_cleanly(
    make_site: MakeSite, data: st.DataObject
) -> None:
    site = _property_site(make_site)
    kind = data.draw(st.sampled_from(sorted(KEYS_OF_KIND)))
    for old in (site / "content").glob("*/q.md"):
        old.unlink()
    write(site, f"content/{kind}/q.md", front_matter_file(data.draw(front_matter(kind)), data.draw(BODIES)))
    builds_or_fails_cleanly(site)


TOML_SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.text(max_size=30),
    st.dates(),
    st.sampled_from(
        ["hu", "en", "ro", "default", "public", "HUF", "https://example.org/", "szechenyi2020", "abbr"]
    ),
)
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
PLAUSIBLE_SETTINGS: dict[str, st.SearchStrategy[object]] = {
    "title": st.text(max_size=30),
    "description": st.text(max_size=30),
    "publisher": st.text(max_size=30),
    "base_url": st.sampled_from(["https://example.org/efop/", "http://localhost:8000", "https://x.hu"]),
    "language": st.sampled_from(["hu", "en", "ro"]),
    "theme": st.just("default"),
    "output_dir": st.sampled_from(["public", "kimenet", "web/oldal", "./docs"]),
    "currency": st.sampled_from(["HUF", "EUR", "RON"]),
    "number_style": st.sampled_from(["standard", "legacy"]),
    "date_format": st.sampled_from(["long", "short"]),
    "page_size": st.integers(1, 1000),
    "banner": st.fixed_dictionaries(
        {},
        optional={
            "profile": st.sampled_from(
                ["szechenyi2020", "szechenyi-terv-plusz", "eu-generic", "eea-norway-grants"]
            ),
            "fund": st.sampled_from(["ESZA", "ERFA", "KA", "ESZA+"]),
            "image": st.sampled_from(["kep.png", "nincs.png"]),
        },
    ),
    "markdown": st.fixed_dictionaries(
        {"extensions": st.lists(st.sampled_from(["abbr", "footnotes", "markdown.extensions.smarty", "toc"]))}
    ),
}


def toml_value(value: object) -> str:
    """A value as TOML writes it (tomllib reads, but does not write)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, date)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{toml_value(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


@settings(PROPERTY_SETTINGS, max_examples=100)  # every example renders every page: fewer, to stay quick
@given(
    settings_=st.fixed_dictionaries(
        {}, optional={key: mostly(value, TOML_VALUES) for key, value in PLAUSIBLE_SETTINGS.items()}
    ),
    strange=mostly(st.just({}), st.dictionaries(st.text(max_size=8), TOML_VALUES, max_size=2)),
)
def test_any_toml_values_in_site_config_build_or_fail_cleanly(
    make_site: MakeSite, settings_: dict[str, object], strange: dict[str, object]
) -> None:
    site = _property_site(make_site)
    values = {"title": "Próba honlap", **settings_, **strange}
    lines = [f"{toml_value(key)} = {toml_value(value)}" for key, value in values.items()]
    write(site, "site_config.toml", "\n".join(lines) + "\n")
    builds_or_fails_cleanly(site)


def _property_site(make_site: MakeSite) -> Path:
    """The one site of a property test (hypothesis runs the test many times on one tmp_path)."""
    existing = getattr(make_site, "property_site", None)
    if existing is None:
        existing = make_site({PROJECT: VALID_PROJECT, "content/news/n.md": VALID_NEWS})
        write_png(existing / "content" / "static" / "kep.png")
        make_site.property_site = existing  # type: ignore[attr-defined]
    return existing
