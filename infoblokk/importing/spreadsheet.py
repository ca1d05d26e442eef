"""A project list read from a CSV or an Excel (.xlsx) file: its column names and its rows.

CSV files come from many programs: the separator is whichever of `;`, `,` and tab the header
line uses most (Hungarian Excel writes `;`, because the comma is the decimal mark), and the
text must be UTF-8 (with or without Excel's byte order mark). An .xlsx file is read with
openpyxl, its first sheet, cells as they are shown (a date cell is a date). The header is the
first row that is not empty; each row keeps its number in the spreadsheet, for the report.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from infoblokk.errors import BuildFailed, Problem
from infoblokk.messages import Text

Cell = str | date


@dataclass(frozen=True)
class Row:
    """One row: its number in the spreadsheet, and its cells by column name (empty ones left out)."""

    number: int
    cells: Mapping[str, Cell]


@dataclass(frozen=True)
class Sheet:
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def read_sheet(path: Path) -> Sheet:
    """The columns and rows of a .csv or .xlsx file; BuildFailed when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".txt", ".tsv"):
        raise _failed(
            path,
            Text("'{name}' is neither a .csv nor an .xlsx file", name=path.name),
            Text("save the list from your spreadsheet program as CSV UTF-8 or as an Excel workbook (.xlsx)"),
        )
    try:
        table = _xlsx_table(path) if suffix == ".xlsx" else _csv_table(path)
    except OSError as error:
        message = Text("the file could not be read: {reason}", reason=error.strerror or error)
        raise _failed(path, message, Text("check the file's name and folder")) from None
    return _sheet(table, path)


def _failed(path: Path, message: Text, hint: Text, line: int | None = None) -> BuildFailed:
    return BuildFailed((Problem(message, path, line, hint),))


def _csv_table(path: Path) -> list[tuple[int, list[Cell]]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = Text(
            "the file is not written in UTF-8, so its accented letters cannot be read (the first "
            "unreadable byte is on line {line})",
            line=line,
        )
        hint = Text("save it again as 'CSV UTF-8' (Excel: File → Save as → CSV UTF-8), then import it again")
        raise _failed(path, message, hint, line) from None
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    separator = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    return [(reader.line_num, list(cells)) for cells in reader]


def _xlsx_table(path: Path) -> list[tuple[int, list[Cell]]]:
    from openpyxl import load_workbook  # only here: reading CSV needs none of it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except OSError:
        raise
    except Exception:  # openpyxl raises zipfile's, KeyError and its own errors for a damaged file
        message = Text("the file is not an Excel workbook that can be read")
        raise _failed(
            path, message, Text("open it in Excel or LibreOffice and save it again as .xlsx")
        ) from None
    try:
        sheet = book.worksheets[0]
        return [
            (number, [_cell(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
        ]
    finally:
        book.close()


def _cell(value: object) -> Cell:
    """A cell's value as text, or as a date when it is one."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float):
        number = Decimal(repr(value))
        return str(number.quantize(Decimal(1))) if number == number.to_integral_value() else str(number)
    return str(value).strip()


def _sheet(table: list[tuple[int, list[Cell]]], path: Path) -> Sheet:
    filled = [(number, cells) for number, cells in table if any(_text(cell) for cell in cells)]
    if not filled:
        raise _failed(path, Text("the list is empty"), Text("check that you chose the right file"))
    _, header = filled[0]
    columns = tuple(" ".join(_text(cell).split()) for cell in header)
    rows = tuple(
        Row(
            number,
            {column: cell for column, cell in zip(columns, cells, strict=False) if column and _text(cell)},
        )
        for number, cells in filled[1:]
    )
    return Sheet(tuple(column for column in columns if column), rows)


def _text(cell: Cell) -> str:
    return cell.strip() if isinstance(cell, str) else cell.isoformat()
