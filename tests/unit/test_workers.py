"""Work on every core gives exactly what one process gives, in the same order."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from infoblokk.content.loading import load_site
from infoblokk.render.workers import MIN_COUNT, WorkerFailed, on_all_cores
from infoblokk.site import render_site

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2024, 6, 1)

PROJECT = """\
---
title: Együttműködés {n}. projektje
project_id: EFOP-1.6.3-17-2017-{n:05d}
beneficiary: Zala Megyei Önkormányzat
grant_amount: {amount}
funding_rate: 100
end_date: 202{year}-05-31
county: {county}
---

## A projekt célja

A megye települései **közösen** lépnek fel ({n}).

- fórum
- képzés
"""


def squares_and_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def test_results_come_back_in_order_and_from_other_processes() -> None:
    count = MIN_COUNT * 3
    results = on_all_cores(squares_and_pid, count, workers=2)
    assert [value for value, _ in results] == [n * n for n in range(count)]
    assert {pid for _, pid in results} - {os.getpid()}, "no worker process did any of the work"


def test_small_work_stays_in_this_process() -> None:
    results = on_all_cores(squares_and_pid, 10, workers=2)
    assert {pid for _, pid in results} == {os.getpid()}


def test_a_worker_that_raises_is_reported_with_its_traceback() -> None:
    def failing(number: int) -> int:
        if number == MIN_COUNT + 5:
            raise ValueError("a bug in a worker")
        return number

    with pytest.raises(WorkerFailed, match="a bug in a worker"):
        on_all_cores(failing, MIN_COUNT * 2, workers=2)


def site_of(folder: Path, projects: int) -> Path:
    folder.mkdir()
    (folder / "site_config.toml").write_text('title = "Próba"\n', encoding="utf-8")
    shutil.copytree(REPO / "themes", folder / "themes")
    (folder / "content" / "projects").mkdir(parents=True)
    for n in range(1, projects + 1):
        text = PROJECT.format(n=n, amount=1_000_000 + n, year=n % 10, county=("Zala", "Vas")[n % 2])
        (folder / "content" / "projects" / f"p-{n}.md").write_text(text, encoding="utf-8")
    return folder


def test_pages_made_on_every_core_equal_pages_made_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = load_site(site_of(tmp_path / "site", MIN_COUNT + 50))
    monkeypatch.setenv("INFOBLOKK_WORKERS", "1")
    alone = render_site(site, TODAY)
    monkeypatch.setenv("INFOBLOKK_WORKERS", "2")
    together = render_site(site, TODAY)
    assert [(f.path, f.content) for f in together.files] == [(f.path, f.content) for f in alone.files]
    assert together.page_records == alone.page_records
