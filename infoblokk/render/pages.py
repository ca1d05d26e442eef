"""Stage 5: items + theme → HTML pages, as `OutputFile` values.

Templates autoescape, and undefined variables are errors, so a typo in a template fails the
build instead of printing an empty string. Every page must show the funding banner: a page
whose HTML lacks it is a build error naming the template. What each page read is recorded by
value while it renders (see `tracking`), so that a rebuild can skip the pages whose inputs did
not change, and only those.
"""

from __future__ import annotations

import dataclasses
import json
import os
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
import jinja2.meta

from infoblokk.banner.partial import banner_loader
from infoblokk.collection import objects_frozen
from infoblokk.config.themes import Theme
from infoblokk.content.model import Item
from infoblokk.errors import BuildFailed, Problem
from infoblokk.layout import SiteFolders
from infoblokk.output import MadeFile, OutputFile, Spool, SpooledFile
from infoblokk.render.bodies import ShownBodies
from infoblokk.render.incremental import BuildState, PageRecord, file_is_as_recorded
from infoblokk.render.state_writing import AttributeReads, StateDraft
from infoblokk.render.store import ItemDigests
from infoblokk.render.template_runtime import DirectCalls, escaping_generator
from infoblokk.render.tracking import (
    ATTRIBUTE_READ,
    Read,
    ReadingEnvironment,
    ReadLog,
    ValueDigests,
    track,
)
from infoblokk.render.workers import each_on_all_cores

__all__ = ["OutputFile", "RenderedPages", "make_environment", "render_page", "render_pages"]

from infoblokk.messages import Text, message_of
from infoblokk.render.context import (
    PURE_FUNCTIONS,
    RenderInputs,
    load_first_uses,
    page_context,
)
from infoblokk.render.fingerprints import Fingerprints
from infoblokk.render.plans import PagePlan

BANNER_MARKER = "data-infoblokk="


@dataclass(frozen=True)
class RenderedPages:
    """The outcome of rendering: new HTML, pages left as they were, and what each page read."""

    files: tuple[MadeFile, ...]  # spooled, when rendered with a spool
    kept: tuple[PurePosixPath, ...]
    records: Mapping[str, PageRecord]  # of the pages rendered now
    items: Mapping[str, str]  # every item's url → digest of all it holds
    facts: str = ""  # what the recorded calls follow from (`Fingerprints.site_facts`)
    item_digests: Mapping[str, ItemDigests] = field(default_factory=dict)  # by source path


def make_environment(site_dir: Path, theme: Theme) -> ReadingEnvironment:
    """Templates in lookup order: site overrides, theme, parent themes, built-ins.

    Templates are not checked for changes while the environment lives (`auto_reload`): each
    build makes its own, so `serve` reads an edited template at its next build, and the pages
    of one build would otherwise ask the file system for every template's time of change
    each time one is rendered."""
    loaders: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader(folder)
        for folder in (SiteFolders(site_dir).templates, *theme.template_folders)
        if folder.is_dir()
    ]
    loaders.append(banner_loader())
    environment = ReadingEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.context_class = DirectCalls
    environment.code_generator_class = escaping_generator()
    return environment


