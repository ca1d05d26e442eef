"""The publicity rules applied to one project's facts: which items are due, which are not, and
which cannot be told from what the file says.

The rules are data (`banner/obligations/*.toml`, read by `banner.obligation_rules`). This is
the one place they are applied: `obligations` and `check` report these decisions, and the
build draws a billboard or a plaque from them (`print_items`). Amounts in another currency are
converted to euro with the site's `[exchange_rates]`. Nothing is guessed: an item whose rule
needs a fact the project does not give is "cannot tell", with the fact to add.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from infoblokk.banner.obligation_rules import Rule, RuleSet, Threshold, rules_for
from infoblokk.config.settings import SiteConfig
from infoblokk.content.model import Money, Project
from infoblokk.messages import Text

ITEM_NAMES: dict[str, Text] = {
    "website": Text("website page"),
    "social_media": Text("social media statement"),
    "poster": Text("A3 poster or electronic display"),
    "temporary_billboard": Text("temporary billboard"),
    "plaque": Text("permanent plaque or billboard"),
    "event": Text("communication event"),
}


class Status(Enum):
    """Whether the rules ask for an item."""

    DUE = "due"
    NOT_DUE = "not-due"
    UNKNOWN = "unknown"  # a fact the rule needs is not given


@dataclass(frozen=True)
class Decision:
    status: Status
    reason: Text


@dataclass(frozen=True)
class Assessment:
    """One project under the rules: the rule set it follows and the decision on each of its items.

    `rule_set` None: the facts do not show which rules apply. `possible` then holds, for each
    rule set the project's profile may follow, what it would decide.
    """

    rule_set: RuleSet | None
    decisions: Mapping[str, Decision]
    possible: tuple[Assessment, ...] = ()

    def may_be_due(self, item: str) -> bool:
        """Due, or cannot be told (under any rule set the project may follow)."""
        if self.rule_set is None:
            return any(option.may_be_due(item) for option in self.possible)
        decision = self.decisions.get(item)
        return decision is not None and decision.status is not Status.NOT_DUE


def project_rule_set(project: Project, rule_sets: Iterable[RuleSet]) -> RuleSet | None:
    """The rule set the project's profile and facts place it under; None where they do not tell."""
    return rules_for(
        tuple(rule_sets),
        project.banner.profile.name,
        project.programme_code,
        project.fund,
        project.start_date,
        project.end_date,
    )


def assess(project: Project, rule_sets: Iterable[RuleSet], config: SiteConfig) -> Assessment:
    """The decision of the project's rules on each of their items."""
    sets = tuple(rule_sets)
    rule_set = project_rule_set(project, sets)
    if rule_set is not None:
        return Assessment(rule_set, decide(project, rule_set, config))
    profile = project.banner.profile.name
    possible = tuple(
        Assessment(option, decide(project, option, config))
        for option in sets
        if profile in option.profiles_by_facts
    )
    return Assessment(None, {}, possible)


def decide(project: Project, rule_set: RuleSet, config: SiteConfig) -> dict[str, Decision]:
    """Each rule's decision on the project, by item, in the rule set's order."""
    decisions = {rule.item: _decide(rule, project, rule_set, config) for rule in rule_set.rules}
    for rule in rule_set.rules:  # "unless" items last: they follow the others' decisions
        if rule.unless:
            decisions[rule.item] = _unless(rule.unless, decisions)
    return decisions


