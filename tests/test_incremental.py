"""Rebuilding only what changed gives exactly the site a clean build gives."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from infoblokk.content import sources as content
from infoblokk.content.loading import load_site
from infoblokk.errors import BuildFailed
from infoblokk.layout import CACHE_FOLDER
from infoblokk.outputs import search_cache, sitewide
from infoblokk.render import fingerprints, pages
from infoblokk.render.context import RenderInputs
from infoblokk.render.incremental import state_path
from infoblokk.render.plans import PagePlan
from infoblokk.render.tracking import ValueDigests
from infoblokk.report import format_build
from infoblokk.site import BuildResult, build_site, render_site
from tests.edits import EDITS, replace_in
from tests.helpers import TODAY, clean_build_of, copy_example_site, own_default_theme, snapshot


def saved_state(site: Path) -> dict[str, object]:
    """What the state file says, in a form that does not depend on how it was written (row
    numbers, file times): a state saved by differences must say what a state written whole
    after a clean build says."""
    with contextlib.closing(sqlite3.connect(state_path(site))) as database:

        def rows(query: str) -> set[tuple[object, ...]]:
            return set(database.execute(query).fetchall())

        return {
            "pages": rows("SELECT path, fingerprint FROM pages"),
            "reads": rows(
                "SELECT pages.path, reads.name, reads.key, reads.language, reads.item, reads.digest "
                "FROM page_reads JOIN pages ON pages.id = page_reads.page "
                "JOIN reads ON reads.id = page_reads.read"
            ),
            "unread": rows("SELECT * FROM reads WHERE id NOT IN (SELECT read FROM page_reads)"),
            "items": rows("SELECT * FROM items"),
            "files": rows("SELECT path, digest, size FROM files"),
            "markdown": rows("SELECT * FROM markdown"),
            "sources": rows("SELECT path FROM sources"),
            "item_digests": rows("SELECT * FROM item_digests"),
            "facts": rows("SELECT value FROM meta WHERE key = 'facts'"),
            "links": rows("SELECT * FROM links"),
            "links_context": rows("SELECT value FROM meta WHERE key = 'links'"),
        }


def with_database(path: Path, statement: str) -> None:
    """Run a statement on a state file: one that changes rows must change at least one."""
    with contextlib.closing(sqlite3.connect(path)) as database, database:
        assert database.execute(statement).rowcount != 0


def zeroed_after_the_first_pages(data: bytes) -> bytes:
    """The file with everything after its first four pages of 4 KB made zeros: the tables'
    definitions are intact, their rows are not."""
    return data[: 4 * 4096] + bytes(len(data) - 4 * 4096)


def without_search_index(paths: set[str]) -> set[str]:
    """The paths outside pagefind/, whose files change with any page they index."""
    return {path for path in paths if not path.startswith("pagefind/")}


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_rebuilt_incrementally_equal_a_clean_build(tmp_path: Path, seed: int) -> None:
    chance = random.Random(seed)
    site = copy_example_site(tmp_path / "site")
    result = build_site(site, today=TODAY)
    for step in range(10):
        edit = chance.choice(EDITS)
        edit(site, chance)
        in_same_process = step % 2 == 0  # as `serve` does; otherwise from the saved state, as `build`
        result = build_site(site, today=TODAY, previous=result.state if in_same_process else None)
        expected = clean_build_of(site, tmp_path / f"clean-{step}")
        assert snapshot(result.output_dir) == expected, f"after {edit.__name__} (step {step}, seed {seed})"
    kept_by_differences = saved_state(site)
    shutil.rmtree(site / CACHE_FOLDER)
    build_site(site, today=TODAY)  # a clean build in the same folder: its state written whole
    assert kept_by_differences == saved_state(site)


@pytest.fixture
def built_twice(tmp_path: Path) -> tuple[Path, BuildResult, BuildResult, dict[str, int]]:
    site = copy_example_site(tmp_path)
    first = build_site(site, today=TODAY)
    times = {p.as_posix(): p.stat().st_mtime_ns for p in first.output_dir.rglob("*") if p.is_file()}
    second = build_site(site, today=TODAY)
    return site, first, second, times


def test_second_build_without_changes_rewrites_no_file(
    built_twice: tuple[Path, BuildResult, BuildResult, dict[str, int]],
) -> None:
    _, first, second, times = built_twice
    assert first.files_written == len(times) - 1 > 10  # every file but the mark of an infoblokk folder
    assert second.files_written == 0
    assert {p.as_posix(): p.stat().st_mtime_ns for p in second.output_dir.rglob("*") if p.is_file()} == times


def test_body_edit_rewrites_only_that_page(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    first = build_site(site, today=TODAY)
    before = snapshot(first.output_dir)
    edit_path = site / "content/projects/zala-felzarkozas.md"
    replace_in(edit_path, "## Miről szól a projekt?", "## Miről szól ez a projekt?")
    again = build_site(site, today=TODAY, previous=first.state)
    changed = {path for path, data in snapshot(again.output_dir).items() if before.get(path) != data}
    assert without_search_index(changed) == {"projektek/zala-felzarkozas/index.html"}
    assert again.files_written == len(changed)  # the page, and the parts of the search index it is in
    assert (
        "Miről szól ez a projekt?" in (again.output_dir / "projektek/zala-felzarkozas/index.html").read_text()
    )


def _rendered_again(site: Path, first: BuildResult) -> set[str]:
    """The pages a rebuild renders anew after an edit (not the ones it keeps as they were)."""
    assert first.state is not None
    again = render_site(load_site(site, first.state.sources), TODAY, first.state, index_search=False)
    return {str(file.path) for file in again.files if file.path.suffix == ".html"}


def test_body_edit_renders_no_list_that_shows_the_project(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    first = build_site(site, today=TODAY)
    replace_in(site / "content/projects/zala-felzarkozas.md", "## Miről szól a projekt?", "## Miről szól ez?")
    assert _rendered_again(site, first) == {"projektek/zala-felzarkozas/index.html"}


def test_body_edit_makes_the_context_of_no_other_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What pages read is checked once per read, not page by page: the pages a body edit does
    not touch are kept without their context being made (the cost of a save follows from what
    changed, not from how many pages the site has)."""
    site = copy_example_site(tmp_path)
    build_site(site, today=TODAY)
    made: list[str] = []
    original = pages.page_context

    def counting_context(inputs: RenderInputs, plan: PagePlan) -> dict[str, object]:
        made.append(plan.url)
        return original(inputs, plan)

    monkeypatch.setattr(pages, "page_context", counting_context)
    replace_in(site / "content/projects/zala-felzarkozas.md", "## Miről szól a projekt?", "## Miről szól ez?")
    build_site(site, today=TODAY)
    assert made == ["projektek/zala-felzarkozas/"]