@objects_frozen()  # the loaded site: see `collection`
def render_pages(
    env: ReadingEnvironment,
    inputs: RenderInputs,
    plans: tuple[PagePlan, ...],
    previous: BuildState | None = None,
    output_dir: Path | None = None,
    workers: int | None = None,
    item_keys: Mapping[str, str] | None = None,
    spool: Spool | None = None,
    draft: StateDraft | None = None,
) -> RenderedPages:
    """Render the pages whose inputs changed since `previous` (all, without one), on every core.

    `item_keys` name, by source path, everything each item was made of (see
    `Fingerprints.__init__`): an item made of the same as in `previous` is not digested again.
    With a `spool`, each page goes into it as soon as it is made, so that the pages of a large
    site are never all in memory at once; with a `draft` of the next state, so does each page's
    record (the result's `records` are then empty). Raises BuildFailed with every template
    problem found.
    """
    known = previous.item_digests if previous is not None and item_keys else {}
    fingerprints = Fingerprints(env, inputs, item_keys or {}, known)
    now = [fingerprints.of_page(plan) for plan in plans]
    paths = [str(plan.output_path) for plan in plans]
    items = {url: fingerprints.digests.whole(item) for url, item in fingerprints.items.items()}
    if previous is None or output_dir is None:
        chosen = list(range(len(plans)))
    else:
        stale = _pages_to_render(previous, paths, now, items, fingerprints, output_dir)
        chosen = [n for n, path in enumerate(paths) if path in stale]

    if chosen:  # made here once, before workers are forked, instead of in each
        _compile(env, fingerprints.templates_read())
        load_first_uses(inputs)
        _bodies_ready(inputs.bodies, (plans[number] for number in chosen))

    batch = spool.batch() if spool else ""

    def outcome_of(index: int) -> PageOutcome:
        number, digests = chosen[index], fingerprints.digests
        page = _page_outcome(env, inputs, plans[number], now[number], digests, fingerprints.items)
        return _spooled(page, spool, _spooled_name(batch, index)) if spool else page

    made = _MadeFiles(len(chosen), spool, batch)
    records: list[PageRecord | None] = [None] * len(chosen)
    problems: list[Problem] = []
    shared = _SharedReads(fingerprints.digests, fingerprints.items)
    for index, outcome in each_on_all_cores(outcome_of, len(chosen), workers):
        problems.extend(outcome.problems)
        if outcome.file is not None and not problems:  # after a problem, only problems are wanted
            made.add(index, outcome.file)
        if outcome.record is not None and draft is not None:
            attributes = AttributeReads(outcome.attributes, shared.digest)
            draft.add_page(str(plans[chosen[index]].output_path), outcome.record, attributes)
        elif outcome.record is not None:
            records[index] = shared.of(outcome.record, outcome.attributes)
    if problems:
        raise BuildFailed(tuple(dict.fromkeys(problems)))
    if draft is not None:
        draft.pages_added()
    rendered = {plans[number].output_path for number in chosen}
    kept = [plan.output_path for plan in plans if plan.output_path not in rendered]
    by_path = {
        str(plans[number].output_path): record
        for number, record in zip(chosen, records, strict=True)
        if record is not None
    }
    facts, item_digests = fingerprints.site_facts(), fingerprints.item_digests()
    files = tuple(made.files([plans[number].output_path for number in chosen]))
    return RenderedPages(files, tuple(kept), by_path, items, facts, item_digests)


def _compile(env: jinja2.Environment, names: Iterator[str]) -> None:
    """Compile the templates here, before workers are forked: each worker, forked afresh for
    every share of the work, would otherwise compile them all again. A template that does not
    compile is left to the page that uses it, which reports the problem."""
    for name in names:
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            continue


def _bodies_ready(bodies: Mapping[Path, bytes], plans: Iterator[PagePlan]) -> None:
    """The bodies of the pages to render made here, where some are made only when asked for
    (`bodies.ShownBodies`): made in a worker, each would be made again in the next."""
    if isinstance(bodies, ShownBodies):
        bodies.ready(plan.item.source.source_path for plan in plans if plan.item is not None)


def _spooled_name(batch: str, index: int) -> str:
    """The name in the spool of the page numbered `index` among those a batch renders."""
    return f"{batch}-{index}"


class _MadeFiles:
    """The pages made, by their number among those rendered, kept as a few bytes each (the
    digest of a page waiting in the spool) until every page is made; their `files` are made
    only then. Made one by one among what each page's record takes while it is added, the
    files would be left scattered over the memory that record took, and keep the process
    from giving some of it back until the build ends (12 MB at 10,000 projects)."""

    DIGEST_SIZE = 32  # sha256

    def __init__(self, count: int, spool: Spool | None, batch: str) -> None:
        self._spool, self._batch = spool, batch
        self._folder = str(spool.folder) if spool else ""  # its places compared as text: see `add`
        self._digests = bytearray(count * self.DIGEST_SIZE)  # of the pages in the spool
        self._spooled = bytearray(count)  # 1: the page's digest is in `_digests`
        self._others: dict[int, MadeFile] = {}  # not where `_spooled_place` says: kept whole

    def add(self, index: int, file: MadeFile) -> None:
        if isinstance(file, SpooledFile) and str(file.spooled) == self._spooled_text(index):
            at = index * self.DIGEST_SIZE
            self._digests[at : at + self.DIGEST_SIZE] = bytes.fromhex(file.digest)
            self._spooled[index] = 1
        else:
            self._others[index] = file

    def files(self, paths: list[PurePosixPath]) -> Iterator[MadeFile]:
        """The files made, in the order of their numbers, each with its path in `paths` (the
        plan's, not a worker's copy of it)."""
        for index, path in enumerate(paths):
            place = self._spooled_place(index) if self._spooled[index] else None
            if place is not None:
                at = index * self.DIGEST_SIZE
                yield SpooledFile(path, place, self._digests[at : at + self.DIGEST_SIZE].hex())
            elif index in self._others:
                yield dataclasses.replace(self._others[index], path=path)

    def _spooled_text(self, index: int) -> str:
        """`_spooled_place` as text, made without a path object for each page: a path object
        made and compared for every page cost more than the rest of keeping it."""
        return os.path.join(self._folder, _spooled_name(self._batch, index)) if self._spool else ""

    def _spooled_place(self, index: int) -> Path | None:
        """Where `outcome_of` has the page numbered `index` kept, with a spool."""
        return Path(self._spooled_text(index)) if self._spool else None


