"""What infoblokk says, in the user's language: messages kept in English until they are shown.

    Text          a message and its named arguments: `Text("the template '{name}' was not found",
                  name=name)`; it *is* the English text (a `str`), and remembers how it was made
    Plural        a Text whose wording follows a number: `Plural("{count} error", "{count} errors", n)`
    Language      one language's catalogue; `language(message)` is the message in that language
    ENGLISH       the language of the message ids themselves, used when none is chosen
    load_language the catalogue of `hu`, `ro` or `en`, from the package's `locale/` folder
    choose_language  which language to speak: `--lang`, else INFOBLOKK_LANG, else the site's
    message_of    the Text an exception was raised with, or its plain text

The catalogues are standard gettext ones, made with Babel (see README.md, "Messages in your
language"): `locale/infoblokk.pot` lists every message id found in the sources (the calls of
`Text` and `Plural`), `locale/<lang>/LC_MESSAGES/infoblokk.po` translates them, and building
the package compiles each `.po` into the `.mo` gettext reads. A checkout that has no `.mo` (or
an older one than its `.po`) compiles the `.po` in memory when the language is loaded.

A message is translated only where it is shown (the command line, the report, the error page
of `serve`); everything before works with English text, and code that treats a message as a
plain string (comparing, searching, writing it to a log) still can.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, cast

LANGUAGES = ("hu", "en", "ro")
DOMAIN = "infoblokk"
ENVIRONMENT_VARIABLE = "INFOBLOKK_LANG"


class Text(str):
    """A message id with its named arguments; as a `str`, the English text.

    Arguments that are Texts themselves (a reason inside a sentence) are translated too; any
    other argument is a value (a file name, a number) and is shown as it is.
    """

    message: str
    arguments: Mapping[str, Any]

    def __new__(cls, message: str, /, **arguments: Any) -> Text:
        values = {name: _value(value) for name, value in arguments.items()}
        text = super().__new__(cls, _filled(message, values))
        text.message = message
        text.arguments = values
        return text

    def translated(self, catalogue: gettext.NullTranslations) -> str:
        return _filled(catalogue.gettext(self.message), self._translated_arguments(catalogue), self)

    def _translated_arguments(self, catalogue: gettext.NullTranslations) -> dict[str, Any]:
        return {
            name: value.translated(catalogue) if isinstance(value, Text) else value
            for name, value in self.arguments.items()
        }

    def __reduce__(self) -> tuple[Any, ...]:  # pickled for render workers: keep what it was made of
        return (_rebuilt, (self.as_data(),))

    def as_data(self) -> dict[str, Any]:
        """A JSON-ready description, from which `from_data` makes the same message again."""
        return {"text": self.message, "arguments": {k: _data(v) for k, v in self.arguments.items()}}


class Plural(Text):
    """A message whose wording depends on a number, `count` (also an argument of both forms)."""

    plural: str
    number: int  # not `count`, which every str has as a method

    def __new__(cls, singular: str, plural: str, count: int, /, **arguments: Any) -> Plural:
        chosen = singular if count == 1 else plural
        text = cast(Plural, super().__new__(cls, chosen, count=count, **arguments))
        text.message, text.plural, text.number = singular, plural, count
        return text

    def translated(self, catalogue: gettext.NullTranslations) -> str:
        wording = catalogue.ngettext(self.message, self.plural, self.number)
        return _filled(wording, self._translated_arguments(catalogue), self)

    def as_data(self) -> dict[str, Any]:
        return {**super().as_data(), "plural": self.plural, "count": self.number}


def from_data(data: Any) -> str:
    """The message `Text.as_data` described, or the plain text that was stored instead."""
    if isinstance(data, str):
        return data
    arguments = {
        name: from_data(value) if isinstance(value, dict) else value
        for name, value in dict(data["arguments"]).items()
    }
    if "plural" in data:
        arguments.pop("count", None)
        return Plural(str(data["text"]), str(data["plural"]), int(data["count"]), **arguments)
    return Text(str(data["text"]), **arguments)


def _rebuilt(data: dict[str, Any]) -> str:
    return from_data(data)


def _data(value: Any) -> Any:
    return value.as_data() if isinstance(value, Text) else value


def _value(value: Any) -> Any:
    """Texts, numbers and plain strings stay; anything else (a Path, a date) becomes its text."""
    if isinstance(value, Text) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    return str(value)


def _filled(wording: str, arguments: Mapping[str, Any], fallback: str | None = None) -> str:
    """The wording with its arguments put in; a translation whose placeholders are broken
    falls back to the English text rather than failing the command."""
    try:
        return wording.format(**arguments)
    except (KeyError, IndexError, ValueError):
        if fallback is None:
            raise
        return str.__str__(fallback)


@dataclass(frozen=True)
class Language:
    """One language's catalogue: call it with a message to get the message in that language."""

    code: str
    catalogue: gettext.NullTranslations

    def __call__(self, message: str) -> str:
        """A Text in this language; any other string is a value (a name, a system's message) as is."""
        return message.translated(self.catalogue) if isinstance(message, Text) else message

    def seconds(self, value: float) -> str:
        """A duration with two decimals, written as this language writes numbers (1.25, 1,25)."""
        from babel.numbers import format_decimal  # babel is a dependency; loaded only when needed

        return format_decimal(value, format="0.00", locale=self.code)


