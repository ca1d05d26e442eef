"""`import list`: project lists (Kohesio, the EU's list of operations, the Hungarian export, any
mapped spreadsheet) become one draft per row; existing projects are left alone or, with
--update, only their facts change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from infoblokk.errors import Severity
from infoblokk.importing.drafts import read_front_matter
from infoblokk.site import check_site
from tests.helpers import MakeSite, run_cli


def csv_text(separator: str, *rows: str) -> str:
    """A CSV file's text from rows written with `|` between the cells (easier to read here)."""
    return "".join(separator.join(row.split("|")) + "\n" for row in rows)


HUNGARIAN_CSV = csv_text(
    ";",
    "Kedvezményezett neve|Projekt címe|Felhívás kódja|Település|Döntés dátuma|Megítélt támogatás (HUF)"
    "|Projekt azonosító",
    "Zala Megyei Önkormányzat|Zala megyei felzárkózás-politikai együttműködések|EFOP-1.6.3-17|Zalaegerszeg"
    "|2017.11.20|74 998 560|EFOP-1.6.3-17-2017-00004",
    "Somogy Megyei Önkormányzat|Somogy megyei felzárkózáspolitikai együttműködések|EFOP-1.6.3-17|Kaposvár"
    "|2017.11.20|75000000,00|EFOP-1.6.3-17-2017-00006",
    "Névtelen Egyesület||EFOP-1.6.3-17|Pécs|2017.11.20|1000000|EFOP-1.6.3-17-2017-00010",
    "Kerekítő Kft.|Kerekített összeg|EFOP-1.6.3-17|Pécs|2017.11.20|kb. 5 millió|EFOP-1.6.3-17-2017-00011",
)

KOHESIO_CSV = csv_text(
    ",",
    "ID|PROJECT NAME|TOTAL BUDGET|AMOUNT EU SUPPORT|START DATE|END DATE|COUNTRY",
    "Q2806843|Veszprém megyei esélyegyenlőségi és felzárkózási együttműködés|88207058.82|74976000"
    "|2017-12-01|2021-05-31|Hungary",
    "EFOP-1.6.3-17-2017-00006|Somogy megyei felzárkózáspolitikai együttműködések|100000000|85000000"
    "|2017-12-01|2020-12-31|Hungary",
)

OPERATIONS_CSV = csv_text(
    ",",
    "Operation_Unique_Identifier|Operation_Name_Programme_Language|Beneficiary_Name|Operation_Start_Date"
    "|Operation_Expected_End_Date|CoFinancing_Rate|Total_Eligible_Expenditure_amount"
    "|Total_Eligible_Expenditure_Currency|Fund_Code|Programme_Code|Location_Indicator_NUTS_code"
    "|Category_Of_Intervention|Operation_Summary_Programme_Language",
    "TOP_PLUSZ-3.1.3-23-HE1-2024-00014|Egri bölcsőde bővítése|Eger Megyei Jogú Város Önkormányzata|2024-03-01"
    "|2026-02-28|85|120000000|HUF|ERDF|2021HU16FFPR003|HU312|127|A bölcsőde két új csoportszobával bővül.",
)


def projects(site: Path) -> dict[str, Path]:
    return {path.name: path for path in (site / "content" / "projects").glob("*.md")}


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_the_hungarian_export_with_semicolons_and_decimal_commas(make_site: MakeSite) -> None:
    site = make_site({})
    code, out, _ = run_cli(site, "import", "list", str(write(site.parent, "lista.csv", HUNGARIAN_CSV)))
    assert code == 1  # two rows rejected
    assert "supported-projects export" in out
    files = projects(site)
    somogy = read_front_matter(
        files["somogy-megyei-felzarkozaspolitikai-egyuttmukodesek.md"].read_text("utf-8")
    )
    assert (
        somogy["grant_amount"] == 75000000 and somogy["currency"] == "HUF"
    )  # Megítélt támogatás is the grant
    assert somogy["project_id"] == "EFOP-1.6.3-17-2017-00006" and somogy["draft"] is True
    assert somogy["extra"] == {
        "call": "EFOP-1.6.3-17",
        "settlement": "Kaposvár",
        "decision_date": "2017.11.20",
    }
    assert len(files) == 2


