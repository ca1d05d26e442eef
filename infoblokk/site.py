"""The build, top to bottom: config → content → model → markup → render → write.

This module only calls the stages in order and hands each one's values to the next.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from infoblokk.banner.artwork import banner_artwork
from infoblokk.banner.obligation_rules import shipped_rule_sets
from infoblokk.banner.partial import banner_template
from infoblokk.collection import collected_seldom, freeze_what_is_made, no_collection
from infoblokk.content.kept import StoredFile
from infoblokk.content.loading import LoadedSite, load_site
from infoblokk.errors import BuildFailed, Problem, strict_build_failures
from infoblokk.layout import STATIC_FOLDER, TEMPLATES_FOLDER, SiteFolders
from infoblokk.lock import site_lock
from infoblokk.messages import Text
from infoblokk.outcome import BuildResult as BuildResult  # re-exported: what build_site returns
from infoblokk.outcome import unchanged_since_last_build
from infoblokk.output import MadeFile, OutputFile, Spool, StaticCopy
from infoblokk.outputs.images import image_cache_dir, web_ready_art
from infoblokk.outputs.photos import responsive_bodies
from infoblokk.outputs.search_cache import SearchIndex
from infoblokk.outputs.sitewide import data_files, search_index, unchanged_search_index
from infoblokk.render.bodies import Bodies, Photos, published_paths, render_bodies
from infoblokk.render.context import RenderInputs
from infoblokk.render.incremental import (
    BuildState,
    ItemDigests,
    PageRecord,
    StateChanges,
    StateDraft,
    StateUnreadable,
    load_state,
    save_state,
    state_draft,
)
from infoblokk.render.linked import LinkedBody
from infoblokk.render.pages import RenderedPages, make_environment, render_pages
from infoblokk.render.plans import PageKind, PagePlan, make_lists, plan_pages
from infoblokk.render.preview import PreviewBase
from infoblokk.unchanged import (
    LastBuild,
    output_fingerprint,
    save_last_build,
    sources_fingerprint,
)
from infoblokk.write import OutputScan, WriteOutcome, claim_output, look_at_output, write_site

if TYPE_CHECKING:
    from infoblokk.check.obligations import ObligationsReport

_REPORTED_KINDS = {
    PageKind.PROJECT: "projects",
    PageKind.NEWS: "news",
    PageKind.PAGE: "pages",
    PageKind.ACCESSIBILITY: "pages",
}
"""The headings of the build's report, by page kind; every other page is a listing."""


@dataclass(frozen=True)
class RenderedSite:
    """The generated part of a site: files rendered now, and pages kept from the last build."""

    files: tuple[MadeFile, ...]
    kept: tuple[PurePosixPath, ...]
    plans: tuple[PagePlan, ...]
    page_records: Mapping[str, PageRecord]  # of the pages rendered now
    items: Mapping[str, str]  # every item's url → digest of all it holds
    markdown: Mapping[str, bytes]  # bodies' HTML (UTF-8) by key, for the next build: those not drafted
    search_pending: bool = False  # the search index was left as it was, to be made next
    preview: PreviewBase | None = None  # what the pages were rendered with, to render one again
    facts: str = ""  # what the pages' recorded calls follow from
    item_digests: Mapping[str, ItemDigests] = dataclasses.field(default_factory=dict)  # by source path
    links: Mapping[str, LinkedBody] = dataclasses.field(default_factory=dict)  # each body's, by source path
    links_context: str = ""  # what the links could lead to (`linked.links_context`)
    markdown_keys: frozenset[str] = frozenset()  # every body's key (`markdown` holds those not drafted)


