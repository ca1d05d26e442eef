"""The state between builds in one SQLite file: read on demand, written in one transaction.

What a build needs of the last one is looked up when it is needed: the fingerprint of every
page (short), the calls pages made, the attribute reads of the items that changed, and through
the *reverse index* (`page_reads`: from each recorded read to the pages that made it) only the
pages whose reads now give something else. A page no read of which changed is kept without
its record ever being loaded. The calls are not read at all when the site's facts (everything
they follow from, kept in `meta`) are those they were recorded against; and the digests of each
item are kept with what it was made of (`item_digests`), so that only the items of the files that
changed are digested again. Each body's rewritten links are kept with what they relied on
(`links`, see `linked`), so that only bodies whose links may have changed are rewritten.

Saving writes what changed: the records of the pages rendered, the files, bodies and sources
that differ, all in one transaction, so that a build killed at any moment leaves the old state
or the new one. When most pages were rendered (a clean build, a template changed) a new file
is written whole next to the old one and put in its place in one step.

A file that is not an SQLite database, is damaged, or holds another version's tables is
ignored (`StateUnreadable`): the build renders everything, as a clean build would.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from infoblokk.content.kept import KeptFile, StoredFile, kept_entry
from infoblokk.render.linked import LinkedBody

SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE pages (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, fingerprint TEXT NOT NULL)",
    "CREATE TABLE reads (id INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL, "
    "language TEXT NOT NULL, item TEXT NOT NULL, digest TEXT NOT NULL, "
    "UNIQUE (name, key, language, item, digest))",
    "CREATE INDEX reads_by_item ON reads (item)",
    "CREATE TABLE page_reads (read INTEGER NOT NULL, page INTEGER NOT NULL, PRIMARY KEY (read, page)) "
    "WITHOUT ROWID",
    "CREATE INDEX page_reads_by_page ON page_reads (page)",
    "CREATE TABLE items (url TEXT PRIMARY KEY, digest TEXT NOT NULL)",
    "CREATE TABLE files (path TEXT PRIMARY KEY, digest TEXT NOT NULL, size INTEGER NOT NULL, "
    "mtime_ns INTEGER NOT NULL)",
    "CREATE TABLE markdown (key TEXT PRIMARY KEY, html TEXT NOT NULL)",
    "CREATE TABLE sources (path TEXT PRIMARY KEY, signature TEXT NOT NULL, key TEXT NOT NULL, "
    "entry BLOB NOT NULL)",
    "CREATE TABLE item_digests (path TEXT PRIMARY KEY, key TEXT NOT NULL, whole TEXT NOT NULL, "
    "facts TEXT NOT NULL)",
    "CREATE TABLE links (path TEXT PRIMARY KEY, key TEXT NOT NULL, replacements TEXT NOT NULL, "
    "sources TEXT NOT NULL, images TEXT NOT NULL)",
)
ATTRIBUTE_READ = "@attribute"  # as `tracking` names a read of an item's attribute


class StateUnreadable(Exception):
    """The state file is not one this version wrote, or is damaged: it is not to be trusted."""


class StoredRead(NamedTuple):
    """A read as the last build recorded it, with the page context it was made in (a named
    tuple: tens of thousands are read in a rebuild)."""

    id: int
    name: str
    key: str
    language: str  # the language of the pages that made it ("" for an attribute read)
    item: str  # the url of the item of the pages that made it; for an attribute read, the item read
    digest: str


@dataclass(frozen=True)
class PageRecord:
    """What one rendered page read: its fingerprint, and its reads in their page context."""

    fingerprint: str
    language: str
    item: str  # the url of the page's own item, "" for a page without one
    reads: tuple[tuple[str, str, str], ...]  # (name, arguments as JSON, digest)


class ItemDigests(NamedTuple):
    """The digests of the item made of one source file, and what they were made from."""

    key: str  # the file's signature with everything else the item was made of (`site.item_keys`)
    whole: str
    facts: str


@dataclass(frozen=True)
class StateChanges:
    """What a build leaves for the next one, as a difference from what it started with."""

    output_dir: str
    rendered: Mapping[str, PageRecord]  # pages rendered now, by output path
    pages: frozenset[str]  # every page of the site now (kept ones too)
    items: Mapping[str, str]  # every item's url → digest of all it holds
    files: Mapping[str, tuple[str, int, int]]  # every output file → (digest, size, mtime_ns)
    markdown: Mapping[str, bytes]  # bodies' key → HTML (UTF-8): every one not in the store or draft yet
    sources: Mapping[str, KeptFile]  # every content file read, as kept for the next build, by path
    facts: str = ""  # digest of what the recorded calls follow from (`fingerprints.Fingerprints.site_facts`)
    item_digests: Mapping[str, ItemDigests] = field(default_factory=dict)  # by source path
    links: Mapping[str, LinkedBody] = field(default_factory=dict)  # each body's rewrite, by source path
    links_context: str = ""  # what every link could lead to when they were made (`linked.links_context`)
    markdown_keys: frozenset[str] = frozenset()  # every body's key (the HTML of others is deleted)


@dataclass(frozen=True)
class Known:
    """What the store holds already, as the build read it: the rows a save need not write."""

    files: Mapping[str, tuple[str, int, int]]
    markdown: frozenset[str]
    sources: Mapping[str, str]  # path → key (`KeptFile.key`)
    items: Mapping[str, str]
    item_digests: Mapping[str, ItemDigests] = field(default_factory=dict)
    links: Mapping[str, LinkedBody] = field(default_factory=dict)


def open_store(path: Path, version: str) -> StateStore:
    """The store at `path`; StateUnreadable unless this version wrote it and it is whole."""
    try:
        identity = path.stat().st_ino
        connection = sqlite3.connect(f"file:{path}?mode=rw", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error) as error:
        raise StateUnreadable(str(error)) from None
    try:
        tables = [row[0] for row in connection.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")]
        if sorted(tables) != sorted(SCHEMA):
            raise StateUnreadable("other tables")
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        if meta.get("version") != version or "output_dir" not in meta:
            raise StateUnreadable("other version")
    except (sqlite3.Error, StateUnreadable) as error:
        connection.close()
        raise StateUnreadable(str(error)) from None
    return StateStore(
        path, connection, meta["output_dir"], identity, meta.get("facts", ""), meta.get("links", "")
    )


class StateStore:
    """The last build's state, read from its file when asked. Every read raises StateUnreadable
    if the file turns out to be damaged."""

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        output_dir: str,
        identity: int,
        facts: str = "",
        links_context: str = "",
    ) -> None:
        self.path, self._db, self.output_dir = path, connection, output_dir
        self.identity = identity  # the file's inode when opened: a file put in its place is another
        self.facts = facts  # what every recorded call's digest was made against (see StateChanges)
        self.links_context = links_context  # what the kept rewrites of links were made against

    def _rows(self, query: str, parameters: Iterable[Any] = ()) -> list[Any]:
        try:
            return self._db.execute(query, tuple(parameters)).fetchall()
        except sqlite3.Error as error:
            raise StateUnreadable(str(error)) from None

    def fingerprints(self) -> dict[str, str]:
        return dict(self._rows("SELECT path, fingerprint FROM pages"))

    def files(self) -> dict[str, tuple[str, int, int]]:
        return {path: (d, int(s), int(m)) for path, d, s, m in self._rows("SELECT * FROM files")}

    def markdown(self) -> StoredMarkdown:
        """Every body's HTML by its key, as UTF-8, each read from the file when asked for (a
        large site's take tens of megabytes, and a build needs each once)."""
        return StoredMarkdown(self)

    def markdown_of(self, key: str) -> bytes | None:
        rows = self._rows("SELECT CAST(html AS BLOB) FROM markdown WHERE key = ?", (key,))
        return bytes(rows[0][0]) if rows else None

    def markdown_keys(self) -> list[str]:
        return [row[0] for row in self._rows("SELECT key FROM markdown")]

    def sources(self) -> dict[str, StoredFile]:
        """Each content file as kept (`content.kept`), by path; decoded when it is used."""
        return {path: StoredFile(*rest) for path, *rest in self._rows("SELECT * FROM sources")}

    def source_keys(self) -> dict[str, str]:
        return dict(self._rows("SELECT path, key FROM sources"))

    def items(self) -> dict[str, str]:
        return dict(self._rows("SELECT url, digest FROM items"))

    def item_digests(self) -> dict[str, ItemDigests]:
        return {path: ItemDigests(*rest) for path, *rest in self._rows("SELECT * FROM item_digests")}

    def links(self) -> dict[str, LinkedBody]:
        return {path: LinkedBody(*rest) for path, *rest in self._rows("SELECT * FROM links")}

    def calls(self) -> list[StoredRead]:
        """Every distinct call pages made (not attribute reads), with the context it was made in."""
        rows = self._rows("SELECT * FROM reads WHERE name != ?", (ATTRIBUTE_READ,))
        return list(map(StoredRead._make, rows))

    def attribute_reads(self, urls: Iterable[str]) -> list[StoredRead]:
        """The attribute reads pages made of these items."""
        found: list[StoredRead] = []
        for batch in _batches(sorted(urls)):
            marks = ",".join("?" * len(batch))
            query = f"SELECT * FROM reads WHERE item IN ({marks}) AND name = ?"
            found.extend(map(StoredRead._make, self._rows(query, (*batch, ATTRIBUTE_READ))))
        return found

    def pages_reading(self, read_ids: Iterable[int]) -> set[str]:
        """The pages that made any of these reads (the reverse index)."""
        pages: set[str] = set()
        for batch in _batches(sorted(set(read_ids))):
            marks = ",".join("?" * len(batch))
            query = (
                "SELECT DISTINCT pages.path FROM page_reads JOIN pages ON pages.id = page_reads.page "
                f"WHERE page_reads.read IN ({marks})"
            )
            pages.update(row[0] for row in self._rows(query, batch))
        return pages

    def close(self) -> None:
        self._db.close()


