"""`import page`: an existing project page (saved HTML or copied text) made into a draft.

The facts are found by their labels, in the spellings real pages use ("Projekt azonosítószám",
"Projekt azonosító száma", "Megítélt támogatás", "Szerződött támogatás összege", …), with the
value after a colon (or a tab, or a table cell) on the same line, or alone on the next line.
A label whose value is a number, an ID or a date may also be followed by its value without a
colon ("Projekt azonosítószáma EFOP-…"), since the value itself is checked.

Besides the labels: a press release names its project `„…” című projekt` (the title) and its ID
in a sentence (taken when the page names exactly one), and the official banner's file name
(`…_ESZA.jpg`) names the fund. Without any of these the title is the page's main heading (or
the first line of a text file), and the report says so. The lines the facts came from leave
the text; everything else becomes the body, headings and lists kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from infoblokk.errors import BuildFailed, Problem
from infoblokk.importing.blocks import HEADING, ITEM, Block, PageText, html_blocks, markdown_body, text_blocks
from infoblokk.importing.drafts import (
    MANDATORY,
    Draft,
    file_name,
    identity,
    projects_by_identity,
    write_draft,
)
from infoblokk.importing.facts import (
    Fact,
    FactValue,
    Unread,
    banner_files_in,
    fund_of_banner,
    project_ids_in,
    read_amount,
    read_date,
    read_fund,
    read_names,
    read_plain,
    read_project_id,
    read_rate,
)
from infoblokk.layout import FOLDER_OF_KIND, SiteFolders
from infoblokk.messages import Text, message_of

# Each label: the key it gives, and the words of the label (case and spaces as pages vary them).
_LABELS: tuple[tuple[str, str], ...] = (
    (
        "funding_rate",
        r"(?:a\s+)?támogatás(?:i)?\s+(?:mértéke|intenzitás(?:a)?|aránya)|támogatási\s+intenzitás",
    ),
    (
        "grant_amount",
        r"(?:a\s+)?(?:megítélt|szerződött|elnyert|odaítélt|vissza\s+nem\s+térítendő)\s+támogatás"
        r"(?:i\s+összeg(?:e)?|\s+összege)?|(?:a\s+)?támogatás\s+összege|támogatási\s+összeg"
        r"|(?:a\s+)?projekt\s+támogatása|(?:az\s+)?elnyert\s+összeg",
    ),
    (
        "project_id",
        r"(?:a\s+)?projekt\s*azonosító(?:\s*szám(?:a)?)?|(?:a\s+)?projekt\s+azonosítószám(?:a)?"
        r"|azonosítószám(?:a)?|projektszám|pályázati\s+azonosító",
    ),
    ("title", r"(?:a\s+)?projekt\s+(?:címe|neve|megnevezése)|projektcím"),
    (
        "beneficiary",
        r"(?:a\s+)?kedvezményezett(?:\(?ek\)?)?(?:\s+neve)?|konzorciumvezető(?:\s+neve)?"
        r"|(?:a\s+)?konzorcium\s+vezetője|(?:a\s+)?támogatott\s+neve",
    ),
    (
        "partners",
        r"konzorciumi\s+partner(?:ek|ei)?(?:\s+neve)?|konzorciumi\s+tag(?:ok|jai)?|(?:a\s+)?konzorcium\s+tagjai"
        r"|(?:a\s+)?partner(?:ek|szervezet(?:ek)?)?",
    ),
    (
        "end_date",
        r"(?:a\s+)?(?:projekt\s+)?(?:tervezett\s+)?(?:fizikai\s+)?(?:befejezés(?:i|ének)?\s+"
        r"(?:dátuma|időpontja|határideje)|befejezése|zárás(?:a|ának\s+dátuma)?|zárónapja"
        r"|megvalósítás(?:ának)?\s+(?:vége|befejezése))|projektzárás(?:\s+dátuma)?",
    ),
    (
        "start_date",
        r"(?:a\s+)?(?:projekt\s+)?(?:tervezett\s+)?(?:kezdete|kezdés(?:i|ének)?\s+(?:dátuma|időpontja)"
        r"|kezdő\s+(?:dátuma?|időpontja)|indulás(?:a|ának\s+dátuma)|megvalósítás(?:ának)?\s+kezdete)",
    ),
    (
        "period",
        r"(?:a\s+)?(?:projekt\s+)?(?:megvalósítási\s+időszak(?:a)?|időtartam(?:a)?|futamideje"
        r"|megvalósítás(?:ának)?\s+(?:időszaka|ideje))",
    ),
    ("fund", r"(?:a\s+)?(?:támogató\s+|finanszírozó\s+|társfinanszírozó\s+|uniós\s+)?alap"),
    ("county", r"megye"),
    ("website", r"(?:a\s+)?projekt\s+(?:saját\s+)?(?:honlapja|weboldala)"),
)
# Keys whose value is checked by its reader: their label may be followed by the value without a colon.
_CHECKED = frozenset({"funding_rate", "grant_amount", "project_id", "end_date", "start_date", "period"})
_LABEL_PATTERNS = tuple(
    (key, re.compile(rf"\s*(?:{words})\s*(?:\((?:%-ban|%|ft|huf|forint)\)\s*)?(?P<rest>.*)", re.I | re.S))
    for key, words in _LABELS
)
_SEPARATOR = re.compile(r"[:：\t]\s*|\s*[-–]\s+")

SHOWN_LABELS = MappingProxyType(
    {
        "title": "Projekt címe",
        "project_id": "Projekt azonosító száma",
        "beneficiary": "Kedvezményezett neve",
        "grant_amount": "Szerződött támogatás összege",
        "currency": "Pénznem",
        "funding_rate": "Támogatás mértéke (%-ban)",
        "start_date": "A projekt kezdete",
        "end_date": "Projekt tervezett befejezési dátuma",
        "fund": "Alap",
        "county": "Megye",
        "website": "A projekt saját honlapja",
        "body": "Projekt tartalmának bemutatása",
        "total_cost": "Teljes költség",
        "eu_cofinancing_rate": "Uniós társfinanszírozási arány",
        "nuts": "NUTS-kód",
        "intervention_category": "Beavatkozási kategória",
        "programme_code": "Operatív program CCI-kódja",
        "summary": "Összefoglaló",
        "objective": "A projekt célja",
    }
)
"""How the report names each fact: the Hungarian label the page is published with."""


@dataclass(frozen=True)
class PageImport:
    """What was found on a page and what was not: the draft, and the report about it."""

    draft: Draft
    found: tuple[Fact, ...]
    unread: tuple[Unread, ...]
    missing: tuple[str, ...]
    notes: tuple[Text, ...] = ()


@dataclass
class _Finding:
    """The facts found so far, and the blocks they were read from."""

    facts: dict[str, Fact] = field(default_factory=dict)
    unread: list[Unread] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    notes: list[Text] = field(default_factory=list)

    def add(self, key: str, value: FactValue, source: str, line: int | None) -> None:
        if key not in self.facts:
            self.facts[key] = Fact(key, value, source, line)


def read_page(path: Path) -> PageImport:
    """Read a saved page; raise BuildFailed when it cannot be read or has no title at all."""
    text, is_html = page_text(path)
    page = html_blocks(text) if is_html else text_blocks(text)
    finding = _Finding()
    _labelled_facts(page.blocks, finding)
    _facts_in_running_text(page.blocks, finding)
    _banner_fund(page, finding)
    _title_from_heading(page.blocks, finding, path)
    body = markdown_body(page.blocks, finding.used)
    images = [name for name, _ in page.images if fund_of_banner(name) is None]
    if images:
        finding.notes.append(
            Text(
                "the page's images were not copied ({names}): copy the ones you want into "
                "content/static/kepek/ and add them to the text",
                names=", ".join(dict.fromkeys(images)),
            )
        )
    facts = dict(sorted(finding.facts.items(), key=lambda item: _order(item[0])))
    missing = tuple(key for key in (*MANDATORY, "body") if key not in facts and (key != "body" or not body))
    draft = Draft({key: fact.value for key, fact in facts.items()}, body, path.name)
    return PageImport(draft, tuple(facts.values()), tuple(finding.unread), missing, tuple(finding.notes))


def _order(key: str) -> int:
    keys = list(SHOWN_LABELS)
    return keys.index(key) if key in keys else len(keys)


# ---------------------------------------------------------------------------------------------
# Reading the file
# ---------------------------------------------------------------------------------------------

_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def page_text(path: Path) -> tuple[str, bool]:
    """The page's text and whether it is HTML; BuildFailed when it is not readable text."""
    try:
        data = path.read_bytes()
    except OSError as error:
        message = Text("the file could not be read: {reason}", reason=error.strerror or error)
        raise BuildFailed((Problem(message, path, hint=Text("check the file's name and folder")),)) from None
    start = data.lstrip()[:15].lower()
    is_html = path.suffix.lower() in _HTML_SUFFIXES or start.startswith((b"<!doctype", b"<html"))
    return _decoded(data, path, _declared_charset(data) if is_html else None), is_html


