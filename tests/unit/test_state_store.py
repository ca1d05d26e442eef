"""The draft of the next state takes each page's record as the page is made (`StateDraft.add_page`)."""

from __future__ import annotations

from pathlib import Path

from infoblokk.render.state_writing import StateDraft
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
