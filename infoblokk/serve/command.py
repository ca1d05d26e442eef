"""`python build.py serve`: build the site, serve it on this computer, rebuild and reload on save.

The pieces, each small enough to test on its own:

    site_app      a WSGI app serving the output folder, or the error page (`infoblokk.serve.app`)
    Watch         waits for saves in the site's sources and rebuilds (`infoblokk.serve.watch`)
    SiteBuilder   runs `build_site`, one build at a time (passing the previous build's state on),
                  and keeps the outcome (`infoblokk.serve.builder`)
    serve         the command: listen, build, print the address, watch until Ctrl+C

The HTTP side is livereload's: `livereload.Server(app=...)` wraps the WSGI app, injects its
script into every HTML response (the error page too, so a broken page recovers by itself) and
speaks the LiveReload protocol over a WebSocket. livereload's own file watcher is not used: it
runs its task on the server's thread, checks every 0.8 s, and drops a reload that comes less
than 3 s after the previous one, which would leave the browser on the error page after a quick
fix. Instead `Watch` waits on a thread of its own for the operating system to report a save
(watchfiles), rebuilds once the sources have been quiet for 0.2 s, and then asks livereload to
reload every connected browser.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import signal
import sys
import threading
import webbrowser
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from wsgiref.types import WSGIApplication

import livereload
from livereload.handlers import LiveReloadHandler
from tornado.ioloop import IOLoop

from infoblokk.errors import errors_only
from infoblokk.messages import ENGLISH, Language, Plural, Text
from infoblokk.render.preview import PreviewPages
from infoblokk.report import format_failure, pages_built
from infoblokk.serve.app import Outcome, site_app
from infoblokk.serve.builder import SiteBuilder
from infoblokk.serve.watch import Watch
from infoblokk.site import BuildResult, build_site

# ---------------------------------------------------------------------------------------------
# The command

READY_SECONDS = 10  # how long serve waits for the watcher to start before building anyway
STOP_GRACE_SECONDS = 3  # how long Ctrl+C waits for a build in progress before serve ends


class ServeFailed(Exception):
    """The server could not start (the port is taken, the host is wrong): one line to print."""


class ServeSession:
    """Everything one `serve` run holds: the builder, the watcher thread, the event loop."""

    def __init__(
        self, site_dir: Path, build: Callable[..., BuildResult] = build_site, language: Language = ENGLISH
    ) -> None:
        self.site_dir = site_dir
        self.language = language
        self.builder = SiteBuilder(site_dir, build)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: IOLoop | None = None
        self._catching_up: tuple[threading.Thread, threading.Event] | None = None  # the search index
        self._catching_up_lock = threading.Lock()  # the watcher starts a catch-up, Ctrl+C may stop it

    def app(self) -> WSGIApplication:
        return site_app(
            self.site_dir, lambda: self.builder.outcome, self.language, lambda: self.builder.previews
        )

    def listen(self, host: str, port: int) -> None:
        """Start listening (livereload's Server around our app); raise ServeFailed if we cannot."""
        server = livereload.Server(app=self.app())
        try:
            # debug=False: livereload's default (True with an app) restarts on Python file changes.
            server.application(port, host, debug=False, live_css=True)
        except OSError as error:
            raise ServeFailed(self.language(bind_message(error, host, port))) from error
        self._loop = IOLoop.current()

    async def run(self, host: str, port: int, open_browser: bool) -> None:
        """Listen, build, print the address, then rebuild on every save until cancelled."""
        self.listen(host, port)
        watch = Watch(self.site_dir, self.rebuild)
        self._thread = threading.Thread(
            target=self.run_watch, args=(watch,), name="infoblokk-watch", daemon=True
        )
        self._thread.start()
        watch.ready.wait(timeout=READY_SECONDS)  # so that a save during the first build is not missed
        print_outcome(self.builder.build(), self.site_dir, language=self.language)
        url = address(host, port)
        serving = Text(
            "Serving the site at {url}\nSaving a file in content/, themes/, templates/ or "
            "site_config.toml rebuilds it and reloads the browser. Ctrl+C stops the server.",
            url=url,
        )
        print(self.language(serving), flush=True)
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        stopping = asyncio.Event()
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows: Ctrl+C cancels us
            # The loop's own handler wakes it whichever thread the system gives Ctrl+C to
            # (a plain handler waits for the main thread, which may sleep in select for ever).
            asyncio.get_running_loop().add_signal_handler(signal.SIGINT, stopping.set)
        try:
            await stopping.wait()
        finally:
            self._stop.set()  # no rebuild starts once the server is going away

    def run_watch(self, watch: Watch) -> None:
        """Run the watcher until the server stops; if the system cannot watch, say so and serve on."""
        try:
            watch.run(self._stop)
        except OSError as error:
            cannot = Text(
                "Cannot watch the site's files for saves ({error}); the server goes on, but a save "
                "no longer rebuilds the site. Restart serve to try again.",
                error=error,
            )
            print(self.language(cannot), file=sys.stderr, flush=True)
        finally:
            watch.ready.set()  # nobody waits for a watcher that has stopped

    def rebuild(self, changed: tuple[Path, ...]) -> None:
        """Build after a save, say what happened, and reload every connected browser."""
        changes = self.language(describe_changes(changed, self.site_dir))
        print(f"[{datetime.now():%H:%M:%S}] {changes}", flush=True)
        # A saved body is shown at once from memory, and written into the output folder as soon
        # as no catch-up build is writing there; then the pages are built, so that the browser
        # shows every change; the search index (which Pagefind makes anew for the changed part)
        # follows in a build of its own in the background, which the next save stops.
        shown = self.builder.preview(changed)
        if shown:
            self._reload_browsers()
        self._stop_catching_up()
        self.builder.write_ahead(shown)
        outcome = self.builder.build(index_search=False)
        print_outcome(outcome, self.site_dir, rebuilt=True, language=self.language)
        if not shown or not _written_as_shown(outcome, shown):
            self._reload_browsers()
        if outcome.result is not None and outcome.result.search_pending and not self._stop.is_set():
            self._catch_up()

    def _catch_up(self) -> None:
        """Bring the search index up to date on a thread of its own. A save or Ctrl+C stops it
        at once (nothing is lost: it writes nothing until the index is made), and the next
        rebuild starts it again."""
        cancel = threading.Event()
        thread = threading.Thread(
            target=self.builder.build, kwargs={"cancel": cancel}, name="infoblokk-search", daemon=True
        )
        with self._catching_up_lock:
            if self._stop.is_set():
                return
            thread.start()
            self._catching_up = (thread, cancel)

    def _stop_catching_up(self, seconds: float | None = None) -> None:
        with self._catching_up_lock:
            running, self._catching_up = self._catching_up, None
        if running is not None:
            thread, cancel = running
            cancel.set()
            thread.join(timeout=seconds)

    def _reload_browsers(self) -> None:
        if self._loop is not None:
            # The browsers are reloaded on the server's thread; "*" means the whole page.
            self._loop.add_callback(LiveReloadHandler.reload_waiters, "*")

    def stop(self) -> None:
        """Stop rebuilding: a catch-up of the search index stops at once; a build that is writing
        gets a moment to finish, but need not (a build stopped at any point loses nothing:
        the output folder is swapped in whole, see `infoblokk.write`)."""
        with self._catching_up_lock:
            self._stop.set()  # no catch-up starts from now on
        self._stop_catching_up(STOP_GRACE_SECONDS)
        if self._thread is not None:
            self._thread.join(timeout=STOP_GRACE_SECONDS)


def serve(
    site_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    language: Language = ENGLISH,
) -> int:
    """The `serve` command: 0 when stopped with Ctrl+C, 1 if the server cannot start."""
    _quiet_access_log()
    _hear_ctrl_c()
    session = ServeSession(site_dir, language=language)
    try:
        asyncio.run(session.run(host, port, open_browser))
    except ServeFailed as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass  # Ctrl+C where the loop cannot take it itself (Windows)
    finally:
        session.stop()
    print("\n" + language(Text("Stopped.")), flush=True)
    return 0


def _hear_ctrl_c() -> None:
    """Ctrl+C is how serve stops: heard even when the program that started it ignores it or
    blocks it (a process inherits both, and Python then leaves Ctrl+C without effect)."""
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set signal handlers (serve run inside a test)
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _written_as_shown(outcome: Outcome, shown: PreviewPages) -> bool:
    """The build wrote every previewed page as it was shown: no need to reload the browser again."""
    try:
        written = {path: (outcome.output_dir / path).read_bytes() for path in shown} if outcome.ok else {}
    except OSError:
        return False
    return written == shown


def bind_message(error: OSError, host: str, port: int) -> Text:
    """One line on why we cannot listen, with what to do instead."""
    in_use = {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)}
    if error.errno in in_use or getattr(error, "winerror", None) in in_use:
        other = port + 1 if port < 65535 else 8001
        return Text(
            "port {port} is in use; choose another with --port {other}", port=str(port), other=str(other)
        )
    if error.errno in (errno.EACCES, errno.EPERM):
        return Text(
            "not allowed to listen on port {port}; choose a port above 1023, e.g. --port 8000", port=str(port)
        )
    return Text(
        "cannot listen on {host} port {port}: {reason}; check --host",
        host=host,
        port=str(port),
        reason=error.strerror or error,
    )


