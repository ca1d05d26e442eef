"""infoblokk as `serve` uses it: one process, one builder, an edit, the page, then the search index.

    .venv/bin/python bench/serve_edits.py SITE PROJECTS RUNS RESULTS.json

Run by `bench_build.py` on a site it has built. As `serve` does after a save (see
`infoblokk.serve.command.ServeSession.rebuild`), each run edits one project file (a paragraph
appended to its body), then times `SiteBuilder.preview` (the page rendered from memory: the
server answers it and the browser could reload; the time runs until the new text is in the
answer of the server's app for the page's address) and `SiteBuilder.write_ahead` (the time runs
from the save until the new text is in the page's file in the output folder), then
`SiteBuilder.build(index_search=False)` (the rest of the site is built and written), then
`SiteBuilder.build(index_search=True)` (the search index has caught up). The first build, which
`serve` makes when it starts, is timed too; then one edit is built without timing, as the first
save in `serve` is (a preview needs a build that rendered pages in this process). The seconds go
to RESULTS.json.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import edit_one_file

from infoblokk.serve.app import answer
from infoblokk.serve.command import SiteBuilder


def timed_build(builder: SiteBuilder, index_search: bool) -> tuple[float, bool]:
    """Seconds one build took, and whether the search index still has to catch up after it."""
    started = time.perf_counter()
    outcome = builder.build(index_search=index_search)
    seconds = time.perf_counter() - started
    if not outcome.ok:
        raise SystemExit(f"the build failed: {outcome.problems}")
    return seconds, bool(outcome.result is not None and outcome.result.search_pending)


def timed_preview(builder: SiteBuilder, edited: Path, mark: str) -> tuple[float, float] | None:
    """Seconds from the save until the server answers the page with the new text, and until
    the page's file holds it; None when the save was left to the build."""
    started = time.perf_counter()
    shown = builder.preview((edited,))
    if not shown:
        return None
    page = next(iter(shown))
    url = "/" + page.removesuffix("index.html")
    served = answer(url, "", builder.outcome, builder.site_dir, previews=shown)
    answered = time.perf_counter() - started
    if mark.encode("utf-8") not in served.body:
        raise SystemExit(f"the preview of {edited} does not show the edit")
    builder.write_ahead(shown)
    written = time.perf_counter() - started
    if mark.encode("utf-8") not in (builder.outcome.output_dir / page).read_bytes():
        raise SystemExit(f"the page of {edited} was not written ahead of its build")
    return answered, written


def edits(site: Path, projects: int, runs: int) -> dict[str, list[float]]:
    builder = SiteBuilder(site)
    first, _ = timed_build(builder, index_search=True)
    results: dict[str, list[float]] = {key: [] for key in ("shown", "written", "page", "search")}
    results["first_build"] = [first]
    edit_one_file(site, projects, "serve 0")  # the first save: the build that makes a preview possible
    timed_build(builder, index_search=True)
    for run in range(1, runs + 1):
        edited = edit_one_file(site, projects, f"serve {run}")
        previewed = timed_preview(builder, edited, f"serve {run}")
        if previewed is not None:
            results["shown"].append(previewed[0])
            results["written"].append(previewed[1])
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