def test_every_rejected_row_is_reported_with_its_number_and_why(make_site: MakeSite) -> None:
    site = make_site({})
    code, _, err = run_cli(site, "import", "list", str(write(site.parent, "lista.csv", HUNGARIAN_CSV)))
    assert code == 1
    assert "lista.csv:4: row 4 was not imported: it has no title" in err
    assert (
        "lista.csv:5: row 5 was not imported: the column 'Megítélt támogatás (HUF)' holds 'kb. 5 millió'"
        in err
    )
    assert "approximate amount" in err


def test_kohesio_total_budget_is_the_total_cost_and_eu_support_only_gives_the_rate(
    make_site: MakeSite,
) -> None:
    site = make_site({})
    code, _, err = run_cli(site, "import", "list", str(write(site.parent, "kohesio.csv", KOHESIO_CSV)))
    assert code == 0, err
    veszprem = read_front_matter(
        projects(site)["veszprem-megyei-eselyegyenlosegi-es-felzarkozasi-egyuttmukodes.md"].read_text("utf-8")
    )
    assert "grant_amount" not in veszprem and "funding_rate" not in veszprem
    assert veszprem["total_cost"] == "88207058.82" and veszprem["currency"] == "EUR"
    assert veszprem["eu_cofinancing_rate"] == 85 and veszprem["extra"] == {"kohesio_id": "Q2806843"}
    assert (veszprem["start_date"], veszprem["end_date"]) == ("2017-12-01", "2021-05-31")
    somogy = read_front_matter(
        projects(site)["somogy-megyei-felzarkozaspolitikai-egyuttmukodesek.md"].read_text("utf-8")
    )
    assert somogy["project_id"] == "EFOP-1.6.3-17-2017-00006"


def test_the_list_of_operations_schema(make_site: MakeSite) -> None:
    site = make_site({})
    code, _, err = run_cli(site, "import", "list", str(write(site.parent, "operations.csv", OPERATIONS_CSV)))
    assert code == 0, err
    (path,) = projects(site).values()
    text = path.read_text("utf-8")
    meta = read_front_matter(text)
    assert meta["fund"] == "ERFA" and meta["eu_cofinancing_rate"] == 85 and meta["total_cost"] == 120000000
    assert (meta["nuts"], meta["intervention_category"], meta["programme_code"]) == (
        "HU312",
        "127",
        "2021HU16FFPR003",
    )
    assert "grant_amount" not in meta and "funding_rate" not in meta
    assert text.rstrip().endswith("A bölcsőde két új csoportszobával bővül.")


def test_an_xlsx_workbook_with_real_dates_and_numbers(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({})
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "Projekt címe",
            "Kedvezményezett neve",
            "Megítélt támogatás (HUF)",
            "Projekt azonosító",
            "Projekt befejezése",
        ]
    )
    sheet.append(
        [
            "Zala megyei együttműködés",
            "Zala Megyei Önkormányzat",
            74998560,
            "EFOP-1.6.3-17-2017-00004",
            date(2020, 10, 31),
        ]
    )
    book.save(tmp_path / "lista.xlsx")
    code, _, err = run_cli(site, "import", "list", str(tmp_path / "lista.xlsx"))
    assert code == 0, err
    meta = read_front_matter(projects(site)["zala-megyei-egyuttmukodes.md"].read_text("utf-8"))
    assert (meta["grant_amount"], meta["end_date"]) == (74998560, "2020-10-31")


def test_a_mapping_file_reads_any_spreadsheet(make_site: MakeSite) -> None:
    site = make_site({})
    sheet = write(
        site.parent,
        "sajat.csv",
        'Név,Kód,Összeg,Vége\nPróba projekt,EFOP-1.6.3-17-2017-00004,"1 000 000 Ft",2020.12.31\n',
    )
    mapping = write(
        site.parent,
        "map.toml",
        '[columns]\n"Név" = "title"\n"Kód" = "project_id"\n"Összeg" = "grant_amount"\n"Vége" = "end_date"\n',
    )
    code, _, err = run_cli(site, "import", "list", str(sheet), "--mapping", str(mapping))
    assert code == 0, err
    meta = read_front_matter(projects(site)["proba-projekt.md"].read_text("utf-8"))
    assert (meta["grant_amount"], meta["currency"], meta["end_date"]) == (1000000, "HUF", "2020-12-31")


