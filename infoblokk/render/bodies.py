"""The body of every item as its page shows it: Markdown → HTML, links resolved, photos offered.

Markdown is the costly part of a large site, so each body's HTML is kept between builds under a
digest of the body and the Markdown extensions (`body_digest`) and made again only for bodies
that changed, the rest on every core. Links between content files are rewritten (reusing the
last build's rewrites where they hold, see `linked`), and the photos the bodies show are offered
in smaller copies by the function the build passes in (`outputs.photos.responsive_bodies`: the
outputs stage, above this one). A rebuild reads a kept body that shows no image back from the
state only when its page is made again (`ShownBodies`): until then it is known by what it is
made of.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from infoblokk.collection import objects_frozen
from infoblokk.content.loading import LoadedSite
from infoblokk.content.sources import SourceFile
from infoblokk.errors import BuildFailed, Problem
from infoblokk.output import OutputFile, Shelf
from infoblokk.render.html import may_show_images
from infoblokk.render.incremental import BuildState, StateDraft, StateUnreadable, digest
from infoblokk.render.linked import (
    Body,
    LinkedBody,
    applied_rewrite,
    kept_rewrite,
    link_bodies,
    links_context,
)
from infoblokk.render.links import ByPath
from infoblokk.render.markup import MarkdownRenderer
from infoblokk.render.workers import on_all_cores

Photos = Callable[
    [Iterable[tuple[SourceFile, str, bytes]]],
    tuple[dict[Path, bytes], tuple[OutputFile, ...], tuple[Problem, ...]],
]
"""Bodies (source, page URL, HTML as UTF-8) → the bodies with their photos offered in smaller
copies, by content file, the copies, and the problems found."""


@dataclass(frozen=True)
class Bodies:
    """Every item's body as its page shows it, and what the next build may reuse of the work."""

    html: Mapping[Path, bytes]  # by content file, as UTF-8
    markdown: Mapping[str, bytes]  # each body's key → its HTML from Markdown, as UTF-8 (unless drafted)
    links: Mapping[str, LinkedBody]  # each body's rewritten links, by content file
    links_context: str
    markdown_keys: frozenset[str] = frozenset()  # every body's key


def published_paths(site: LoadedSite) -> frozenset[str]:
    """The site paths of the static files published: what a body may link or show."""
    return frozenset(copy.path.as_posix() for copy in site.static)


@objects_frozen()  # the loaded site: see `collection`
def render_bodies(
    site: LoadedSite,
    previous: BuildState | None,
    photos: Photos,
    draft: StateDraft | None = None,
    shelf: Shelf | None = None,
    made_when_asked: bool = False,
) -> tuple[Bodies, tuple[OutputFile, ...]]:
    """Markdown → HTML for every item (reusing unchanged bodies), with links between files
    resolved (reusing the last build's rewrites where they hold) and photos offered in smaller
    copies (returned too). With a `draft` of the next state, the bodies' HTML from Markdown goes
    there at once instead of into the result; with a `shelf`, the bodies as their pages show
    them wait there, on disk, instead of in memory.

    `made_when_asked`: a body whose HTML the last build kept, whose kept rewrite of links
    holds and which shows no image is known by what it is made of alone, and made only when
    its page is (`ShownBodies.ready`): after an edit, most pages are not made at all, and
    reading every body back from the state took a good part of the rebuild."""
    items = list(site.model.items())
    extensions = digest(site.config.markdown.extensions)
    keys = [body_digest(extensions, item.source.body_digest) for item in items]
    markdown = markdown_html(site, dict(zip(keys, (item.source for item in items), strict=True)), previous)
    if draft is not None:
        draft.add_markdown(markdown.items())
    published = published_paths(site)
    context = links_context(((item.source.source_path, item.url) for item in items), published, site.site_dir)
    same_links = previous is not None and previous.links_context == context
    by_path = ByPath((item.source.source_path, item.url) for item in items)
    kept_links = previous.links if previous else {}
    kept_markdown = previous.markdown if previous is not None and made_when_asked else {}
    html: dict[Path, bytes] | Shelf = {} if shelf is None else shelf  # Mapping[Path, bytes] either way
    records: dict[str, LinkedBody] = {}
    problems: list[Problem] = []
    with_photos: list[tuple[SourceFile, str, bytes]] = []
    # one at a time: each linked body goes to the shelf at once, instead of all waiting in memory
    made_of: dict[Path, str] = {}
    later: dict[Path, tuple[str, LinkedBody]] = {}  # made when asked: the key of its Markdown, its rewrite
    for item, key in zip(items, keys, strict=True):
        path = item.source.source_path
        if key in kept_markdown:
            place = Body(item.source, item.url, key, b"")  # its HTML is not read to know its rewrite
            record = kept_rewrite(place, kept_links, same_links, by_path, published, site.site_dir)
            if record is not None and not record.shows_images:
                records[str(path)] = record
                later[path] = (key, record)
                made_of[path] = _linked_from(key, record)
                continue
        body = Body(item.source, item.url, key, markdown[key])
        linked = link_bodies((body,), kept_links, same_links, by_path, published, site.site_dir)
        records.update(linked.kept)
        problems.extend(linked.problems)
        if may_show_images(linked.html[0]):  # only those are given to `photos`
            with_photos.append((item.source, item.url, linked.html[0]))
        else:
            _put(html, path, linked.html[0])
            made_of[path] = _linked_from(key, linked.kept[str(path)])
    shown, copies, photo_problems = photos(with_photos)
    problems.extend(photo_problems)
    if problems:
        raise BuildFailed(tuple(problems))
    for path, shown_body in shown.items():
        _put(html, path, shown_body)
        made_of[path] = _bytes_digest(shown_body)
    kept = {} if draft is not None else markdown
    # the HTML from Markdown is held only where a body is still to be made of it: after a clean
    # build's bodies it is tens of megabytes, let go of here
    to_make = _Later(later, markdown, html) if later else None
    shown_html = ShownBodies(cast(Mapping[Path, bytes], html), made_of, to_make)
    return Bodies(shown_html, kept, records, context, frozenset(markdown)), copies


