"""Problems found in a user's site, and the one exception the command line catches.

Exception tree:

    InfoblokkError          base; the command line prints its problems and exits 1
    ├── BuildFailed         one or more problems stopped the build (collected, never one at a time)
    └── BuildCancelled      the build was asked to stop (serve stopping) before it wrote anything

Any other exception is a bug in infoblokk: the command line prints one paragraph saying so,
saves the traceback in a file (named in that paragraph) and exits 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from infoblokk.messages import ENGLISH, Language, Text


class Severity(Enum):
    """How much a problem matters."""

    ERROR = "error"  # the site cannot be built correctly
    COMPLIANCE = "compliance"  # the site builds, but its content breaks a publicity rule
    WARNING = "warning"  # the site builds as meant, but the source should be written otherwise
    PUBLICATION = "publication"  # the site is right; one step of the publisher's is left before publishing


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a user's site, located as precisely as we can.

    `message` and `hint` are Texts (see `infoblokk.messages`) wherever infoblokk words them, so
    that `format` can put them in the user's language; a plain string is shown as it is.
    """

    message: str
    path: Path | None = None
    line: int | None = None
    hint: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_warning(self) -> bool:
        """A problem that does not stop a build: a compliance gap, a warning or a step left before
        publishing (which of them `build --strict` and `check` fail on: see the functions below)."""
        return self.severity is not Severity.ERROR

    def location(self, site_dir: Path | None = None) -> str:
        """`content/projects/zala.md:4`, relative to the site when possible."""
        if self.path is None:
            return ""
        shown = self.path
        if site_dir is not None and self.path.is_relative_to(site_dir):
            shown = self.path.relative_to(site_dir)
        return f"{shown}:{self.line}" if self.line else str(shown)

    def format(self, site_dir: Path | None = None, language: Language = ENGLISH) -> str:
        """The lines a user reads: `path:line: message`, then `hint: …`."""
        where = self.location(site_dir)
        message = language(self.message)
        if self.is_warning:  # COMPLIANCE, WARNING and PUBLICATION
            message = language(Text("warning: {message}", message=message))
        head = f"{where}: {message}" if where else message
        if not self.hint:
            return head
        hint = language(Text("hint: {hint}", hint=language(self.hint)))
        return f"{head}\n  {hint}"


class InfoblokkError(Exception):
    """A problem in the user's input. Carries every problem found, not just the first."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("\n".join(problem.format() for problem in problems))
        self.problems = problems


class BuildFailed(InfoblokkError):
    """The build stopped because of the problems it carries; nothing was published."""


class BuildCancelled(InfoblokkError):
    """The build stopped because it was asked to (`serve` stopping); nothing was written."""

    def __init__(self) -> None:
        super().__init__(())


def strict_build_failures(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """The warnings that `build --strict` stops on: broken publicity rules and the steps left
    before publishing (a stand-in banner), not the way a source is written (curly quotes)."""
    return tuple(p for p in problems if p.severity in (Severity.COMPLIANCE, Severity.PUBLICATION))


def errors_only(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """The problems that stop a build (every other severity only warns)."""
    return tuple(p for p in problems if not p.is_warning)


def failing_check(problems: tuple[Problem, ...], strict: bool) -> tuple[Problem, ...]:
    """The problems `check` fails on: all but the steps left before publishing (which only
    warn, exit code 0), or with `strict` all of them."""
    return problems if strict else tuple(p for p in problems if p.severity is not Severity.PUBLICATION)