def _declared_charset(data: bytes) -> str | None:
    declared = _DECLARED_CHARSET.search(data[:4096])
    return declared[1].decode("ascii", "replace") if declared else None


def _decoded(data: bytes, path: Path, charset: str | None) -> str:
    encoding = "utf-8-sig"
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        encoding = charset
    try:
        return data.decode(encoding)
    except LookupError:  # a charset Python does not know: read it as UTF-8 if it is
        return _decoded(data, path, None)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = Text(
            "the file is not written in UTF-8, so its accented letters cannot be read (the first "
            "unreadable byte is on line {line}); nothing was imported",
            line=line,
        )
        hint = Text(
            "save it again as UTF-8 (in Notepad: Save as → Encoding: UTF-8; from a browser: save the "
            "page as 'Web page, HTML only'), then import it again"
        )
        raise BuildFailed((Problem(message, path, line, hint),)) from None


# ---------------------------------------------------------------------------------------------
# Facts after their labels
# ---------------------------------------------------------------------------------------------

Reader = Callable[[str], FactValue]


def _labelled_facts(blocks: Sequence[Block], finding: _Finding) -> None:
    for index, block in enumerate(blocks):
        if index in finding.used or (block.kind == HEADING and block.level == 1):
            continue
        for key, pattern in _LABEL_PATTERNS:
            labelled = _value_after_label(key, pattern, block.text)
            if labelled is None or key in finding.facts or (key == "period" and "end_date" in finding.facts):
                continue
            _read_labelled(blocks, index, key, labelled, finding)
            break


