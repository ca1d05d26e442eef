"""The site search index: pages given as bytes to Pagefind's service, its files returned for the writer.

Needs the Pagefind binary (the pagefind-bin package); without it these tests are skipped, and
with CI=true they fail instead, like the browser tests.
"""

from __future__ import annotations

import base64
import gzip
import json
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import cast

import pytest

from infoblokk.errors import BuildCancelled, BuildFailed, Problem
from infoblokk.layout import SEARCH_FOLDER, search_url
from infoblokk.messages import Text
from infoblokk.output import OutputFile, Spool
from infoblokk.outputs import pagefind_service
from infoblokk.outputs.pagefind_service import pagefind_version
from infoblokk.outputs.search import (
    ENTRY_FILE,
    UNUSED_FILES,
    indexed_languages,
    pages_for_search,
    search_cache_dir,
    search_files,
    search_index_of,
)
from tests.helpers import require_pagefind


@pytest.fixture
def pagefind() -> None:
    """Skips (or, with CI=true, fails) the test when there is no Pagefind binary."""
    require_pagefind()


def page(title: str, body: str, lang: str | None = "hu", marked: bool = True) -> bytes:
    language = f' lang="{lang}"' if lang else ""
    mark = " data-pagefind-body" if marked else ""
    return (
        f"<!DOCTYPE html><html{language}><head><title>{title}</title></head><body>"
        f"<header>Fejléc, amelyet a keresés nem lát</header>"
        f"<main{mark}><h1>{title}</h1>{body}</main></body></html>"
    ).encode()


ZALA = page(
    "Zala megyei felzárkózás-politikai együttműködések",
    "<dl><div><dt>Projekt azonosító száma</dt><dd>EFOP-1.6.3.-17-2017-00004</dd></div></dl>"
    "<p>A helyi esélyegyenlőségi programok összehangolása.</p>",
)
SOMOGY = page("Somogy megyei együttműködés", "<p>Felzárkózás a településeken.</p>")
PAGES = [("projektek/zala/index.html", ZALA), ("projektek/somogy/index.html", SOMOGY)]


def contents(files: tuple[OutputFile, ...]) -> dict[str, bytes]:
    return {str(file.path): file.content for file in files}


def fragments(files: tuple[OutputFile, ...]) -> list[dict[str, object]]:
    """The indexed pages as Pagefind stores them: gzip, a signature, then JSON."""
    found = []
    for file in files:
        if file.path.parent.name == "fragment":
            data = gzip.decompress(file.content)
            found.append(json.loads(data[data.index(b"{") :]))
    return found


# --------------------------------------------------------------------------
# What comes out
# --------------------------------------------------------------------------


@pytest.mark.usefixtures("pagefind")
def test_index_files_go_under_pagefind_with_the_script_the_page_imports() -> None:
    files = search_files(PAGES, "hu")
    paths = [file.path for file in files]
    assert all(path.parts[0] == SEARCH_FOLDER for path in paths)
    names = {path.name for path in paths}
    assert {"pagefind.js", "pagefind-worker.js", ENTRY_FILE, "wasm.hu.pagefind"} <= names
    assert not names & UNUSED_FILES, "Pagefind's own interfaces are left out: the theme has its own"
    assert paths == sorted(paths)


@pytest.mark.usefixtures("pagefind")
def test_the_same_pages_give_byte_identical_files() -> None:
    first = search_files(PAGES, "hu")
    again = search_files(list(reversed(PAGES)), "hu")
    assert contents(first) == contents(again)


@pytest.mark.usefixtures("pagefind")
def test_entry_file_is_stable_though_pagefind_orders_languages_at_random() -> None:
    pages = [*PAGES, ("en/projects/zala/index.html", page("Cooperation in Zala County", "", lang="en"))]
    entries = {contents(search_files(pages, "hu"))[f"{SEARCH_FOLDER}/{ENTRY_FILE}"] for _ in range(4)}
    assert len(entries) == 1
    assert list(json.loads(entries.pop())["languages"]) == ["en", "hu"]


