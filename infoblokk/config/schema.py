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
from infoblokk.messages import Plural, Text, message_of

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
        problem = Problem(Text("the file is not UTF-8 text"), path, line, Text("save it as UTF-8"))
        raise BuildFailed((problem,)) from None
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
        Text("this is not valid TOML: {reason}", reason=message),
        path,
        line,
        Text('check quotes and = signs; text values need quotes: title = "My site"'),
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


def unknown_key_hint(key: str, known: Iterable[str], extra_note: str) -> Text:
    """A hint for a key the schema does not know."""
    known = sorted(known)
    guess = did_you_mean(key, known)
    if guess:
        return Text("did you mean '{guess}'? {note}", guess=guess, note=extra_note)
    return Text("known keys: {keys}. {note}", keys=", ".join(known), note=extra_note)


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
            Text("unknown key '{key}'", key=key),
            path,
            line_of(location),
            unknown_key_hint(str(location[-1]), known, unknown_note),
        )
    if detail["type"] == "missing":
        missing = (
            Text("required table [{key}] is missing", key=key)
            if _is_table(model, location)
            else Text("required key '{key}' is missing", key=key)
        )
        return Problem(missing, path, line_of(location[:-1]) or 1, hint)
    return Problem(
        Text("'{key}': {reason}", key=key, reason=_plain_message(detail)), path, line_of(location), hint
    )


def _hint_for(location: tuple[str | int, ...], hints: Mapping[str, str]) -> str:
    """The most specific hint written for this key (`banner.fund`, then `banner`), or a general one."""
    names = [str(part) for part in location if isinstance(part, str)]
    for length in range(len(names), 0, -1):
        hint = hints.get(".".join(names[:length]))
        if hint:
            return hint
    return Text("see the list of keys and what they take in README.md")


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
    """Pydantic's message, minus its programmer's prefixes, plus the value given.

    Our own validators raise a Text, kept so that it can be translated; pydantic's own
    messages for the commonest mistakes are worded here (the rest stay pydantic's English).
    """
    error = detail.get("ctx", {}).get("error")
    if detail["type"] == "value_error" and isinstance(error, BaseException):
        return message_of(error)
    message: str = _pydantic_message(detail) or str(detail["msg"]).removeprefix("Assertion failed, ")
    given = detail.get("input")
    if detail["type"] != "value_error" and not isinstance(given, (dict, list)):
        message = Text("{message} (got {given})", message=message, given=repr(given))
    return message


def _pydantic_message(detail: Any) -> Text | None:
    """Pydantic's message for the mistakes people make in these files, in words we can translate."""
    context = detail.get("ctx", {})
    kind = detail["type"]
    if kind == "literal_error":
        return Text("Input should be {expected}", expected=context.get("expected", ""))
    if kind in ("bool_parsing", "bool_type"):
        return Text("Input should be a valid boolean")
    if kind in ("string_type", "string_sub_type"):
        return Text("Input should be a valid string")
    if kind == "string_too_short":
        least = int(context.get("min_length", 1))
        return Plural(
            "String should have at least {count} character",
            "String should have at least {count} characters",
            least,
        )
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return Text("Input should be a valid integer")
    if kind == "greater_than_equal":
        return Text("Input should be greater than or equal to {limit}", limit=context.get("ge", ""))
    if kind == "less_than_equal":
        return Text("Input should be less than or equal to {limit}", limit=context.get("le", ""))
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return Text("Input should be a valid dictionary")
    if kind in ("list_type", "tuple_type"):
        return Text("Input should be a valid list")
    return None