def _value_after_label(key: str, pattern: re.Pattern[str], text: str) -> str | None:
    """What follows the label at the start of `text` ("" when the label is alone), else None."""
    found = pattern.fullmatch(text)
    if found is None:
        return None
    rest = found["rest"]
    if not rest.strip():
        return ""
    separator = _SEPARATOR.match(rest)
    if separator:
        return rest[separator.end() :].strip()
    if key in _CHECKED and text[found.start("rest") - 1].isspace():
        return rest.strip()
    return None


def _read_labelled(blocks: Sequence[Block], index: int, key: str, value: str, finding: _Finding) -> None:
    """Read the value of the label in block `index`: on its line, or the next line(s)."""
    lines = [index]
    if not value:
        following = _following(blocks, index, key, finding)
        if not following:
            return
        lines = [index, *following]
        value = "; ".join(blocks[i].text for i in following)
    line = blocks[index if len(lines) == 1 else lines[1]].line
    try:
        _store(key, value, line, finding)
    except ValueError as error:
        finding.unread.append(Unread(_shown_key(key), value, message_of(error), line))
        return
    finding.used.update(lines)


def _following(blocks: Sequence[Block], index: int, key: str, finding: _Finding) -> list[int]:
    """The blocks holding the value of a label that stands alone: the next one, or a whole list."""
    after = [i for i in range(index + 1, len(blocks)) if i not in finding.used]
    if not after or blocks[after[0]].kind == HEADING:
        return []
    if key in ("beneficiary", "partners") and blocks[after[0]].kind == ITEM:
        items = []
        for i in after:
            if blocks[i].kind != ITEM:
                break
            items.append(i)
        return items
    if any(pattern.fullmatch(blocks[after[0]].text) for _, pattern in _LABEL_PATTERNS[:3]):
        return []  # the next line is another label: this one was left empty
    return [after[0]]


