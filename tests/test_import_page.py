"""`import page`: existing project pages (saved HTML, copied text) become draft content files.

The pages below are written in the styles of the example projects' original pages (their facts
come from the design notes; the prose is ours): labels in bold paragraphs, a table, a
consortium with a list of partners, a press release, a page without an amount.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from infoblokk.errors import BuildFailed, Severity
from infoblokk.importing.page import read_page
from infoblokk.site import check_site
from tests.helpers import MakeSite, run_cli

SOMOGY_HTML = """\
<!DOCTYPE html>
<html lang="hu"><head><meta charset="utf-8"><title>Projektjeink – Somogy Megyei Önkormányzat</title></head>
<body>
<header><nav><ul><li><a href="/">Kezdőlap</a></li><li><a href="/hirek">Hírek</a></li></ul></nav></header>
<main>
<h1>Somogy megyei felzárkózáspolitikai együttműködések támogatása
a helyi esélyegyenlőségi programokhoz kapcsolódóan</h1>
<p><img src="/files/infoblokk_kedv_final_felso_cmyk_ESZA.jpg" alt="Széchenyi 2020"></p>
<p><strong>Kedvezményezett neve: </strong>Somogy Megyei Önkormányzat</p>
<p><strong>Projekt azonosítószám:</strong> EFOP-1.6.3-17-2017-00006</p>
<p><strong>Megítélt támogatás:</strong> 75.000.000,- Ft</p>
<p><strong>Támogatás mértéke:</strong> 100, 00 %</p>
<p><strong>Projekt tervezett befejezésének dátuma:</strong> 2020.12.31</p>
<h2>Célok</h2>
<p>A megye kistelepülésein élők esélyeit <em>helyi összefogással</em> javítjuk.</p>
<h3>Öt pillér</h3>
<ul><li>bizalom</li><li>közösség</li><li>belső igény</li><li>szociális biztonság</li><li>empátia</li></ul>
<p>Bővebben: <a href="https://www.example.hu/esely">a program oldalán</a>.</p>
</main>
<footer><p>© Somogy Megyei Önkormányzat</p></footer>
</body></html>
"""

ZALA_TXT = """\
Zala megyei felzárkózás-politikai együttműködések

infoblokk_kedv_final_felso_cmyk_ESZA.jpg

Kedvezményezett neve:
Zala Megyei Önkormányzat
Konzorciumi partner: Társadalmi Esélyteremtési Főigazgatóság
Projekt azonosító száma: EFOP-1.6.3.-17-2017-00004
Szerződött támogatás összege: 74 998 560 Ft
Támogatás mértéke (%-ban): 100%
Projekt tervezett befejezési dátuma: 2020. október 31.

A projekt tevékenységei
• megyei esélyegyenlőségi fórum működtetése
• a helyi programok összehangolása
• rendezvénysorozat
• képzések a helyi szakembereknek
"""

VESZPREM_CONSORTIUM_HTML = """\
<html><body>
<h1>Veszprém megyei esélyegyenlőségi és felzárkózási együttműködés</h1>
<table>
<tr><td>Projekt azonosító</td><td>EFOP-1.6.3-17-2017-00009</td></tr>
<tr><td>Konzorciumvezető</td><td>Veszprém Megyei Önkormányzat</td></tr>
<tr><td>A támogatás összege</td><td>74,976 millió forint</td></tr>
<tr><td>Támogatási intenzitás</td><td>100%</td></tr>
<tr><td>Projekt időtartama</td><td>2017.12.01 – 2021.05.31</td></tr>
</table>
<p>Konzorciumi partnerek:</p>
<ul><li>Szociális és Gyermekvédelmi Főigazgatóság</li><li>Társadalmi Esélyteremtési Főigazgatóság</li></ul>
<h2>A projektről</h2>
<p>A megye járásaiban működő fórumok közös munkáját segítjük.</p>
</body></html>
"""

PRESS_RELEASE_HTML = """\
<html><body><article>
<h1>Zárórendezvénnyel ért véget a megyei együttműködés</h1>
<p><strong>Sajtóközlemény</strong> – Veszprém, 2021. május 26.</p>
<p>Ma zárult a Veszprém Megyei Önkormányzat „Veszprém megyei esélyegyenlőségi és felzárkózási
együttműködés” című projektje (EFOP-1.6.3-17-2017-00009), amely 74,976 millió forint vissza nem
térítendő támogatásból valósult meg.</p>
<p>A rendezvényen a partnerek bemutatták a három és fél év eredményeit.</p>
</article></body></html>
"""

NO_AMOUNT_TXT = """\
A projekt címe: Humán szolgáltatások fejlesztése a társadalmi felzárkózás érdekében
Projektazonosító: EFOP-1.5.3-16-2017-00062
Kedvezményezett: Öt település önkormányzatának és két civil szervezetnek a konzorciuma
Projekt időtartama: 24 hónap

