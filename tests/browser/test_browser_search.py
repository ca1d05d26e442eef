"""The site search in Chromium: Pagefind's index of the example site, and the search page.

Pagefind's own search (its JavaScript API, as the search page uses it) shows what the index
understands of Hungarian: accents left out, capitals, word forms the site never uses, prefixes
and project IDs. The search page is checked as a user meets it: typing, results, the link to a
project, more results, a sub-path, a page opened from a file, no JavaScript, axe-core at both
viewports, and no request to another host.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from infoblokk.site import BuildResult
from tests.browser.serving import SUB_PATH, Server, serve
from tests.browser.tools import AXE_SCRIPT, VIEWPORTS
from tests.helpers import DEFAULT_THEME, build_example_site, require_pagefind

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

pytestmark = pytest.mark.browser

SEARCH_PAGE = "kereses/index.html"
ZALA = "projektek/zala-felzarkozas/index.html"
SOMOGY = "projektek/somogy-felzarkozas/index.html"
VESZPREM = "projektek/veszprem-eselyegyenloseg/index.html"
LABELS = tomllib.loads((DEFAULT_THEME / "labels/hu.toml").read_text(encoding="utf-8"))["search"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(result =>
  result.violations.map(v => `${v.id} (${v.impact}): ${v.help}: ` + v.nodes.map(n => n.target.join(' '))))"""
PAGEFIND_SEARCH = """async query => {
  const pagefind = await import(new URL('../pagefind/pagefind.js', location.href).href);
  const search = await pagefind.search(query);
  return (await Promise.all(search.results.map(result => result.data()))).map(data => data.url);
}"""
RESULT_LINKS = "#search-results li h2 a"


@pytest.fixture(autouse=True)
def pagefind_available() -> None:
    require_pagefind()


@pytest.fixture(scope="module")
def desktop(chromium: Browser) -> Iterator[BrowserContext]:
    width, height = VIEWPORTS["desktop"]
    context = chromium.new_context(viewport={"width": width, "height": height})
    yield context
    context.close()


@pytest.fixture
def page(desktop: BrowserContext) -> Iterator[Page]:
    opened = desktop.new_page()
    yield opened
    opened.close()


def search_for(page: Page, query: str) -> None:
    """Type the query into the search box and send it, as a user would."""
    page.get_by_label(LABELS["label"]).fill(query)
    page.get_by_label(LABELS["label"]).press("Enter")
    wait_for_answer(page)


def wait_for_answer(page: Page) -> None:
    page.wait_for_function(
        "loading => { const s = document.getElementById('search-status').textContent;"
        " return s !== '' && s !== loading; }",
        arg=LABELS["loading"],
    )


def result_paths(page: Page, server: Server) -> list[str]:
    """Where the result links lead, as paths inside the served site."""
    hrefs = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    assert all(href.startswith(server.base) for href in hrefs), hrefs
    return [href.removeprefix(server.base) for href in hrefs]


# --------------------------------------------------------------------------
# What the index understands (Pagefind's own search)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pagefind_search(desktop: BrowserContext, served: Server) -> Iterator[Any]:
    """Pagefind's search as the search page (a page in Hungarian) runs it: query → result URLs."""
    opened = desktop.new_page()
    opened.goto(served.url(SEARCH_PAGE))
    yield lambda query: opened.evaluate(PAGEFIND_SEARCH, query)
    opened.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("felzárkózás", {ZALA, SOMOGY}, id="as-written"),
        pytest.param("felzarkozas", {ZALA, SOMOGY}, id="without-accents"),
        pytest.param("FELZÁRKÓZÁS", {ZALA, SOMOGY}, id="in-capitals"),
        pytest.param("eselyegyenlosegi", {ZALA, SOMOGY, VESZPREM}, id="without-double-acute"),
        pytest.param("esely", {VESZPREM, SOMOGY}, id="beginning-of-a-word"),
        pytest.param("együttműködésekkel", {ZALA, SOMOGY, VESZPREM}, id="word-form-not-on-the-site"),
        pytest.param("egyuttmukodesekkel", {ZALA, SOMOGY, VESZPREM}, id="word-form-without-accents"),
        pytest.param("önkormányzatokkal", {ZALA, SOMOGY}, id="plural-with-suffix"),
        pytest.param("megyei fórum", {ZALA}, id="two-words"),
    ],
)
def test_pagefind_finds_hungarian_words_in_any_form(
    pagefind_search: Any, query: str, expected: set[str]
) -> None:
    found = {url.removeprefix("/") for url in pagefind_search(query)}
    assert expected <= found, f"{query!r} found {sorted(found)}"


