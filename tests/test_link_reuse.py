"""A rebuild reuses each body's rewritten links only while what they lead to is as it was."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path
from types import MappingProxyType

import pytest

from infoblokk.content.sources import SourceFile, pack_body
from infoblokk.errors import BuildFailed
from infoblokk.layout import CACHE_FOLDER
from infoblokk.render.incremental import state_path
from infoblokk.render.linked import Body, link_bodies
from infoblokk.render.store import StateStore
from infoblokk.site import build_site
from tests.helpers import TODAY, VALID_PROJECT, MakeSite, snapshot, write_png

LINKING_PAGE = """\
---
title: Rólunk
---

Első bekezdés.

Lásd a [zalai projektet](../projects/zala.md#celok) és a [hírt](../news/hir.md).

![A fórum](/kepek/forum.png)
"""

NEWS = """\
---
title: Záró rendezvény
date: 2020-10-20
project: EFOP-1.6.3-17-2017-00004
---

A rendezvényt októberben tartották.
"""


def built_site_linking_from(make_site: MakeSite, page: str) -> Path:
    """A site built once whose free page `page` links to a project, a news item and a photo."""
    site = make_site(
        {
            "content/projects/zala.md": VALID_PROJECT,
            "content/news/hir.md": NEWS,
            "content/pages/rolunk.md": page,
        }
    )
    write_png(site / "content/static/kepek/forum.png")
    build_site(site, today=TODAY)
    return site


@pytest.fixture
def linking_site(make_site: MakeSite) -> Path:
    return built_site_linking_from(make_site, LINKING_PAGE)


def clean_build(site: Path, scratch: Path) -> dict[str, bytes]:
    shutil.copytree(site, scratch, ignore=shutil.ignore_patterns("public", CACHE_FOLDER))
    return snapshot(build_site(scratch, today=TODAY).output_dir)


def about_page(site: Path) -> str:
    return (site / "public/rolunk/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("built", ["linking_site", "plain_linking_site"])
def test_a_linked_file_given_another_address_moves_the_link_with_it(
    built: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """With a photo in the body or without one (a page then known by what its body is made of):
    the page whose link moves is made again though its body did not change."""
    site: Path = request.getfixturevalue(built)
    news = site / "content/news/hir.md"
    news.write_text(NEWS.replace("title:", "slug: zarorendezveny\ntitle:"), encoding="utf-8")
    result = build_site(site, today=TODAY)
    assert "hirek/zarorendezveny/index.html" in about_page(site)
    assert snapshot(result.output_dir) == clean_build(site, tmp_path / "clean")


def test_a_linked_file_removed_is_reported_at_the_link(linking_site: Path) -> None:
    (linking_site / "content/news/hir.md").unlink()
    with pytest.raises(BuildFailed) as failure:
        build_site(linking_site, today=TODAY)
    [problem] = failure.value.problems
    assert problem.path == linking_site / "content/pages/rolunk.md"
    assert problem.line == 7
    assert "../news/hir.md" in str(problem.message)


def test_a_linked_file_renamed_is_reported_and_the_fixed_link_gives_a_clean_build(
    linking_site: Path, tmp_path: Path
) -> None:
    (linking_site / "content/projects/zala.md").rename(linking_site / "content/projects/zala-uj.md")
    with pytest.raises(BuildFailed) as failure:
        build_site(linking_site, today=TODAY)
    assert [(p.path.name, p.line) for p in failure.value.problems] == [("rolunk.md", 7)]
    page = linking_site / "content/pages/rolunk.md"
    page.write_text(LINKING_PAGE.replace("zala.md", "zala-uj.md"), encoding="utf-8")
    result = build_site(linking_site, today=TODAY)
    assert "projektek/zala-uj/index.html#celok" in about_page(linking_site)
    assert snapshot(result.output_dir) == clean_build(linking_site, tmp_path / "clean")


def test_a_shown_image_removed_from_static_is_reported_at_the_body(linking_site: Path) -> None:
    (linking_site / "content/static/kepek/forum.png").unlink()
    with pytest.raises(BuildFailed) as failure:
        build_site(linking_site, today=TODAY)
    assert [(p.path.name, p.line) for p in failure.value.problems] == [("rolunk.md", 9)]


def test_another_file_added_keeps_every_link_as_a_clean_build_makes_it(
    linking_site: Path, tmp_path: Path
) -> None:
    (linking_site / "content/pages/uj.md").write_text(LINKING_PAGE.replace("Rólunk", "Új"), encoding="utf-8")
    result = build_site(linking_site, today=TODAY)
    assert snapshot(result.output_dir) == clean_build(linking_site, tmp_path / "clean")


@pytest.mark.parametrize(
    "spoil",
    [
        "UPDATE links SET replacements = 'not json'",
        "UPDATE links SET replacements = '[[100000, 100001, \"x\"]]'",
        "UPDATE links SET replacements = '[[5, 1, \"x\"]]'",
        # cuts the ő of "Első" in two bytes (the rewrite is made on the body's UTF-8)
        "UPDATE links SET replacements = '[[7, 7, \"x\"]]' WHERE path LIKE '%rolunk.md'",
        "UPDATE links SET replacements = '{}', sources = '[1]'",
        "UPDATE links SET sources = 'not json', images = '{'",
        "UPDATE links SET key = 'wrong'",
        "UPDATE meta SET value = 'wrong' WHERE key = 'links'",
        "DELETE FROM links",
        "DROP TABLE links",
    ],
)
def test_damaged_kept_links_still_give_a_clean_build(linking_site: Path, tmp_path: Path, spoil: str) -> None:
    with contextlib.closing(sqlite3.connect(state_path(linking_site))) as database, database:
        assert database.execute(spoil).rowcount != 0  # a change that changes nothing proves nothing
    (linking_site / "content/pages/uj.md").write_text("---\ntitle: Új\n---\n\nSzöveg.\n", encoding="utf-8")
    result = build_site(linking_site, today=TODAY)
    assert snapshot(result.output_dir) == clean_build(linking_site, tmp_path / "clean")
    assert "projektek/zala/index.html#celok" in about_page(linking_site)


def source(path: Path) -> SourceFile:
    return SourceFile(
        path, "page", path.stem, None, MappingProxyType({}), MappingProxyType({}), pack_body(""), 5
    )


def test_a_kept_rewrite_is_reused_only_while_its_targets_hold(tmp_path: Path) -> None:
    page = source(tmp_path / "pages/about.md")
    body = Body(page, "about/", "key", b'<a href="../projects/zala.md">Zala</a>')
    urls = {(tmp_path / "projects/zala.md"): "projektek/zala/"}
    first = link_bodies([body], {}, False, urls, frozenset())
    assert first.html == (b'<a href="../projektek/zala/index.html">Zala</a>',)
    # Kept and the site's links as they were: reused, without looking the link up again.
    assert link_bodies([body], first.kept, True, {}, frozenset()).html == first.html
    # The site's links changed but this one's target has the same address: reused.
    assert link_bodies([body], first.kept, False, urls, frozenset()).html == first.html
    # Its target got another address: rewritten.
    moved = {(tmp_path / "projects/zala.md"): "projektek/zala-2/"}
    assert link_bodies([body], first.kept, False, moved, frozenset()).html == (
        b'<a href="../projektek/zala-2/index.html">Zala</a>',
    )
    # Its target is gone: rewritten, so the broken link is reported.
    assert len(link_bodies([body], first.kept, False, {}, frozenset()).problems) == 1
    # Another body in the same file is not given the kept rewrite.
    other = body._replace(markdown_key="other key", html=b'<a href="#x">x</a>')
    assert link_bodies([other], first.kept, True, {}, frozenset()).html == (b'<a href="#x">x</a>',)


def test_a_kept_rewrite_of_a_body_with_accents_gives_what_rewriting_gives(tmp_path: Path) -> None:
    """Kept rewrites are made on the body's UTF-8: letters of two bytes before, between and
    inside the links must not move them."""
    page = source(tmp_path / "pages/about.md")
    html = (
        '<p>Árvíztűrő <a href="../projects/zala.md">Zalai fúró</a> és '
        '<a title="ő" href="../projects/zala.md#célok">célok</a> — vége.</p>'
    )
    body = Body(page, "about/", "key", html.encode("utf-8"))
    urls = {(tmp_path / "projects/zala.md"): "projektek/zala-ő/"}
    first = link_bodies([body], {}, False, urls, frozenset())
    again = link_bodies([body], first.kept, True, {}, frozenset())
    assert again.html == first.html
    assert first.html[0].decode("utf-8") == (
        '<p>Árvíztűrő <a href="../projektek/zala-ő/index.html">Zalai fúró</a> és '
        '<a title="ő" href="../projektek/zala-ő/index.html#célok">célok</a> — vége.</p>'
    )


@pytest.mark.parametrize(
    "replacements",
    ['[[4, 2, "x"]]', '[[1, 2, "x"]]', "not json", '[[0, 999, "x"]]', "{}", "[[0, 1]]"],
)
def test_a_damaged_kept_rewrite_is_not_used(tmp_path: Path, replacements: str) -> None:
    """A record out of order, ending inside a letter of two bytes, past the end or not a list
    of replacements: the body is rewritten, as if nothing had been kept."""
    page = source(tmp_path / "pages/about.md")
    body = Body(page, "about/", "key", 'ő <a href="../projects/zala.md">Zala</a>'.encode())
    urls = {(tmp_path / "projects/zala.md"): "projektek/zala/"}
    first = link_bodies([body], {}, False, urls, frozenset())
    path = str(page.source_path)
    damaged = {path: first.kept[path]._replace(replacements=replacements)}
    assert link_bodies([body], damaged, True, urls, frozenset()).html == first.html


PLAIN_LINKING_PAGE = LINKING_PAGE.split("![")[0]  # no photo: the page is known by what its body is made of


@pytest.fixture
def plain_linking_site(make_site: MakeSite) -> Path:
    """Bodies without a photo: a rebuild knows each by what it is made of (`bodies.ShownBodies`)."""
    return built_site_linking_from(make_site, PLAIN_LINKING_PAGE)


def test_a_photo_replaced_by_one_of_another_size_shows_on_the_page_that_shows_it(
    linking_site: Path, tmp_path: Path
) -> None:
    """The body, its links and the photo's name are as they were: only the sizes the page gives
    the photo change, and the page is made again for them."""
    before = about_page(linking_site)
    write_png(linking_site / "content/static/kepek/forum.png", 640, 480)
    result = build_site(linking_site, today=TODAY)
    assert about_page(linking_site) != before
    assert snapshot(result.output_dir) == clean_build(linking_site, tmp_path / "clean")


def test_an_edited_body_is_the_only_body_a_rebuild_reads(
    plain_linking_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages of the other bodies are not made again, so their HTML is not read back from
    the state (at 10,000 projects that took a good part of a rebuild after one edit)."""
    read: list[str] = []
    markdown_of = StateStore.markdown_of
    monkeypatch.setattr(
        StateStore, "markdown_of", lambda store, key: read.append(key) or markdown_of(store, key)
    )
    news = plain_linking_site / "content/news/hir.md"
    news.write_text(NEWS + "\nÚj bekezdés.\n", encoding="utf-8")
    result = build_site(plain_linking_site, today=TODAY)
    assert read == []
    assert snapshot(result.output_dir) == clean_build(plain_linking_site, tmp_path / "clean")


def test_a_page_made_again_with_its_body_as_kept_shows_its_links(
    plain_linking_site: Path, tmp_path: Path
) -> None:
    page = plain_linking_site / "content/pages/rolunk.md"
    page.write_text(PLAIN_LINKING_PAGE.replace("Rólunk", "Rólunk bővebben"), encoding="utf-8")
    result = build_site(plain_linking_site, today=TODAY)
    assert "Rólunk bővebben" in about_page(plain_linking_site)
    assert "projektek/zala/index.html#celok" in about_page(plain_linking_site)
    assert snapshot(result.output_dir) == clean_build(plain_linking_site, tmp_path / "clean")


@pytest.mark.parametrize("replacements", ['[[5, 1, "x"]]', "not json", '[[0, 99999, "x"]]'])
def test_a_kept_rewrite_found_damaged_when_its_page_is_made_gives_a_clean_build(
    plain_linking_site: Path, tmp_path: Path, replacements: str
) -> None:
    with contextlib.closing(sqlite3.connect(state_path(plain_linking_site))) as database, database:
        changed = database.execute(
            "UPDATE links SET replacements = ? WHERE path LIKE '%rolunk.md'", (replacements,)
        )
        assert changed.rowcount == 1
    page = plain_linking_site / "content/pages/rolunk.md"
    page.write_text(PLAIN_LINKING_PAGE.replace("Rólunk", "Rólunk bővebben"), encoding="utf-8")
    result = build_site(plain_linking_site, today=TODAY)
    assert "projektek/zala/index.html#celok" in about_page(plain_linking_site)
    assert snapshot(result.output_dir) == clean_build(plain_linking_site, tmp_path / "clean")
