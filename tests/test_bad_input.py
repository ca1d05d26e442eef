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

from infoblokk.content.filenames import name_problem
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
    state = built_site / ".infoblokk-cache" / "state.json"
    state.unlink()
    state.mkdir()
    edit(built_site, PROJECT, "Zala megyei felzárkózás", "Zala megyei felzárkózás (új)")
    for _ in range(2):
        code, out, err = run_cli(built_site, "build")
        assert code == 0, err
        assert "Traceback" not in out + err
        assert ".infoblokk-cache/state.json: what this build did could not be saved" in err
        assert "hint: delete the .infoblokk-cache folder" in err
    clean = make_site()
    edit(clean, PROJECT, "Zala megyei felzárkózás", "Zala megyei felzárkózás (új)")
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
    original = Path.write_text

    def write_text(self: Path, *args: object, **kwargs: object) -> int:
        if self.name == "state.tmp":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", write_text)
    edit(built_site, PROJECT, "Zala megyei felzárkózás", "Zala megyei felzárkózás (új)")
    code, _, err = run_cli(built_site, "build")
    assert code == 0, err
    assert "could not be saved for the next one (Permission denied)" in err
    assert "(új)" in (built_site / "public" / "projektek" / "p" / "index.html").read_text("utf-8")
    assert not (built_site / ".infoblokk-cache" / "state.json").exists()  # no older state outlives it


@pytest.mark.parametrize("damage", ["[" * 100_000, "{}", '{"version": 1}', "\xff\xfe", "null"])
def test_a_damaged_state_file_is_ignored(built_site: Path, damage: str) -> None:
    (built_site / ".infoblokk-cache" / "state.json").write_text(
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
    monkeypatch.setattr("infoblokk.cli.build_site", broken_build)
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
