"""The search floor: Pagefind's own command line indexing a site infoblokk built, all at once.

    .venv/bin/python bench/search_floor.py BUILT_SITE_FOLDER

Pagefind reads every HTML page under the site's `public/` (only the pages infoblokk marks with
`data-pagefind-body` go into the index) and writes its index into a temporary folder, removed
afterwards; the site is not touched. Pagefind's command line uses every core and holds every
page at once, so its time is the least the search index of that site costs, and its CPU what
any build that indexes those pages with Pagefind spends on it (infoblokk indexes in parts of a
few hundred pages, one service at a time, to keep the memory down: see its README).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from pagefind_bin import get_executable


def index_site(built_site: Path) -> int:
    """Run Pagefind on the site's output folder; return its exit code."""
    with tempfile.TemporaryDirectory(prefix="search-floor-") as index:
        command = [str(get_executable()), "--site", str(built_site / "public"), "--output-path", index]
        return subprocess.run(command, stdout=subprocess.DEVNULL, check=False).returncode


def main(arguments: list[str]) -> int:
    return index_site(Path(arguments[0]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
