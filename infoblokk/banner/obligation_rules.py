"""The publicity rules of each programme, as data: which items a project must have, and when.

A rule set is a TOML file in the ``obligations`` folder shipped with the package, one per set of
rules (``2014-2020``, ``2021-2027``, ``eea-norway-grants``), validated by a schema
(:class:`RuleSetFile`) like the banner profiles. Each rule names one item (a website page, a
poster, a billboard …), the condition under which it is due (the project's physical
investment, its grant or total cost above a threshold in euro, by fund), its deadline and the
source it comes from. A banner profile follows one rule set (`profiles`), or the set of the
programming period its project's facts show (`profiles_by_facts`: see `period_from_facts`).

Nothing here knows the content model: callers pass the facts they have.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from infoblokk.banner.profiles import FundCode, load_profiles
from infoblokk.config.schema import read_toml, validate
from infoblokk.errors import BuildFailed, Problem
from infoblokk.messages import Text

Item = Literal["website", "social_media", "poster", "temporary_billboard", "plaque", "event"]
ITEMS: tuple[str, ...] = get_args(Item)
"""Every publicity item a rule can name, in the order reports list them."""

Deadline = Literal["implementation", "works", "start", "end"]
"""When an item is due: while the project runs, while works go on, from its start, after its end."""

Amount = Literal["grant", "total_cost"]
"""Which figure a threshold compares: the contracted grant (the total public support) or the total cost."""

EuFund = Literal["ERDF", "CF", "ESF", "ESF+", "JTF", "EMFAF"]
EU_FUNDS: tuple[str, ...] = get_args(EuFund)
"""The EU's codes of the funds the rules name."""

Period = Literal["2014-2020", "2021-2027", ""]

_PACKAGE = "infoblokk.banner"
_FOLDER = "obligations"
_UNKNOWN_NOTE = Text("The keys of a rule set are described in infoblokk/banner/obligation_rules.py.")

# The spending of a programming period is eligible between these days: 2014–2020 up to the end
# of 2023 (Regulation (EU) No 1303/2013, Art. 65(2)), 2021–2027 from 2021 (Regulation (EU)
# 2021/1060, Art. 63(2)); 2007–2013 up to the end of 2015 (Regulation (EC) No 1083/2006, Art. 56(1)).
FIRST_DAY_2014_2020 = date(2014, 1, 1)
FIRST_DAY_2021_2027 = date(2021, 1, 1)
AFTER_2014_2020 = date(2024, 1, 1)
AFTER_2007_2013 = date(2016, 1, 1)


@dataclass(frozen=True)
class Threshold:
    """An amount in euro that a project's figure must exceed, for some funds (none named: all)."""

    eur: Decimal
    funds: tuple[str, ...] = ()

    def applies_to(self, fund: str) -> bool:
        return not self.funds or fund in self.funds


@dataclass(frozen=True)
class Rule:
    """One item of a rule set and when it is due."""

    item: str
    deadline: str
    source: str
    physical_investment: bool = False  # due only for projects that build or buy something
    amount: str | None = None  # the figure the thresholds compare, if any
    above: tuple[Threshold, ...] = ()
    unless: tuple[str, ...] = ()  # due when none of these items is
    months_after_end: int = 0


@dataclass(frozen=True)
class RuleSet:
    """The rules of one programme or period, with the profiles that follow them."""

    name: str
    period: str
    description: str
    source: str
    profiles: tuple[str, ...]
    profiles_by_facts: tuple[str, ...]
    complete: bool  # False: the set lists only some of the items its programme asks for
    fund_codes: Mapping[str, str]
    rules: tuple[Rule, ...]

    def eu_fund(self, fund: str | None) -> str | None:
        """The EU's code of a project's fund (`ESZA` → `ESF` or `ESF+`), if it has one here."""
        return self.fund_codes.get(fund) if fund else None


# --------------------------------------------------------------------------
# The schema of a rule set file
# --------------------------------------------------------------------------


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ThresholdTable(_Table):
    """One entry of `above`: the euro amount to exceed, for the EU funds named (none named: all)."""

    eur: Decimal = Field(gt=0)
    funds: tuple[EuFund, ...] = ()


class RuleTable(_Table):
    """One `[[rules]]` entry."""

    item: Item
    deadline: Deadline
    source: str = Field(min_length=10)
    physical_investment: StrictBool = False
    amount: Amount | None = None
    above: tuple[ThresholdTable, ...] = ()
    unless: tuple[Item, ...] = ()
    months_after_end: int = Field(default=0, ge=0, le=120)

    @model_validator(mode="after")
    def _amount_named(self) -> RuleTable:
        if self.above and self.amount is None:
            raise ValueError(Text("a rule with thresholds (above) must say which amount they compare"))
        return self

    def rule(self) -> Rule:
        thresholds = tuple(Threshold(t.eur, tuple(t.funds)) for t in self.above)
        return Rule(
            self.item,
            self.deadline,
            self.source,
            self.physical_investment,
            self.amount,
            thresholds,
            tuple(self.unless),
            self.months_after_end,
        )


class RuleSetFile(_Table):
    """A rule set file, `obligations/<name>.toml`."""

    name: str
    period: Period
    description: str
    source: str = Field(min_length=10)
    profiles: tuple[str, ...]
    profiles_by_facts: tuple[str, ...]
    complete: StrictBool
    fund_codes: dict[FundCode, EuFund] = Field(default_factory=dict)
    rules: tuple[RuleTable, ...] = Field(min_length=1)

    def rule_set(self) -> RuleSet:
        return RuleSet(
            self.name,
            self.period,
            self.description,
            self.source,
            self.profiles,
            self.profiles_by_facts,
            self.complete,
            {str(fund): str(code) for fund, code in self.fund_codes.items()},
            tuple(table.rule() for table in self.rules),
        )