@pytest.mark.usefixtures("pagefind")
def test_each_page_is_indexed_in_the_language_of_its_html_element() -> None:
    pages = [*PAGES, ("en/projects/zala/index.html", page("Cooperation in Zala County", "", lang="en"))]
    assert indexed_languages(search_files(pages, "hu")) == {"en": 1, "hu": 2}


@pytest.mark.usefixtures("pagefind")
def test_page_without_a_language_is_indexed_in_the_sites() -> None:
    pages = [("proiecte/zala/index.html", page("Cooperare în județul Zala", "", lang=None))]
    assert indexed_languages(search_files(pages, "ro")) == {"ro": 1}


@pytest.mark.usefixtures("pagefind")
def test_only_marked_main_content_is_indexed() -> None:
    listing = ("projektek/index.html", page("Projektek", "<p>Lista</p>", marked=False))
    files = search_files([*PAGES, listing], "hu")
    assert indexed_languages(files) == {"hu": 2}
    indexed = fragments(files)
    urls = sorted(str(f["url"]) for f in indexed)
    assert urls == ["/projektek/somogy/index.html", "/projektek/zala/index.html"]
    assert not any("Fejléc" in str(f["content"]) for f in indexed), "the header is outside <main>"


@pytest.mark.usefixtures("pagefind")
def test_a_mark_written_in_capitals_counts_too() -> None:
    """HTML attribute names are case-insensitive, for Pagefind as for the page choosing here."""
    shouting = page("Vas megyei projekt", "<p>Vas</p>").replace(b"data-pagefind-body", b"DATA-PAGEFIND-BODY")
    listing = ("projektek/index.html", page("Projektek", "<p>Lista</p>", marked=False))
    files = search_files([*PAGES, ("projektek/vas/index.html", shouting), listing], "hu")
    assert indexed_languages(files) == {"hu": 3}


@pytest.mark.usefixtures("pagefind")
def test_the_mark_counts_only_as_an_attribute_of_a_tag() -> None:
    """A page that only names the mark in its text, before or after a real one elsewhere on
    it, is chosen only where a tag carries it."""
    named = page("Tolna", "<p>A data-pagefind-body jelölés</p>", marked=False)
    both = page("Baranya megyei projekt", "<p>Baranya</p>").replace(b"<body>", b"<body>data-pagefind-body ")
    capitals_after_text = page("Fejér megyei projekt", "<p>Fejér</p>").replace(
        b"<main data-pagefind-body>", b"<p>data-pagefind-body</p><main DATA-PAGEFIND-BODY>"
    )
    chosen = [("projektek/baranya/index.html", both), ("projektek/fejer/index.html", capitals_after_text)]
    files = search_files([*PAGES, *chosen, ("projektek/tolna/index.html", named)], "hu")
    urls = sorted(str(f["url"]) for f in fragments(files))
    assert urls == [f"/projektek/{name}/index.html" for name in ("baranya", "fejer", "somogy", "zala")]


@pytest.mark.usefixtures("pagefind")
def test_result_addresses_keep_index_html_as_the_sites_links_do() -> None:
    urls = {str(f["url"]) for f in fragments(search_files(PAGES, "hu"))}
    assert "/projektek/zala/index.html" in urls


@pytest.mark.usefixtures("pagefind")
def test_a_label_and_its_value_stay_separate_words() -> None:
    """`<dt>…száma</dt><dd>EFOP-…</dd>` must not become one word "számaEFOP-…"."""
    zala = next(f for f in fragments(search_files(PAGES, "hu")) if "zala" in str(f["url"]))
    assert "száma EFOP-1.6.3.-17-2017-00004" in str(zala["content"])