def test_body_edit_saves_only_what_changed_in_the_state_file(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    build_site(site, today=TODAY)
    path = state_path(site)
    before, same_file = saved_state(site), path.stat().st_ino
    replace_in(site / "content/projects/zala-felzarkozas.md", "## Miről szól a projekt?", "## Miről szól ez?")
    again = build_site(site, today=TODAY)
    after = saved_state(site)
    assert again.files_written > 0 and path.stat().st_ino == same_file  # changed in place, not written anew
    changed_pages = {page for page, _ in before["pages"] ^ after["pages"]}  # type: ignore[operator]
    assert changed_pages == {"projektek/zala-felzarkozas/index.html"}
    assert len(before["markdown"] ^ after["markdown"]) == 2  # type: ignore[operator]  # one body out, one in
    assert before["items"] != after["items"] and before["sources"] == after["sources"]


def test_body_edit_reads_only_the_kept_pages_of_its_part_of_the_search_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parts of the index are keyed by the digests recorded for kept pages, not by reading
    them: only the pages of the part made again are read."""
    monkeypatch.setenv("INFOBLOKK_SEARCH_PART_PAGES", "4")
    site = copy_example_site(tmp_path)
    first = build_site(site, today=TODAY)
    pages_of_site = [p for p in first.output_dir.rglob("*.html") if "pagefind" not in p.parts]
    read: list[Path] = []
    original = Path.read_bytes

    def counting_read(path: Path) -> bytes:
        if path.suffix == ".html":
            read.append(path)
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", counting_read)
    replace_in(site / "content/projects/zala-felzarkozas.md", "## Miről szól a projekt?", "## Miről szól ez?")
    again = build_site(site, today=TODAY)
    assert again.files_written > 0 and len(pages_of_site) > 20
    assert 0 < len(read) < len(pages_of_site) / 3


def test_body_edit_keeps_the_other_parts_of_the_search_index_and_restores_one_edited_by_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parts of the index an edit did not touch stay in the output as they are, unread;
    a part with a file changed by hand is read from the cache and the file written again;
    the index is a clean build's."""
    monkeypatch.setenv("INFOBLOKK_SEARCH_PART_PAGES", "2")
    site = copy_example_site(tmp_path / "site")
    first = build_site(site, today=TODAY)
    index = sorted(p for p in first.output_dir.rglob("*") if p.is_file() and "pagefind" in p.parts)
    fragment_folders = sorted({p.parent for p in index if p.parent.name == "fragment"})
    tampered = [min(folder.iterdir()) for folder in fragment_folders]  # one file of each part
    for path in tampered:
        path.write_bytes(b"kezzel")
    unread = {p: p.stat().st_mtime_ns for p in index if p not in tampered}
    read: list[str] = []
    original = search_cache.members

    def counting(archive: zipfile.ZipFile) -> object:
        read.append(str(archive.filename))
        return original(archive)

    monkeypatch.setattr(search_cache, "members", counting)
    replace_in(site / "content/projects/zala-felzarkozas.md", "## Miről szól a projekt?", "## Miről szól ez?")
    again = build_site(site, today=TODAY)
    assert len(fragment_folders) > 2
    assert len(read) == len(fragment_folders) - 1  # all but the part made again, read back
    assert snapshot(again.output_dir) == clean_build_of(site, tmp_path / "clean")
    still = [p for p, mtime in unread.items() if p.exists() and p.stat().st_mtime_ns == mtime]
    assert len(still) > len(index) / 2  # the untouched parts' files are the very files written before


def test_summary_edit_renders_the_lists_whose_cards_show_it(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    first = build_site(site, today=TODAY)
    project = site / "content/projects/zala-felzarkozas.md"
    lines = project.read_text(encoding="utf-8").splitlines()
    summary = next(line for line in lines if line.startswith("summary:"))
    replace_in(project, summary, "summary: Egy egészen új összefoglaló a kártyákra.")
    again = _rendered_again(site, first)
    assert {"projektek/zala-felzarkozas/index.html", "projektek/index.html"} <= again
    assert "projektek/megye/zala/index.html" in again


def test_title_edit_also_rewrites_the_listings_and_the_projects_news(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    first = build_site(site, today=TODAY)
    replace_in(site / "content/projects/veszprem-eselyegyenloseg.md", "title: Veszprém", "title: Új Veszprém")
    before = snapshot(first.output_dir)
    again = build_site(site, today=TODAY, previous=first.state)
    changed = {path for path, data in snapshot(again.output_dir).items() if before.get(path) != data}
    # Exactly the pages that show the project (its page, its news, every list it is on) …
    showing = {
        path
        for path, data in before.items()
        if path.endswith(".html") and b"veszprem-eselyegyenloseg/" in data
    }
    assert {"index.html", "projektek/index.html", "projektek/megye/veszprem/index.html"} <= showing
    # … its poster and display, and the social cards that carry its title (its own, its news item's).
    data_files = {
        "projektek/veszprem-eselyegyenloseg/atom.xml",
        "projects.json",
        "projects.csv",
        "operations.csv",
        "projektek/veszprem-eselyegyenloseg/plakat-a3.pdf",
        "projektek/veszprem-eselyegyenloseg/kijelzo-16x9.png",
        "projektek/veszprem-eselyegyenloseg/kozossegi-kartya.png",
        "hirek/veszprem-zarorendezveny/kozossegi-kartya.png",
    }
    assert without_search_index(changed) == showing | data_files


def test_deleted_file_loses_its_page(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    first = build_site(site, today=TODAY)
    before = set(snapshot(first.output_dir))
    (site / "content/pages/a-honlaprol.md").unlink()
    again = build_site(site, today=TODAY, previous=first.state)
    assert not (again.output_dir / "a-honlaprol").exists()
    removed = before - set(snapshot(again.output_dir))
    assert without_search_index(removed) == {"a-honlaprol/index.html"}
    assert again.files_removed == len(removed)


def test_hand_edited_output_is_restored(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    first = build_site(site, today=TODAY)
    page = first.output_dir / "projektek/zala-felzarkozas/index.html"
    original = page.read_bytes()
    page.write_text("kézzel átírva", encoding="utf-8")
    build_site(site, today=TODAY)
    assert page.read_bytes() == original


@pytest.mark.parametrize(
    "spoil",
    [
        lambda path: path.write_text("{ this is not json", encoding="utf-8"),
        lambda path: path.write_bytes(b"\xff\xfe\x00garbage"),
        lambda path: with_database(
            path, "UPDATE meta SET value = 'infoblokk 0.0.1 state 0' WHERE key = 'version'"
        ),
        lambda path: (path.unlink(), with_database(path, "CREATE TABLE pages (path TEXT, fingerprint TEXT)")),
        lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
        lambda path: path.write_bytes(zeroed_after_the_first_pages(path.read_bytes())),
    ],
    ids=["corrupt", "not-text", "other-version", "foreign-database", "cut-in-half", "zeroed-pages"],
)
def test_untrustworthy_cache_is_ignored(tmp_path: Path, spoil: Callable[[Path], None]) -> None:
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    replace_in(site / "content/projects/zala-felzarkozas.md", "## Miről szól", "## Mi a célja")
    spoil(state_path(site))
    again = build_site(site, today=TODAY)
    assert again.files_written == len(snapshot(again.output_dir)) - 1  # nothing trusted: all written anew
    assert snapshot(again.output_dir) == clean_build_of(site, tmp_path / "clean")


@pytest.mark.parametrize("in_same_process", [True, False], ids=["serve", "build"])
def test_only_changed_files_are_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_same_process: bool
) -> None:
    site = copy_example_site(tmp_path)
    first = build_site(site, today=TODAY)
    parsed: list[str] = []
    original_read = content.read_source

    def counting_read(path: Path, kind: str, *shapes: object) -> object:
        parsed.append(path.name)
        return original_read(path, kind, *shapes)

    monkeypatch.setattr(content, "read_source", counting_read)
    edit_path = site / "content/pages/a-honlaprol.md"
    edit_path.write_text(edit_path.read_text(encoding="utf-8") + "\nÚj mondat.\n", encoding="utf-8")
    again = build_site(site, today=TODAY, previous=first.state if in_same_process else None)
    assert parsed == ["a-honlaprol.md"]
    assert "Új mondat." in (again.output_dir / "a-honlaprol/index.html").read_text(encoding="utf-8")


def test_search_index_may_follow_a_quick_rebuild_and_then_equals_a_clean_build(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    first = build_site(site, today=TODAY)
    index_before = {p: d for p, d in snapshot(first.output_dir).items() if p.startswith("pagefind/")}
    replace_in(site / "content/projects/zala-felzarkozas.md", "## Miről szól", "## Mi a célja")
    quick = build_site(site, today=TODAY, previous=first.state, index_search=False)
    assert quick.search_pending
    assert "Mi a célja" in (quick.output_dir / "projektek/zala-felzarkozas/index.html").read_text("utf-8")
    assert {p: d for p, d in snapshot(quick.output_dir).items() if p.startswith("pagefind/")} == index_before
    caught_up = build_site(site, today=TODAY, previous=quick.state)
    assert not caught_up.search_pending
    assert snapshot(caught_up.output_dir) == clean_build_of(site, tmp_path / "clean")


def test_a_project_that_ends_is_shown_finished_by_the_next_build_without_any_edit(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    before_the_end = build_site(site, today=date(2020, 6, 1))
    page = before_the_end.output_dir / "projektek/somogy-felzarkozas/index.html"
    assert "Folyamatban" in page.read_text(encoding="utf-8")
    after_the_end = build_site(site, today=date(2021, 1, 5), previous=before_the_end.state)
    assert "Befejeződött" in page.read_text(encoding="utf-8")
    scratch = tmp_path / "clean"
    shutil.copytree(site, scratch, ignore=shutil.ignore_patterns("public", CACHE_FOLDER))
    clean = build_site(scratch, today=date(2021, 1, 5))
    assert snapshot(after_the_end.output_dir) == snapshot(clean.output_dir)


def test_a_site_moved_to_another_folder_keeps_its_state_and_rewrites_nothing(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    moved = tmp_path / "elsewhere" / "site"
    shutil.copytree(site, moved, symlinks=True)  # copies keep their modification times
    again = build_site(moved, today=TODAY)
    assert again.files_written == 0
    assert snapshot(moved / "public") == clean_build_of(moved, tmp_path / "clean")


def test_a_build_with_nothing_changed_reads_no_content_file_and_reports_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_example_site(tmp_path)
    first = build_site(site, today=TODAY)
    monkeypatch.setattr(content, "read_source", lambda *_: pytest.fail("a content file was read"))
    again = build_site(site, today=TODAY)
    assert (again.files_written, again.files_removed) == (0, 0)
    assert (again.pages, again.warnings, again.drafts) == (first.pages, first.warnings, first.drafts)
    with pytest.raises(BuildFailed) as failure:  # the example site still lacks the official artwork
        build_site(site, today=TODAY, strict=True)
    assert failure.value.problems == first.warnings


HEAVY_MODULES = (
    "infoblokk.site",
    "infoblokk.render.pages",
    "jinja2",
    "markdown",
    "reportlab",
    "PIL",
    "pydantic",
)
"""What a build's work needs: parsing, templates, Markdown, the publicity kit, validation."""

REPORTING_CLI = (
    "import json, sys\n"
    "from infoblokk.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    f"loaded = [name for name in {HEAVY_MODULES!r} if name in sys.modules]\n"
    "print('LOADED ' + json.dumps(loaded), file=sys.stderr)\n"
    "sys.exit(code)\n"
)
"""The command line, run in a new process, saying at the end which of the heavy modules it loaded."""


def run_in_new_process(site: Path, *words: str) -> tuple[int, str, str, list[str]]:
    """Exit code, output, errors (less the last line) and the heavy modules the command loaded."""
    done = subprocess.run(
        [sys.executable, "-c", REPORTING_CLI, *words, "--site", str(site), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    errors, _, loaded = done.stderr.rpartition("LOADED ")
    return done.returncode, done.stdout, errors, json.loads(loaded)


def test_an_unchanged_site_is_reported_at_once_without_loading_the_build(tmp_path: Path) -> None:
    """`python build.py` in a new process: the last build's report, from its record alone."""
    site = copy_example_site(tmp_path)
    first = build_site(site)  # today, as the command line's build
    code, out, errors, loaded = run_in_new_process(site, "build")
    assert (code, loaded) == (0, []), errors
    said, *rest = out.rstrip("\n").split("\n")
    assert said.startswith("Built ") and "(0 files written)" in said
    assert rest == format_build(first, site).split("\n")[1:]  # drafts, the same warnings, what next
    assert first.warnings  # the example site's stand-in banner: `build --strict` still fails on it
    code, out, errors, loaded = run_in_new_process(site, "build", "--strict")
    assert code == 1
    assert "The build stopped" in errors and "public/ was not changed" in errors
    assert "infoblokk.site" not in loaded


@pytest.mark.parametrize(
    "change",
    [
        lambda site: (site / "public" / "index.html").write_text("kézzel átírva", encoding="utf-8"),
        lambda site: (site / "public" / "index.html").unlink(),
        lambda site: (site / "public" / "kezzel.html").write_text("új fájl", encoding="utf-8"),
        lambda site: replace_in(own_default_theme(site) / "templates/base.html", "<body>", "<body >"),
        lambda site: (site / "content/static/uj.txt").write_text("új", encoding="utf-8"),
        lambda site: replace_in(site / "site_config.toml", 'date_format = "long"', 'date_format = "short"'),
    ],
    ids=["output edited", "output deleted", "output added", "theme", "static file", "config"],
)
def test_any_change_to_sources_or_output_is_not_mistaken_for_nothing(
    tmp_path: Path, change: Callable[[Path], object]
) -> None:
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    change(site)
    again = build_site(site, today=TODAY)
    assert again.state is not None  # the build did its work
    assert again.files_written + again.files_removed > 0
    assert snapshot(site / "public") == clean_build_of(site, tmp_path / "clean")


def test_another_day_is_a_change(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path)
    build_site(site, today=TODAY)
    assert build_site(site, today=TODAY).state is None  # same day, nothing to do
    assert build_site(site, today=date(2031, 1, 1)).state is not None


@pytest.mark.parametrize(
    "change",
    [
        lambda site: (site / "content/projects/zala-felzarkozas.md").chmod(0o000),
        lambda site: (site / "content/projects/x.md").mkdir(),
    ],
    ids=["a file made unreadable", "an empty folder named like a content file"],
)
def test_a_change_that_keeps_every_size_and_time_is_noticed_too(
    tmp_path: Path, change: Callable[[Path], object]
) -> None:
    site = copy_example_site(tmp_path)
    build_site(site, today=TODAY)
    change(site)
    try:
        again = build_site(site, today=TODAY)
        assert again.state is not None  # the sources were read again
    except BuildFailed:
        pass  # as good: the change was noticed, and reported
    finally:
        (site / "content/projects/zala-felzarkozas.md").chmod(0o644)


def test_an_item_is_digested_by_what_it_holds_down_to_its_banner_profile(tmp_path: Path) -> None:
    """What decides whether a page is rendered again: two readings of the same file give the
    same digest, and a change deep inside a project (its banner profile's colour) another one."""
    site = copy_example_site(tmp_path / "site")
    project, again = load_site(site).model.projects[0], load_site(site).model.projects[0]
    assert project is not again
    assert ValueDigests().whole(project) == ValueDigests().whole(again)
    profile = dataclasses.replace(project.banner.profile, mark_colour="#000000")
    recoloured = dataclasses.replace(project, banner=dataclasses.replace(project.banner, profile=profile))
    digests = ValueDigests()
    assert digests.whole(project) != digests.whole(recoloured)


def test_a_build_right_after_a_rebuild_finds_nothing_to_do(tmp_path: Path) -> None:
    """What a rebuild records of its output still holds once it is done: nothing it leaves
    behind touches a file of the new site (not even the change time a deleted link moves)."""
    site = copy_example_site(tmp_path)
    build_site(site, today=TODAY)
    project = site / "content" / "projects" / "zala-felzarkozas.md"
    project.write_text(
        project.read_text(encoding="utf-8") + "\nFrissítés: új **eredmény**.\n", encoding="utf-8"
    )
    assert build_site(site, today=TODAY).files_written > 0
    again = build_site(site, today=TODAY)
    assert again.state is None  # taken as unchanged: nothing read, nothing written
    assert snapshot(site / "public") == clean_build_of(site, tmp_path / "clean")


def _counting_replays(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the recorded calls a build makes again, from now on."""
    replayed: list[str] = []
    original = fingerprints.replay

    def counting(read: tuple[str, str, str], *arguments: object) -> object:
        replayed.append(read[0])
        return original(read, *arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(fingerprints, "replay", counting)
    return replayed


def test_body_edit_makes_no_recorded_call_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No recorded function reads a body, so a body edit leaves every call's answer as it was:
    a rebuild does not ask them again (tens of thousands on a large site)."""
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    replayed = _counting_replays(monkeypatch)
    replace_in(site / "content/projects/zala-felzarkozas.md", "## Miről szól a projekt?", "## Miről szól ez?")
    again = build_site(site, today=TODAY)
    assert replayed == []
    assert "Miről szól ez?" in (again.output_dir / "projektek/zala-felzarkozas/index.html").read_text()
    assert snapshot(again.output_dir) == clean_build_of(site, tmp_path / "clean")


def test_a_fact_edit_makes_the_recorded_calls_again_and_shows_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    replayed = _counting_replays(monkeypatch)
    news = site / "content/news/veszprem-zarorendezveny.md"
    text = news.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    replace_in(news, title, "title: Egészen új cím a záróeseményről")
    again = build_site(site, today=TODAY)
    assert replayed  # a news item's facts changed: what news_of() gives may have too
    assert snapshot(again.output_dir) == clean_build_of(site, tmp_path / "clean")
    shown = [path for path, data in snapshot(again.output_dir).items() if "Egészen új cím".encode() in data]
    assert any(path.startswith("projektek/") for path in shown)  # the project's page lists its news


def _digested_items(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source files whose items a build digests field by field, from now on."""
    digested: list[str] = []
    original = ValueDigests._structure

    def counting(self: ValueDigests, value: object) -> tuple[str, str]:
        if isinstance(value, content.SourceFile) and id(value) not in self._wholes:
            digested.append(value.source_path.name)
        return original(self, value)

    monkeypatch.setattr(ValueDigests, "_structure", counting)
    return digested


def test_a_rebuild_digests_only_the_items_whose_files_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An item is made of its file and the configuration: one made of the same as last time
    keeps the digests it had (translations, made of two files, are always digested)."""
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    digested = _digested_items(monkeypatch)
    replace_in(site / "content/projects/somogy-felzarkozas.md", "\n## ", "\n## Új: ")
    build_site(site, today=TODAY)
    assert sorted(set(digested)) == ["somogy-felzarkozas.md", "zala-felzarkozas.en.md"]


def test_a_configuration_change_digests_every_item_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_example_site(tmp_path / "site")
    digested = _digested_items(monkeypatch)
    build_site(site, today=TODAY)
    first = set(digested)
    digested.clear()
    replace_in(site / "site_config.toml", 'title = "', 'title = "Új ')
    again = build_site(site, today=TODAY)
    assert len(first) > 5 and set(digested) == first
    assert snapshot(again.output_dir) == clean_build_of(site, tmp_path / "clean")


@pytest.mark.parametrize(
    "spoil",
    [
        "UPDATE item_digests SET whole = 'wrong', facts = 'wrong'",
        "UPDATE item_digests SET key = 'wrong'",
        "DELETE FROM item_digests",
        "UPDATE meta SET value = 'wrong' WHERE key = 'facts'",
        "DELETE FROM meta WHERE key = 'facts'",
        "DROP TABLE item_digests",
    ],
    ids=["wrong-digests", "wrong-keys", "no-digests", "wrong-facts", "no-facts", "no-table"],
)
def test_damaged_item_digests_or_facts_still_give_a_clean_build(tmp_path: Path, spoil: str) -> None:
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    with_database(state_path(site), spoil)
    news = site / "content/news/veszprem-zarorendezveny.md"
    text = news.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    replace_in(news, title, "title: Más cím")
    replace_in(site / "content/projects/zala-felzarkozas.md", "## Miről szól a projekt?", "## Miről szól ez?")
    again = build_site(site, today=TODAY)
    assert snapshot(again.output_dir) == clean_build_of(site, tmp_path / "clean")
    assert build_site(site, today=TODAY).files_written == 0


def _made_data_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The builds from now on that make the feeds and open data (by the day they make them for)."""
    made: list[str] = []
    original = sitewide.open_data_files

    def counting(model: object, base_url: str, today: date) -> object:
        made.append(today.isoformat())
        return original(model, base_url, today)  # type: ignore[arg-type]

    monkeypatch.setattr(sitewide, "open_data_files", counting)
    return made


def test_a_body_edit_keeps_the_feeds_and_open_data_and_a_fact_edit_makes_them_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_example_site(tmp_path / "site")
    build_site(site, today=TODAY)
    made = _made_data_files(monkeypatch)
    replace_in(site / "content/projects/zala-felzarkozas.md", "## Miről szól a projekt?", "## Miről szól ez?")
    build_site(site, today=TODAY)
    assert made == []  # what they show follows from no body
    replace_in(site / "content/projects/zala-felzarkozas.md", "county: Zala", "county: Vas")
    again = build_site(site, today=TODAY)
    assert made == [TODAY.isoformat()]
    assert b"Vas" in (again.output_dir / "projects.json").read_bytes()
    assert snapshot(again.output_dir) == clean_build_of(site, tmp_path / "clean")


def test_a_hand_edited_feed_is_made_again_by_a_body_edit_build(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    first = build_site(site, today=TODAY)
    (first.output_dir / "projects.csv").write_text("kézzel átírva\n", encoding="utf-8")
    replace_in(site / "content/projects/zala-felzarkozas.md", "## Miről szól a projekt?", "## Miről szól ez?")
    again = build_site(site, today=TODAY)
    assert snapshot(again.output_dir) == clean_build_of(site, tmp_path / "clean")
