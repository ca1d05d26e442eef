"""The WSGI app of `serve`: files of the last good build, the error page while it is broken.

The app is called directly with WSGI environments (no server, no sockets).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest

from infoblokk.errors import Problem, Severity
from infoblokk.serve.app import Outcome, site_app
from tests.helpers import BROKEN


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
    assert "There are also 2 warnings" in page


def test_a_problem_without_a_file_shows_its_message_and_hint(output: Path) -> None:
    problem = Problem("the content folder is missing <!>", hint="create content/projects/")
    page = request(Outcome(output, problems=(problem,)), "/").text
    assert "the content folder is missing &lt;!&gt;" in page
    assert "Hint: create content/projects/" in page