@pytest.mark.usefixtures("pagefind")
def test_changing_one_page_leaves_the_other_pages_files_alone() -> None:
    before = contents(search_files(PAGES, "hu"))
    edited = page("Somogy megyei együttműködés", "<p>Felzárkózás a kistelepüléseken.</p>")
    after = contents(search_files([PAGES[0], ("projektek/somogy/index.html", edited)], "hu"))
    changed = {path for path, data in after.items() if before.get(path) != data}
    assert changed, "the index must change with the page"
    assert len(changed) < len(after) / 2
    zala_fragments = [p for p, d in before.items() if "fragment" in p and b"zala" in gzip.decompress(d)]
    assert all(after.get(p) == before[p] for p in zala_fragments)


@pytest.mark.usefixtures("pagefind")
def test_an_index_larger_than_one_read_comes_back_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind answers with the whole index in one message, read here in many parts."""
    monkeypatch.setattr(pagefind_service, "READ_SIZE", 4096)
    words = " ".join(f"szó{number}" for number in range(100))
    pages = [(f"projektek/p{n}/index.html", page(f"Projekt {n}", f"<p>{words} {n}</p>")) for n in range(60)]
    files = search_files(pages, "hu")
    assert sum(len(file.content) for file in files) > 10 * pagefind_service.READ_SIZE
    assert indexed_languages(files) == {"hu": 60}
    assert len(fragments(files)) == 60


@pytest.mark.usefixtures("pagefind")
def test_no_pages_no_index() -> None:
    assert search_files([], "hu") == ()


@pytest.mark.usefixtures("pagefind")
def test_a_path_outside_the_site_is_refused() -> None:
    with pytest.raises(ValueError, match="not a path inside the site"):
        search_files([("../kint/index.html", ZALA)], "hu")


# --------------------------------------------------------------------------
# Parts
# --------------------------------------------------------------------------

MANY = [
    (f"projektek/p{n:02}/index.html", page(f"Projekt {n}", f"<p>Település{n} fejlesztése</p>"))
    for n in range(12)
]


@pytest.mark.usefixtures("pagefind")
def test_parts_made_at_once_are_byte_for_byte_those_made_one_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("infoblokk.outputs.search.SERVICES_AT_ONCE", 1)
    one_at_a_time = search_files(MANY, "hu", part_pages=3)
    monkeypatch.setattr("infoblokk.outputs.search.SERVICES_AT_ONCE", 4)
    at_once = search_files(MANY, "hu", part_pages=3)
    assert at_once == one_at_a_time
    parts = json.loads(contents(at_once)[f"{SEARCH_FOLDER}/infoblokk-parts.json"])["parts"]
    assert parts == ["part-1/", "part-2/", "part-3/"]
    assert indexed_languages(at_once) == {"hu": 12}


@pytest.mark.usefixtures("pagefind")
def test_a_part_made_again_alone_is_the_one_made_with_the_others(tmp_path: Path) -> None:
    first = search_files(MANY, "hu", tmp_path, part_pages=3)
    (tmp_path / "index-2.zip").unlink()
    assert search_files(MANY, "hu", tmp_path, part_pages=3) == first


def test_one_failing_part_stops_the_others_with_one_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first Pagefind started fails; the others would work for a minute, but are stopped."""
    first = tmp_path / "first"
    script = (
        f"if mkdir '{first}' 2>/dev/null; then echo 'Error: something broke' >&2; exit 1; fi\nexec sleep 60"
    )
    fake_pagefind(tmp_path, script, monkeypatch)
    monkeypatch.setattr("infoblokk.outputs.search.SERVICES_AT_ONCE", 4)
    threads = threading.active_count()
    started = time.monotonic()
    with pytest.raises(BuildFailed, match="Pagefind said: Error: something broke") as failure:
        search_files(MANY, "hu", part_pages=3)
    assert len(failure.value.problems) == 1
    assert time.monotonic() - started < 30
    assert threading.active_count() == threads


