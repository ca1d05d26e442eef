"""How the printed publicity items are made, as data (`print_rules.toml`, shipped with the
package and checked by a schema like the banner profiles): the poster's and display's sizes,
each sign's size, and the share of a sign's area the mandatory elements take, each with its
source.

Which items a project needs is not here: the obligation rules (`obligations/*.toml`) decide it,
for the reports and the build alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from infoblokk.config.schema import read_toml, validate
from infoblokk.errors import BuildFailed
from infoblokk.messages import Text

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


class SignTable(_Table):
    """`[signs.<item>]`: the size a billboard or plaque is made in."""

    width_mm: StrictInt = Field(gt=0)
    height_mm: StrictInt = Field(gt=0)
    source: str


class SignsTable(_Table):
    """`[signs]`: the size of each sign the rules may ask for."""

    temporary_billboard: SignTable
    plaque: SignTable

    def of(self, item: str) -> SignTable:
        """The size of `item`, `temporary_billboard` or `plaque`."""
        return {"temporary_billboard": self.temporary_billboard, "plaque": self.plaque}[item]


class ShareTable(_Table):
    """`[share]`: the least share of a sign's area the name, objective, emblem and reference take."""

    periods: tuple[str, ...]
    min_share: float = Field(gt=0, lt=1)
    source: str


class PrintRulesFile(_Table):
    """The whole `print_rules.toml`."""

    poster: PosterTable
    display: DisplayTable
    signs: SignsTable
    share: ShareTable


@dataclass(frozen=True)
class PrintRules:
    """The rules of `print_rules.toml`, read once."""

    poster: PosterTable
    display: DisplayTable
    signs: SignsTable
    share: ShareTable

    def min_share(self, period: str | None) -> float | None:
        """The least share of a sign's area for the mandatory elements under `period`'s rules."""
        return self.share.min_share if period in self.share.periods else None


def read_print_rules(source: Traversable) -> PrintRules:
    """The rules file at `source`, validated; BuildFailed with its problems, each with its line."""
    file = read_toml(source)
    schema, problems = validate(PrintRulesFile, file.data, file.path, file.line_of, {}, _UNKNOWN_NOTE)
    if schema is None:
        raise BuildFailed(problems)
    return PrintRules(schema.poster, schema.display, schema.signs, schema.share)


@cache
def print_rules() -> PrintRules:
    """The rules shipped with infoblokk (read once per process: they change only with it)."""
    return read_print_rules(resources.files(_PACKAGE).joinpath(_RULES_FILE))