def _shown_key(key: str) -> str:
    return {"partners": "beneficiary", "period": "end_date"}.get(key, key)


def _store(key: str, value: str, line: int, finding: _Finding) -> None:
    """Read `value` as the fact `key`; ValueError (with a Text) when it is not one."""
    if key == "grant_amount":
        amount = read_amount(value)
        finding.add(key, amount.amount, value, line)
        if amount.currency:
            finding.add("currency", amount.currency, value, line)
    elif key == "period":
        start, end = _two_dates(value)
        finding.add("start_date", start, value, line)
        finding.add("end_date", end, value, line)
    elif key == "partners":
        _add_partners(read_names(value), value, line, finding)
    elif key == "website":
        found = re.search(r"https?://\S+", value)
        if found is None:
            raise ValueError(Text("'{text}' is not a web address starting with https://", text=value))
        finding.add(key, found[0].rstrip(".,;)"), value, line)
    else:
        finding.add(key, _READERS[key](value), value, line)


def _two_dates(value: str) -> tuple[FactValue, FactValue]:
    parts = [
        part
        for part in re.split(r"\s+[-–—]\s+|\s*[–—]\s*|\s+-\s*|-\s+|\s+(?:és|to|until|ig)\s+", value)
        if part
    ]
    if len(parts) != 2:
        raise ValueError(Text("'{text}' is not two dates, a start and an end", text=value))
    return read_date(parts[0]), read_date(parts[1])


def _add_partners(names: tuple[str, ...], value: str, line: int, finding: _Finding) -> None:
    lead = finding.facts.get("beneficiary")
    if lead is None:
        raise ValueError(
            Text("consortium partners are named, but not the consortium leader; they are left in the text")
        )
    leaders = lead.value if isinstance(lead.value, tuple) else (str(lead.value),)
    together = tuple(dict.fromkeys((*leaders, *names)))
    finding.facts["beneficiary"] = Fact("beneficiary", together, f"{lead.source}; {value}", lead.line)


def _read_title(text: str) -> str:
    return read_plain(text.strip().strip("„”\"'“"))


_READERS: dict[str, Reader] = {
    "funding_rate": read_rate,
    "project_id": read_project_id,
    "title": _read_title,
    "beneficiary": read_names,
    "end_date": read_date,
    "start_date": read_date,
    "fund": read_fund,
    "county": read_plain,
}


# ---------------------------------------------------------------------------------------------
# Facts in the text, the banner, and the title
# ---------------------------------------------------------------------------------------------

_TITLE_IN_TEXT = re.compile(
    r"[„\"“](?P<title>[^„”\"“]{8,300})[”\"]\s*(?:című|elnevezésű|nevű)\s+projekt", re.I
)


def _facts_in_running_text(blocks: Sequence[Block], finding: _Finding) -> None:
    """A press release: `„…” című projekt` and the one project ID its sentences name."""
    unused = [block for index, block in enumerate(blocks) if index not in finding.used]
    if "title" not in finding.facts:
        named = next((b for b in unused if _TITLE_IN_TEXT.search(b.text)), None)
        if named is not None:
            found = _TITLE_IN_TEXT.search(named.text)
            if found:
                finding.add("title", read_plain(found["title"]), found[0], named.line)
    if "project_id" not in finding.facts:
        _project_id_in_text(unused, finding)


def _project_id_in_text(blocks: Sequence[Block], finding: _Finding) -> None:
    named = [(identifier, block) for block in blocks for identifier in project_ids_in(block.text)]
    distinct = list(dict.fromkeys(identifier for identifier, _ in named))
    if len(distinct) == 1:
        identifier, block = named[0]
        finding.add("project_id", identifier, identifier, block.line)
    elif len(distinct) > 1:
        finding.notes.append(
            Text(
                "the text names several project IDs ({ids}), so none was taken; write the right one "
                "as project_id",
                ids=", ".join(distinct),
            )
        )