class FullSpool:
    """A spool that takes one file, then fails as a full disk would."""

    def __init__(self) -> None:
        self.taken = 0

    def keep(self, path: PurePosixPath, content: bytes) -> OutputFile:
        self.taken += 1
        if self.taken > 1:
            raise BuildFailed((Problem(Text("the disk is full")),))
        return OutputFile(path, content)


@pytest.mark.usefixtures("pagefind")
@pytest.mark.parametrize("part_pages", [3, 100], ids=["kept while the next part is made", "one part"])
def test_a_part_that_cannot_be_kept_fails_the_index_and_leaves_no_thread(
    tmp_path: Path, part_pages: int
) -> None:
    """Parts are kept (cached, spooled) while the next part is made: a failure there still ends
    the build with its problem, and the parts made before it stay in the cache."""
    threads = threading.active_count()
    with pytest.raises(BuildFailed, match="the disk is full"):
        search_index_of(MANY, "hu", tmp_path, part_pages=part_pages, spool=cast(Spool, FullSpool()))
    assert threading.active_count() == threads
    assert (tmp_path / "index.zip").is_file()


@pytest.mark.usefixtures("pagefind")
def test_parts_kept_while_the_next_is_made_are_those_made_one_by_one(tmp_path: Path) -> None:
    spool_dir, output_dir = tmp_path / "spool", tmp_path / "public"
    with Spool(spool_dir, output_dir) as spool:
        spooled = search_index_of(MANY, "hu", tmp_path / "cache", part_pages=3, spool=spool)
        assert contents(tuple(OutputFile(f.path, f.content) for f in spooled.files)) == contents(
            search_files(MANY, "hu", part_pages=3)
        )


# --------------------------------------------------------------------------
# The cache
# --------------------------------------------------------------------------


@pytest.mark.usefixtures("pagefind")
def test_the_same_pages_reuse_the_cached_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = search_files(PAGES, "hu", tmp_path)

    monkeypatch.setattr(pagefind_service, "_ask", lambda *arguments: pytest.fail("Pagefind ran again"))
    assert search_files(PAGES, "hu", tmp_path) == first


