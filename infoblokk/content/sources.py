"""Stage 2: find the content files and split each into front matter and Markdown body.

Only reading happens here: YAML is parsed with the line of every key kept, so that the model
stage can point at `content/projects/zala.md:5` when a value is wrong. Nothing is validated
beyond "is this readable YAML in a readable file".
"""

from __future__ import annotations

import hashlib
import re
import stat
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import yaml
from frontmatter.default_handlers import YAMLHandler

from infoblokk.config.settings import LANGUAGES
from infoblokk.content.key_lines import KeyLines, KeyPath, KeyShapes
from infoblokk.content.walk import find_files
from infoblokk.content.yaml_mistakes import (
    CURLY_WARNING,
    Explanation,
    boundary_mistake,
    explain_not_key_value,
    explain_yaml_error,
    odd_space_explanation,
    odd_space_position,
    straighten_curly_quotes,
)
from infoblokk.errors import Problem, Severity
from infoblokk.layout import KIND_FOLDERS, STATIC_FOLDER
from infoblokk.messages import Text, message_of

MAX_CONTENT_BYTES = 10_000_000  # a content file: thousands of pages of text
MAX_FRONT_MATTER_BYTES = 256 * 1024  # the facts at the top of one
MAX_FRONT_MATTER_DEPTH = 20  # lists in keys in lists…: two or three levels are all one needs


@dataclass(frozen=True)
class SourceFile:
    """One content file, read but not yet validated."""

    source_path: Path
    kind: str  # "project", "news" or "page", from the folder
    name: str  # file name without language suffix and `.md`: zala.en.md → zala
    language: str | None  # from a `.en.md` style suffix, else None (the site's language)
    meta: Mapping[str, Any]
    key_lines: Mapping[KeyPath, int]  # read: a `KeyLines`, sharing its keys' paths with other files
    body_packed: PackedBody  # the Markdown body, kept for every file to the end of the build
    body_line: int  # line of the file where the body starts
    warnings: tuple[Problem, ...] = ()  # what was read, but should be written otherwise

    @property
    def body_utf8(self) -> bytes:
        """The Markdown body in UTF-8, unpacked each time it is asked for."""
        return self.body_packed.utf8()

    @property
    def body(self) -> str:
        """The Markdown body as text, unpacked and decoded each time it is asked for."""
        return self.body_utf8.decode("utf-8")

    @property
    def body_digest(self) -> str:
        """The SHA-256 of the body (UTF-8): the key of its HTML (see `render.bodies`)."""
        return self.body_packed.digest

    @property
    def has_text(self) -> bool:
        """Whether the body holds more than white space (as `str.isspace` counts it)."""
        return self.body_packed.has_text

    def line_of(self, location: KeyPath) -> int | None:
        """The line of a key, or of its nearest parent key that has one."""
        for length in range(len(location), 0, -1):
            line = self.key_lines.get(location[:length])
            if line is not None:
                return line
        return None


@dataclass(frozen=True)
class PackedBody:
    """A body as a source file keeps it: UTF-8 (as Python's text, accented bodies take twice
    the memory), compressed, with what every build asks of it made when it was read. A site's
    bodies are held from loading to the end of the build, and at its peak (55 MB of UTF-8 at
    10,000 projects, 15 MB packed); unpacking one takes about 20 µs, and a build asks a body
    for itself a few times at most. It is kept whole in the state (see `kept`), so that the
    body of an unchanged file is neither digested nor unpacked again by a rebuild."""

    packed: bytes  # zlib
    digest: str  # SHA-256 of the UTF-8
    has_text: bool  # more than white space, as `str.isspace` counts it: every project is asked

    def utf8(self) -> bytes:
        return zlib.decompress(self.packed)


def pack_body(body: str | bytes) -> PackedBody:
    """The body packed, its digest and whether it has text made of it as it is."""
    utf8 = body.encode("utf-8") if isinstance(body, str) else body
    return PackedBody(
        zlib.compress(utf8, _PACKING_LEVEL), hashlib.sha256(utf8).hexdigest(), _holds_text(utf8)
    )


def _holds_text(utf8: bytes) -> bool:
    """Decoded only when no plain character of ASCII tells at once."""
    if _ASCII_TEXT.search(utf8):
        return True
    text = utf8.decode("utf-8")
    return bool(text) and not text.isspace()


_PACKING_LEVEL = 1
"""zlib's fastest: the bodies of a site are packed as they are read, on one core (55 MB at
10,000 projects: 0.6 s, where zlib's default level 6 took 0.8 s for 10 % less)."""


