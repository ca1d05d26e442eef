"""Rules for writing the output: the whole new site or the old one, only in infoblokk's own folder."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import pytest

from infoblokk.errors import BuildFailed
from infoblokk.output import OutputFile, Spool, StaticCopy
from infoblokk.render.incremental import FileRecord
from infoblokk.unchanged import output_fingerprint
from infoblokk.write import OUTPUT_MARK, WriteOutcome, look_at_output, write_site
from tests.helpers import snapshot

MARK = {OUTPUT_MARK: b"This folder is made by infoblokk: every build replaces everything in it.\n"}


def page(path: str, text: str) -> OutputFile:
    return OutputFile(PurePosixPath(path), text.encode("utf-8"))


def write(
    tmp_path: Path,
    files: list[OutputFile],
    copies: list[StaticCopy] | None = None,
    previous: WriteOutcome | None = None,
) -> WriteOutcome:
    """Write into tmp_path/public, preparing the next generation in tmp_path/cache."""
    records = previous.records if previous else None
    outcome = write_site(tmp_path / "public", files, copies or [], tmp_path / "cache", (), records)
    outcome.wait_for_discarding()
    return outcome


def test_files_and_copies_are_written_where_they_say(tmp_path: Path) -> None:
    css = tmp_path / "theme.css"
    css.write_text("body { margin: 0 }", encoding="utf-8")
    files = [page("index.html", "<h1>Főoldal</h1>"), page("projektek/zala/index.html", "<h1>Zala</h1>")]
    write(tmp_path, files, [StaticCopy(css, PurePosixPath("assets/infoblokk.css"))])
    assert snapshot(tmp_path / "public") == {
        **MARK,
        "assets/infoblokk.css": b"body { margin: 0 }",
        "index.html": "<h1>Főoldal</h1>".encode(),
        "projektek/zala/index.html": b"<h1>Zala</h1>",
    }


def test_nothing_is_left_beside_the_output_but_the_cache(tmp_path: Path) -> None:
    write(tmp_path, [page("index.html", "régi")])
    outcome = write(tmp_path, [page("index.html", "új")])
    assert outcome.written == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "public"]
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["next"]  # the base of the next build


def test_an_old_generation_a_stopped_process_left_to_delete_is_deleted_by_the_next_build(
    tmp_path: Path,
) -> None:
    write(tmp_path, [page("index.html", "régi")])
    left = tmp_path / "cache" / "discarded" / "0123abcd"
    (left / "projektek" / "zala").mkdir(parents=True)
    (left / "projektek" / "zala" / "index.html").write_text("félig törölt", encoding="utf-8")
    write(tmp_path, [page("index.html", "új")])
    assert not (tmp_path / "cache" / "discarded").exists()
    assert snapshot(tmp_path / "public") == {**MARK, "index.html": "új".encode()}


def test_new_build_replaces_the_old_one_entirely(tmp_path: Path) -> None:
    write(tmp_path, [page("index.html", "régi"), page("torolt/index.html", "törölt oldal")])
    write(tmp_path, [page("index.html", "új")])
    assert snapshot(tmp_path / "public") == {**MARK, "index.html": "új".encode()}


def test_failure_midway_keeps_the_previous_site_and_leaves_no_staging_folder(tmp_path: Path) -> None:
    write(tmp_path, [page("index.html", "jó oldal"), page("projektek/zala/index.html", "Zala")])
    before = snapshot(tmp_path / "public")
    files = [page("index.html", "új oldal"), page("hirek/index.html", "hírek"), page("../outside", "kint")]
    with pytest.raises(BuildFailed) as failure:
        write(tmp_path, files)
    assert "outside the output folder" in failure.value.problems[0].message
    assert snapshot(tmp_path / "public") == before
    assert not (tmp_path / "outside").exists()
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_static_file_that_vanished_is_a_problem_and_keeps_the_previous_site(tmp_path: Path) -> None:
    write(tmp_path, [page("index.html", "jó oldal")])
    before = snapshot(tmp_path / "public")
    missing = StaticCopy(tmp_path / "nincs.css", PurePosixPath("assets/nincs.css"))
    with pytest.raises(BuildFailed) as failure:
        write(tmp_path, [page("index.html", "új oldal")], [missing])
    assert "could not be written" in failure.value.problems[0].message
    assert snapshot(tmp_path / "public") == before
    assert list((tmp_path / "cache").iterdir()) == []


def test_leftover_generation_of_a_killed_build_does_not_leak_into_the_site(tmp_path: Path) -> None:
    leftover = tmp_path / "cache" / "next"
    leftover.mkdir(parents=True)
    (leftover / "regi.html").write_text("félbehagyott", encoding="utf-8")
    write(tmp_path, [page("index.html", "új")])
    assert snapshot(tmp_path / "public") == {**MARK, "index.html": "új".encode()}
    assert not leftover.exists()


def test_a_build_killed_between_the_two_renames_gets_the_old_site_back(tmp_path: Path) -> None:
    first = write(tmp_path, [page("index.html", "régi")])
    before = snapshot(tmp_path / "public")
    (tmp_path / "public").rename(tmp_path / "cache" / "retired")  # as the first rename leaves it
    write(tmp_path, [page("index.html", "régi")], previous=first)
    assert snapshot(tmp_path / "public") == before


def test_unchanged_files_keep_their_inode_and_time_and_changed_ones_are_new(tmp_path: Path) -> None:
    first = write(tmp_path, [page("index.html", "főoldal"), page("a/index.html", "régi")])
    home, other = tmp_path / "public" / "index.html", tmp_path / "public" / "a" / "index.html"
    home_before, other_before = home.stat(), other.stat()
    outcome = write(tmp_path, [page("index.html", "főoldal"), page("a/index.html", "új")], previous=first)
    assert outcome.written == 1
    assert (home.stat().st_ino, home.stat().st_mtime_ns) == (home_before.st_ino, home_before.st_mtime_ns)
    assert other.stat().st_ino != other_before.st_ino
    assert other.read_text(encoding="utf-8") == "új"


def test_a_build_with_nothing_to_change_changes_nothing(tmp_path: Path) -> None:
    files = [page("index.html", "főoldal"), page("a/index.html", "oldal")]
    first = write(tmp_path, files)
    folder_before = (tmp_path / "public").stat().st_ino
    outcome = write(tmp_path, files, previous=first)
    assert (outcome.written, outcome.removed) == (0, 0)
    assert (tmp_path / "public").stat().st_ino == folder_before  # not even swapped
    assert outcome.records == first.records


def test_pages_edited_or_deleted_by_hand_are_made_again_by_a_build_that_changes_another(
    tmp_path: Path,
) -> None:
    """The old generation in the cache shares its files with the site: a page edited in place
    there is edited in both, and must still be noticed and written anew, as must one deleted."""
    files = [page(f"{name}/index.html", f"oldal {name}") for name in "abcd"]
    first = write(tmp_path, [page("index.html", "régi"), *files])
    second = write(tmp_path, [page("index.html", "új"), *files], previous=first)
    public = tmp_path / "public"
    with open(public / "a" / "index.html", "ab") as edited:  # in place: the same file as the base's
        edited.write(" kézzel".encode())
    (public / "b" / "index.html").unlink()
    (public / "c" / "index.html").unlink()
    (public / "c" / "index.html").write_text("oldal c", encoding="utf-8")  # a new file, same bytes
    outcome = write(tmp_path, [page("index.html", "újabb"), *files], previous=second)
    assert snapshot(public) == {
        **MARK,
        "index.html": "újabb".encode(),
        **{f"{name}/index.html": f"oldal {name}".encode() for name in "abcd"},
    }
    assert output_fingerprint(public, outcome.listing) == output_fingerprint(public)


def test_a_file_put_into_the_output_by_hand_is_removed_like_a_clean_build_would(tmp_path: Path) -> None:
    first = write(tmp_path, [page("index.html", "főoldal")])
    (tmp_path / "public" / "kezzel.html").write_text("kézzel", encoding="utf-8")
    outcome = write(tmp_path, [page("index.html", "főoldal")], previous=first)
    assert outcome.removed == 1
    assert snapshot(tmp_path / "public") == {**MARK, "index.html": "főoldal".encode()}


def test_a_page_folder_linked_out_of_the_output_is_replaced_and_nothing_outside_changes(
    tmp_path: Path,
) -> None:
    first = write(tmp_path, [page("index.html", "főoldal"), page("zala/index.html", "Zala")])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("idegen", encoding="utf-8")
    os.utime(elsewhere / "index.html", ns=(first.records["zala/index.html"].mtime_ns,) * 2)
    (tmp_path / "public" / "zala" / "index.html").unlink()
    (tmp_path / "public" / "zala").rmdir()
    (tmp_path / "public" / "zala").symlink_to(elsewhere, target_is_directory=True)
    write(tmp_path, [page("index.html", "főoldal"), page("zala/index.html", "Zala új")], previous=first)
    assert not (tmp_path / "public" / "zala").is_symlink()
    assert (tmp_path / "public" / "zala" / "index.html").read_text(encoding="utf-8") == "Zala új"
    assert (elsewhere / "index.html").read_text(encoding="utf-8") == "idegen"


@pytest.mark.parametrize("name", ["README.md", "src"])
def test_a_file_or_a_foreign_folder_at_the_output_place_is_never_replaced(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    if name == "src":
        target.mkdir()
        (target / "main.py").write_text("print('a forráskód')", encoding="utf-8")
    else:
        target.write_text("# A projekt leírása", encoding="utf-8")
    before = snapshot(tmp_path)
    with pytest.raises(BuildFailed) as failure:
        write_site(target, [page("index.html", "új")], [], tmp_path / "cache")
    (problem,) = failure.value.problems
    assert name in problem.message and "will not touch it" in problem.message
    assert problem.hint is not None and "output_dir" in problem.hint
    assert {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("cache")} == before


def test_an_empty_folder_is_taken_and_marked(tmp_path: Path) -> None:
    (tmp_path / "public").mkdir()
    write(tmp_path, [page("index.html", "új")])
    assert (tmp_path / "public" / OUTPUT_MARK).is_file()


def test_a_site_built_by_an_earlier_infoblokk_without_the_mark_is_still_ours(tmp_path: Path) -> None:
    old = tmp_path / "public"
    (old / "_infoblokk").mkdir(parents=True)
    (old / "index.html").write_text("régi", encoding="utf-8")
    write(tmp_path, [page("index.html", "új")])
    assert snapshot(old) == {**MARK, "index.html": "új".encode()}


def test_the_mark_cannot_be_replaced_by_a_page(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed):
        write(tmp_path, [page(OUTPUT_MARK, "nem")])


def test_records_describe_the_files_as_they_are(tmp_path: Path) -> None:
    outcome = write(tmp_path, [page("index.html", "főoldal")])
    status = (tmp_path / "public" / "index.html").stat()
    record = outcome.records["index.html"]
    assert isinstance(record, FileRecord)
    assert (record.size, record.mtime_ns) == (status.st_size, status.st_mtime_ns)


def test_an_old_generation_that_cannot_be_deleted_does_not_fail_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone made a folder in the old site read-only: the new site is in all the same."""
    first = write(tmp_path, [page("index.html", "régi"), page("a/index.html", "régi a")])
    second = write(tmp_path, [page("index.html", "új"), page("a/index.html", "régi a")], previous=first)
    real_rmtree = shutil.rmtree
    refusals: list[str] = []

    def refusing_rmtree(path: str | Path, onerror: Callable[..., object] | None = None) -> None:
        refusals.append(str(path))
        if onerror is not None:
            onerror(os.rmdir, str(path), PermissionError(13, "Permission denied"))

    monkeypatch.setattr("infoblokk.swap.shutil.rmtree", refusing_rmtree)
    outcome = write(tmp_path, [page("index.html", "újabb")], previous=second)  # a/ must go
    assert outcome.written == 1 and refusals
    assert snapshot(tmp_path / "public") == {**MARK, "index.html": "újabb".encode()}
    monkeypatch.setattr("infoblokk.swap.shutil.rmtree", real_rmtree)
    write(tmp_path, [page("index.html", "legújabb")], previous=outcome)  # the next build clears the litter
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["next"]


