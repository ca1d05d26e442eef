"""Which fact each column of a project list holds: known lists by their headers, others by a mapping.

Known lists (recognised by their column names, in any case and spacing):

- **Kohesio's project export** (`ID, PROJECT NAME, TOTAL BUDGET, AMOUNT EU SUPPORT, START DATE,
  END DATE, COUNTRY`): amounts in euro. TOTAL BUDGET is the project's total cost, and AMOUNT EU
  SUPPORT is the EU's part of it, not the contracted grant: it gives `eu_cofinancing_rate`
  (support ÷ budget) and nothing else. `grant_amount` stays out.
- **The EU's list of operations** (Kohesio's schema: `Operation_Unique_Identifier`,
  `Operation_Name_Programme_Language`, `Beneficiary_Name`, `Total_Eligible_Expenditure_amount`,
  `CoFinancing_Rate`, …): total eligible expenditure is `total_cost`, the co-financing rate is
  `eu_cofinancing_rate`, neither is the grant or the grant rate.
- **The Hungarian supported-projects export** (palyazat.gov.hu, "támogatott projektek":
  `Kedvezményezett neve`, `Projekt címe`, `Felhívás kódja`, `Település`, `Döntés dátuma`,
  `Megítélt támogatás (HUF)`, `Projekt azonosító`): the awarded grant is the grant.

Any other list is read with a mapping file (`--mapping MAP.toml`): under `[columns]`, each
column's name and the field it holds; optionally `currency = "EUR"` for amounts that name none.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from infoblokk.errors import BuildFailed, Problem
from infoblokk.messages import Text

FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "title": "the project's title",
        "project_id": "the project ID (EFOP-1.6.3-17-2017-00006)",
        "beneficiary": "the beneficiary; several names separated by ;",
        "grant_amount": "the contracted (awarded) grant",
        "currency": "HUF, EUR, RON",
        "funding_rate": "the grant rate in percent",
        "start_date": "the start date",
        "end_date": "the planned end date",
        "fund": "ESZA, ERFA, KA, ESZA+ (or ESF, ERDF, CF)",
        "summary": "one or two sentences",
        "county": "the county",
        "website": "the project's own website",
        "objective": "the main objective in one sentence",
        "total_cost": "the total cost (total budget, total eligible expenditure)",
        "eu_support": "the EU's part of the total cost: with total_cost, gives eu_cofinancing_rate",
        "eu_cofinancing_rate": "the EU co-financing rate in percent",
        "nuts": "the NUTS code of the place",
        "intervention_category": "the category of intervention",
        "programme_code": "the programme's CCI code",
        "body": "the description: the text of the page",
    }
)
"""The fields a column can hold (besides `extra.NAME`, kept under `extra:`)."""


@dataclass(frozen=True)
class ColumnMap:
    """What each used column holds, and what the list is."""

    name: Text
    fields: Mapping[str, str]
    """Column name → field (or `extra.NAME`)."""
    currency: str | None = None
    """The currency of amounts that name none (Kohesio: EUR)."""
    identity_key: str | None = None
    """Where an ID that is not a Hungarian project ID is kept under `extra:` (kohesio_id…)."""
    ignored: tuple[str, ...] = field(default=())


def _normal(name: str) -> str:
    return " ".join(re.sub(r"[_\s]+", " ", name).split()).casefold()


_KOHESIO = {
    "id": "project_id",
    "project name": "title",
    "total budget": "total_cost",
    "amount eu support": "eu_support",
    "start date": "start_date",
    "end date": "end_date",
}
_OPERATIONS = {
    "operation unique identifier": "project_id",
    "operation name programme language": "title",
    "beneficiary name": "beneficiary",
    "operation start date": "start_date",
    "operation expected end date": "end_date",
    "operation end date": "end_date",
    "cofinancing rate": "eu_cofinancing_rate",
    "total eligible expenditure amount": "total_cost",
    "total eligible expenditure currency": "currency",
    "fund code": "fund",
    "programme code": "programme_code",
    "location indicator nuts code": "nuts",
    "category of intervention": "intervention_category",
    "operation summary programme language": "body",
    "operation purpose programme language": "objective",
}
_HUNGARIAN = {
    "kedvezményezett neve": "beneficiary",
    "kedvezményezett": "beneficiary",
    "pályázó neve": "beneficiary",
    "projekt címe": "title",
    "projekt neve": "title",
    "projekt megnevezése": "title",
    "projekt azonosító": "project_id",
    "projekt azonosítószáma": "project_id",
    "projekt azonosító száma": "project_id",
    "projektazonosító": "project_id",
    "azonosító": "project_id",
    "megítélt támogatás (huf)": "grant_amount",
    "megítélt támogatás (ft)": "grant_amount",
    "megítélt támogatás": "grant_amount",
    "megítélt összeg (huf)": "grant_amount",
    "támogatás mértéke": "funding_rate",
    "támogatás mértéke (%)": "funding_rate",
    "megye": "county",
    "felhívás kódja": "extra.call",
    "felhívás": "extra.call",
    "település": "extra.settlement",
    "megvalósítás helye": "extra.settlement",
    "döntés dátuma": "extra.decision_date",
    "projekt kezdete": "start_date",
    "projekt befejezése": "end_date",
    "tervezett befejezés": "end_date",
}


def recognised(columns: tuple[str, ...]) -> ColumnMap | None:
    """The map of a known list, from its column names; None when the list is none of them."""
    normal = {_normal(column): column for column in columns}
    if {"operation unique identifier", "operation name programme language"} <= normal.keys():
        return _known(
            Text("the EU's list of operations (Kohesio schema)"), _OPERATIONS, normal, None, "operation_id"
        )
    if {"project name", "total budget", "amount eu support"} <= normal.keys():
        return _known(Text("Kohesio's project export"), _KOHESIO, normal, "EUR", "kohesio_id")
    if {"projekt címe", "kedvezményezett neve"} <= normal.keys() or (
        "megítélt támogatás (huf)" in normal and normal.keys() & {"projekt címe", "projekt neve"}
    ):
        return _known(Text("the Hungarian supported-projects export"), _HUNGARIAN, normal, "HUF", None)
    return None


def _known(
    name: Text,
    known: Mapping[str, str],
    normal: Mapping[str, str],
    currency: str | None,
    identity: str | None,
) -> ColumnMap:
    used: dict[str, str] = {}
    for header, target in known.items():
        if header in normal and target not in used.values():
            used[normal[header]] = target
    ignored = tuple(column for column in normal.values() if column not in used)
    return ColumnMap(name, used, currency, identity, ignored)


# ---------------------------------------------------------------------------------------------
# Mapping files
# ---------------------------------------------------------------------------------------------

_EXAMPLE = Text('e.g. "Projekt neve" = "title" under [columns]')


def mapping_from_file(path: Path, columns: tuple[str, ...]) -> ColumnMap:
    """The map a TOML file describes; BuildFailed naming each wrong line, all of them at once."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as error:
        message = Text("the mapping file could not be read: {reason}", reason=error.strerror or error)
        raise BuildFailed((Problem(message, path, hint=Text("check the file's name and folder")),)) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        message = Text("the mapping file is not valid TOML: {reason}", reason=str(error))
        raise BuildFailed((Problem(message, path, hint=_EXAMPLE),)) from None
    problems: list[Problem] = []
    mapped = data.get("columns")
    if not isinstance(mapped, dict) or not mapped:
        hint = Text('write [columns], then one line per column: "Projekt neve" = "title"')
        raise BuildFailed((Problem(Text("the mapping file has no [columns] table"), path, hint=hint),))
    fields: dict[str, str] = {}
    for column, target in mapped.items():
        line = _line_of(text, column)
        problem = _mapping_problem(column, target, columns, path, line)
        if problem is not None:
            problems.append(problem)
        else:
            fields[column] = str(target)
    currency = data.get("currency")
    if currency is not None and not (isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency)):
        hint = Text('a three-letter code: currency = "HUF", "EUR" or "RON"')
        problems.append(
            Problem(
                Text("'{value}' is not a currency code", value=currency),
                path,
                _line_of(text, "currency"),
                hint,
            )
        )
    if "title" not in fields.values() and not problems:
        problems.append(
            Problem(
                Text("no column is mapped to title"),
                path,
                hint=Text("every project needs a title: map the column that holds it"),
            )
        )
    if problems:
        raise BuildFailed(tuple(problems))
    return ColumnMap(Text("a list read with {file}", file=path.name), fields, currency, None)