def test_a_mapping_file_with_a_mistyped_column_is_a_clear_error(make_site: MakeSite) -> None:
    site = make_site({})
    sheet = write(site.parent, "sajat.csv", "Projekt címe,Összeg\nPróba,1000\n")
    mapping = write(
        site.parent, "map.toml", '[columns]\n"Projekt címe" = "title"\n"Osszeg" = "grant_amout"\n'
    )
    code, _, err = run_cli(site, "import", "list", str(sheet), "--mapping", str(mapping))
    assert code == 1
    assert "map.toml:3: the list has no column 'Osszeg'" in err and "did you mean 'Összeg'?" in err
    assert "Nothing was imported" in err and not projects(site)


def test_rows_already_imported_are_left_alone_without_update(make_site: MakeSite) -> None:
    site = make_site({})
    source = write(site.parent, "lista.csv", HUNGARIAN_CSV)
    run_cli(site, "import", "list", str(source))
    before = {name: path.read_text("utf-8") for name, path in projects(site).items()}
    _, out, _ = run_cli(site, "import", "list", str(source))
    assert "row 2: the project is already in content/projects/zala-megyei" in out
    assert {name: path.read_text("utf-8") for name, path in projects(site).items()} == before


def test_update_changes_only_the_facts_and_keeps_the_body_comments_and_other_keys(
    make_site: MakeSite,
) -> None:
    site = make_site({})
    source = write(site.parent, "lista.csv", HUNGARIAN_CSV)
    run_cli(site, "import", "list", str(source))
    zala = projects(site)["zala-megyei-felzarkozas-politikai-egyuttmukodesek.md"]
    edited = zala.read_text("utf-8").replace("\ndraft: true\n", "\ncounty: Zala  # a szűrőhöz\ndraft: true\n")
    edited = edited.replace("grant_amount: 74998560", 'grant_amount: "74.998.560,- Ft"  # a szerződésből')
    zala.write_text(edited + "\n## A projekt célja\n\nSaját szöveg, kézzel írva.\n", encoding="utf-8")
    changed = HUNGARIAN_CSV.replace("74 998 560", "75 100 000").replace("Zalaegerszeg", "Nagykanizsa")
    write(site.parent, "lista.csv", changed)
    _, out, _ = run_cli(site, "import", "list", str(source), "--update")
    assert (
        "row 2: updated content/projects/zala-megyei-felzarkozas-politikai-egyuttmukodesek.md: grant_amount"
        in out
    )
    assert "row 3: content/projects/somogy" in out and "already says the same" in out
    text = zala.read_text("utf-8")
    assert "grant_amount: 75100000  # a szerződésből" in text
    assert "county: Zala  # a szűrőhöz" in text and "Saját szöveg, kézzel írva." in text
    assert "# Szerződött támogatás összege." in text  # the comments stay


def test_imported_rows_pass_check_once_the_draft_line_is_deleted(make_site: MakeSite) -> None:
    site = make_site({})
    for name, text in (
        ("a.csv", HUNGARIAN_CSV),
        ("b.csv", KOHESIO_CSV.replace("EFOP-1.6.3-17-2017-00006", "Q1")),
        ("c.csv", OPERATIONS_CSV),
    ):
        run_cli(site, "import", "list", str(write(site.parent, name, text)))
    for path in projects(site).values():
        path.write_text(path.read_text("utf-8").replace("\ndraft: true\n", "\n"), encoding="utf-8")
    problems = check_site(site)
    assert [p for p in problems if p.severity is Severity.ERROR] == []


def test_a_csv_not_in_utf8_is_a_clear_error(make_site: MakeSite) -> None:
    site = make_site({})
    code, _, err = run_cli(
        site, "import", "list", str(write(site.parent, "lista.csv", HUNGARIAN_CSV.encode("cp1250")))
    )
    assert code == 1 and "not written in UTF-8" in err and "CSV UTF-8" in err and not projects(site)


def test_an_unknown_list_asks_for_a_mapping_file(make_site: MakeSite) -> None:
    site = make_site({})
    code, _, err = run_cli(site, "import", "list", str(write(site.parent, "x.csv", "a,b\n1,2\n")))
    assert code == 1 and "--mapping" in err and "a, b" in err
