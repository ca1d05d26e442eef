"""What infoblokk guarantees about the output folder, tried with real processes, not mocks.

- `public/` is always a complete build, the old one or the new one: builds are killed with
  SIGKILL at many moments of a rebuild, and what is left is compared with clean builds.
- One build of a site at a time: a second build stops with the holder's process ID, and a
  lock left by a killed build is recovered by itself.
- Only infoblokk's own output is ever replaced: an `output_dir` naming the sources stops the
  build and changes nothing.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoblokk.write import OUTPUT_MARK
from tests.edits import EDITS, Edit
from tests.helpers import copy_example_site, run_cli, snapshot

REPO = Path(__file__).resolve().parent.parent
PROJECTS = 150  # enough pages that a rebuild takes a while to kill in the middle of
KILLS = 10  # rebuilds killed at random moments

PROJECT = """\
---
title: Felzárkózási együttműködés {n}. projektje
project_id: EFOP-1.6.3-17-2017-{n:05d}
beneficiary: Zala Megyei Önkormányzat
grant_amount: {amount}
funding_rate: 100
end_date: 2021-05-31
county: {county}
tags: [felzárkózás]
---

## A projekt célja

A megye települései közösen lépnek fel a leszakadás ellen ({n}).
"""


def generated_site(folder: Path, title: str) -> Path:
    """A site of PROJECTS projects, on the default theme inside infoblokk."""
    folder.mkdir(parents=True)
    (folder / "site_config.toml").write_text(f'title = "{title}"\n', encoding="utf-8")
    projects = folder / "content" / "projects"
    projects.mkdir(parents=True)
    for n in range(1, PROJECTS + 1):
        county = ("Zala", "Somogy", "Veszprém")[n % 3]
        text = PROJECT.format(n=n, amount=1_000_000 + n, county=county)
        (projects / f"projekt-{n}.md").write_text(text, encoding="utf-8")
    return folder


def build_command(site: Path) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "build", "--site", str(site)]


def clean_output(site: Path, scratch: Path) -> dict[str, bytes]:
    """The output of a clean build of `site`'s sources, built in a copy."""
    copy = scratch / f"clean-{len(list(scratch.iterdir())) if scratch.exists() else 0}"
    scratch.mkdir(exist_ok=True)
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("public", ".infoblokk-cache"))
    subprocess.run(build_command(copy), check=True, capture_output=True)
    return snapshot(copy / "public")


def set_title(site: Path, title: str) -> None:
    (site / "site_config.toml").write_text(f'title = "{title}"\n', encoding="utf-8")


