"""Validated items kept between builds: a rebuild validates only the files that changed, and
reports exactly what a first build of the same files reports."""

from __future__ import annotations

import contextlib
import hashlib
import io
import pickle
import sqlite3
from pathlib import Path

import pytest

from infoblokk.content import sources, validate
from infoblokk.content.kept import StoredFile, checked, kept_from_entry
from infoblokk.content.key_lines import KeyShapes
from infoblokk.content.loading import LoadedSite, load_site
from infoblokk.errors import BuildFailed, Problem
from infoblokk.render.incremental import load_state, state_path
from infoblokk.site import build_site
from tests.edits import replace_in
from tests.helpers import (
    TODAY,
    VALID_PROJECT,
    MakeSite,
    clean_build_of,
    copy_example_site,
    snapshot,
    write_png,
)

ZALA = "content/projects/zala-felzarkozas.md"
SOMOGY = "content/projects/somogy-felzarkozas.md"


def loaded_with_what_was_kept(site: Path) -> LoadedSite:
    state = load_state(site)
    assert state is not None
    return load_site(site, state.sources)


def problems_of(load: object) -> tuple[Problem, ...]:
    """The problems a load reports: in the model when it succeeds, in BuildFailed when not."""
    try:
        return load().model.problems  # type: ignore[operator, no-any-return]
    except BuildFailed as failure:
        return failure.problems


def with_database(site: Path, statement: str, *parameters: object) -> None:
    """Run a statement that changes the state file: it must change at least one row."""
    with contextlib.closing(sqlite3.connect(state_path(site))) as database, database:
        assert database.execute(statement, parameters).rowcount > 0


