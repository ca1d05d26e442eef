"""`serve`: the WSGI app, the last build's outcome, the debouncer, the watcher, the startup.

The app is called directly with WSGI environments (no server, no sockets); the debouncer and
the watcher run on a fake clock, so nothing here sleeps.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest

from infoblokk.errors import BuildFailed, Problem, Severity
from infoblokk.serve import (
    Debouncer,
    Outcome,
    SiteBuilder,
    Snapshot,
    Watch,
    address,
    bind_message,
    changed_paths,
    scan,
    site_app,
    watched_sources,
)
from tests.conftest import MakeSite, run_cli

BROKEN = (
    Problem(
        "the front matter is not valid YAML: did not find expected ',' or ']'",
        Path("content/projects/zala.md"),
        line=3,
        hint="check the indentation and the quotes <here>",
    ),
)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def request(outcome: Outcome, path: str, site_dir: Path | None = None, method: str = "GET") -> Answer:
    """Call the app of `serve` with one request, as the server would (PATH_INFO in latin-1)."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
    }
    setup_testing_defaults(environ)
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> Any:
        started.append((status, headers))
        return lambda data: None

    app = site_app(site_dir or outcome.output_dir.parent, lambda: outcome)
    body = b"".join(app(environ, start_response))
    status, headers = started[0]
    return Answer(int(status.split()[0]), dict(headers), body)


@pytest.fixture
def output(tmp_path: Path) -> Path:
    """A site folder with a small built output: public/ beside site_config.toml."""
    files = {
        "index.html": "<!DOCTYPE html><html><head></head><body>kezdőlap</body></html>",
        "404.html": "<!DOCTYPE html><html><head></head><body>nincs ilyen oldal</body></html>",
        "projektek/index.html": "<html><head></head><body>projektek</body></html>",
        "projektek/zala/index.html": "<html><head></head><body>Zala</body></html>",
        "assets/infoblokk.css": "body { color: #111; }",
        "kepek/fórum.jpg": "not really a jpeg",
    }
    for name, text in files.items():
        path = tmp_path / "public" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "site_config.toml").write_text('title = "titok"\n', encoding="utf-8")
    return tmp_path / "public"


def good(output: Path) -> Outcome:
    return Outcome(output)


# --- the WSGI app: files ---------------------------------------------------------------------


def test_a_directory_url_serves_its_index_html(output: Path) -> None:
    home = request(good(output), "/")
    projects = request(good(output), "/projektek/zala/")
    assert (home.status, home.text) == (200, (output / "index.html").read_text(encoding="utf-8"))
    assert projects.status == 200 and "Zala" in projects.text
    assert projects.headers["Content-Type"] == "text/html; charset=utf-8"


def test_a_directory_url_without_its_slash_is_redirected_so_relative_links_work(output: Path) -> None:
    answer = request(good(output), "/projektek/zala")
    assert answer.status == 301
    assert answer.headers["Location"] == "/projektek/zala/"


def test_a_missing_path_gets_404_html_with_status_404(output: Path) -> None:
    answer = request(good(output), "/projektek/nincs-ilyen/")
    assert answer.status == 404
    assert "nincs ilyen oldal" in answer.text
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"


def test_files_get_their_content_types_and_are_never_cached(output: Path) -> None:
    css = request(good(output), "/assets/infoblokk.css")
    photo = request(good(output), "/kepek/fórum.jpg")
    assert (css.status, css.headers["Content-Type"]) == (200, "text/css; charset=utf-8")
    assert (photo.status, photo.headers["Content-Type"]) == (200, "image/jpeg")
    assert css.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/../site_config.toml",
        "/assets/../../site_config.toml",
        "/..\\site_config.toml",
        "/../public/index.html",
    ],
)
def test_nothing_outside_the_output_folder_is_served(output: Path, path: str) -> None:
    answer = request(good(output), path)
    assert answer.status == 403
    assert b"titok" not in answer.body


def test_a_symlink_out_of_the_output_folder_is_refused(output: Path) -> None:
    try:
        (output / "kifele").symlink_to(output.parent / "site_config.toml")
    except OSError:
        pytest.skip("this file system cannot make symbolic links")
    assert request(good(output), "/kifele").status == 403


def test_head_answers_without_a_body_and_other_methods_are_refused(output: Path) -> None:
    assert request(good(output), "/", method="HEAD").body == b""
    post = request(good(output), "/", method="POST")
    assert (post.status, post.headers["Allow"]) == (405, "GET, HEAD")


# --- the WSGI app: while the build is broken -----------------------------------------------------


