"""Mistakes people make in front matter, found where they start and explained in plain words.

YAML's own messages speak of tokens and mappings ("did not find expected key"), and point
where the parser gave up, often lines below the mistake: a quote left open on line 3 is
noticed on line 10. When YAML cannot read the front matter, each reader below looks for one
kind of mistake up to the line where YAML gave up, and the one that starts first is reported:

- a quote or a `[` list that opens and is never closed;
- a tab, or a non-breaking or other invisible space, where YAML needs an ordinary space;
- curly quotes (Word's “ ” ‘ ’ „) that do not enclose a whole value;
- a colon followed by a space inside a value, or a key without a space after its colon;
- text after a closing quote, a line indented under a complete one, a line that is no
  `key: value` at all (often the page's text, when the closing `---` is missing).

Curly quotes around a whole value are taken as ordinary quotes before YAML reads the text
(`straighten_curly_quotes`), and reported as a warning. `boundary_mistake` explains a file
whose `---` lines are missing or mistyped. Every line number here counts from 0.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import yaml

from infoblokk.messages import Text

# Characters that look like a space (or nothing) but are not one to YAML.
ODD_SPACES = (
    "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u200b\u3000\ufeff"
)
_NO_BREAK = "\u00a0\u2007\u202f"
_ZERO_WIDTH = "\u200b\ufeff"

CURLY_OPENING = "“„‘‚”"
CURLY_CLOSING = "”“’‘"
_CURLY = "“”„‘’‚"
_ALL_QUOTES_CLASS = re.escape(_CURLY + "\"'")

# `key:` or `- key:` at the start of a line, and a list item `- `: what a line of facts looks like.
KEY_LINE = re.compile(r"^\s*(?:-\s+)?[^\s:#\[\]{},'\"-][^:#]*:(?:\s|$)")
LIST_ITEM = re.compile(r"^\s*-(?:\s|$)")
_VALUE_LINE = re.compile(
    r"^(?P<lead>\s*(?:-\s+)?(?P<key>[^\s:#\[\]{},'\"-][^:#]*?):[ \t]+)(?P<value>.*?)\s*$"
)
_WHOLE_CURLY_VALUE = re.compile(
    rf"^(?P<lead>\s*(?:-\s+)?(?:[^\s:#\[\]{{}},'\"-][^:#]*?:[ \t]+)?)"
    rf"[{CURLY_OPENING}](?P<inner>[^{_ALL_QUOTES_CLASS}]*)[{CURLY_CLOSING}]"
    r"(?P<tail>\s*(?:#.*)?)$"
)
_CURLY_ITEM = re.compile(
    rf"(?<=[\[,])(?P<space>\s*)[{CURLY_OPENING}](?P<inner>[^{_ALL_QUOTES_CLASS}\[\],]*)[{CURLY_CLOSING}](?=\s*[,\]])"
)
_DASH_LIKE = re.compile(r"^[\s\-‐‑‒–—―−]*[‐‑‒–—―−][\s\-‐‑‒–—―−]*$|^\s*-{1,2}\s*$|^\s*-(?:\s+-)+\s*$")
BOUNDARY = re.compile(r"^-{3,}\s*$")


@dataclass(frozen=True)
class Explanation:
    """What is wrong, in plain words, what to do, and the line where it starts (from 0)."""

    message: str
    hint: str
    line: int


# --------------------------------------------------------------------------
# Curly quotes around a whole value
# --------------------------------------------------------------------------


def straighten_curly_quotes(front: str) -> tuple[str, tuple[int, ...]]:
    """The YAML text with curly quotes around whole values made straight, and the lines changed.

    `title: “Zala: megyei”` becomes `title: "Zala: megyei"`, also for list items (`- „A”`) and
    the items of a `[…]` list. Lines keep their number, so every line reported stays right.
    """
    lines = front.split("\n")
    changed: list[int] = []
    for number, line in enumerate(lines):
        straight = _straightened(line)
        if straight != line:
            lines[number] = straight
            changed.append(number)
    return "\n".join(lines), tuple(changed)


def _straightened(line: str) -> str:
    if not any(quote in line for quote in _CURLY) or line.lstrip().startswith("#"):
        return line
    whole = _WHOLE_CURLY_VALUE.match(line)
    if whole and whole["lead"].strip():
        return f"{whole['lead']}{_quoted(whole['inner'])}{whole['tail']}"
    return _CURLY_ITEM.sub(lambda item: f"{item['space']}{_quoted(item['inner'])}", line)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML string


CURLY_WARNING = (
    Text("the value on this line is in curly quotes (“ ” „ ‘ ’); they were taken as ordinary quotes"),
    Text(
        'type straight quotes instead, e.g. title: "…"; Word makes curly ones as you type '
        "(AutoCorrect: “Replace straight quotes with smart quotes”), a plain text editor does not"
    ),
)


# --------------------------------------------------------------------------
# The reason YAML could not read the front matter
# --------------------------------------------------------------------------


def explain_yaml_error(front: str, error: yaml.YAMLError) -> Explanation:
    """The first mistake that explains `error`, or YAML's reason said in plain words."""
    lines = front.split("\n")
    mark = getattr(error, "problem_mark", None)
    written = max((number for number, line in enumerate(lines) if line.strip()), default=0)
    last = min(mark.line, written) if mark is not None else written
    if isinstance(error, yaml.reader.ReaderError):  # no mark: where the character is
        last = front.count("\n", 0, error.position)
    found = _first_mistake(front, lines, last, error)
    if found is not None:
        return found
    return _plain_reason(error, last, lines)


