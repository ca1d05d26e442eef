"""`python build.py serve`: build the site, serve it on this computer, rebuild and reload on save.

The pieces, each small enough to test on its own:

    site_app      a WSGI app serving the output folder, or the error page while the build is broken
    Outcome       the last build's outcome: the output folder, and the result or the problems
    SiteBuilder   runs `build_site` (passing the previous build's state on) and keeps the outcome
    Debouncer     turns a burst of change notices into one rebuild, once the files are quiet
    Watch         scans the site's sources for changes; builds, one at a time, on its own thread
    serve         the command: listen, build, print the address, watch until Ctrl+C

The HTTP side is livereload's: `livereload.Server(app=...)` wraps the WSGI app, injects its
script into every HTML response (the error page too, so a broken page recovers by itself) and
speaks the LiveReload protocol over a WebSocket. livereload's own file watcher is not used: it
runs its task on the server's thread, checks every 0.8 s, and drops a reload that comes less
than 3 s after the previous one, which would leave the browser on the error page after a quick
fix. Instead `Watch` polls the sources every 0.1 s on a thread of its own, rebuilds once they
have been quiet for 0.3 s, and then asks livereload to reload every connected browser.

The error page is answered with status 500: the page asked for cannot be built right now, and
tools (curl -f, link checkers) should see that. Browsers show its body like any other page.
"""

from __future__ import annotations

import asyncio
import errno
import html
import logging
import mimetypes
import os
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from urllib.parse import quote
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

import livereload
from livereload.handlers import LiveReloadHandler
from tornado.ioloop import IOLoop

from infoblokk.config import load_config
from infoblokk.errors import InfoblokkError, Problem, Severity, errors_only
from infoblokk.report import KIND_ORDER, format_failure
from infoblokk.site import BuildResult, build_site

QUIET_SECONDS = 0.3  # rebuild once the sources have not changed for this long…
MAX_WAIT_SECONDS = 2.0  # …or once the first unbuilt change is this old, even if saves go on
SCAN_SECONDS = 0.1  # how often the sources are checked for changes

HTML_SUFFIXES = frozenset({".html", ".htm"})

# Fixed types for what sites contain: the platform's tables differ (Windows maps .js by registry).
CONTENT_TYPES = MappingProxyType(
    {
        ".html": "text/html; charset=utf-8",
        ".htm": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".map": "application/json",
        ".txt": "text/plain; charset=utf-8",
        ".csv": "text/csv; charset=utf-8",
        ".atom": "application/atom+xml",
        ".xml": "application/xml",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".gif": "image/gif",
        ".webp": "image/webp",
        ".avif": "image/avif",
        ".ico": "image/vnd.microsoft.icon",
        ".pdf": "application/pdf",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".ttf": "font/ttf",
        ".otf": "font/otf",
        ".mp4": "video/mp4",
        ".webm": "video/webm",
        ".zip": "application/zip",
    }
)


# ---------------------------------------------------------------------------------------------
# The last build's outcome, and the builds themselves


@dataclass(frozen=True)
class Outcome:
    """How the last build went: what the server serves and shows until the next one."""

    output_dir: Path  # where the last good site is (it survives a failed build untouched)
    problems: tuple[Problem, ...] = ()  # why the build failed; never empty when it did
    result: BuildResult | None = None  # the finished build, for the terminal's report

    @property
    def ok(self) -> bool:
        return not self.problems


