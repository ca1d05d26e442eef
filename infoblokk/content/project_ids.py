"""Hungarian Széchenyi 2020 / Széchenyi Terv Plusz project IDs (azonosítószámok).

An ID reads ``PROGRAMME-p.m.a-CC-[REGION-]YYYY-NNNNN``: the operational programme, the
priority, measure and action numbers of the call, the two-digit year of the call, an
optional region or county segment (``ZA1``, ``HE1``, ``H-ESZA``), the year the project
was registered and a five-digit serial. Central-Hungary calls also carry ``-VEKOP``
right after the call number (``EFOP-1.8.0-VEKOP-17-2017-00001``).

Input is accepted case-insensitively and normalised to capitals, because the IDs are
copied from contracts and e-mails where capitalisation drifts; typographic dashes
(``–``) are read as hyphens for the same reason. Programmes written without the
accent (``KOFOP``) or with a space for the underscore (``TOP Plusz``) are normalised to
their official spelling (``KÖFOP``, ``TOP_PLUSZ``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from infoblokk.messages import Text

PERIOD_2014_2020 = "2014-2020"
PERIOD_2021_2027 = "2021-2027"

KNOWN_PROGRAMMES: tuple[str, ...] = (
    "EFOP",
    "GINOP",
    "TOP",
    "VEKOP",
    "KEHOP",
    "IKOP",
    "KÖFOP",
    "MAHOP",
    "EFOP_PLUSZ",
    "GINOP_PLUSZ",
    "TOP_PLUSZ",
    "KEHOP_PLUSZ",
    "IKOP_PLUSZ",
    "DIMOP_PLUSZ",
    "MAHOP_PLUSZ",
    "VOP_PLUSZ",
)
"""Operational programmes whose IDs this module reads, in their official spelling."""

_SPELLINGS = MappingProxyType({"KOFOP": "KÖFOP"})

# Only EFOP splits its priorities between the two funds; the IDs of other programmes
# do not say which fund pays.
_EFOP_FUNDS = MappingProxyType({1: "ESZA", 2: "ERFA", 3: "ESZA", 4: "ERFA"})

_EXAMPLES = "EFOP-1.6.3-17-2017-00006 or TOP_PLUSZ-3.1.3-23-HE1-2024-00014"

# A region segment must contain a letter, so it can never be mistaken for the year.
_SHAPE = re.compile(
    r"(?P<programme>[A-ZÖ]+(?:_PLUSZ)?)"
    r"-(?P<measure>(?P<priority>\d{1,2})\.\d{1,2}\.\d{1,2})\.?"
    r"(?:-(?P<variant>VEKOP))?"
    r"-(?P<call>\d{2})"
    r"(?P<region>(?:-[A-Z0-9]*[A-Z][A-Z0-9]*){0,2})"
    r"-(?P<year>\d{4})"
    r"-(?P<serial>\d{5})"
)


@dataclass(frozen=True)
class ProjectId:
    """A checked project ID and what can be read from it."""

    raw: str
    """As written, without surrounding whitespace."""
    normalized: str
    """Canonical spelling: capitals, hyphens, no dot after the action number."""
    programme: str
    priority: int
    measure: str
    """Priority, measure and action, e.g. ``1.6.3``."""
    call_year: str
    """Two digits, e.g. ``17`` for a call published in 2017."""
    region: str | None
    """County, city or other segment before the year, e.g. ``ZA1`` or ``H-ESZA``."""
    year: int
    serial: str
    period: str
    """The EU budget period: ``2021-2027`` for *_PLUSZ* programmes, else ``2014-2020``."""

    @property
    def derived_fund(self) -> str | None:
        """``ESZA`` or ``ERFA`` when the ID alone settles the fund, otherwise None."""
        if self.programme != "EFOP":
            return None
        return _EFOP_FUNDS.get(self.priority)


def parse_project_id(text: str) -> ProjectId:
    """Read and check a project ID; raise ValueError saying what a valid one looks like."""
    raw = text.strip()
    if not raw:
        raise ValueError(Text("the project ID is empty; it should look like {examples}", examples=_EXAMPLES))
    cleaned = _canonical_characters(raw)
    prefix = _prefix(cleaned)
    shape = _SHAPE.fullmatch(_programme(prefix, raw) + cleaned.removeprefix(prefix))
    if shape is None:
        raise _shape_error(raw)
    return _project_id(raw, shape)


def _shape_error(raw: str) -> ValueError:
    return ValueError(
        Text(
            "'{text}' is not a valid project ID; it should look like {examples}"
            " (programme-priority.measure.action-call year-[region-]year-serial)",
            text=raw,
            examples=_EXAMPLES,
        )
    )


def _canonical_characters(raw: str) -> str:
    """`raw` in capitals with plain hyphens and `TOP_PLUSZ` for `TOP Plusz`."""
    # Word processors turn hyphens into en dashes, non-breaking hyphens or minus signs.
    hyphenated = re.sub("[\u2010\u2011\u2012\u2013\u2212]", "-", raw).upper()
    return re.sub(r"^([^\W\d_]+)[ -]PLUSZ\b", r"\1_PLUSZ", hyphenated)


def _prefix(cleaned: str) -> str:
    """The leading letters (and `_PLUSZ`) that name the programme."""
    found = re.match(r"[^\W\d]*", cleaned)
    return found[0] if found else ""


def _programme(prefix: str, raw: str) -> str:
    """The programme prefix in its official spelling, if it is a known one."""
    if not prefix:
        raise _shape_error(raw)
    programme = _SPELLINGS.get(prefix, prefix)
    if programme not in KNOWN_PROGRAMMES:
        raise ValueError(
            Text(
                "'{text}' is not a valid project ID: unknown programme '{prefix}'; known: {known}",
                text=raw,
                prefix=prefix,
                known=", ".join(KNOWN_PROGRAMMES),
            )
        )
    return programme


def _project_id(raw: str, shape: re.Match[str]) -> ProjectId:
    region = shape["region"].removeprefix("-") or None
    parts = [shape["programme"], shape["measure"], shape["variant"], shape["call"]]
    parts += [region, shape["year"], shape["serial"]]
    return ProjectId(
        raw=raw,
        normalized="-".join(part for part in parts if part),
        programme=shape["programme"],
        priority=int(shape["priority"]),
        measure=shape["measure"],
        call_year=shape["call"],
        region=region,
        year=int(shape["year"]),
        serial=shape["serial"],
        period=_period(shape["programme"]),
    )


def _period(programme: str) -> str:
    return PERIOD_2021_2027 if programme.endswith("_PLUSZ") else PERIOD_2014_2020