def render_site(
    site: LoadedSite,
    today: date,
    previous: BuildState | None = None,
    index_search: bool = True,
    cancel: threading.Event | None = None,
    spool: Spool | None = None,
    draft: StateDraft | None = None,
    keep_preview: bool = False,
) -> RenderedSite:
    """Every generated file of the site; with `previous`, only those whose inputs changed.
    With a `spool`, the pages wait there instead of in memory; with a `draft` of the next
    state, the bodies' HTML waits there (see `StateDraft`). `keep_preview`: see `build_site`.

    `index_search=False` leaves the previous search index in place (Pagefind always indexes
    the whole site, which takes seconds on a large one): `serve` reloads the browser first
    and brings the index up to date with a second build right after. Without a previous
    build it makes no index at all (`check` reads the pages, not the index).
    """
    made = _made_pages(site, today, previous, spool, draft, keep_preview)
    pages, plans = made.pages, made.plans
    data, kept_data = data_files(site, plans, today, previous, pages.facts, spool)
    old_index = () if index_search or previous is None else unchanged_search_index(previous, site.output_dir)
    wanted = index_search or previous is not None  # a first look (`check`) needs no index
    records = previous.files if previous else {}
    search = SearchIndex(())
    if wanted and not old_index:
        settling = draft.settling() if draft is not None else contextlib.nullcontext()
        with settling:  # the draft's reads settled on the core Pagefind leaves free
            search = search_index(site, pages, records, cancel, spool)
    kit_files, kit_kept = _print_kit(site, made.labels, previous)
    files = (*pages.files, *search.files, *made.files, *data, *kit_files)
    pending = bool(old_index) and bool(pages.files)  # no page rendered: the old index is current
    kept = (*pages.kept, *kept_data, *old_index, *search.kept, *kit_kept, *made.kept)
    bodies = made.bodies
    return RenderedSite(
        files,
        kept,
        plans,
        pages.records,
        pages.items,
        bodies.markdown,
        pending,
        made.preview,
        pages.facts,
        pages.item_digests,
        bodies.links,
        bodies.links_context,
        bodies.markdown_keys,
    )


@dataclass(frozen=True)
class _MadePages:
    """The pages and what came with them; not the bodies' HTML, which only rendering needs
    (a large site's takes tens of megabytes, better given back before the search index)."""

    pages: RenderedPages
    plans: tuple[PagePlan, ...]
    bodies: Bodies  # without its HTML
    files: tuple[OutputFile, ...]  # photos, banner artwork, social cards
    kept: tuple[PurePosixPath, ...]  # social cards
    labels: Mapping[str, Any]  # in the site's language
    preview: PreviewBase | None


def _made_pages(
    site: LoadedSite,
    today: date,
    previous: BuildState | None,
    spool: Spool | None,
    draft: StateDraft | None,
    keep_preview: bool,
) -> _MadePages:
    static_dir = site.content_dir / STATIC_FOLDER
    photos = _photos(static_dir, image_cache_dir(site.site_dir))
    shelf = spool.shelf() if spool is not None and not keep_preview else None  # the preview keeps them
    bodies, photo_files = render_bodies(
        site, previous, photos, draft, shelf, made_when_asked=not keep_preview
    )
    art, art_files = banner_artwork(site.model.banner_choices(), static_dir, site.config.language)
    art, web_art_files = web_ready_art(art, static_dir, image_cache_dir(site.site_dir))
    card_files, card_kept = _social_cards(site, static_dir, previous)
    languages = {site.config.language, *(t.language for t in site.model.translations)}
    labels = {language: site.theme.labels(language) for language in sorted(languages)}
    lists = make_lists(site.model, site.config.language, today, labels[site.config.language])
    inputs = RenderInputs(
        site.config,
        site.model,
        labels,
        bodies.html,
        art,
        today,
        lists,
        site.theme.folders[0] / TEMPLATES_FOLDER,
        banner_template(),
    )
    config = site.config
    plans = plan_pages(site.model, config.language, lists, config.page_size, config.accessibility_url)
    env = make_environment(site.site_dir, site.theme)
    pages = render_pages(
        env, inputs, plans, previous, site.output_dir, item_keys=site.item_keys(), spool=spool, draft=draft
    )
    preview = PreviewBase(env, inputs, plans, published_paths(site), site.sources) if keep_preview else None
    return _MadePages(
        pages,
        plans,
        dataclasses.replace(bodies, html={}),
        (*art_files, *web_art_files, *card_files, *photo_files),
        card_kept,
        labels[config.language],
        preview,
    )


def _photos(static_dir: Path, cache_dir: Path) -> Photos:
    """Offers the photos of bodies in smaller copies (`responsive_bodies`)."""
    return lambda pages: responsive_bodies(pages, static_dir, cache_dir)


_Made = tuple[tuple[OutputFile, ...], tuple[PurePosixPath, ...]]
"""Files to write, and files already in the output as they should be."""


def _social_cards(site: LoadedSite, static_dir: Path, previous: BuildState | None) -> _Made:
    """Every project's and news item's social card: drawn only where what it shows changed.
    (Their drawing is imported only for a site that has them, as is the print kit's.)"""
    if not site.config.publicity.social_cards:
        return (), ()
    from infoblokk.outputs.cards import card_cache_dir, social_cards

    cache_dir = card_cache_dir(site.site_dir)
    records = previous.files if previous else None
    cards = social_cards(site.model, site.config, static_dir, cache_dir, site.output_dir, records)
    return cards.files, cards.kept


