"""Every internal reference of every page resolves: at the server's root, under /efop/, from the disk.

References are a[href], img[src], link[href] and script[src]. Served (at `/` and under `/efop/`),
each resolved URL is fetched and must answer 200; from the file system, each must name an
existing file (not a folder: file:// does not open index.html). Every #fragment must be an id
of the target page. The counts are printed in the "links checked" section of the summary.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from infoblokk.site import BuildResult
from tests.browser.serving import Server, example_pages, html_pages, page_id

PAGES = example_pages()
REFERENCES = {"a": "href", "img": "src", "link": "href", "script": "src"}
NOT_FOUND = "404.html"  # shown by web servers at any address, so its links start at the server root


@dataclass
class Page:
    references: list[tuple[str, str]] = field(default_factory=list)  # (tag, address)
    ids: set[str] = field(default_factory=set)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if values.get("id"):
            self.page.ids.add(values["id"])
        attribute = REFERENCES.get(tag)
        if attribute and attribute in values:
            self.page.references.append((tag, values[attribute]))


def parse(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page


def internal(page: Page) -> list[str]:
    """The page's addresses that point into the site (not https://…, mailto:, data:)."""
    return [
        address
        for _, address in page.references
        if not (urlsplit(address).scheme or urlsplit(address).netloc)
    ]


class Fetcher:
    """GETs each URL once per session: (status, body)."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[int, bytes]] = {}

    def get(self, url: str) -> tuple[int, bytes]:
        if url not in self._seen:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    self._seen[url] = (response.status, response.read())
            except urllib.error.HTTPError as error:
                self._seen[url] = (error.code, b"")
        return self._seen[url]


@pytest.fixture(scope="session")
def fetcher() -> Fetcher:
    return Fetcher()


def check_served(server: Server, path: str, fetcher: Fetcher, counts: Counter[str], mode: str) -> list[str]:
    """Problems of one page's references when served by `server`; counts what was checked."""
    status, body = fetcher.get(server.url(path))
    assert status == 200, f"{server.url(path)} answered {status}"
    problems = []
    for address in internal(parse(body.decode("utf-8"))):
        url, fragment = urldefrag(urljoin(server.url(path), address))
        counts[mode] += 1
        status, target = fetcher.get(url)
        if status != 200:
            problems.append(f"{address} → {url} answered {status}")
        elif fragment and fragment not in parse(target.decode("utf-8", errors="replace")).ids:
            problems.append(f"{address} → {url} has no id {fragment!r}")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_links_resolve_at_the_server_root(
    served: Server, fetcher: Fetcher, link_counts: Counter[str], page: str
) -> None:
    problems = check_served(served, page, fetcher, link_counts, "served at /")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_links_resolve_under_a_sub_path(
    served_under_sub_path: Server,
    served_sub_path_site: Server,
    fetcher: Fetcher,
    link_counts: Counter[str],
    page: str,
) -> None:
    # Every page but 404.html links relatively, so the same output works under /efop/. 404.html
    # links from the server root as base_url says, so it is checked in the build for …/efop/.
    server = served_sub_path_site if page == NOT_FOUND else served_under_sub_path
    problems = check_served(server, page, fetcher, link_counts, "served under /efop/")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", [p for p in PAGES if p != NOT_FOUND], ids=page_id)
def test_links_resolve_from_the_file_system(
    example_site: BuildResult, link_counts: Counter[str], page: str
) -> None:
    # 404.html is left out: only a web server shows it, and its links start at the server root.
    root = example_site.output_dir.resolve()
    page_file = root / page
    problems = []
    for address in internal(parse(page_file.read_text(encoding="utf-8"))):
        url, fragment = urldefrag(urljoin(page_file.as_uri(), address))
        target = Path(unquote(urlsplit(url).path))
        link_counts["opened from the file system"] += 1
        if target.is_dir():
            problems.append(f"{address} names the folder {target}: file:// does not open its index.html")
        elif not target.is_file() or not target.resolve().is_relative_to(root):
            problems.append(f"{address} → {target} is not a file of the site")
        elif fragment and fragment not in parse(target.read_text(encoding="utf-8", errors="replace")).ids:
            problems.append(f"{address} → {target.relative_to(root)} has no id {fragment!r}")
    assert not problems, "\n".join(problems)


def test_every_built_page_is_checked(example_site: BuildResult) -> None:
    """The pages known at collection are exactly the index.html and 404.html files of the build."""
    assert set(html_pages(example_site.output_dir)) == set(PAGES)
