"""The printed items each project gets: a poster and a display always, a billboard and a
permanent plaque where its facts and its programme's rules (`banner/print_rules.toml`) ask.

The items live in the project's page folder under fixed names, so the page can link them and
the publicity stage can make them from the same list.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from infoblokk.banner.print_rules import PrintRules, SignFacts, SignRule
from infoblokk.content.model import Money, Project

ItemKind = Literal["poster", "display", "billboard", "plaque"]

FILE_NAMES: dict[str, str] = {
    "poster": "plakat-a3.pdf",
    "display": "kijelzo-16x9.png",
    "billboard": "ideiglenes-tabla.pdf",
    "plaque": "emlektabla.pdf",
}


@dataclass(frozen=True)
class PrintItem:
    """One printed (or displayed) item of a project: what it is, where it goes, its size."""

    kind: ItemKind
    url: str  # site-relative, e.g. "projektek/zala/plakat-a3.pdf"
    width: int  # millimetres; pixels for the display
    height: int
    rule: SignRule | None = None  # for a billboard or plaque: the rule that makes it due

    @property
    def size(self) -> str:
        """`297 × 420 mm`, `1920 × 1080 px`: how the page names the size."""
        unit = "px" if self.kind == "display" else "mm"
        return f"{self.width}\u00a0×\u00a0{self.height}\u00a0{unit}"


def print_items(project: Project, rules: PrintRules) -> tuple[PrintItem, ...]:
    """Poster and display, then the signs due, in that order."""
    poster, display = rules.poster, rules.display
    items = [
        PrintItem("poster", project.url + FILE_NAMES["poster"], poster.width_mm, poster.height_mm),
        PrintItem("display", project.url + FILE_NAMES["display"], display.width_px, display.height_px),
    ]
    for rule in rules.signs_due(sign_facts(project)):
        url = project.url + FILE_NAMES[rule.kind]
        items.append(PrintItem(rule.kind, url, rule.width_mm, rule.height_mm, rule))
    return tuple(items)


def sign_facts(project: Project) -> SignFacts:
    return SignFacts(
        profile=project.banner.profile.name,
        fund=project.fund or project.banner.fund,
        physical_investment=project.physical_investment,
        grant=_amount(project.grant),
        total_cost=_amount(project.total_cost),
    )


def _amount(money: Money | None) -> tuple[Decimal, str] | None:
    return (money.amount, money.currency) if money else None