def explain_not_key_value(front: str) -> Explanation | None:
    """Why front matter that YAML reads as something else than `key: value` lines is so, if known."""
    lines = front.split("\n")
    return _first_mistake(front, lines, len(lines) - 1, None)


Reader = Callable[[str, list[str], int, "yaml.YAMLError | None"], "Explanation | None"]


def _first_mistake(
    front: str, lines: list[str], last: int, error: yaml.YAMLError | None
) -> Explanation | None:
    readers: tuple[Reader, ...] = (
        _control_character,
        _unclosed_quote,
        _unclosed_list,
        _tab_indent,
        _odd_space,
        _curly_quotes,
        _no_space_after_colon,
        _colon_in_value,
        _text_after_quote,
        _special_first_character,
        _indented_under_complete_line,
        _not_a_fact,
    )
    found = [explanation for reader in readers if (explanation := reader(front, lines, last, error))]
    return min(found, key=lambda explanation: explanation.line) if found else None


def _control_character(
    front: str, lines: list[str], last: int, error: yaml.YAMLError | None
) -> Explanation | None:
    for number, line in enumerate(lines[: last + 1]):
        if any(unicodedata.category(char) == "Cc" and char != "\t" for char in line):
            return Explanation(
                Text("this line holds an invisible control character, which cannot be in the facts"),
                Text(
                    "delete the line and type it again; such characters come with text pasted from elsewhere"
                ),
                number,
            )
    return None


def _tokens_until(front: str, last: int) -> Iterator[yaml.Token]:
    """YAML's tokens that start on or before line `last`, as far as it can read them."""
    try:
        loader = yaml.SafeLoader(front)
    except yaml.YAMLError:  # a character YAML refuses to read at all
        return
    try:
        while loader.check_token():
            token = loader.get_token()  # type: ignore[no-untyped-call]
            if token.start_mark.line > last:
                return
            yield token
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def _unclosed_quote(
    front: str, lines: list[str], last: int, error: yaml.YAMLError | None
) -> Explanation | None:
    context_mark = getattr(error, "context_mark", None)
    if context_mark is not None and "quoted scalar" in (getattr(error, "context", None) or ""):
        return _quote_left_open(lines, context_mark.line)
    for token in _tokens_until(front, last):
        if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
            inside = front[token.start_mark.index : token.end_mark.index].split("\n")[1:]
            if token.start_mark.line < token.end_mark.line and any(map(_looks_like_a_fact, inside)):
                return _quote_left_open(lines, token.start_mark.line)
    return None


def _looks_like_a_fact(line: str) -> bool:
    return bool(KEY_LINE.match(line) or LIST_ITEM.match(line))


