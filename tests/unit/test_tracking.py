"""What templates read: looked up as Jinja looks it up, and recorded by value (`render.tracking`)."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import jinja2
import pytest

from infoblokk.content.loading import load_site
from infoblokk.render.tracking import ATTRIBUTE_READ, ReadingEnvironment, ReadLog, ValueDigests

REPO = Path(__file__).resolve().parents[2]


def render(source: str, **context: object) -> str:
    env = ReadingEnvironment(undefined=jinja2.StrictUndefined)
    return env.from_string(source).render(**context)


@pytest.mark.parametrize("mapping", [dict, MappingProxyType])
def test_a_key_of_a_mapping_is_read_as_jinja_reads_it(mapping: type) -> None:
    labels = mapping({"fields": mapping({"title": "Cím"}), "items": "a key named like a method"})
    assert render("{{ labels.fields.title }}", labels=labels) == "Cím"
    assert render("{{ labels['items'] }}", labels=labels) == "a key named like a method"
    assert render("{{ labels.items is callable }}", labels=labels) == "True"  # the method comes first
    assert render("{{ labels.missing is defined }}", labels=labels) == "False"
    with pytest.raises(jinja2.UndefinedError):
        render("{{ labels.missing }}", labels=labels)


def test_the_reads_of_a_page_name_each_attribute_once_with_a_digest_of_its_value() -> None:
    project = load_site(REPO).model.projects[0]  # the example site, only read
    env = ReadingEnvironment(undefined=jinja2.StrictUndefined)
    digests = ValueDigests()
    log = ReadLog(digests)
    with env.reading_into(log):
        env.from_string("{{ p.title }} {{ p.title }} {{ p['summary'] }}").render(p=project)
    assert log.reads == (
        digests.attribute_read(project, "title"),
        digests.attribute_read(project, "summary"),
    )
    assert [read[0] for read in log.reads] == [ATTRIBUTE_READ, ATTRIBUTE_READ]
    assert log.reads[0][2] == digests.of(project.title)


def test_a_value_digested_without_keeping_it_has_the_digest_it_has_when_kept() -> None:
    project = load_site(REPO).model.projects[0]  # the example site, only read
    for value in (project.tags, project.banner, project.grant, project.title):
        once, kept = ValueDigests(), ValueDigests()
        assert once.of(value, kept=False) == kept.of(value)
        assert once.of(value) == kept.of(value)  # asked again, and kept now: still the same
