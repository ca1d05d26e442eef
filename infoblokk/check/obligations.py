"""Which publicity items each project must have, by when, and whether infoblokk has made them.

The rules are data (`infoblokk/banner/obligations/*.toml`, see `obligation_rules`), applied to
each project's facts in `content.obligations` — the same decisions the build draws the billboard
and the plaque by. This module reports them: with the deadlines that follow, and the files of
each item it finds in the built site.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from infoblokk.banner.obligation_rules import Rule, RuleSet
from infoblokk.config.settings import SiteConfig
from infoblokk.content.model import Project, SiteModel
from infoblokk.content.obligations import ITEM_NAMES, Decision, Status, assess, due_by, item_list
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

DEADLINES: dict[str, Text] = {
    "implementation": Text("while the project runs"),
    "works": Text("while the works go on"),
    "start": Text("when the works start"),
    "end": Text("after the end"),
}


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
    assessment = assess(project, rule_sets, config)
    rule_set = assessment.rule_set
    folder = output_dir / PurePosixPath(project.url)
    items = (
        tuple(
            _obligation(rule, assessment.decisions[rule.item], project, folder, output_dir, today)
            for rule in rule_set.rules
        )
        if rule_set
        else ()
    )
    project_id = project.project_id.raw if project.project_id else None
    return ProjectObligations(project.source.source_path, project.title, project_id, rule_set, items)


def _obligation(
    rule: Rule, decision: Decision, project: Project, folder: Path, output_dir: Path, today: date
) -> Obligation:
    produced = tuple(
        (folder / name).relative_to(output_dir).as_posix()
        for name in PRODUCED_FILES[rule.item]
        if (folder / name).is_file()
    )
    last_day = due_by(rule, project)
    overdue = decision.status is Status.DUE and last_day is not None and today > last_day and not produced
    return Obligation(
        rule.item, decision.status, decision.reason, rule.deadline, last_day, produced, rule.source, overdue
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
