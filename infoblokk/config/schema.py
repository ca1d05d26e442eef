"""Turning schema validation failures into problems a communication officer can act on.

Validation itself is pydantic's; this module only words its findings: which key, which line,
what was wrong and what would be valid, with a "did you mean" for misspelt keys.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from infoblokk.errors import Problem

LineOfKey = Callable[[tuple[str | int, ...]], int | None]


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
    model: type[BaseModel],
    data: Mapping[str, Any],
    path: Path,
    line_of: LineOfKey,
    hints: Mapping[str, str],
    unknown_note: str,
) -> tuple[BaseModel | None, tuple[Problem, ...]]:
    """Validate `data` against `model`; return the instance or the problems, never raise."""
    try:
        return model.model_validate(dict(data)), ()
    except ValidationError as error:
        problems = tuple(
            _problem(detail, model, path, line_of, hints, unknown_note)
            for detail in error.errors(include_url=False)
        )
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
        return Problem(f"required key '{key}' is missing", path, line_of(location[:-1]) or 1, hint)
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
        annotation = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return model
        model = annotation
    return model


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
