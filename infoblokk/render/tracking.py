"""What a page reads, recorded by the values it read: stale pages are impossible by construction.

A page is rendered again exactly when something it showed may have changed. Nothing here
relies on a template-facing function remembering to say what it reads:

- every plain value of a page's context (the page's item, its listing, the labels, the
  configuration, the plan itself …) is part of the page's fingerprint, digested value by
  value, whatever its type (`ValueDigests`);
- every function and list of the context is wrapped before a template sees it (`track`):
  each call is recorded with its arguments and a digest of its result, each list by a digest
  of its items. On the next build the same calls are made again against the new site; if any
  result differs, the page is rendered again;
- items (projects, news, pages) are digested by who they are (their kind and address), not by
  what they hold: what a page shows of an item is what its templates read of it, and the
  environment records each attribute read, `{{ project.title }}` as much as
  `sort(attribute="title")` (`ReadingEnvironment`). So a list whose cards show titles and
  summaries is not rendered again when the body of one of its projects changes, and is when
  a title does.

Only the functions named as pure (their result follows from their arguments and the page's
fingerprint alone, such as `url()` or `money()`) are left unrecorded, to keep rebuilds fast.
A call whose arguments cannot be named again in the next build (anything but items, text,
numbers and dates) makes its page be rendered every time: slower, never stale.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import hashlib
import json
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import PurePath
from typing import Any, overload

import jinja2
from pydantic import BaseModel

from infoblokk.content.model import Item
from infoblokk.content.sources import SourceFile

Read = tuple[str, str, str]  # (name in the context, its arguments as JSON, digest of what it gave)
UNNAMEABLE = "unnameable"  # the arguments key of a call that cannot be replayed
ATTRIBUTE_READ = "@attribute"  # the name of a read of one item's attribute; its key: [url, attribute]


class ReadLog:
    """The calls one page's templates made, in the order first made, each once.

    The attributes read are digested only when `reads` is asked for, or by whoever the page's
    `attributes_read` are given to: a worker process forked for a few hundred pages would
    otherwise digest again what the workers before it digested (`pages._SharedReads`)."""

    def __init__(self, digests: ValueDigests) -> None:
        self.digests = digests
        self._reads: dict[tuple[str, str], str] = {}
        self._attributes: dict[tuple[str, str], Item] = {}  # (item's url, attribute) → the item

    def record(self, name: str, arguments: tuple[Any, ...], result: Any) -> None:
        key = self.digests.arguments_key(arguments)
        if (name, key) not in self._reads:
            self._reads[(name, key)] = self.digests.of_result(result)

    def record_attribute(self, item: Item, attribute: str) -> None:
        self._attributes.setdefault((item.url, attribute), item)

    @property
    def calls(self) -> tuple[Read, ...]:
        """The reads of the page's functions and site-wide lists, in the order first made."""
        return tuple((name, key, result) for (name, key), result in self._reads.items())

    @property
    def attributes_read(self) -> Mapping[tuple[str, str], Item]:
        """Each (item's url, attribute) read, in the order first read, with its item."""
        return self._attributes

    @property
    def reads(self) -> tuple[Read, ...]:
        attributes = (
            self.digests.attribute_read(item, attribute) for (_, attribute), item in self._attributes.items()
        )
        return (*self.calls, *attributes)


class ReadingEnvironment(jinja2.Environment):
    """A Jinja environment that records each attribute of an item its templates read.

    Templates reach attributes only through `getattr` (`item.title`) and `getitem`
    (`item["title"]`, and the `attribute=` of filters such as `sort` and `map`); both are
    recorded in the log of the page being rendered (`reading_into`)."""

    log: ReadLog | None = None

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's: the attribute, else the item of that key, else undefined; without raising
        AttributeError first for a key of a plain mapping (the labels: `labels.fields.title`),
        which has no attributes but its methods'."""
        methods = _MAPPING_METHODS.get(type(obj))
        if methods is not None and attribute not in methods:
            return self._item_or_undefined(obj, attribute)
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            value = self._item_or_undefined(obj, attribute)
        if self.log is not None and isinstance(obj, Item) and not isinstance(value, jinja2.Undefined):
            self.log.record_attribute(obj, attribute)
        return value

    def _item_or_undefined(self, obj: Any, key: str) -> Any:
        try:
            return obj[key]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=key)

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        if (
            self.log is not None
            and isinstance(obj, Item)
            and isinstance(argument, str)
            and not isinstance(value, jinja2.Undefined)
        ):
            self.log.record_attribute(obj, argument)
        return value

    @contextmanager
    def reading_into(self, log: ReadLog) -> Iterator[None]:
        """Record into `log` while one page renders."""
        self.log = log
        try:
            yield
        finally:
            self.log = None


