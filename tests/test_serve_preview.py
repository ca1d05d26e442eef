"""`serve` shows a saved body at once, from memory, and the build that follows writes the same page."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from infoblokk.errors import BuildCancelled
from infoblokk.lock import site_lock
from infoblokk.serve.app import Outcome, answer
from infoblokk.serve.builder import SiteBuilder
from infoblokk.serve.command import ServeSession
from infoblokk.site import BuildResult, build_site
from tests.helpers import copy_example_site, own_default_theme, snapshot


@pytest.fixture
def built(tmp_path: Path) -> SiteBuilder:
    """The example site, built once by `serve`'s builder."""
    builder = SiteBuilder(copy_example_site(tmp_path / "site"))
    assert builder.build(index_search=False).ok
    return builder


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


@pytest.mark.parametrize(
    ("source", "page"),
    [
        ("content/projects/zala-felzarkozas.md", "projektek/zala-felzarkozas/index.html"),
        ("content/projects/zala-felzarkozas.en.md", "en/projects/zala-felzarkozas/index.html"),
        ("content/news/veszprem-zarorendezveny.md", "hirek/veszprem-zarorendezveny/index.html"),
        ("content/pages/a-honlaprol.md", "a-honlaprol/index.html"),
    ],
)
def test_a_saved_body_is_served_at_once_as_the_build_then_writes_it(
    built: SiteBuilder, source: str, page: str
) -> None:
    site = built.site_dir
    linked = "somogy-felzarkozas.md" if "/projects/" in source else "../projects/somogy-felzarkozas.md"
    append(site / source, f"\n\nFrissítve: **új eredmény**, lásd a [másik projektet]({linked}).\n")

    shown = built.preview((site / source,))

    assert list(shown) == [page]
    assert "<strong>új eredmény</strong>" in shown[page].decode("utf-8")
    outcome = built.outcome
    served = answer("/" + page.removesuffix("index.html"), "", outcome, site, previews=shown)
    assert (served.status, served.body) == ("200 OK", shown[page])
    assert b"\xc3\xbaj eredm" not in (outcome.output_dir / page).read_bytes()  # the folder is untouched

    rebuilt = built.build(index_search=False)

    assert rebuilt.ok and built.previews == {}
    assert (rebuilt.output_dir / page).read_bytes() == shown[page]  # byte for byte what was shown


def test_a_save_that_changes_more_than_a_body_waits_for_the_build(built: SiteBuilder) -> None:
    site = built.site_dir
    project = site / "content/projects/zala-felzarkozas.md"
    original = project.read_text(encoding="utf-8")

    project.write_text(original.replace("title: ", "title: Új cím – ", 1), encoding="utf-8")
    assert built.preview((project,)) == {}, "a changed fact shows on lists too: only a build shows it"

    project.write_text(original + "\n[elírt hivatkozás](nincs-ilyen.md)\n", encoding="utf-8")
    assert built.preview((project,)) == {}, "a broken link is the build's error to show"

    project.write_text(original + "\n![fotó](/kepek/nincs.jpg)\n", encoding="utf-8")
    assert built.preview((project,)) == {}, "pictures get resized copies: a build's work"

    project.write_text(original, encoding="utf-8")
    new = site / "content/projects/uj-projekt.md"
    new.write_text(original, encoding="utf-8")
    assert built.preview((new,)) == {}, "a new page is in lists and menus: only a build shows it"
    new.unlink()

    assert built.preview((site / "site_config.toml",)) == {}
    assert built.preview((project, site / "themes/default/templates/base.html")) == {}


def test_a_template_edited_while_serving_shows_at_the_next_build(built: SiteBuilder) -> None:
    theme = own_default_theme(built.site_dir)
    assert built.build(index_search=False).ok  # the site's own theme read once by this builder
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("<body>", '<body class="edited">'), "utf-8")

    assert built.build(index_search=False).ok
    home = (built.site_dir / "public" / "index.html").read_text(encoding="utf-8")
    assert '<body class="edited">' in home, "serve's next build must read the template as saved"


def test_no_preview_while_the_site_is_broken(built: SiteBuilder) -> None:
    site = built.site_dir
    broken = site / "content/projects/somogy-felzarkozas.md"
    broken.write_text("---\ntitle: [nincs lezárva\n---\n", encoding="utf-8")
    assert not built.build(index_search=False).ok

    project = site / "content/projects/zala-felzarkozas.md"
    append(project, "\n\nÚj bekezdés.\n")

    assert built.preview((project,)) == {}, "the error page shows until the site builds again"


def test_the_app_serves_the_files_when_there_is_no_preview(built: SiteBuilder) -> None:
    outcome: Outcome = built.outcome
    page = "projektek/zala-felzarkozas/index.html"
    served = answer("/projektek/zala-felzarkozas/", "", outcome, built.site_dir)
    assert served.body == (outcome.output_dir / page).read_bytes()


