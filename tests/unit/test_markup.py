"""Rules for Markdown bodies: the extensions authors rely on, and forgiveness of pasted text."""

from __future__ import annotations

from infoblokk.render.markup import MarkdownRenderer


def html(text: str) -> str:
    return MarkdownRenderer().render(text)


def test_table_becomes_an_html_table_with_header_cells() -> None:
    out = html("| Tevékenység | Kiknek |\n|---|---|\n| Képzés | szakemberek |\n")
    assert "<table>" in out
    assert "<th>Tevékenység</th>" in out
    assert "<td>szakemberek</td>" in out


def test_hungarian_heading_gets_an_ascii_id() -> None:
    assert '<h2 id="celcsoportok">Célcsoportok</h2>' in html("## Célcsoportok\n")
    assert 'id="fo-tevekenysegek"' in html("## Fő tevékenységek\n")


def test_heading_without_letters_still_gets_an_id() -> None:
    out = html("## ❧\n")
    assert '<h2 id="' in out
    assert 'id=""' not in out


def test_explicit_id_from_an_attribute_list_wins() -> None:
    out = html("## Célcsoportok {#kinek-szol}\n")
    assert '<h2 id="kinek-szol">Célcsoportok</h2>' in out


def test_list_typed_right_under_a_paragraph_line_becomes_a_list() -> None:
    out = html("A partnerek:\n- új együttműködéseket kezdeményeztek,\n- képzéseket tartottak.\n")
    assert "<p>A partnerek:</p>" in out
    assert "<li>új együttműködéseket kezdeményeztek,</li>" in out
    assert "<li>képzéseket tartottak.</li>" in out


def test_numbered_list_under_a_paragraph_line_becomes_a_numbered_list() -> None:
    out = html("Lépések:\n1. jelentkezés\n2. képzés\n")
    assert "<ol>" in out and "<li>jelentkezés</li>" in out


def test_paragraph_starting_with_a_hungarian_date_stays_a_paragraph() -> None:
    out = html("2021. május 26-án Veszprémben záró rendezvényt tartottak.\n")
    assert "<ol" not in out
    assert "<p>2021. május 26-án Veszprémben záró rendezvényt tartottak.</p>" in out


def test_real_numbered_list_still_starts_where_it_says() -> None:
    out = html("3. harmadik\n4. negyedik\n")
    assert '<ol start="3">' in out


def test_raw_html_in_the_body_is_kept() -> None:
    out = html('Bevezető.\n\n<div class="kiemelt">Fontos <strong>tudnivaló</strong></div>\n')
    assert '<div class="kiemelt">Fontos <strong>tudnivaló</strong></div>' in out


def test_fenced_code_is_left_exactly_as_written() -> None:
    code = "2021. május 26.\nszöveg\n- nem lista\n## nem címsor"
    out = html(f"```\n{code}\n```\n")
    assert f"<pre><code>{code}\n</code></pre>" in out


def test_each_render_starts_fresh() -> None:
    renderer = MarkdownRenderer()
    renderer.render("## Célok\n")
    assert 'id="celok"' in renderer.render("## Célok\n")


def test_site_extensions_are_added_to_the_built_in_ones() -> None:
    out = MarkdownRenderer(("abbr",)).render(
        "Az EFOP pályázat.\n\n*[EFOP]: Emberi Erőforrás Fejlesztési OP\n"
    )
    assert '<abbr title="Emberi Erőforrás Fejlesztési OP">EFOP</abbr>' in out
