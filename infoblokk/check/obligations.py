"""Which publicity items each project must have, by when, and whether infoblokk has made them.

The rules are data (`infoblokk/banner/obligations/*.toml`, see `obligation_rules`); this module
applies them to the facts of each project — its banner profile, fund, grant or `total_cost`
(converted to euro with the site's exchange rate), `physical_investment` and dates — and looks
in the built site for the files infoblokk makes of each item. Nothing is guessed: an item whose
rule needs a fact the project does not give is "cannot tell", with the fact to add.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Any

from infoblokk.banner.obligation_rules import Rule, RuleSet, Threshold, rules_for
from infoblokk.config.settings import SiteConfig
from infoblokk.content.model import Money, Project, SiteModel
from infoblokk.errors import Problem, Severity
from infoblokk.messages import ENGLISH, Language, Text

PRODUCED_FILES: dict[str, tuple[str, ...]] = {
    "website": ("index.html",),
    "social_media": ("kozossegi-kartya.png",),
    "poster": ("plakat-a3.pdf", "kijelzo-16x9.png"),
    "temporary_billboard": ("ideiglenes-tabla.pdf",),
    "plaque": ("emlektabla.pdf",),
    "event": (),  # an event is the beneficiary's to hold: no file of infoblokk's stands for it
}
"""The files in a project's page folder that show infoblokk has made an item (any one of them)."""

ITEM_NAMES: dict[str, Text] = {
    "website": Text("website page"),
    "social_media": Text("social media statement"),
    "poster": Text("A3 poster or electronic display"),
    "temporary_billboard": Text("temporary billboard"),
    "plaque": Text("permanent plaque or billboard"),
    "event": Text("communication event"),
}