def test_every_page_shows_the_problems_while_the_build_is_broken(output: Path) -> None:
    site_dir = output.parent
    problem = replace(BROKEN[0], path=site_dir / "content/projects/zala.md")  # paths are absolute
    broken = Outcome(output, problems=(problem,))
    for path in ("/", "/projektek/zala/", "/projektek/uj-projekt", "/index.html"):
        answer = request(broken, path, site_dir)
        assert answer.status == 500, path
        assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
        page = answer.text
        assert '<html lang="en">' in page and "</head>" in page  # livereload's script goes before it
        assert "<h1>The site could not be built</h1>" in page
        assert "<code>content/projects/zala.md</code>, line 3" in page
        assert "did not find expected &#x27;,&#x27; or &#x27;]&#x27;" in page
        assert "Hint: check the indentation and the quotes &lt;here&gt;" in page


def test_files_other_than_pages_still_come_from_the_last_good_build(output: Path) -> None:
    broken = Outcome(output, problems=BROKEN)
    assert request(broken, "/assets/infoblokk.css").status == 200
    assert request(broken, "/kepek/nincs.png").status == 404


def test_the_error_page_lists_errors_and_only_counts_warnings(output: Path) -> None:
    warning = Problem("the banner is a stand-in", Path("site_config.toml"), 15, severity=Severity.COMPLIANCE)
    page = request(Outcome(output, problems=(warning, *BROKEN, warning)), "/").text
    assert "1 problem stopped the build" in page
    assert "stand-in" not in page
    assert "There are also 2 compliance warnings" in page


def test_a_problem_without_a_file_shows_its_message_and_hint(output: Path) -> None:
    problem = Problem("the content folder is missing <!>", hint="create content/projects/")
    page = request(Outcome(output, problems=(problem,)), "/").text
    assert "the content folder is missing &lt;!&gt;" in page
    assert "Hint: create content/projects/" in page


# --- the last build's outcome --------------------------------------------------------------------


def test_the_builder_keeps_the_last_good_output_and_passes_its_state_on(tmp_path: Path) -> None:
    (tmp_path / "site_config.toml").write_text('title = "x"\noutput_dir = "kimenet"\n', encoding="utf-8")
    calls: list[object | None] = []
    results = iter(["first", BuildFailed(BROKEN), RuntimeError("oops"), "second"])

    @dataclass
    class Result:  # the fields of BuildResult that serve reads
        output_dir: Path
        state: object

    def build(site_dir: Path, previous: object | None = None) -> Result:
        calls.append(previous)
        outcome = next(results)
        if isinstance(outcome, Exception):
            raise outcome
        return Result(site_dir / "kimenet", outcome)

    builder = SiteBuilder(tmp_path, build)
    assert builder.outcome.output_dir == tmp_path / "kimenet" and not builder.outcome.ok
    assert builder.build().ok
    failed = builder.build()
    assert (failed.ok, failed.problems, failed.output_dir) == (False, BROKEN, tmp_path / "kimenet")
    crashed = builder.build()
    assert "RuntimeError: oops" in crashed.problems[0].message
    assert "bug in infoblokk" in str(crashed.problems[0].hint)
    assert builder.build().ok
    assert calls == [None, "first", "first", "first"]


# --- debouncing and watching ---------------------------------------------------------------------


class FakeClock:
    """Time that moves only when a test says so (in binary fractions, so sums stay exact)."""

    def __init__(self) -> None:
        self.now = 64.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_of_notices_gives_one_build_once_the_files_are_quiet() -> None:
    clock = FakeClock()
    debouncer = Debouncer(quiet=0.25, max_wait=2.0, clock=clock)
    assert not debouncer.take()
    for _ in range(40):  # an editor and a `git checkout` saving 40 files, 1/32 s apart
        debouncer.notify()
        clock.now += 1 / 32
        assert not debouncer.take()
    clock.now += 0.25 - 2 / 32
    assert not debouncer.take()
    clock.now += 1 / 32
    assert [debouncer.take() for _ in range(3)] == [True, False, False]


def test_saves_that_never_stop_still_build_every_max_wait_seconds() -> None:
    clock = FakeClock()
    debouncer = Debouncer(quiet=0.25, max_wait=2.0, clock=clock)
    built = 0
    for _ in range(80):  # a save every 1/8 s for 10 s
        debouncer.notify()
        clock.now += 1 / 8
        built += debouncer.take()
    assert built == 5


class FakeSources:
    """Sources whose every `save` changes the snapshot, as a real save changes a file's mtime."""

    def __init__(self) -> None:
        self.files: Snapshot = {Path("content/projects/a.md"): (1, 10, 1)}

    def save(self, name: str) -> None:
        path = Path("content/projects") / name
        mtime, size, inode = self.files.get(path, (0, 10, 2))
        self.files[path] = (mtime + 1, size, inode)

    def scan(self) -> Snapshot:
        return dict(self.files)


