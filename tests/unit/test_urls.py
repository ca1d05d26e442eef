"""Rules for links between pages: relative everywhere, from the server root only on 404.html."""

from __future__ import annotations

import posixpath
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoblokk.render.urls import absolute_url, output_path, relative_link, root_link
from tests.helpers import MakeSite, run_cli


@pytest.mark.parametrize(
    ("url", "path"),
    [("", "index.html"), ("projektek/zala/", "projektek/zala/index.html"), ("404.html", "404.html")],
)
def test_each_site_url_is_written_as_a_file(url: str, path: str) -> None:
    assert output_path(url) == path


@pytest.mark.parametrize(
    ("here", "there", "link"),
    [
        ("", "", "index.html"),
        ("", "projektek/zala/", "projektek/zala/index.html"),
        ("projektek/zala/", "", "../../index.html"),
        ("projektek/zala/", "projektek/", "../index.html"),
        ("projektek/zala/", "hirek/zaro/", "../../hirek/zaro/index.html"),
        ("projektek/zala/", "projektek/zala/", "index.html"),
        ("projektek/zala/", "assets/infoblokk.css", "../../assets/infoblokk.css"),
        ("hirek/", "projektek/zala/#hirek", "../projektek/zala/index.html#hirek"),
        ("rolunk/", "_infoblokk/szechenyi2020-esza.svg", "../_infoblokk/szechenyi2020-esza.svg"),
    ],
)
def test_links_are_relative_and_name_index_html(here: str, there: str, link: str) -> None:
    assert relative_link(here, there) == link


@pytest.mark.parametrize(
    ("base_url", "there", "link"),
    [
        ("https://example.org/", "", "/index.html"),
        ("https://example.org/", "projektek/", "/projektek/index.html"),
        ("https://example.org/efop/", "projektek/zala/", "/efop/projektek/zala/index.html"),
        ("https://www.somogy.hu/eu/efop/", "assets/infoblokk.css", "/eu/efop/assets/infoblokk.css"),
    ],
)
def test_root_links_include_the_sub_path_of_base_url(base_url: str, there: str, link: str) -> None:
    assert root_link(base_url, there) == link


def test_absolute_url_joins_base_url_and_site_url() -> None:
    assert (
        absolute_url("https://example.org/efop/", "projektek/zala/")
        == "https://example.org/efop/projektek/zala/"
    )


def test_404_page_links_from_the_root_of_a_sub_path_site(make_site: MakeSite) -> None:
    site = make_site(config='title = "x"\nbase_url = "https://example.org/efop"\n')
    code, _, err = run_cli(site, "build")
    assert code == 0, err
    page = (site / "public" / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src)="([^"]+)"', page)
    local = [link for link in links if not link.startswith(("https://", "#"))]
    assert "/efop/assets/infoblokk.css" in local
    assert "/efop/index.html" in local
    assert local and all(link.startswith("/efop/") for link in local)


def test_nested_page_links_relatively_to_the_stylesheet_and_home(make_site: MakeSite) -> None:
    site = make_site(config='title = "x"\nbase_url = "https://example.org/efop/"\n')
    code, _, err = run_cli(site, "build")
    assert code == 0, err
    page = (site / "public" / "projektek" / "p" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../assets/infoblokk.css"' in page
    assert 'href="../../index.html"' in page
    assert 'href="/efop/' not in page


SEGMENTS = st.sampled_from(
    ["projektek", "zala", "zalaegerszeg", "hirek", "oldal", "2", "assets", "a.css", "x", ".", "..", "...", ""]
)  # "zalaegerszeg" starts as "zala" does: a folder is not held by another whose name starts its own


@settings(max_examples=400, deadline=None)
@given(
    here=st.lists(SEGMENTS, max_size=4).map("/".join),
    there=st.lists(SEGMENTS, max_size=4).map("/".join),
    slash=st.booleans(),
)
def test_relative_links_are_what_posix_relpath_gives(here: str, there: str, slash: bool) -> None:
    """The fast string version agrees with the standard library on every URL, clean or not."""
    here_url = here + "/" if slash and here else here
    expected = posixpath.relpath(output_path(there), output_path(here_url).rpartition("/")[0] or ".")
    assert relative_link(here_url, there) == expected
