"""What the user reads after an import: what was found and where, what was not, what is next.

Each line is a Text (translated where the command line prints it) with its indentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from infoblokk.importing.facts import Fact, FactValue
from infoblokk.importing.listing import ListImport
from infoblokk.importing.page import SHOWN_LABELS, PageImport
from infoblokk.messages import Text


@dataclass(frozen=True)
class ReportLine:
    """One line of a report: a message and how far it is indented (0, 1 or 2 steps)."""

    text: Text
    indent: int = 0


def page_report(written: Path, imported: PageImport, site_dir: Path) -> tuple[ReportLine, ...]:
    """The report of one imported page."""
    shown_file = _shown(written, site_dir)
    lines = [
        ReportLine(
            Text(
                "{source} → {file} (a draft: not published until you delete its draft line)",
                source=imported.draft.source,
                file=shown_file,
            )
        ),
        ReportLine(Text("found:"), 1),
    ]
    lines += [ReportLine(fact_line(fact), 2) for fact in imported.found]
    if imported.missing:
        missing = ", ".join(shown_label(key) for key in imported.missing)
        lines.append(
            ReportLine(Text("not on the page (left out, check will ask for them): {facts}", facts=missing), 1)
        )
    for unread in imported.unread:
        lines.append(
            ReportLine(
                Text(
                    "line {line}: '{text}' was not read as {fact} ({reason}); it stays in the text",
                    line=unread.line or "?",
                    text=unread.source,
                    fact=shown_label(unread.key),
                    reason=unread.reason,
                ),
                1,
            )
        )
    lines += [ReportLine(Text("note: {note}", note=note), 1) for note in imported.notes]
    return tuple(lines)


def fact_line(fact: Fact) -> Text:
    """`Szerződött támogatás összege (grant_amount): 75000000 — line 14: "75.000.000,- Ft"`."""
    if fact.line is None:
        return Text("{label}: {value}", label=shown_label(fact.key), value=shown_value(fact.value))
    if fact.source == shown_value(fact.value):
        return Text(
            "{label}: {value} (line {line})", label=shown_label(fact.key), value=fact.source, line=fact.line
        )
    return Text(
        "{label}: {value} (line {line}: {written})",
        label=shown_label(fact.key),
        value=shown_value(fact.value),
        line=fact.line,
        written=f'"{fact.source}"',
    )


def shown_label(key: str) -> str:
    label = SHOWN_LABELS.get(key)
    return f"{label} ({key})" if label else key


def shown_value(value: FactValue) -> str:
    if isinstance(value, tuple):
        return "; ".join(value)
    if isinstance(value, (date, Decimal)):
        return str(value)
    return value


NEXT_STEPS = Text(
    "Next: read each new file beside its source, write in what is missing, delete the draft line, "
    "then run python build.py check."
)


def list_report(outcome: ListImport, site_dir: Path) -> tuple[ReportLine, ...]:
    """The report of one imported list: a line per row, rejected rows as problems after it."""
    lines = [ReportLine(Text("Read as {source}.", source=outcome.source))]
    if outcome.ignored_columns:
        lines.append(
            ReportLine(Text("columns not imported: {columns}", columns=", ".join(outcome.ignored_columns)), 1)
        )
    for row, path in outcome.written:
        lines.append(
            ReportLine(Text("row {row} → {file} (a draft)", row=row, file=_shown(path, site_dir)), 1)
        )
    for row, path, keys in outcome.updated:
        if keys:
            changed = Text(
                "row {row}: updated {file}: {keys}",
                row=row,
                file=_shown(path, site_dir),
                keys=", ".join(keys),
            )
        else:
            changed = Text(
                "row {row}: {file} already says the same; not changed", row=row, file=_shown(path, site_dir)
            )
        lines.append(ReportLine(changed, 1))
    for row, path in outcome.left_alone:
        lines.append(
            ReportLine(
                Text(
                    "row {row}: the project is already in {file}; left alone (--update changes its facts)",
                    row=row,
                    file=_shown(path, site_dir),
                ),
                1,
            )
        )
    lines.append(
        ReportLine(
            Text(
                "{written} new, {updated} updated, {left} left alone, {rejected} rejected.",
                written=len(outcome.written),
                updated=sum(bool(keys) for _, _, keys in outcome.updated),
                left=len(outcome.left_alone),
                rejected=len(outcome.problems),
            )
        )
    )
    return tuple(lines)


def _shown(path: Path, site_dir: Path) -> str:
    return path.relative_to(site_dir).as_posix() if path.is_relative_to(site_dir) else str(path)
