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

Saving (`state_writing`) writes what changed: the records of the pages rendered, the files,
bodies and sources that differ, all in one transaction, so that a build killed at any moment
leaves the old state or the new one. When most pages were rendered (a clean build, a template
changed) a new file is written whole next to the old one and put in its place in one step.

A file that is not an SQLite database, is damaged, or holds another version's tables is
ignored (`StateUnreadable`): the build renders everything, as a clean build would.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from infoblokk.content.kept import KeptFile, StoredFile
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
    "sources TEXT NOT NULL, images TEXT NOT NULL, shows_images INTEGER NOT NULL)",
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

    @property
    def connection(self) -> sqlite3.Connection:
        """The open file, for `state_writing.write_changes`; reads go through the methods here."""
        return self._db

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
        rows = self._rows("SELECT * FROM links")
        return {
            path: LinkedBody(key, made, sources, images, bool(shows))
            for path, key, made, sources, images, shows in rows
        }

    def calls(self) -> list[StoredRead]:
        """Every distinct call pages made (not attribute reads), with the context it was made in."""
        rows = self._rows("SELECT * FROM reads WHERE name != ?", (ATTRIBUTE_READ,))
        return list(map(StoredRead._make, rows))

    def attribute_reads(self, urls: Iterable[str]) -> list[StoredRead]:
        """The attribute reads pages made of these items."""
        found: list[StoredRead] = []
        for batch in in_batches(sorted(urls)):
            marks = ",".join("?" * len(batch))
            query = f"SELECT * FROM reads WHERE item IN ({marks}) AND name = ?"
            found.extend(map(StoredRead._make, self._rows(query, (*batch, ATTRIBUTE_READ))))
        return found

    def pages_reading(self, read_ids: Iterable[int]) -> set[str]:
        """The pages that made any of these reads (the reverse index)."""
        pages: set[str] = set()
        for batch in in_batches(sorted(set(read_ids))):
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


def in_batches(values: list[Any], size: int = 500) -> Iterator[list[Any]]:
    """`values` a few hundred at a time (SQLite takes a limited number of parameters a query)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
