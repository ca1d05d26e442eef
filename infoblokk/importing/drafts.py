"""Draft project files: written from imported facts, and their facts updated in place.

Both importers write through here, so that an imported file reads like one `new project`
made: the keys in the same order, each with its Hungarian comment, `draft: true` at the end.
A mandatory fact the source did not give is left out (a commented line says so, and `check`
reports it once the draft flag is gone); nothing is ever filled in by guess.

`update_facts` changes only the lines of the facts it is given, in a file a person may have
edited since: every other key, every comment and the whole body stay as they are, and a fact
whose value is already the same (written otherwise, `"74.998.560,- Ft"` for 74998560) is
left untouched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from infoblokk.content.amounts import parse_amount
from infoblokk.content.filenames import name_problem, suggested_slug
from infoblokk.content.project_ids import parse_project_id
from infoblokk.content.slugs import slugify
from infoblokk.importing.facts import FactValue

# The keys in the order `new project` writes them, each with its comment.
COMMENTS: Mapping[str, str] = MappingProxyType(
    {
        "title": "Projekt címe – ahogy a támogatási szerződésben szerepel.",
        "project_id": "Projekt azonosító száma, pl. EFOP-1.6.3-17-2017-00006.",
        "beneficiary": "Kedvezményezett neve. Konzorcium esetén lista, a konzorciumvezető az első.",
        "grant_amount": "Szerződött támogatás összege.",
        "currency": "Pénznem (HUF, EUR, RON); ha elhagyja, a site_config.toml szerinti.",
        "funding_rate": "Támogatás mértéke (%-ban): 0-nál nagyobb, legfeljebb 100.",
        "start_date": "A projekt kezdete (nem kötelező), ÉÉÉÉ-HH-NN formában.",
        "end_date": "Projekt tervezett befejezési dátuma, ÉÉÉÉ-HH-NN formában.",
        "fund": "Alap: ESZA, ERFA, KA vagy ESZA+.",
        "summary": "Egy-két mondat a projektlistához és a keresőknek.",
        "county": "Megye (nem kötelező), a szűréshez.",
        "website": "A projekt saját honlapja (nem kötelező).",
        "objective": "A projekt fő célja egy mondatban, a plakátra és az emléktáblára.",
        "total_cost": "A projekt teljes költsége, mint a támogatás összege.",
        "eu_cofinancing_rate": "Az uniós társfinanszírozási arány %-ban (nem azonos a támogatás mértékével).",
        "nuts": "A helyszín NUTS-kódja.",
        "intervention_category": "A beavatkozási kategória száma.",
        "programme_code": "Az operatív program CCI-kódja.",
    }
)
MANDATORY = ("title", "project_id", "beneficiary", "grant_amount", "funding_rate", "end_date")
"""The mandatory facts written in the front matter (the seventh, the description, is the body)."""

_MISSING = "# {key}:   <- {comment} A forrásban nem szerepelt: ha tudja, írja be, és vegye ki a # jelet."
_DRAFT = (
    "# Amíg true, az oldal nem jelenik meg a honlapon. Ha mindent átnézett, törölje ezt a sort.\ndraft: true"
)
_EXTRA = "# További adatok a forrásból (a sablonok használhatják)."


@dataclass(frozen=True)
class Draft:
    """What an importer found for one project: its facts, its text, where they came from."""

    facts: Mapping[str, FactValue]
    body: str
    source: str
    """Where it came from, as the file's first comment names it: `somogy.html`, `lista.csv, 4. sor`."""
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.facts["title"])


def file_name(title: str) -> str:
    """The draft's file name, from its title: `somogy-megyei-….md`, cut at a word if too long."""
    slug = slugify(title)
    return f"{slug if name_problem(slug) is None else suggested_slug(slug)}.md"


def draft_text(draft: Draft) -> str:
    """The whole file: front matter in `new project`'s order and style, then the body."""
    lines = [f"# Importálva ebből: {draft.source}. Olvassa át a tényeket és a szöveget is."]
    for key, comment in COMMENTS.items():
        if key in draft.facts:
            lines += [f"# {comment}", f"{key}: {yaml_value(draft.facts[key])}"]
        elif key in MANDATORY:
            lines.append(_MISSING.format(key=key, comment=comment))
    if draft.extra:
        lines += [_EXTRA, "extra:"] + [f"  {key}: {yaml_value(value)}" for key, value in draft.extra.items()]
    lines.append(_DRAFT)
    body = draft.body.strip()
    return "---\n" + "\n".join(lines) + "\n---\n" + (f"\n{body}\n" if body else "")


def write_draft(folder: Path, draft: Draft) -> Path:
    """Write a new draft into `folder`; FileExistsError when its file is there already."""
    path = folder / file_name(draft.title)
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as file:
        file.write(draft_text(draft))
    return path


def yaml_value(value: FactValue) -> str:
    """A value as YAML that reads back as the same fact."""
    if isinstance(value, tuple) and len(value) == 1:
        return json.dumps(value[0], ensure_ascii=False)
    if isinstance(value, tuple):
        return "[" + ", ".join(json.dumps(name, ensure_ascii=False) for name in value) + "]"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value) if value == value.to_integral_value() else json.dumps(str(value))
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML string


# ---------------------------------------------------------------------------------------------
# Updating the facts of an existing file
# ---------------------------------------------------------------------------------------------

