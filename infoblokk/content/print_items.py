"""The printed items each project gets: a poster and a display always; a temporary billboard
and a permanent plaque where its programme's rules ask for them, or cannot tell from its facts
whether they do (`content.obligations`, the same decisions `obligations` reports).

The items live in the project's page folder under fixed names, so the page can link them and
the publicity stage can make them from the same list. Their sizes come from
`banner/print_rules.toml`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from infoblokk.banner.obligation_rules import RuleSet
from infoblokk.banner.print_rules import PrintRules
from infoblokk.config.settings import SiteConfig
from infoblokk.content.model import Project
from infoblokk.content.obligations import Assessment, assess

ItemKind = Literal["poster", "display", "billboard", "plaque"]

FILE_NAMES: dict[str, str] = {
    "poster": "plakat-a3.pdf",
    "display": "kijelzo-16x9.png",
    "billboard": "ideiglenes-tabla.pdf",
    "plaque": "emlektabla.pdf",
}

SIGN_KINDS: dict[str, ItemKind] = {"temporary_billboard": "billboard", "plaque": "plaque"}
"""The printed item of each sign the obligation rules name."""


@dataclass(frozen=True)
class PrintItem:
    """One printed (or displayed) item of a project: what it is, where it goes, its size."""

    kind: ItemKind
    url: str  # site-relative, e.g. "projektek/zala/plakat-a3.pdf"
    width: int  # millimetres; pixels for the display
    height: int
    min_share: float | None = None  # a sign under 2014–2020 rules: the 25 % of the mandatory elements

    @property
    def size(self) -> str:
        """`297 × 420 mm`, `1920 × 1080 px`: how the page names the size."""
        unit = "px" if self.kind == "display" else "mm"
        return f"{self.width}\u00a0×\u00a0{self.height}\u00a0{unit}"


def print_items(
    project: Project, rules: PrintRules, rule_sets: Iterable[RuleSet], config: SiteConfig
) -> tuple[PrintItem, ...]:
    """Poster and display, then the signs that are due or cannot be told, in that order."""
    poster, display = rules.poster, rules.display
    items = [
        PrintItem("poster", project.url + FILE_NAMES["poster"], poster.width_mm, poster.height_mm),
        PrintItem("display", project.url + FILE_NAMES["display"], display.width_px, display.height_px),
    ]
    assessment = assess(project, rule_sets, config)
    for item, kind in SIGN_KINDS.items():
        if assessment.may_be_due(item):
            size, url = rules.signs.of(item), project.url + FILE_NAMES[kind]
            items.append(PrintItem(kind, url, size.width_mm, size.height_mm, _min_share(assessment, rules)))
    return tuple(items)


def _min_share(assessment: Assessment, rules: PrintRules) -> float | None:
    """The share rule of the project's period; where the period is not known, the strictest."""
    options = (assessment,) if assessment.rule_set else assessment.possible
    shares = [rules.min_share(option.rule_set.period) for option in options if option.rule_set]
    return max((share for share in shares if share is not None), default=None)
