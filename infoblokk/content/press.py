"""`new news --press`: the start and the closing press release of a project, as two drafts.

Both are written in Hungarian, in the shape Hungarian beneficiaries' releases take: who won
how much support for which project (ID, rate, dates), what it is for, and the funding
sentence of the project's banner profile (`press_statement` in the profile's data file, so
that each programme's wording stays data). The facts come from the project file, formatted by
the caller as the site formats them; the page of a press release shows the project's facts
block and the press contact by itself (`kind: press-release`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from infoblokk.config.schema import did_you_mean
from infoblokk.content.model import Project, SiteModel
from infoblokk.content.placeholders import SAMPLE_RELEASE_TEXTS
from infoblokk.content.project_ids import parse_project_id
from infoblokk.errors import BuildFailed, Problem
from infoblokk.layout import FOLDER_OF_KIND, SiteFolders
from infoblokk.messages import Text

START_NAME = "{slug}-projektinditas.md"
CLOSING_NAME = "{slug}-projektzaras.md"


@dataclass(frozen=True)
class ReleaseFacts:
    """A project's facts as the releases write them (amounts and dates already formatted)."""

    title: str
    project_id: str
    beneficiaries: tuple[str, ...]
    grant: str | None  # "74 998 560 Ft"
    funding_rate: str | None  # "100%"
    start: str | None  # "2017. december 1."
    end: str | None
    start_date: date | None
    end_date: date | None
    objective: str  # the objective, else the summary, else ""
    statement: str  # the funding sentence in the banner profile's wording


def find_project(model: SiteModel, wanted: str, projects_dir: Path) -> Project:
    """The project whose ID (written either way) or address (slug) is `wanted`."""
    text = wanted.strip()
    for project in model.projects:
        if project.slug == text or (project.project_id and project.project_id.normalized == _id(text)):
            return project
    names = [p.project_id.raw for p in model.projects if p.project_id] + [p.slug for p in model.projects]
    raise BuildFailed((_unknown_project(text, names, projects_dir),))


def _id(text: str) -> str | None:
    try:
        return parse_project_id(text).normalized
    except ValueError:
        return None


def _unknown_project(wanted: str, names: Iterable[str], projects_dir: Path) -> Problem:
    known = sorted(names)
    guess = did_you_mean(wanted, known)
    hint = (
        Text("did you mean {guess}?", guess=guess)
        if guess
        else Text(
            "name a project by its project_id or by its address (the file's name without .md): {known}",
            known=", ".join(known) or "–",
        )
    )
    return Problem(
        Text("no project has the ID or address '{wanted}'", wanted=wanted), projects_dir, None, hint
    )


def create_press_releases(
    site_dir: Path, project: Project, facts: ReleaseFacts, today: date | None = None
) -> tuple[Path, Path]:
    """Write the start and the closing release of `project` as drafts; refuse to overwrite a file."""
    if project.project_id is None:
        raise BuildFailed((_no_project_id(project),))
    folder = SiteFolders(site_dir).content / FOLDER_OF_KIND["news"]
    day = today or date.today()
    start = folder / START_NAME.format(slug=project.slug)
    closing = folder / CLOSING_NAME.format(slug=project.slug)
    existing = [path for path in (start, closing) if path.exists()]
    if existing:
        raise BuildFailed(tuple(_exists(path) for path in existing))
    folder.mkdir(parents=True, exist_ok=True)
    start.write_text(start_release(facts, facts.start_date or day), encoding="utf-8")
    closing.write_text(closing_release(facts, facts.end_date or day), encoding="utf-8")
    return start, closing


def _no_project_id(project: Project) -> Problem:
    return Problem(
        Text("the project has no project_id, and a news item names its project by that ID"),
        project.source.source_path,
        None,
        Text("add project_id: with the ID from the grant contract, then run the command again"),
    )


def _exists(path: Path) -> Problem:
    return Problem(
        Text("this file already exists; nothing was changed"),
        path,
        hint=Text("edit the existing release, or rename it and run the command again"),
    )


# --------------------------------------------------------------------------
# The texts (Hungarian)
# --------------------------------------------------------------------------

_HEADER = """\
---
# {what} Olvassa át és egészítse ki, majd törölje a draft sort.
# A hír oldala magától mutatja a projekt kötelező adatait és a site_config.toml [press]
# részében megadott sajtókapcsolatot.
title: {title}
# A megjelenés dátuma, ÉÉÉÉ-HH-NN formában.
date: {date}
project: {project_id}
kind: press-release
release: {release}
category: Sajtóközlemény
summary: {summary}
# Amíg true, a közlemény nem jelenik meg a honlapon.
draft: true
---

"""


