"""The WSGI app of `serve`: the last good build's files, or the error page while the build is broken.

    Outcome       the last build's outcome: the output folder, and the result or the problems
    site_app      a WSGI app serving the output folder, or the error page while the build is broken
    error_page    every problem that stopped the build, where and why

The error page is answered with status 500: the page asked for cannot be built right now, and
tools (curl -f, link checkers) should see that. Browsers show its body like any other page.
"""

from __future__ import annotations

import html
import mimetypes
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from urllib.parse import quote
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from infoblokk.errors import Problem, errors_only
from infoblokk.messages import ENGLISH, Language, Plural, Text
from infoblokk.site import BuildResult

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


@dataclass(frozen=True)
class Outcome:
    """How the last build went: what the server serves and shows until the next one."""

    output_dir: Path  # where the last good site is (it survives a failed build untouched)
    problems: tuple[Problem, ...] = ()  # why the build failed; never empty when it did
    result: BuildResult | None = None  # the finished build, for the terminal's report

    @property
    def ok(self) -> bool:
        return not self.problems


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


def site_app(
    site_dir: Path,
    last_outcome: Callable[[], Outcome],
    language: Language = ENGLISH,
    previews: Callable[[], Mapping[str, bytes]] = lambda: MappingProxyType({}),
) -> WSGIApplication:
    """The WSGI app of `serve`: files of the last good output, the error page while it is broken.

    `previews` gives the pages shown from memory until the build after a save ends (output
    path → HTML), served instead of the files they will replace."""

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method in ("GET", "HEAD"):
            query = environ.get("QUERY_STRING", "")
            response = answer(_url_path(environ), query, last_outcome(), site_dir, language, previews())
        else:
            allow = (("Allow", "GET, HEAD"),)
            only = _plain(language(Text("only GET and HEAD")))
            response = Response("405 Method Not Allowed", only, headers=allow)
        start_response(response.status, response.header_list())
        return [b""] if method == "HEAD" else [response.body]

    return app


def answer(
    url_path: str | None,
    query: str,
    outcome: Outcome,
    site_dir: Path,
    language: Language = ENGLISH,
    previews: Mapping[str, bytes] = MappingProxyType({}),
) -> Response:
    """What to answer for one request path (already percent-decoded)."""
    relative = _relative_path(url_path)
    if url_path is None or relative is None:
        return Response("403 Forbidden", _plain(language(_OUTSIDE)))
    output = outcome.output_dir.resolve()
    target = (output / relative).resolve()
    if not target.is_relative_to(output):  # a link inside the output pointing out of it
        return Response("403 Forbidden", _plain(language(_OUTSIDE)))
    if target.is_dir():
        if not url_path.endswith("/"):  # relative links on the page need the slash
            location = quote(url_path + "/") + (f"?{query}" if query else "")
            return Response("301 Moved Permanently", b"", headers=(("Location", location),))
        target = target / "index.html"
    wants_page = target.suffix in HTML_SUFFIXES or (not target.suffix and not target.exists())
    if not outcome.ok and wants_page:
        page = error_page(outcome.problems, site_dir, language)
        return Response("500 Internal Server Error", page, _type(".html"))
    previewed = previews.get(target.relative_to(output).as_posix())
    if previewed is not None:
        return Response("200 OK", previewed, _type(target.suffix))
    if target.is_file():
        return Response("200 OK", target.read_bytes(), _type(target.suffix))
    not_found = output / "404.html"
    if not_found.is_file():
        return Response("404 Not Found", not_found.read_bytes(), _type(".html"))
    return Response("404 Not Found", _plain(language(Text("not found"))))


_OUTSIDE = Text("refused: that address points outside the site")


def _plain(text: str) -> bytes:
    return f"{text}\n".encode()


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


def error_page(problems: tuple[Problem, ...], site_dir: Path, language: Language = ENGLISH) -> bytes:
    """The page every HTML request gets while the build is broken: each problem, where and why.

    The errors are listed; warnings (which never stop `serve`) are only counted.
    """
    shown = errors_only(problems) or problems
    ordered = sorted(shown, key=lambda p: (str(p.path or ""), p.line or 0))
    items = "\n".join(_problem_item(problem, site_dir, language) for problem in ordered)
    count = len(shown)
    left_out = len(problems) - count
    also = Plural(
        "There is also {count} warning: {command} lists it.",
        "There are also {count} warnings: {command} lists them.",
        left_out,
        command="<code>python build.py check</code>",
    )
    warnings = f"\n<p>{language(also)}</p>" if left_out else ""
    stopped = Plural(
        "{count} problem stopped the build. Fix it and save: this page reloads by itself. "
        "Until then the last good build stays as it was.",
        "{count} problems stopped the build. Fix them and save: this page reloads by itself. "
        "Until then the last good build stays as it was.",
        count,
    )
    title, heading = Text("Build failed – infoblokk"), Text("The site could not be built")
    return f"""<!DOCTYPE html>
<html lang="{language.code}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(language(title))}</title>
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
<h1>{html.escape(language(heading))}</h1>
<p>{html.escape(language(stopped))}</p>
<ol class="problems">
{items}
</ol>{warnings}
</main>
</body>
</html>
""".encode()


def _problem_item(problem: Problem, site_dir: Path, language: Language) -> str:
    warning = problem.is_warning
    lines = []
    if problem.path is not None:
        shown = problem.location(site_dir).rsplit(":", 1)[0] if problem.line else problem.location(site_dir)
        where = f"<code>{html.escape(shown)}</code>"
        if problem.line:
            where += html.escape(language(Text(", line {line}", line=str(problem.line))))
        lines.append(f'<p class="where">{where}</p>')
    message = language(problem.message)
    if warning:
        message = language(Text("Warning: {message}", message=message))
    lines.append(f'<p class="message">{html.escape(message)}</p>')
    if problem.hint:
        hint = language(Text("Hint: {hint}", hint=language(problem.hint)))
        lines.append(f'<p class="hint">{html.escape(hint)}</p>')
    css_class = ' class="warning"' if warning else ""
    return f"<li{css_class}>\n" + "\n".join(lines) + "\n</li>"