Prioritások
1. szakemberhiány enyhítése
2. foglalkoztathatóság javítása
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def facts_of(folder: Path, name: str, text: str) -> dict[str, object]:
    imported = read_page(write(folder, name, text))
    return {fact.key: fact.value for fact in imported.found}


def imported_file(site: Path) -> Path:
    (path,) = (site / "content" / "projects").glob("*.md")
    return path


# --- each label as pages spell it ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "key", "value"),
    [
        ("Projekt azonosítószám: EFOP-1.6.3-17-2017-00006", "project_id", "EFOP-1.6.3-17-2017-00006"),
        ("Projekt azonosító száma: EFOP-1.6.3.-17-2017-00004", "project_id", "EFOP-1.6.3-17-2017-00004"),
        ("Projektazonosító: efop-1.5.3-16-2017-00062", "project_id", "EFOP-1.5.3-16-2017-00062"),
        ("A projekt azonosítószáma EFOP-1.6.3-17-2017-00009", "project_id", "EFOP-1.6.3-17-2017-00009"),
        ("Megítélt támogatás: 75.000.000,- Ft", "grant_amount", Decimal(75_000_000)),
        ("Szerződött támogatás összege: 74 998 560 Ft", "grant_amount", Decimal(74_998_560)),
        ("A támogatás összege: 74,976 millió forint", "grant_amount", Decimal(74_976_000)),
        ("Támogatás mértéke: 100, 00 %", "funding_rate", Decimal(100)),
        ("Támogatás mértéke (%-ban): 85,5%", "funding_rate", Decimal("85.5")),
        ("Projekt tervezett befejezési dátuma: 2020.12.31", "end_date", date(2020, 12, 31)),
        ("Projekt tervezett befejezésének dátuma: 2020. december 31.", "end_date", date(2020, 12, 31)),
        ("befejezésének dátuma: 2020-10-31", "end_date", date(2020, 10, 31)),
        ("A projekt kezdete: 2017.12.01.", "start_date", date(2017, 12, 1)),
        ("Kedvezményezett neve: Somogy Megyei Önkormányzat", "beneficiary", ("Somogy Megyei Önkormányzat",)),
        ("Konzorciumvezető: Zala Megyei Önkormányzat", "beneficiary", ("Zala Megyei Önkormányzat",)),
        ("A projekt címe: Zala megyei együttműködés", "title", "Zala megyei együttműködés"),
        ("Alap: Európai Szociális Alap", "fund", "ESZA"),
    ],
)
def test_every_label_spelling_gives_its_fact(tmp_path: Path, line: str, key: str, value: object) -> None:
    found = facts_of(tmp_path, "oldal.txt", f"Próbaprojekt\n{line}\n")
    assert found[key] == value


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("75.000.000,- Ft", Decimal(75_000_000)),
        ("75 000 000 Ft", Decimal(75_000_000)),
        ("75000000", Decimal(75_000_000)),
        ("75 millió forint", Decimal(75_000_000)),
        ("75 000 000 Ft, azaz hetvenötmillió forint", Decimal(75_000_000)),
        ("1 756 996,00 RON", Decimal("1756996.00")),
    ],
)
def test_amounts_in_every_hungarian_form(tmp_path: Path, written: str, amount: Decimal) -> None:
    found = facts_of(tmp_path, "oldal.txt", f"A projekt címe: Próba\nMegítélt támogatás: {written}\n")
    assert found["grant_amount"] == amount


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2020.12.31", date(2020, 12, 31)),
        ("2020.12.31.", date(2020, 12, 31)),
        ("2020. 12. 31.", date(2020, 12, 31)),
        ("2020. december 31.", date(2020, 12, 31)),
        ("2020. dec. 31.", date(2020, 12, 31)),
        ("2020-12-31", date(2020, 12, 31)),
        ("2020.12.31 (meghosszabbítva)", date(2020, 12, 31)),
    ],
)
def test_dates_in_every_hungarian_form(tmp_path: Path, written: str, day: date) -> None:
    found = facts_of(
        tmp_path, "oldal.txt", f"A projekt címe: Próba\nProjekt tervezett befejezési dátuma: {written}\n"
    )
    assert found["end_date"] == day