_HINTS = {
    "name": Text("the file's name without .toml, in quotes"),
    "period": Text('"2014-2020", "2021-2027", or "" for rules outside the EU funds'),
    "source": Text("the regulation and its article or section the rules come from, in quotes"),
    "profiles": Text('the banner profiles that follow these rules, e.g. ["szechenyi2020"]'),
    "profiles_by_facts": Text("the banner profiles that follow them when a project's facts show this period"),
    "complete": Text("true if the rules list every item the programme asks for, else false"),
    "fund_codes": Text('the EU code of each fund a project can name, e.g. ESZA = "ESF"'),
    "rules": Text("[[rules]] tables, each with item, deadline and source"),
    "rules.item": Text("one of: {items}", items=", ".join(ITEMS)),
    "rules.deadline": Text("implementation, works, start or end"),
    "rules.source": Text("the article or section this rule comes from, in quotes"),
    "rules.amount": Text("grant or total_cost: the figure the thresholds in above compare"),
    "rules.above": Text(
        "a list of thresholds in euro: {example}", example='[{ funds = ["ERDF", "CF"], eur = 500000 }]'
    ),
    "rules.unless": Text('the items that make this one unnecessary, e.g. ["plaque"]'),
}


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def load_rule_sets(folder: Traversable | None = None, profiles: Iterable[str] = ()) -> tuple[RuleSet, ...]:
    """Every rule set in `folder` (by default the ones shipped in the package), by name.

    `profiles`: the banner profiles there are; a rule set naming another one is a problem.
    BuildFailed with every problem of every file.
    """
    source = folder if folder is not None else resources.files(_PACKAGE).joinpath(_FOLDER)
    sets: list[RuleSet] = []
    problems: list[Problem] = []
    for entry in sorted(source.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            sets.append(_read_rule_set(entry, frozenset(profiles)))
        except BuildFailed as failure:
            problems += failure.problems
    if problems:
        raise BuildFailed(tuple(problems))
    return tuple(sets)


@cache
def shipped_rule_sets() -> tuple[RuleSet, ...]:
    """The rule sets shipped with infoblokk, checked against its banner profiles (read once per
    process: they change only with it)."""
    return load_rule_sets(profiles=load_profiles())


def _read_rule_set(source: Traversable, profiles: frozenset[str]) -> RuleSet:
    file = read_toml(source)

    def line_of(location: tuple[str | int, ...]) -> int | None:
        # A key of the n-th [[rules]] table: the line of its own key if the file has it, else of a
        # [[rules]] header (tomllib keeps no positions, and toml_line knows no indexes).
        names = tuple(part for part in location if isinstance(part, str))
        return file.line_of(names) or file.line_of(names[:1])

    schema, problems = validate(RuleSetFile, file.data, file.path, line_of, _HINTS, _UNKNOWN_NOTE)
    if schema is None:
        raise BuildFailed(problems)
    named = (*schema.profiles, *schema.profiles_by_facts)
    unknown = [name for name in named if profiles and name not in profiles]
    if unknown:
        problem = Problem(
            Text("no banner profile is named {names}", names=", ".join(unknown)),
            file.path,
            file.line_of(("profiles",)),
            Text("name profiles of infoblokk/banner/data/: {known}", known=", ".join(sorted(profiles))),
        )
        raise BuildFailed((problem,))
    return schema.rule_set()


# --------------------------------------------------------------------------
# Which rules a project follows
# --------------------------------------------------------------------------


def rules_for(
    rule_sets: Iterable[RuleSet],
    profile: str,
    programme_code: str | None,
    fund: str | None,
    start: date | None,
    end: date | None,
) -> RuleSet | None:
    """The rule set a project follows: its profile's, or the one of the period its facts show.

    None when its profile follows the facts and they do not show the period.
    """
    sets = tuple(rule_sets)
    for rule_set in sets:
        if profile in rule_set.profiles:
            return rule_set
    period = period_from_facts(programme_code, fund, start, end)
    for rule_set in sets:
        if profile in rule_set.profiles_by_facts and rule_set.period == period:
            return rule_set
    return None


def period_from_facts(
    programme_code: str | None, fund: str | None, start: date | None, end: date | None
) -> str | None:
    """The programming period a project's facts show, or None when they leave it open.

    In this order: the programme's CCI code begins with the period's first year
    (`2014HU05M3OP001`, `2021HU05FFPR001`); a fund only 2021–2027 has (ESZA+); a start after
    the last day 2014–2020 money could be spent; an end before the first day 2021–2027 money
    could be, after 2007–2013 money could no longer be (or a start in 2014 or later).
    """
    year = (programme_code or "")[:4]
    if year == "2014":
        return "2014-2020"
    if year == "2021":
        return "2021-2027"
    if fund == "ESZA+":
        return "2021-2027"
    if start is not None and start >= AFTER_2014_2020:
        return "2021-2027"
    if end is not None and end < FIRST_DAY_2021_2027:
        started_in_period = start is not None and start >= FIRST_DAY_2014_2020
        if started_in_period or (start is None and end >= AFTER_2007_2013):
            return "2014-2020"
    return None
