"""Watching the sources: real saves in a site in tmp_path, seen through the operating system.

Each test runs a `Watch` on a thread and waits for the rebuilds it asks for, with a generous
timeout that ends as soon as the rebuild comes. That nothing else was rebuilt is shown without
waiting: the test saves one more file, and the next rebuild must be for that file alone.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from watchfiles import Change

from infoblokk.serve.watch import SourceFilter, SourceRoots, Watch, scratch, watched_sources
from tests.helpers import MakeSite

WAIT_SECONDS = 10.0  # at most; every wait ends as soon as what it waits for happens


class Builds:
    """The rebuilds a watch asks for, in order: each is the tuple of changed paths."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[Path, ...]] = queue.Queue()

    def __call__(self, changed: tuple[Path, ...]) -> None:
        self._queue.put(changed)

    def next(self) -> tuple[Path, ...]:
        try:
            return self._queue.get(timeout=WAIT_SECONDS)
        except queue.Empty:
            pytest.fail(f"no rebuild within {WAIT_SECONDS} s")


@contextlib.contextmanager
def watching(
    site: Path, rebuild: Callable[[tuple[Path, ...]], None] | None = None, **timing: int
) -> Iterator[Builds]:
    """A watch of `site` running on a thread, ready for saves; stopped (and checked so) at the end."""
    builds = Builds()
    watch = Watch(site, rebuild or builds, **{"check_ms": 50, **timing})
    stop = threading.Event()
    thread = threading.Thread(target=watch.run, args=(stop,), daemon=True)
    thread.start()
    try:
        assert watch.ready.wait(WAIT_SECONDS), "the watch did not start"
        yield builds
    finally:
        stop.set()
        thread.join(WAIT_SECONDS)
        assert not thread.is_alive(), "the watch did not stop"


def save(path: Path, text: str = "mentve") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- what rebuilds ---------------------------------------------------------------------------------


def test_a_save_in_content_rebuilds_once_with_the_file_that_changed(make_site: MakeSite) -> None:
    site = make_site()
    page = site / "content/projects/p.md"
    with watching(site) as builds:
        save(page, page.read_text(encoding="utf-8") + "\nÚj bekezdés.\n")
        assert builds.next() == (page,)
        sentinel = save(site / "content/projects/kesz.md")
        assert builds.next() == (sentinel,)  # nothing was built in between


def test_edits_and_deletions_in_themes_rebuild(make_site: MakeSite) -> None:
    site = make_site()
    stylesheet = next((site / "themes/default/static").rglob("*.css"))
    theme_file = site / "themes/default/theme.toml"
    with watching(site) as builds:
        save(stylesheet, "body { color: black; }\n")
        assert builds.next() == (stylesheet,)
        theme_file.unlink()
        assert builds.next() == (theme_file,)


def test_a_photo_saved_in_a_new_static_folder_rebuilds(make_site: MakeSite) -> None:
    site = make_site()
    photo = site / "content/static/kepek/forum.jpg"
    with watching(site) as builds:
        photo.parent.mkdir(parents=True)
        photo.write_bytes(b"\xff\xd8\xff")
        changed = builds.next()
    assert any(photo == path or photo.is_relative_to(path) for path in changed), changed


def test_a_burst_of_saves_across_many_files_rebuilds_once(make_site: MakeSite) -> None:
    site = make_site()
    with watching(site) as builds:
        # An editor's "save all" or a `git checkout`: 40 files and the configuration at once.
        burst = {save(site / f"content/projects/p{number}.md") for number in range(40)}
        burst.add(save(site / "site_config.toml", 'title = "Új cím"\n'))
        assert set(builds.next()) == burst
        sentinel = save(site / "content/projects/kesz.md")
        assert builds.next() == (sentinel,)


def test_a_save_during_a_build_builds_once_more_afterwards_never_alongside(make_site: MakeSite) -> None:
    site = make_site()
    first, second = site / "content/projects/a.md", site / "content/projects/b.md"
    builds = Builds()
    running: list[bool] = []
    overlapped: list[bool] = []

    def rebuild(changed: tuple[Path, ...]) -> None:
        overlapped.append(bool(running))
        running.append(True)
        builds(changed)
        if changed == (first,):
            save(second)  # the author saves again while the first build runs…
            time.sleep(0.5)  # …which takes a while
        running.pop()

    with watching(site, rebuild):
        save(first)
        assert builds.next() == (first,)
        assert builds.next() == (second,)
    assert overlapped == [False, False]


