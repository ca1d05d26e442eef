"""Writing the state between builds (see `store` for what it holds and how it is read).

Saving writes what changed: the records of the pages rendered, the files, bodies and sources
that differ, all in one transaction (`write_changes`), so that a build killed at any moment
leaves the old state or the new one. When most pages were rendered (a clean build, a template
changed) a new file is drafted next to the old one while the build runs (`StateDraft`) and
put in its place in one step, or written whole at the end (`write_whole`).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from infoblokk.content.kept import KeptFile, kept_entry
from infoblokk.render.store import (
    ATTRIBUTE_READ,
    SCHEMA,
    Known,
    PageRecord,
    StateChanges,
    StateStore,
    in_batches,
)
from infoblokk.render.workers import release_free_memory

PAGES_AT_ONCE = 256  # pages' records written together (each row a statement of its own took seconds)
UNSETTLED = (  # where a draft's reads go until `StateDraft.settle`: tables of the temporary schema, unindexed
    "PRAGMA temp_store = FILE",  # on disk, as the file is: 40 MB at 10,000 projects
    "CREATE TEMP TABLE reads (id INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL, "
    "language TEXT NOT NULL, item TEXT NOT NULL, digest TEXT NOT NULL)",
    "CREATE TEMP TABLE page_reads (read INTEGER NOT NULL, page INTEGER NOT NULL)",
)

AttributeDigest = Callable[[str], str]
"""The digest of an item's attribute, by the key of the read (`store.ATTRIBUTE_READ`) that names it."""


class AttributeReads(NamedTuple):
    """A page's reads of items' attributes by their keys alone, and how to digest one: a draft
    digests each key once, for the first page that reads it (thousands of pages read the same
    titles), and keeps only its number (see `_Reads`)."""

    keys: tuple[str, ...]
    digest: AttributeDigest


NO_ATTRIBUTES = AttributeReads((), str)


class _Page(NamedTuple):
    """A page's record to write: its reads, and its reads of items' attributes by key."""

    path: str
    record: PageRecord
    attributes: AttributeReads = NO_ATTRIBUTES