def steps(watch: Watch, clock: FakeClock, seconds: float, interval: float = 1 / 8) -> Iterator[bool]:
    for _ in range(round(seconds / interval)):
        clock.now += interval
        yield watch.step()


def test_the_watch_rebuilds_once_for_a_burst_of_saves_across_many_files() -> None:
    clock, sources = FakeClock(), FakeSources()
    builds: list[tuple[Path, ...]] = []
    watch = Watch(sources.scan, builds.append, Debouncer(0.25, 2.0, clock))
    assert not any(steps(watch, clock, 1.0))  # nothing saved, nothing built
    for number in range(25):  # 25 files saved across 0.8 s: many scans see changes
        sources.save(f"{number}.md")
        clock.now += 1 / 32
        watch.step()
    assert builds == []
    assert sum(steps(watch, clock, 1.0)) == 1
    assert len(builds) == 1 and len(builds[0]) == 25


def test_a_save_during_a_build_builds_once_more_afterwards_never_alongside() -> None:
    clock, sources = FakeClock(), FakeSources()
    running: list[bool] = []
    builds = 0

    def rebuild(changed: tuple[Path, ...]) -> None:
        nonlocal builds
        assert not running, "two builds at once"
        running.append(True)
        builds += 1
        if builds == 1:
            sources.save("a.md")  # the author saves again while the first build runs
            clock.now += 1.0
        running.pop()

    watch = Watch(sources.scan, rebuild, Debouncer(0.25, 2.0, clock))
    sources.save("a.md")
    list(steps(watch, clock, 2.0))
    assert builds == 2


def test_scan_sees_saves_and_deletions_and_ignores_scratch_files_and_the_output(make_site: MakeSite) -> None:
    site = make_site({"content/projects/p.md": "---\n---\n", "public/index.html": "x"})
    sources = watched_sources(site)
    before = scan(sources, lambda: site / "public")
    for scratch in (".p.md.swp", "p.md~", "#p.md#", "4913", ".#p.md"):
        (site / "content/projects" / scratch).write_text("scratch", encoding="utf-8")
    (site / "public" / "index.html").write_text("rebuilt", encoding="utf-8")
    assert changed_paths(before, scan(sources, lambda: site / "public")) == set()

    page = site / "content/projects/p.md"
    os.utime(page, ns=(1, page.stat().st_mtime_ns + 1_000_000))
    (site / "templates").mkdir()
    (site / "templates" / "project.html").write_text("{{ content }}", encoding="utf-8")
    (site / "themes/default/theme.toml").unlink()
    after = scan(sources)
    assert changed_paths(before, after) == {
        page,
        site / "templates" / "project.html",
        site / "themes/default/theme.toml",
    }
    config = site / "site_config.toml"
    config.write_text('title = "Új cím, hosszabb"\n', encoding="utf-8")
    assert changed_paths(after, scan(sources)) == {config}


# --- starting the server ---------------------------------------------------------------------------


def test_a_port_in_use_stops_serve_with_one_clear_line(make_site: MakeSite) -> None:
    site = make_site()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # On a thread of its own: serve starts an event loop, and a test session that has used
        # Playwright's sync API has one running on this thread already.
        with ThreadPoolExecutor(1) as thread:
            code, _, stderr = thread.submit(run_cli, site, "serve", "--port", str(port)).result(timeout=30)
    assert code == 1
    assert stderr.strip() == f"port {port} is in use; choose another with --port {port + 1}"
    assert not (site / "public").exists()  # it stopped before building anything


def test_serve_refuses_a_port_that_is_not_a_number(make_site: MakeSite) -> None:
    code, _, stderr = run_cli(make_site(), "serve", "--port", "80a")
    assert code == 2 and "'80a' is not a port number" in stderr


def test_serve_is_listed_with_its_options() -> None:
    code, stdout, _ = run_cli(Path("."), "serve", "--help")
    assert code == 0
    for option in ("--host", "--port", "--open", "--site"):
        assert option in stdout


def test_other_bind_errors_say_what_to_change() -> None:
    denied = bind_message(PermissionError(13, "Permission denied"), "127.0.0.1", 80)
    unknown = bind_message(OSError(99, "Cannot assign requested address"), "10.9.9.9", 8000)
    assert denied.startswith("not allowed to listen on port 80")
    assert unknown == "cannot listen on 10.9.9.9 port 8000: Cannot assign requested address; check --host"


def test_the_printed_address_is_one_a_browser_can_open() -> None:
    assert address("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert address("0.0.0.0", 8001) == "http://127.0.0.1:8001/"
    assert address("::1", 8000) == "http://[::1]:8000/"
