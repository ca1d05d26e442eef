"""Links written in Markdown bodies, made to work wherever the site is hosted.

Authors may link to another content file by its path (`[Zala](zala-felzarkozas.md)`,
`[hír](../news/zarorendezveny.md#program)`) or to a file of the site from its root
(`![fotó](/kepek/forum.jpg)`). Both become relative links to the built page or file, so the
output keeps working under a sub-path and from the file system. A link to a content file that
does not exist is an error with the file and line of the link.

Links are the `href` and `src` attributes of any tag, however quoted (raw HTML in a body may
write `href='…'`); they are read and rewritten in place by `infoblokk.render.html`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from infoblokk.content.sources import SourceFile
from infoblokk.errors import Problem
from infoblokk.messages import Text
from infoblokk.render.html import find_attributes, replace_spans
from infoblokk.render.urls import relative_link

LINK_ATTRIBUTES = frozenset({"href", "src"})
HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def rewrite_links(
    html: str, source: SourceFile, page_url: str, url_of_source: Mapping[Path, str]
) -> tuple[str, tuple[Problem, ...]]:
    """The body HTML with content-file and root links made relative, and any broken ones."""
    problems: list[Problem] = []
    replacements: list[tuple[tuple[int, int], str]] = []
    for link in find_attributes(html, LINK_ATTRIBUTES):
        target = _rewritten(link.value, source, page_url, url_of_source)
        if target is None:
            problems.append(_broken(link.value, source))
        elif target != link.value:
            replacements.append((link.span, link.quoted(target)))
    return replace_spans(html, replacements), tuple(problems)


def _rewritten(
    target: str, source: SourceFile, page_url: str, url_of_source: Mapping[Path, str]
) -> str | None:
    if HAS_SCHEME.match(target) or target.startswith(("//", "#")) or not target:
        return target
    if target.startswith("/"):
        return relative_link(page_url, target.lstrip("/"))
    path_part, _, fragment = target.partition("#")
    if not path_part.endswith(".md"):
        return target
    linked = normalized(source.source_path.parent / path_part)
    url = url_of_source.get(linked)
    if url is None:
        return None
    return relative_link(page_url, f"{url}#{fragment}" if fragment else url)


def normalized(path: Path) -> Path:
    """A path with `..` and `.` folded away, without asking the file system (fast for many)."""
    return Path(os.path.normpath(os.path.abspath(path)))


def _broken(target: str, source: SourceFile) -> Problem:
    offset = source.body.find(target.partition("#")[0])
    line = source.body_line + source.body[:offset].count("\n") - 1 if offset >= 0 else None
    return Problem(
        Text("the link '{target}' points to no published content file", target=target),
        source.source_path,
        line,
        Text("check the file name and folder (relative to this file), or whether the file is a draft"),
    )