_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:(?P<rest>.*)$")


@dataclass(frozen=True)
class FrontMatter:
    """A content file split at its front matter: the lines between the `---` lines, and the rest."""

    head: list[str]
    lines: list[str]
    tail: str


def split_front_matter(text: str) -> FrontMatter | None:
    """The front matter lines of a content file, or None when it has none."""
    all_lines = text.split("\n")
    if not all_lines or all_lines[0].strip() != "---":
        return None
    for index in range(1, len(all_lines)):
        if all_lines[index].strip() == "---":
            return FrontMatter(all_lines[:1], all_lines[1:index], "\n".join(all_lines[index:]))
    return None


def read_front_matter(text: str) -> Mapping[str, Any]:
    """The keys of a content file's front matter ({} when it has none or it cannot be read)."""
    front = split_front_matter(text)
    if front is None:
        return {}
    try:
        loaded = yaml.load("\n".join(front.lines), Loader=_NoDatesLoader)
    except yaml.YAMLError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


class _NoDatesLoader(yaml.SafeLoader):
    """YAML without implicit dates, as the content model reads it."""


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def update_facts(path: Path, facts: Mapping[str, FactValue]) -> tuple[str, ...]:
    """Change the facts of `path` that differ from `facts`; return the keys changed.

    Only top-level key lines are replaced (with the lines indented under them); a key the file
    lacks is added before `draft:` or at the end of the front matter. The body is not touched.
    """
    text = path.read_text(encoding="utf-8")
    front = split_front_matter(text)
    if front is None:
        return ()
    current = read_front_matter(text)
    lines = list(front.lines)
    changed = []
    for key, value in facts.items():
        if key in current and same_fact(key, current[key], value):
            continue
        lines = _with_key(lines, key, value)
        changed.append(key)
    if changed:
        updated = "\n".join([*front.head, *lines, front.tail])
        path.write_text(updated, encoding="utf-8", newline="")
    return tuple(changed)


def _with_key(lines: list[str], key: str, value: FactValue) -> list[str]:
    new_line = f"{key}: {yaml_value(value)}"
    for index, line in enumerate(lines):
        found = _KEY_LINE.match(line)
        if found and found["key"] == key:
            end = index + 1
            while end < len(lines) and lines[end][:1] in (" ", "\t", "-") and lines[end].strip():
                end += 1  # the value's own lines (a block list, a folded text) go with it
            return [*lines[:index], new_line + _kept_comment(found["rest"]), *lines[end:]]
    for index, line in enumerate(lines):
        if line.startswith(f"# {key}:"):  # the line a draft keeps for a fact its source lacked
            return [*lines[:index], new_line, *lines[index + 1 :]]
    draft_at = next((i for i, line in enumerate(lines) if line.startswith("draft:")), len(lines))
    while draft_at > 0 and lines[draft_at - 1].startswith("#") and draft_at < len(lines):
        draft_at -= 1  # above the draft line's own comment
    return [*lines[:draft_at], new_line, *lines[draft_at:]]


def _kept_comment(rest: str) -> str:
    """A comment after the old value (`grant_amount: 1  # a szerződés szerint`), if it is one."""
    marker = re.search(r"\s+#", rest)
    if marker is None:
        return ""
    try:
        yaml.safe_load("x:" + rest[: marker.start()])
    except yaml.YAMLError:
        return ""
    return rest[marker.start() :]


def same_fact(key: str, written: Any, value: FactValue) -> bool:
    """Whether what a file says for `key` is already `value`, however it is written."""
    try:
        if key in ("grant_amount", "total_cost") and isinstance(value, Decimal):
            return bool(parse_amount(written).amount == value)
        if key in ("funding_rate", "eu_cofinancing_rate") and isinstance(value, Decimal):
            text = str(written).strip().removesuffix("%").replace(",", ".")
            return Decimal(text) == value
        if key == "project_id":
            return parse_project_id(str(written)).normalized == value
        if key == "beneficiary" and isinstance(value, tuple):
            names = (written,) if isinstance(written, str) else tuple(written)
            return tuple(str(name).strip() for name in names) == value
        if isinstance(value, date):
            return str(written).strip() == value.isoformat()
    except (ValueError, ArithmeticError, TypeError):
        return False
    return str(written).strip() == str(value)


# ---------------------------------------------------------------------------------------------
# The projects a site already has
# ---------------------------------------------------------------------------------------------

IDENTITY_KEYS = ("kohesio_id", "operation_id")
"""Keys under `extra:` that identify a project imported without a Hungarian project ID."""


def identity(facts: Mapping[str, Any], extra: Mapping[str, Any]) -> str | None:
    """What makes two files the same project: its project ID, else the ID its list gave it."""
    written = facts.get("project_id")
    if written:
        try:
            return parse_project_id(str(written)).normalized
        except ValueError:
            return str(written).strip()
    for key in IDENTITY_KEYS:
        if extra.get(key):
            return f"{key}:{extra[key]}"
    return None


def projects_by_identity(folder: Path) -> dict[str, Path]:
    """The project files of a site by project ID (first file wins; a translation has the same ID)."""
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*.md"), key=lambda p: (p.name.count("."), str(p))):
        try:
            meta = read_front_matter(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        extra = meta.get("extra")
        key = identity(meta, extra if isinstance(extra, dict) else {})
        if key is not None:
            found.setdefault(key, path)
    return found