@pytest.mark.parametrize(
    ("written", "rate"), [("100%", 100), ("100 %", 100), ("100, 00 %", 100), ("85,5 %", "85.5")]
)
def test_percentages_in_every_form(tmp_path: Path, written: str, rate: object) -> None:
    found = facts_of(tmp_path, "oldal.txt", f"A projekt címe: Próba\nTámogatás mértéke: {written}\n")
    assert found["funding_rate"] == Decimal(str(rate))


def test_a_value_on_the_line_below_its_label_is_found(tmp_path: Path) -> None:
    found = facts_of(tmp_path, "oldal.txt", "A projekt címe:\nPróba\nMegítélt támogatás:\n75 000 000 Ft\n")
    assert (found["title"], found["grant_amount"]) == ("Próba", Decimal(75_000_000))


def test_an_approximate_amount_is_not_taken_and_stays_in_the_text(tmp_path: Path) -> None:
    imported = read_page(
        write(tmp_path, "oldal.txt", "A projekt címe: Próba\nMegítélt támogatás: kb. 75 millió Ft\n")
    )
    assert "grant_amount" in imported.missing
    assert [(unread.key, unread.line) for unread in imported.unread] == [("grant_amount", 2)]
    assert "kb. 75 millió Ft" in imported.draft.body


# --- whole pages ------------------------------------------------------------------------------


def test_a_saved_html_page_becomes_a_draft_with_its_facts_text_and_fund(make_site: MakeSite) -> None:
    site = make_site({})
    source = write(site.parent, "somogy.html", SOMOGY_HTML)
    code, out, err = run_cli(site, "import", "page", str(source))
    assert code == 0, err
    text = imported_file(site).read_text(encoding="utf-8")
    for line in (
        'project_id: "EFOP-1.6.3-17-2017-00006"',
        'beneficiary: "Somogy Megyei Önkormányzat"',
        "grant_amount: 75000000",
        'currency: "HUF"',
        "funding_rate: 100",
        "end_date: 2020-12-31",
        'fund: "ESZA"',
        "draft: true",
    ):
        assert f"\n{line}\n" in text
    body = text.split("\n---\n", 1)[1]
    assert "## Célok" in body and "### Öt pillér" in body and "- empátia" in body
    assert "*helyi összefogással*" in body and "[a program oldalán](https://www.example.hu/esely)" in body
    assert "Kezdőlap" not in body and "©" not in body and "Megítélt" not in body  # menu, footer, facts
    assert '(line 11: "75.000.000,- Ft")' in out  # where each fact came from
    assert "infoblokk_kedv_final_felso_cmyk_ESZA.jpg" in out