def address(host: str, port: int) -> str:
    """The address to open in a browser (a wildcard host is reached through this computer)."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}.get(host, host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def print_outcome(
    outcome: Outcome, site_dir: Path, rebuilt: bool = False, language: Language = ENGLISH
) -> None:
    """One line for a good build, every problem for a broken one."""
    result = outcome.result
    if not outcome.ok or result is None:
        output = _shown(outcome.output_dir, site_dir)
        errors = errors_only(outcome.problems) or outcome.problems  # `check` lists the warnings
        print(format_failure(errors, site_dir, output, language), file=sys.stderr)
        shows = Text("The browser shows these problems until a save fixes them.")
        print(language(shows), file=sys.stderr, flush=True)
        return
    warnings = len(result.warnings)
    noted = (
        Plural(
            " ({count} warning: run python build.py check)",
            " ({count} warnings: run python build.py check)",
            warnings,
        )
        if warnings
        else ""
    )
    seconds = language.seconds(result.seconds)
    if rebuilt:
        rebuilt_in = Text(
            "Rebuilt in {seconds} s{noted}; reloading the browser.", seconds=seconds, noted=noted
        )
        print(language(rebuilt_in), flush=True)
        return
    built = Text(
        "Built {counts} into {output}/ in {seconds} s{noted}.",
        counts=pages_built(result.pages),
        output=_shown(result.output_dir, site_dir),
        seconds=seconds,
        noted=noted,
    )
    print(language(built), flush=True)


def describe_changes(changed: tuple[Path, ...], site_dir: Path) -> Text:
    """`content/projects/zala.md changed`, or how many more did."""
    if not changed:
        return Text("the sources changed")
    first = _shown(changed[0], site_dir)
    more = len(changed) - 1
    if not more:
        return Text("{file} changed", file=first)
    return Plural(
        "{file} and {count} more file changed", "{file} and {count} more files changed", more, file=first
    )


def _shown(path: Path, site_dir: Path) -> str:
    return path.relative_to(site_dir).as_posix() if path.is_relative_to(site_dir) else str(path)


def _quiet_access_log() -> None:
    """Tornado logs every 404 and every error page as a warning; our own lines say more."""
    logging.getLogger("tornado.access").setLevel(logging.CRITICAL)
