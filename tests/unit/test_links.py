"""Links in Markdown bodies keep working under a sub-path and from the file system."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from infoblokk.content.sources import SourceFile, pack_body
from infoblokk.render.links import folders_up, rewrite_links


def source_at(path: Path, body: str) -> SourceFile:
    empty = MappingProxyType({})
    return SourceFile(path, "page", path.stem, None, empty, empty, pack_body(body), 5)


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


# --- links however the raw HTML writes them ----------------------------------------------------------


def test_single_quoted_links_are_rewritten_in_their_quotes(tmp_path: Path) -> None:
    page = source_at(tmp_path / "projects" / "zala.md", "")
    urls = {(tmp_path / "news" / "x.md").resolve(): "hirek/x/"}
    html, problems = rewrite_links(
        "<a href='../news/x.md'>hír</a><img src='/kepek/a.jpg' alt=''>", page, "projektek/zala/", urls
    )
    assert html == "<a href='../../hirek/x/index.html'>hír</a><img src='../../kepek/a.jpg' alt=''>"
    assert problems == ()


def test_unquoted_and_upper_case_links_are_rewritten_too(tmp_path: Path) -> None:
    page = source_at(tmp_path / "projects" / "zala.md", "")
    html, _ = rewrite_links(
        '<IMG SRC=/kepek/a.jpg ALT="x"><a HREF="/dokumentum.pdf">', page, "projektek/zala/", {}
    )
    assert html == '<IMG SRC="../../kepek/a.jpg" ALT="x"><a HREF="../../dokumentum.pdf">'


def test_escaped_characters_in_a_link_stay_escaped(tmp_path: Path) -> None:
    page = source_at(tmp_path / "pages" / "about.md", "")
    urls = {(tmp_path / "pages" / "a&b.md").resolve(): "a-b/"}
    body = '<a href="a&amp;b.md">ab</a><img src="/kepek/a&amp;b.jpg"><a href="/x?a=1&amp;b=2">q</a>'
    html, problems = rewrite_links(body, page, "about/", urls)
    assert html == (
        '<a href="../a-b/index.html">ab</a><img src="../kepek/a&amp;b.jpg"><a href="../x?a=1&amp;b=2">q</a>'
    )
    assert problems == ()


def test_a_link_shown_as_code_or_left_in_a_comment_is_not_a_link(tmp_path: Path) -> None:
    page = source_at(tmp_path / "pages" / "about.md", "")
    original = (
        '<p><code>&lt;a href="nincs.md"&gt;</code></p><!-- <a href="nincs.md"> -->'
        '<script>var a = \'<a href="nincs.md">\';</script><p data-href="/marad">x</p>'
    )
    assert rewrite_links(original, page, "about/", {}) == (original, ())


def test_how_far_up_a_link_goes_is_counted_from_the_folder_it_is_written_in() -> None:
    assert [folders_up(link) for link in ("x.md", "./x.md", "a/../x.md", "../x.md#part")] == [0, 0, 0, 1]
    assert folders_up("../../news/x.md") == 2
    assert folders_up("a/../../../site/x.md") == 2  # up and down again: as far as it went