class _SharedReads:
    """Records whose reads are kept once however many pages made them: a record comes from a
    worker as a copy of its own, and most reads (the menu, the lists, the labels) are made by
    thousands of pages, so a large site's records would otherwise take hundreds of megabytes.

    The reads of items' attributes come by their keys alone (`PageOutcome.attributes`) and are
    digested here, each once a build: a worker, forked afresh for every few hundred pages,
    would digest again the attributes the workers before it did. Records that go to the draft
    of the next state as they come (`StateDraft.add_page`) are not made here: the draft
    digests each attribute once, by `digest`, and keeps only its number."""

    def __init__(self, digests: ValueDigests, items: Mapping[str, Item]) -> None:
        self._digests, self._items = digests, items
        self._reads: dict[Read, Read] = {}
        self._attributes: dict[str, Read] = {}  # attribute read's key → the read

    def of(self, record: PageRecord, attributes: tuple[str, ...]) -> PageRecord:
        calls = (self._reads.setdefault(read, read) for read in record.reads)
        return dataclasses.replace(record, reads=(*calls, *map(self._attribute, attributes)))

    def digest(self, key: str) -> str:
        """The digest of the attribute an attribute read's key names, made anew. The value's
        own digest is not kept by `ValueDigests` either: each is asked for once a build (some
        40,000 tuples and objects at 10,000 projects, kept until the last page was made)."""
        url, attribute = json.loads(key)
        return self._digests.of(getattr(self._items[url], attribute), kept=False)

    def _attribute(self, key: str) -> Read:
        found = self._attributes.get(key)
        if found is None:
            found = self._attributes[key] = (ATTRIBUTE_READ, key, self.digest(key))
        return found


def _pages_to_render(
    previous: BuildState,
    paths: list[str],
    now: list[str],
    items_now: Mapping[str, str],
    fingerprints: Fingerprints,
    output_dir: Path,
) -> set[str]:
    """The pages whose fingerprint changed, whose file is not as written, or one of whose reads
    gives something else now. Reads are found through the reverse index: each call made once
    a build, the attributes read only of the items that changed."""
    recorded, files, folder = previous.fingerprints, previous.files, str(output_dir)
    stale = {
        path
        for path, fingerprint in zip(paths, now, strict=True)
        if recorded.get(path) != fingerprint
        or not file_is_as_recorded(os.path.join(folder, path), files.get(path))
    }
    items_then = previous.items
    changed_items = {url for url, d in items_now.items() if items_then.get(url) != d} | (
        set(items_then) - set(items_now)
    )
    changed = [r.id for r in previous.store.attribute_reads(changed_items) if not fingerprints.holds(r)]
    if previous.facts != fingerprints.site_facts():  # else every recorded call gives what it gave
        changed += [r.id for r in previous.store.calls() if not fingerprints.holds(r)]
    return stale | (previous.store.pages_reading(changed) & set(paths))


@dataclass(frozen=True)
class PageOutcome:
    """What became of one page: rendered anew, or not rendered for problems."""

    record: PageRecord | None = None
    file: MadeFile | None = None
    problems: tuple[Problem, ...] = ()
    attributes: tuple[str, ...] = ()  # reads of the site's items' attributes, by key: not in `record`


