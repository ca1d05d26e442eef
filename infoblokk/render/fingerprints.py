"""What a page's output follows from, as digests: compared with the last build's record.

`Fingerprints` gives each page's fingerprint (the site-wide inputs, its template with every
template it uses, its plan, its item and body, its menu) and checks whether a read a page
recorded (see `tracking`) gives today what it gave then. `pages.render_pages` renders the pages
whose fingerprint or reads changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import operator
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from infoblokk import __version__
from infoblokk.content.model import Item, Project
from infoblokk.render.bodies import ShownBodies
from infoblokk.render.context import (
    PAGE_ITEM_FUNCTIONS,
    RenderInputs,
    menu_entries,
    recorded_functions,
    site_lists,
)
from infoblokk.render.incremental import digest
from infoblokk.render.plans import PagePlan
from infoblokk.render.store import ItemDigests, StoredRead
from infoblokk.render.tracking import ATTRIBUTE_READ, ValueDigests, replay

PLAN_FIELDS = tuple(each.name for each in dataclasses.fields(PagePlan))
_PLAN_VALUES = operator.attrgetter(*PLAN_FIELDS)  # a plan's fields, in one call


class Fingerprints:
    """What a page's output follows from, as digests: compared with the last build's record.

    A page's fingerprint covers the site-wide inputs (infoblokk's version, the configuration,
    every language's labels, the banner artwork and partial), its template with every template
    it extends or includes, its plan (items in it by who they are), its own item whole, the
    HTML of that item's body (by what it is made of, see `bodies.ShownBodies`), and the menu
    of its language: what the plain values of its context follow from (`context.PAGE_VALUES`).
    Its reads (the calls it made and the attributes of items its templates read, see
    `tracking`) are checked by making them again, each distinct read once a build, whichever
    pages made it; none at all when the facts of the site (all the calls follow from) are those
    the last build recorded them against (`site_facts`).

    `item_keys` name, by source path, everything the item of a content file was made of (the
    file's signature and the rest of validation's input); with the digests a build before made
    of each (`known`), an item made of the same is not digested again. Translations, made of
    two files, always are.
    """

    def __init__(
        self,
        env: jinja2.Environment,
        inputs: RenderInputs,
        item_keys: Mapping[str, str] | None = None,
        known: Mapping[str, ItemDigests] | None = None,
    ) -> None:
        self._env, self._inputs = env, inputs
        self.digests = ValueDigests()
        self._templates: dict[str, str] = {}
        self._parsed: dict[str, tuple[str, tuple[str, ...]] | None] = {}
        self._menus: dict[str, str] = {}
        self._calls: dict[tuple[str, str, str, str], str] = {}
        self._attributes: dict[str, str] = {}  # an attribute read's key → its digest now
        self.items = {item.url: item for item in inputs.model.items()}
        self._contexts: dict[tuple[str, str], Mapping[str, Any]] = {}
        self._site_lists = site_lists(inputs.model)
        self._facts: str | None = None
        self._site = digest(
            __version__,
            inputs.config.model_dump(mode="json"),
            self.digests.plain(inputs.labels_by_language),
            self.digests.plain(inputs.art),
            self._banner(),
        )
        self._banner_owners = {id(i.banner): i for i in inputs.model.items() if isinstance(i, Project)}
        self._item_keys = item_keys or {}
        for item in self._originals():
            found = (known or {}).get(str(item.source.source_path))
            if found is not None and found.key == self._item_keys.get(str(item.source.source_path)):
                self.digests.know(item, found.whole, found.facts)

    def _originals(self) -> Iterator[Item]:
        """The items made of one content file each (not translations)."""
        model = self._inputs.model
        return itertools.chain(model.projects, model.news, model.pages)

    def item_digests(self) -> dict[str, ItemDigests]:
        """The digests of each item made of one content file, for the next build."""
        found = {}
        for item in self._originals():
            path = str(item.source.source_path)
            if path in self._item_keys:
                found[path] = ItemDigests(
                    self._item_keys[path], self.digests.whole(item), self.digests.facts(item)
                )
        return found

    def site_facts(self) -> str:
        """What every recorded function's result follows from: the site-wide inputs, the day and
        every item but its body's text, in the model's order (see `context.RECORDED_FUNCTIONS`)."""
        if self._facts is None:
            model = self._inputs.model
            self._facts = digest(
                self._site,
                self._inputs.today,
                [self.digests.facts(item) for item in model.items()],
                self.digests.plain(model.site_banner),
                model.site_banner_image,
            )
        return self._facts

    def of_page(self, plan: PagePlan) -> str:
        item = plan.item
        language = plan.language or self._inputs.config.language
        parts = (
            self._site,
            self.template(plan.template),
            self._plan(plan),
            self.digests.whole(item) if item else "-",
            self._body(item),
            self._menu(language),
        )
        return hashlib.sha256("\x00".join(parts).encode()).hexdigest()

    def _body(self, item: Item | None) -> str:
        """What the body the page shows is made of (`bodies.ShownBodies.made_of`), or for bodies
        given without it, a digest of the bytes."""
        bodies = self._inputs.bodies
        if item is not None and isinstance(bodies, ShownBodies):
            return bodies.made_of(item.source.source_path)
        body = bodies.get(item.source.source_path, b"") if item else b""
        return hashlib.sha256(body).hexdigest()

    def _plan(self, plan: PagePlan) -> str:
        """The plan's digest, field by field: items by who they are, lists by their items, a
        project's banner by the project it belongs to (whose whole digest covers it, and is
        known for a project unchanged since the last build)."""
        parts = [
            repr(value) if value is None or type(value) is str else self._plan_part(value)  # most fields
            for value in _PLAN_VALUES(plan)
        ]
        return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def _plan_part(self, value: object) -> str:
        owner = self._banner_owners.get(id(value))
        if owner is not None and owner.banner is value:
            return f"banner of {owner.url!r} #{self.digests.whole(owner)}"
        return self.digests.part(value)

    def holds(self, read: StoredRead) -> bool:
        """The read gives today what it gave when it was recorded."""
        try:
            return self._digest_now(read) == read.digest
        except (LookupError, TypeError, ValueError, AttributeError):
            return False  # cannot be asked again (a page gone, a name gone): render its pages

    def _digest_now(self, read: StoredRead) -> str:
        if read.name == ATTRIBUTE_READ:  # the same attribute is read by many pages: digested once
            found = self._attributes.get(read.key)
            if found is None:
                url, attribute = json.loads(read.key)
                found = self._attributes[read.key] = self.digests.attribute(self.items[url], attribute)
            return found
        item = read.item if read.name in PAGE_ITEM_FUNCTIONS else ""  # the others give the same without it
        call = (read.name, read.key, read.language, item)
        found = self._calls.get(call)
        if found is None:
            context = self._recorded_context(read.language, item)
            found = self.digests.of(replay((read.name, read.key, read.digest), context, self.items.get))
            self._calls[call] = found
        return found

    def _recorded_context(self, language: str, item: str) -> Mapping[str, Any]:
        """What a call needs of a page's context, made once per language and item of a page."""
        found = self._contexts.get((language, item))
        if found is None:
            page_item = self.items[item[1:]] if item else None
            found = {**recorded_functions(self._inputs, language, page_item), **self._site_lists}
            self._contexts[(language, item)] = found
        return found

    def _menu(self, language: str) -> str:
        if language not in self._menus:
            labels = self._inputs.labels_by_language[language]
            self._menus[language] = self.digests.of(menu_entries(self._inputs.model, labels, language))
        return self._menus[language]

    def template(self, name: str) -> str:
        if name not in self._templates:
            self._templates[name] = self._template(name, set())
        return self._templates[name]

    def templates_read(self) -> Iterator[str]:
        """The name of every template the fingerprints so far have read, whole or in part."""
        return (name for name, read in self._parsed.items() if read is not None)

    def _template(self, name: str, seen: set[str]) -> str:
        """A template's source together with every template it extends, includes or imports."""
        if name in seen:
            return ""
        seen.add(name)
        read = self._read_template(name)
        if read is None:
            return digest(name, "unreadable")  # the render itself reports the problem
        source, referenced = read
        return digest(source, [self._template(n, seen) for n in referenced])

    def _read_template(self, name: str) -> tuple[str, tuple[str, ...]] | None:
        """A template's source and the templates it names, each template parsed once a build."""
        if name not in self._parsed:
            try:
                source = self._source(name)
                referenced = list(jinja2.meta.find_referenced_templates(self._env.parse(source)))
            except jinja2.TemplateError:
                self._parsed[name] = None
                return None
            if None in referenced:  # a template name computed at run time: depend on all of them
                referenced = list(self._env.list_templates())
            self._parsed[name] = (source, tuple(str(n) for n in referenced if n))
        return self._parsed[name]

    def _source(self, name: str) -> str:
        assert self._env.loader is not None
        return self._env.loader.get_source(self._env, name)[0]

    def _banner(self) -> str:
        filename = self._inputs.banner_template.filename
        return Path(filename).read_text(encoding="utf-8") if filename else ""
