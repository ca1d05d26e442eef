"""Watching the sources: the debouncer, the watcher, the scan.

The debouncer and the watcher run on a fake clock, so nothing here sleeps.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from infoblokk.serve.watch import Debouncer, Snapshot, Watch, changed_paths, scan, watched_sources
from tests.helpers import MakeSite

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