def test_a_tampered_base_in_the_cache_changes_nothing_outside_and_does_not_leak_into_the_site(
    tmp_path: Path,
) -> None:
    """The generation kept in the cache is only a base: anything found there that is not a link
    to the current site's file is removed, and no link in it is ever followed."""
    first = write(
        tmp_path, [page("index.html", "régi"), page("a/index.html", "a"), page("b/index.html", "b")]
    )
    second = write(
        tmp_path,
        [page("index.html", "új"), page("a/index.html", "a"), page("b/index.html", "b")],
        previous=first,
    )
    outside = tmp_path / "kint"
    outside.mkdir()
    (outside / "index.html").write_text("a felhasználóé", encoding="utf-8")
    secret = tmp_path / "titok.txt"
    secret.write_text("titok", encoding="utf-8")
    base = tmp_path / "cache" / "next"
    shutil.rmtree(base / "a")
    (base / "a").symlink_to(outside, target_is_directory=True)  # a folder made a link out
    (base / "index.html").unlink()
    os.link(secret, base / "index.html")  # a page to be rewritten made a link to a file outside
    (base / "b" / "index.html").unlink()
    (base / "b" / "index.html").write_text("b, kicserélve", encoding="utf-8")  # same name, another file
    (base / "kezzel.html").write_text("kézzel", encoding="utf-8")
    files = [page("index.html", "legújabb"), page("a/index.html", "a, új"), page("b/index.html", "b")]
    write(tmp_path, files, previous=second)
    assert snapshot(tmp_path / "public") == {
        **MARK,
        "index.html": "legújabb".encode(),
        "a/index.html": "a, új".encode(),
        "b/index.html": b"b",
    }
    assert snapshot(outside) == {"index.html": "a felhasználóé".encode()}
    assert secret.read_text(encoding="utf-8") == "titok"


