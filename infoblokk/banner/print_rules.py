"""The printed publicity items as data: the poster's and display's sizes, and when a billboard
or a permanent plaque is due, with the size it is made in (`print_rules.toml`, shipped with
the package and checked by a schema like the banner profiles).

Nothing here knows the content model: `signs_due` takes the facts it decides on as plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from infoblokk.config.schema import read_toml, validate
from infoblokk.errors import BuildFailed
from infoblokk.messages import Text

SignKind = Literal["billboard", "plaque"]
Measure = Literal["grant_amount", "total_cost"]
MM_PER_POINT = 25.4 / 72

_PACKAGE = "infoblokk.banner"
_RULES_FILE = "print_rules.toml"
_UNKNOWN_NOTE = Text("The keys of the print rules are described in infoblokk/banner/print_rules.py.")


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PosterTable(_Table):
    """`[poster]`: the printed poster's size in millimetres, and the rule asking for it."""

    width_mm: StrictInt = Field(gt=0)
    height_mm: StrictInt = Field(gt=0)
    source: str


class DisplayTable(_Table):
    """`[display]`: the electronic display's size in pixels."""

    width_px: StrictInt = Field(gt=0)
    height_px: StrictInt = Field(gt=0)
    source: str


class SignRule(_Table):
    """`[signs.<name>]`: one rule that makes a billboard or a plaque due, and the sign's size."""

    kind: SignKind
    period: str
    funds: tuple[str, ...]
    without_fund: StrictBool = False
    measure: Measure
    over: dict[str, Decimal]
    width_mm: StrictInt = Field(gt=0)
    height_mm: StrictInt = Field(gt=0)
    min_share: float | None = Field(default=None, gt=0, lt=1)
    source: str

    def applies(self, period: str | None, fund: str | None) -> bool:
        if period != self.period:
            return False
        if not self.funds:
            return True  # every fund, and none
        return fund in self.funds if fund else self.without_fund

    def exceeded_by(self, amount: Decimal, currency: str) -> bool:
        """True when `amount` is over the threshold; False also for a currency it has none for."""
        threshold = self.over.get(currency)
        return threshold is not None and amount > threshold


class PrintRulesFile(_Table):
    """The whole `print_rules.toml`."""

    poster: PosterTable
    display: DisplayTable
    periods: dict[str, str]
    signs: dict[str, SignRule]


@dataclass(frozen=True)
class SignFacts:
    """What decides whether a project needs a sign, as plain values."""

    profile: str
    fund: str | None
    physical_investment: bool
    grant: tuple[Decimal, str] | None
    total_cost: tuple[Decimal, str] | None


@dataclass(frozen=True)
class PrintRules:
    """The rules of `print_rules.toml`, read once."""

    poster: PosterTable
    display: DisplayTable
    periods: dict[str, str]
    signs: tuple[SignRule, ...]

    def period_of(self, profile: str) -> str | None:
        return self.periods.get(profile)

    def signs_due(self, facts: SignFacts) -> tuple[SignRule, ...]:
        """The signs a project needs, a rule per kind (the first that applies), billboard first."""
        if not facts.physical_investment:
            return ()
        period = self.period_of(facts.profile)
        due: dict[str, SignRule] = {}
        for rule in self.signs:
            measured = facts.grant if rule.measure == "grant_amount" else facts.total_cost
            if rule.kind in due or measured is None or not rule.applies(period, facts.fund):
                continue
            if rule.exceeded_by(*measured):
                due[rule.kind] = rule
        return tuple(sorted(due.values(), key=lambda rule: rule.kind))


def read_print_rules(source: Traversable) -> PrintRules:
    """The rules file at `source`, validated; BuildFailed with its problems, each with its line."""
    file = read_toml(source)
    schema, problems = validate(PrintRulesFile, file.data, file.path, file.line_of, {}, _UNKNOWN_NOTE)
    if schema is None:
        raise BuildFailed(problems)
    return PrintRules(schema.poster, schema.display, schema.periods, tuple(schema.signs.values()))


@cache
def print_rules() -> PrintRules:
    """The rules shipped with infoblokk (read once per process: they change only with it)."""
    return read_print_rules(resources.files(_PACKAGE).joinpath(_RULES_FILE))