# --- what does not ---------------------------------------------------------------------------------


def test_scratch_and_hidden_files_the_output_and_the_cache_never_rebuild(make_site: MakeSite) -> None:
    site = make_site({"content/projects/p.md": "---\n---\n", "public/index.html": "x"})
    with watching(site) as builds:
        for scratch_name in (".p.md.swp", "p.md~", "#p.md#", "4913", ".#p.md", "p.md.tmp"):
            save(site / "content/projects" / scratch_name, "scratch")
        save(site / "content/.obsidian/workspace.json", "{}")
        save(site / "public/index.html", "rebuilt")
        save(site / ".infoblokk-cache/state.sqlite", "{}")
        save(site / "README.txt", "not a source")
        sentinel = save(site / "content/projects/kesz.md")
        assert builds.next() == (sentinel,)


def test_scratch_names_are_those_editors_leave_behind() -> None:
    for name in (".p.md.swp", "p.md~", "#p.md#", "4913", ".#p.md", ".git", "x.swo", "x.tmp"):
        assert scratch(name), name
    for name in ("p.md", "forum.jpg", "site_config.toml", "4913.md", "#címke"):
        assert not scratch(name), name


def test_the_filter_looks_at_every_folder_below_the_site_only(tmp_path: Path) -> None:
    site = tmp_path / ".sites" / "efop"  # a hidden folder above the site does not hide it
    keep = SourceFilter(site)
    assert keep(Change.modified, str(site / "content/projects/p.md"))
    assert not keep(Change.added, str(site / "content/.obsidian/app.json"))
    assert not keep(Change.modified, str(site / "themes/default/.git/index"))


def test_a_folder_reported_as_modified_does_not_count_its_files_do(make_site: MakeSite) -> None:
    site = make_site()
    keep = SourceFilter(site)
    assert not keep(Change.modified, str(site / "content"))  # polling reports a folder whose files changed
    assert keep(Change.added, str(site / "content/static"))
    assert keep(Change.deleted, str(site / "content/static"))
    assert keep(Change.modified, str(site / "site_config.toml"))


# --- sources that appear later or are replaced -----------------------------------------------------


def test_a_templates_folder_made_while_watching_is_watched_from_then_on(make_site: MakeSite) -> None:
    site = make_site()
    assert not (site / "templates").exists()
    override = site / "templates/project.html"
    with watching(site) as builds:
        save(override, "{{ content }}")
        assert site / "templates" in builds.next()
        save(override, "{{ content }}\n")
        assert builds.next() == (override,)


def test_site_config_saved_by_renaming_a_new_file_over_it_is_followed(make_site: MakeSite) -> None:
    site = make_site()
    config = site / "site_config.toml"
    with watching(site) as builds:
        os.replace(save(site / "site_config.toml.new", 'title = "Átnevezve"\n'), config)  # as vim saves
        assert config in builds.next()
        save(config, 'title = "Helyben mentve"\n')  # the watch follows the new file
        assert builds.next() == (config,)


def test_the_roots_tell_which_sources_appeared_or_were_replaced(make_site: MakeSite) -> None:
    site = make_site()
    before = SourceRoots.of(site)
    assert before.paths == tuple(sorted(path for path in watched_sources(site) if path.exists()))
    (site / "templates").mkdir()
    os.replace(save(site / "new.toml", 'title = "x"\n'), site / "site_config.toml")
    assert before.changed(SourceRoots.of(site)) == {site / "templates", site / "site_config.toml"}
    assert SourceRoots.of(site) == SourceRoots.of(site)


# --- stopping --------------------------------------------------------------------------------------


def test_stopping_ends_the_watch_at_once(make_site: MakeSite) -> None:
    site = make_site()
    watch = Watch(site, Builds())
    stop = threading.Event()
    thread = threading.Thread(target=watch.run, args=(stop,), daemon=True)
    thread.start()
    assert watch.ready.wait(WAIT_SECONDS)
    started = time.monotonic()
    stop.set()
    thread.join(WAIT_SECONDS)
    assert not thread.is_alive()
    assert time.monotonic() - started < 2.0  # watchfiles looks at the stop event every 0.2 s