@pytest.fixture
def validated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files validated from now on, one by one."""
    names: list[str] = []
    original = validate._make_item

    def counting(source: validate.SourceFile, context: object) -> object:
        names.append(source.source_path.name)
        return original(source, context)  # type: ignore[arg-type]

    monkeypatch.setattr(validate, "_make_item", counting)
    return names


def test_a_rebuild_validates_only_the_file_that_changed(tmp_path: Path, validated: list[str]) -> None:
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    validated.clear()
    replace_in(site / SOMOGY, "\n## ", "\n## Új: ")
    again = build_site(site, today=TODAY)
    assert sorted(validated) == ["somogy-felzarkozas.md", "zala-felzarkozas.en.md"]  # a translation always
    assert snapshot(again.output_dir) == clean_build_of(site, tmp_path / "clean")


def test_a_configuration_change_validates_every_file_again(tmp_path: Path, validated: list[str]) -> None:
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    everything = sorted(validated)
    validated.clear()
    replace_in(site / "site_config.toml", 'title = "', 'title = "Új ')
    again = build_site(site, today=TODAY)
    assert len(everything) > 5 and sorted(validated) == everything
    assert snapshot(again.output_dir) == clean_build_of(site, tmp_path / "clean")


def test_a_static_file_removed_is_an_error_of_the_unchanged_file_that_names_it(tmp_path: Path) -> None:
    """Validation looks at the static files (banner artwork): a change there is a change for every
    file, though none of them was edited."""
    site = copy_example_site(tmp_path / "site")
    write_png(site / "content/static/sajat-banner.png")
    replace_in(site / SOMOGY, "title:", "banner_image: sajat-banner.png\ntitle:")
    build_site(site, today=TODAY)
    (site / "content/static/sajat-banner.png").unlink()
    kept = problems_of(lambda: loaded_with_what_was_kept(site))
    assert kept == problems_of(lambda: load_site(site))
    assert [(p.path, p.line) for p in kept if "sajat-banner.png" in p.message] == [(site / SOMOGY, 2)]


def test_warnings_of_unchanged_files_are_reported_on_every_build(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    replace_in(site / ZALA, "county: Zala", "county: “Zala”")
    first = build_site(site, today=TODAY)
    curly = [warning for warning in first.warnings if "curly quotes" in warning.message]
    assert [(w.path, w.line) for w in curly] == [(site / ZALA, 13)]
    replace_in(site / SOMOGY, "\n## ", "\n## Új: ")  # another file
    again = build_site(site, today=TODAY)
    assert again.warnings == first.warnings
    assert loaded_with_what_was_kept(site).model.problems == load_site(site).model.problems
    assert all_kept_as_they_are(site)  # the warnings were taken from the state, not found again


def test_a_fact_edited_into_an_error_is_reported_as_a_first_build_reports_it(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    replace_in(site / ZALA, "end_date: 2020-10-31", "end_date: 2020-13-31")
    kept = problems_of(lambda: loaded_with_what_was_kept(site))
    assert kept == problems_of(lambda: load_site(site))
    assert [(p.path, p.line) for p in kept if not p.is_warning] == [(site / ZALA, 9)]


def test_a_duplicate_id_made_by_editing_one_file_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    zala_id = "EFOP-1.6.3.-17-2017-00004"
    somogy = (site / SOMOGY).read_text(encoding="utf-8")
    somogy_id = next(line for line in somogy.splitlines() if line.startswith("project_id:"))
    replace_in(site / SOMOGY, somogy_id, f"project_id: {zala_id}")
    with pytest.raises(BuildFailed) as failure:
        build_site(site, today=TODAY)
    duplicate = [p for p in failure.value.problems if not p.is_warning]
    assert duplicate and {p.path for p in duplicate} <= {site / ZALA, site / SOMOGY}
    assert all(p.line for p in duplicate)
    assert failure.value.problems == problems_of(lambda: load_site(site))


def test_a_deleted_file_loses_its_item_and_what_was_kept_of_it(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    (site / "content/pages/a-honlaprol.md").unlink()
    again = build_site(site, today=TODAY)
    assert not (again.output_dir / "a-honlaprol").exists()
    assert all(item.source.source_path.name != "a-honlaprol.md" for item in load_site(site).model.items())
    state = load_state(site)
    assert state is not None and str(site / "content/pages/a-honlaprol.md") not in state.sources
    assert snapshot(again.output_dir) == clean_build_of(site, tmp_path / "clean")


@pytest.mark.parametrize(
    "spoil",
    [
        "UPDATE sources SET entry = substr(entry, 1, length(entry) / 2)",
        "UPDATE sources SET entry = zeroblob(length(entry))",
        "UPDATE sources SET entry = CAST('not kept' AS BLOB)",
        "UPDATE sources SET key = 'another'",
        "UPDATE sources SET signature = 'another'",
        "DELETE FROM sources WHERE path LIKE '%zala%'",
        "DELETE FROM sources",
    ],
    ids=["cut-in-half", "zeroed", "not-a-pickle", "other-key", "other-signature", "some-missing", "none"],
)
def test_damaged_kept_files_still_give_a_clean_build(tmp_path: Path, spoil: str) -> None:
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    with_database(site, spoil)
    replace_in(site / ZALA, "## Miről szól a projekt?", "## Miről szól ez?")
    assert problems_of(lambda: loaded_with_what_was_kept(site)) == problems_of(lambda: load_site(site))
    again = build_site(site, today=TODAY)
    assert snapshot(again.output_dir) == clean_build_of(site, tmp_path / "clean")
    assert build_site(site, today=TODAY).files_written == 0
    assert all_kept_as_they_are(site)  # what was damaged was kept anew


def test_a_kept_entry_with_one_byte_changed_is_not_used(tmp_path: Path) -> None:
    """A byte changed inside a kept body (packed) would unpack as another text, or not at all:
    the entry is read again from the file instead, and the page shows what the file says."""
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    zala = site / ZALA
    with contextlib.closing(sqlite3.connect(state_path(site))) as database:
        (entry,) = database.execute("SELECT entry FROM sources WHERE path = ?", (ZALA,)).fetchone()
    packed = loaded_with_what_was_kept(site).kept[zala].source.body_packed.packed
    middle = entry.index(packed) + len(packed) // 2
    changed = entry[:middle] + bytes([entry[middle] ^ 0x01]) + entry[middle + 1 :]
    with_database(site, "UPDATE sources SET entry = ? WHERE path = ?", changed, ZALA)
    assert not loaded_with_what_was_kept(site).kept[zala].as_stored
    replace_in(site / SOMOGY, "\n## ", "\n## Új: ")
    again = build_site(site, today=TODAY)
    assert snapshot(again.output_dir) == clean_build_of(site, tmp_path / "clean")


def all_kept_as_they_are(site: Path) -> bool:
    """Every content file read is kept in the state, and is taken from there by a rebuild."""
    loaded = loaded_with_what_was_kept(site)
    return len(loaded.kept) > 5 and all(kept.as_stored for kept in loaded.kept.values())


class _Touches:
    """Unpickled by an ordinary loader, it would create a file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.path,))