class StateDraft:
    """A new state file, written beside the one in use while the build runs.

    Each body's HTML goes in as soon as Markdown made it (`add_markdown`), so that a large
    site's bodies need not wait in memory until the build ends, and so does each page's record
    (`add_page`, given by `render_pages`, written PAGES_AT_ONCE at a time); `finish` adds the
    rest and puts the file in place of the old one in one step. Until then the file has no
    `meta` rows, which `open_store` requires: a draft left by a build that failed or was killed
    is never read as a state, and the next draft replaces it. `abandon` removes it.

    The reads go first into tables of the same names without their indexes (`UNSETTLED`, in
    SQLite's temporary schema, which a name without a schema finds first), and into the file's
    own in two statements (`settle`): kept indexed as they came, a page at a time, they took two
    of the three seconds the records cost the build while its pages were made, on the cores
    rendering them; settled, they take their time where a core is free (`settling`: beside
    Pagefind, which makes the search index on one)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temporary = path.with_name(path.name + ".new")
        self.temporary.unlink(missing_ok=True)
        self._db = sqlite3.connect(self.temporary, check_same_thread=False)
        self.markdown: set[str] = set()  # the keys of the bodies' HTML written
        self._reads = _Reads(self._db, fresh=True)  # of the pages' records written
        self._waiting: list[_Page] = []  # pages' records not written yet
        self._failure: OSError | sqlite3.Error | None = None  # of `add_page`, raised by `finish`
        self._settled = False  # the reads are in the file's own tables
        try:
            with self._db:
                for statement in (*SCHEMA, *UNSETTLED):
                    self._db.execute(statement)
        except BaseException:
            self.abandon()
            raise

    def add_markdown(self, rows: Iterable[tuple[str, bytes]]) -> None:
        """Bodies' HTML (key, UTF-8), written at once; a key already written is skipped."""
        with self._db:  # one at a time: as text, a large site's bodies would take twice their UTF-8
            self._db.executemany("INSERT INTO markdown VALUES (?, ?)", self._fresh(rows))

    def _fresh(self, rows: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, str]]:
        for key, html in rows:
            if key not in self.markdown:
                self.markdown.add(key)
                yield key, html.decode("utf-8")

    def add_page(self, path: str, record: PageRecord, attributes: AttributeReads = NO_ATTRIBUTES) -> None:
        """One page's record, written as soon as the page is made instead of kept in memory
        until the build ends (`finish` commits it), with the reads of items' attributes it
        made besides its record's, by their keys (`attributes`). A failure is raised by
        `finish`, in its turn: the state only makes the next build faster, and the build goes on."""
        if self._failure is not None:
            return
        self._waiting.append(_Page(path, record, attributes))
        if len(self._waiting) >= PAGES_AT_ONCE:
            self._write_waiting()

    def _write_waiting(self) -> None:
        try:
            if self._failure is None:
                _write_pages(self._db, self._waiting, self._reads)
        except (OSError, sqlite3.Error) as error:
            self._failure = error
        self._waiting = []

    def pages_added(self) -> None:
        """Every page's record is written: what numbered their reads is let go of (tens of
        megabytes on a large site, before the search index). A page added after still gets
        the numbers of the reads it shares with them, from the file."""
        self._write_waiting()
        self._reads = _Reads(self._db, fresh=False)

    def settle(self) -> None:
        """The reads written so far moved into the file's own tables, which index them (those
        of the pages, in the order of that index: each a row of a few numbers, 780,000 at
        10,000 projects), in one statement each; later reads go there directly. A failure is
        raised by `finish`."""
        if self._settled:
            return
        self._settled = True
        try:
            _settle(self._db)
        except (OSError, sqlite3.Error) as error:
            self._failure = self._failure or error
        release_free_memory()  # what SQLite freed, in this thread's own part of the C library's memory

    @contextlib.contextmanager
    def settling(self) -> Iterator[None]:
        """`settle` on a thread of its own while the caller goes on (SQLite lets go of Python's
        lock while it works); waited for on leaving. Nothing else may use the draft meanwhile."""
        thread = threading.Thread(target=self.settle, name="settling the state draft", daemon=True)
        thread.start()
        try:
            yield
        finally:
            thread.join()

    def finish(self, version: str, changes: StateChanges) -> None:
        """Everything else of `changes` written, and the file put in place of the old one."""
        try:
            self._write_waiting()
            self.settle()
            if self._failure is not None:
                raise self._failure
            with self._db:
                self._db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [
                        ("version", version),
                        ("output_dir", changes.output_dir),
                        ("facts", changes.facts),
                        ("links", changes.links_context),
                    ],
                )
                nothing = Known({}, frozenset(self.markdown), {}, {})
                _write_contents(self._db, changes, nothing, self._reads, whole=True)
            self._db.close()
            os.replace(self.temporary, self.path)
        except BaseException:
            self.abandon()
            raise

    def abandon(self) -> None:
        """The draft closed and removed (the state in use stays as it was)."""
        self._db.close()
        with contextlib.suppress(OSError):
            self.temporary.unlink(missing_ok=True)


def _settle(db: sqlite3.Connection) -> None:
    """The reads of `UNSETTLED` moved into the file's own tables, and its caches let go of (the
    search index, beside which it runs, makes the build's peak of memory)."""
    with db:
        db.execute("INSERT INTO main.reads SELECT * FROM temp.reads ORDER BY id")
        db.execute("INSERT INTO main.page_reads SELECT * FROM temp.page_reads ORDER BY read, page")
        db.execute("DROP TABLE temp.reads")
        db.execute("DROP TABLE temp.page_reads")
    db.execute("PRAGMA shrink_memory")


def write_whole(path: Path, version: str, changes: StateChanges) -> None:
    """A new state file with all of `changes`, put in place of the old one in one step."""
    StateDraft(path).finish(version, changes)