DEADLINES: dict[str, Text] = {
    "implementation": Text("while the project runs"),
    "works": Text("while the works go on"),
    "start": Text("when the works start"),
    "end": Text("after the end"),
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
class Obligation:
    """One publicity item of one project."""

    item: str
    status: Status
    reason: Text
    deadline: str  # implementation, works, start or end (see DEADLINES)
    due_by: date | None  # the last day, where the rule and the facts give one
    produced: tuple[str, ...]  # the files infoblokk made of it, relative to the output folder
    source: str
    overdue: bool = False  # due, its last day has passed, and infoblokk has not made it

    @property
    def made_by_infoblokk(self) -> bool:
        return bool(self.produced)

    @property
    def infoblokk_makes_it(self) -> bool:
        return bool(PRODUCED_FILES[self.item])


@dataclass(frozen=True)
class ProjectObligations:
    """The publicity items of one project, under the rule set it follows (None: not known)."""

    source_path: Path
    title: str
    project_id: str | None
    rule_set: RuleSet | None
    items: tuple[Obligation, ...]


@dataclass(frozen=True)
class ExchangeRate:
    """A rate amounts were converted to euro at."""

    currency: str
    per_euro: Decimal
    own: bool  # set in site_config.toml; False: infoblokk's default


@dataclass(frozen=True)
class ObligationsReport:
    """The publicity items of every published project on one day, in the order of the project list."""

    today: date
    projects: tuple[ProjectObligations, ...]
    exchange_rates: tuple[ExchangeRate, ...]


def site_obligations(
    model: SiteModel,
    config: SiteConfig,
    rule_sets: Iterable[RuleSet],
    output_dir: Path,
    today: date,
) -> ObligationsReport:
    """The publicity items of every published project, and the exchange rates they were judged by."""
    sets = tuple(rule_sets)
    projects = tuple(_project_obligations(p, config, sets, output_dir, today) for p in model.projects)
    return ObligationsReport(today, projects, _rates_used(model.projects, config))


def _rates_used(projects: Iterable[Project], config: SiteConfig) -> tuple[ExchangeRate, ...]:
    currencies = {
        money.currency
        for p in projects
        for money in (p.grant, p.total_cost)
        if money and money.currency != "EUR"
    }
    rates = []
    for currency in sorted(currencies):
        rate = config.eur_rate(currency)
        if rate is not None:
            rates.append(ExchangeRate(currency, rate, config.own_eur_rate(currency) is not None))
    return tuple(rates)


def _project_obligations(
    project: Project, config: SiteConfig, rule_sets: tuple[RuleSet, ...], output_dir: Path, today: date
) -> ProjectObligations:
    rule_set = rules_for(
        rule_sets,
        project.banner.profile.name,
        project.programme_code,
        project.fund,
        project.start_date,
        project.end_date,
    )
    items = _items(project, rule_set, config, output_dir, today) if rule_set else ()
    project_id = project.project_id.raw if project.project_id else None
    return ProjectObligations(project.source.source_path, project.title, project_id, rule_set, items)


def _items(
    project: Project, rule_set: RuleSet, config: SiteConfig, output_dir: Path, today: date
) -> tuple[Obligation, ...]:
    decisions = {rule.item: _decide(rule, project, rule_set, config) for rule in rule_set.rules}
    for rule in rule_set.rules:  # "unless" items last: they follow the others' decisions
        if rule.unless:
            decisions[rule.item] = _unless(rule.unless, decisions)
    folder = output_dir / PurePosixPath(project.url)
    return tuple(
        _obligation(rule, decisions[rule.item], project, folder, output_dir, today) for rule in rule_set.rules
    )


def _obligation(
    rule: Rule, decision: Decision, project: Project, folder: Path, output_dir: Path, today: date
) -> Obligation:
    produced = tuple(
        (folder / name).relative_to(output_dir).as_posix()
        for name in PRODUCED_FILES[rule.item]
        if (folder / name).is_file()
    )
    due_by = _due_by(rule, project)
    overdue = decision.status is Status.DUE and due_by is not None and today > due_by and not produced
    return Obligation(
        rule.item, decision.status, decision.reason, rule.deadline, due_by, produced, rule.source, overdue
    )


def _due_by(rule: Rule, project: Project) -> date | None:
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


def in_euro(money: Money, config: SiteConfig) -> Decimal | None:
    """An amount in euro, by the site's exchange rate (or the default one); None without a rate."""
    rate = config.eur_rate(money.currency)
    return None if rate is None else money.amount / rate


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


def item_list(items: Iterable[str]) -> Text:
    """The items' names in the user's language, `; `-separated (each name is translated)."""
    names = [ITEM_NAMES[item] for item in items]
    listed = names[-1]  # never empty: callers list at least one item
    for name in reversed(names[:-1]):
        listed = Text("{first}; {rest}", first=name, rest=listed)
    return listed


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


# --------------------------------------------------------------------------
# What `check` says, and the data `obligations --json` prints
# --------------------------------------------------------------------------


def reminders(report: ObligationsReport) -> Iterator[Problem]:
    """For `check`: per project, the items due that infoblokk has not made, and each one overdue."""
    for project in report.projects:
        missing = [o for o in project.items if _left_to_make(o)]
        overdue = [o for o in missing if o.overdue]
        waiting = [o for o in missing if not o.overdue]
        if waiting:
            yield Problem(
                Text(
                    "publicity items due that infoblokk has not made yet: {items}",
                    items=item_list(o.item for o in waiting),
                ),
                project.source_path,
                hint=Text("run python build.py obligations for their deadlines and the rules they come from"),
                severity=Severity.PUBLICATION,
            )
        for late in overdue:
            yield Problem(
                Text(
                    "the {item} was due by {day}, and infoblokk has not made it",
                    item=ITEM_NAMES[late.item],
                    day=late.due_by,
                ),
                project.source_path,
                hint=Text(
                    "put it up now, and tell the managing authority why it is late ({source})",
                    source=late.source,
                ),
                severity=Severity.PUBLICATION,
            )


def _left_to_make(obligation: Obligation) -> bool:
    """Due, made by infoblokk's publicity kit, and not in the output folder. The website page is
    left out: every build makes it, and `check` judges the site, not whether it was built."""
    return (
        obligation.status is Status.DUE
        and obligation.infoblokk_makes_it
        and obligation.item != "website"
        and not obligation.produced
    )


def as_data(report: ObligationsReport, site_dir: Path, language: Language = ENGLISH) -> dict[str, Any]:
    """Everything the report shows, JSON-ready: texts in `language`, days as YYYY-MM-DD."""
    return {
        "today": report.today.isoformat(),
        "exchange_rates": [
            {"currency": r.currency, "per_euro": str(r.per_euro), "set_in_site_config": r.own}
            for r in report.exchange_rates
        ],
        "projects": [_project_data(project, site_dir, language) for project in report.projects],
    }


def _project_data(project: ProjectObligations, site_dir: Path, language: Language) -> dict[str, Any]:
    rule_set = project.rule_set
    shown = (
        project.source_path.relative_to(site_dir)
        if project.source_path.is_relative_to(site_dir)
        else project.source_path
    )
    return {
        "file": shown.as_posix(),
        "project_id": project.project_id,
        "title": project.title,
        "rules": rule_set.name if rule_set else None,
        "period": (rule_set.period or None) if rule_set else None,
        "rules_source": rule_set.source if rule_set else None,
        "rules_complete": rule_set.complete if rule_set else False,
        "items": [
            {
                "item": o.item,
                "status": o.status.value,
                "reason": language(o.reason),
                "deadline": o.deadline,
                "due_by": o.due_by.isoformat() if o.due_by else None,
                "overdue": o.overdue,
                "produced": list(o.produced),
                "made_by_infoblokk": o.made_by_infoblokk if o.infoblokk_makes_it else None,
                "source": o.source,
            }
            for o in project.items
        ],
    }
