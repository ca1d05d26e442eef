"""Rules for writing the output: everything or nothing, and never outside the output folder."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from infoblokk.errors import BuildFailed
from infoblokk.output import OutputFile, StaticCopy
from infoblokk.write import safe_destination, write_site
from tests.helpers import snapshot


def page(path: str, text: str) -> OutputFile:
    return OutputFile(PurePosixPath(path), text.encode("utf-8"))


def test_files_and_copies_are_written_where_they_say(tmp_path: Path) -> None:
    css = tmp_path / "theme.css"
    css.write_text("body { margin: 0 }", encoding="utf-8")
    output = tmp_path / "public"
    files = [page("index.html", "<h1>Főoldal</h1>"), page("projektek/zala/index.html", "<h1>Zala</h1>")]
    write_site(output, files, [StaticCopy(css, PurePosixPath("assets/infoblokk.css"))])
    assert snapshot(output) == {
        "assets/infoblokk.css": b"body { margin: 0 }",
        "index.html": "<h1>Főoldal</h1>".encode(),
        "projektek/zala/index.html": b"<h1>Zala</h1>",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "theme.css"]


def test_new_build_replaces_the_old_one_entirely(tmp_path: Path) -> None:
    output = tmp_path / "public"
    write_site(output, [page("index.html", "régi"), page("torolt/index.html", "törölt oldal")], [])
    write_site(output, [page("index.html", "új")], [])
    assert snapshot(output) == {"index.html": "új".encode()}


def test_failure_midway_keeps_the_previous_site_and_leaves_no_staging_folder(tmp_path: Path) -> None:
    output = tmp_path / "public"
    write_site(output, [page("index.html", "jó oldal"), page("projektek/zala/index.html", "Zala")], [])
    before = snapshot(output)
    files = [page("index.html", "új oldal"), page("hirek/index.html", "hírek"), page("../outside", "kint")]
    with pytest.raises(BuildFailed) as failure:
        write_site(output, files, [])
    assert "outside the output folder" in failure.value.problems[0].message
    assert snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_failing_copy_keeps_the_previous_site(tmp_path: Path) -> None:
    output = tmp_path / "public"
    write_site(output, [page("index.html", "jó oldal")], [])
    before = snapshot(output)
    missing = StaticCopy(tmp_path / "nincs.css", PurePosixPath("assets/nincs.css"))
    with pytest.raises(FileNotFoundError):
        write_site(output, [page("index.html", "új oldal")], [missing])
    assert snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_leftover_staging_folder_of_an_interrupted_build_does_not_leak_into_the_site(tmp_path: Path) -> None:
    leftover = tmp_path / ".public.building"
    leftover.mkdir()
    (leftover / "regi.html").write_text("félbehagyott", encoding="utf-8")
    write_site(tmp_path / "public", [page("index.html", "új")], [])
    assert snapshot(tmp_path / "public") == {"index.html": "új".encode()}
    assert not leftover.exists()


@pytest.mark.parametrize("path", ["../outside", "a/../../outside", "/etc/passwd", "", "."])
def test_safe_destination_refuses_paths_that_leave_the_output_folder(tmp_path: Path, path: str) -> None:
    with pytest.raises(BuildFailed) as failure:
        safe_destination(tmp_path / "public", PurePosixPath(path))
    (problem,) = failure.value.problems
    assert "outside the output folder" in problem.message
    assert problem.hint is not None


def test_safe_destination_refuses_a_symlink_that_leads_outside(tmp_path: Path) -> None:
    output = tmp_path / "public"
    output.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (output / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(BuildFailed):
        safe_destination(output, PurePosixPath("link/index.html"))


def test_safe_destination_accepts_nested_paths(tmp_path: Path) -> None:
    output = tmp_path / "public"
    destination = safe_destination(output, PurePosixPath("projektek/zala/index.html"))
    assert destination == (output / "projektek" / "zala" / "index.html").resolve()