def _mapping_problem(
    column: str, target: object, columns: tuple[str, ...], path: Path, line: int | None
) -> Problem | None:
    if column not in columns:
        close = difflib.get_close_matches(column, columns, n=1, cutoff=0.6)
        hint = (
            Text(
                "did you mean '{name}'? The list's columns: {columns}",
                name=close[0],
                columns=", ".join(columns),
            )
            if close
            else Text("the list's columns: {columns}", columns=", ".join(columns))
        )
        return Problem(Text("the list has no column '{name}'", name=column), path, line, hint)
    if not isinstance(target, str) or (
        target not in FIELDS and not re.fullmatch(r"extra\.[a-z][a-z0-9_]*", target)
    ):
        close = difflib.get_close_matches(str(target), FIELDS, n=1, cutoff=0.6)
        known = ", ".join(FIELDS)
        hint = (
            Text("did you mean '{name}'? The fields: {fields}, or extra.NAME", name=close[0], fields=known)
            if close
            else Text("the fields: {fields}, or extra.NAME", fields=known)
        )
        return Problem(Text("'{value}' is not a field a column can fill", value=target), path, line, hint)
    return None


def _line_of(text: str, key: str) -> int | None:
    """The line of the mapping file where `key` is written (quoted or bare)."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith((f'"{key}"', f"'{key}'")) or re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return None