def _quote_left_open(lines: list[str], line: int) -> Explanation:
    text = lines[line]
    value = _VALUE_LINE.match(text)
    quote = '"' if '"' in text and ("'" not in text or text.index('"') < text.index("'")) else "'"
    if value is None:
        return Explanation(
            Text("the quote ({quote}) that opens the value on this line is never closed", quote=quote),
            Text("end the value with a {quote} on this line", quote=quote),
            line,
        )
    key = value["key"].strip()
    example = f"{key}: {quote}{value['value'].strip(quote)}{quote}"
    return Explanation(
        Text(
            "the quote ({quote}) that opens the value of '{key}' on this line is never closed",
            quote=quote,
            key=key,
        ),
        Text("end the value with the same quote on this line: {example}", example=example),
        line,
    )


def _unclosed_list(
    front: str, lines: list[str], last: int, error: yaml.YAMLError | None
) -> Explanation | None:
    opened: list[yaml.Token] = []
    for token in _tokens_until(front, last):
        if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
            opened.append(token)
        elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and opened:
            opened.pop()
    if not opened or error is None or opened[0].start_mark.line >= last:
        return None
    bracket = "[" if isinstance(opened[0], yaml.FlowSequenceStartToken) else "{"
    closing = "]" if bracket == "[" else "}"
    return Explanation(
        Text("the list that opens with '{bracket}' on this line is never closed", bracket=bracket),
        Text(
            "end it with '{closing}' on the same line, e.g. tags: [esélyegyenlőség, képzés]", closing=closing
        ),
        opened[0].start_mark.line,
    )


def _tab_indent(front: str, lines: list[str], last: int, error: yaml.YAMLError | None) -> Explanation | None:
    for number, line in enumerate(lines[: last + 1]):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent or re.match(r"^\s*-\t", line):
            return Explanation(
                Text("this line is indented with a tab; YAML needs ordinary spaces"),
                Text(
                    "delete the tab at the start of the line and type spaces instead, "
                    "as many as the lines around it (two per level)"
                ),
                number,
            )
    return None


def _odd_space(front: str, lines: list[str], last: int, error: yaml.YAMLError | None) -> Explanation | None:
    for number, line in enumerate(lines[: last + 1]):
        where = odd_space_position(line)
        if where is not None:
            return odd_space_explanation(line, where, number)
    return None


def odd_space_position(line: str) -> Text | None:
    """Where a line has a space YAML does not take for one, in words; None if it has none there."""
    indent = len(line) - len(line.lstrip(" \t" + ODD_SPACES))
    if any(char in ODD_SPACES for char in line[:indent]):
        return Text("at the start of the line")
    key, colon, rest = line[indent:].partition(":")
    if not colon or "#" in key or any(quote in key for quote in "\"'[{"):
        return None
    if any(char in ODD_SPACES for char in key):
        return Text("in the key '{key}'", key=_visible(key))
    if rest[:1] and rest[0] in ODD_SPACES:
        return Text("after '{key}:'", key=key.strip())
    return None


def odd_space_explanation(line: str, where: Text, number: int) -> Explanation:
    odd = next(char for char in line if char in ODD_SPACES)
    if odd in _NO_BREAK:
        name = Text("a non-breaking space")
    elif odd in _ZERO_WIDTH:
        name = Text("an invisible zero-width space")
    else:
        name = Text("a special space character")
    return Explanation(
        Text(
            "this line has {name} {where}, which looks like a space but is not one to YAML",
            name=name,
            where=where,
        ),
        Text(
            "delete the space there and type an ordinary one (word processors put non-breaking spaces "
            "in with Ctrl+Shift+Space, and text copied from web pages often has them)"
        ),
        number,
    )


def _visible(text: str) -> str:
    return "".join(" " if char in ODD_SPACES else char for char in text).strip()


def _curly_quotes(
    front: str, lines: list[str], last: int, error: yaml.YAMLError | None
) -> Explanation | None:
    if error is None:
        return None
    for number, line in enumerate(lines[: last + 1]):
        value = _VALUE_LINE.match(line)
        if value and value["value"][:1] in _CURLY:
            return Explanation(
                Text("this value starts with a curly quote (“ „ ‘), which YAML does not take as a quote"),
                Text(
                    "put the whole value in straight double quotes: {key}: {value}",
                    key=value["key"].strip(),
                    value=_quoted(value["value"].strip(_CURLY + " ")),
                ),
                number,
            )
    return None