@pytest.mark.usefixtures("pagefind")
def test_parts_cached_without_the_files_that_name_their_keys_are_reused_and_named_from_then_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache kept by an earlier infoblokk has no key files beside its parts: its parts are
    still reused (each read to know its key), not made again, and named from then on."""
    first = search_files(MANY, "hu", tmp_path, part_pages=3)
    named = sorted(path.name for path in tmp_path.glob("*.key"))
    assert named == sorted(f"{path.name}.key" for path in tmp_path.glob("index*.zip")) and len(named) > 1
    for key_file in tmp_path.glob("*.key"):
        key_file.unlink()
    monkeypatch.setattr(pagefind_service, "_ask", lambda *arguments: pytest.fail("Pagefind ran again"))
    assert search_files(MANY, "hu", tmp_path, part_pages=3) == first
    assert sorted(path.name for path in tmp_path.glob("*.key")) == named


@pytest.mark.usefixtures("pagefind")
def test_a_part_whose_key_file_names_another_key_is_made_again_or_reused_as_its_zip_says(
    tmp_path: Path,
) -> None:
    first = search_files(MANY, "hu", tmp_path, part_pages=3)
    (tmp_path / "index-1.zip.key").write_text("0" * 64, encoding="ascii")  # not the part's key
    (tmp_path / "index-2.zip").unlink()  # its key file says it is there
    assert search_files(MANY, "hu", tmp_path, part_pages=3) == first


@pytest.mark.usefixtures("pagefind")
def test_the_key_files_of_parts_the_index_no_longer_has_go_with_them(tmp_path: Path) -> None:
    search_files(MANY, "hu", tmp_path, part_pages=3)
    search_files(MANY[:3], "hu", tmp_path, part_pages=3)
    assert sorted(path.name for path in tmp_path.iterdir() if "index" in path.name) == [
        "index.zip",
        "index.zip.key",
    ]


@pytest.mark.usefixtures("pagefind")
def test_a_changed_page_builds_the_index_anew(tmp_path: Path) -> None:
    search_files(PAGES, "hu", tmp_path)
    edited = [PAGES[0], ("projektek/somogy/index.html", page("Somogy", "<p>Új szöveg.</p>"))]
    assert search_files(edited, "hu", tmp_path) == search_files(edited, "hu")


@pytest.mark.usefixtures("pagefind")
def test_another_language_builds_the_index_anew(tmp_path: Path) -> None:
    pages = [("a/index.html", page("Cím", "", lang=None))]
    search_files(pages, "hu", tmp_path)
    assert indexed_languages(search_files(pages, "ro", tmp_path)) == {"ro": 1}


@pytest.mark.usefixtures("pagefind")
def test_a_changed_page_outside_the_index_keeps_the_cached_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = ("projektek/index.html", page("Projektek", "<p>2 projekt</p>", marked=False))
    first = search_files([*PAGES, listing], "hu", tmp_path)
    monkeypatch.setattr(pagefind_service, "_ask", lambda *arguments: pytest.fail("Pagefind ran again"))
    changed = ("projektek/index.html", page("Projektek", "<p>3 projekt</p>", marked=False))
    assert search_files([*PAGES, changed], "hu", tmp_path) == first


@pytest.mark.usefixtures("pagefind")
@pytest.mark.parametrize("spoil", ["garbage", "truncated", "flipped"])
def test_a_spoiled_cache_is_not_trusted(tmp_path: Path, spoil: str) -> None:
    first = search_files(PAGES, "hu", tmp_path)
    cached = tmp_path / "index.zip"
    data = bytearray(cached.read_bytes())
    if spoil == "garbage":
        data = bytearray(b"not a zip file")
    elif spoil == "truncated":
        data = data[: len(data) // 2]
    else:
        for offset in range(200, len(data) - 200, 997):  # bytes inside members and headers
            data[offset] ^= 0xFF
    cached.write_bytes(bytes(data))
    assert search_files(PAGES, "hu", tmp_path) == first


def test_the_cache_lives_with_the_builds_other_state(tmp_path: Path) -> None:
    assert search_cache_dir(tmp_path) == tmp_path / ".infoblokk-cache" / "search"


# --------------------------------------------------------------------------
# The binary
# --------------------------------------------------------------------------


@pytest.mark.usefixtures("pagefind")
def test_the_binary_answers_its_version() -> None:
    version = pagefind_version()
    assert version is not None and version.split(".")[0] == "1", version


def test_a_missing_binary_is_a_problem_with_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(BuildFailed) as failure:
        search_files(PAGES, "hu")
    problem = failure.value.problems[0]
    assert "Pagefind is missing" in problem.message
    assert problem.hint and "pip install pagefind-bin" in problem.hint


def fake_pagefind(folder: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shell script in place of the binary (`exec` so that stopping it stops the script)."""
    fake = folder / "pagefind"
    fake.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))


def test_a_failing_binary_is_a_problem_that_quotes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_pagefind(tmp_path, "echo 'Error: something broke' >&2\nexit 1", monkeypatch)
    with pytest.raises(BuildFailed, match="Pagefind said: Error: something broke"):
        search_files(PAGES, "hu")


def test_an_error_answer_is_a_problem_that_quotes_it_without_waiting_for_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = {"message_id": 2, "payload": {"type": "Error", "message": "bad page", "original_message": None}}
    answer = base64.b64encode(json.dumps(error).encode()).decode() + ","
    fake_pagefind(tmp_path, f"printf '%s' '{answer}'\nexec sleep 60", monkeypatch)
    started = time.monotonic()
    with pytest.raises(BuildFailed, match="Pagefind said: bad page"):
        search_files(PAGES, "hu")
    assert time.monotonic() - started < 30, "the service is stopped at its first error"


