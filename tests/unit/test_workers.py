"""Work on every core gives exactly what one process gives, in the same order.

infoblokk forks workers only from a process with no other thread (forking copies just the
calling thread), and a test run has threads of its own (servers of the browser tests), so
these tests run their work in a fresh Python process each.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from infoblokk.render.workers import MIN_COUNT

REPO = Path(__file__).resolve().parents[2]

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


def run_python(code: str, *arguments: str, workers: str = "2") -> object:
    """Run `code` in a fresh interpreter; it prints one JSON value, returned here."""
    environment = {**os.environ, "INFOBLOKK_WORKERS": workers}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *arguments],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


SQUARES = f"""
    import json, os
    from infoblokk.render.workers import on_all_cores
    def squares_and_pid(number):
        return number * number, os.getpid()
    results = on_all_cores(squares_and_pid, {MIN_COUNT * 3}, workers=2)
    others = {{pid for _, pid in results}} - {{os.getpid()}}
    print(json.dumps({{"values": [value for value, _ in results], "others": len(others)}}))
"""


def test_results_come_back_in_order_and_from_other_processes() -> None:
    outcome = run_python(SQUARES)
    assert isinstance(outcome, dict)
    assert outcome["values"] == [n * n for n in range(MIN_COUNT * 3)]
    assert outcome["others"] >= 2, "not every core had a worker: work of a few hundred was left to one"


def test_small_work_stays_in_this_process() -> None:
    code = """
        import json, os
        from infoblokk.render.workers import on_all_cores
        pids = set(on_all_cores(lambda number: os.getpid(), 10, workers=2))
        print(json.dumps(len(pids - {os.getpid()})))
    """
    assert run_python(code) == 0


def test_a_worker_that_raises_is_reported_with_its_traceback() -> None:
    code = f"""
        import json
        from infoblokk.render.workers import WorkerFailed, on_all_cores
        def failing(number):
            if number == {MIN_COUNT + 5}:
                raise ValueError("a bug in a worker")
            return number
        try:
            on_all_cores(failing, {MIN_COUNT * 2}, workers=2)
        except WorkerFailed as failure:
            print(json.dumps(str(failure)))
        else:
            print(json.dumps("no failure"))
    """
    message = run_python(code)
    assert isinstance(message, str) and "a bug in a worker" in message and "Traceback" in message


def site_of(folder: Path, projects: int) -> Path:
    folder.mkdir()
    (folder / "site_config.toml").write_text('title = "Próba"\n', encoding="utf-8")
    (folder / "content" / "projects").mkdir(parents=True)
    for n in range(1, projects + 1):
        text = PROJECT.format(n=n, amount=1_000_000 + n, year=n % 10, county=("Zala", "Vas")[n % 2])
        (folder / "content" / "projects" / f"p-{n}.md").write_text(text, encoding="utf-8")
    return folder


RENDER = """
    import hashlib, json, os, sys
    from datetime import date
    from pathlib import Path
    import infoblokk.render.workers as workers
    from infoblokk.content.loading import load_site
    from infoblokk.site import render_site
    forks = []
    original = workers._forked
    workers._forked = lambda *arguments: forks.append(1) or original(*arguments)
    rendered = render_site(load_site(Path(sys.argv[1])), date(2024, 6, 1))
    files = hashlib.sha256(repr([(str(f.path), f.content) for f in rendered.files]).encode()).hexdigest()
    records = hashlib.sha256(repr(sorted(rendered.page_records.items())).encode()).hexdigest()
    print(json.dumps({"files": files, "records": records, "forked": len(forks)}))
"""


def test_pages_made_on_every_core_equal_pages_made_in_one_process(tmp_path: Path) -> None:
    site = site_of(tmp_path / "site", MIN_COUNT + 50)
    alone = run_python(RENDER, str(site), workers="1")
    together = run_python(RENDER, str(site), workers="2")
    assert isinstance(alone, dict) and isinstance(together, dict)
    assert (alone["forked"], together["forked"]) == (0, 2)  # Markdown and pages, each on two cores
    assert (together["files"], together["records"]) == (alone["files"], alone["records"])


RENDER_SPOOLED = """
    import hashlib, json, sys
    from datetime import date
    from pathlib import Path
    from infoblokk.content.loading import load_site
    from infoblokk.output import Spool
    from infoblokk.site import render_site
    site = load_site(Path(sys.argv[1]))
    with Spool(Path(sys.argv[1]) / "spool", site.output_dir) as spool:
        rendered = render_site(site, date(2024, 6, 1), spool=spool)
        files = [(str(f.path), f.content) for f in rendered.files]
        spooled = [f for f in rendered.files if hasattr(f, "digest")]  # pages (the rest: feeds, data)
        digests_hold = bool(spooled) and all(
            f.digest == hashlib.sha256(f.content).hexdigest() for f in spooled
        )
    records = hashlib.sha256(repr(sorted(rendered.page_records.items())).encode()).hexdigest()
    digest = hashlib.sha256(repr(sorted(files)).encode()).hexdigest()
    print(json.dumps({"files": digest, "records": records, "digests_hold": digests_hold}))
"""


def test_pages_kept_in_the_spool_by_workers_equal_pages_made_in_one_process(tmp_path: Path) -> None:
    """Workers write the pages they make into the spool themselves, and send back only what
    each page read: the pages, their digests and their records are those one process makes."""
    site = site_of(tmp_path / "site", MIN_COUNT + 50)
    alone = run_python(RENDER_SPOOLED, str(site), workers="1")
    together = run_python(RENDER_SPOOLED, str(site), workers="2")
    assert isinstance(alone, dict) and isinstance(together, dict)
    assert together == alone
    assert alone["digests_hold"]  # the writer leaves a page whose digest is as in the site


def is_running(pid: int) -> bool:
    """The process exists and is not a zombie waiting for its parent to collect it."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads processes from /proc (Linux)")
def test_workers_end_at_once_when_the_build_is_killed(tmp_path: Path) -> None:
    """A build killed with SIGKILL leaves no worker rendering on alone (each share takes
    minutes here: a worker that outlived its build would still be running)."""
    pids = tmp_path / "pids"
    code = f"""
        import os, sys, time
        from infoblokk.render.workers import on_all_cores
        def slow(number):
            with open(sys.argv[1], "a") as found:
                found.write(f"{{os.getpid()}}\\n")
            time.sleep(1)
            return number
        on_all_cores(slow, {MIN_COUNT * 2}, workers=2)
    """
    build = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), str(pids)], cwd=REPO)
    deadline = time.monotonic() + 60
    while len(set(pids.read_text().split()) if pids.exists() else ()) < 2:
        assert time.monotonic() < deadline and build.poll() is None, "no workers started"
        time.sleep(0.05)
    build.kill()
    build.wait()
    workers = {int(pid) for pid in pids.read_text().split()}
    deadline = time.monotonic() + 10
    while any(is_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if is_running(pid)]