@pytest.mark.slow
def test_a_rebuild_killed_at_any_moment_leaves_the_old_site_or_the_new_one(tmp_path: Path) -> None:
    site = generated_site(tmp_path / "site", "Régi cím")
    subprocess.run(build_command(site), check=True, capture_output=True)
    old = snapshot(site / "public")
    set_title(site, "Új cím")
    new = clean_output(site, tmp_path / "clean")
    assert old != new
    started = time.perf_counter()
    subprocess.run(build_command(site), check=True, capture_output=True)
    duration = time.perf_counter() - started
    set_title(site, "Régi cím")
    subprocess.run(build_command(site), check=True, capture_output=True)  # back to the old site
    assert snapshot(site / "public") == old

    outcomes = {"old": 0, "new": 0}
    chooser = random.Random(20261201)
    for attempt in range(KILLS):
        set_title(site, "Új cím" if attempt % 2 == 0 else "Régi cím")
        process = subprocess.Popen(build_command(site), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chooser.uniform(0.0, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        left = snapshot(site / "public")
        assert left in (old, new), f"attempt {attempt}: public/ is a mix of two builds"
        outcomes["old" if left == old else "new"] += 1
        # The next build must carry on from whatever the kill left.
        subprocess.run(build_command(site), check=True, capture_output=True)
        assert snapshot(site / "public") == (new if attempt % 2 == 0 else old)
    assert outcomes["old"] + outcomes["new"] == KILLS


HOLD_LOCK = """
import sys, time
from pathlib import Path
from infoblokk.lock import site_lock
with site_lock(Path(sys.argv[1])):
    print("holding", flush=True)
    time.sleep(60)
"""


def test_a_second_build_stops_while_another_holds_the_site_and_names_its_process(
    make_site_for_trust: Path,
) -> None:
    site = make_site_for_trust
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(site / ".infoblokk-cache")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        before = snapshot(site / "public")
        code, out, err = run_cli(site, "build")
        assert code == 1, out
        assert f"another build of this site is running (pid {holder.pid})" in err
        assert "hint:" in err
        assert snapshot(site / "public") == before
        code, _, err = run_cli(site, "check")
        assert code == 1 and "another build of this site is running" in err
    finally:
        holder.kill()
        holder.wait()
    code, _, err = run_cli(site, "build")  # the killed holder's lock is no lock
    assert code == 0, err


def test_two_builds_started_together_leave_one_complete_site(make_site_for_trust: Path) -> None:
    site = make_site_for_trust
    set_title(site, "Versenyző cím")
    processes = [
        subprocess.Popen(build_command(site), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(process.wait(), process.stderr.read() if process.stderr else "") for process in processes]
    for process in processes:
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()
    assert any(code == 0 for code, _ in results), results
    for code, err in results:
        assert code == 0 or "another build of this site is running" in err, err
        assert "Traceback" not in err
    assert "Versenyző cím" in (site / "public" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("output_dir", ["content", "themes", "notes", "README.md"])
def test_an_output_dir_that_names_something_of_the_users_stops_the_build_and_changes_nothing(
    make_site_for_trust: Path, output_dir: str
) -> None:
    site = make_site_for_trust
    (site / "notes").mkdir()
    (site / "notes" / "jegyzet.txt").write_text("a saját jegyzeteim", encoding="utf-8")
    (site / "README.md").write_text("# A honlapunk", encoding="utf-8")
    config = (site / "site_config.toml").read_text(encoding="utf-8")
    (site / "site_config.toml").write_text(config + f'output_dir = "{output_dir}"\n', encoding="utf-8")
    before = {k: v for k, v in snapshot(site).items() if not k.startswith(".infoblokk-cache/")}
    code, out, err = run_cli(site, "build")
    assert code == 1, out
    assert output_dir in err and "hint:" in err
    after = {k: v for k, v in snapshot(site).items() if not k.startswith(".infoblokk-cache/")}
    assert after == before


def test_the_output_folder_carries_the_mark_that_lets_the_next_build_replace_it(
    make_site_for_trust: Path,
) -> None:
    assert (make_site_for_trust / "public" / OUTPUT_MARK).is_file()


@pytest.fixture
def make_site_for_trust(make_site) -> Path:  # type: ignore[no-untyped-def]
    """A small valid site, built once."""
    site: Path = make_site()
    code, _, err = run_cli(site, "build")
    assert code == 0, err
    return site


def test_killing_a_build_leaves_nothing_outside_the_output_and_the_cache(tmp_path: Path) -> None:
    site = generated_site(tmp_path / "site", "Cím")
    entries = {p.name for p in site.iterdir()}
    process = subprocess.Popen(build_command(site), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.8)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert {p.name for p in site.iterdir()} - entries <= {"public", ".infoblokk-cache"}
    assert {p.name for p in tmp_path.iterdir()} == {"site"}


def test_a_build_failing_midway_through_its_pages_keeps_the_site_and_leaves_no_page_behind(
    tmp_path: Path,
) -> None:
    """Rendered pages wait in the cache until the site is written: a template that fails on one
    project, after others were rendered, leaves public/ as it was and no page in the cache."""
    site = generated_site(tmp_path / "site", "Cím")
    code, _, err = run_cli(site, "build")
    assert code == 0, err
    before = snapshot(site / "public")
    set_title(site, "Új cím, amely minden oldalt megváltoztat")
    project = (REPO / "infoblokk" / "themes" / "default" / "templates" / "project.html").read_text("utf-8")
    failing = "{% if page.title.endswith(' 120. projektje') %}{{ 1 // 0 }}{% endif %}\n"
    (site / "templates").mkdir()
    (site / "templates" / "project.html").write_text(failing + project, encoding="utf-8")
    code, _, err = run_cli(site, "build")
    assert code == 1 and "ZeroDivisionError" in err, err
    assert snapshot(site / "public") == before
    cache = site / ".infoblokk-cache"
    assert not (cache / "spool").exists() and not (cache / "next").exists()
    assert {p.name for p in site.iterdir()} == {
        *("site_config.toml", "content", "templates", "public", ".infoblokk-cache")
    }


HOLD_LOCK_BRIEFLY = """
import sys, time
from pathlib import Path
from infoblokk.lock import site_lock
with site_lock(Path(sys.argv[1])):
    print("holding", flush=True)
    time.sleep(2)
"""


def test_a_rebuild_of_serve_waits_for_another_build_and_then_succeeds(make_site_for_trust: Path) -> None:
    from infoblokk.serve.builder import SiteBuilder

    site = make_site_for_trust
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK_BRIEFLY, str(site / ".infoblokk-cache")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        started = time.perf_counter()
        outcome = SiteBuilder(site).build()
        waited = time.perf_counter() - started
        assert holder.wait(timeout=30) == 0  # it slept its time out and let go: nobody cut in
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        if holder.stdout:
            holder.stdout.close()
    assert outcome.ok, outcome.problems
    assert waited > 1.0  # the holder sleeps 2 s after it said "holding"


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(EDITS), st.randoms(), st.floats(0.0, 1.2)), min_size=1, max_size=3
    )
)
def test_random_edits_with_random_kills_leave_a_clean_build_of_the_old_or_the_new_sources(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[Edit, random.Random, float]]
) -> None:
    scratch = tmp_path_factory.mktemp("kills")
    site = copy_example_site(scratch / "site")
    subprocess.run(build_command(site), check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run(build_command(site), check=True, capture_output=True)
    duration = time.perf_counter() - started  # a build with nothing to do: python, load, check
    old = snapshot(site / "public")
    for edit, chance, moment in steps:
        edit(site, chance)
        new = clean_output(site, scratch / "clean")
        process = subprocess.Popen(build_command(site), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moment * duration * 2)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert snapshot(site / "public") in (old, new), f"killed after {edit.__name__}: a mix of two builds"
        subprocess.run(build_command(site), check=True, capture_output=True)
        assert snapshot(site / "public") == new
        old = new


# The system refuses files over `limit` bytes once the writing starts (after Pagefind has run,
# which would otherwise meet the limit first).
WRITE_LIMITED = """
import resource, signal, sys
import infoblokk.site
from infoblokk.cli import main
limit, render_site = int(sys.argv[1]), infoblokk.site.render_site
def limited_render_site(*arguments, **keywords):  # the pages are the first files of the new site
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, not kills
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return render_site(*arguments, **keywords)
infoblokk.site.render_site = limited_render_site
sys.exit(main(sys.argv[2:]))
"""


def test_a_write_refused_midway_keeps_the_previous_site_and_says_why(make_site_for_trust: Path) -> None:
    """As on a full disk: the system refuses a file halfway; nothing of the new site shows."""
    site = make_site_for_trust
    before = snapshot(site / "public")
    set_title(site, "Új cím, amely minden oldalt megváltoztat")
    result = subprocess.run(
        [sys.executable, "-c", WRITE_LIMITED, "1500", "build", "--site", str(site)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the new site could not be written" in result.stderr
    assert "hint:" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(site / "public") == before
    assert not (site / ".infoblokk-cache" / "next").exists()
    code, _, err = run_cli(site, "build")  # with room again, the next build goes through
    assert code == 0, err
    assert "Új cím" in (site / "public" / "index.html").read_text(encoding="utf-8")