def test_a_service_that_never_answers_is_stopped_after_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_pagefind(tmp_path, "exec sleep 60", monkeypatch)
    monkeypatch.setattr(pagefind_service, "TIMEOUT_SECONDS", 1)
    started = time.monotonic()
    with pytest.raises(BuildFailed, match="no answer within 1 s"):
        search_files(PAGES, "hu")
    assert time.monotonic() - started < 30


def pages_until(failure: Exception) -> Iterator[tuple[str, str]]:
    """A page for the service, then `failure` where the next page should be read."""
    yield "/projektek/zala/index.html", ZALA.decode("utf-8")
    raise failure


@pytest.mark.usefixtures("pagefind")
def test_a_page_that_cannot_be_read_fails_the_index_at_once_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service would otherwise wait for the rest of its pages until the timeout."""
    monkeypatch.setattr(pagefind_service, "TIMEOUT_SECONDS", 60)
    gone = tmp_path / "spool" / "page-7.html"
    binary = cast(Path, pagefind_service.pagefind_binary())
    started = time.monotonic()
    with pytest.raises(BuildFailed) as failed:
        pagefind_service.indexed(
            binary, pages_until(FileNotFoundError(2, "No such file or directory", str(gone)))
        )
    assert time.monotonic() - started < 30
    (problem,) = failed.value.problems
    assert problem.message == "a page could not be read for the site search: No such file or directory"
    assert problem.path == gone
    assert "build again" in str(problem.hint)


@pytest.mark.usefixtures("pagefind")
def test_a_bug_making_a_page_for_the_service_is_raised_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagefind_service, "TIMEOUT_SECONDS", 60)
    binary = cast(Path, pagefind_service.pagefind_binary())
    started = time.monotonic()
    with pytest.raises(TypeError, match="a bug"):
        pagefind_service.indexed(binary, pages_until(TypeError("a bug")))
    assert time.monotonic() - started < 30


def test_an_answer_that_is_not_one_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_pagefind(tmp_path, "echo 'Indexing 2 pages...,'\nexec sleep 60", monkeypatch)
    with pytest.raises(BuildFailed, match="an answer that is not one: b'Indexing 2 pages"):
        search_files(PAGES, "hu")


# --------------------------------------------------------------------------
# Pages and addresses
# --------------------------------------------------------------------------


def test_pages_for_search_takes_rendered_pages_and_reads_kept_ones(tmp_path: Path) -> None:
    kept = PurePosixPath("projektek/somogy/index.html")
    (tmp_path / kept).parent.mkdir(parents=True)
    (tmp_path / kept).write_bytes(SOMOGY)
    rendered = [
        OutputFile(PurePosixPath("projektek/zala/index.html"), ZALA),
        OutputFile(PurePosixPath("projects.json"), b"[]"),
    ]
    found = dict(pages_for_search(rendered, [kept, PurePosixPath("assets/x.css")], tmp_path))
    assert found == {"projektek/zala/index.html": ZALA, "projektek/somogy/index.html": SOMOGY}


@pytest.mark.parametrize(("language", "url"), [("hu", "kereses/"), ("en", "search/"), ("ro", "cautare/")])
def test_the_search_page_has_an_address_in_each_language(language: str, url: str) -> None:
    assert search_url(language) == url


@pytest.mark.usefixtures("pagefind")
def test_an_index_being_made_stops_when_its_build_is_cancelled_and_leaves_no_thread() -> None:
    """`serve` stopping (Ctrl+C) cancels the search index it is making after a save."""
    many = [(f"projektek/p{number}/index.html", ZALA) for number in range(1500)]
    cancel = threading.Event()
    threads = threading.active_count()
    timer = threading.Timer(0.2, cancel.set)  # while Pagefind works on 1,500 pages
    timer.start()
    with pytest.raises(BuildCancelled):
        search_files(many, "hu", cancel=cancel)
    timer.join()
    assert threading.active_count() == threads
    assert search_files(PAGES, "hu", cancel=threading.Event())  # not cancelled: made as ever