def test_copied_text_with_a_consortium_partner_and_the_banner_file_name(tmp_path: Path) -> None:
    imported = read_page(write(tmp_path, "zala.txt", ZALA_TXT))
    found = {fact.key: fact for fact in imported.found}
    assert found["beneficiary"].value == (
        "Zala Megyei Önkormányzat",
        "Társadalmi Esélyteremtési Főigazgatóság",
    )
    assert found["beneficiary"].line == 6  # the value's own line, below its label
    assert found["fund"].value == "ESZA" and found["fund"].line == 3
    assert found["project_id"].value == "EFOP-1.6.3-17-2017-00004"
    assert found["end_date"].value == date(2020, 10, 31)
    assert imported.missing == ()
    assert (
        "## A projekt tevékenységei" in imported.draft.body and "- rendezvénysorozat" in imported.draft.body
    )
    assert "infoblokk_kedv" not in imported.draft.body


def test_a_consortium_in_a_table_with_a_list_of_partners_and_a_period(tmp_path: Path) -> None:
    imported = read_page(write(tmp_path, "veszprem.html", VESZPREM_CONSORTIUM_HTML))
    found = {fact.key: fact.value for fact in imported.found}
    assert found["beneficiary"] == (
        "Veszprém Megyei Önkormányzat",
        "Szociális és Gyermekvédelmi Főigazgatóság",
        "Társadalmi Esélyteremtési Főigazgatóság",
    )
    assert (found["start_date"], found["end_date"]) == (date(2017, 12, 1), date(2021, 5, 31))
    assert found["grant_amount"] == Decimal(74_976_000) and found["funding_rate"] == Decimal(100)
    assert "Főigazgatóság" not in imported.draft.body and "## A projektről" in imported.draft.body


def test_a_press_release_gives_the_title_and_id_it_names_but_no_amount_from_prose(tmp_path: Path) -> None:
    imported = read_page(write(tmp_path, "sajto.html", PRESS_RELEASE_HTML))
    found = {fact.key: fact.value for fact in imported.found}
    assert found["title"] == "Veszprém megyei esélyegyenlőségi és felzárkózási együttműködés"
    assert found["project_id"] == "EFOP-1.6.3-17-2017-00009"
    assert set(imported.missing) == {"beneficiary", "grant_amount", "funding_rate", "end_date"}
    assert "74,976 millió forint" in imported.draft.body  # the sentence stays, whole


def test_a_page_without_an_amount_leaves_it_out_and_says_so(make_site: MakeSite) -> None:
    site = make_site({})
    source = write(site.parent, "human.txt", NO_AMOUNT_TXT)
    code, out, err = run_cli(site, "import", "page", str(source))
    assert code == 0, err
    text = imported_file(site).read_text(encoding="utf-8")
    assert "\ngrant_amount:" not in text and "\n# grant_amount:" in text
    assert "not on the page" in out and "grant_amount" in out.split("not on the page")[1]
    assert "line 4: '24 hónap' was not read as" in out
    assert "1. szakemberhiány enyhítése" in text


def test_the_imported_file_passes_check_once_its_draft_line_is_deleted(make_site: MakeSite) -> None:
    site = make_site({})
    for name, text in (("somogy.html", SOMOGY_HTML), ("zala.txt", ZALA_TXT), ("human.txt", NO_AMOUNT_TXT)):
        assert run_cli(site, "import", "page", str(write(site.parent, name, text)))[0] == 0
    for path in (site / "content" / "projects").glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("\ndraft: true\n", "\n"), encoding="utf-8")
    problems = check_site(site)
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    gaps = {
        (p.path.name if p.path else "", str(p.message)) for p in problems if p.severity is Severity.COMPLIANCE
    }
    assert all(name.startswith("human") for name, _ in gaps)  # only the page that lacked facts


# --- refusing -----------------------------------------------------------------------------------