def _page_outcome(
    env: ReadingEnvironment,
    inputs: RenderInputs,
    plan: PagePlan,
    fingerprint: str,
    digests: ValueDigests,
    items: Mapping[str, Item],
) -> PageOutcome:
    """One page rendered; the attributes it read of the site's `items` are left to be digested
    by the caller (`_SharedReads`), those of any other item are digested here."""
    log = ReadLog(digests)
    try:
        with env.reading_into(log):
            html = render_page(env, inputs, plan, track(page_context(inputs, plan), PURE_FUNCTIONS, log))
    except BuildFailed as failure:
        return PageOutcome(problems=failure.problems)
    language = plan.language or inputs.config.language
    site_items, others = [], []
    for (url, attribute), item in log.attributes_read.items():
        if items.get(url) is item:
            site_items.append(digests.attribute_key(url, attribute))
        else:
            others.append(digests.attribute_read(item, attribute))
    record = PageRecord(fingerprint, language, page_item_key(plan.item), (*log.calls, *others))
    file = OutputFile(plan.output_path, html.encode("utf-8"))
    return PageOutcome(record, file, attributes=tuple(site_items))


def _spooled(outcome: PageOutcome, spool: Spool, name: str) -> PageOutcome:
    """The outcome with its page waiting in the spool (written where the page is made, in a
    worker: its bytes are not sent to the build, and the writing is shared by the cores)."""
    if not isinstance(outcome.file, OutputFile):
        return outcome
    try:
        spooled = spool.keep(outcome.file.path, outcome.file.content, name)
    except BuildFailed as failure:
        return PageOutcome(problems=failure.problems)
    return dataclasses.replace(outcome, file=spooled)


def page_item_key(item: Item | None) -> str:
    """How the state names the item of a page in its reads: "" for none (the home page's url is "")."""
    return "" if item is None else f"={item.url}"


def render_page(
    env: jinja2.Environment, inputs: RenderInputs, plan: PagePlan, context: Mapping[str, Any] | None = None
) -> str:
    """One page's HTML; template errors become problems with the template's file and line."""
    try:
        template = env.get_template(plan.template)
        html = template.render(page_context(inputs, plan) if context is None else context)
    except jinja2.TemplateNotFound as error:
        raise BuildFailed((_missing_template(str(error.name or plan.template), inputs),)) from None
    except jinja2.TemplateSyntaxError as error:
        problem = Problem(
            Text("template error: {reason}", reason=error.message or ""),
            _path(error.filename),
            error.lineno,
            Text("check the {tags} tags", tags="{{ }} and {% %}"),
        )
        raise BuildFailed((problem,)) from None
    except BuildFailed:
        raise
    except Exception as error:  # anything a template's expression can raise: {{ 1 / 0 }}, a loop of macros
        raise BuildFailed((_runtime_problem(error),)) from None
    if BANNER_MARKER not in html:
        raise BuildFailed((_no_banner(plan, template),))
    return html


def _no_banner(plan: PagePlan, template: jinja2.Template) -> Problem:
    return Problem(
        Text("the page {page} has no funding banner (infoblokk)", page=plan.url or "index.html"),
        _path(template.filename),
        None,
        Text(
            "every page must show it: put {call} in the template's header, "
            "as the default theme's base.html does (infoblokk/themes/default/templates/)",
            call="{{ infoblokk() }}",
        ),
    )


def _path(filename: str | None) -> Path | None:
    return Path(filename) if filename else None


def _missing_template(name: str, inputs: RenderInputs) -> Problem:
    return Problem(
        Text("the template '{name}' was not found", name=name),
        inputs.theme_templates / name,
        None,
        Text(
            "templates are looked up in the site's templates/ folder, then in the "
            "theme's; add it to one of them or choose a theme that has it"
        ),
    )


def _runtime_problem(error: Exception) -> Problem:
    """The error at the template line that raised it (the innermost template in the traceback)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".html")]
    where = frames[-1] if frames else None
    message = message_of(error)
    if not isinstance(message, Text):
        message = message.replace("'jinja2.runtime.", "'").strip()
    if isinstance(error, jinja2.UndefinedError):
        hint = Text("check the variable names; the template variables are listed in README.md")
    else:
        message = Text("{reason} ({kind})", reason=message or Text("an error"), kind=type(error).__name__)
        hint = Text("check the expression on this line: it fails while the page is made")
    return Problem(
        Text("template error: {reason}", reason=message),
        _path(where.filename) if where else None,
        where.lineno if where else None,
        hint,
    )
