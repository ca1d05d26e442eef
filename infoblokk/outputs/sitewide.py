"""The site-wide files a build makes or keeps beside the pages: the data files (feeds, sitemap,
robots.txt, open data, the list of operations) and the search index.

Each is made again only when what it follows from changed; else the paths the last build wrote
are kept, once they are found still as it wrote them.
"""

from __future__ import annotations

import functools
import os
import stat
import threading
from collections.abc import Mapping
from datetime import date
from pathlib import Path, PurePosixPath

from infoblokk.banner.obligation_rules import shipped_rule_sets
from infoblokk.content.loading import LoadedSite
from infoblokk.layout import SEARCH_FOLDER
from infoblokk.output import MadeFile, Spool
from infoblokk.outputs.feeds import (
    ROBOTS_PATH,
    SITEMAP_PATH,
    feed_files,
    feed_paths,
    robots_file,
    sitemap_file,
)
from infoblokk.outputs.opendata import CSV_PATH, JSON_PATH, open_data_files
from infoblokk.outputs.operations import OPERATIONS_PATH, operations_file
from infoblokk.outputs.search import (
    pages_for_search,
    search_cache_dir,
    search_index_of,
    search_part_pages,
)
from infoblokk.outputs.search_cache import SearchIndex
from infoblokk.render.incremental import BuildState, FileRecord, file_is_as_recorded
from infoblokk.render.pages import RenderedPages
from infoblokk.render.plans import PageKind, PagePlan
from infoblokk.render.workers import release_free_memory


def search_index(
    site: LoadedSite,
    pages: RenderedPages,
    records: Mapping[str, FileRecord],
    cancel: threading.Event | None,
    spool: Spool | None = None,
) -> SearchIndex:
    """The index; the pages kept as they were are known by their recorded digests, not read,
    and so are the parts of the index the output holds as the last build wrote them. With a
    `spool`, its files wait there."""
    digests = {path: record.digest for path, record in records.items() if path.endswith(".html")}
    html_pages = pages_for_search(pages.files, pages.kept, site.output_dir, digests)
    release_free_memory()  # Pagefind's services take a few hundred megabytes beside the build
    return search_index_of(
        html_pages,
        site.config.language,
        search_cache_dir(site.site_dir),
        functools.partial(_in_output, site.output_dir, records),
        cancel=cancel,
        part_pages=search_part_pages(),
        spool=spool,
    )


def _in_output(output_dir: Path, records: Mapping[str, FileRecord], path: str, digest: str) -> bool:
    """The output holds this file, with this digest, as a plain file the last build wrote."""
    record = records.get(path)
    if record is None or record.digest != digest:
        return False
    try:
        status = os.lstat(f"{output_dir}/{path}")
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and (status.st_size, status.st_mtime_ns) == (
        record.size,
        record.mtime_ns,
    )


def unchanged_search_index(previous: BuildState, output_dir: Path) -> tuple[PurePosixPath, ...]:
    """The last build's search index, if it is all still there as written; else nothing."""
    index = {path: record for path, record in previous.files.items() if path.startswith(f"{SEARCH_FOLDER}/")}
    if not index or not all(file_is_as_recorded(output_dir / p, r) for p, r in index.items()):
        return ()
    return tuple(PurePosixPath(path) for path in sorted(index))


def data_files(
    site: LoadedSite,
    plans: tuple[PagePlan, ...],
    today: date,
    previous: BuildState | None,
    facts: str,
    spool: Spool | None = None,
) -> tuple[tuple[MadeFile, ...], tuple[PurePosixPath, ...]]:
    """Feeds, sitemap, robots.txt and open data (the EU's list of operations too), or, when the
    site's facts are those the last build made them of (`fingerprints.Fingerprints.site_facts`: what
    they show follows from the configuration, the day and the items but their bodies), the
    paths of those it wrote, still as it wrote them, to keep. With a `spool`, the files made
    wait there (13 MB at 10,000 projects, else held through the search index)."""
    config, model = site.config, site.model
    if previous is not None and previous.facts == facts:
        paths = (*feed_paths(model, config.language), SITEMAP_PATH, ROBOTS_PATH, JSON_PATH, CSV_PATH)
        paths = (*paths, OPERATIONS_PATH)
        files = previous.files
        if all(file_is_as_recorded(site.output_dir / path, files.get(str(path))) for path in paths):
            return (), paths
    page_urls = [plan.url for plan in plans if plan.kind is not PageKind.NOT_FOUND]
    made = (
        *feed_files(model, config.title, config.base_url, config.language),
        sitemap_file(page_urls, config.base_url),
        robots_file(config.base_url),
        *open_data_files(model, config.base_url, today),
        operations_file(model, config, shipped_rule_sets()),
    )
    return (made if spool is None else tuple(spool.keep(file.path, file.content) for file in made)), ()
