"""`serve` shows a saved body at once, from memory, and the build that follows writes the same page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from infoblokk.errors import BuildCancelled
from infoblokk.serve.app import Outcome, answer
from infoblokk.serve.builder import SiteBuilder
from infoblokk.serve.command import ServeSession
from infoblokk.site import BuildResult, build_site
from tests.helpers import copy_example_site


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
