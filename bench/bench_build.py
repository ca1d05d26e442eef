"""Benchmark: build times on generated sites of many projects.

    .venv/bin/python bench/bench_build.py            # 1,000 and 10,000 projects
    .venv/bin/python bench/bench_build.py 500 2000   # other sizes

For each size it generates a site (projects, one news item per ten projects, the default theme)
in a temporary folder and prints, in seconds: the first (clean) build; then, as `serve` does
after a save, the time until the pages are rebuilt (and the browser can reload) and the time
the search index then takes to catch up, for no change, a body edit, a title edit and a
template edit; and a rebuild with nothing changed from a fresh process (`build` run twice).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from infoblokk.site import BuildResult, build_site  # noqa: E402

PROJECT = """---
title: Felzárkózási együttműködés {n}. számú projektje
project_id: EFOP-1.6.3-17-2017-{n:05d}
beneficiary: [{county} Megyei Önkormányzat, Társadalmi Esélyteremtési Főigazgatóság]
grant_amount: "{amount} Ft"
funding_rate: 100
start_date: 2017-12-01
end_date: 2021-0{month}-28
county: {county}
summary: A {n}. projekt a helyi esélyegyenlőségi programok összehangolását segíti.
tags: [felzárkózás, esélyegyenlőség]
---

## A projekt célja

A projekt célja, hogy a megye települései közösen lépjenek fel a leszakadás ellen.
A munka a helyi esélyegyenlőségi programokra épül.

## Tevékenységek
- megyei fórum és munkacsoportok
- rendezvénysorozat
- képzések a szakembereknek

| év | tevékenység |
|---|---|
| 2018 | fórum |
| 2019 | képzés |
"""

NEWS = """---
title: Hír a {n}. projektről
date: 2021-05-{day:02d}
project: EFOP-1.6.3-17-2017-{n:05d}
category: Sajtóközlemény
summary: Rövid hír a {n}. projekt eseményéről.
---

A projekt rendezvényén a partnerek áttekintették az eredményeket.
"""

COUNTIES = ("Somogy", "Zala", "Veszprém", "Baranya", "Tolna", "Vas")


def generate_site(folder: Path, projects: int) -> Path:
    shutil.copytree(REPO / "themes", folder / "themes")
    shutil.copy(REPO / "site_config.toml", folder / "site_config.toml")
    (folder / "content" / "projects").mkdir(parents=True)
    (folder / "content" / "news").mkdir()
    for n in range(1, projects + 1):
        county = COUNTIES[n % len(COUNTIES)]
        text = PROJECT.format(
            n=n, county=county, amount=f"{50_000_000 + n:,}".replace(",", "."), month=n % 9 + 1
        )
        (folder / "content" / "projects" / f"projekt-{n:05d}.md").write_text(text, encoding="utf-8")
        if n % 10 == 0:
            news = NEWS.format(n=n, day=n % 28 + 1)
            (folder / "content" / "news" / f"hir-{n:05d}.md").write_text(news, encoding="utf-8")
    return folder


def timed(action: Callable[[], BuildResult]) -> tuple[float, BuildResult]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fresh_process_build(site: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--site", str(site)], check=True, capture_output=True
    )
    return time.perf_counter() - started


def bench(projects: int) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        site = generate_site(Path(temporary), projects)
        first_seconds, result = timed(lambda: build_site(site))
        state = result.state
        rows: list[tuple[str, float, float | None, int]] = [
            ("clean build", first_seconds, None, result.files_written)
        ]

        def rebuild(label: str) -> None:
            """As `serve` does: pages first (index_search=False), then the search index."""
            nonlocal state
            seconds, quick = timed(
                lambda: build_site(site, previous=state, index_search=False, persist=False)
            )
            written = quick.files_written
            catch_up: float | None = None
            if quick.search_pending:
                catch_up, caught = timed(lambda: build_site(site, previous=quick.state, persist=False))
                written += caught.files_written
                state = caught.state
            else:
                state = quick.state
            rows.append((label, seconds, catch_up, written))

        rebuild("no change")
        middle = site / "content" / "projects" / f"projekt-{projects // 2:05d}.md"
        edit(middle, "közösen lépjenek fel", "együtt lépjenek fel")
        rebuild("body edit")
        edit(middle, "Felzárkózási együttműködés", "Felzárkózási összefogás")
        rebuild("title edit")
        edit(
            site / "themes" / "default" / "templates" / "news.html",
            '<article class="news">',
            '<article class="news hir">',
        )
        rebuild("template edit (news.html)")
        build_site(site)  # leave a saved state for the fresh process
        rows.append(("no change (fresh process)", fresh_process_build(site), None, -1))
        print(f"\n{projects} projects, {projects // 10} news items")
        print(f"  {'':<28} {'pages ready':>12} {'+ search index':>15}   files written")
        for label, seconds, catch_up, written in rows:
            extra = f"{catch_up:13.3f} s" if catch_up is not None else " " * 15
            files = f"{written}" if written >= 0 else ""
            print(f"  {label:<28} {seconds:10.3f} s {extra}   {files}")


def main(arguments: list[str]) -> None:
    for size in [int(a) for a in arguments] or [1000, 10000]:
        bench(size)


if __name__ == "__main__":
    main(sys.argv[1:])