class StoredMarkdown(Mapping[str, bytes]):
    """The bodies' HTML the last build kept, by key: the keys read at once, each HTML when asked."""

    def __init__(self, store: StateStore) -> None:
        self._store = store
        self._keys = frozenset(store.markdown_keys())

    def __getitem__(self, key: str) -> bytes:
        found = self._store.markdown_of(key) if key in self._keys else None
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    @property
    def keys_kept(self) -> frozenset[str]:
        return self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _batches(values: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


class StateDraft:
    """A new state file, written beside the one in use while the build runs.

    Each body's HTML goes in as soon as Markdown made it (`add_markdown`), so that a large
    site's bodies need not wait in memory until the build ends, and so does each page's record
    (`add_page`, given by `render_pages`); `finish` adds the rest and puts the file in place of
    the old one in one step. Until then the file has no `meta` rows, which
    `open_store` requires: a draft left by a build that failed or was killed is never read as a
    state, and the next draft replaces it. `abandon` removes it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temporary = path.with_name(path.name + ".new")
        self.temporary.unlink(missing_ok=True)
        self._db = sqlite3.connect(self.temporary, check_same_thread=False)
        self.markdown: set[str] = set()  # the keys of the bodies' HTML written
        self._reads = _Reads(self._db, fresh=True)  # of the pages' records written
        self._failure: OSError | sqlite3.Error | None = None  # of `add_page`, raised by `finish`
        try:
            with self._db:
                for statement in SCHEMA:
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

    def add_page(self, path: str, record: PageRecord) -> None:
        """One page's record, written as soon as the page is made instead of kept in memory
        until the build ends (`finish` commits it). A failure is raised by `finish`, in its
        turn: the state only makes the next build faster, and the build goes on."""
        if self._failure is not None:
            return
        try:
            _write_page(self._db, path, record, self._reads)
        except (OSError, sqlite3.Error) as error:
            self._failure = error

    def pages_added(self) -> None:
        """Every page's record is written: what numbered their reads is let go of (tens of
        megabytes on a large site, before the search index). A page added after still gets
        the numbers of the reads it shares with them, from the file."""
        self._reads = _Reads(self._db, fresh=False)

    def finish(self, version: str, changes: StateChanges) -> None:
        """Everything else of `changes` written, and the file put in place of the old one."""
        try:
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


def write_whole(path: Path, version: str, changes: StateChanges) -> None:
    """A new state file with all of `changes`, put in place of the old one in one step."""
    StateDraft(path).finish(version, changes)


def write_changes(store: StateStore, changes: StateChanges, known: Known) -> None:
    """Only what differs from the store, in one transaction (old state or new, never a mix)."""
    db = store._db
    with db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'output_dir'", (changes.output_dir,))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('facts', ?)", (changes.facts,))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('links', ?)", (changes.links_context,))
        old_pages = dict(db.execute("SELECT path, id FROM pages"))
        gone = [
            old_pages[path] for path in old_pages if path not in changes.pages or path in changes.rendered
        ]
        for batch in _batches(gone):
            marks = ",".join("?" * len(batch))
            db.execute(f"DELETE FROM page_reads WHERE page IN ({marks})", batch)
            db.execute(f"DELETE FROM pages WHERE id IN ({marks})", batch)
        _write_contents(db, changes, known, _Reads(db, fresh=False))
        db.execute("DELETE FROM reads WHERE NOT EXISTS (SELECT 1 FROM page_reads WHERE read = reads.id)")


def _write_contents(
    db: sqlite3.Connection,
    changes: StateChanges,
    known: Known,
    reads: _Reads,
    whole: bool = False,
) -> None:
    """`whole`: the file holds no other body's HTML than `known.markdown` (nothing to delete)."""
    for path, record in changes.rendered.items():
        _write_page(db, path, record, reads)
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


