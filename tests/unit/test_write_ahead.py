"""A page written ahead of its build replaces only a page the output has, in one rename."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoblokk.serve.ahead import AHEAD_FOLDER, write_ahead
from infoblokk.write import MARK_TEXT, OUTPUT_MARK

PAGE = "projektek/zala/index.html"
OLD, NEW = b"<p>regi</p>", b"<p>uj</p>"


def make_output(root: Path) -> tuple[Path, Path]:
    """An output folder as a build leaves it (marked, one page), and the site's cache."""
    output, cache = root / "public", root / "cache"
    (output / "projektek/zala").mkdir(parents=True)
    (output / OUTPUT_MARK).write_text(MARK_TEXT, encoding="utf-8")
    (output / PAGE).write_bytes(OLD)
    cache.mkdir()
    return output, cache


def everything(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder`: a file's bytes, a link's target."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[key] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[key] = path.read_bytes()
    return found


def test_the_page_is_replaced_and_the_old_generation_keeps_its_bytes(tmp_path: Path) -> None:
    output, cache = make_output(tmp_path)
    kept = cache / "next" / PAGE  # the old generation the cache keeps: a hard link to the page
    kept.parent.mkdir(parents=True)
    os.link(output / PAGE, kept)

    assert write_ahead(output, cache, {PAGE: NEW}) == (PAGE,)

    assert (output / PAGE).read_bytes() == NEW
    assert kept.read_bytes() == OLD, "the page is renamed into place, never written into"
    assert list((cache / AHEAD_FOLDER).iterdir()) == []


def test_the_page_gets_the_permissions_a_build_gives(tmp_path: Path) -> None:
    output, cache = make_output(tmp_path)
    mode = (output / OUTPUT_MARK).stat().st_mode  # written by a build's own rules: 0o666 less the umask

    write_ahead(output, cache, {PAGE: NEW})

    assert (output / PAGE).stat().st_mode == mode


@pytest.mark.parametrize(
    "path", ["../outside.html", "/etc/hostname", OUTPUT_MARK, "projektek/uj/index.html", "projektek"]
)
def test_nothing_but_an_existing_page_is_written(tmp_path: Path, path: str) -> None:
    output, cache = make_output(tmp_path)
    before = everything(tmp_path)

    assert write_ahead(output, cache, {path: NEW}) == ()

    assert everything(tmp_path) == before


def test_a_link_in_the_output_is_never_followed(tmp_path: Path) -> None:
    output, cache = make_output(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "zala").mkdir(parents=True)
    (elsewhere / "zala/index.html").write_bytes(b"someone's")
    (output / "linked").symlink_to(elsewhere, target_is_directory=True)
    (output / "page-link.html").symlink_to(elsewhere / "zala/index.html")
    before = everything(tmp_path)

    assert write_ahead(output, cache, {"linked/zala/index.html": NEW, "page-link.html": NEW}) == ()

    assert everything(tmp_path) == before


def test_a_folder_that_is_not_infoblokk_output_is_left_alone(tmp_path: Path) -> None:
    output, cache = make_output(tmp_path)
    (output / OUTPUT_MARK).unlink()

    assert write_ahead(output, cache, {PAGE: NEW}) == ()
    assert (output / PAGE).read_bytes() == OLD


def test_what_a_stopped_serve_left_half_made_is_cleared(tmp_path: Path) -> None:
    output, cache = make_output(tmp_path)
    (cache / AHEAD_FOLDER).mkdir()
    (cache / AHEAD_FOLDER / "left.html").write_bytes(b"<p>fel")

    assert write_ahead(output, cache, {PAGE: NEW}) == (PAGE,)
    assert list((cache / AHEAD_FOLDER).iterdir()) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(["..", ".", "", "projektek", "zala", "index.html", "linked", "/", "public", "x"]),
        min_size=1,
        max_size=5,
    )
)
def test_no_path_changes_anything_outside_the_output_folder(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str]
) -> None:
    root = tmp_path_factory.mktemp("ahead")
    output, cache = make_output(root)
    (output / "linked").symlink_to(root, target_is_directory=True)
    outside = {**everything(root)}
    path = "/".join(parts)

    written = write_ahead(output, cache, {path: NEW})

    changed = {key for key, value in everything(root).items() if outside.get(key) != value}
    assert changed <= {PAGE}, f"{path!r} changed {changed}"
    assert {str(PurePosixPath(one)) for one in written} <= {PAGE}
