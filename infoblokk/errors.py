"""Problems found in a user's site, and the one exception the command line catches.

Exception tree:

    InfoblokkError          base; the command line prints its problems and exits 1
    └── BuildFailed         one or more problems stopped the build (collected, never one at a time)

Any other exception is a bug in infoblokk: the command line prints one paragraph saying so,
saves the traceback in a file (named in that paragraph) and exits 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(Enum):
    """How much a problem matters."""

    ERROR = "error"  # the site cannot be built correctly
    COMPLIANCE = "compliance"  # the site builds, but its content breaks a publicity rule
    PUBLICATION = "publication"  # the site is right; one step of the publisher's is left before publishing


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a user's site, located as precisely as we can."""

    message: str
    path: Path | None = None
    line: int | None = None
    hint: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_warning(self) -> bool:
        """A problem that does not stop a build (`build --strict` and `check --strict` fail on it)."""
        return self.severity is not Severity.ERROR

    def location(self, site_dir: Path | None = None) -> str:
        """`content/projects/zala.md:4`, relative to the site when possible."""
        if self.path is None:
            return ""
        shown = self.path
        if site_dir is not None and self.path.is_relative_to(site_dir):
            shown = self.path.relative_to(site_dir)
        return f"{shown}:{self.line}" if self.line else str(shown)

    def format(self, site_dir: Path | None = None) -> str:
        """The lines a user reads: `path:line: message`, then `hint: …`."""
        where = self.location(site_dir)
        label = "warning: " if self.is_warning else ""
        head = f"{where}: {label}{self.message}" if where else f"{label}{self.message}"
        return f"{head}\n  hint: {self.hint}" if self.hint else head


class InfoblokkError(Exception):
    """A problem in the user's input. Carries every problem found, not just the first."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("\n".join(problem.format() for problem in problems))
        self.problems = problems


class BuildFailed(InfoblokkError):
    """The build stopped because of the problems it carries; nothing was published."""


def errors_only(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """The problems that stop a build (compliance gaps only warn)."""
    return tuple(p for p in problems if not p.is_warning)


def failing_check(problems: tuple[Problem, ...], strict: bool) -> tuple[Problem, ...]:
    """The problems `check` fails on: all but the steps left before publishing, or with `strict` all."""
    return problems if strict else tuple(p for p in problems if p.severity is not Severity.PUBLICATION)
