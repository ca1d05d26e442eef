"""Each content file as the last build read and validated it, kept for the next build.

Validating ten thousand files takes seconds, and a rebuild after one edit need not do it again:
what a file's item and problems are follows from the file alone and from what validation reads
besides (infoblokk's version, the configuration, the banner profiles, the static files' names
and contents). A file is kept with its signature (`sources.file_signature`) and a *key*, a
digest of that signature with all of those (`validation_key`): a file whose key is unchanged
has the same item and the same problems, so they are taken as they were; a file whose
signature alone is unchanged is validated again, but not read again. Checks across files
(duplicate IDs, news naming unknown projects, compliance) run over the whole set on every build.

What is kept is bytes (Python's pickle, with the banners and the file's own path left out and
put back from the current build's), with a checksum in front, read back by a loader that
makes nothing but the values of a validated file: an entry that is damaged, or holds anything
else, is not used, and the file is read and validated again, as a clean build would.
"""

from __future__ import annotations

import copyreg
import dataclasses
import datetime
import decimal
import hashlib
import io
import json
import pathlib
import pickle
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple, cast

from infoblokk.banner.profiles import Banner, BannerProfile
from infoblokk.collection import no_collection
from infoblokk.config.settings import SiteConfig
from infoblokk.content.key_lines import KeyLines, KeyPath, KeyShape, KeyShapes
from infoblokk.content.model import Item, Money, NewsItem, Page, Project
from infoblokk.content.project_ids import ProjectId
from infoblokk.content.sources import PackedBody, SourceFile
from infoblokk.errors import Problem, Severity
from infoblokk.messages import from_data


@dataclass(frozen=True)
class Validated:
    """A file's item (None when it has none: an error stops it) and the problems found in it."""

    item: Item | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class KeptFile:
    """A content file as read, and validated when it is validated on its own."""

    signature: str  # the file's when it was read
    key: str  # the signature with everything validation reads besides (`validation_key`)
    source: SourceFile
    validated: Validated | None  # None for drafts and translations: those are done every build
    as_stored: bool = False  # taken from the state, where it is kept as it is: not to be written again


class StoredFile(NamedTuple):
    """A kept file as the state holds it: `entry` is decoded only when the file is unchanged."""

    signature: str
    key: str
    entry: bytes


def validation_context(
    version: str,
    config: SiteConfig,
    static: Iterable[tuple[str, str]],
    profiles: Mapping[str, BannerProfile],
) -> str:
    """A digest of everything validating a file reads besides the file: infoblokk's version, the
    configuration, the static files' site paths and signatures (banner artwork is named and
    opened), and the banner profiles.

    Not where the site is: a file's item and problems name no path but the file's own (put
    back from the current build's: see `kept_entry`), so a site copied or moved to another
    folder keeps them."""
    return _digest(
        version,
        config.model_dump(mode="json"),
        sorted(static),
        [repr(profile) for _, profile in sorted(profiles.items())],
    )


def validation_key(context: str, signature: str) -> str:
    """What a file's validation follows from: the context and the file's signature."""
    return hashlib.sha256(f"{context}\0{signature}".encode()).hexdigest()


def _digest(*parts: object) -> str:
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------
# As bytes
# --------------------------------------------------------------------------

_CHECK_SIZE = 4  # bytes of the checksum in front of each entry


def kept_entry(kept: KeptFile) -> bytes | None:
    """The bytes the state keeps of a file (without its signature and key); None when what was
    read cannot be kept (it is then read again next time): also when it names a path in the
    file system other than the file's own, which would not follow the site to another folder."""
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, kept.source.source_path).dump((kept.source, kept.validated))
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return None
    return checked(buffer.getvalue())


def checked(data: bytes) -> bytes:
    """The entry of these pickled bytes: their checksum in front (see `_check`)."""
    return _check(data) + data


def kept_from_entry(
    path: Path,
    stored: StoredFile,
    profiles: Mapping[str, BannerProfile],
    banners: dict[tuple[str, str | None, bool], Banner] | None = None,
    shapes: KeyShapes | None = None,
) -> KeptFile | None:
    """The kept file at `path`, or None when its entry is damaged or holds anything unexpected.

    Banners are made once per profile, fund and rate, in `banners` (shared by the items of many
    files: one value, digested once); the shapes of the files' keys are shared through `shapes`
    (see `key_lines`)."""
    entry = stored.entry
    if not isinstance(entry, bytes) or len(entry) <= _CHECK_SIZE:
        return None
    check, data = entry[:_CHECK_SIZE], entry[_CHECK_SIZE:]
    if _check(data) != check:
        return None
    try:
        unpickler = _Unpickler(io.BytesIO(data), path, profiles, banners or {}, shapes or KeyShapes())
        source, validated = unpickler.load()
    except Exception:  # a damaged pickle raises nearly any kind of error
        return None
    if not isinstance(source, SourceFile) or not isinstance(validated, (Validated, type(None))):
        return None
    return KeptFile(str(stored.signature), str(stored.key), source, validated)


def kept_files(
    stored: Mapping[str, StoredFile],
    wanted: Mapping[Path, str],
    profiles: Mapping[str, BannerProfile],
    shapes: KeyShapes | None = None,
) -> dict[Path, KeptFile]:
    """The kept files (`stored` by path as text) whose signature is the one given in `wanted`:
    the files unchanged since (their keys' shapes shared through `shapes`)."""
    found: dict[Path, KeptFile] = {}
    banners: dict[tuple[str, str | None, bool], Banner] = {}
    with no_collection():  # tens of thousands of small objects, none of them garbage
        for path, signature in wanted.items():
            entry = stored.get(str(path))
            if entry is not None and entry.signature == signature:
                kept = kept_from_entry(path, entry, profiles, banners, shapes)
                if kept is not None:
                    found[path] = kept
    return found


