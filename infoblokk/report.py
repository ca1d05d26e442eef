"""The last stage: what the user reads after a command."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from infoblokk.errors import Problem
from infoblokk.site import BuildResult

KIND_ORDER = ("projects", "news", "pages", "translations", "listings")


def format_problems(problems: Iterable[Problem], site_dir: Path) -> str:
    """Every problem as `path:line: message` plus its hint, errors before warnings."""
    ordered = sorted(problems, key=lambda p: (p.is_warning, str(p.path or ""), p.line or 0))
    return "\n".join(problem.format(site_dir) for problem in ordered)


def format_build(result: BuildResult, site_dir: Path) -> str:
    """The short report of a finished build."""
    counts = ", ".join(f"{result.pages[kind]} {kind}" for kind in KIND_ORDER if kind in result.pages)
    output = _shown(result.output_dir, site_dir)
    changes = f"{result.files_written} files written"
    if result.files_removed:
        changes += f", {result.files_removed} removed"
    lines = [f"Built {counts} into {output}/ ({changes}) in {result.seconds:.2f} s."]
    if result.drafts:
        lines.append(
            f"Left out {len(result.drafts)} draft(s): "
            + ", ".join(_shown(p, site_dir) for p in result.drafts)
        )
    if result.warnings:
        lines.append(f"\n{len(result.warnings)} warning(s) (`build --strict` fails on these):")
        lines.append(format_problems(result.warnings, site_dir))
    lines.append(f"\nOpen {output}/index.html in a browser, or run: python build.py serve")
    return "\n".join(lines)


def format_failure(problems: tuple[Problem, ...], site_dir: Path, output_dir: str) -> str:
    """Why a build stopped, and the reassurance that nothing was lost."""
    errors = sum(not p.is_warning for p in problems)
    warnings = len(problems) - errors
    counted = ", ".join(part for part in (_plural(errors, "error"), _plural(warnings, "warning")) if part)
    return (
        f"{format_problems(problems, site_dir)}\n\n"
        f"The build stopped ({counted}); {output_dir}/ was not changed."
    )


def _plural(count: int, word: str) -> str:
    return "" if count == 0 else f"{count} {word}" + ("s" if count > 1 else "")


def _shown(path: Path, site_dir: Path) -> str:
    return str(path.relative_to(site_dir)) if path.is_relative_to(site_dir) else str(path)
