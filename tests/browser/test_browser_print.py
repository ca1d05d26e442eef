"""A project page printed on A4 keeps the banner and all seven facts, without the navigation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.serving import Server
from tests.browser.tools import ARTIFACTS
from tests.helpers import LABELS_IN_ORDER

pytestmark = pytest.mark.browser

PROJECT = "projektek/zala-felzarkozas/index.html"


def test_printed_project_page_shows_banner_and_facts_but_no_menu(chromium: Browser, served: Server) -> None:
    page = chromium.new_page()
    try:
        page.goto(served.url(PROJECT))
        page.emulate_media(media="print")
        assert page.locator("[data-infoblokk]").is_visible()
        assert not page.locator(".site-nav").is_visible()
        labels = page.locator(".facts dt").all_inner_texts()
        assert [label for label in labels if label in LABELS_IN_ORDER] == list(LABELS_IN_ORDER)
        banner_box = page.locator("[data-infoblokk] img").bounding_box()
        assert banner_box is not None and banner_box["width"] >= 150
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pdf = page.pdf(path=str(ARTIFACTS / "project-print-a4.pdf"), format="A4")
        assert pdf.startswith(b"%PDF")
    finally:
        page.close()
