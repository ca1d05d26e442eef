"""Turning schema validation failures into problems a communication officer can act on.

Validation itself is pydantic's; this module only words its findings: which key, which line,
what was wrong and what would be valid, with a "did you mean" for misspelt keys. It also reads
the TOML files that are validated this way (`read_toml`): tomllib knows no positions, so
`toml_line` finds the line of a key in the text.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from infoblokk.errors import BuildFailed, Problem

LineOfKey = Callable[[tuple[str | int, ...]], int | None]
Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class TomlFile:
    """A TOML file as read: where it is, its text (for line numbers) and its data."""

    path: Path
    text: str
    data: Mapping[str, Any]

    def line_of(self, location: tuple[str | int, ...]) -> int | None:
        return toml_line(self.text, location)


def read_toml(source: Traversable) -> TomlFile:
    """Read a UTF-8 TOML file; BuildFailed naming the file and line if it is neither."""
    path = Path(str(source))
    raw = source.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise BuildFailed((Problem("the file is not UTF-8 text", path, line, "save it as UTF-8"),)) from None
    try:
        return TomlFile(path, text, tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise BuildFailed((toml_problem(path, error),)) from None


def toml_problem(path: Path, error: tomllib.TOMLDecodeError) -> Problem:
    """A TOML syntax error, with its line as the location rather than inside the message."""
    match = re.search(r"\(at line (\d+)", str(error))
    line = int(match.group(1)) if match else None
    message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
    return Problem(
        f"this is not valid TOML: {message}",
        path,
        line,
        'check quotes and = signs; text values need quotes: title = "My site"',
    )


def toml_line(text: str, location: tuple[str | int, ...]) -> int | None:
    """The line where a dotted key is set, found by reading the TOML text (tomllib has no positions)."""
    *tables, key = [str(part) for part in location] or [""]
    wanted_table = ".".join(tables)
    current_table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[+\s*([^\]]+?)\s*\]+", line)
        if header:
            current_table = header.group(1)
            if current_table == ".".join([*tables, key]):
                return number
        elif current_table == wanted_table and re.match(rf'^\s*"?{re.escape(key)}"?\s*=', line):
            return number
    return None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest known word to a misspelt one, if any is close enough."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def unknown_key_hint(key: str, known: Iterable[str], extra_note: str) -> str:
    """A hint for a key the schema does not know."""
    known = sorted(known)
    guess = did_you_mean(key, known)
    if guess:
        return f"did you mean '{guess}'? {extra_note}"
    return f"known keys: {', '.join(known)}. {extra_note}"


def validate(
    model: type[Model],
    data: Mapping[str, Any],
    path: Path,
    line_of: LineOfKey,
    hints: Mapping[str, str],
    unknown_note: str,
    *,
    partial: bool = False,
) -> tuple[Model | None, tuple[Problem, ...]]:
    """Validate `data` against `model`; return the instance or the problems, never raise.

    `partial`: the data may leave required keys out, because another file fills them in (a
    child theme's labels): only unknown keys and wrong values are problems (and the instance
    is None if a key was left out).
    """
    try:
        return model.model_validate(dict(data)), ()
    except ValidationError as error:
        details = [d for d in error.errors(include_url=False) if not (partial and d["type"] == "missing")]
        problems = tuple(_problem(detail, model, path, line_of, hints, unknown_note) for detail in details)
        return None, problems


def _problem(
    detail: Any,
    model: type[BaseModel],
    path: Path,
    line_of: LineOfKey,
    hints: Mapping[str, str],
    unknown_note: str,
) -> Problem:
    location: tuple[str | int, ...] = tuple(detail["loc"])
    key = ".".join(str(part) for part in location) or "(top level)"
    hint = _hint_for(location, hints)
    if detail["type"] == "extra_forbidden":
        known = _known_keys(_model_at(model, location[:-1]))
        return Problem(
            f"unknown key '{key}'",
            path,
            line_of(location),
            unknown_key_hint(str(location[-1]), known, unknown_note),
        )
    if detail["type"] == "missing":
        what = f"table [{key}]" if _is_table(model, location) else f"key '{key}'"
        return Problem(f"required {what} is missing", path, line_of(location[:-1]) or 1, hint)
    return Problem(f"'{key}': {_plain_message(detail)}", path, line_of(location), hint)


def _hint_for(location: tuple[str | int, ...], hints: Mapping[str, str]) -> str:
    """The most specific hint written for this key (`banner.fund`, then `banner`), or a general one."""
    names = [str(part) for part in location if isinstance(part, str)]
    for length in range(len(names), 0, -1):
        hint = hints.get(".".join(names[:length]))
        if hint:
            return hint
    return "see the list of keys and what they take in README.md"


def _model_at(model: type[BaseModel], location: tuple[str | int, ...]) -> type[BaseModel]:
    """The schema of a nested table, following the location's keys from the top."""
    for part in location:
        field = model.model_fields.get(str(part))
        table = _table_schema(field.annotation) if field else None
        if table is None:
            return model
        model = table
    return model


def _is_table(model: type[BaseModel], location: tuple[str | int, ...]) -> bool:
    """Whether the key at `location` holds a table of its own schema."""
    field = _model_at(model, location[:-1]).model_fields.get(str(location[-1])) if location else None
    return field is not None and _table_schema(field.annotation) is not None


def _table_schema(annotation: Any) -> type[BaseModel] | None:
    """The schema of a table-valued key (`StatusLabels`, or `TextsTable | None` for an optional one)."""
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _known_keys(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def _plain_message(detail: Any) -> str:
    """Pydantic's message, minus its programmer's prefixes, plus the value given."""
    message = str(detail["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    given = detail.get("input")
    if detail["type"] != "value_error" and not isinstance(given, (dict, list)):
        message = f"{message} (got {given!r})"
    return message
