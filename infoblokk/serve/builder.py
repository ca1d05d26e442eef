"""`SiteBuilder`: the builds of `serve`, one at a time, each starting from the last one's state.

It keeps the last outcome (what the server shows: the site, or the error page) and what the
last good build rendered with, so that a save that changed only a body can be shown from
memory at once (`preview`, see `render.preview`) and written into the output folder
(`write_ahead`, see `serve.ahead`) while the build that follows makes the rest.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from infoblokk.config.settings import load_config
from infoblokk.errors import BuildCancelled, BuildFailed, InfoblokkError, Problem
from infoblokk.layout import SiteFolders
from infoblokk.lock import site_lock
from infoblokk.messages import Text
from infoblokk.render.preview import PreviewBase, PreviewPages
from infoblokk.serve.ahead import write_ahead
from infoblokk.serve.app import Outcome
from infoblokk.site import BuildResult, build_site

LOCK_WAIT_SECONDS = 600  # how long a rebuild waits for another build of the site to finish
NOT_BUILT = Problem(Text("the site has not been built yet"), hint=Text("wait a moment and reload"))


class SiteBuilder:
    """Builds the site and keeps the last outcome, and the state the next build starts from."""

    def __init__(self, site_dir: Path, build: Callable[..., BuildResult] = build_site) -> None:
        self.site_dir = site_dir
        self._build = build
        self._lock = threading.Lock()  # the first build and the watcher's rebuilds never overlap
        self._state: object | None = None  # the last good build's state, for an incremental rebuild
        self._preview_base: PreviewBase | None = None  # what the last good build rendered with
        self.previews: PreviewPages = {}  # pages shown from memory until the build after a save ends
        self.outcome = Outcome(self._configured_output(), problems=(NOT_BUILT,))

    def build(self, index_search: bool = True, cancel: threading.Event | None = None) -> Outcome:
        """Build once; never raises for a problem in the site (nor for a bug: that is shown too).

        A build cancelled (`cancel` set while it makes the search index) leaves everything as
        it was, the last outcome included."""
        with self._lock:
            return self._build_once(index_search, cancel)

    def _build_once(self, index_search: bool, cancel: threading.Event | None) -> Outcome:
        try:
            # Every build saves what changed of its state (cheap), for the next one and a later `build`.
            result = self._build(
                self.site_dir,
                previous=self._state,
                index_search=index_search,
                wait_for_lock=LOCK_WAIT_SECONDS,  # a `build` in another terminal: rebuild after it
                cancel=cancel,
                keep_preview=True,
            )
        except BuildCancelled:
            return self.outcome
        except InfoblokkError as error:
            outcome = Outcome(self._output_after_failure(), problems=error.problems)
        except Exception as error:  # a bug in infoblokk must not stop the server; show it
            traceback.print_exc()
            outcome = Outcome(self._output_after_failure(), problems=(_crash_problem(error),))
        else:
            self._state = getattr(result, "state", None)
            # A build that found nothing changed rendered nothing: the last base still holds.
            self._preview_base = getattr(result, "preview", None) or self._preview_base
            if self._preview_base is not None:
                self._preview_base.prepare()  # now, so that the next save's preview need not
            outcome = Outcome(result.output_dir, result=result)
        if not outcome.ok:
            self._preview_base = None  # a broken site shows its error page, not a preview
        self.outcome = outcome
        self.previews = {}  # the output folder is as current as any preview, or the error page shows
        return outcome

    def preview(self, changed: tuple[Path, ...]) -> PreviewPages:
        """The pages of a save that changed only bodies, rendered now and served from memory
        until the next build ends (see `render.preview`); empty when a build must show it."""
        base = self._preview_base
        if base is None or not self.outcome.ok:
            return {}
        try:
            pages = base.pages_for(changed)
        except Exception:  # a preview is only a head start: the build that follows shows the save
            traceback.print_exc()
            return {}
        self.previews = pages or {}
        return self.previews

    def write_ahead(self, pages: PreviewPages) -> tuple[str, ...]:
        """Write the pages of the last preview into the output folder now, before the build that
        follows (see `serve.ahead`); the paths written. Nothing is written if a build has ended
        since the preview, or a build in another process holds the site: the next build writes them."""
        with self._lock:
            if not pages or pages is not self.previews or not self.outcome.ok:
                return ()
            cache = SiteFolders(self.site_dir).cache
            try:
                with site_lock(cache):
                    return write_ahead(self.outcome.output_dir, cache, pages)
            except BuildFailed:
                return ()

    def _output_after_failure(self) -> Path:
        """The last good output; before any good build, the configured folder if readable."""
        return self.outcome.output_dir if self.outcome.ok else self._configured_output()

    def _configured_output(self) -> Path:
        try:
            return self.site_dir / load_config(self.site_dir).output_dir
        except InfoblokkError:
            return SiteFolders(self.site_dir).output()


def _crash_problem(error: Exception) -> Problem:
    return Problem(
        Text("infoblokk failed unexpectedly: {kind}: {error}", kind=type(error).__name__, error=error),
        hint=Text(
            "this is a bug in infoblokk, not in your site; the traceback is in the terminal. "
            "Saving again retries the build."
        ),
    )
