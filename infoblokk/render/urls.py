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
    folders are found once, not once a link (a page has twenty links and more).

    A link is made by comparing text: the target's path is matched against the page's folder
    and each folder above it, deepest first, and climbs as many folders as the first that
    holds it is above the page. Splitting every target into its parts to compare them one by
    one took a tenth of the time of rendering a page."""
    here_path = output_path(from_url)
    folder = here_path.rpartition("/")[0]
    clean = not _unclean(here_path)
    parts = folder.split("/") if folder else []
    depth = len(parts)
    # (the folder with its slash, without it, how many folders up): deepest first, the root last
    folders: list[tuple[str, str | None, int]] = [
        ("/".join(parts[:up]) + "/", "/".join(parts[:up]), depth - up) for up in range(depth, 0, -1)
    ]
    folders.append(("", None, depth))

    def link(to_url: str) -> str:
        target, _, fragment = to_url.partition("#")
        there = output_path(target)
        path = _climbed(there, folders) if clean and not _unclean(there) else _relpath(there, folder)
        return f"{path}#{fragment}" if fragment else path

    return link


def _climbed(there: str, folders: list[tuple[str, str | None, int]]) -> str:
    """The link to the clean path `there` from the deepest of `folders` that holds it, or that
    it names (a page's link to its own folder written without a slash: `.` or `..`)."""
    for with_slash, bare, up in folders:
        if there.startswith(with_slash):
            return "../" * up + there[len(with_slash) :]
        if there == bare:
            return "/".join([".."] * up) or "."
    raise AssertionError("the root folder holds every path")  # the last of `folders` is ""


def _relpath(there: str, folder: str) -> str:
    """The standard library's answer, for paths with `.`, `..` or empty parts in them."""
    return relpath(there, folder or ".")


def _unclean(path: str) -> bool:
    """Whether a path may have a part that needs normalising (`.`, `..` or empty): a path
    with a part that starts with a dot is taken for one, and given to `posixpath.relpath`."""
    return path.startswith((".", "/")) or "/." in path or "//" in path or not path


def root_link(base_url: str, to_url: str) -> str:
    """A link from the server's root (for 404.html, which servers show at any address)."""
    return urlsplit(base_url).path.rstrip("/") + "/" + output_path(to_url)


def absolute_url(base_url: str, to_url: str) -> str:
    """The full address of a page, for canonical links."""
    return base_url + to_url