def test_a_kept_entry_that_would_run_anything_is_not_used(tmp_path: Path) -> None:
    """The state lives in the site's folder, which may have come from anyone: what is kept is
    read back as the values of a validated file, nothing else."""
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    marker = tmp_path / "ran"
    data = pickle.dumps((_Touches(marker), None), protocol=5)
    entry = checked(data)  # with the checksum it is checked by
    zala = site / ZALA
    assert kept_from_entry(zala, StoredFile("1:1", "key", entry), {}) is None
    with_database(site, "UPDATE sources SET entry = ? WHERE path = ?", entry, ZALA)
    replace_in(site / SOMOGY, "\n## ", "\n## Új: ")
    again = build_site(site, today=TODAY)
    assert not marker.exists()
    assert snapshot(again.output_dir) == clean_build_of(site, tmp_path / "clean")


def test_a_body_edited_down_to_blank_lines_is_missing_on_the_rebuild(make_site: MakeSite) -> None:
    """The mandatory body is looked for in every project on every build, kept or not: blank
    lines are no body, a body of one word is one."""
    site = make_site({"content/projects/zala.md": VALID_PROJECT, "content/projects/vas.md": VALID_PROJECT})
    (site / "content/projects/vas.md").write_text(
        VALID_PROJECT.replace("EFOP-1.6.3-17-2017-00004", "EFOP-1.6.3-17-2017-00005"), encoding="utf-8"
    )
    assert not missing_bodies(build_site(site, today=TODAY).warnings)
    head = VALID_PROJECT.split("## A projekt")[0]
    (site / "content/projects/zala.md").write_text(head + "\n  \n\t\n", encoding="utf-8")
    assert missing_bodies(build_site(site, today=TODAY).warnings) == ["zala.md"]
    (site / "content/projects/zala.md").write_text(head + "Szó.\n", encoding="utf-8")
    assert not missing_bodies(build_site(site, today=TODAY).warnings)


def missing_bodies(warnings: tuple[Problem, ...]) -> list[str]:
    return [p.path.name for p in warnings if p.path and "mandatory field 'body'" in str(p.message)]


def test_a_kept_body_comes_back_with_its_digest_and_an_edited_one_is_digested_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild does not pack and digest every unchanged body again (the packed body is kept
    with its digest); the body of the file that changed is packed and digested as it is now."""
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    replace_in(site / ZALA, "## Miről szól a projekt?", "## Miről szól ez?")
    packed: list[str] = []
    pack = sources.pack_body
    monkeypatch.setattr(sources, "pack_body", lambda body: packed.append(str(body)[:40]) or pack(body))
    loaded = loaded_with_what_was_kept(site)
    assert len(packed) == 1 and "Miről szól ez?" in loaded.kept[site / ZALA].source.body
    for kept in loaded.kept.values():
        assert kept.source.body_digest == hashlib.sha256(kept.source.body.encode("utf-8")).hexdigest()
        assert kept.source.has_text == bool(kept.source.body.strip())


def test_kept_files_come_back_with_the_lines_of_their_keys_sharing_their_paths(tmp_path: Path) -> None:
    """A rebuild names the same lines as a clean build, and the files taken from the state share
    their keys' paths again, as the files read do (see `content.key_lines`)."""
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    kept = {path: file.source for path, file in loaded_with_what_was_kept(site).kept.items()}
    read = {path: source for path, (_, source) in load_site(site).sources.items()}
    assert {path: dict(source.key_lines) for path, source in kept.items()} == {
        path: dict(read[path].key_lines) for path in kept
    }
    shapes = {id(source.key_lines.shape) for source in kept.values()}  # type: ignore[attr-defined]
    assert len(shapes) == len({tuple(source.key_lines) for source in kept.values()}) < len(kept)


class _ShapeOf:
    """Stands for a key shape in a pickle: kept by reference, as `content.kept` keeps one."""

    def __init__(self, paths: object) -> None:
        self.paths = paths


class _KeepsShapes(pickle.Pickler):
    def persistent_id(self, obj: object) -> object:
        return ("keys", obj.paths) if isinstance(obj, _ShapeOf) else None


@pytest.mark.parametrize("paths", [("cim", "zala"), ((("cim",), ["lista"]),), ((("cim", 1.5),),), "cim"])
def test_a_kept_entry_whose_keys_are_not_paths_of_keys_is_not_used(tmp_path: Path, paths: object) -> None:
    """A reference to the shape of a file's keys is taken only if it is keys' paths (tuples of
    texts and numbers), looked up among the shapes of the files before it or not."""
    shapes = KeyShapes()
    shapes.shape((("cim",), ("tamogatas", 1)))
    buffer = io.BytesIO()
    _KeepsShapes(buffer, protocol=5).dump((_ShapeOf(paths), None))
    data = buffer.getvalue()
    entry = checked(data)
    assert kept_from_entry(tmp_path / "a.md", StoredFile("1:1", "key", entry), {}, None, shapes) is None
