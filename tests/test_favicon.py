"""Every page names its icon, so browsers stop asking for a /favicon.ico that is not there."""

from __future__ import annotations

import re

from infoblokk.site import BuildResult


def test_every_page_links_an_icon_that_the_site_holds(example_site: BuildResult) -> None:
    output = example_site.output_dir
    pages = sorted(output.rglob("*.html"))
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        icons = re.findall(r'<link rel="icon" href="([^"]+)"', html)
        assert len(icons) == 2, path
        if path.name == "404.html":  # shown at any address: its links start from the server's root
            assert icons == ["/favicon.ico", "/favicon.svg"]
            continue
        for href in icons:
            assert (path.parent / href).resolve().is_file(), (path, href)


def test_the_icon_is_at_the_root_where_browsers_look_without_a_link(example_site: BuildResult) -> None:
    icon = (example_site.output_dir / "favicon.ico").read_bytes()
    assert icon[:4] == b"\x00\x00\x01\x00"  # an ICO file
    svg = (example_site.output_dir / "favicon.svg").read_text(encoding="utf-8")
    assert (
        svg.count('class="eu-star"') == 12 and 'fill="#003399"' in svg
    )  # the EU emblem, as drawn for the banner