def test_a_file_not_in_utf8_is_refused_and_nothing_is_written(make_site: MakeSite) -> None:
    site = make_site({})
    source = write(site.parent, "regi.txt", "A projekt címe: Győri együttműködés\n".encode("cp1250"))
    code, _, err = run_cli(site, "import", "page", str(source))
    assert code == 1
    assert "not written in UTF-8" in err and "regi.txt:1" in err and "save it again as UTF-8" in err
    assert not list((site / "content").rglob("*.md"))


def test_an_existing_file_is_never_overwritten(make_site: MakeSite) -> None:
    site = make_site({})
    source = write(site.parent, "somogy.html", SOMOGY_HTML)
    assert run_cli(site, "import", "page", str(source))[0] == 0
    existing = imported_file(site)
    existing.write_text(existing.read_text(encoding="utf-8") + "\nSaját kiegészítés.\n", encoding="utf-8")
    before = existing.read_text(encoding="utf-8")
    code, _, err = run_cli(site, "import", "page", str(source))
    assert code == 1 and "EFOP-1.6.3-17-2017-00006 is already in content/projects/" in err
    assert existing.read_text(encoding="utf-8") == before


def test_a_page_without_any_title_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed, match="no project title"):
        read_page(write(tmp_path, "ures.txt", "- egy\n- kettő\n"))


# --- nothing invented ----------------------------------------------------------------------------

_LABEL_WORDS = st.sampled_from(
    [
        "Megítélt támogatás: ",
        "Támogatás mértéke: ",
        "Projekt azonosító száma: ",
        "Kedvezményezett neve: ",
        "befejezésének dátuma: ",
        "A projekt címe: ",
        "Konzorciumi partner: ",
        "\n",
        " ",
        "<p>",
        "</p>",
        "<h1>",
    ]
)


def _shown_roughly(html: str) -> str:
    """What a browser shows of the HTML, roughly: a tag parts the words around it, a comment or
    a `<?…>` / `<!…>` (which ends at the first `>`, whatever is inside) is left out and joins them."""
    hidden = re.sub(r"<!--.*?-->|<[!?][^>]*>", "", html, flags=re.DOTALL)
    return re.sub(r"<[a-zA-Z/][^>]*>", " ", hidden)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.one_of(_LABEL_WORDS, st.text(max_size=30)), max_size=25), html=st.booleans())
@example(parts=["0<?", "<p>", "Megítélt támogatás: "], html=True)  # `<p>` inside `<?…>` shows nothing
def test_random_text_never_ends_in_a_traceback_nor_invents_a_fact(
    tmp_path: Path, parts: list[str], html: bool
) -> None:
    text = "".join(parts)
    source = tmp_path / ("oldal.html" if html else "oldal.txt")
    source.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        imported = read_page(source)
    except BuildFailed:
        return
    shown = _shown_roughly(text) if html else text
    plain = " ".join(shown.split())
    for fact in imported.found:
        for piece in fact.source.split("; "):
            assert " ".join(piece.split()) in plain or "&" in text  # (entities are decoded)
    if not any(character.isdigit() for character in text):
        assert not {"grant_amount", "funding_rate", "end_date", "start_date", "project_id"} & {
            fact.key for fact in imported.found
        }


def test_the_site_menu_copied_above_the_title_is_neither_title_nor_text(tmp_path: Path) -> None:
    copied = (
        "Főoldal | Önkormányzat | Projektek | Kapcsolat\n\n"
        "Ifjúsági közösségi tér kialakítása Kisfaludon\n\n"
        "Projekt azonosító száma: EFOP-1.4.3-16-2016-00021\n\n"
        "A projekt keretében ifjúsági klub nyílt a volt iskolaépületben.\n"
    )
    imported = read_page(write(tmp_path, "masolat.txt", copied))
    found = {fact.key: fact.value for fact in imported.found}
    assert found["title"] == "Ifjúsági közösségi tér kialakítása Kisfaludon"
    assert "Kapcsolat" not in imported.draft.body
    assert "ifjúsági klub nyílt" in imported.draft.body