_PLAIN_MAPPINGS = (dict, types.MappingProxyType)
_MAPPING_METHODS = types.MappingProxyType({kind: frozenset(dir(kind)) for kind in _PLAIN_MAPPINGS})
"""The attributes of each plain mapping type: its instances have no others."""


class TrackedItems(Sequence[Any]):
    """A list of the site that records, in the log, a digest of its items when a template looks."""

    def __init__(self, name: str, items: Sequence[Any], log: ReadLog) -> None:
        self.name, self.items, self._log = name, items, log

    def _looked(self) -> None:
        self._log.record(self.name, (), self.items)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        self._looked()
        return self.items[index]

    def __len__(self) -> int:
        self._looked()
        return len(self.items)

    def __iter__(self) -> Iterator[Any]:
        self._looked()
        return iter(self.items)


def track(context: Mapping[str, Any], pure: frozenset[str], log: ReadLog) -> dict[str, Any]:
    """The context a template sees: every function and list recorded, except the pure ones."""
    tracked: dict[str, Any] = {}
    for name, value in context.items():
        if name in pure or not _reads_the_site(value):
            tracked[name] = value
        elif callable(value):
            tracked[name] = _recorded(name, value, log)
        else:
            tracked[name] = TrackedItems(name, value, log)
    return tracked


def _reads_the_site(value: Any) -> bool:
    return callable(value) or isinstance(value, SiteList)


class SiteList(tuple[Any, ...]):
    """A list of the whole site (every project, every news item) in a context: tracked when read."""


def _recorded(name: str, function: Callable[..., Any], log: ReadLog) -> Callable[..., Any]:
    def call(*arguments: Any, **keywords: Any) -> Any:
        result = function(*arguments, **keywords)
        log.record(name, (*arguments, keywords) if keywords else arguments, result)
        return result

    return call


def replay(read: Read, context: Mapping[str, Any], resolve: Callable[[str], Item | None]) -> Any:
    """What the read gives today: the same call made against the new site's context.

    Raises LookupError when it cannot be made again (an item that is gone, an unknown name).
    """
    name, key, _ = read
    if name == ATTRIBUTE_READ:
        url, attribute = json.loads(key)
        return getattr(_argument({"item": url}, resolve), attribute)
    value = context[name]
    if isinstance(value, SiteList):
        return tuple(value)
    if key == UNNAMEABLE:
        raise LookupError(name)
    return value(*(_argument(named, resolve) for named in json.loads(key)))


# --------------------------------------------------------------------------
# Naming arguments, so that a call can be made again in the next build
# --------------------------------------------------------------------------


def arguments_key(arguments: tuple[Any, ...]) -> str:
    try:
        return _AS_JSON.encode([_named(argument) for argument in arguments])
    except TypeError:
        return UNNAMEABLE


_AS_JSON = json.JSONEncoder(ensure_ascii=False)
"""`json.dumps(…, ensure_ascii=False)`: one encoder for every call (`json.dumps` makes one a call
when given options, which took a tenth of the time of rendering a list)."""
_AS_SORTED_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
"""`json.dumps(…, ensure_ascii=False, sort_keys=True)`, likewise."""


def _named(argument: Any) -> Any:
    if isinstance(argument, Item):
        return {"item": argument.url}
    if isinstance(argument, datetime.date):
        return {"date": argument.isoformat()}
    if argument is None or isinstance(argument, (str, int, float, bool)):
        return argument
    raise TypeError(type(argument).__name__)


def _argument(named: Any, resolve: Callable[[str], Item | None]) -> Any:
    if isinstance(named, dict) and "item" in named:
        item = resolve(f"{named['item']}")
        if item is None:
            raise LookupError(named["item"])
        return item
    if isinstance(named, dict) and "date" in named:
        return datetime.date.fromisoformat(named["date"])
    return named