class _Later:
    """The bodies made only when asked for: each from its HTML from Markdown, kept by the last
    build, with the kept rewrite of its links applied; put with the others when made."""

    def __init__(
        self,
        recipes: Mapping[Path, tuple[str, LinkedBody]],
        markdown: Mapping[str, bytes],
        html: dict[Path, bytes] | Shelf,
    ) -> None:
        self._recipes, self._markdown, self._html = dict(recipes), markdown, html

    def __contains__(self, path: object) -> bool:
        return path in self._recipes

    def __iter__(self) -> Iterator[Path]:
        return iter(self._recipes)

    def __len__(self) -> int:
        return len(self._recipes)

    def make(self, path: Path) -> None:
        """The body made and put with the others. The last build's state is what it is made
        of: one found damaged only now is StateUnreadable, and the build starts again without
        it (`site._render_and_write`)."""
        key, record = self._recipes.pop(path)
        try:
            made = applied_rewrite(self._markdown[key], record)
        except (KeyError, ValueError) as error:
            raise StateUnreadable(f"the body of {path} as kept: {error!r}") from None
        _put(self._html, path, made)


class ShownBodies(Mapping[Path, bytes]):
    """Every body as its page shows it (UTF-8, by content file: in memory, or waiting on a
    shelf), with a digest of what each was made of (`made_of`). A page's fingerprint takes that
    digest instead of one of the body's bytes, which would read every body back from the shelf
    and digest tens of megabytes on every rebuild. Some bodies may be made only when asked for
    (`later`, see `render_bodies`): in the process that asks, or before workers are forked by
    `ready`, so that they find them made."""

    def __init__(
        self, html: Mapping[Path, bytes], made_of: Mapping[Path, str], later: _Later | None = None
    ) -> None:
        self._html, self._made_of = html, made_of
        self._later = later if later is not None else _Later({}, {}, {})

    def __getitem__(self, path: Path) -> bytes:
        if path in self._later:
            self._later.make(path)
        return self._html[path]

    def __iter__(self) -> Iterator[Path]:
        return itertools.chain(self._html, self._later)

    def __len__(self) -> int:
        return len(self._html) + len(self._later)

    def ready(self, paths: Iterable[Path]) -> None:
        """The bodies of these files made now, where they are still to be made."""
        for path in paths:
            if path in self._later:
                self._later.make(path)

    def made_of(self, path: Path) -> str:
        """A digest that changes whenever the body's bytes do: of its Markdown's key with the
        rewrite of its links (which make the bytes), or of the bytes themselves where photos
        were offered in them (and for a file without a body: of no bytes)."""
        found = self._made_of.get(path)
        return found if found is not None else _bytes_digest(self.get(path, b""))


def _linked_from(markdown_key: str, linked: LinkedBody) -> str:
    """What a body is made of when no photo is offered in it: its HTML from Markdown (by its
    key) with its links rewritten so (`LinkedBody.replacements`)."""
    return hashlib.sha256(f"linked\0{markdown_key}\0{linked.replacements}".encode()).hexdigest()


def _bytes_digest(html: bytes) -> str:
    return hashlib.sha256(html).hexdigest()


def _put(html: dict[Path, bytes] | Shelf, path: Path, value: bytes) -> None:
    if isinstance(html, dict):
        html[path] = value
    else:
        html.put(path, value)


def markdown_html(
    site: LoadedSite, bodies: Mapping[str, SourceFile], previous: BuildState | None
) -> Mapping[str, bytes]:
    """The HTML of every body (by its key, given with its file), reusing the last build's; the
    rest on every core, each body decoded there. Kept as UTF-8: as text, accented letters would
    take twice the memory. The last build's are read from its state one at a time, when asked for."""
    cache = previous.markdown if previous else {}
    renderer = MarkdownRenderer(site.config.markdown.extensions)
    new = [(key, source) for key, source in bodies.items() if key not in cache]
    fresh = on_all_cores(lambda index: renderer.render(new[index][1].body).encode("utf-8"), len(new))
    return _Reused(list(bodies), dict(zip([k for k, _ in new], fresh, strict=True)), cache)


class _Reused(Mapping[str, bytes]):
    """Bodies' HTML by key: made now, or kept by the last build (read when asked for)."""

    def __init__(self, keys: list[str], fresh: Mapping[str, bytes], kept: Mapping[str, bytes]) -> None:
        self._keys, self._fresh, self._kept = dict.fromkeys(keys), fresh, kept

    def __getitem__(self, key: str) -> bytes:
        if key not in self._keys:
            raise KeyError(key)
        found = self._fresh.get(key)
        return found if found is not None else self._kept[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def body_digest(extensions: str, body_digest: str) -> str:
    """The key of a body's HTML: a digest of the body's digest (`SourceFile.body_digest`) and
    the Markdown extensions' digest."""
    return hashlib.sha256(f"{extensions}\0{body_digest}".encode()).hexdigest()
