"""The draft of the next state takes each page's record as the page is made (`StateDraft.add_page`),
written a batch at a time."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from infoblokk.render.state_writing import PAGES_AT_ONCE, AttributeReads, StateDraft, write_whole
from infoblokk.render.store import PageRecord, StateChanges, open_store

VERSION = "test state"
TITLE = ("@attribute", '["projektek/a/", "title"]', "digest of the title")
MENU = ("taxonomies", "[]", "digest of the taxonomies")


def changes(rendered: dict[str, PageRecord], pages: frozenset[str]) -> StateChanges:
    return StateChanges("public", rendered, pages, {}, {}, {}, {})


def test_pages_drafted_one_by_one_are_read_back_with_the_reads_they_share(tmp_path: Path) -> None:
    draft = StateDraft(tmp_path / "state.sqlite")
    draft.add_page("index.html", PageRecord("f1", "hu", "", (MENU, TITLE)))
    draft.pages_added()  # what numbered the reads is let go of; a page after still shares them
    draft.add_page("projektek/a/index.html", PageRecord("f2", "hu", "=projektek/a/", (TITLE,)))
    draft.finish(VERSION, changes({}, frozenset({"index.html", "projektek/a/index.html"})))

    store = open_store(tmp_path / "state.sqlite", VERSION)
    assert store.fingerprints() == {"index.html": "f1", "projektek/a/index.html": "f2"}
    title_reads = store.attribute_reads(["projektek/a/"])
    assert [read.digest for read in title_reads] == ["digest of the title"]  # one read, shared
    assert store.pages_reading([title_reads[0].id]) == {"index.html", "projektek/a/index.html"}
    assert store.pages_reading([read.id for read in store.calls()]) == {"index.html"}


def own_call(number: int) -> tuple[str, str, str]:
    return ("project_of", f'["page {number}"]', f"digest {number}")


def many_pages(count: int) -> dict[str, PageRecord]:
    """More pages than a draft writes at once, each reading the title and a call of its own."""
    return {
        f"p{number}/index.html": PageRecord(f"f{number}", "hu", "", (TITLE, own_call(number)))
        for number in range(count)
    }


def assert_read_back(path: Path, pages: dict[str, PageRecord]) -> None:
    store = open_store(path, VERSION)
    assert store.fingerprints() == {page: record.fingerprint for page, record in pages.items()}
    title_reads = store.attribute_reads(["projektek/a/"])
    assert len(title_reads) == 1  # one read, shared by every page
    assert store.pages_reading([title_reads[0].id]) == set(pages)
    calls = {read.key: read.id for read in store.calls()}
    for number in (0, PAGES_AT_ONCE, len(pages) - 1):
        assert store.pages_reading([calls[f'["page {number}"]']]) == {f"p{number}/index.html"}


def test_a_draft_of_more_pages_than_it_writes_at_once_keeps_every_page_and_read(tmp_path: Path) -> None:
    pages = many_pages(2 * PAGES_AT_ONCE + 3)
    draft = StateDraft(tmp_path / "state.sqlite")
    for page, record in pages.items():
        draft.add_page(page, record)
    draft.pages_added()
    draft.finish(VERSION, changes({}, frozenset(pages)))
    assert_read_back(tmp_path / "state.sqlite", pages)


def test_a_state_written_whole_keeps_every_page_and_read(tmp_path: Path) -> None:
    pages = many_pages(PAGES_AT_ONCE + 1)
    write_whole(tmp_path / "state.sqlite", VERSION, changes(pages, frozenset(pages)))
    assert_read_back(tmp_path / "state.sqlite", pages)


def test_a_page_that_cannot_be_drafted_fails_the_draft_and_leaves_no_state(tmp_path: Path) -> None:
    draft = StateDraft(tmp_path / "state.sqlite")
    draft.add_page("index.html", PageRecord("f1", "hu", "", (MENU,)))
    draft.add_page("index.html", PageRecord("f2", "hu", "", (MENU,)))  # the same page twice
    with pytest.raises(sqlite3.IntegrityError):
        draft.finish(VERSION, changes({}, frozenset({"index.html"})))
    assert not (tmp_path / "state.sqlite").exists()
    assert not draft.temporary.exists()


def test_an_attribute_read_by_many_drafted_pages_is_digested_once_and_shared(tmp_path: Path) -> None:
    asked: list[str] = []

    def digest(key: str) -> str:
        asked.append(key)
        return "digest of the title"

    draft = StateDraft(tmp_path / "state.sqlite")
    pages = {f"p{number}/index.html": f"f{number}" for number in range(PAGES_AT_ONCE + 2)}
    for page, fingerprint in pages.items():
        draft.add_page(page, PageRecord(fingerprint, "hu", "", (MENU,)), AttributeReads((TITLE[1],), digest))
    draft.pages_added()
    draft.finish(VERSION, changes({}, frozenset(pages)))

    assert asked == [TITLE[1]]  # once, for the first page that read it
    store = open_store(tmp_path / "state.sqlite", VERSION)
    title_reads = store.attribute_reads(["projektek/a/"])
    assert [read.digest for read in title_reads] == ["digest of the title"]
    assert store.pages_reading([title_reads[0].id]) == set(pages)
