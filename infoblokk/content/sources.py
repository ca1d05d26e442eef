"""Stage 2: find the content files and split each into front matter and Markdown body.

Only reading happens here: YAML is parsed with the line of every key kept, so that the model
stage can point at `content/projects/zala.md:5` when a value is wrong. Nothing is validated
beyond "is this readable YAML in a readable file".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from infoblokk.config.settings import LANGUAGES
from infoblokk.errors import Problem
from infoblokk.layout import KIND_FOLDERS, STATIC_FOLDER

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class SourceFile:
    """One content file, read but not yet validated."""

    source_path: Path
    kind: str  # "project", "news" or "page", from the folder
    name: str  # file name without language suffix and `.md`: zala.en.md → zala
    language: str | None  # from a `.en.md` style suffix, else None (the site's language)
    meta: Mapping[str, Any]
    key_lines: Mapping[KeyPath, int]
    body: str
    body_line: int  # line of the file where the body starts

    def line_of(self, location: KeyPath) -> int | None:
        """The line of a key, or of its nearest parent key that has one."""
        for length in range(len(location), 0, -1):
            line = self.key_lines.get(location[:length])
            if line is not None:
                return line
        return None


# libyaml's parser where it is installed (it is, with PyYAML's wheels): many times faster.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PlainLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """YAML without implicit dates: the model parses dates itself, with a clear error."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_yaml(text: str) -> tuple[yaml.Node | None, object]:
    """The document's node tree (for line numbers) and its value, from one parse."""
    loader = _PlainLoader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


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
    sources: list[SourceFile] = []
    problems: list[Problem] = list(_stray_files(content_dir))
    index: dict[Path, tuple[str, SourceFile]] = {}
    for path, kind in _content_files(content_dir):
        signature = file_signature(path)
        cached = known.get(path)
        if cached and cached[0] == signature and cached[1].kind == kind:
            source: SourceFile | None = cached[1]
        else:
            source, file_problems = read_source(path, kind)
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
    """Every file under a folder, sorted, leaving out hidden ones (`.gitkeep`, `_drafts/`…)."""
    if not folder.is_dir():
        return ()
    return tuple(sorted(p for p in folder.rglob("*") if p.is_file() and not _hidden(p, folder)))


def _content_files(content_dir: Path) -> Iterator[tuple[Path, str]]:
    for folder, kind in KIND_FOLDERS.items():
        base = content_dir / folder
        if base.is_dir():
            for path in sorted(base.rglob("*.md")):
                if not _hidden(path, base):
                    yield path, kind


def _stray_files(content_dir: Path) -> Iterator[Problem]:
    """Markdown files outside the known folders would silently vanish; say so instead."""
    if not content_dir.is_dir():
        yield Problem(
            "the content folder is missing",
            content_dir,
            hint="create content/projects/ and put one .md file per project in it",
        )
        return
    known = set(KIND_FOLDERS) | {STATIC_FOLDER}
    for path in sorted(content_dir.rglob("*.md")):
        top = path.relative_to(content_dir).parts[0]
        if top not in known and not _hidden(path, content_dir):
            yield Problem(
                "this file is not in a content folder, so it would not be published",
                path,
                hint="move it into content/projects/, content/news/ or content/pages/",
            )


def _hidden(path: Path, base: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(base).parts)


def read_source(path: Path, kind: str) -> tuple[SourceFile | None, tuple[Problem, ...]]:
    """Read one content file; return it, or the problems that make it unreadable."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, (
            Problem(
                "the file is not UTF-8 text",
                path,
                line,
                "save it as UTF-8 (in Notepad: Save as → Encoding: UTF-8)",
            ),
        )
    handler = YAMLHandler()
    if not handler.detect(text):
        return None, (
            Problem(
                "the file has no front matter",
                path,
                1,
                "start the file with a line '---', the facts as 'key: value' "
                "lines, then another '---' line; `python build.py new` makes one",
            ),
        )
    return _parse(path, kind, text, handler)


def _parse(
    path: Path, kind: str, text: str, handler: YAMLHandler
) -> tuple[SourceFile | None, tuple[Problem, ...]]:
    try:
        front, body = handler.split(text)
    except ValueError:
        return None, (
            Problem(
                "the front matter is not closed", path, 1, "add a line with just '---' after the last fact"
            ),
        )
    offset = text[: text.index(front)].count("\n")  # lines before the YAML text begins
    try:
        node, meta = _load_yaml(front)
        meta = meta or {}
    except yaml.YAMLError as error:
        return None, (_yaml_problem(path, error, offset),)
    if not isinstance(meta, dict):
        return None, (
            Problem(
                "the front matter must be 'key: value' lines",
                path,
                offset + 1,
                "write each fact on its own line, e.g. title: My project",
            ),
        )
    key_lines: dict[KeyPath, int] = {}
    duplicates = list(_record_lines(node, (), offset, key_lines))
    if duplicates:
        return None, tuple(
            Problem(f"the key '{key}' is given twice", path, line, "keep one of them")
            for key, line in duplicates
        )
    name, language = _name_and_language(path)
    closing_line = text.count("\n", 0, len(text) - len(body)) + 1
    return SourceFile(
        path,
        kind,
        name,
        language,
        MappingProxyType(meta),
        MappingProxyType(key_lines),
        body,
        closing_line + 1,
    ), ()


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


def _yaml_problem(path: Path, error: yaml.YAMLError, offset: int) -> Problem:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + offset + 1 if mark is not None else None
    reason = getattr(error, "problem", None) or str(error)
    return Problem(
        f"the front matter is not valid YAML: {reason}",
        path,
        line,
        "check the indentation and the quotes; put a value that contains ': ' "
        "or starts with a special character in double quotes",
    )


def _name_and_language(path: Path) -> tuple[str, str | None]:
    stem = path.name.removesuffix(".md")
    base, _, suffix = stem.rpartition(".")
    if base and suffix in LANGUAGES:
        return base, suffix
    return stem, None
