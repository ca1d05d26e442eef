"""A build that writes its state whole drafts it while it runs (each body's HTML as soon as
Markdown made it) and puts it in place only when the build is done: one killed or failed on the
way leaves the state it started with, and the build after it is right.

A state is written whole when the last one cannot be used: after an upgrade of infoblokk (the
state of another version), or on a first build.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from infoblokk.errors import BuildFailed
from infoblokk.render.incremental import state_path
from infoblokk.site import build_site
from tests.helpers import copy_example_site, snapshot

REPO = Path(__file__).resolve().parent.parent

# The build kills itself (as a power cut or the out-of-memory killer would) once every body's
# HTML is drafted and the pages are rendered: right before the search index.
KILLED_BEFORE_SEARCH = """
import os, signal, sys
import infoblokk.site
from infoblokk.cli import main
def killed(*arguments, **keywords):
    os.kill(os.getpid(), signal.SIGKILL)
infoblokk.site.search_index = killed
sys.exit(main(sys.argv[1:]))
"""


def build_command(site: Path) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "build", "--site", str(site)]


def clean_output(site: Path, copy: Path) -> dict[str, bytes]:
    """The output of a clean build of `site`'s sources, built in a copy."""
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("public", ".infoblokk-cache"))
    subprocess.run(build_command(copy), check=True, capture_output=True)
    return snapshot(copy / "public")


def as_if_from_another_version(site: Path) -> None:
    """The site's state as an earlier infoblokk left it: not to be used, so written whole next."""
    with sqlite3.connect(state_path(site)) as db:
        db.execute("UPDATE meta SET value = 'infoblokk 0.0 state 1' WHERE key = 'version'")
    db.close()


def append_to_a_body(site: Path, text: str) -> None:
    project = sorted((site / "content" / "projects").glob("*.md"))[0]
    project.write_text(project.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def test_a_build_killed_while_drafting_its_state_leaves_the_old_one_and_the_next_build_is_right(
    tmp_path: Path,
) -> None:
    site = copy_example_site(tmp_path / "site")
    subprocess.run(build_command(site), check=True, capture_output=True)
    as_if_from_another_version(site)
    state_before, site_before = state_path(site).read_bytes(), snapshot(site / "public")
    append_to_a_body(site, "Egy új bekezdés a leállított build előtt.")

    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BEFORE_SEARCH, "build", "--site", str(site)], capture_output=True
    )

    assert killed.returncode == -9, killed.stderr
    assert state_path(site).read_bytes() == state_before, "the state in use was touched"
    assert snapshot(site / "public") == site_before
    subprocess.run(build_command(site), check=True, capture_output=True)
    assert snapshot(site / "public") == clean_output(site, tmp_path / "clean-1")
    # The state that build drafted and put in place is the one the next build relies on.
    append_to_a_body(site, "Még egy bekezdés, a megmentett állapotra építve.")
    subprocess.run(build_command(site), check=True, capture_output=True)
    assert snapshot(site / "public") == clean_output(site, tmp_path / "clean-2")


def test_a_build_that_fails_while_drafting_its_state_leaves_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_example_site(tmp_path / "site")
    build_site(site)
    as_if_from_another_version(site)
    state_before = state_path(site).read_bytes()
    append_to_a_body(site, "Egy bekezdés, amelynek a buildje elakad.")

    def failing(*arguments: object, **keywords: object) -> None:
        raise BuildFailed(())

    monkeypatch.setattr("infoblokk.site.search_index", failing)
    with pytest.raises(BuildFailed):
        build_site(site)

    assert state_path(site).read_bytes() == state_before
    assert [path.name for path in state_path(site).parent.glob("state.sqlite*")] == ["state.sqlite"]
    monkeypatch.undo()
    build_site(site)
    assert snapshot(site / "public") == clean_output(site, tmp_path / "clean")


@pytest.mark.parametrize(
    "failing_step",
    [
        # the pages' records, as the pages are made
        "infoblokk.render.state_writing._write_pages",
        # the pages' reads settled into the draft's indexed tables beside the search index
        "infoblokk.render.state_writing._settle",
    ],
)
def test_a_build_whose_state_cannot_be_drafted_says_so_and_the_next_build_is_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_step: str
) -> None:
    """The pages' records go into the draft as the pages are made, and their reads are settled
    on a thread of their own: a failure in either (a full disk, say) does not stop the build,
    which reports that its state was not saved, and the build after it is right."""
    site = copy_example_site(tmp_path / "site")
    build_site(site)
    as_if_from_another_version(site)
    append_to_a_body(site, "Egy bekezdés, amelynek az állapota nem menthető.")

    def failing(*arguments: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(failing_step, failing)
    result = build_site(site)

    assert snapshot(site / "public") == clean_output(site, tmp_path / "clean-1")
    assert [notice.path for notice in result.notices] == [state_path(site)]
    assert not state_path(site).exists()
    monkeypatch.undo()
    append_to_a_body(site, "Még egy bekezdés, állapot nélkül.")
    build_site(site)
    assert snapshot(site / "public") == clean_output(site, tmp_path / "clean-2")


def reads_of(site: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with sqlite3.connect(state_path(site)) as db:
        reads = db.execute("SELECT * FROM reads ORDER BY id").fetchall()
        page_reads = db.execute("SELECT * FROM page_reads ORDER BY read, page").fetchall()
    db.close()
    return reads, page_reads


def test_reads_settled_beside_the_search_index_are_those_settled_at_the_end(tmp_path: Path) -> None:
    """A build without a search index to make beside (`serve`'s first look) settles its reads
    when it saves the state: the state is the same either way."""
    beside = copy_example_site(tmp_path / "beside")
    at_the_end = copy_example_site(tmp_path / "at-the-end")
    build_site(beside)
    build_site(at_the_end, index_search=False)

    reads, page_reads = reads_of(beside)
    assert reads and page_reads
    assert (reads, page_reads) == reads_of(at_the_end)
