"""Every page of the example site in Chromium, on a desktop (1366×768) and a phone (375×667).

Each page is opened once per viewport (`Visit`); the tests below assert on what was seen:
the funding banner, axe-core's WCAG 2.1 A/AA rules, requests to other hosts, sideways
scrolling. Screenshots of the home page and one project page are kept in tests/artifacts/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import yaml

from infoblokk.banner.profiles import load_profiles
from tests.browser.serving import Server, example_pages, page_id
from tests.browser.tools import ARTIFACTS, AXE_SCRIPT, VIEWPORTS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

pytestmark = pytest.mark.browser

PAGES = example_pages()
CASES = [
    pytest.param(viewport, page, id=f"{viewport}-{page_id(page)}") for viewport in VIEWPORTS for page in PAGES
]
DESKTOP_CASES = [case for case in CASES if case.values[0] == "desktop"]
SCREENSHOT_PAGES = ("index.html", "projektek/zala-felzarkozas/index.html")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MIN_BANNER_WIDTH = 150

BANNER_FACTS = """() => {
  const banner = document.querySelector('[data-infoblokk]');
  if (!banner) return null;
  const image = banner.tagName === 'IMG' ? banner : banner.querySelector('img');
  const box = banner.getBoundingClientRect();
  return {
    key: banner.dataset.infoblokk,
    left: box.left, top: box.top, right: box.right, bottom: box.bottom, width: box.width,
    imageWidth: image ? image.getBoundingClientRect().width : 0,
    imageLoaded: Boolean(image && image.complete && image.naturalWidth > 0),
    scrollY: window.scrollY,
  };
}"""
PAGE_FACTS = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  // axe-core's scrollable-region-focusable counts a region that scrolls more than 13 px.
  tablesScrollingWithoutFocus: [...document.querySelectorAll('table')].filter(table => {
    const scroller = [table, table.parentElement].find(e => e && e.scrollWidth > e.clientWidth + 13);
    return scroller !== undefined && scroller.tabIndex < 0;
  }).length,
})"""
AXE_RUN = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(result =>
  result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
  })))"""


@dataclass(frozen=True)
class Visit:
    """What one page showed in one viewport."""

    url: str
    requests: tuple[str, ...]
    missing: tuple[str, ...]  # what the page asked for and the server did not have (404)
    banner: dict[str, Any] | None
    banner_visible: bool
    banner_snapshot: str
    page: dict[str, Any]
    violations: tuple[dict[str, Any], ...] | None  # None without axe-core


Visitor = Callable[[str, str], Visit]


@pytest.fixture(scope="session")
def visit(chromium: Browser, served: Server) -> Iterator[Visitor]:
    """Open a page in a viewport (once per session) and record what it shows."""
    contexts: dict[str, BrowserContext] = {}
    seen: dict[tuple[str, str], Visit] = {}

    def open_page(viewport: str, path: str) -> Visit:
        if (viewport, path) not in seen:
            if viewport not in contexts:
                width, height = VIEWPORTS[viewport]
                contexts[viewport] = chromium.new_context(viewport={"width": width, "height": height})
            seen[viewport, path] = _visit(contexts[viewport], served.url(path), viewport, path)
        return seen[viewport, path]

    yield open_page
    for context in contexts.values():
        context.close()


def _visit(context: BrowserContext, url: str, viewport: str, path: str) -> Visit:
    page = context.new_page()
    requests: list[str] = []
    missing: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    try:
        page.goto(url, wait_until="load")
        banner = page.evaluate(BANNER_FACTS)
        locator = page.locator("[data-infoblokk]").first
        visible = banner is not None and locator.is_visible()
        snapshot = locator.aria_snapshot() if banner is not None else ""
        facts = page.evaluate(PAGE_FACTS)
        if path in SCREENSHOT_PAGES:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = page_id(path).strip("/").replace("/", "_") or "home"
            page.screenshot(path=str(ARTIFACTS / f"{viewport}-{name}.png"), full_page=True)
        violations = None
        if AXE_SCRIPT.is_file():
            page.add_script_tag(path=str(AXE_SCRIPT))
            violations = tuple(page.evaluate(AXE_RUN, AXE_TAGS))
        return Visit(url, tuple(requests), tuple(missing), banner, visible, snapshot, facts, violations)
    finally:
        page.close()


# --------------------------------------------------------------------------
# The funding banner
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("viewport", "page"), CASES)
def test_banner_is_visible_and_its_image_loaded(visit: Visitor, viewport: str, page: str) -> None:
    seen = visit(viewport, page)
    assert seen.banner is not None, "no element with data-infoblokk"
    assert seen.banner_visible
    assert seen.banner["imageLoaded"], "the banner image did not load (img.complete && naturalWidth > 0)"


@pytest.mark.parametrize(("viewport", "page"), CASES)
def test_banner_is_inside_the_first_screen(visit: Visitor, viewport: str, page: str) -> None:
    banner = _banner(visit(viewport, page))
    width, height = VIEWPORTS[viewport]
    assert banner["scrollY"] == 0
    assert banner["left"] >= 0 and banner["top"] >= 0, banner
    assert banner["right"] <= width and banner["bottom"] <= height, banner


@pytest.mark.parametrize(("viewport", "page"), DESKTOP_CASES)
def test_banner_sits_at_the_top_right_on_a_desktop(visit: Visitor, viewport: str, page: str) -> None:
    banner = _banner(visit(viewport, page))
    width, _ = VIEWPORTS[viewport]
    assert banner["right"] > width / 2, f"the banner's right edge is in the left half: {banner}"
    assert banner["top"] <= 200, f"the banner starts {banner['top']} px down"


@pytest.mark.parametrize(("viewport", "page"), CASES)
def test_banner_is_at_least_its_minimum_width(visit: Visitor, viewport: str, page: str) -> None:
    banner = _banner(visit(viewport, page))
    minimum = max(MIN_BANNER_WIDTH, _profile_of(banner["key"]).min_width_px)
    assert banner["width"] >= minimum, banner
    assert banner["imageWidth"] >= minimum, banner


@pytest.mark.parametrize(("viewport", "page"), CASES)
def test_banner_has_an_accessible_name_that_names_the_funding(
    visit: Visitor, viewport: str, page: str
) -> None:
    seen = visit(viewport, page)
    key = _banner(seen)["key"]
    role, name = _role_and_name(seen.banner_snapshot)
    assert role == "link"
    assert name.strip(), f"the banner has no accessible name:\n{seen.banner_snapshot}"
    if key.startswith("szechenyi"):
        language = "en" if page.startswith("en/") else "hu"  # translations live under their language
        assert {"hu": "Európai Unió", "en": "European Union"}[language] in name
        profile = _profile_of(key)
        fund = key.removeprefix(profile.name).strip("-")
        if fund:
            fund_name = profile.texts_for(language).fund_name(fund.upper().replace("PLUS", "+"))
            assert fund_name in name


def _banner(seen: Visit) -> dict[str, Any]:
    assert seen.banner is not None, "no element with data-infoblokk"
    return seen.banner


def _profile_of(key: str) -> Any:
    """The banner profile of a banner key: `szechenyi2020-esza` → szechenyi2020."""
    profiles = load_profiles()
    name = max((name for name in profiles if key == name or key.startswith(name + "-")), key=len)
    return profiles[name]


def _role_and_name(snapshot: str) -> tuple[str, str]:
    """The role and accessible name of the first node of Playwright's ARIA snapshot (YAML)."""
    nodes = yaml.safe_load(snapshot)
    first = nodes[0] if isinstance(nodes, list) and nodes else None
    head = next(iter(first)) if isinstance(first, dict) else first
    match = re.fullmatch(r'(\w+)(?: ("(?:[^"\\]|\\.)*"))?.*', str(head))
    assert match, snapshot
    return match.group(1), json.loads(match.group(2)) if match.group(2) else ""


