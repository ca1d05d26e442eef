"""operations.csv: the projects in the columns and value formats of the EU's list of operations.

The column list and each column's value pattern are data in the package
(infoblokk/outputs/data/list_of_operations.toml, with their sources); these tests build real
sites and check the file against that data, and that no column holds a figure the project
file does not state.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from pathlib import Path

from infoblokk.outputs.operations import operations_schema
from infoblokk.site import BuildResult, build_site
from tests.helpers import TODAY, MakeSite

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "infoblokk/outputs/data/list_of_operations.toml"

# A 2021–2027 project stating every fact the list asks for.
PLUS_PROJECT = """\
---
title: A mintavölgyi közösségi ház energetikai korszerűsítése
project_id: TOP_PLUSZ-2.1.1-21-BA1-2023-00931
beneficiary: [Mintavölgy Község Önkormányzata, Mintavölgyi Sportegyesület]
grant_amount: "96 450 000 Ft"
funding_rate: 100
total_cost: "120 500 000,50 Ft"
eu_cofinancing_rate: 85
nuts: HU231
intervention_category: 45
programme_code: 2021HU16FFPR003
start_date: 2024-03-01
end_date: 2026-08-31
banner: szechenyi-terv-plusz
objective: A közösségi ház energiafelhasználásának felére csökkentése.
summary: Hőszigetelés, új nyílászárók és napelemek a közösségi házon.
---

A projekt leírása.
"""

# A 2014–2020 ERFA project that states only the mandatory facts.
ERFA_PROJECT = """\
---
title: Óvoda bővítése Kisfaludon
project_id: TOP-1.4.1-16-ZA1-2017-00012
beneficiary: Kisfalud Község Önkormányzata
grant_amount: 150000000
funding_rate: 100
end_date: 2019-06-30
fund: ERFA
summary: Két új csoportszoba.
---

Az óvoda két csoportszobával bővült.
"""

EEA_PROJECT = """\
---
title: Közösségi ház a Maros mentén
beneficiary: Egyesület
grant_amount: "200 000 RON"
funding_rate: 90
end_date: 2016-12-31
banner: eea-norway-grants
---