class SiteBuilder:
    """Builds the site and keeps the last outcome, and the state the next build starts from."""

    def __init__(self, site_dir: Path, build: Callable[..., BuildResult] = build_site) -> None:
        self.site_dir = site_dir
        self._build = build
        self._state: object | None = None  # the last good build's state, for an incremental rebuild
        self.outcome = Outcome(self._configured_output(), problems=(NOT_BUILT,))

    def build(self) -> Outcome:
        """Build once; never raises for a problem in the site (nor for a bug: that is shown too)."""
        try:
            result = self._build(self.site_dir, previous=self._state)
        except InfoblokkError as error:
            outcome = Outcome(self._output_after_failure(), problems=error.problems)
        except Exception as error:  # a bug in infoblokk must not stop the server; show it
            traceback.print_exc()
            outcome = Outcome(self._output_after_failure(), problems=(_crash_problem(error),))
        else:
            self._state = getattr(result, "state", None)
            outcome = Outcome(result.output_dir, result=result)
        self.outcome = outcome
        return outcome

    def _output_after_failure(self) -> Path:
        """The last good output; before any good build, the configured folder if readable."""
        return self.outcome.output_dir if self.outcome.ok else self._configured_output()

    def _configured_output(self) -> Path:
        try:
            return self.site_dir / load_config(self.site_dir).output_dir
        except InfoblokkError:
            return self.site_dir / "public"


NOT_BUILT = Problem("the site has not been built yet", hint="wait a moment and reload")


def _crash_problem(error: Exception) -> Problem:
    return Problem(
        f"infoblokk failed unexpectedly: {type(error).__name__}: {error}",
        hint="this is a bug in infoblokk, not in your site; the traceback is in the terminal. "
        "Saving again retries the build.",
    )


# ---------------------------------------------------------------------------------------------
# The WSGI app


@dataclass(frozen=True)
class Response:
    """One HTTP answer, before it is sent."""

    status: str
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = field(default=())

    def header_list(self) -> list[tuple[str, str]]:
        return [
            ("Content-Type", self.content_type),
            ("Content-Length", str(len(self.body))),
            ("Cache-Control", "no-store"),  # a reload must always show the newest build
            *self.headers,
        ]


def site_app(site_dir: Path, last_outcome: Callable[[], Outcome]) -> WSGIApplication:
    """The WSGI app of `serve`: files of the last good output, the error page while it is broken."""

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method in ("GET", "HEAD"):
            response = answer(_url_path(environ), environ.get("QUERY_STRING", ""), last_outcome(), site_dir)
        else:
            allow = (("Allow", "GET, HEAD"),)
            response = Response("405 Method Not Allowed", b"only GET and HEAD\n", headers=allow)
        start_response(response.status, response.header_list())
        return [b""] if method == "HEAD" else [response.body]

    return app


def answer(url_path: str | None, query: str, outcome: Outcome, site_dir: Path) -> Response:
    """What to answer for one request path (already percent-decoded)."""
    relative = _relative_path(url_path)
    if url_path is None or relative is None:
        return Response("403 Forbidden", b"refused: that address points outside the site\n")
    output = outcome.output_dir.resolve()
    target = (output / relative).resolve()
    if not target.is_relative_to(output):  # a link inside the output pointing out of it
        return Response("403 Forbidden", b"refused: that address points outside the site\n")
    if target.is_dir():
        if not url_path.endswith("/"):  # relative links on the page need the slash
            location = quote(url_path + "/") + (f"?{query}" if query else "")
            return Response("301 Moved Permanently", b"", headers=(("Location", location),))
        target = target / "index.html"
    wants_page = target.suffix in HTML_SUFFIXES or (not target.suffix and not target.exists())
    if not outcome.ok and wants_page:
        return Response("500 Internal Server Error", error_page(outcome.problems, site_dir), _type(".html"))
    if target.is_file():
        return Response("200 OK", target.read_bytes(), _type(target.suffix))
    not_found = output / "404.html"
    if not_found.is_file():
        return Response("404 Not Found", not_found.read_bytes(), _type(".html"))
    return Response("404 Not Found", b"not found\n")


def _url_path(environ: WSGIEnvironment) -> str | None:
    """PATH_INFO as the text the browser meant: WSGI hands it over as bytes in latin-1."""
    try:
        return str(environ.get("PATH_INFO") or "/").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None


def _relative_path(url_path: str | None) -> PurePosixPath | None:
    """The path inside the output folder; None for anything that could climb out of it."""
    if url_path is None:
        return None
    parts = [part for part in url_path.split("/") if part not in ("", ".")]
    if any(part == ".." or "\\" in part or ":" in part or "\0" in part for part in parts):
        return None
    return PurePosixPath(*parts)