def _banner_fund(page: PageText, finding: _Finding) -> None:
    """The fund the official banner's file name gives: `infoblokk_…_ESZA.jpg` → ESZA."""
    named = list(page.images)
    for index, block in enumerate(page.blocks):
        for name in banner_files_in(block.text):
            named.append((name, block.line))
            if block.text.strip() == name:
                finding.used.add(index)
    for name, line in named:
        fund = fund_of_banner(name)
        if fund is not None:
            if "fund" not in finding.facts:
                finding.add("fund", fund, name, line)
                finding.notes.append(
                    Text(
                        "the page showed the official banner {name}: copy it into content/static/ and "
                        "name it in site_config.toml (see 'The funding banner' in the README)",
                        name=name,
                    )
                )
            return


_MENU_SEPARATOR = re.compile(r"\s+[|·•»›]\s+")


def _is_navigation(text: str) -> bool:
    """A line of a site's menu copied with the page: three or more short items between bars."""
    items = _MENU_SEPARATOR.split(text.strip())
    return len(items) >= 3 and all(0 < len(item.split()) <= 3 for item in items)


def _title_from_heading(blocks: Sequence[Block], finding: _Finding, path: Path) -> None:
    """No title label: the page's main heading (a text file's first line), said in the report."""
    if "title" in finding.facts:
        return
    menu = {i for i, b in enumerate(blocks) if _is_navigation(b.text)}
    finding.used.update(menu)  # a menu copied with the text is neither the title nor the body
    candidates = [
        i for i, b in enumerate(blocks) if b.kind == HEADING and b.level == 1 and i not in finding.used
    ]
    first = next((i for i in range(len(blocks)) if i not in menu), None)  # a text's first line
    if not candidates and first is not None and first not in finding.used and blocks[first].kind != ITEM:
        candidates = [first]
    if not candidates:
        message = Text("no project title was found on the page; nothing was imported")
        hint = Text("add a line 'A projekt címe: …' at the top of the file, then import it again")
        raise BuildFailed((Problem(message, path, hint=hint),))
    index = candidates[0]
    finding.add("title", read_plain(blocks[index].text), blocks[index].text, blocks[index].line)
    finding.used.add(index)
    finding.notes.append(
        Text(
            "the title was taken from the page's heading (line {line}): check that it is the project's title",
            line=blocks[index].line,
        )
    )


# ---------------------------------------------------------------------------------------------
# Writing the draft
# ---------------------------------------------------------------------------------------------


def import_page(site_dir: Path, path: Path) -> tuple[Path, PageImport]:
    """Read `path` and write its draft into content/projects/; BuildFailed if it cannot be."""
    imported = read_page(path)
    folder = SiteFolders(site_dir).content / FOLDER_OF_KIND["project"]
    key = identity(imported.draft.facts, {})
    same = projects_by_identity(folder).get(key) if key else None
    if same is not None:
        message = Text(
            "the project {id} is already in {file}; nothing was imported", id=key, file=_shown(same, site_dir)
        )
        hint = Text("edit that file, or delete it and import the page again")
        raise BuildFailed((Problem(message, path, hint=hint),))
    try:
        return write_draft(folder, imported.draft), imported
    except FileExistsError:
        target = folder / file_name(imported.draft.title)
        message = Text("{file} already exists; nothing was imported", file=_shown(target, site_dir))
        hint = Text("rename or delete that file and import the page again, or copy the facts into it by hand")
        raise BuildFailed((Problem(message, path, hint=hint),)) from None
    except OSError as error:
        message = Text("the file could not be created: {reason}", reason=error.strerror or error)
        hint = Text("check that the site's content/ folder exists and that you may write to it")
        raise BuildFailed((Problem(message, path, hint=hint),)) from None


def _shown(path: Path, site_dir: Path) -> str:
    return path.relative_to(site_dir).as_posix() if path.is_relative_to(site_dir) else str(path)