def start_release(facts: ReleaseFacts, day: date) -> str:
    """The release announcing the project's start."""
    won = "nyertek el" if len(facts.beneficiaries) > 1 else "nyert el"
    lead = (
        f"{_names(facts.beneficiaries, capital=True)} {_amount(facts)} támogatást {won} "
        f"{_article(facts.title)} „{facts.title}” című, {facts.project_id} azonosító számú projekt "
        "megvalósítására."
    )
    schedule = _schedule(
        facts,
        "A projekt kezdete: {start}, tervezett befejezése: {end}",
        "A projekt tervezett befejezése: {end}",
    )
    body = ("## Tervezett tevékenységek", SAMPLE_RELEASE_TEXTS[1])
    return _release(
        facts, day, "start", ("Sajtóközlemény a projekt indulásáról.", "Elindult"), lead, schedule, body
    )


def closing_release(facts: ReleaseFacts, day: date) -> str:
    """The release announcing the project's completion."""
    carried = "valósítottak meg" if len(facts.beneficiaries) > 1 else "valósított meg"
    lead = (
        f"Befejeződött {_article(facts.title)} „{facts.title}” című, {facts.project_id} azonosító "
        f"számú projekt, amelyet {_names(facts.beneficiaries, capital=False)} {_amount(facts)} "
        f"támogatásból {carried}."
    )
    schedule = _schedule(
        facts, "A projekt {start} és {end} között valósult meg", "A projekt befejezése: {end}"
    )
    body = ("## Eredmények", SAMPLE_RELEASE_TEXTS[2])
    return _release(
        facts, day, "closing", ("Sajtóközlemény a projekt zárásáról.", "Befejeződött"), lead, schedule, body
    )


def _release(
    facts: ReleaseFacts,
    day: date,
    release: str,
    wording: tuple[str, str],
    lead: str,
    schedule: str,
    body: tuple[str, str],
) -> str:
    """A release file: the front matter, the lead with the rate, when, the aim, `body`, the statement.
    `wording` is the header comment and the verb the title starts with."""
    what, verb = wording
    header = _HEADER.format(
        what=what,
        title=_yaml(f"{verb} {_article(facts.title)} „{facts.title}” című projekt"),
        date=day.isoformat(),
        project_id=facts.project_id,
        release=release,
        summary=_yaml(lead),
    )
    paragraphs = [
        lead + _rate(facts),
        schedule,
        "## A projekt célja",
        facts.objective or SAMPLE_RELEASE_TEXTS[0],
        *body,
        facts.statement,
    ]
    return header + "\n\n".join(p for p in paragraphs if p) + "\n"


def _amount(facts: ReleaseFacts) -> str:
    return f"{facts.grant} összegű, vissza nem térítendő" if facts.grant else "vissza nem térítendő"


def _rate(facts: ReleaseFacts) -> str:
    return f" A támogatás mértéke {facts.funding_rate}." if facts.funding_rate else ""


def _schedule(facts: ReleaseFacts, both: str, end_only: str) -> str:
    """When the project runs; a Hungarian date ends with its own full stop ("2020. október 31.")."""
    if facts.start and facts.end:
        text = both.format(start=facts.start, end=facts.end)
    elif facts.end:
        text = end_only.format(end=facts.end)
    else:
        return ""
    return text if text.endswith(".") else text + "."


def _names(beneficiaries: tuple[str, ...], capital: bool) -> str:
    """The beneficiary with its article, or a consortium: "A Zala Megyei Önkormányzat és a …"."""
    named = [f"{_article(name)} {name}" for name in beneficiaries] or ["a kedvezményezett"]
    text = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} és {named[-1]}"
    return text[0].upper() + text[1:] if capital else text


_VOWELS = "aáeéiíoóöőuúüű"


def _article(word: str) -> str:
    """The Hungarian definite article before `word`: "az" before a vowel, "a" before a consonant,
    "a(z)" before a digit or a sign (whose spoken form decides)."""
    first = word.lstrip("„\"'(")[:1].lower()
    if not first.isalpha():
        return "a(z)"
    return "az" if first in _VOWELS else "a"


def _yaml(text: str) -> str:
    """A text as one YAML scalar: JSON strings are valid YAML strings."""
    return json.dumps(text, ensure_ascii=False)
