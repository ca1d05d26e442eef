"""`obligations` in words: per project, which publicity items its rules ask for, by when, and
whether infoblokk made them (`as_data` in `obligations` is the same report for programs)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from infoblokk.check.obligations import DEADLINES, Obligation, ObligationsReport, ProjectObligations
from infoblokk.content.obligations import ITEM_NAMES, Status
from infoblokk.messages import ENGLISH, Language, Plural, Text


def format_obligations(report: ObligationsReport, site_dir: Path, language: Language = ENGLISH) -> str:
    """Per project: which publicity items its rules ask for, by when, and whether infoblokk made them."""
    blocks = [_project_block(project, site_dir, language) for project in report.projects]
    if not blocks:
        blocks = [language(Text("The site has no published project."))]
    return "\n\n".join([*blocks, _obligations_summary(report, language)])


def _project_block(project: ProjectObligations, site_dir: Path, language: Language) -> str:
    named = f"{project.title} ({project.project_id})" if project.project_id else project.title
    lines = [_shown(project.source_path, site_dir), f"  {named}"]
    rule_set = project.rule_set
    if rule_set is None:
        lines.append("  " + language(_NO_RULES))
        return "\n".join(lines)
    lines.append(
        "  " + language(Text("Rules: {rules} ({source})", rules=rule_set.description, source=rule_set.source))
    )
    if not rule_set.complete:
        lines.append("  " + language(_INCOMPLETE_RULES))
    header = [
        language(Text("item")),
        language(Text("required")),
        language(Text("by when")),
        language(Text("made by infoblokk")),
    ]
    rows = [[language(ITEM_NAMES[o.item]), *_row(o, language)] for o in project.items]
    lines += ["", *_table([header, *rows], indent="  ")]
    lines += ["", "  " + language(Text("Why:"))]
    lines += [
        "  - "
        + language(
            Text("{item}: {reason} ({source})", item=ITEM_NAMES[o.item], reason=o.reason, source=o.source)
        )
        for o in project.items
    ]
    return "\n".join(lines)


def _row(obligation: Obligation, language: Language) -> list[str]:
    required = {
        Status.DUE: Text("yes"),
        Status.NOT_DUE: Text("no"),
        Status.UNKNOWN: Text("cannot tell"),
    }[obligation.status]
    if obligation.status is Status.NOT_DUE:
        return [language(required), "–", "–"]
    return [language(required), language(_by_when(obligation)), language(_made(obligation))]


def _by_when(obligation: Obligation) -> str:
    """The last day (YYYY-MM-DD), where the rule gives one; else when, in words."""
    if obligation.due_by is None:
        return DEADLINES[obligation.deadline]
    if obligation.overdue:
        return Text("{day}, passed", day=obligation.due_by.isoformat())
    return obligation.due_by.isoformat()


def _made(obligation: Obligation) -> Text:
    if obligation.produced:
        return Text("yes: {files}", files=", ".join(PurePosixPath(f).name for f in obligation.produced))
    if not obligation.infoblokk_makes_it:
        return Text("infoblokk does not make this")
    return Text("not produced by infoblokk yet")


def _table(rows: list[list[str]], indent: str) -> list[str]:
    """Rows of cells in columns as wide as their widest cell."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        (indent + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))).rstrip()
        for row in rows
    ]


def _obligations_summary(report: ObligationsReport, language: Language) -> str:
    items = [o for project in report.projects for o in project.items]
    missing = [o for o in items if o.status is Status.DUE and o.infoblokk_makes_it and not o.produced]
    overdue = [o for o in missing if o.overdue]
    lines = [
        language(
            Plural(
                "{count} item due that infoblokk has not made yet, {overdue} of them past its last day.",
                "{count} items due that infoblokk has not made yet, {overdue} of them past their last day.",
                len(missing),
                overdue=len(overdue),
            )
        )
    ]
    for rate in report.exchange_rates:
        whose = (
            Text("set in site_config.toml")
            if rate.own
            else Text("infoblokk's default: set yours under [exchange_rates] in site_config.toml")
        )
        lines.append(
            language(
                Text(
                    "Amounts in {currency} are compared in euro at {rate} {currency} to the euro ({whose}).",
                    currency=rate.currency,
                    rate=str(rate.per_euro),
                    whose=whose,
                )
            )
        )
    lines.append(
        language(Text("Made by infoblokk means the file is in the output folder of the last build."))
    )
    return "\n".join(lines)


_NO_RULES = Text(
    "Which rules apply cannot be told: this banner follows the programming period the project's facts "
    "show. Add programme_code (the programme's CCI code, e.g. 2021HU05FFPR001), or start_date and end_date."
)
_INCOMPLETE_RULES = Text(
    "infoblokk knows only some of these rules (the website page); ask the programme operator which "
    "billboards, plaques and events the project needs."
)


def _shown(path: Path, site_dir: Path) -> str:
    return str(path.relative_to(site_dir)) if path.is_relative_to(site_dir) else str(path)
