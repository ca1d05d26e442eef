"""Links in Markdown bodies keep working under a sub-path and from the file system."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from infoblokk.content.sources import SourceFile
from infoblokk.render.links import rewrite_links


def source_at(path: Path, body: str) -> SourceFile:
    return SourceFile(path, "page", path.stem, None, MappingProxyType({}), MappingProxyType({}), body, 5)


def test_link_to_a_content_file_becomes_a_link_to_its_page(tmp_path: Path) -> None:
    page = source_at(tmp_path / "pages" / "about.md", "")
    urls = {(tmp_path / "projects" / "zala.md").resolve(): "projektek/zala/"}
    html, problems = rewrite_links('<a href="../projects/zala.md#celok">Zala</a>', page, "about/", urls)
    assert html == '<a href="../projektek/zala/index.html#celok">Zala</a>'
    assert problems == ()


def test_link_from_the_site_root_becomes_relative(tmp_path: Path) -> None:
    page = source_at(tmp_path / "projects" / "zala.md", "")
    html, _ = rewrite_links('<img src="/kepek/forum.jpg" alt="">', page, "projektek/zala/", {})
    assert html == '<img src="../../kepek/forum.jpg" alt="">'


def test_external_and_fragment_links_are_left_alone(tmp_path: Path) -> None:
    page = source_at(tmp_path / "pages" / "about.md", "")
    original = '<a href="https://example.org/x.md">x</a><a href="#top">t</a><a href="mailto:a@b.hu">m</a>'
    assert rewrite_links(original, page, "about/", {}) == (original, ())


def test_link_to_a_missing_content_file_is_reported_with_its_line(tmp_path: Path) -> None:
    body = "\nElső bekezdés.\n\nLásd [ezt](nincs-ilyen.md).\n"
    page = source_at(tmp_path / "pages" / "about.md", body)
    _, problems = rewrite_links('<a href="nincs-ilyen.md">ezt</a>', page, "about/", {})
    assert len(problems) == 1
    assert problems[0].path == tmp_path / "pages" / "about.md"
    assert problems[0].line == 7  # body starts on line 5; the link is on its fourth line
    assert "nincs-ilyen.md" in problems[0].message
    assert problems[0].hint