def due_by(rule: Rule, project: Project) -> date | None:
    """The last day of an item, where the rule and the facts give one."""
    if rule.deadline == "start":
        return project.start_date
    if rule.deadline == "end" and project.end_date is not None:
        return add_months(project.end_date, rule.months_after_end)
    return None


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where it is shorter (31 May + 3 → 31 Aug,
    30 Nov + 3 → 28 or 29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def in_euro(money: Money, config: SiteConfig) -> Decimal | None:
    """An amount in euro, by the site's exchange rate (or the default one); None without a rate."""
    rate = config.eur_rate(money.currency)
    return None if rate is None else money.amount / rate


def item_list(items: Iterable[str]) -> Text:
    """The items' names in the user's language, `; `-separated (each name is translated)."""
    names = [ITEM_NAMES[item] for item in items]
    listed = names[-1]  # never empty: callers list at least one item
    for name in reversed(names[:-1]):
        listed = Text("{first}; {rest}", first=name, rest=listed)
    return listed


# --------------------------------------------------------------------------
# Deciding whether a rule asks for its item
# --------------------------------------------------------------------------


def _decide(rule: Rule, project: Project, rule_set: RuleSet, config: SiteConfig) -> Decision:
    if rule.physical_investment and not project.physical_investment:
        return Decision(Status.NOT_DUE, Text("not a physical investment (no physical_investment: true)"))
    if not rule.above or rule.amount is None:
        if rule.physical_investment:
            return Decision(Status.DUE, Text("a physical investment"))
        return Decision(Status.DUE, Text("every project"))
    money = project.grant if rule.amount == "grant" else project.total_cost
    figure = Text("the grant") if rule.amount == "grant" else Text("the total cost")
    if money is None:
        key = "grant_amount" if rule.amount == "grant" else "total_cost"
        return Decision(Status.UNKNOWN, Text("cannot tell: {key} is not given", key=key))
    euros = in_euro(money, config)
    if euros is None:
        return Decision(
            Status.UNKNOWN,
            Text(
                "cannot tell: no exchange rate for {currency} (set it under [exchange_rates])",
                currency=money.currency,
            ),
        )
    return _against_thresholds(rule.above, euros, figure, rule_set.eu_fund(project.fund), rule_set)


def _against_thresholds(
    thresholds: tuple[Threshold, ...], euros: Decimal, figure: Text, fund: str | None, rule_set: RuleSet
) -> Decision:
    amount = _euro_text(euros)
    if fund is not None:
        applying = [t for t in thresholds if t.applies_to(fund)]
        if not applying:
            return Decision(Status.NOT_DUE, Text("not for the {fund} fund", fund=fund))
        return _compared(applying[0], euros, figure, amount)
    # The fund is not known: decide only if every fund it could be gives the same answer.
    outcomes = {euros > t.eur for t in thresholds}
    if _a_fund_without_threshold(thresholds, rule_set):
        outcomes.add(False)
    if outcomes == {True}:
        return _compared(max(thresholds, key=lambda t: t.eur), euros, figure, amount)
    if outcomes == {False}:
        return _compared(min(thresholds, key=lambda t: t.eur), euros, figure, amount)
    return Decision(
        Status.UNKNOWN,
        Text(
            "cannot tell: {figure} ({amount}) is over the threshold of some funds only, and the fund is "
            "not given",
            figure=figure,
            amount=amount,
        ),
    )


def _a_fund_without_threshold(thresholds: tuple[Threshold, ...], rule_set: RuleSet) -> bool:
    """Whether a fund of the rule set has no threshold in this rule (so it never needs the item)."""
    if any(not t.funds for t in thresholds):
        return False
    named = {fund for t in thresholds for fund in t.funds}
    return bool(set(rule_set.fund_codes.values()) - named)


def _compared(threshold: Threshold, euros: Decimal, figure: Text, amount: str) -> Decision:
    limit = _euro_text(threshold.eur)
    if euros > threshold.eur:
        return Decision(
            Status.DUE, Text("{figure} ({amount}) is over {limit}", figure=figure, amount=amount, limit=limit)
        )
    return Decision(
        Status.NOT_DUE,
        Text("{figure} ({amount}) is not over {limit}", figure=figure, amount=amount, limit=limit),
    )


def _euro_text(euros: Decimal) -> str:
    """`EUR 187,496`: whole euros, grouped, the same in every language (it quotes the rules)."""
    return f"EUR {euros.quantize(Decimal(1)):,}"


def _unless(items: tuple[str, ...], decisions: dict[str, Decision]) -> Decision:
    others = [decisions[item] for item in items if item in decisions]
    names = item_list(items)
    if any(other.status is Status.DUE for other in others):
        return Decision(Status.NOT_DUE, Text("not needed when one of these is due: {items}", items=names))
    if all(other.status is Status.NOT_DUE for other in others):
        return Decision(Status.DUE, Text("none of these is due: {items}", items=names))
    return Decision(
        Status.UNKNOWN, Text("cannot tell: needed unless one of these is due: {items}", items=names)
    )
