"""A built site copied or moved to another folder keeps what its last build kept: its first
build there reads, validates and writes only what changed, and gives what a clean build there
gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from infoblokk.content import sources, validate
from infoblokk.content.kept import KeptFile, Validated, kept_entry
from infoblokk.errors import BuildFailed, Problem
from infoblokk.layout import CACHE_FOLDER
from infoblokk.messages import Text
from infoblokk.site import build_site
from tests.edits import replace_in
from tests.helpers import TODAY, clean_build_of, copy_example_site, snapshot

SOMOGY = "content/projects/somogy-felzarkozas.md"
TRANSLATION = "zala-felzarkozas.en.md"  # a translation is validated on every build


@pytest.fixture
def done(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The names of the content files read and validated from now on, one by one."""
    names: dict[str, list[str]] = {"read": [], "validated": []}
    reading, validating = sources.read_source, validate._make_item

    def counted_read(path: Path, kind: str, *shapes: object) -> object:
        names["read"].append(path.name)
        return reading(path, kind, *shapes)

    def counted_validation(source: validate.SourceFile, context: object) -> object:
        names["validated"].append(source.source_path.name)
        return validating(source, context)  # type: ignore[arg-type]

    monkeypatch.setattr(sources, "read_source", counted_read)
    monkeypatch.setattr(validate, "_make_item", counted_validation)
    return names


def built_example(folder: Path) -> Path:
    site = copy_example_site(folder)
    build_site(site, today=TODAY)
    return site


def page_times(output: Path) -> dict[str, int]:
    return {str(path.relative_to(output)): path.stat().st_mtime_ns for path in output.rglob("*.html")}


def test_a_moved_site_builds_without_reading_validating_or_writing_its_files_again(
    tmp_path: Path, done: dict[str, list[str]]
) -> None:
    site = built_example(tmp_path / "here" / "site")
    moved = tmp_path / "there" / "other-name"
    moved.parent.mkdir()
    os.rename(site, moved)
    times = page_times(moved / "public")
    done["read"].clear()
    done["validated"].clear()
    again = build_site(moved, today=TODAY)
    assert done == {"read": [], "validated": [TRANSLATION]}
    assert again.files_written == 0
    assert page_times(again.output_dir) == times
    assert snapshot(again.output_dir) == clean_build_of(moved, tmp_path / "clean")


def test_a_copied_site_builds_as_a_clean_build_there_and_leaves_the_original_alone(
    tmp_path: Path, done: dict[str, list[str]]
) -> None:
    site = built_example(tmp_path / "site")
    original = snapshot(site / "public")
    original_times = page_times(site / "public")
    copy = tmp_path / "copies" / "site"
    shutil.copytree(site, copy)  # with each file's times (`shutil.copy2`), as `cp -a` copies
    done["validated"].clear()
    again = build_site(copy, today=TODAY)
    assert done["validated"] == [TRANSLATION]
    assert again.files_written == 0
    assert snapshot(again.output_dir) == clean_build_of(copy, tmp_path / "clean")
    assert snapshot(site / "public") == original
    assert page_times(site / "public") == original_times


def test_a_moved_site_with_one_file_edited_reads_and_validates_only_that_file(
    tmp_path: Path, done: dict[str, list[str]]
) -> None:
    site = built_example(tmp_path / "site")
    moved = tmp_path / "moved"
    os.rename(site, moved)
    replace_in(moved / SOMOGY, "\n## ", "\n## Új: ")
    done["read"].clear()
    done["validated"].clear()
    again = build_site(moved, today=TODAY)
    assert done["read"] == ["somogy-felzarkozas.md"]
    assert sorted(done["validated"]) == ["somogy-felzarkozas.md", TRANSLATION]
    assert snapshot(again.output_dir) == clean_build_of(moved, tmp_path / "clean")


def test_a_site_copied_without_file_times_is_read_again_and_built_as_a_clean_build(
    tmp_path: Path, done: dict[str, list[str]]
) -> None:
    site = built_example(tmp_path / "site")
    copy = tmp_path / "copy"
    shutil.copytree(site, copy, copy_function=shutil.copy)  # new times, as `cp` without -a gives
    replace_in(copy / SOMOGY, "\n## ", "\n## Új: ")
    done["read"].clear()
    again = build_site(copy, today=TODAY)
    assert "somogy-felzarkozas.md" in done["read"]
    assert snapshot(again.output_dir) == clean_build_of(copy, tmp_path / "clean")


def test_the_state_of_another_site_gives_a_clean_build(tmp_path: Path) -> None:
    first = built_example(tmp_path / "first")
    other = copy_example_site(tmp_path / "other")
    replace_in(other / SOMOGY, "\n## ", "\n## Más: ")
    shutil.copytree(first / CACHE_FOLDER, other / CACHE_FOLDER)
    shutil.copytree(first / "public", other / "public")
    again = build_site(other, today=TODAY)
    assert snapshot(again.output_dir) == clean_build_of(other, tmp_path / "clean")


def test_a_link_that_leaves_the_site_folder_is_followed_again_where_the_site_was_moved(
    tmp_path: Path,
) -> None:
    """`../../../site/content/…` leads into the site only from a folder named `site`."""
    site = copy_example_site(tmp_path / "site")
    link = "[Somogy](../../../site/content/projects/somogy-felzarkozas.md)"
    replace_in(site / "content/projects/united-networks.md", "\n## ", f"\n{link}\n\n## ")
    build_site(site, today=TODAY)
    moved = tmp_path / "renamed"
    os.rename(site, moved)
    with pytest.raises(BuildFailed) as failure:
        build_site(moved, today=TODAY)
    with pytest.raises(BuildFailed) as clean:
        clean_build_of(moved, tmp_path / "clean")
    assert [str(p.message) for p in failure.value.problems] == [str(p.message) for p in clean.value.problems]
    assert "points to no published content file" in str(failure.value.problems[0].message)


def test_a_file_whose_problems_name_another_file_is_read_again_next_time(tmp_path: Path) -> None:
    """What is kept of a file names no path but its own, which follows the site wherever it is."""
    site = copy_example_site(tmp_path / "site")
    source, _ = sources.read_source(site / SOMOGY, "project")
    assert source is not None
    own = Problem(Text("a problem of the file"), source.source_path, 3)
    elsewhere = Problem(Text("a problem of another file"), site / "site_config.toml", 3)
    assert kept_entry(KeptFile("signature", "key", source, Validated(None, (own,)))) is not None
    assert kept_entry(KeptFile("signature", "key", source, Validated(None, (elsewhere,)))) is None