def test_a_project_id_finds_its_project_first(pagefind_search: Any) -> None:
    assert pagefind_search("EFOP-1.6.3-17-2017-00006")[0] == "/" + SOMOGY
    assert pagefind_search("EFOP-1.6.3.-17-2017-00004")[0] == "/" + ZALA


def test_only_pages_about_one_item_are_indexed(pagefind_search: Any) -> None:
    """Lists, the home page and the search page repeat the projects' text: they are left out."""
    assert pagefind_search("Zala") == ["/" + ZALA]
    assert pagefind_search("Somogy") == ["/" + SOMOGY]


def test_a_word_not_on_the_site_finds_nothing(pagefind_search: Any) -> None:
    assert pagefind_search("qqqzzzmű") == []


# --------------------------------------------------------------------------
# The search page
# --------------------------------------------------------------------------


def test_a_query_lists_the_projects_as_links(page: Page, served: Server) -> None:
    page.goto(served.url(SEARCH_PAGE))
    search_for(page, "felzarkozas")
    found = result_paths(page, served)
    assert {ZALA, SOMOGY} <= set(found)
    status = page.locator("#search-status").text_content() or ""
    assert status == LABELS["count"].format(count=len(found))
    assert page.locator("#search-results mark").count() > 0, "the words found are marked in the excerpts"
    assert urlsplit(page.url).query == "q=felzarkozas", "the address keeps the query, to share or go back"


def test_a_result_link_opens_the_project_page(page: Page, served: Server) -> None:
    page.goto(served.url(SEARCH_PAGE))
    search_for(page, "Zala")
    page.locator(RESULT_LINKS).first.click()
    page.wait_for_url(served.url(ZALA))
    assert "Zala megyei" in (page.locator("h1").text_content() or "")


def test_a_query_in_the_address_is_searched_at_once(page: Page, served: Server) -> None:
    page.goto(served.url(SEARCH_PAGE) + "?q=esely")
    wait_for_answer(page)
    assert page.get_by_label(LABELS["label"]).input_value() == "esely"
    assert VESZPREM in result_paths(page, served)


def test_typing_searches_without_pressing_enter(page: Page, served: Server) -> None:
    page.goto(served.url(SEARCH_PAGE))
    page.get_by_label(LABELS["label"]).press_sequentially("somogy", delay=20)
    wait_for_answer(page)
    assert result_paths(page, served) == [SOMOGY]


def test_nothing_found_is_said_in_words(page: Page, served: Server) -> None:
    page.goto(served.url(SEARCH_PAGE))
    search_for(page, "qqqzzzmű")
    assert page.locator("#search-status").text_content() == LABELS["none"].format(query="qqqzzzmű")
    assert page.locator("#search-results li").count() == 0


def test_more_results_come_on_request_and_take_the_focus(page: Page, served: Server) -> None:
    def two_at_a_time(route: Route) -> None:
        response = route.fetch()
        body = response.text().replace("data-search-bundle=", 'data-page-size="2" data-search-bundle=', 1)
        route.fulfill(response=response, body=body)

    page.route(re.compile(r".*/kereses/index\.html(\?.*)?$"), two_at_a_time)
    page.goto(served.url(SEARCH_PAGE) + "?q=felzarkozas")
    wait_for_answer(page)
    links = page.locator(RESULT_LINKS)
    assert links.count() == 2
    more = page.get_by_role("button", name=LABELS["more"])
    more.click()
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 4")
    assert page.evaluate("document.activeElement === document.querySelectorAll('#search-results a')[2]")
    while more.is_visible():
        shown = links.count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('#search-results li').length > n", arg=shown)
    total = int(re.sub(r"\D", "", page.locator("#search-status").text_content() or ""))
    assert links.count() == total