def _print_kit(site: LoadedSite, labels: Mapping[str, Any], previous: BuildState | None) -> _Made:
    """Posters, displays, billboards and plaques: drawn only where what they show changed."""
    config = site.config
    if not config.publicity.print_kit:
        return (), ()
    from infoblokk.banner.print_rules import print_rules
    from infoblokk.publicity.kit import KitSettings, print_kit, publicity_cache_dir

    static_dir = site.content_dir / STATIC_FOLDER
    settings = KitSettings(
        config.language, config.number_style, labels, static_dir, print_rules(), shipped_rule_sets(), config
    )
    cache_dir = publicity_cache_dir(site.site_dir)
    kit = print_kit(
        site.model.projects, settings, cache_dir, site.output_dir, previous.files if previous else None
    )
    return kit.files, kit.kept


def build_site(
    site_dir: Path,
    strict: bool = False,
    today: date | None = None,
    previous: BuildState | None = None,
    persist: bool = True,
    index_search: bool = True,
    wait_for_lock: float = 0,
    cancel: threading.Event | None = None,
    keep_preview: bool = False,
) -> BuildResult:
    """Build the site into its output folder; raise BuildFailed and leave the old output if not.

    The state the last build saved in the site folder is used if it can be trusted (`previous`,
    the state a build in this process returned, is a handle on that same file). `persist=False`
    skips saving the state: a saved state that is older than the output is still safe, because
    every reused page is checked against the file on disk.
    `index_search=False`: see `render_site`. Another build of the same site holding the lock
    is waited for `wait_for_lock` seconds, then the build stops with a message. Setting
    `cancel` stops the search indexing at once with BuildCancelled, before anything is written.
    `keep_preview` keeps what the pages were rendered with in the result (`serve`'s preview of a
    saved body, see `render.preview`), when the build rendered them.
    """
    with site_lock(SiteFolders(site_dir).cache, wait_for_lock), collected_seldom():
        result = _build_locked(site_dir, strict, today, previous, persist, index_search, cancel, keep_preview)
    return result if keep_preview else dataclasses.replace(result, preview=None)


def _build_locked(
    site_dir: Path,
    strict: bool,
    today: date | None,
    previous: BuildState | None,
    persist: bool,
    index_search: bool,
    cancel: threading.Event | None,
    keep_preview: bool = False,
) -> BuildResult:
    started = time.perf_counter()
    folders, day = SiteFolders(site_dir), today or date.today()
    sources = sources_fingerprint(folders, day)  # before reading: an edit during the build counts
    if previous is None and persist and index_search:
        unchanged = unchanged_since_last_build(folders, sources, strict, started)
        if unchanged is not None:
            return unchanged
    site, state = _load_with_state(site_dir, _usable_state(site_dir, previous))
    warnings = tuple(p for p in site.model.problems if p.is_warning)
    if strict and strict_build_failures(warnings):
        raise BuildFailed(strict_build_failures(warnings))
    seen = look_at_output(site.output_dir)  # once: write_site needs it too
    if state is not None and (state.output_dir != site.config.output_dir or seen.links):
        state = None  # another output folder, or links of someone's in it: nothing recorded holds
    claim_output(site.output_dir)  # before the work of rendering: whose folder it is
    draft = state_draft(site_dir) if persist and state is None else None  # a state written whole
    try:
        rendered, outcome, state = _render_and_write(
            site, day, state, seen, index_search, cancel, draft, keep_preview
        )
        notices = save_state(site_dir, _changes(site, rendered, outcome), state, draft) if persist else ()
    except BaseException:
        if draft is not None:
            draft.abandon()  # the state in use stays as it was
        raise
    new_state = load_state(site_dir) if persist and not notices else None
    pages = _count_pages(rendered.plans)
    if persist and not rendered.search_pending:
        output = output_fingerprint(site.output_dir, outcome.listing)  # known to the writer
        last = LastBuild(sources, output, site.config.output_dir, pages, warnings, site.model.drafts)
        save_last_build(folders, last)
    return BuildResult(
        output_dir=site.output_dir,
        pages=pages,
        files_written=outcome.written,
        files_removed=outcome.removed,
        warnings=warnings,
        drafts=site.model.drafts,
        seconds=time.perf_counter() - started,
        state=new_state,
        search_pending=rendered.search_pending,
        notices=notices,
        preview=rendered.preview,
    )


