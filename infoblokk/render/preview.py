"""A saved body shown at once: `serve`'s preview of a page before the build that follows it.

Most saves while writing change a page's text, not its facts. Such a save changes one page:
lists, feeds and other pages show the facts of the front matter, not the body. So `serve` keeps
what the last build rendered with (`PreviewBase`: the templates, the render inputs, the plans)
and, for a save that changed only bodies, renders the pages of those bodies from it: one file
read, its Markdown converted and its page rendered, in milliseconds whatever the size of the
site. The page is served from memory (nothing is written to the output folder), and the build
that follows makes the site as always; where the two differ, the build wins.

A save is previewed only when every changed file is the content file of a page the last build
made, reads without problems, has the same front matter as before (same facts, same order of
keys) and a body whose links all resolve and that shows no image (pictures get resized copies,
which is a build's work). Anything else (a new or deleted file, a changed fact, a template,
the configuration, a broken link) goes straight to the build, as before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2

from infoblokk.content.model import Item
from infoblokk.content.sources import SourceFile, read_source
from infoblokk.errors import BuildFailed
from infoblokk.render.context import RenderInputs
from infoblokk.render.links import ByPath, rewrite_links
from infoblokk.render.markup import MarkdownRenderer
from infoblokk.render.pages import render_page
from infoblokk.render.plans import PagePlan

PreviewPages = Mapping[str, bytes]
"""Output path (`projektek/zala/index.html`) → the page's HTML."""


@dataclass(frozen=True)
class PreviewBase:
    """What the last build rendered with: enough to render one item's page again."""

    env: jinja2.Environment
    inputs: RenderInputs
    plans: tuple[PagePlan, ...]
    published: frozenset[str]  # the static files' site paths, which a body may link
    read: Mapping[Path, tuple[str, SourceFile]]  # each content file as read (`LoadedSite.sources`)

    @cached_property
    def _items(self) -> ByPath[Item]:
        """Each page-making item by its content file."""
        return ByPath((item.source.source_path, item) for item in self.inputs.model.items())

    @cached_property
    def _as_read(self) -> ByPath[SourceFile]:
        """Each content file as it was read (a translation's item holds its original's facts too)."""
        return ByPath((path, source) for path, (_, source) in self.read.items())

    @cached_property
    def _url_of_source(self) -> ByPath[str]:
        return ByPath((item.source.source_path, item.url) for item in self.inputs.model.items())

    @cached_property
    def _plan_of(self) -> dict[str, PagePlan]:
        """The page of each item, by the item's URL."""
        return {plan.url: plan for plan in self.plans if plan.item is not None and plan.url == plan.item.url}

    @cached_property
    def _markdown(self) -> MarkdownRenderer:
        return MarkdownRenderer(self.inputs.config.markdown.extensions)

    def prepare(self) -> None:
        """Make now the look-ups every preview needs (each item by its file, each page by its
        item): over every item of the site, they take a large site's preview from milliseconds
        to a quarter of a second. `serve` calls this after each build, while nobody waits."""
        for lookup in ("_items", "_as_read", "_url_of_source", "_plan_of", "_markdown"):
            getattr(self, lookup)

    def pages_for(self, changed: Iterable[Path]) -> PreviewPages | None:
        """The pages of these saved files rendered now, or None when a build must show the save."""
        bodies: dict[Path, bytes] = {}
        plans: list[PagePlan] = []
        for path in changed:
            shown = self._body_of(path)
            if shown is None:
                return None
            item, html = shown
            bodies[item.source.source_path] = html.encode("utf-8")
            plans.append(self._plan_of[item.url])
        if not plans:
            return None
        inputs = dataclasses.replace(self.inputs, bodies=_Overlay(bodies, self.inputs.bodies))
        try:
            return {str(plan.output_path): _html(self.env, inputs, plan) for plan in plans}
        except BuildFailed:
            return None

    def _body_of(self, path: Path) -> tuple[Item, str] | None:
        """The item of a saved content file and its new body's HTML, if only the body changed."""
        item, before = self._items.get(path), self._as_read.get(path)
        if item is None or before is None or item.url not in self._plan_of:
            return None
        source, problems = read_source(path, before.kind)
        if source is None or problems or source.warnings or not _only_body_changed(before, source):
            return None
        html = self._markdown.render(source.body)
        html, link_problems = rewrite_links(html, source, item.url, self._url_of_source, self.published)
        if link_problems or _shows_images(html):
            return None
        return item, html


class _Overlay(Mapping[Path, bytes]):
    """The bodies of a save over the last build's, without copying a large site's bodies."""

    def __init__(self, saved: Mapping[Path, bytes], built: Mapping[Path, bytes]) -> None:
        self._saved, self._built = saved, built

    def __getitem__(self, path: Path) -> bytes:
        return self._saved[path] if path in self._saved else self._built[path]

    def __iter__(self) -> Iterator[Path]:
        return iter({**dict.fromkeys(self._built), **dict.fromkeys(self._saved)})

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _html(env: jinja2.Environment, inputs: RenderInputs, plan: PagePlan) -> bytes:
    return render_page(env, inputs, plan).encode("utf-8")


def _only_body_changed(before: SourceFile, now: SourceFile) -> bool:
    same_facts = list(before.meta.items()) == list(now.meta.items())
    return same_facts and before.language == now.language and bool(now.body.strip())


def _shows_images(html: str) -> bool:
    return "<img" in html.lower() or "<picture" in html.lower()