def test_the_fingerprint_of_what_was_written_is_the_one_a_walk_of_the_output_gives(tmp_path: Path) -> None:
    """The build records the output's fingerprint from what the writer made, without reading
    the folder again: it must be exactly what the next build's walk of the folder finds."""
    css = tmp_path / "theme.css"
    css.write_text("body { margin: 0 }", encoding="utf-8")
    copies = [StaticCopy(css, PurePosixPath("assets/infoblokk.css"))]
    generations = [
        [page("index.html", "régi"), page("a/b/index.html", "b"), page("c/index.html", "c")],
        [page("index.html", "új"), page("a/b/index.html", "b"), page("a-b/index.html", "ab")],
        [page("index.html", "újabb"), page("a/b/index.html", "b"), page("a/index.html", "a")],
        [page("index.html", "legújabb"), page("a/b/index.html", "b")],
    ]
    outcome = None
    for files in generations:
        outcome = write(tmp_path, files, copies, previous=outcome)
        assert outcome.listing is not None
        assert output_fingerprint(tmp_path / "public", outcome.listing) == output_fingerprint(
            tmp_path / "public"
        )


def test_a_file_put_into_the_output_after_the_build_looked_is_still_removed(tmp_path: Path) -> None:
    """The build looks at the output once, before rendering; when that look says there is
    nothing to do, the writer looks again, so a file put there meanwhile does not stay."""
    files = [page("index.html", "főoldal")]
    first = write(tmp_path, files)
    seen = look_at_output(tmp_path / "public")
    (tmp_path / "public" / "kezzel.html").write_text("kézzel", encoding="utf-8")
    outcome = write_site(tmp_path / "public", files, [], tmp_path / "cache", (), first.records, seen)
    outcome.wait_for_discarding()
    assert outcome.removed == 1
    assert snapshot(tmp_path / "public") == {**MARK, "index.html": "főoldal".encode()}