# --------------------------------------------------------------------------
# Accessibility, requests, layout
# --------------------------------------------------------------------------


@pytest.mark.requires("axe")
@pytest.mark.parametrize(("viewport", "page"), CASES)
def test_axe_finds_no_wcag_21_aa_violations(visit: Visitor, viewport: str, page: str) -> None:
    seen = visit(viewport, page)
    assert seen.violations is not None
    # Tables that scroll sideways without keyboard focus are a generator problem, asserted
    # (strictly expected to fail until fixed) by test_wide_tables_can_be_scrolled_with_the_keyboard.
    violations = [v for v in seen.violations if not _is_unfocusable_table_scroll(v)]
    assert not violations, _describe(violations)


@pytest.mark.requires("axe")
@pytest.mark.parametrize(("viewport", "page"), CASES)
def test_wide_tables_can_be_scrolled_with_the_keyboard(
    visit: Visitor, viewport: str, page: str, request: pytest.FixtureRequest
) -> None:
    seen = visit(viewport, page)
    assert seen.violations is not None
    if seen.page["tablesScrollingWithoutFocus"]:
        request.applymarker(
            pytest.mark.xfail(
                strict=True,
                reason="generator: Markdown tables need a focusable scroll wrapper "
                '(<div class="table-scroll" tabindex="0" role="region" aria-label=…>), '
                "to be added in infoblokk/markup.py",
            )
        )
    violations = [v for v in seen.violations if _is_unfocusable_table_scroll(v)]
    assert not violations, _describe(violations)


def _is_unfocusable_table_scroll(violation: dict[str, Any]) -> bool:
    nodes = violation["nodes"]
    return violation["id"] == "scrollable-region-focusable" and all(
        node["target"].split(" ")[-1].startswith("table") for node in nodes
    )


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [
            f"  {node['target']}: {node['html'][:160]}\n    {node['summary']}" for node in violation["nodes"]
        ]
    return "\n".join(lines)


@pytest.mark.parametrize(("viewport", "page"), CASES)
def test_page_asks_no_other_host(visit: Visitor, served: Server, viewport: str, page: str) -> None:
    seen = visit(viewport, page)
    assert seen.requests, "no request was recorded"
    foreign = [url for url in seen.requests if not _same_origin(url, served.origin)]
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.mark.parametrize(("viewport", "page"), CASES)
def test_page_asks_for_nothing_the_site_lacks(visit: Visitor, viewport: str, page: str) -> None:
    """No 404 for what the page loads: stylesheets, images, scripts (the icon: test_browser_favicon.py)."""
    seen = visit(viewport, page)
    assert seen.missing == (), f"not found: {seen.missing}"


def _same_origin(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "data" or f"{parts.scheme}://{parts.netloc}" == origin


@pytest.mark.parametrize(("viewport", "page"), CASES)
def test_page_does_not_scroll_sideways(visit: Visitor, viewport: str, page: str) -> None:
    facts = visit(viewport, page).page
    assert facts["scrollWidth"] <= facts["innerWidth"], facts
