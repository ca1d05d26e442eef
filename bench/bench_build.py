"""Benchmark: build times on generated sites of many projects.

    .venv/bin/python bench/bench_build.py            # 1,000 and 10,000 projects
    .venv/bin/python bench/bench_build.py 500 2000   # other sizes

For each size it generates a site (projects, one news item per ten projects, the default theme)
in a temporary folder and prints, in seconds: the first (clean) build, a rebuild with nothing
changed, and the time from a save to the finished rebuild for a body edit, a title edit and a
template edit — each rebuild in the same process, as `serve` does, and the no-change rebuild
also from a fresh process (`build` run twice).
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
        state = getattr(result, "state", None)
        rows = [("clean build", first_seconds, result.files_written)]

        def rebuild(label: str) -> None:
            nonlocal state
            seconds, again = timed(lambda: build_site(site, previous=state))
            state = getattr(again, "state", None)
            rows.append((label, seconds, again.files_written))

        rebuild("no change (same process)")
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
        rows.append(("no change (fresh process)", fresh_process_build(site), -1))
        print(f"\n{projects} projects, {projects // 10} news items")
        for label, seconds, written in rows:
            files = f"{written} files written" if written >= 0 else ""
            print(f"  {label:<28} {seconds:8.3f} s   {files}")


def main(arguments: list[str]) -> None:
    for size in [int(a) for a in arguments] or [1000, 10000]:
        bench(size)


if __name__ == "__main__":
    main(sys.argv[1:])
