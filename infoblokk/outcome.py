"""What a finished build reports, and that report found without building when nothing changed.

`BuildResult` is what `build_site` returns. `recorded_build` answers a build in a new process
from the last build's record alone (see `unchanged`): it imports nothing of the build's
machinery, so that `python build.py` on a site where nothing changed answers at once, however
many projects the site holds.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from infoblokk.errors import BuildFailed, Problem, strict_build_failures
from infoblokk.layout import SiteFolders
from infoblokk.unchanged import load_last_build, output_fingerprint, sources_fingerprint

if TYPE_CHECKING:  # the build's state comes with its machinery, which this module does not load
    from infoblokk.render.incremental import BuildState
    from infoblokk.render.preview import PreviewBase


@dataclass(frozen=True)
class BuildResult:
    """What a finished build reports."""

    output_dir: Path
    pages: Mapping[str, int]  # pages written per kind
    files_written: int
    files_removed: int
    warnings: tuple[Problem, ...]
    drafts: tuple[Path, ...]
    seconds: float
    state: BuildState | None = field(repr=False)  # None: nothing had changed, or no state was saved
    search_pending: bool = False  # built with index_search=False: the search index is behind
    notices: tuple[Problem, ...] = ()  # what did not stop the build, but should be known (state not saved)
    preview: PreviewBase | None = field(default=None, repr=False)  # for `serve`; None: nothing rendered


def recorded_build(site_dir: Path, strict: bool = False, today: date | None = None) -> BuildResult | None:
    """The last build's outcome again if nothing changed since; None when a build has work to do.

    It holds the site's lock while it looks, as a build does (another build running stops it
    with the same message); without a record of the last build it takes no lock at all.
    `strict`: recorded warnings a strict build fails on raise BuildFailed, as that build would.
    """
    started = time.perf_counter()
    folders = SiteFolders(site_dir)
    if load_last_build(folders) is None:
        return None
    from infoblokk.lock import site_lock  # here: `--help` and a first build need no lock yet (start-up time)

    with site_lock(folders.cache):
        sources = sources_fingerprint(folders, today or date.today())
        return unchanged_since_last_build(folders, sources, strict, started)


def unchanged_since_last_build(
    folders: SiteFolders, sources: str, strict: bool, started: float
) -> BuildResult | None:
    """The last build's outcome again, if neither the sources nor the output changed since."""
    last = load_last_build(folders)
    if last is None or last.sources != sources:
        return None
    output_dir = folders.output(last.output_dir)
    if not output_dir.is_dir() or output_fingerprint(output_dir) != last.output:
        return None
    if strict and strict_build_failures(last.warnings):
        raise BuildFailed(strict_build_failures(last.warnings))
    seconds = time.perf_counter() - started
    return BuildResult(output_dir, last.pages, 0, 0, last.warnings, last.drafts, seconds, state=None)
