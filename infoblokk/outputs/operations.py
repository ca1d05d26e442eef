"""The site's projects as the EU's list of operations: `operations.csv`.

Managing authorities publish their list of operations (Regulation (EU) 2021/1060, Art. 49(3))
in the shape of the Kohesio data specification, so that the Commission's Kohesio portal can read
it. This file gives the same columns for the site's projects, named and written as that
specification asks (days `dd/mm/yyyy`, amounts as digits with a decimal point, the EU's fund
codes). The columns, their value patterns and their sources are data
(`data/list_of_operations.toml`). Every value comes from a fact the project file states: the
contracted grant is not the total eligible expenditure and the grant rate is not the EU
co-financing rate, so those columns come from `total_cost` and `eu_cofinancing_rate` alone,
and a column whose fact is not given stays empty.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import PurePosixPath

from pydantic import BaseModel, ConfigDict, Field, field_validator

from infoblokk.banner.obligation_rules import RuleSet
from infoblokk.config.schema import read_toml, validate
from infoblokk.config.settings import SiteConfig
from infoblokk.content.model import Item, Project, SiteModel
from infoblokk.content.obligations import project_rule_set
from infoblokk.errors import BuildFailed
from infoblokk.messages import Text
from infoblokk.output import OutputFile

OPERATIONS_PATH = PurePosixPath("operations.csv")
_SCHEMA_FILE = "list_of_operations.toml"


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnTable(_Table):
    """One `[[columns]]` entry: the column's name, the pattern of its values, their source."""

    name: str = Field(pattern=r"^[A-Za-z_]+$")
    pattern: str
    source: str = Field(min_length=10)
    required: bool = False

    @field_validator("pattern")
    @classmethod
    def _a_regular_expression(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as error:
            raise ValueError(Text("not a regular expression: {reason}", reason=error)) from None
        return value


class OperationsSchema(_Table):
    """`data/list_of_operations.toml`."""

    source: str = Field(min_length=10)
    date_format: str
    columns: tuple[ColumnTable, ...] = Field(min_length=1)
    countries: dict[str, str]
    profile_countries: dict[str, str] = Field(default_factory=dict)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def operations_schema() -> OperationsSchema:
    """The columns of operations.csv, read from the package's data and validated."""
    file = read_toml(resources.files("infoblokk.outputs").joinpath("data", _SCHEMA_FILE))
    schema, problems = validate(OperationsSchema, file.data, file.path, file.line_of, {}, "")
    if schema is None:
        raise BuildFailed(problems)
    return schema


def operations_file(model: SiteModel, config: SiteConfig, rule_sets: Iterable[RuleSet]) -> OutputFile:
    """`operations.csv`: one row per published project of the EU's funds, in the order of the
    project list (a project of other funds, such as the EEA and Norway Grants, is no EU operation)."""
    schema, sets = operations_schema(), tuple(rule_sets)
    rows = [
        _row(project, model, config, sets, schema) for project in model.projects if _eu_funded(project, sets)
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=schema.column_names, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return OutputFile(OPERATIONS_PATH, buffer.getvalue().encode("utf-8-sig"))  # the BOM: for Excel


@dataclass(frozen=True)
class _Period:
    name: str  # "2014-2020", "2021-2027", or "" when the facts do not show it
    fund_code: str


def _row(
    project: Project,
    model: SiteModel,
    config: SiteConfig,
    rule_sets: tuple[RuleSet, ...],
    schema: OperationsSchema,
) -> dict[str, str]:
    english = _english_version(project, model)
    period = _period(project, rule_sets)
    total = project.total_cost
    values = {
        "Operation_Unique_Identifier": project.project_id.raw if project.project_id else "",
        "Operation_Name_Programme_Language": project.title,
        "Operation_Name_English": english.title if english else "",
        "Operation_Summary_Programme_Language": project.objective or project.summary,
        "Operation_Summary_English": english.summary if english else "",
        "Operation_Start_Date": project.start_date.strftime(schema.date_format) if project.start_date else "",
        "Operation_Expected_End_Date": project.end_date.strftime(schema.date_format)
        if project.end_date
        else "",
        "Total_Eligible_Expenditure_amount": _number(total.amount) if total else "",
        "Total_Eligible_Expenditure_Currency": total.currency if total else "",
        "Total_Eligible_Expenditure_Exchange_Rate": _exchange_rate(total.currency, config) if total else "",
        "CoFinancing_Rate": _number(project.eu_cofinancing_rate) if project.eu_cofinancing_rate else "",
        "Fund_Code": period.fund_code,
        "Programme_Code": project.programme_code or "",
        "Programming_Period": period.name,
        "Category_Of_Intervention": project.intervention_category or "",
        "Location_Indicator_NUTS_code": project.nuts or "",
        "Country": _country(project, schema),
        "Beneficiary_Name": "; ".join(project.beneficiaries),
    }
    return {name: " ".join(values[name].split()) for name in schema.column_names}  # one line per record


def _eu_funded(project: Project, rule_sets: tuple[RuleSet, ...]) -> bool:
    """False for a project whose profile follows rules outside the EU's funds."""
    return not any(project.banner.profile.name in rs.profiles and not rs.period for rs in rule_sets)


def _english_version(project: Project, model: SiteModel) -> Item | None:
    return next((item for item in model.translations_of(project) if item.language == "en"), None)


def _period(project: Project, rule_sets: tuple[RuleSet, ...]) -> _Period:
    """The programming period of the project's rules, and its fund's EU code in that period.

    Where the period is not known, the fund's code is given only if every period agrees on it
    (ERFA is ERDF in both; ESZA is ESF in 2014–2020 and ESF+ in 2021–2027).
    """
    rule_set = project_rule_set(project, rule_sets)
    if rule_set is not None:
        return _Period(rule_set.period, rule_set.eu_fund(project.fund) or "")
    codes = {rs.eu_fund(project.fund) for rs in rule_sets if rs.period}
    agreed = codes.pop() if len(codes) == 1 else None
    return _Period("", agreed or "")


def _number(value: Decimal) -> str:
    """Digits with a decimal point, no grouping, no exponent: `1581296.4`, `85`."""
    return format(value.normalize(), "f")


def _exchange_rate(currency: str, config: SiteConfig) -> str:
    """The officer's own rate for a currency other than the euro; never infoblokk's default."""
    rate = config.own_eur_rate(currency) if currency != "EUR" else None
    return _number(rate) if rate is not None else ""


def _country(project: Project, schema: OperationsSchema) -> str:
    code = project.nuts[:2] if project.nuts else schema.profile_countries.get(project.banner.profile.name, "")
    return schema.countries.get(code, "")