def test_two_deletions_of_one_old_generation_at_once_end_quietly(tmp_path: Path) -> None:
    """Two builds' background deletions may meet in the same folder: a part the other already
    deleted is no error (it raised in the deleting thread, a traceback in the terminal)."""
    from infoblokk.swap import delete_generation

    failures: list[BaseException] = []
    for round_number in range(3):
        old = tmp_path / f"old-{round_number}"
        for number in range(400):
            (old / f"f{number % 40}" / f"g{number}").mkdir(parents=True)
            (old / f"f{number % 40}" / f"g{number}" / "index.html").write_text("x")

        def delete(folder: Path = old) -> None:
            try:
                delete_generation(folder)
            except BaseException as error:  # what would end the thread with a traceback
                failures.append(error)

        threads = [threading.Thread(target=delete) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not old.exists()
    assert failures == []


def test_a_spool_left_by_a_killed_build_is_emptied_first_and_removed_after(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "spool"
    folder.mkdir(parents=True)
    (folder / "7").write_bytes(b"a page of a build that was killed")
    with Spool(folder, tmp_path / "public") as spool:
        assert list(folder.iterdir()) == []
        waiting = spool.keep(PurePosixPath("projektek/a/index.html"), "<h1>Árvíztűrő</h1>".encode())
        assert waiting.content == "<h1>Árvíztűrő</h1>".encode()
    assert not folder.exists()


def test_a_shelf_gives_back_what_was_put_on_it_and_goes_with_the_spool(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "spool"
    with Spool(folder, tmp_path / "public") as spool:
        shelf = spool.shelf()
        shelf.put(Path("content/projects/a.md"), "<p>Árvíztűrő tükörfúrógép</p>".encode())
        shelf.put(Path("content/news/b.md"), b"")
        shelf.put(Path("content/projects/a.md"), b"<p>again</p>")
        assert shelf[Path("content/projects/a.md")] == b"<p>again</p>"
        assert shelf.get(Path("content/news/b.md")) == b""
        assert shelf.get(Path("content/pages/c.md"), b"none") == b"none"
        assert sorted(map(str, shelf)) == ["content/news/b.md", "content/projects/a.md"]
        page = spool.keep(PurePosixPath("index.html"), b"<h1>A</h1>")
        assert page.content == b"<h1>A</h1>"  # a file of its own beside the shelf
    assert not folder.exists()


def test_spooled_pages_are_moved_into_the_site_byte_for_byte(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with Spool(cache / "spool", tmp_path / "public") as spool:
        files = [spool.keep(PurePosixPath("index.html"), b"<h1>A</h1>"), page("hirek/index.html", "<p>B</p>")]
        outcome = write_site(tmp_path / "public", files, [], cache)
        assert list((cache / "spool").iterdir()) == []  # moved, not copied
    written = {**MARK, "index.html": b"<h1>A</h1>", "hirek/index.html": b"<p>B</p>"}
    assert snapshot(tmp_path / "public") == written
    assert outcome.records["index.html"].size == len(b"<h1>A</h1>")
