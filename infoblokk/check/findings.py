"""Where a problem on a rendered page comes from, and how findings become problems.

Each finding names the file to fix: the content file (with its line) when the culprit is in
its text, else the template that wrote it. The same template problem seen on many pages is
reported once, naming the pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import jinja2

from infoblokk.content.sources import SourceFile
from infoblokk.errors import Problem, Severity
from infoblokk.messages import Plural, Text
from infoblokk.render.plans import PagePlan

_EXTENDS = re.compile(r"""\{%-?\s*extends\s+["']([^"']+)["']""")


class Templates:
    """Template names → their files, following `{% extends %}` when asked."""

    def __init__(self, env: jinja2.Environment) -> None:
        self._env = env

    def file(self, name: str) -> Path | None:
        try:
            filename = self._env.get_template(name).filename
        except jinja2.TemplateError:
            return None
        return Path(filename) if filename else None

    def defining(self, name: str, pattern: re.Pattern[str]) -> Path | None:
        """The template, or the one it extends (and so on), whose text matches `pattern`."""
        seen: set[str] = set()
        current: str | None = name
        while current and current not in seen and self._env.loader is not None:
            seen.add(current)
            try:
                source, filename, _ = self._env.loader.get_source(self._env, current)
            except jinja2.TemplateNotFound:
                return None
            if pattern.search(source):
                return Path(filename) if filename else None
            parent = _EXTENDS.search(source)
            current = parent.group(1) if parent else None
        return self.file(name)


@dataclass(frozen=True)
class Where:
    """One rendered page: its output path, its plan, and who wrote it."""

    path: str
    plan: PagePlan
    templates: Templates

    @property
    def source(self) -> SourceFile | None:
        return self.plan.item.source if self.plan.item else None

    @property
    def template(self) -> Path | None:
        return self.templates.file(self.plan.template)

    def blame(self, *needles: str) -> tuple[Path | None, int | None, bool]:
        """(file, line, in_content): the content line showing one of `needles`, else the template."""
        source = self.source
        if source is not None:
            line = _line_of(source, [needle for needle in needles if needle])
            if line is not None:
                return source.source_path, line, True
        return self.template, None, False


def _line_of(source: SourceFile, needles: list[str]) -> int | None:
    """The line of the file (counted from the top, front matter included) showing a needle."""
    try:
        lines = source.source_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    first = max(source.body_line - 1, 1)  # the closing '---' at the latest: search the body only
    for needle in needles:
        for number in range(first, len(lines) + 1):
            if needle in lines[number - 1]:
                return number
    return None


def _needles(address: str) -> tuple[str, ...]:
    """Ways an address may be written in the Markdown: itself, its #fragment, its file name."""
    parts = urlsplit(address)
    name = PurePosixPath(parts.path).name
    if name == "index.html":
        name = PurePosixPath(parts.path).parent.name
    return (address, f"#{parts.fragment}" if parts.fragment else "", f"{name}" if len(name) > 3 else "")


@dataclass(frozen=True)
class Finding:
    """One problem on one page; the same template problem on many pages is reported once."""

    message: str
    hint: str
    path: Path | None
    line: int | None
    page: str | None  # the page it was seen on, when the file to fix is a template
    severity: Severity = Severity.ERROR


def finding_at(
    where: Where,
    address: str,
    message: str,
    hint: str,
    severity: Severity = Severity.ERROR,
    in_content: tuple[str, str] | None = None,
) -> Finding:
    """A finding about `address` on the page, blamed on the content line showing it, else the template.

    `in_content`: the message and hint to give instead when the content line is found (the
    address there is written otherwise: infoblokk made it relative).
    """
    path, line, from_content = where.blame(*_needles(address))
    if from_content and in_content is not None:
        message, hint = in_content
    return Finding(message, hint, path, line, None if from_content else where.path, severity)


def merged_problems(findings: Iterable[Finding]) -> Iterator[Problem]:
    """One problem per finding in a content file; per template, one naming the pages it shows on."""
    pages: dict[Finding, list[str]] = {}
    for finding in findings:
        key = Finding(finding.message, finding.hint, finding.path, finding.line, None, finding.severity)
        pages.setdefault(key, [])
        if finding.page is not None and finding.page not in pages[key]:
            pages[key].append(finding.page)
    for finding, seen_on in pages.items():
        message = (
            Text("{message} ({pages})", message=finding.message, pages=_on_pages(seen_on))
            if seen_on
            else finding.message
        )
        yield Problem(message, finding.path, finding.line, finding.hint, finding.severity)


def _on_pages(paths: list[str]) -> Text:
    if len(paths) == 1:
        return Text("on the page {page}", page=paths[0])
    shown = ", ".join(paths[:3]) + (", …" if len(paths) > 3 else "")
    return Plural("on {count} page: {pages}", "on {count} pages: {pages}", len(paths), pages=shown)
