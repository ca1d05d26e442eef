"""infoblokk as `serve` uses it: one process, one builder, an edit, the page, then the search index.

    .venv/bin/python bench/serve_edits.py SITE PROJECTS RUNS RESULTS.json

Run by `bench_build.py` on a site it has built. As `serve` does after a save (see
`infoblokk.serve.command.ServeSession.rebuild`), each run edits one project file, then times
`SiteBuilder.build(index_search=False)` (the page is written, the browser could reload) and
then `SiteBuilder.build(index_search=True)` (the search index has caught up). The first build,
which `serve` makes when it starts, is timed too. The seconds go to RESULTS.json.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import edit_one_file

from infoblokk.serve.command import SiteBuilder


def timed_build(builder: SiteBuilder, index_search: bool) -> tuple[float, bool]:
    """Seconds one build took, and whether the search index still has to catch up after it."""
    started = time.perf_counter()
    outcome = builder.build(index_search=index_search)
    seconds = time.perf_counter() - started
    if not outcome.ok:
        raise SystemExit(f"the build failed: {outcome.problems}")
    return seconds, bool(outcome.result is not None and outcome.result.search_pending)


def edits(site: Path, projects: int, runs: int) -> dict[str, list[float]]:
    builder = SiteBuilder(site)
    first, _ = timed_build(builder, index_search=True)
    results: dict[str, list[float]] = {"first_build": [first], "page": [], "search": []}
    for run in range(1, runs + 1):
        edit_one_file(site, projects, f"serve {run}")
        page, search_pending = timed_build(builder, index_search=False)
        results["page"].append(page)
        if search_pending:
            results["search"].append(timed_build(builder, index_search=True)[0])
    return results


def main(arguments: list[str]) -> int:
    site, projects, runs, output = arguments
    results = edits(Path(site), int(projects), int(runs))
    Path(output).write_text(json.dumps(results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
