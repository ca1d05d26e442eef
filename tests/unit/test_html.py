"""Reading start tags and attributes in body HTML, and rewriting values in place."""

from __future__ import annotations

from infoblokk.render.html import find_attributes, find_tags, replace_spans


def written(fragment: str, span: tuple[int, int]) -> str:
    return fragment[span[0] : span[1]]


def test_values_in_double_single_or_no_quotes_are_read_alike() -> None:
    fragment = """<a href="a.md" title='Cím' class=kiemelt>x</a>"""
    (tag,) = find_tags(fragment)
    assert tag.name == "a"
    assert tag.values() == {"href": "a.md", "title": "Cím", "class": "kiemelt"}
    assert [attribute.quote for attribute in tag.attributes] == ['"', "'", ""]
    assert [written(fragment, attribute.span) for attribute in tag.attributes] == [
        '"a.md"',
        "'Cím'",
        "kiemelt",
    ]


def test_names_are_read_in_lower_case_and_values_with_entities_decoded() -> None:
    (tag,) = find_tags('<IMG SRC="a&amp;b.jpg" Alt="&quot;Fórum&quot; &#39;21 &lt;3">')
    assert tag.name == "img"
    assert tag.values() == {"src": "a&b.jpg", "alt": '"Fórum" \'21 <3'}


def test_a_tag_is_found_whole_when_a_quoted_value_holds_a_greater_than_sign() -> None:
    fragment = '<a title="a > b" href="x.md">x</a><img src=y.jpg/>'
    tags = list(find_tags(fragment))
    assert [(tag.name, tag.values()) for tag in tags] == [
        ("a", {"title": "a > b", "href": "x.md"}),
        ("img", {"src": "y.jpg/"}),  # as browsers read an unquoted value before "/>"
    ]
    assert written(fragment, tags[0].span) == tags[0].text == '<a title="a > b" href="x.md">'


def test_only_the_named_tags_are_given_when_names_are() -> None:
    fragment = '<p><a href="x">x</a><img src="a.jpg"><IMG src="b.jpg"></p>'
    assert [tag.values()["src"] for tag in find_tags(fragment, {"img"})] == ["a.jpg", "b.jpg"]


def test_attributes_of_some_names_are_found_in_any_tag_in_order() -> None:
    fragment = (
        '<a href="x.md" title="t"><IMG SRC=y.jpg><p data-href="z"><!-- <a href="c.md"> -->'
        "<my-card href='k.md'><code>&lt;a href=\"kod.md\"&gt;</code>"
    )
    found = list(find_attributes(fragment, {"href", "src"}))
    assert [(attribute.name, attribute.value) for attribute in found] == [
        ("href", "x.md"),
        ("src", "y.jpg"),
        ("href", "k.md"),
    ]
    assert [written(fragment, attribute.span) for attribute in found] == ['"x.md"', "y.jpg", "'k.md'"]


def test_comments_scripts_styles_and_code_samples_hold_no_tags() -> None:
    fragment = (
        '<!-- <a href="megjegyzes.md"> --><script src="s.js">if (a <b) { x = \'<a href="k.md">\'; }</script>'
        '<style>p::before { content: "<img src=x.jpg>"; }</style><code>&lt;a href="kod.md"&gt;</code>'
        '<a href="valodi.md">'
    )
    assert [(tag.name, tag.values()) for tag in find_tags(fragment)] == [
        ("script", {"src": "s.js"}),
        ("style", {}),
        ("code", {}),
        ("a", {"href": "valodi.md"}),
    ]


def test_an_unclosed_comment_hides_the_rest() -> None:
    assert [tag.name for tag in find_tags('<p>x</p><!-- <a href="x.md">')] == ["p"]


def test_an_attribute_without_a_value_and_duplicates_read_as_browsers_read_them() -> None:
    (tag,) = find_tags('<input disabled name="a" NAME="b">')
    assert tag.values() == {"disabled": "", "name": "a"}
    disabled = tag.get("disabled")
    assert disabled is not None and disabled.span[0] == disabled.span[1]  # nothing written
    assert tag.get("missing") is None


def test_a_new_value_is_written_in_the_old_ones_quotes_and_escaped_as_markdown_escapes() -> None:
    fragment = """<a href="a.md" title='b' data-x=c>"""
    double, single, bare = next(find_tags(fragment)).attributes
    assert double.quoted('x&y "z" <w>') == '"x&amp;y &quot;z&quot; &lt;w&gt;"'
    assert single.quoted("it's") == "'it&#39;s'"
    assert bare.quoted("two words") == '"two words"'


def test_replacing_spans_leaves_every_other_byte_as_it_was() -> None:
    fragment = """<p class=x>Szöveg <a  HREF='a.md'  title="t">link</a></p>"""
    (link,) = find_tags(fragment, {"a"})
    href = link.get("href")
    assert href is not None
    assert replace_spans(fragment, [(href.span, href.quoted("../a/index.html"))]) == (
        """<p class=x>Szöveg <a  HREF='../a/index.html'  title="t">link</a></p>"""
    )
    assert replace_spans(fragment, []) == fragment


def test_rewriting_every_value_with_its_own_value_reads_back_the_same() -> None:
    fragment = """<img alt='"Idézet" &amp; más' src=a.jpg title="a &lt; b"><a href="x?a=1&amp;b=2">"""
    tags = list(find_tags(fragment))
    replacements = [
        (attribute.span, attribute.quoted(attribute.value)) for tag in tags for attribute in tag.attributes
    ]
    again = list(find_tags(replace_spans(fragment, replacements)))
    assert [tag.values() for tag in again] == [tag.values() for tag in tags]