def _no_space_after_colon(
    front: str, lines: list[str], last: int, error: yaml.YAMLError | None
) -> Explanation | None:
    for number, line in enumerate(lines[: last + 1]):
        missing = re.match(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):([^\s/:\"'].*)$", line)
        if missing and missing[2] not in ("http", "https", "mailto"):
            return Explanation(
                Text("there is no space after the colon of '{key}'", key=missing[2]),
                Text(
                    "write a space after the colon: {key}: {value}", key=missing[2], value=missing[3].strip()
                ),
                number,
            )
    return None


def _colon_in_value(
    front: str, lines: list[str], last: int, error: yaml.YAMLError | None
) -> Explanation | None:
    if error is None:
        return None
    for number, line in enumerate(lines[: last + 1]):
        value = _VALUE_LINE.match(line)
        if value is None or value["value"][:1] in "\"'[{|>&*!" or value["value"].startswith("#"):
            continue
        if re.search(r":(\s|$)", value["value"]):
            key = value["key"].strip()
            return Explanation(
                Text(
                    "the value of '{key}' contains a colon followed by a space, "
                    "which YAML reads as the start of another key",
                    key=key,
                ),
                _in_double_quotes(key, value["value"]),
                number,
            )
    return None


def _text_after_quote(
    front: str, lines: list[str], last: int, error: yaml.YAMLError | None
) -> Explanation | None:
    if error is None:
        return None
    line = lines[last]
    value = _VALUE_LINE.match(line)
    if value is None:
        return None
    quoted = re.match(r"^([\"'])(.*?)\1\s*([^\s#,\]}].*)$", value["value"])
    if quoted is None:
        return None
    key = value["key"].strip()
    return Explanation(
        Text("the value of '{key}' goes on after its closing quote", key=key),
        _in_double_quotes(key, value["value"]),
        last,
    )


def _in_double_quotes(key: str, value: str) -> Text:
    return Text("put the whole value in double quotes: {key}: {value}", key=key, value=_quoted(value))


def _special_first_character(
    front: str, lines: list[str], last: int, error: yaml.YAMLError | None
) -> Explanation | None:
    if error is None:
        return None
    value = _VALUE_LINE.match(lines[last])
    if value is None or not value["value"] or value["value"][0] not in "*&!%@`":  # "" is in any text
        return None
    key = value["key"].strip()
    return Explanation(
        Text(
            "the value of '{key}' starts with '{character}', which has a special meaning in YAML",
            key=key,
            character=value["value"][0],
        ),
        _in_double_quotes(key, value["value"]),
        last,
    )


def _indented_under_complete_line(
    front: str, lines: list[str], last: int, error: yaml.YAMLError | None
) -> Explanation | None:
    if error is None:
        return None
    line = lines[last]
    indent = len(line) - len(line.lstrip(" "))
    above = next(
        (text for text in reversed(lines[:last]) if text.strip() and not text.lstrip().startswith("#")), None
    )
    if not indent or above is None or not KEY_LINE.match(line):
        return None
    above_value = _VALUE_LINE.match(above)
    above_indent = len(above) - len(above.lstrip(" "))
    if above_value is None or not above_value["value"] or above_indent >= indent:
        return None
    return Explanation(
        Text("this line is indented, but the line above it already has its value"),
        Text(
            "delete the spaces at the start of this line; only the lines under a key "
            "with nothing after its colon (such as extra:) are indented"
        ),
        last,
    )


def _not_a_fact(front: str, lines: list[str], last: int, error: yaml.YAMLError | None) -> Explanation | None:
    for number, line in enumerate(lines[: last + 1]):
        if line[:1].strip() and not line.startswith("#") and not _looks_like_a_fact(line):
            if _inside_a_value(front, number):
                continue
            return Explanation(
                Text("this line is not a 'key: value' line"),
                Text(
                    "write each fact as 'key: value'; if this is the page's text, the '---' line "
                    "that ends the facts is missing above it"
                ),
                number,
            )
    return None


def _inside_a_value(front: str, line: int) -> bool:
    """Whether a line is part of a quoted or […] value that started above it."""
    depth = 0
    for token in _tokens_until(front, line):
        if isinstance(token, yaml.ScalarToken) and token.start_mark.line < line <= token.end_mark.line:
            return True
        if token.start_mark.line < line:
            depth += isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken))
            depth -= isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken))
    return depth > 0