def test_a_save_while_the_search_index_catches_up_stops_it_and_is_built_at_once(tmp_path: Path) -> None:
    """The catch-up runs in the background; the next save cancels it (losing nothing) and is built."""
    site = copy_example_site(tmp_path / "site")
    catch_ups: list[str] = []

    def slow_search_build(site_dir: Path, **options: Any) -> BuildResult:
        """A build whose search index takes as long as on a large site, unless it is cancelled."""
        cancel = options.get("cancel")
        if cancel is not None and options.get("index_search", True):
            catch_ups.append("cancelled" if cancel.wait(timeout=60) else "finished")
            if cancel.is_set():
                raise BuildCancelled()
        return build_site(site_dir, **options)

    session = ServeSession(site, build=slow_search_build)
    assert session.builder.build().ok  # with its search index, as `serve` starts
    project = site / "content/projects/zala-felzarkozas.md"

    append(project, "\n\nElső mentés.\n")
    session.rebuild((project,))  # returns with the index catching up in the background
    append(project, "\n\nMásodik mentés.\n")
    session.rebuild((project,))  # stops that catch-up instead of waiting for it

    page = session.builder.outcome.output_dir / "projektek/zala-felzarkozas/index.html"
    assert "Második mentés." in page.read_text(encoding="utf-8")
    assert catch_ups == ["cancelled"]
    session.stop()  # Ctrl+C: the second catch-up stops too
    assert catch_ups == ["cancelled", "cancelled"]


# ---------------------------------------------------------------------------------------------
# The page written into the output folder ahead of its build (`infoblokk.serve.ahead`)

ZALA = "content/projects/zala-felzarkozas.md"
ZALA_PAGE = "projektek/zala-felzarkozas/index.html"


def test_a_previewed_page_is_written_into_the_output_folder_before_the_build(
    built: SiteBuilder, tmp_path: Path
) -> None:
    site = built.site_dir
    output = built.outcome.output_dir
    before = snapshot(output)
    append(site / ZALA, "\n\nFrissítve: **új eredmény**.\n")

    shown = built.preview((site / ZALA,))
    written = built.write_ahead(shown)

    assert written == (ZALA_PAGE,)
    after = snapshot(output)
    assert after[ZALA_PAGE] == shown[ZALA_PAGE]
    assert {path: data for path, data in after.items() if path != ZALA_PAGE} == {
        path: data for path, data in before.items() if path != ZALA_PAGE
    }, "no other file of the output changes before the build"
    assert not list((site / ".infoblokk-cache/ahead").iterdir()), "nothing half made is left"

    assert built.build(index_search=False).ok
    shutil.copytree(site, tmp_path / "clean", ignore=shutil.ignore_patterns("public", ".infoblokk-cache"))
    clean = snapshot(build_site(tmp_path / "clean", index_search=False).output_dir)
    rebuilt = snapshot(output)
    assert rebuilt[ZALA_PAGE] == shown[ZALA_PAGE]
    assert {p: d for p, d in rebuilt.items() if not p.startswith("pagefind/")} == {
        p: d for p, d in clean.items() if not p.startswith("pagefind/")
    }, "the build after it makes the site a clean build makes"


def test_a_page_written_ahead_whose_build_never_came_is_rendered_again(built: SiteBuilder) -> None:
    """serve stopped between the page written ahead and its build; the save then undone: the
    next build must not keep the page written ahead as if it were the state's."""
    site = built.site_dir
    original_source = (site / ZALA).read_text(encoding="utf-8")
    original_page = (built.outcome.output_dir / ZALA_PAGE).read_bytes()
    append(site / ZALA, "\n\nEz a mentés visszavonásra kerül.\n")
    assert built.write_ahead(built.preview((site / ZALA,))) == (ZALA_PAGE,)

    (site / ZALA).write_text(original_source, encoding="utf-8")  # undone before any build
    result = build_site(site, index_search=False)  # a new process: only the state file is known

    assert (result.output_dir / ZALA_PAGE).read_bytes() == original_page


def test_no_page_is_written_ahead_while_another_build_holds_the_site(built: SiteBuilder) -> None:
    site = built.site_dir
    page = built.outcome.output_dir / ZALA_PAGE
    before = page.read_bytes()
    append(site / ZALA, "\n\nMásik terminálban épül.\n")
    shown = built.preview((site / ZALA,))

    with site_lock(site / ".infoblokk-cache"):  # a `build` in another terminal
        assert built.write_ahead(shown) == ()

    assert page.read_bytes() == before, "the build that holds the site writes the folder; then ours"


def test_a_preview_outdated_by_a_finished_build_is_not_written(built: SiteBuilder) -> None:
    site = built.site_dir
    append(site / ZALA, "\n\nElső mentés.\n")
    shown = built.preview((site / ZALA,))
    assert built.build(index_search=False).ok  # a build ended after the preview was made
    append(site / ZALA, "\n\nMásodik mentés.\n")
    assert built.build(index_search=False).ok
    page = built.outcome.output_dir / ZALA_PAGE
    newest = page.read_bytes()

    assert built.write_ahead(shown) == ()
    assert page.read_bytes() == newest, "an older preview never overwrites a newer build's page"


def test_serve_writes_a_saved_body_before_the_build_starts(tmp_path: Path) -> None:
    site = copy_example_site(tmp_path / "site")
    pages_when_built: list[str] = []  # the page in the output folder as each save's build begins

    def build_noting_the_page(site_dir: Path, **options: Any) -> BuildResult:
        page = site_dir / "public" / ZALA_PAGE
        if not options.get("index_search", True):  # a save's build, not a catch-up of the index
            pages_when_built.append(page.read_text(encoding="utf-8"))
        return build_site(site_dir, **options)

    session = ServeSession(site, build=build_noting_the_page)
    assert session.builder.build().ok  # as `serve` starts
    pages_when_built.clear()
    try:
        for save in ("Első mentés.", "Második mentés."):
            append(site / ZALA, f"\n\n{save}\n")
            session.rebuild((site / ZALA,))
    finally:
        session.stop()

    assert len(pages_when_built) == 2
    assert "Első mentés." in pages_when_built[0] and "Második mentés." not in pages_when_built[0]
    assert "Második mentés." in pages_when_built[1]