def test_search_works_under_a_sub_path(page: Page, served_under_sub_path: Server) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served_under_sub_path.url(SEARCH_PAGE))
    search_for(page, "felzarkozas")
    assert {ZALA, SOMOGY} <= set(result_paths(page, served_under_sub_path))
    assert all(urlsplit(url).path.startswith(SUB_PATH) for url in requests), requests
    page.locator(RESULT_LINKS).first.click()
    page.wait_for_load_state()
    assert page.url.startswith(served_under_sub_path.base)
    assert page.locator("[data-infoblokk]").count() == 1


def test_opened_from_a_file_the_page_says_why_it_cannot_search(page: Page, example_site: BuildResult) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((example_site.output_dir / SEARCH_PAGE).as_uri())
    note = page.locator("#search-file")
    assert note.is_visible()
    assert note.text_content() == LABELS["file_protocol"]
    page.get_by_label(LABELS["label"]).fill("felzarkozas")
    page.get_by_label(LABELS["label"]).press("Enter")
    page.wait_for_timeout(500)
    assert page.url == (example_site.output_dir / SEARCH_PAGE).as_uri(), "the form did not reload the page"
    assert not [url for url in requests if "pagefind" in url]


def test_without_javascript_the_page_says_search_needs_it(chromium: Browser, served: Server) -> None:
    # Chromium with scripts switched off by Playwright still parses <noscript> as if they ran,
    # so its text is checked in the page's source; the form must show without scripts.
    context = chromium.new_context(java_script_enabled=False)
    try:
        opened = context.new_page()
        opened.goto(served.url(SEARCH_PAGE))
        assert f'<noscript><p class="search-note">{LABELS["no_script"]}</p></noscript>' in opened.content()
        assert opened.get_by_label(LABELS["label"]).is_visible()
        assert opened.get_by_role("button", name=LABELS["button"]).is_visible()
    finally:
        context.close()


@pytest.mark.requires("axe")
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_with_results_shown_axe_finds_nothing_and_no_other_host_is_asked(
    chromium: Browser, served: Server, viewport: str
) -> None:
    width, height = VIEWPORTS[viewport]
    context = chromium.new_context(viewport={"width": width, "height": height})
    try:
        opened = context.new_page()
        requests: list[str] = []
        opened.on("request", lambda request: requests.append(request.url))
        opened.goto(served.url(SEARCH_PAGE) + "?q=felzarkozas")
        wait_for_answer(opened)
        assert opened.locator("#search-results li").count() >= 2
        foreign = [url for url in requests if not url.startswith(served.origin + "/")]
        assert not foreign, f"requests to other hosts: {foreign}"
        assert any("/pagefind/" in url for url in requests)
        assert opened.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        opened.add_script_tag(path=str(AXE_SCRIPT))
        violations = opened.evaluate(AXE_RUN, AXE_TAGS)
        assert not violations, "\n".join(violations)
    finally:
        context.close()


# --------------------------------------------------------------------------
# A large site's index in parts
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served_in_parts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The example site with its index in parts of two pages (a large site's are of 1,000)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INFOBLOKK_SEARCH_PART_PAGES", "2")
        built = build_example_site(tmp_path_factory.mktemp("example-parts"))
    yield from serve(built.output_dir)


def test_an_index_in_parts_is_searched_as_one(page: Page, served_in_parts: Server) -> None:
    parts = served_in_parts.url("pagefind/infoblokk-parts.json")
    page.goto(served_in_parts.url(SEARCH_PAGE))
    listed = page.evaluate("url => fetch(url).then(response => response.json())", parts)["parts"]
    assert len(listed) >= 2, "the example's pages are in several parts"
    search_for(page, "felzarkozas")
    assert {ZALA, SOMOGY} <= set(result_paths(page, served_in_parts))
    search_for(page, "esely")
    assert {VESZPREM, SOMOGY} <= set(result_paths(page, served_in_parts))
    search_for(page, "Zala")
    assert result_paths(page, served_in_parts) == [ZALA], "each page once, whichever part has it"