_ASCII_TEXT = re.compile(rb"[^\s\x1c-\x1f\x80-\xff]")
"""A character of ASCII that is not white space (bytes' `\\s` leaves out the four separators
that `str.isspace` counts)."""


# libyaml's parser where it is installed (it is, with PyYAML's wheels): many times faster.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PlainLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """YAML without implicit dates: the model parses dates itself, with a clear error."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _UnsuitableYaml(Exception):
    """Valid YAML that front matter must not be: see `_check_shape`."""

    def __init__(self, message: str, hint: str, line: int) -> None:
        super().__init__(message)
        self.message, self.hint, self.line = message, hint, line


def _load_yaml(text: str) -> tuple[yaml.Node | None, object]:
    """The document's node tree (for line numbers) and its value, from one parse.

    Raises `_UnsuitableYaml` before building anything from a tree that uses aliases or nests
    too deep.
    """
    loader = _PlainLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_shape(node)
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


def _check_shape(root: yaml.Node) -> None:
    """Refuse aliases (`*name`) and deep nesting, walking each node once.

    An alias repeats a value written elsewhere; a few aliases of aliases make a "billion
    laughs" document that expands to gigabytes, and one inside itself never ends. Nobody
    writing a project's facts needs them, so front matter may have none (anchors alone are
    harmless). Line numbers here count from the start of the YAML text.
    """
    seen: set[int] = set()
    pending: list[tuple[yaml.Node, int, int]] = [(root, 1, root.start_mark.line)]
    while pending:
        node, depth, line = pending.pop()
        if id(node) in seen:
            raise _UnsuitableYaml(
                Text(
                    "the front matter repeats a value with a YAML alias (*name), "
                    "which infoblokk does not accept"
                ),
                Text(
                    "write the value out in full; a value that starts with * or & goes in double quotes: "
                    'summary: "*Fontos* hír"'
                ),
                line,
            )
        seen.add(id(node))
        if depth > MAX_FRONT_MATTER_DEPTH:
            raise _UnsuitableYaml(
                Text(
                    "the front matter nests lists and keys more than {depth} levels deep",
                    depth=MAX_FRONT_MATTER_DEPTH,
                ),
                Text(
                    "write the facts as plain 'key: value' lines, with lists and 'extra:' a level or two deep"
                ),
                line,
            )
        if isinstance(node, yaml.MappingNode):
            children = [(n, depth + 1, pair[0].start_mark.line) for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = [(item, depth + 1, line) for item in node.value]
        else:
            children = []
        pending += reversed(children)  # the first child is looked at first: aliases in reading order


# A file read before, by its path: the file's signature then, and what was read.
KnownSources = Mapping[Path, tuple[str, SourceFile]]


def read_sources(content_dir: Path) -> tuple[tuple[SourceFile, ...], tuple[Problem, ...]]:
    """Every content file under `content_dir`, plus the problems of those that cannot be read."""
    sources, problems, _ = read_sources_again(content_dir, {})
    return sources, problems


def read_sources_again(
    content_dir: Path, known: KnownSources
) -> tuple[tuple[SourceFile, ...], tuple[Problem, ...], dict[Path, tuple[str, SourceFile]]]:
    """As `read_sources`, reusing what was read of files unchanged since (same size and time).

    Also returns the new index of what was read, for the next build.
    """
    listed, problems = list_sources(content_dir)
    sources, read_problems, index = read_listed(listed, known)
    return sources, (*problems, *read_problems), index


class ListedFile(NamedTuple):
    """A content file found, with its kind (by its folder) and its signature."""

    path: Path
    kind: str
    signature: str


def list_sources(content_dir: Path) -> tuple[list[ListedFile], list[Problem]]:
    """The content files with their signatures, and the problems of those that cannot be listed."""
    files, problems = _content_files(content_dir)
    listed: list[ListedFile] = []
    for path, kind in files:
        try:
            listed.append(ListedFile(path, kind, file_signature(path)))
        except OSError as error:  # gone since the folder was listed, or cannot be looked at
            problems.append(_unreadable(path, error))
    return listed, problems


def read_listed(
    listed: Iterable[ListedFile], known: KnownSources, shapes: KeyShapes | None = None
) -> tuple[tuple[SourceFile, ...], tuple[Problem, ...], dict[Path, tuple[str, SourceFile]]]:
    """The listed files read (those `known` with the same signature, taken from there), the
    problems of those that cannot be read, and the index of what was read for the next build.
    The files read share the shapes of their keys through `shapes` (see `key_lines`)."""
    shapes = shapes or KeyShapes()
    sources: list[SourceFile] = []
    problems: list[Problem] = []
    index: dict[Path, tuple[str, SourceFile]] = {}
    for path, kind, signature in listed:
        cached = known.get(path)
        if cached and cached[0] == signature and cached[1].kind == kind:
            source: SourceFile | None = cached[1]
        else:
            source, file_problems = read_source(path, kind, shapes)
            problems.extend(file_problems)
        if source is not None:
            sources.append(source)
            index[path] = (signature, source)
    return tuple(sources), tuple(problems), index


def file_signature(path: Path) -> str:
    """Changes whenever the file is saved: its size and modification time (in nanoseconds)."""
    status = path.stat()
    return f"{status.st_size}:{status.st_mtime_ns}"


def static_files(content_dir: Path) -> tuple[Path, ...]:
    """Files under `content/static/`, copied to the output as they are."""
    return files_below(content_dir / STATIC_FOLDER)


def files_below(folder: Path) -> tuple[Path, ...]:
    """Every file under a folder, sorted, leaving out hidden ones (`.gitkeep`, `_drafts/`…).

    Only the files that `find_files` accepts: what it reports instead is reported by the build.
    """
    return find_files(folder).files


def _content_files(content_dir: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The Markdown files of each kind, and the problems of the others (see `walk`).

    Markdown files outside the known folders would silently vanish: they are problems too.
    """
    if not content_dir.is_dir():
        missing = Problem(
            Text("the content folder is missing"),
            content_dir,
            hint=Text("create content/projects/ and put one .md file per project in it"),
        )
        return [], [missing]
    found = find_files(content_dir, ".md", skip={STATIC_FOLDER})
    files: list[tuple[Path, str]] = []
    problems = list(found.problems)
    depth = len(content_dir.parts)  # the files found are paths in it: its parts, then their own
    for path in found.files:
        kind = KIND_FOLDERS.get(path.parts[depth])
        if kind is not None:
            files.append((path, kind))
        else:
            problems.append(
                Problem(
                    Text("this file is not in a content folder, so it would not be published"),
                    path,
                    hint=Text("move it into content/projects/, content/news/ or content/pages/"),
                )
            )
    return files, problems


def read_source(
    path: Path, kind: str, shapes: KeyShapes | None = None
) -> tuple[SourceFile | None, tuple[Problem, ...]]:
    """Read one content file; return it, or the problems that make it unreadable. Its keys'
    shape is shared through `shapes` with the other files read (see `key_lines`)."""
    try:
        raw = _read_content_file(path)
    except _TooLarge as error:
        return None, (Problem(message_of(error), path, None, error.hint),)
    except OSError as error:
        return None, (_unreadable(path, error),)
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, (
            Problem(
                Text("the file is not UTF-8 text"),
                path,
                line,
                Text("save it as UTF-8 (in Notepad: Save as → Encoding: UTF-8)"),
            ),
        )
    handler = YAMLHandler()
    if not handler.detect(text):
        return None, (_explained(boundary_mistake(text), path, 0),)
    return _parse(path, kind, text, handler, shapes or KeyShapes())


def _explained(explanation: Explanation, path: Path, offset: int) -> Problem:
    """A problem from an explanation whose line counts from 0 after `offset` lines."""
    return Problem(explanation.message, path, explanation.line + offset + 1, explanation.hint)


def _parse(
    path: Path, kind: str, text: str, handler: YAMLHandler, shapes: KeyShapes
) -> tuple[SourceFile | None, tuple[Problem, ...]]:
    try:
        front, body = handler.split(text)
    except ValueError:
        return None, (_explained(boundary_mistake(text), path, 0),)
    offset = text[: text.index(front)].count("\n")  # lines before the YAML text begins
    if len(front.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        return None, (
            Problem(
                Text("the front matter is longer than {size} KB", size=MAX_FRONT_MATTER_BYTES // 1024),
                path,
                offset + 1,
                Text("keep the facts short; long text belongs in the body, below the closing '---' line"),
            ),
        )
    straight, curly_lines = straighten_curly_quotes(front)
    try:
        node, meta = _load_yaml(straight)
        meta = meta or {}
    except yaml.YAMLError as error:
        return None, (_explained(explain_yaml_error(straight, error), path, offset),)
    except _UnsuitableYaml as error:
        return None, (Problem(error.message, path, error.line + offset + 1, error.hint),)
    except ValueError as error:  # a value YAML reads but Python cannot hold (an integer of 5,000 digits)
        return None, (
            Problem(
                Text("the front matter has a value infoblokk cannot read: {error}", error=error),
                path,
                None,
                Text("write each value as you would on paper: a number, a date, a name"),
            ),
        )
    if not isinstance(meta, dict):
        explanation = explain_not_key_value(straight)
        if explanation is not None:
            return None, (_explained(explanation, path, offset),)
        return None, (
            Problem(
                Text("the front matter must be 'key: value' lines"),
                path,
                offset + 1,
                Text("write each fact on its own line, e.g. title: My project"),
            ),
        )
    key_lines: dict[KeyPath, int] = {}
    duplicates = list(_record_lines(node, (), offset, key_lines))
    if duplicates:
        return None, tuple(
            Problem(Text("the key '{key}' is given twice", key=key), path, line, Text("keep one of them"))
            for key, line in duplicates
        )
    odd_keys = tuple(_odd_key_problems(straight, key_lines, path, offset))
    if odd_keys:
        return None, odd_keys
    warnings = tuple(
        Problem(CURLY_WARNING[0], path, line + offset + 1, CURLY_WARNING[1], Severity.WARNING)
        for line in curly_lines
    )
    name, language = _name_and_language(path)
    closing_line = text.count("\n", 0, len(text) - len(body)) + 1
    return SourceFile(
        path,
        kind,
        name,
        language,
        MappingProxyType(meta),
        KeyLines.of(key_lines, shapes),
        pack_body(body),
        closing_line + 1,
        warnings,
    ), ()


def _odd_key_problems(
    front: str, key_lines: dict[KeyPath, int], path: Path, offset: int
) -> Iterator[Problem]:
    """A key that holds a non-breaking or invisible space: YAML read it, but no key is named so."""
    lines = front.split("\n")
    for line in sorted({line - offset - 1 for line in key_lines.values()}):
        where = odd_space_position(lines[line]) if 0 <= line < len(lines) else None
        if where is not None:
            yield _explained(odd_space_explanation(lines[line], where, line), path, offset)


def _record_lines(
    node: yaml.Node | None, location: KeyPath, offset: int, lines: dict[KeyPath, int]
) -> Iterator[tuple[str, int]]:
    """Fill `lines` with the line of every key; yield keys that appear twice."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = (*location, str(key_node.value))
            line = key_node.start_mark.line + offset + 1
            if key_path in lines:
                yield ".".join(map(str, key_path)), line
            lines[key_path] = line
            yield from _record_lines(value_node, key_path, offset, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*location, index)] = item.start_mark.line + offset + 1
            yield from _record_lines(item, (*location, index), offset, lines)


class _TooLarge(Exception):
    hint = Text(
        "a project's page needs no more than some pages of text; link large documents from content/static/"
    )


def _read_content_file(path: Path) -> bytes:
    """The file's bytes; `_TooLarge` rather than reading a file far larger than any page."""
    size = path.stat().st_size
    if size > MAX_CONTENT_BYTES:
        raise _TooLarge(
            Text(
                "the file is {size} MB; a content file can be {most} MB at most",
                size=round(size / 1e6),
                most=round(MAX_CONTENT_BYTES / 1e6),
            )
        )
    return path.read_bytes()


def _unreadable(path: Path, error: OSError) -> Problem:
    return Problem(
        Text("this file cannot be read: {reason}", reason=error.strerror or error),
        path,
        hint=Text("check that the file exists and that you may read it (its permissions)"),
    )


def declared_project_id(path: Path) -> str | None:
    """The `project_id:` a file's text gives, read line by line: for a file YAML could not read.

    Only to tell which project a broken file is; None when the file has no such line, or is
    no ordinary file of a size one can read (a pipe, a device, a link: see `walk`).
    """
    try:
        status = path.lstat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_CONTENT_BYTES:
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = re.search(r"^project_id:\s*(.+?)\s*(?:\s#.*)?$", text, re.MULTILINE)
    return found[1].strip("\"'“”„‘’ ") if found else None


def _name_and_language(path: Path) -> tuple[str, str | None]:
    stem = path.name.removesuffix(".md")
    base, _, suffix = stem.rpartition(".")
    if base and suffix in LANGUAGES:
        return base, suffix
    return stem, None