def write_changes(store: StateStore, changes: StateChanges, known: Known) -> None:
    """Only what differs from the store, in one transaction (old state or new, never a mix)."""
    db = store.connection
    with db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'output_dir'", (changes.output_dir,))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('facts', ?)", (changes.facts,))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('links', ?)", (changes.links_context,))
        old_pages = dict(db.execute("SELECT path, id FROM pages"))
        gone = [
            old_pages[path] for path in old_pages if path not in changes.pages or path in changes.rendered
        ]
        let_go: set[int] = set()  # reads the pages gone made: those no other page makes go too
        for batch in in_batches(gone):
            marks = ",".join("?" * len(batch))
            let_go.update(
                row[0] for row in db.execute(f"SELECT read FROM page_reads WHERE page IN ({marks})", batch)
            )
            db.execute(f"DELETE FROM page_reads WHERE page IN ({marks})", batch)
            db.execute(f"DELETE FROM pages WHERE id IN ({marks})", batch)
        _write_contents(db, changes, known, _Reads(db, fresh=False))
        _delete_unread(db, let_go)


def _delete_unread(db: sqlite3.Connection, reads: set[int]) -> None:
    """Of these reads, those no page makes any more deleted. Only the reads of pages deleted
    are looked at: every other read is made by a page still (a save leaves none that is not),
    and looking at each of a large site's hundreds of thousands took a good part of a save."""
    for batch in in_batches(sorted(reads)):
        marks = ",".join("?" * len(batch))
        unread = f"id IN ({marks}) AND NOT EXISTS (SELECT 1 FROM page_reads WHERE read = reads.id)"
        db.execute(f"DELETE FROM reads WHERE {unread}", batch)


def _write_contents(
    db: sqlite3.Connection,
    changes: StateChanges,
    known: Known,
    reads: _Reads,
    whole: bool = False,
) -> None:
    """`whole`: the file holds no other body's HTML than `known.markdown` (nothing to delete)."""
    for pages in in_batches([_Page(*page) for page in changes.rendered.items()], PAGES_AT_ONCE):
        _write_pages(db, pages, reads)
    _replace(db, "files", "path", changes.files, known.files, lambda path, v: (path, *v))
    _replace(db, "items", "url", changes.items, known.items, lambda url, v: (url, v))
    _replace(db, "item_digests", "path", changes.item_digests, known.item_digests, lambda p, v: (p, *v))
    _replace(db, "links", "path", changes.links, known.links, lambda p, v: (p, *v))
    _write_sources(db, changes.sources, known.sources)
    new_markdown = (  # the HTML of only those not kept yet is asked for
        (key, changes.markdown[key].decode("utf-8")) for key in changes.markdown if key not in known.markdown
    )
    db.executemany("INSERT INTO markdown VALUES (?, ?)", new_markdown)
    if whole:
        return
    unused = [key for key in known.markdown if key not in changes.markdown_keys]
    db.executemany("DELETE FROM markdown WHERE key = ?", [(key,) for key in unused])


