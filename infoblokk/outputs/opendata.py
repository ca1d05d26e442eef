"""The facts of every project as open data: `projects.json` and `projects.csv`.

One record per published project, with every mandatory field plus dates, fund, county and the
page's address, so that auditors and journalists can reuse the figures without copying them
from pages. Amounts are machine-readable whatever the site's language: digits with a decimal
point, no grouping, the currency in its own field.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from infoblokk.content.model import Project, SiteModel
from infoblokk.output import OutputFile
from infoblokk.render.urls import absolute_url

JSON_PATH = PurePosixPath("projects.json")
CSV_PATH = PurePosixPath("projects.csv")
COLUMNS = (
    "project_id",
    "title",
    "beneficiary",
    "consortium_partners",
    "grant_amount",
    "currency",
    "funding_rate",
    "start_date",
    "end_date",
    "status",
    "fund",
    "programme",
    "county",
    "url",
)


def open_data_files(model: SiteModel, base_url: str, today: date) -> tuple[OutputFile, ...]:
    """`projects.json` and `projects.csv`, with one record per project in listing order."""
    records = [project_record(p, base_url, today) for p in model.projects]
    return (
        OutputFile(JSON_PATH, _json(records).encode("utf-8")),
        OutputFile(CSV_PATH, _csv(records).encode("utf-8-sig")),  # the BOM lets Excel read UTF-8
    )


def project_record(project: Project, base_url: str, today: date) -> dict[str, Any]:
    """The published facts of one project; a fact not known is None (null, an empty cell)."""
    finished = project.is_finished(today)
    return {
        "project_id": project.project_id.raw if project.project_id else None,
        "title": project.title,
        "beneficiary": project.beneficiaries[0] if project.beneficiaries else None,
        "consortium_partners": list(project.beneficiaries[1:]),
        "grant_amount": project.grant.amount if project.grant else None,
        "currency": project.grant.currency if project.grant else None,
        "funding_rate": project.funding_rate,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "status": None if finished is None else ("finished" if finished else "ongoing"),
        "fund": project.fund,
        "programme": project.project_id.programme if project.project_id else project.banner.profile.name,
        "county": project.county,
        "url": absolute_url(base_url, project.url),
    }


def _json_ready(value: object) -> object:
    """Dates as ISO text; whole amounts as integers, others as numbers (exact below 10^15)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    return value


def _json(records: list[dict[str, Any]]) -> str:
    document = {"fields": list(COLUMNS), "projects": records}
    return json.dumps(_json_ready(document), ensure_ascii=False, indent=2) + "\n"


def _csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _cell(value) for key, value in record.items()})
    return buffer.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