def _type(suffix: str) -> str:
    known = CONTENT_TYPES.get(suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(f"file{suffix}", strict=False)
    return guessed or "application/octet-stream"


def error_page(problems: tuple[Problem, ...], site_dir: Path) -> bytes:
    """The page every HTML request gets while the build is broken: each problem, where and why.

    The errors are listed; compliance warnings (which never stop `serve`) are only counted.
    """
    shown = errors_only(problems) or problems
    ordered = sorted(shown, key=lambda p: (str(p.path or ""), p.line or 0))
    items = "\n".join(_problem_item(problem, site_dir) for problem in ordered)
    count = len(shown)
    left_out = len(problems) - count
    warnings = (
        f"\n<p>There {'is' if left_out == 1 else 'are'} also {left_out} compliance warning"
        f"{'' if left_out == 1 else 's'}: <code>python build.py check</code> lists them.</p>"
        if left_out
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed – infoblokk</title>
<style>
body {{ font: 1.05rem/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; }}
main {{ max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }}
h1 {{ color: #a00000; font-size: 1.6rem; }}
ol {{ padding-left: 1.5rem; }}
li {{ margin: 0 0 1.25rem; padding: 0.75rem 1rem; border-left: 0.3rem solid #a00000; background: #fdf3f3; }}
li.warning {{ border-color: #8a5a00; background: #fdf8ec; }}
li p {{ margin: 0.25rem 0; }}
code {{ font: 0.95rem/1.4 ui-monospace, monospace; overflow-wrap: anywhere; }}
</style>
</head>
<body>
<main>
<h1>The site could not be built</h1>
<p>{_plural(count, "problem")} stopped the build. Fix {"it" if count == 1 else "them"} and save:
this page reloads by itself. Until then the last good build stays as it was.</p>
<ol class="problems">
{items}
</ol>{warnings}
</main>
</body>
</html>
""".encode()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _problem_item(problem: Problem, site_dir: Path) -> str:
    warning = problem.severity is Severity.COMPLIANCE
    lines = []
    if problem.path is not None:
        shown = problem.location(site_dir).rsplit(":", 1)[0] if problem.line else problem.location(site_dir)
        where = f"<code>{html.escape(shown)}</code>" + (f", line {problem.line}" if problem.line else "")
        lines.append(f'<p class="where">{where}</p>')
    label = "Warning: " if warning else ""
    lines.append(f'<p class="message">{label}{html.escape(problem.message)}</p>')
    if problem.hint:
        lines.append(f'<p class="hint">Hint: {html.escape(problem.hint)}</p>')
    css_class = ' class="warning"' if warning else ""
    return f"<li{css_class}>\n" + "\n".join(lines) + "\n</li>"


# ---------------------------------------------------------------------------------------------
# Watching the sources


class Debouncer:
    """Says "build now" once per burst of change notices: after `quiet` seconds without one.

    A burst that never goes quiet (a program writing a file every 0.1 s) still builds every
    `max_wait` seconds. Safe to notify from any thread.
    """

    def __init__(
        self,
        quiet: float = QUIET_SECONDS,
        max_wait: float = MAX_WAIT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._quiet = quiet
        self._max_wait = max_wait
        self._clock = clock
        self._lock = threading.Lock()
        self._first: float | None = None
        self._last: float | None = None

    def notify(self) -> None:
        with self._lock:
            now = self._clock()
            self._first = now if self._first is None else self._first
            self._last = now

    def take(self) -> bool:
        """True once when a build is due; the notices so far are then consumed."""
        with self._lock:
            if self._first is None or self._last is None:
                return False
            now = self._clock()
            if now - self._last < self._quiet and now - self._first < self._max_wait:
                return False
            self._first = self._last = None
            return True


Snapshot = dict[Path, tuple[int, int, int]]  # path → (mtime in ns, size, inode)


def watched_sources(site_dir: Path) -> tuple[Path, ...]:
    """What a save in rebuilds the site: content (static files too), themes, overrides, config."""
    return (
        site_dir / "content",
        site_dir / "themes",
        site_dir / "templates",
        site_dir / "site_config.toml",
    )


def scan(sources: Iterable[Path], skip: Callable[[], Path | None] = lambda: None) -> Snapshot:
    """Every watched file with its modification time, size and inode; editors' scratch left out."""
    snapshot: Snapshot = {}
    left_out = skip()
    for source in sources:
        _scan_into(source, snapshot, left_out)
    return snapshot


def _scan_into(path: Path, snapshot: Snapshot, left_out: Path | None) -> None:
    try:
        if path.is_dir():
            if path == left_out:
                return
            with os.scandir(path) as entries:
                for entry in entries:
                    if not _scratch(entry.name):
                        _scan_into(Path(entry.path), snapshot, left_out)
        else:
            info = path.stat()
            snapshot[path] = (info.st_mtime_ns, info.st_size, info.st_ino)
    except OSError:  # deleted while we looked; the next scan sees it gone
        pass


def _scratch(name: str) -> bool:
    """Hidden files, editors' swap, backup and lock files, vim's write test: not sources."""
    return (
        name.startswith(".")
        or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp"))
        or (name.startswith("#") and name.endswith("#"))
        or name == "4913"
    )


def changed_paths(before: Snapshot, after: Snapshot) -> set[Path]:
    """Files added, removed or modified between two snapshots."""
    return (before.keys() ^ after.keys()) | {p for p in before.keys() & after.keys() if before[p] != after[p]}


class Watch:
    """Check the sources, and rebuild when a burst of changes is over: one build at a time.

    `step` is one check; `run` calls it every `interval` seconds on the caller's thread until
    `stop` is set. Builds run inside `step`, so two can never overlap, and changes saved during
    a build are found by the next check and build again.
    """

    def __init__(
        self,
        scan: Callable[[], Snapshot],
        rebuild: Callable[[tuple[Path, ...]], None],
        debouncer: Debouncer | None = None,
    ) -> None:
        self._scan = scan
        self._rebuild = rebuild
        self._debouncer = debouncer or Debouncer()
        self._seen = scan()
        self._changed: set[Path] = set()

    def step(self) -> bool:
        """Check once; build if due. True if it built."""
        current = self._scan()
        changed = changed_paths(self._seen, current)
        if changed:
            self._seen = current
            self._changed |= changed
            self._debouncer.notify()
        if not self._debouncer.take():
            return False
        paths, self._changed = tuple(sorted(self._changed)), set()
        self._rebuild(paths)
        return True

    def run(self, stop: threading.Event, interval: float = SCAN_SECONDS) -> None:
        while not stop.wait(interval):
            self.step()


# ---------------------------------------------------------------------------------------------
# The command


class ServeFailed(Exception):
    """The server could not start (the port is taken, the host is wrong): one line to print."""


class ServeSession:
    """Everything one `serve` run holds: the builder, the watcher thread, the event loop."""

    def __init__(self, site_dir: Path, build: Callable[..., BuildResult] = build_site) -> None:
        self.site_dir = site_dir
        self.builder = SiteBuilder(site_dir, build)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: IOLoop | None = None

    def app(self) -> WSGIApplication:
        return site_app(self.site_dir, lambda: self.builder.outcome)

    def listen(self, host: str, port: int) -> None:
        """Start listening (livereload's Server around our app); raise ServeFailed if we cannot."""
        server = livereload.Server(app=self.app())
        try:
            # debug=False: livereload's default (True with an app) restarts on Python file changes.
            server.application(port, host, debug=False, live_css=True)
        except OSError as error:
            raise ServeFailed(bind_message(error, host, port)) from error
        self._loop = IOLoop.current()

    async def run(self, host: str, port: int, open_browser: bool) -> None:
        """Listen, build, print the address, then rebuild on every save until cancelled."""
        self.listen(host, port)
        sources = watched_sources(self.site_dir)
        watch = Watch(lambda: scan(sources, lambda: self.builder.outcome.output_dir), self.rebuild)
        print_outcome(self.builder.build(), self.site_dir)
        url = address(host, port)
        print(
            f"Serving the site at {url}\nSaving a file in content/, themes/, templates/ or "
            "site_config.toml rebuilds it and reloads the browser. Ctrl+C stops the server.",
            flush=True,
        )
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        self._thread = threading.Thread(
            target=watch.run, args=(self._stop,), name="infoblokk-watch", daemon=True
        )
        self._thread.start()
        try:
            await asyncio.Event().wait()  # until Ctrl+C cancels us
        finally:
            self._stop.set()  # no rebuild starts once the server is going away

    def rebuild(self, changed: tuple[Path, ...]) -> None:
        """Build after a save, say what happened, and reload every connected browser."""
        print(f"[{datetime.now():%H:%M:%S}] {describe_changes(changed, self.site_dir)}", flush=True)
        print_outcome(self.builder.build(), self.site_dir, rebuilt=True)
        if self._loop is not None:
            # The browsers are reloaded on the server's thread; "*" means the whole page.
            self._loop.add_callback(LiveReloadHandler.reload_waiters, "*")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)  # let a build in progress finish writing


def serve(site_dir: Path, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False) -> int:
    """The `serve` command: 0 when stopped with Ctrl+C, 1 if the server cannot start."""
    _quiet_access_log()
    session = ServeSession(site_dir)
    try:
        asyncio.run(session.run(host, port, open_browser))
    except ServeFailed as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopped.", flush=True)
    finally:
        session.stop()
    return 0


def bind_message(error: OSError, host: str, port: int) -> str:
    """One line on why we cannot listen, with what to do instead."""
    in_use = {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)}
    if error.errno in in_use or getattr(error, "winerror", None) in in_use:
        return f"port {port} is in use; choose another with --port {port + 1 if port < 65535 else 8001}"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"not allowed to listen on port {port}; choose a port above 1023, e.g. --port 8000"
    return f"cannot listen on {host} port {port}: {error.strerror or error}; check --host"


def address(host: str, port: int) -> str:
    """The address to open in a browser (a wildcard host is reached through this computer)."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}.get(host, host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def print_outcome(outcome: Outcome, site_dir: Path, rebuilt: bool = False) -> None:
    """One line for a good build, every problem for a broken one."""
    result = outcome.result
    if not outcome.ok or result is None:
        output = _shown(outcome.output_dir, site_dir)
        errors = errors_only(outcome.problems) or outcome.problems  # `check` lists the warnings
        print(format_failure(errors, site_dir, output), file=sys.stderr)
        print("The browser shows these problems until a save fixes them.", file=sys.stderr, flush=True)
        return
    warnings = len(result.warnings)
    noted = f" ({warnings} compliance warning(s): run python build.py check)" if warnings else ""
    if rebuilt:
        print(f"Rebuilt in {result.seconds:.2f} s{noted}; reloading the browser.", flush=True)
        return
    counts = ", ".join(f"{result.pages[kind]} {kind}" for kind in KIND_ORDER if kind in result.pages)
    print(
        f"Built {counts} into {_shown(result.output_dir, site_dir)}/ in {result.seconds:.2f} s{noted}.",
        flush=True,
    )


def describe_changes(changed: tuple[Path, ...], site_dir: Path) -> str:
    """`content/projects/zala.md changed`, or how many more did."""
    if not changed:
        return "the sources changed"
    first = _shown(changed[0], site_dir)
    more = len(changed) - 1
    return f"{first} changed" if not more else f"{first} and {more} more file(s) changed"


def _shown(path: Path, site_dir: Path) -> str:
    return path.relative_to(site_dir).as_posix() if path.is_relative_to(site_dir) else str(path)


def _quiet_access_log() -> None:
    """Tornado logs every 404 and every error page as a warning; our own lines say more."""
    logging.getLogger("tornado.access").setLevel(logging.CRITICAL)
