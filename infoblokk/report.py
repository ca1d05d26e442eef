"""The last stage: what the user reads after a command.

It imports nothing of the build's machinery: the report of a build with nothing to do is
made from the last build's record alone (see `outcome`). Each project's publicity items are
worded in `check/obligations_text`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from infoblokk.errors import Problem, failing_check, strict_build_failures
from infoblokk.messages import ENGLISH, Language, Plural, Text
from infoblokk.outcome import BuildResult

KIND_ORDER = ("projects", "news", "pages", "translations", "listings")


def format_problems(problems: Iterable[Problem], site_dir: Path, language: Language = ENGLISH) -> str:
    """Every problem as `path:line: message` plus its hint, errors before warnings."""
    ordered = sorted(problems, key=lambda p: (p.is_warning, str(p.path or ""), p.line or 0))
    return "\n".join(problem.format(site_dir, language) for problem in ordered)


def pages_built(pages: Mapping[str, int]) -> Text:
    """`3 projects, 12 news items, 2 pages`: the pages of a build, per kind."""
    parts = [_pages_of_kind(kind, pages[kind]) for kind in KIND_ORDER if kind in pages]
    listed = parts[-1] if parts else Plural("{count} page", "{count} pages", 0)
    for part in reversed(parts[:-1]):
        listed = Text("{first}, {rest}", first=part, rest=listed)
    return listed


def _pages_of_kind(kind: str, count: int) -> Text:
    return {
        "projects": Plural("{count} project", "{count} projects", count),
        "news": Plural("{count} news item", "{count} news items", count),
        "pages": Plural("{count} page", "{count} pages", count),
        "translations": Plural("{count} translation", "{count} translations", count),
        "listings": Plural("{count} list page", "{count} list pages", count),
    }[kind]


def format_build(result: BuildResult, site_dir: Path, language: Language = ENGLISH) -> str:
    """The short report of a finished build."""
    output = _shown(result.output_dir, site_dir)
    changes: Text = Plural("{count} file written", "{count} files written", result.files_written)
    if result.files_removed:
        changes = Text(
            "{written}, {removed}",
            written=changes,
            removed=Plural("{count} removed", "{count} removed", result.files_removed),
        )
    seconds = language.seconds(result.seconds)
    built = Text(
        "Built {counts} into {output}/ ({changes}) in {seconds} s.",
        counts=pages_built(result.pages),
        output=output,
        changes=changes,
        seconds=seconds,
    )
    lines = [language(built)]
    if result.drafts:
        drafts = ", ".join(_shown(p, site_dir) for p in result.drafts)
        lines.append(
            language(
                Plural(
                    "Left out {count} draft: {drafts}",
                    "Left out {count} drafts: {drafts}",
                    len(result.drafts),
                    drafts=drafts,
                )
            )
        )
    if result.warnings:
        lines.append("\n" + language(_warnings_heading(result.warnings)))
        lines.append(format_problems(result.warnings, site_dir, language))
    opened = Text("Open {output}/index.html in a browser, or run: python build.py serve", output=output)
    lines.append("\n" + language(opened))
    return "\n".join(lines)


def format_failure(
    problems: tuple[Problem, ...], site_dir: Path, output_dir: str, language: Language = ENGLISH
) -> str:
    """Why a build stopped, and the reassurance that nothing was lost."""
    errors = sum(not p.is_warning for p in problems)
    warnings = len(problems) - errors
    counts = [
        Plural("{count} error", "{count} errors", errors) if errors else None,
        Plural("{count} warning", "{count} warnings", warnings) if warnings else None,
    ]
    counted = ", ".join(language(part) for part in counts if part)
    stopped = Text(
        "The build stopped ({counted}); {output}/ was not changed.", counted=counted, output=output_dir
    )
    return f"{format_problems(problems, site_dir, language)}\n\n{language(stopped)}"


def _warnings_heading(warnings: tuple[Problem, ...]) -> Text:
    """How many warnings, and which commands stop on them: `check` on all but the steps left
    before publishing, `build --strict` on compliance gaps and those steps (see `infoblokk.errors`)."""
    count = len(warnings)
    check_fails = bool(failing_check(warnings, strict=False))
    strict_build_fails = bool(strict_build_failures(warnings))
    if check_fails and strict_build_fails:
        return Plural(
            "{count} warning (`check` and `build --strict` fail on it):",
            "{count} warnings (`check` and `build --strict` fail on these):",
            count,
        )
    if strict_build_fails:
        return Plural(
            "{count} warning (`build --strict` and `check --strict` fail on it):",
            "{count} warnings (`build --strict` and `check --strict` fail on these):",
            count,
        )
    return Plural(
        "{count} warning (`check` fails on it):", "{count} warnings (`check` fails on these):", count
    )


def _shown(path: Path, site_dir: Path) -> str:
    return str(path.relative_to(site_dir)) if path.is_relative_to(site_dir) else str(path)
