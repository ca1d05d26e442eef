"""The pager of a long list: a few links that still reach every page."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from infoblokk.render.listings import PAGES_AROUND, Listing, paginate


def listing(page: int, pages: int) -> Listing:
    first = "projektek/"
    previous = None if page == 1 else (first if page == 2 else f"{first}oldal/{page - 1}/")
    following = f"{first}oldal/{page + 1}/" if page < pages else None
    return Listing((), page, pages, pages * 20, first, previous, following)


@st.composite
def page_of_a_list(draw: st.DrawFn) -> tuple[int, int]:
    pages = draw(st.integers(min_value=1, max_value=100_000))
    return draw(st.integers(min_value=1, max_value=pages)), pages


@given(page_of_a_list())
def test_the_pager_links_the_first_last_and_nearby_pages_in_order(found: tuple[int, int]) -> None:
    page, pages = found
    links = listing(page, pages).page_links()
    numbers = [link[0] for link in links if link is not None]
    assert numbers == sorted(set(numbers))
    near = {n for n in range(page - PAGES_AROUND, page + PAGES_AROUND + 1) if 1 <= n <= pages}
    assert {1, pages} | near <= set(numbers)
    assert len(links) <= 2 * PAGES_AROUND + 5  # never grows with the list


@given(page_of_a_list())
def test_a_gap_mark_stands_only_for_pages_left_out(found: tuple[int, int]) -> None:
    page, pages = found
    links = listing(page, pages).page_links()
    for before, gap, after in zip(links, links[1:], links[2:], strict=False):
        if gap is None:
            assert before is not None and after is not None
            assert after[0] - before[0] > 2  # one missing page is linked, not marked
    for before, after in itertools.pairwise(links):
        if before is not None and after is not None:
            assert after[0] == before[0] + 1


def test_the_pager_addresses_are_the_pages_of_the_list() -> None:
    pages = paginate([], "projektek/", 20, "hu")  # one empty page
    assert pages[0][1].page_links() == [(1, "projektek/")]
    long = listing(50, 100)
    addresses = dict(link for link in long.page_links() if link is not None)
    assert addresses[1] == "projektek/"
    assert addresses[49] == "projektek/oldal/49/" and addresses[100] == "projektek/oldal/100/"
    assert long.page_links().count(None) == 2
    assert dict(long.page_urls())[77] == "projektek/oldal/77/"