Leírás.
"""


def rows_of(result: BuildResult) -> tuple[list[str], list[dict[str, str]]]:
    raw = (result.output_dir / "operations.csv").read_bytes()
    text = raw.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader)


def build(make_site: MakeSite, files: dict[str, str], config: str = 'title = "Próba"\n') -> BuildResult:
    return build_site(make_site(files, config), today=TODAY)


def test_the_header_is_the_schemas_column_list_and_every_value_matches_its_format(
    make_site: MakeSite,
) -> None:
    result = build(
        make_site,
        {"content/projects/haz.md": PLUS_PROJECT, "content/projects/ovoda.md": ERFA_PROJECT},
    )
    header, rows = rows_of(result)
    schema = tomllib.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert header == [column["name"] for column in schema["columns"]]
    assert len(rows) == 2
    for row in rows:
        for column in schema["columns"]:
            value = row[column["name"]]
            assert value or not column.get("required"), column["name"]
            if value:
                assert re.fullmatch(column["pattern"], value), (column["name"], value)


def test_the_file_is_rfc_4180_csv_with_one_line_per_record(make_site: MakeSite) -> None:
    body = PLUS_PROJECT.replace(
        "summary: Hőszigetelés, új nyílászárók és napelemek a közösségi házon.",
        'summary: "Hőszigetelés, \\"új\\" nyílászárók"',
    ).replace("objective: A közösségi ház energiafelhasználásának felére csökkentése.\n", "")
    result = build(make_site, {"content/projects/haz.md": body})
    raw = (result.output_dir / "operations.csv").read_bytes()
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[-1] == "" and len(lines) == 3  # header, one record, the final line break
    assert '"Hőszigetelés, ""új"" nyílászárók"' in lines[1]


def test_the_facts_are_written_as_the_schema_asks(make_site: MakeSite) -> None:
    result = build(make_site, {"content/projects/haz.md": PLUS_PROJECT})
    (row,) = rows_of(result)[1]
    assert row["Operation_Unique_Identifier"] == "TOP_PLUSZ-2.1.1-21-BA1-2023-00931"
    assert row["Operation_Start_Date"] == "01/03/2024"
    assert row["Operation_Expected_End_Date"] == "31/08/2026"
    assert row["Total_Eligible_Expenditure_amount"] == "120500000.5"
    assert row["Total_Eligible_Expenditure_Currency"] == "HUF"
    assert row["CoFinancing_Rate"] == "85"
    assert row["Programme_Code"] == "2021HU16FFPR003"
    assert row["Programming_Period"] == "2021-2027"
    assert row["Category_Of_Intervention"] == "045"
    assert row["Location_Indicator_NUTS_code"] == "HU231"
    assert row["Country"] == "Hungary"
    assert (
        row["Operation_Summary_Programme_Language"]
        == "A közösségi ház energiafelhasználásának felére csökkentése."
    )
    assert row["Beneficiary_Name"] == "Mintavölgy Község Önkormányzata; Mintavölgyi Sportegyesület"
    assert row["Fund_Code"] == ""  # the Széchenyi Terv Plusz banner names no fund: not guessed


def test_the_grant_and_its_rate_never_stand_in_for_the_total_cost_and_the_eu_rate(
    make_site: MakeSite,
) -> None:
    result = build(make_site, {"content/projects/ovoda.md": ERFA_PROJECT})
    (row,) = rows_of(result)[1]
    assert "150000000" not in row.values() and "100" not in row.values()
    for column in (
        "Total_Eligible_Expenditure_amount",
        "Total_Eligible_Expenditure_Currency",
        "Total_Eligible_Expenditure_Exchange_Rate",
        "CoFinancing_Rate",
        "Programme_Code",
        "Category_Of_Intervention",
        "Location_Indicator_NUTS_code",
        "Operation_Start_Date",
    ):
        assert row[column] == "", column
    assert row["Fund_Code"] == "ERDF" and row["Programming_Period"] == "2014-2020"
    assert row["Country"] == "Hungary"  # the Széchenyi 2020 programmes are Hungary's


def test_hungarian_funds_get_the_eus_codes_of_their_period(make_site: MakeSite) -> None:
    esza = ERFA_PROJECT.replace("fund: ERFA", "fund: ESZA").replace(
        "TOP-1.4.1-16-ZA1-2017-00012", "EFOP-1.2.3-16-2017-00001"
    )
    ka = ERFA_PROJECT.replace("fund: ERFA", "fund: KA").replace(
        "TOP-1.4.1-16-ZA1-2017-00012", "KEHOP-2.1.3-15-2016-00010"
    )
    result = build(make_site, {"content/projects/a.md": esza, "content/projects/b.md": ka})
    codes = {row["Operation_Unique_Identifier"]: row["Fund_Code"] for row in rows_of(result)[1]}
    assert codes == {"EFOP-1.2.3-16-2017-00001": "ESF", "KEHOP-2.1.3-15-2016-00010": "CF"}


def test_the_exchange_rate_column_holds_only_the_officers_own_rate(make_site: MakeSite) -> None:
    without = build(make_site, {"content/projects/haz.md": PLUS_PROJECT})
    assert rows_of(without)[1][0]["Total_Eligible_Expenditure_Exchange_Rate"] == ""  # not the default
    config = 'title = "Próba"\n\n[exchange_rates]\nHUF = 395.5\n'
    with_rate = build(make_site, {"content/projects/haz.md": PLUS_PROJECT}, config)
    assert rows_of(with_rate)[1][0]["Total_Eligible_Expenditure_Exchange_Rate"] == "395.5"


def test_a_project_of_the_eea_and_norway_grants_is_no_eu_operation(make_site: MakeSite) -> None:
    result = build(
        make_site, {"content/projects/eea.md": EEA_PROJECT, "content/projects/ovoda.md": ERFA_PROJECT}
    )
    assert [row["Operation_Name_Programme_Language"] for row in rows_of(result)[1]] == [
        "Óvoda bővítése Kisfaludon"
    ]
    assert (result.output_dir / "projects.csv").read_text(encoding="utf-8-sig").count("Maros mentén") == 1


def test_the_example_site_lists_its_eu_projects_with_the_english_title_where_there_is_one(
    example_site: BuildResult,
) -> None:
    _, rows = rows_of(example_site)
    assert len(rows) == 3 and {row["Fund_Code"] for row in rows} == {"ESF"}
    zala = next(row for row in rows if row["Operation_Unique_Identifier"] == "EFOP-1.6.3.-17-2017-00004")
    assert zala["Operation_Name_English"] == "Cooperation for social inclusion in Zala County"
    assert zala["Operation_Expected_End_Date"] == "31/10/2020"


def test_every_column_of_the_schema_names_its_source() -> None:
    schema = operations_schema()
    assert schema.source and all(len(column.source) >= 10 for column in schema.columns)
    assert len(set(schema.column_names)) == len(schema.columns)
