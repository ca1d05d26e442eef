"""A theme's interface texts (`labels/<language>.toml`), validated like the configuration.

A child theme's label file may leave keys out: its parent's file fills them in. So each file is
checked on its own for keys the schema does not know and values that are not text, and the
merged texts for keys that no file gives. The schema holds what the default theme's templates
use; the texts of a theme's own templates belong under `[extra]`.

Templates see the merged texts as read-only mappings, as the files wrote them
(`labels.fields.grant_amount`, `labels["ui"]["news"]`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from infoblokk.config.schema import TomlFile, read_toml, validate
from infoblokk.errors import BuildFailed, Problem
from infoblokk.messages import Text


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldLabels(_Table):
    """`[fields]`: the labels of a project's facts. The first seven are the wording the
    publicity rules prescribe: do not change them on a compliant site."""

    beneficiary: str
    title: str
    grant_amount: str
    funding_rate: str
    body: str
    end_date: str
    project_id: str
    start_date: str
    fund: str
    county: str
    website: str
    status: str


class InterfaceTexts(_Table):
    """`[ui]`: the texts around the content: menu, links, headings, the 404 page."""

    languages: str
    skip_to_content: str
    main_navigation: str
    home: str
    projects: str
    news: str
    not_found: str
    not_found_text: str
    back_to_projects: str
    back_to_news: str
    all_projects: str
    all_news: str
    latest_news: str
    related_news: str
    no_news: str
    more_facts: str
    consortium_leader: str
    consortium_partner: str
    belongs_to_project: str
    event_date: str
    place: str
    category: str
    published: str
    press_release: str
    release_start: str
    release_closing: str
    project_facts: str
    project_page: str
    press_contact: str
    footer_built_with: str
    project_count: str


class StatusLabels(_Table):
    """`[status]`: a project's status by its end date, as `status(project)` shows it."""

    ongoing: str
    finished: str
    unknown: str


class PrintKitLabels(_Table):
    """`[print_kit]`: the block at the bottom of a project page that links its printed items
    (README: "The publicity kit"); the template fills in `{size}`."""

    heading: str
    intro: str
    poster: str
    display: str
    billboard: str
    plaque: str


class TaxonomyLabels(_Table):
    """`[taxonomies]` (a list's title: "Megyék") and `[taxonomy_singular]` (one term's kind: "Megye")."""

    county: str
    programme: str
    fund: str
    status: str
    tag: str


class FundLabels(_Table):
    """`[funds]`: the funds' full names, by their codes."""

    esza: str = Field(alias="ESZA")
    erfa: str = Field(alias="ERFA")
    ka: str = Field(alias="KA")
    esza_plus: str = Field(alias="ESZA+")


class PagingLabels(_Table):
    """`[paging]`: moving through a list shown in pages, and the "browse by" links."""

    navigation: str
    previous: str
    next: str
    page: str
    browse: str
    project_count: str


class SearchLabels(_Table):
    """`[search]`: the search page; its script fills in `{count}` and `{query}`."""

    title: str
    label: str
    button: str
    hint: str
    no_script: str
    file_protocol: str
    loading: str
    count: str
    none: str
    more: str
    unavailable: str


class AccessibilityLabels(_Table):
    """`[accessibility]`: the accessibility statement, with the headings of the EU's model
    statement (Implementing Decision (EU) 2018/1523) in the official wording of each language.
    The template fills in `{publisher}`, `{site}` and `{date}`."""

    title: str
    intro: str
    compliance_status: str
    status_fully: str
    status_partially: str
    status_not: str
    non_accessible: str
    non_accessible_intro: str
    preparation: str
    prepared: str
    last_review: str
    feedback: str
    feedback_text: str
    email: str
    phone: str
    enforcement: str
    enforcement_text: str


class Labels(_Table):
    """A theme's texts in one language; every table and key is required once the files are merged."""

    fields: FieldLabels
    ui: InterfaceTexts
    status: StatusLabels
    print_kit: PrintKitLabels
    taxonomies: TaxonomyLabels
    taxonomy_singular: TaxonomyLabels
    funds: FundLabels
    paging: PagingLabels
    search: SearchLabels
    accessibility: AccessibilityLabels
    extra: dict[str, str] = Field(default_factory=dict)
    """Texts of a theme's own templates (`labels.extra.my_text`), which the default theme has not."""


_UNKNOWN_NOTE = Text("Texts of your own templates belong under [extra].")


def read_labels(paths: Sequence[Path], language: str) -> Mapping[str, Any]:
    """The texts of the label files at `paths`, a parent theme's first, merged; read-only.

    BuildFailed with every unknown key and wrong value; once there are none, with every key
    that no file gives (located in the last file, the one a fix most likely belongs in).
    """
    files = [read_toml(path) for path in paths]
    hints = _hints(language)
    wrong = [problem for file in files for problem in _wrong_keys(file, hints)]
    if wrong:
        raise BuildFailed(tuple(wrong))
    merged: Mapping[str, Any] = {}
    for file in files:
        merged = _merged(merged, file.data)
    _, missing = validate(Labels, merged, files[-1].path, files[-1].line_of, hints, _UNKNOWN_NOTE)
    if missing:
        raise BuildFailed(missing)
    return _frozen(merged)


def _wrong_keys(file: TomlFile, hints: Mapping[str, str]) -> tuple[Problem, ...]:
    """Unknown keys and values that are not text, in one file; missing keys are left to the merge."""
    _, problems = validate(Labels, file.data, file.path, file.line_of, hints, _UNKNOWN_NOTE, partial=True)
    return problems


def _hints(language: str) -> dict[str, str]:
    """What each table and key takes, in the words a theme's author needs to add a missing one."""
    complete = Text(
        "infoblokk's default theme has them all (infoblokk/themes/default/labels/{language}.toml)",
        language=language,
    )
    hints: dict[str, str] = {"extra": Text('texts of your own templates, each in quotes: my_text = "…"')}
    for table, field in Labels.model_fields.items():
        schema = field.annotation
        if not (isinstance(schema, type) and issubclass(schema, BaseModel)):
            continue
        keys = [key.alias or name for name, key in schema.model_fields.items()]
        hints[table] = Text(
            "a table [{table}] with the keys {keys}, each a text in quotes; {complete}",
            table=table,
            keys=", ".join(keys),
            complete=complete,
        )
        for key in keys:
            hints[f"{table}.{key}"] = Text(
                'a text in quotes under [{table}]: {key} = "…"', table=table, key=_toml_key(key)
            )
    return hints


def _toml_key(key: str) -> str:
    """A key as TOML needs it written: bare if it can be, else in quotes ("ESZA+")."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else f'"{key}"'


def _merged(base: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """`base` with the keys of `new` replacing its own, table by table."""
    result = dict(base)
    for key, value in new.items():
        old = result.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            result[key] = _merged(old, value)
        else:
            result[key] = value
    return result


def _frozen(data: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType({k: _frozen(v) if isinstance(v, Mapping) else v for k, v in data.items()})