def _write_pages(db: sqlite3.Connection, pages: Sequence[_Page], reads: _Reads) -> None:
    """Pages' records, numbered after the pages in the file and written in a few statements: a
    statement a row took seconds of a large site's build."""
    first = int(db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM pages").fetchone()[0])
    rows = [(first + n, page.path, page.record.fingerprint) for n, page in enumerate(pages)]
    db.executemany("INSERT INTO pages VALUES (?, ?, ?)", rows)
    page_reads = [(number, first + n) for n, page in enumerate(pages) for number in _numbers(page, reads)]
    reads.write_new()
    db.executemany("INSERT INTO page_reads VALUES (?, ?)", page_reads)


def _numbers(page: _Page, reads: _Reads) -> set[int]:
    """The numbers of every read the page made (each once)."""
    digest = page.attributes.digest
    numbers = {reads.number(read, page.record) for read in page.record.reads}
    numbers.update(reads.attribute_number(key, digest) for key in page.attributes.keys)
    return numbers


def _replace(
    db: sqlite3.Connection,
    table: str,
    column: str,
    new: Mapping[str, Any],
    old: Mapping[str, Any],
    row: Any,
) -> None:
    """Make `table` hold `new`, writing only the rows that differ from `old` (made one at a
    time as they are written: a row of `sources` holds a whole content file)."""
    gone = [(key,) for key in old if key not in new]
    db.executemany(f"DELETE FROM {table} WHERE {column} = ?", gone)
    changed = (row(key, value) for key, value in new.items() if old.get(key) != value)
    first = next(changed, None)
    if first is not None:
        marks = ",".join("?" * len(first))
        db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", itertools.chain([first], changed))


class _Reads:
    """Numbers of reads in the file: each distinct read once, shared by the pages that made it.

    `fresh`: the file holds no read yet, so the reads are numbered here and written together
    (`write_new`); else each is looked up in the file, and written if it is not there.

    A read of an item's attribute is the same in every page, and one build digests each
    attribute once: it is known here by its key alone, with its number (a large site's pages
    read some 140,000 attributes, and their digests and reads, kept until the last page,
    took tens of megabytes the process could not give back after)."""

    def __init__(self, db: sqlite3.Connection, fresh: bool) -> None:
        self._db, self._fresh = db, fresh
        self._new: list[tuple[int, str, str, str, str, str]] = []  # numbered, not written yet (`fresh`)
        self._last = 0  # the number of the last read numbered (`fresh`)
        self._numbers: dict[tuple[str, str, str, str, str], int] = {}
        self._attributes: dict[str, int] = {}  # an attribute read's key → its number

    def number(self, read: tuple[str, str, str], page: PageRecord) -> int:
        name, key, result = read
        if name == ATTRIBUTE_READ:
            return self.attribute_number(key, lambda _: result)
        row = (name, key, page.language, page.item, result)
        found = self._numbers.get(row)
        if found is None:
            found = self._numbers[row] = self._stored(row)
        return found

    def attribute_number(self, key: str, digest: AttributeDigest) -> int:
        """The number of the read of an item's attribute named by `key`, digested by `digest`
        only if it has none yet."""
        found = self._attributes.get(key)
        if found is None:
            row = (ATTRIBUTE_READ, key, "", str(json.loads(key)[0]), digest(key))
            found = self._attributes[key] = self._stored(row)
        return found

    def write_new(self) -> None:
        """The reads numbered since the last call written to the file (`fresh`)."""
        self._db.executemany("INSERT INTO reads VALUES (?, ?, ?, ?, ?, ?)", self._new)
        self._new = []

    def _stored(self, row: tuple[str, str, str, str, str]) -> int:
        if self._fresh:
            self._last += 1
            self._new.append((self._last, *row))
            return self._last
        existing = self._db.execute(
            "SELECT id FROM reads WHERE name = ? AND key = ? AND language = ? AND item = ? AND digest = ?",
            row,
        ).fetchone()
        if existing is not None:
            return int(existing[0])
        cursor = self._db.execute(
            "INSERT INTO reads (name, key, language, item, digest) VALUES (?, ?, ?, ?, ?)", row
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid


def _write_sources(db: sqlite3.Connection, kept: Mapping[str, KeptFile], known: Mapping[str, str]) -> None:
    """The content files whose key changed or that were not taken from the state as kept there
    (a damaged entry is replaced), each as `content.kept` encodes it (made one at a
    time as they are written: a row holds a whole content file); one that cannot be encoded is
    left out, and read again by the next build."""
    changed = {path for path, file in kept.items() if known.get(path) != file.key or not file.as_stored}
    gone = [path for path in known if path not in kept or path in changed]
    db.executemany("DELETE FROM sources WHERE path = ?", [(path,) for path in gone])
    entries = ((path, kept_entry(kept[path])) for path in sorted(changed))
    rows = (
        (path, kept[path].signature, kept[path].key, entry) for path, entry in entries if entry is not None
    )
    db.executemany("INSERT INTO sources VALUES (?, ?, ?, ?)", rows)