def _changes(site: LoadedSite, rendered: RenderedSite, outcome: WriteOutcome) -> StateChanges:
    """What this build leaves for the next one."""
    return StateChanges(
        site.config.output_dir,
        rendered.page_records,
        frozenset(str(plan.output_path) for plan in rendered.plans),
        rendered.items,
        {path: (r.digest, r.size, r.mtime_ns) for path, r in outcome.records.items()},
        rendered.markdown,
        {str(path): kept for path, kept in site.kept.items()},
        rendered.facts,
        rendered.item_digests,
        rendered.links,
        rendered.links_context,
        rendered.markdown_keys,
    )


def _render_and_write(
    site: LoadedSite,
    day: date,
    state: BuildState | None,
    seen: OutputScan,
    index_search: bool,
    cancel: threading.Event | None,
    draft: StateDraft | None,
    keep_preview: bool,
) -> tuple[RenderedSite, WriteOutcome, BuildState | None]:
    """The site rendered and written; with the state it was rendered against (None if that
    turned out to be damaged)."""
    with Spool(site.folders.spool, site.output_dir) as spool:
        try:
            rendered = render_site(site, day, state, index_search, cancel, spool, draft, keep_preview)
        except StateUnreadable:  # the state file turned out to be damaged: build as if there were none
            state = None
            rendered = render_site(site, day, None, index_search, cancel, spool, None, keep_preview)
        _refuse_collisions(rendered, site.static)
        outcome = write_site(
            site.output_dir,
            rendered.files,
            site.static,
            site.folders.cache,
            rendered.kept,
            state.files if state else None,
            seen,
        )
    return rendered, outcome, state


def check_site(site_dir: Path, today: date | None = None) -> tuple[Problem, ...]:
    """Every problem of the site: errors, compliance gaps, and what its rendered pages show.

    The pages are rendered as a build would render them, but nothing is written.
    """
    try:
        with site_lock(SiteFolders(site_dir).cache):
            day = today or date.today()
            site = load_site(site_dir)
            rendered = render_site(site, day, index_search=False)  # pages only
    except BuildFailed as failure:
        return failure.problems
    from infoblokk.check.audit import audit_pages  # only `check` needs these
    from infoblokk.check.publication import publication_steps

    steps = publication_steps(site.config, site.folders.config_file, day)
    return (*site.model.problems, *audit_pages(site, rendered.files, rendered.plans), *steps)


def publicity_obligations(site_dir: Path, today: date | None = None) -> ObligationsReport:
    """The publicity items every project must have, and which of them the last build made.

    It reads the content and the output folder as they are; nothing is built or written.
    """
    from infoblokk.check.obligations import site_obligations

    site = load_site(site_dir)
    return site_obligations(
        site.model, site.config, shipped_rule_sets(), site.output_dir, today or date.today()
    )


def _usable_state(site_dir: Path, previous: BuildState | None) -> BuildState | None:
    """The state in the site's cache, read afresh: `previous` (what a build in this process
    returned) is only a handle on that same file, which every build keeps current."""
    if previous is not None:
        previous.store.close()
    return load_state(site_dir)


def _load_with_state(site_dir: Path, state: BuildState | None) -> tuple[LoadedSite, BuildState | None]:
    """The site loaded with what `state` kept of its files; the state, or None if it is damaged.
    (What was kept, tens of megabytes, is let go of once the site is loaded.) What loading made
    is left out of garbage collection until the build ends (`collection.collected_seldom`)."""
    with no_collection():
        kept = _sources_of(state)
        site = load_site(site_dir, kept)
        freeze_what_is_made()  # before the collector is on again: its first walk would be of all of it
    return site, state if kept is not None else None


def _sources_of(state: BuildState | None) -> Mapping[str, StoredFile] | None:
    try:
        return state.sources if state else None
    except StateUnreadable:
        return None


def _refuse_collisions(rendered: RenderedSite, static: tuple[StaticCopy, ...]) -> None:
    generated = {file.path for file in rendered.files} | set(rendered.kept)
    clashes = [copy for copy in static if copy.path in generated]
    if clashes:
        raise BuildFailed(
            tuple(
                Problem(
                    Text("this file would replace the generated page {path}", path=copy.path),
                    copy.source_path,
                    hint=Text("rename the file or move it into a subfolder of content/static/"),
                )
                for copy in clashes
            )
        )


def _count_pages(plans: tuple[PagePlan, ...]) -> Mapping[str, int]:
    return dict(Counter(_counted_as(plan) for plan in plans))


def _counted_as(plan: PagePlan) -> str:
    """The heading a page is counted under in the build's report."""
    if plan.is_translation:
        return "translations"
    return _REPORTED_KINDS.get(plan.kind, "listings")
