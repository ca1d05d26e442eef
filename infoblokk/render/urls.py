"""Site URLs and the relative links between pages.

Every item has a site-relative URL such as `projektek/zala/` ("" is the home page). Links in
the output are relative and name `index.html` explicitly, so the same folder works at a domain
root, under a sub-path and opened straight from the file system. Only standards that demand
absolute addresses (canonical links, later sitemaps and feeds) use `base_url`.
"""

from __future__ import annotations

from collections.abc import Callable
from posixpath import relpath
from urllib.parse import urlsplit


def output_path(url: str) -> str:
    """Where the page of a site URL is written: `projektek/zala/` → `projektek/zala/index.html`."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def relative_link(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` that works wherever the folder is put.

    Plain string work on clean site URLs (it runs for every link of every page); a URL with
    `.`, `..` or `//` in it goes through `posixpath.relpath`, which gives the same for the rest.
    """
    return relative_linker(from_url)(to_url)


def relative_linker(from_url: str) -> Callable[[str], str]:
    """`relative_link` from the page at `from_url`, for each link of that page: the page's
    folder is taken apart once, not once a link (a page has twenty links and more)."""
    here = output_path(from_url).split("/")[:-1]
    clean = not _UNCLEAN.intersection(here)

    def link(to_url: str) -> str:
        target, _, fragment = to_url.partition("#")
        there = output_path(target).split("/")
        if clean and not _UNCLEAN.intersection(there):
            common = 0
            while common < min(len(here), len(there)) and here[common] == there[common]:
                common += 1
            path = "/".join([".."] * (len(here) - common) + there[common:]) or "."
        else:
            path = relpath(output_path(target), output_path(from_url).rpartition("/")[0] or ".")
        return f"{path}#{fragment}" if fragment else path

    return link


_UNCLEAN = frozenset({"", ".", ".."})  # path parts that need normalising


def root_link(base_url: str, to_url: str) -> str:
    """A link from the server's root (for 404.html, which servers show at any address)."""
    return urlsplit(base_url).path.rstrip("/") + "/" + output_path(to_url)


def absolute_url(base_url: str, to_url: str) -> str:
    """The full address of a page, for canonical links."""
    return base_url + to_url