# --------------------------------------------------------------------------
# Digests of values, whatever their type
# --------------------------------------------------------------------------


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ValueDigests:
    """A digest of any value a template can see, each object digested once a build."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, str]] = {}  # id → (the object, kept alive; its digest)
        self._attributes: dict[tuple[int, str], tuple[Item, str]] = {}  # likewise, per attribute
        self._wholes: dict[int, tuple[Any, str, str]] = {}  # likewise, each item whole and its facts
        self._attribute_keys: dict[tuple[str, str], str] = {}  # (url, attribute) → its read's key
        self._item_arguments: dict[int, tuple[Item, str]] = {}  # id → (the item, kept alive; its key)
        self._text_results: dict[str, str] = {}  # a call's result that is text → its digest

    def of(self, value: Any, kept: bool = True) -> str:
        """`kept=False`: for a value digested once a build, its own digest is not kept for the
        next time (what it holds is, as ever): the build digests each item's attributes once."""
        return hashlib.sha256(self.text(value, kept).encode("utf-8")).hexdigest()

    def arguments_key(self, arguments: tuple[Any, ...]) -> str:
        """`arguments_key`, made once a build for a call of one item (`status(project)`): a
        list page makes such calls for each of its twenty projects."""
        if len(arguments) != 1 or not isinstance(arguments[0], Item):
            return arguments_key(arguments)
        found = self._item_arguments.get(id(arguments[0]))
        if found is None or found[0] is not arguments[0]:
            found = self._item_arguments[id(arguments[0])] = (arguments[0], arguments_key(arguments))
        return found[1]

    def of_result(self, value: Any) -> str:
        """`of` a recorded call's result, made once a build for a text: most calls that give
        text give one of a few (a project's status)."""
        if type(value) is not str:
            return self.of(value)
        found = self._text_results.get(value)
        if found is None:
            found = self._text_results[value] = self.of(value)
        return found

    def attribute(self, item: Item, attribute: str) -> str:
        """The digest of one attribute of an item (items do not change during a build)."""
        found = self._attributes.get((id(item), attribute))
        if found is None or found[0] is not item:
            found = (item, self.of(getattr(item, attribute)))
            self._attributes[(id(item), attribute)] = found
        return found[1]

    def attribute_key(self, url: str, attribute: str) -> str:
        """How a read of an item's attribute is named (`ATTRIBUTE_READ`): made once a build, as
        thousands of pages read the same attributes of the same items."""
        found = self._attribute_keys.get((url, attribute))
        if found is None:
            found = self._attribute_keys[(url, attribute)] = _AS_JSON.encode([url, attribute])
        return found

    def attribute_read(self, item: Item, attribute: str) -> Read:
        """The read of one attribute of an item, as a page's record holds it."""
        return (ATTRIBUTE_READ, self.attribute_key(item.url, attribute), self.attribute(item, attribute))

    def whole(self, item: Item) -> str:
        """The digest of everything an item holds (`plain` gives only who it is).

        Made field by field of each value's `repr`, which writes nested values out too and is
        ten times quicker than `plain`; a nested dataclass (a banner and its profile, the
        source file) is digested once a build however many items hold it. A value whose repr
        differed from one process to the next (a set of text, an object shown by its address)
        would only make the item's pages be rendered again each build: never a stale page.
        A source file's body is taken by its digest (`SourceFile.body_digest`, made once)."""
        return self._structure(item)[0]

    def facts(self, item: Item) -> str:
        """The digest of everything an item holds but the text of its body (`whole` otherwise).

        What the recorded functions give follows from the items' facts alone: none reads a body."""
        return self._structure(item)[1]

    def know(self, item: Item, whole: str, facts: str) -> None:
        """Take an item's digests as given: those a build before made of the same source file."""
        self._wholes[id(item)] = (item, whole, facts)

    def _structure(self, value: Any) -> tuple[str, str]:
        """The digests of a dataclass whole and without a source file's body, made together."""
        found = self._wholes.get(id(value))
        if found is None or found[0] is not value:
            whole, facts = [type(value).__qualname__], [type(value).__qualname__]
            is_source = isinstance(value, SourceFile)
            kind: Any = type(value)  # (as Any: mypy takes no type for Hashable)
            for name in _field_names(kind):
                if is_source and name == _BODY:  # by its digest, before looking into it
                    whole.append(f"{name}=#{value.body_digest}")
                    continue
                field_value = getattr(value, name)
                field_kind: Any = type(field_value)
                if _is_dataclass_kind(field_kind):  # a dataclass's instance, not the class
                    nested = self._structure(field_value)
                    whole.append(f"{name}=#{nested[0]}")
                    facts.append(f"{name}=#{nested[1]}")
                    continue
                text = f"{name}={field_value!r}"
                whole.append(text)
                facts.append(text)
            found = (value, _sha("\x00".join(whole)), _sha("\x00".join(facts)))
            self._wholes[id(value)] = found
        return found[1], found[2]

    def text(self, value: Any, kept: bool = True) -> str:
        return _AS_SORTED_JSON.encode(self.plain(value, kept))

    def plain(self, value: Any, kept: bool = True) -> Any:
        """`value` as JSON-able data; big objects (models, dataclasses) by their digest, items
        by who they are (what a page reads of them is recorded attribute by attribute)."""
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, Item):
            return {"item": [type(value).__name__, value.url]}
        if isinstance(value, (datetime.date, Decimal, PurePath, enum.Enum)):
            return str(value)
        if isinstance(value, Mapping):
            return {str(key): self.plain(item) for key, item in value.items()}
        if isinstance(value, tuple):
            return self._memoized(value, kept)  # immutable, and often the same list on many pages
        if isinstance(value, list):
            return [self.plain(item) for item in value]
        if isinstance(value, (set, frozenset)):
            return sorted(self.text(item) for item in value)
        return self._memoized(value, kept)

    def _memoized(self, value: Any, kept: bool = True) -> str:
        """The digest of a tuple or an object, made once a build of its parts' texts (`_part`):
        a page's plan, a list's page, a banner. Quicker than JSON of nested data, as thousands
        of plans name the same items and hold objects digested once. `kept=False`: made, if it
        is not known yet, without keeping it."""
        found = self._memo.get(id(value))
        if found is None or found[0] is not value:
            found = (value, _sha("\x00".join(self._parts(value))))
            if kept:
                self._memo[id(value)] = found
        return found[1]

    def _parts(self, value: Any) -> list[str]:
        if isinstance(value, tuple):  # often a list of items: each named here, without a call
            return ["()", *(_who(item) if isinstance(item, Item) else self.part(item) for item in value)]
        if isinstance(value, BaseModel):
            return [type(value).__name__, json.dumps(value.model_dump(mode="json"), sort_keys=True)]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return [
                type(value).__qualname__,
                *(f"{name}={self.part(getattr(value, name))}" for name in _field_names(type(value))),
            ]
        if callable(value):
            return [type(value).__name__, getattr(value, "__qualname__", "")]
        whole = self.plain(vars(value)) if hasattr(value, "__dict__") else repr(value)
        return [type(value).__name__, _AS_SORTED_JSON.encode(whole)]

    def part(self, value: Any) -> str:
        """One part of a tuple or object as text that tells it from any other: plain values by
        their `repr` (which quotes text), items by who they are, objects and tuples by digest."""
        if value is None or isinstance(value, _BY_REPR):
            return repr(value)
        if isinstance(value, Item):
            return _who(value)
        if isinstance(value, (Mapping, list, set, frozenset)):
            return _AS_SORTED_JSON.encode(self.plain(value))
        return f"#{self._memoized(value)}"


_BODY = "body_packed"
"""The field of a source file that holds its body."""


def _who(item: Item) -> str:
    return f"@{type(item).__name__}:{item.url!r}"


_BY_REPR = (bool, int, float, str, datetime.date, Decimal, PurePath, enum.Enum)
"""Values whose `repr` is short and tells them apart (their type included)."""


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    """The fields of a dataclass, found once for each class: not for each item digested."""
    return tuple(each.name for each in dataclasses.fields(kind))


@functools.cache
def _is_dataclass_kind(kind: type) -> bool:
    """Whether the instances of `kind` are dataclasses' (asked once for each type)."""
    return dataclasses.is_dataclass(kind)
