"""Kept link rewrites follow a site copied or moved to another folder (`render.linked.body_key`)."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from hypothesis import assume, given
from hypothesis import strategies as st

from infoblokk.content.sources import SourceFile, pack_body
from infoblokk.render.linked import Body, body_key

NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéő-_. ", min_size=1, max_size=8).filter(
    lambda name: name.strip() not in ("", ".", "..")
)
FOLDERS = st.lists(NAMES, min_size=0, max_size=4)


def body_at(path: Path) -> Body:
    source = SourceFile(
        path, "project", path.stem, None, MappingProxyType({}), MappingProxyType({}), pack_body(""), 1
    )
    return Body(source, "projektek/zala/", "markdown-key", b"<p>x</p>")


@given(FOLDERS, FOLDERS, st.lists(NAMES, min_size=1, max_size=3))
def test_a_body_keeps_its_key_when_the_site_moves(old: list[str], new: list[str], inside: list[str]) -> None:
    old_site, new_site = Path("/", *old), Path("/", *new)
    before = body_key(body_at(old_site.joinpath(*inside)), old_site)
    after = body_key(body_at(new_site.joinpath(*inside)), new_site)
    assert before == after


@given(FOLDERS, st.lists(NAMES, min_size=1, max_size=3), st.lists(NAMES, min_size=1, max_size=3))
def test_a_body_outside_the_site_is_keyed_by_where_it_is(
    site: list[str], inside: list[str], other: list[str]
) -> None:
    site_dir = Path("/", *site)
    elsewhere = Path("/", "elsewhere", *other)
    moved = Path("/", "moved", *other)
    assume(not elsewhere.is_relative_to(site_dir) and not moved.is_relative_to(site_dir))
    assert body_key(body_at(elsewhere), site_dir) != body_key(body_at(moved), site_dir)
    assert body_key(body_at(site_dir.joinpath(*inside)), site_dir) != body_key(body_at(elsewhere), site_dir)


def test_a_folder_whose_name_starts_like_the_site_is_not_in_it() -> None:
    site = Path("/srv/site")
    beside = body_key(body_at(Path("/srv/site-old/a.md")), site)
    moved_beside = body_key(body_at(Path("/home/x-old/a.md")), Path("/home/x"))
    assert beside != moved_beside  # outside: keyed by where it is, so a move makes it again
    inside = body_key(body_at(Path("/srv/site/a.md")), site)
    assert inside == body_key(body_at(Path("/home/x/a.md")), Path("/home/x"))
