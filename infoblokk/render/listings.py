"""Lists that help readers find a project: by county, programme, fund, status and tag, in pages.

A *taxonomy* is a way of grouping projects (county); a *term* is one group (Zala). Every term
has a page listing its projects, and every taxonomy a page listing its terms. Long lists are
split into pages of `page_size` items: page 1 at the list's own address, page n at
`<list>/oldal/<n>/`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from infoblokk.content.filenames import shorter_slug
from infoblokk.content.model import Item, Project, SiteModel
from infoblokk.content.slugs import slugify
from infoblokk.layout import LIST_FOLDERS, SECTION_FOLDERS

TAXONOMIES = ("county", "programme", "fund", "status", "tag")
FOLDERS = LIST_FOLDERS
PAGES_AROUND = 2  # the pager links the pages this near the current one, and the first and last


@dataclass(frozen=True)
class Term:
    """One group of projects, such as the projects of Zala county."""

    taxonomy: str
    slug: str
    label: str
    url: str
    projects: tuple[Project, ...]


@dataclass(frozen=True)
class Listing:
    """One page of a list."""

    items: tuple[Item, ...]
    page: int
    pages: int
    total: int
    first_url: str
    previous_url: str | None
    next_url: str | None
    term: Term | None = None

    def page_links(self, around: int = PAGES_AROUND) -> list[tuple[int, str] | None]:
        """The numbered page links of the pager: the first page, the last, and the pages within
        `around` of this one, in order; `None` stands for the pages left out between them.

        A pager linking every page of a list of 5,000 pages would put 5,000 links on each of
        them: 25 million for one list, and a render time that grows with the square of the site.
        """
        shown = {1, self.pages, *range(self.page - around, self.page + around + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.pages)
        folder = _page_folder_of(self.first_url, self.next_url or self.previous_url)
        links: list[tuple[int, str] | None] = []
        for before, number in zip([0, *numbers], numbers, strict=False):
            if number - before == 2:  # a gap of one page: its own link is as short as the mark
                links.append((before + 1, self._page_url(before + 1, folder)))
            elif number - before > 2:
                links.append(None)
            links.append((number, self._page_url(number, folder)))
        return links

    def page_urls(self) -> list[tuple[int, str]]:
        """Every page of the list with its address (for a theme's own pager; the default
        theme's uses `page_links`, which stays short on a list of thousands of pages)."""
        folder = _page_folder_of(self.first_url, self.next_url or self.previous_url)
        return [(n, self._page_url(n, folder)) for n in range(1, self.pages + 1)]

    def _page_url(self, number: int, folder: str) -> str:
        return self.first_url if number == 1 else f"{self.first_url}{folder}/{number}/"


def _page_folder_of(first_url: str, other_url: str | None) -> str:
    if other_url is None:
        return ""
    return other_url.removeprefix(first_url).split("/")[0]


def paginate(
    items: Sequence[Item], first_url: str, page_size: int, language: str, term: Term | None = None
) -> list[tuple[str, Listing]]:
    """The pages of a list, with their addresses; an empty list still has its first page."""
    folder = FOLDERS[language]["page"]
    pages = max(1, -(-len(items) // page_size))

    def url(number: int) -> str:
        return first_url if number == 1 else f"{first_url}{folder}/{number}/"

    return [
        (
            url(n),
            Listing(
                tuple(items[(n - 1) * page_size : n * page_size]),
                n,
                pages,
                len(items),
                first_url,
                url(n - 1) if n > 1 else None,
                url(n + 1) if n < pages else None,
                term,
            ),
        )
        for n in range(1, pages + 1)
    ]


def taxonomy_url(taxonomy: str, language: str) -> str:
    """`projektek/megye/`: the page listing every county."""
    return f"{SECTION_FOLDERS[language]['project']}/{FOLDERS[language][taxonomy]}/"


def project_terms(
    model: SiteModel, language: str, today: date, label_of: Callable[[str, str], str]
) -> dict[str, tuple[Term, ...]]:
    """Every taxonomy's terms, each with its projects in listing order; terms sorted by label.

    Values that make the same address (`Zala` and `zala`, `Árvíz` and `arviz`) are one term
    listing the projects of all of them: two lists at one address would lose one. The term is
    shown as most projects spell it (of equally common spellings, the first in sorted order).
    """
    grouped: dict[tuple[str, str], dict[str, tuple[str, Project]]] = {}
    slugs: dict[str, str] = {}  # a few dozen distinct values among thousands of projects
    for project in model.projects:
        for taxonomy, value in _values(project, today):
            named = label_of(taxonomy, value) if taxonomy == "status" else value
            slug = slugs[named] if named in slugs else slugs.setdefault(named, _term_slug(named))
            grouped.setdefault((taxonomy, slug), {}).setdefault(project.url, (value, project))
    terms: dict[str, list[Term]] = {taxonomy: [] for taxonomy in TAXONOMIES}
    for (taxonomy, slug), members in grouped.items():
        label = label_of(taxonomy, _most_used([value for value, _ in members.values()]))
        projects = tuple(project for _, project in members.values())
        terms[taxonomy].append(
            Term(taxonomy, slug, label, f"{taxonomy_url(taxonomy, language)}{slug}/", projects)
        )
    return {
        taxonomy: tuple(sorted(found, key=lambda t: (t.label.casefold(), t.slug)))
        for taxonomy, found in terms.items()
    }


def _term_slug(text: str) -> str:
    """The address of a term's list: ASCII words; a digest for a name with no ASCII letters
    (`Київ`), so that two such names keep two lists; and short enough for any file system."""
    digest = hashlib.sha256(text.casefold().encode("utf-8")).hexdigest()[:8]
    return shorter_slug(slugify(text) or f"egyeb-{digest}")


def _most_used(spellings: list[str]) -> str:
    counts = Counter(spellings)
    return min(counts, key=lambda spelling: (-counts[spelling], spelling))


def _values(project: Project, today: date) -> list[tuple[str, str]]:
    """The terms a project belongs to, as (taxonomy, value) pairs."""
    values = [("tag", tag) for tag in project.tags]
    if project.county:
        values.append(("county", project.county))
    if project.project_id:
        values.append(("programme", project.project_id.programme))
    if project.fund:
        values.append(("fund", project.fund))
    finished = project.is_finished(today)
    if finished is not None:
        values.append(("status", "finished" if finished else "ongoing"))
    return values


def terms_by_project(terms: Mapping[str, tuple[Term, ...]]) -> dict[str, tuple[Term, ...]]:
    """The terms of every project (by its URL), in taxonomy order: what its page links to."""
    found: dict[str, list[Term]] = {}
    for taxonomy in TAXONOMIES:
        for term in terms.get(taxonomy, ()):
            for project in term.projects:
                found.setdefault(project.url, []).append(term)
    return {url: tuple(project_terms) for url, project_terms in found.items()}


def listing_facts(listing: Listing | None, today: date) -> Any:
    """What a listing page shows of its items: for deciding whether it must be rendered again."""
    if listing is None:
        return None
    shown = [
        (item.url, dict(item.source.meta), item.is_finished(today) if isinstance(item, Project) else None)
        for item in listing.items
    ]
    return (listing.page, listing.pages, listing.total, listing.term and listing.term.label, shown)


def terms_facts(terms: Sequence[Term]) -> Any:
    """What a taxonomy page shows: each term's label, address and number of projects."""
    return [(term.label, term.url, len(term.projects)) for term in terms]