ENGLISH = Language("en", gettext.NullTranslations())


def load_language(code: str) -> Language:
    """The catalogue of a language; English, whose messages are their own ids, needs none."""
    if code not in LANGUAGES or code == "en":
        return ENGLISH
    folder = resources.files("infoblokk") / "locale" / code / "LC_MESSAGES"
    compiled, source = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if compiled.is_file() and not _older(compiled, source):
        with compiled.open("rb") as file:
            return Language(code, gettext.GNUTranslations(file))
    if source.is_file():
        return Language(code, gettext.GNUTranslations(_compiled_once(source, compiled)))
    return ENGLISH


def _older(compiled: Traversable, source: Traversable) -> bool:
    """Whether a checkout's `.po` was edited after its `.mo` was compiled (a wheel has both, in order)."""
    try:
        return Path(str(source)).stat().st_mtime > Path(str(compiled)).stat().st_mtime
    except OSError:
        return False


def _compiled_once(source: Traversable, compiled: Traversable) -> io.BytesIO:
    """A `.po` compiled in memory, and kept beside it as its `.mo` where the folder can be
    written, as Python keeps its compiled modules: the next run loads it at once instead of
    compiling again (a tenth of a second, much of what a build with nothing to do takes). The
    `.mo` gets the time the `.po` had when it was read, so a `.po` edited since is newer."""
    try:
        edited = Path(str(source)).stat().st_mtime_ns
    except OSError:
        edited = None
    made = _compiled_in_memory(source)
    if edited is not None:
        _keep(Path(str(compiled)), made.getvalue(), edited)
    return made


def _keep(path: Path, data: bytes, mtime_ns: int) -> None:
    """Write `data` to `path` whole or not at all; where it cannot be written, nothing is lost."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(data)
        os.utime(partial, ns=(mtime_ns, mtime_ns))
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)


def _compiled_in_memory(source: Traversable) -> io.BytesIO:
    """A `.po` compiled as `pybabel compile` would, for a checkout where nobody compiled it."""
    from babel.messages.mofile import write_mo  # only a development checkout gets here
    from babel.messages.pofile import read_po

    with source.open("rb") as file:
        catalogue = read_po(file)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return compiled


def choose_language(option: str | None, environment: Mapping[str, str], site_language: str | None) -> str:
    """`--lang`, else the environment variable, else the site's language, else English."""
    for candidate in (option, environment.get(ENVIRONMENT_VARIABLE), site_language):
        code = (candidate or "").strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def message_of(error: BaseException) -> str:
    """What an exception says: the Text it was raised with (so it can be translated), or its text."""
    if len(error.args) == 1 and isinstance(error.args[0], Text):
        return error.args[0]
    return str(error)