def _check(data: bytes) -> bytes:
    """A CRC-32 of an entry: it finds a damaged entry (a byte changed, cut or zeroed) that could
    otherwise be read back as other values, at a quarter of what a digest costs (tens of
    megabytes of entries are checked on every rebuild). The state can be changed on purpose by
    whoever can write to the site's folder, so what an entry may make is limited by the loader,
    not by this check."""
    return zlib.crc32(data).to_bytes(_CHECK_SIZE, "big")


def _mapping(values: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(values)


def _by_fields(value: Any) -> tuple[Any, ...]:
    """What pickle makes of a dataclass of its own (`object.__reduce_ex__`), without asking for
    the object's `__dict__`: Python makes one for every object asked (the items of a large site,
    tens of megabytes when the state is saved), where its fields are otherwise kept without."""
    state = {each.name: getattr(value, each.name) for each in dataclasses.fields(value)}
    return copyreg.__newobj__, (type(value),), state  # type: ignore[attr-defined]


_DISPATCH = {
    **copyreg.dispatch_table,
    MappingProxyType: lambda mapping: (_mapping, (dict(mapping),)),
    **dict.fromkeys(
        (SourceFile, PackedBody, Validated, Project, NewsItem, Page, Money, ProjectId, Problem), _by_fields
    ),
}


class _Pickler(pickle.Pickler):
    """Read-only mappings as dicts; the file's path, the banner profiles and the shapes of keys
    by reference; no other absolute path (see `kept_entry`)."""

    def __init__(self, buffer: io.BytesIO, path: Path) -> None:
        super().__init__(buffer, protocol=5)
        self.dispatch_table = _DISPATCH
        self._path = path

    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, BannerProfile):
            return ("profile", obj.name)
        if isinstance(obj, Banner):
            return ("banner", obj.profile.name, obj.fund, obj.full_rate)
        if isinstance(obj, KeyShape):
            return ("keys", obj.paths)
        if isinstance(obj, pathlib.PurePath) and obj == self._path:
            return ("path",)
        if isinstance(obj, pathlib.PurePath) and obj.is_absolute():
            raise pickle.PicklingError("a path other than the file's own")
        return None


_ALLOWED: dict[tuple[str, str], Any] = {
    (kind.__module__, kind.__qualname__): kind
    for kind in (
        SourceFile,
        PackedBody,
        KeyLines,
        Validated,
        Project,
        NewsItem,
        Page,
        Money,
        ProjectId,
        Problem,
        Severity,
        decimal.Decimal,
        datetime.date,
        pathlib.PosixPath,
        pathlib.PurePosixPath,
        pathlib.WindowsPath,
        pathlib.PureWindowsPath,
    )
}
_ALLOWED[(_mapping.__module__, _mapping.__qualname__)] = _mapping
# A message is pickled as a call of `messages._rebuilt` with its data (see `Text.__reduce__`),
# which makes it again with `from_data`.
_ALLOWED[("infoblokk.messages", "_rebuilt")] = from_data


class _Unpickler(pickle.Unpickler):
    """Makes only the values a validated file holds: nothing else is looked up by name."""

    def __init__(
        self,
        buffer: io.BytesIO,
        path: Path,
        profiles: Mapping[str, BannerProfile],
        banners: dict[tuple[str, str | None, bool], Banner],
        shapes: KeyShapes,
    ) -> None:
        super().__init__(buffer)
        self._path, self._profiles, self._banners, self._shapes = path, profiles, banners, shapes

    def find_class(self, module: str, name: str) -> Any:
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not kept")
        return found

    def persistent_load(self, pid: Any) -> Any:
        if pid == ("path",):
            return self._path
        if isinstance(pid, tuple) and len(pid) == 2 and pid[0] == "profile" and pid[1] in self._profiles:
            return self._profiles[pid[1]]
        if isinstance(pid, tuple) and len(pid) == 4 and pid[0] == "banner":
            return self._banner(*pid[1:])
        if isinstance(pid, tuple) and len(pid) == 2 and pid[0] == "keys" and isinstance(pid[1], tuple):
            return self._shape(pid[1])
        raise pickle.UnpicklingError("unknown reference")

    def _shape(self, paths: tuple[object, ...]) -> KeyShape:
        """The shape of these keys' paths: one of a file before it is equal to them (most files
        of a site have the shape of many others), else these, if they are keys' paths."""
        known = self._shapes.known(cast(tuple[KeyPath, ...], paths))
        if known is not None:
            return known
        if not _key_paths(paths):
            raise pickle.UnpicklingError("unknown reference")
        return self._shapes.shape(cast(tuple[KeyPath, ...], paths))

    def _banner(self, profile: object, fund: object, full_rate: object) -> Banner:
        if (
            profile not in self._profiles
            or not isinstance(fund, (str, type(None)))
            or not isinstance(full_rate, bool)
        ):
            raise pickle.UnpicklingError("unknown banner")
        key = (str(profile), fund, full_rate)
        if key not in self._banners:
            self._banners[key] = Banner(self._profiles[key[0]], fund, full_rate)
        return self._banners[key]


def _key_paths(paths: object) -> bool:
    """Whether `paths` is what a `KeyShape` holds: a tuple of keys' paths (tuples of texts and
    numbers)."""
    return isinstance(paths, tuple) and all(
        isinstance(path, tuple) and all(type(part) in (str, int) for part in path) for path in paths
    )
