"""`import list`: a project list (CSV or Excel) made into one draft project file per row.

A row is imported whole or not at all: a row without a title, or with a value that is not what
its column promises (a date that is no date, an amount with letters in it), is rejected and
reported with its row number and the reason. A row whose project is already in
content/projects/ (the same project ID, or the same Kohesio or operation ID) is left alone,
unless `--update` is given: then the facts the list gives are written into that file, and
nothing else in it changes (see `drafts.update_facts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError

from infoblokk.content.fields import ProjectFields
from infoblokk.errors import BuildFailed, Problem
from infoblokk.importing.columns import ColumnMap, mapping_from_file, recognised
from infoblokk.importing.drafts import (
    Draft,
    draft_text,
    file_name,
    identity,
    projects_by_identity,
    read_front_matter,
    update_facts,
    write_draft,
)
from infoblokk.importing.facts import (
    FactValue,
    read_amount,
    read_day_of,
    read_fund,
    read_names,
    read_plain,
    read_project_id,
    read_rate,
    share_in_percent,
)
from infoblokk.importing.spreadsheet import Cell, Row, read_sheet
from infoblokk.layout import FOLDER_OF_KIND, SiteFolders
from infoblokk.messages import Text, message_of


@dataclass(frozen=True)
class ListImport:
    """What became of each row."""

    source: Text
    written: tuple[tuple[int, Path], ...]
    updated: tuple[tuple[int, Path, tuple[str, ...]], ...]
    left_alone: tuple[tuple[int, Path], ...]
    problems: tuple[Problem, ...]
    """One per rejected row, at the row's number in the list."""
    ignored_columns: tuple[str, ...] = ()


def import_list(site_dir: Path, path: Path, mapping: Path | None, update: bool) -> ListImport:
    """Import every row of the list at `path`; BuildFailed when the list itself cannot be read."""
    sheet = read_sheet(path)
    columns = mapping_from_file(mapping, sheet.columns) if mapping else recognised(sheet.columns)
    if columns is None:
        message = Text(
            "the columns of this list are not those of a list infoblokk knows: {columns}",
            columns=", ".join(sheet.columns),
        )
        hint = Text(
            "write a mapping file naming the field of each column and give it with --mapping (see the README)"
        )
        raise BuildFailed((Problem(message, path, 1, hint),))
    folder = SiteFolders(site_dir).content / FOLDER_OF_KIND["project"]
    existing = projects_by_identity(folder)
    seen: dict[str, int] = {}
    written, updated, left, problems = [], [], [], []
    for row in sheet.rows:
        try:
            draft = row_draft(row, columns, path.name)
        except ValueError as error:
            problems.append(_rejected(path, row.number, message_of(error)))
            continue
        key = identity(draft.facts, draft.extra)
        if key is not None and key in seen:
            reason = Text("the same project as row {row} ({id})", row=seen[key], id=key)
            problems.append(_rejected(path, row.number, reason))
            continue
        if key is not None:
            seen[key] = row.number
        same = existing.get(key) if key else None
        if same is not None:
            if update:
                facts = {k: v for k, v in draft.facts.items() if k != "title"}
                updated.append((row.number, same, update_facts(same, facts)))
            else:
                left.append((row.number, same))
            continue
        try:
            written.append((row.number, write_draft(folder, draft)))
        except FileExistsError:
            other = (folder / file_name(draft.title)).relative_to(site_dir).as_posix()
            reason = Text("{file} already exists, for another project with the same title", file=other)
            problems.append(_rejected(path, row.number, reason))
    return ListImport(
        columns.name, tuple(written), tuple(updated), tuple(left), tuple(problems), columns.ignored
    )


def _rejected(path: Path, row: int, reason: str) -> Problem:
    return Problem(
        Text("row {row} was not imported: {reason}", row=row, reason=reason),
        path,
        row,
        Text("correct the row in the list and import it again (rows already imported are left alone)"),
    )


# ---------------------------------------------------------------------------------------------
# One row
# ---------------------------------------------------------------------------------------------