def _write_page(db: sqlite3.Connection, path: str, record: PageRecord, reads: _Reads) -> None:
    page = db.execute("INSERT INTO pages (path, fingerprint) VALUES (?, ?)", (path, record.fingerprint))
    numbers = {reads.number(read, record) for read in record.reads}
    db.executemany("INSERT INTO page_reads VALUES (?, ?)", [(n, page.lastrowid) for n in numbers])


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
    """Numbers of reads in the file: each distinct read once, shared by the pages that made it."""

    def __init__(self, db: sqlite3.Connection, fresh: bool) -> None:
        self._db, self._fresh = db, fresh
        self._numbers: dict[tuple[str, str, str, str, str], int] = {}
        self._attributes: dict[tuple[str, str, str], int] = {}  # an attribute's read → its number

    def number(self, read: tuple[str, str, str], page: PageRecord) -> int:
        name, key, result = read
        if name == ATTRIBUTE_READ:  # the same in every page: known by the read alone
            found = self._attributes.get(read)
            if found is None:
                row = (name, key, "", str(json.loads(key)[0]), result)
                found = self._attributes[read] = self._stored(row)
            return found
        row = (name, key, page.language, page.item, result)
        found = self._numbers.get(row)
        if found is None:
            found = self._numbers[row] = self._stored(row)
        return found

    def _stored(self, row: tuple[str, str, str, str, str]) -> int:
        if not self._fresh:
            existing = self._db.execute(
                "SELECT id FROM reads "
                "WHERE name = ? AND key = ? AND language = ? AND item = ? AND digest = ?",
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