_REASONS = (
    ("mapping values are not allowed", Text("a colon in this line cannot be read as 'key: value'")),
    ("could not find expected ':'", Text("a line above this one has no colon after its key")),
    ("did not find expected key", Text("this line does not fit with the lines above it")),
    ("did not find expected ',' or ']'", Text("a list in [ ] is not closed with ']'")),
    (
        "cannot start any token",
        Text("this line has a character that cannot start a value (such as ` @ or %)"),
    ),
    ("found undefined alias", Text("a value starts with '*', which YAML reads as a reference")),
    ("end of stream", Text("the front matter ends in the middle of a value")),
    ("characters are not allowed", Text("this line holds an invisible control character")),
)


def _plain_reason(error: yaml.YAMLError, last: int, lines: list[str]) -> Explanation:
    reason = str(getattr(error, "problem", None) or error)
    said = next((plain for words, plain in _REASONS if words in reason), Text("YAML cannot read this line"))
    return Explanation(
        Text("the front matter cannot be read here: {reason}", reason=said),
        Text(
            "check this line and the one above it: indent with spaces only, close every quote and "
            "every [ ], and put a value that contains ': ' or starts with a special character "
            '(* & ! % @ `) in double quotes: summary: "*Fontos*: a határidő"'
        ),
        last,
    )


# --------------------------------------------------------------------------
# The `---` lines
# --------------------------------------------------------------------------


def boundary_mistake(text: str) -> Explanation:
    """Why a file has no front matter between two `---` lines, as exactly as can be told."""
    lines = text.split("\n")
    if not BOUNDARY.match(lines[0]):
        return _opening_mistake(lines)
    return _closing_mistake(lines)


def _opening_mistake(lines: list[str]) -> Explanation:
    first = next((number for number, line in enumerate(lines) if line.strip()), 0)
    if BOUNDARY.match(lines[first]):
        return Explanation(
            Text("the '---' line must be the very first line of the file"),
            Text("delete the empty lines above it"),
            first,
        )
    if _DASH_LIKE.match(lines[first]):
        return _mistyped_boundary(lines[first], first)
    if KEY_LINE.match(lines[first]):
        if any(BOUNDARY.match(line) for line in lines[first + 1 :]):
            return Explanation(
                Text("the '---' line above the facts is missing"),
                Text("add a line with just '---' above the first fact"),
                first,
            )
        return Explanation(
            Text("the facts are not between '---' lines"),
            Text("add a line with just '---' above the first fact, and another one below the last"),
            first,
        )
    return Explanation(
        Text("the file has no front matter"),
        Text(
            "start the file with a line '---', the facts as 'key: value' lines, then another "
            "'---' line; `python build.py new` makes one"
        ),
        first,
    )


def _is_comment(line: str) -> bool:
    """A YAML comment; `## Heading` is the page's Markdown, which pages start their headings with."""
    return line.startswith("#") and not line.startswith("##")


def _mistyped_boundary(line: str, number: int) -> Explanation:
    return Explanation(
        Text("this line should be three hyphens '---', but it is '{line}'", line=line.strip()),
        Text(
            "type three hyphens (minus signs) and nothing else: ---; a word processor may "
            "have turned them into a long dash"
        ),
        number,
    )


def _closing_mistake(lines: list[str]) -> Explanation:
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() and _DASH_LIKE.match(line):
            return _mistyped_boundary(line, number)
        if line.strip() == "...":
            return Explanation(
                Text("the front matter ends with '...'; infoblokk needs '---'"),
                Text("replace '...' with '---'"),
                number,
            )
        if line[:1].strip() and not _is_comment(line) and not _looks_like_a_fact(line):
            return Explanation(
                Text("the front matter has no closing '---' line: this line looks like the page's text"),
                Text("add a line with just '---' above this line, after the last fact"),
                number,
            )
    return Explanation(
        Text("the front matter is not closed"),
        Text("add a line with just '---' after the last fact"),
        0,
    )