def row_draft(row: Row, columns: ColumnMap, source: str) -> Draft:
    """The draft of one row; ValueError with the reason when the row cannot be imported."""
    facts: dict[str, FactValue] = {}
    extra: dict[str, str] = {}
    body = ""
    amounts: dict[str, tuple[str, Decimal, str | None]] = {}
    for column, target in columns.fields.items():
        cell = row.cells.get(column)
        if cell is None:
            continue
        try:
            if target.startswith("extra."):
                extra[target.removeprefix("extra.")] = _text(cell)
            elif target == "body":
                body = _text(cell)
            elif target in ("grant_amount", "total_cost", "eu_support"):
                parsed = read_amount(_text(cell))
                amounts[target] = (column, parsed.amount, parsed.currency)
            elif target == "project_id":
                _identifier(_text(cell), columns, facts, extra)
            else:
                facts[target] = _read(target, cell)
        except ValueError as error:
            raise ValueError(
                Text(
                    "the column '{column}' holds '{value}': {reason}",
                    column=column,
                    value=_text(cell),
                    reason=message_of(error),
                )
            ) from None
    if "title" not in facts:
        raise ValueError(Text("it has no title"))
    _amount_facts(amounts, columns, facts)
    draft = Draft(
        dict(sorted(facts.items(), key=lambda item: _ORDER.index(item[0]))),
        body,
        f"{source}, {row.number}. sor",
        extra,
    )
    _check_as_content(draft)
    return draft


_ORDER = (
    "title",
    "project_id",
    "beneficiary",
    "grant_amount",
    "currency",
    "funding_rate",
    "start_date",
    "end_date",
    "fund",
    "summary",
    "county",
    "website",
    "objective",
    "total_cost",
    "eu_cofinancing_rate",
    "nuts",
    "intervention_category",
    "programme_code",
)


def _text(cell: Cell) -> str:
    return cell if isinstance(cell, str) else cell.isoformat()


def _identifier(text: str, columns: ColumnMap, facts: dict[str, FactValue], extra: dict[str, str]) -> None:
    """A Hungarian project ID as `project_id`; any other ID of a known list under `extra:`."""
    try:
        facts["project_id"] = read_project_id(text)
    except ValueError:
        if columns.identity_key is None:
            raise
        extra[columns.identity_key] = text.strip()


def _read(target: str, cell: Cell) -> FactValue:
    if target in ("start_date", "end_date"):
        return read_day_of(cell)
    text = _text(cell)
    if target == "beneficiary":
        return read_names(text)
    if target in ("funding_rate", "eu_cofinancing_rate"):
        return read_rate(text)
    if target == "fund":
        return read_fund(text)
    if target == "currency":
        return read_plain(text).upper()
    return read_plain(text)


def _amount_facts(
    amounts: Mapping[str, tuple[str, Decimal, str | None]], columns: ColumnMap, facts: dict[str, FactValue]
) -> None:
    """The grant and the total cost in one currency; the EU's share of the total cost as a rate."""
    named = {currency for _, _, currency in amounts.values() if currency}
    given = facts.get("currency")
    currencies = named | ({str(given)} if given else set())
    if len(currencies) > 1:
        raise ValueError(
            Text(
                "its amounts are in different currencies ({currencies})",
                currencies=", ".join(sorted(currencies)),
            )
        )
    currency = next(iter(currencies), None) or columns.currency
    for target in ("grant_amount", "total_cost"):
        if target in amounts:
            facts[target] = amounts[target][1]
    if amounts and currency and ("grant_amount" in facts or "total_cost" in facts):
        facts["currency"] = currency
    elif not ("grant_amount" in facts or "total_cost" in facts):
        facts.pop("currency", None)
    if "eu_support" in amounts and "total_cost" in amounts and "eu_cofinancing_rate" not in facts:
        facts["eu_cofinancing_rate"] = share_in_percent(amounts["eu_support"][1], amounts["total_cost"][1])


def _check_as_content(draft: Draft) -> None:
    """The facts read back as a content file would be: a row that would not pass `check` is rejected."""
    meta = dict(read_front_matter(draft_text(draft)))
    meta.pop("draft", None)
    try:
        ProjectFields.model_validate(meta)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        reason = (
            message_of(first["ctx"]["error"]) if "ctx" in first and "error" in first["ctx"] else first["msg"]
        )
        raise ValueError(Text("{key}: {reason}", key=where, reason=reason)) from None
