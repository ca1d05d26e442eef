"""The sample facts and text `new` writes, and finding them left in a file that is published.

`new` fills every field so that the file shows what goes where; what it fills in is not true
of any project. A file that is no longer a draft but still holds one of these is an error at
its line, so that nothing half-written is published silently. The dates `new` writes, today
as both start and end, are caught by the rule that a project cannot start and end on one day.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from infoblokk.content.sources import SourceFile
from infoblokk.errors import Problem
from infoblokk.messages import Text

SAMPLE_PROJECT_ID = "EFOP-X.X.X-XX-XXXX-XXXXX"
SAMPLE_BENEFICIARY = "A kedvezményezett szervezet neve"
SAMPLE_PROJECT_TEXT = (
    "Projekt tartalmának bemutatása: írja le itt, mit valósít meg a projekt, kinek és hogyan."
)
SAMPLE_ACTIVITIES = ("első tevékenység", "második tevékenység")
SAMPLE_NEWS_TEXT = "A hír szövege."
SAMPLE_PAGE_TEXT = "Az oldal szövege."
SAMPLE_RELEASE_TEXTS = (
    "Írja le itt egy-két mondatban, mit szeretne elérni a projekt, és kiknek.",
    "Írja le itt a projekt fő tevékenységeit: mi történik, hol és mikor.",
    "Írja le itt, mit valósított meg a projekt: az eredményeket, a résztvevők számát, a rendezvényeket.",
)
"""The lines of `new news --press` releases that only say what to write there."""
SAMPLE_TEXTS = frozenset(
    {SAMPLE_PROJECT_TEXT, *SAMPLE_ACTIVITIES, SAMPLE_NEWS_TEXT, SAMPLE_PAGE_TEXT, *SAMPLE_RELEASE_TEXTS}
)

_SAMPLE_FACTS = {
    "project_id": (
        SAMPLE_PROJECT_ID,
        Text("write the project's ID from the grant contract, or delete the line"),
    ),
    "project": (
        SAMPLE_PROJECT_ID,
        Text("write the project_id of the project this news belongs to, or delete the line"),
    ),
    "beneficiary": (SAMPLE_BENEFICIARY, Text("write the beneficiary's name as in the grant contract")),
}


def placeholder_problems(source: SourceFile) -> Iterator[Problem]:
    """Each sample fact `new` wrote that is still there, then the first line of sample text."""
    yield from _same_day(source)
    for key, (sample, hint) in _SAMPLE_FACTS.items():
        if _holds(source.meta.get(key), sample):
            yield Problem(
                Text(
                    "'{key}' is still the sample that `python build.py new` wrote: {sample}",
                    key=key,
                    sample=sample,
                ),
                source.source_path,
                source.line_of((key,)),
                hint,
            )
    for number, line in enumerate(source.body.split("\n")):
        if line.strip().removeprefix("- ").strip() in SAMPLE_TEXTS:
            yield Problem(
                Text("this is the sample text that `python build.py new` wrote: {text}", text=line.strip()),
                source.source_path,
                source.body_line + number - 1,  # the body starts with the closing line's end
                Text("replace the sample text below the closing '---' line with your own"),
            )
            return


def _same_day(source: SourceFile) -> Iterator[Problem]:
    start, end = source.meta.get("start_date"), source.meta.get("end_date")
    if source.kind == "project" and isinstance(start, str) and start.strip() and start == end:
        yield Problem(
            Text("the project starts and ends on the same day ({date})", date=start.strip()),
            source.source_path,
            source.line_of(("start_date",)),
            Text(
                "`python build.py new` writes today's date in both: write the day the project started "
                "and its planned end date from the grant contract (YYYY-MM-DD)"
            ),
        )


def _holds(value: Any, sample: str) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(isinstance(item, str) and item.strip() == sample for item in values)
