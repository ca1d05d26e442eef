"""A rebuild never shows a stale page, whatever a site's own template reads.

For every name a template can see (README's template table), a site-owned template shows
something of it; an edit then changes what that name gives. The rebuild, in the same process
(as `serve` does) and in a new one (as `build` does), must equal a clean build of the edited
sources byte for byte, and the page under test must have changed: what a page read is
recorded by value, not by each function remembering to note it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from infoblokk.site import build_site
from tests.helpers import MakeSite, snapshot

TODAY = date(2024, 6, 1)
CONFIG = 'title = "Próba honlap"\n'

PROJECT = """\
---
title: {title}
project_id: EFOP-1.6.3-17-2017-{number:05d}
beneficiary: {county} Megyei Önkormányzat
grant_amount: {grant}
funding_rate: 100
end_date: {end}
county: {county}
tags: [{tag}]
---

A {county} megyei projekt leírása.
"""

NEWS = """\
---
title: Hír a zalai projektről
date: 2021-05-26
project: EFOP-1.6.3-17-2017-00001
---

A záró rendezvényről.
"""

PAGE = """\
---
title: Rólunk
---

A honlapról.
"""


def project(number: int, county: str, title: str = "", end: str = "2025-12-31", grant: int = 1000000) -> str:
    return PROJECT.format(
        title=title or f"{county} megyei projekt",
        number=number,
        county=county,
        end=end,
        grant=grant,
        tag="képzés",
    )


FILES = {
    "content/projects/zala.md": project(1, "Zala"),
    "content/projects/somogy.md": project(2, "Somogy"),
    "content/projects/vas.md": project(3, "Vas"),
    "content/news/zarorendezveny.md": NEWS,
    "content/pages/rolunk.md": PAGE,
}
ABOUT = "rolunk/index.html"  # the free page, which shows nothing of the projects by itself
ZALA = "projektek/zala/index.html"


def edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def change(site: Path) -> None:
        file = site / path
        text = file.read_text(encoding="utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def add(path: str, text: str) -> Callable[[Path], None]:
    def create(site: Path) -> None:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")

    return create


def delete(path: str) -> Callable[[Path], None]:
    return lambda site: (site / path).unlink()


@dataclass(frozen=True)
class Case:
    """A site-owned template showing something of one name, and an edit that changes it."""

    name: str
    template: str  # which template the site overrides
    shows: str  # what its main block shows
    change: Callable[[Path], None]
    page: str = ABOUT  # the page that must change


CASES = [
    Case(
        "projects",
        "page.html",
        "{{ projects|length }} {% for p in projects %}{{ p.title }};{% endfor %}",
        edit("content/projects/zala.md", "title: Zala megyei projekt", "title: Zalai projekt"),
    ),
    Case(
        "projects: a project added",
        "page.html",
        "{{ projects|length }}",
        add("content/projects/tolna.md", project(4, "Tolna")),
    ),
    Case(
        "projects: a project deleted", "page.html", "{{ projects|length }}", delete("content/projects/vas.md")
    ),
    Case(
        "news",
        "page.html",
        "{% for n in news %}{{ n.title }}{% endfor %}",
        edit("content/news/zarorendezveny.md", "Hír a zalai", "Beszámoló a zalai"),
    ),
    Case(
        "news_of",
        "page.html",
        "{{ news_of(projects|selectattr('county', 'eq', 'Zala')|first)|length }}",
        delete("content/news/zarorendezveny.md"),
    ),
    Case(
        "project_of",
        "page.html",
        "{{ project_of(news[0]).title }}",
        edit("content/projects/zala.md", "title: Zala megyei projekt", "title: Zalai projekt"),
    ),
    Case(
        "terms_of",
        "project.html",
        "{{ terms_of(page)[0].projects|length }}",
        edit("content/projects/somogy.md", "county: Somogy", "county: Zala"),
        ZALA,
    ),
    Case(
        "taxonomies",
        "page.html",
        "{% for t in taxonomies() %}{{ t.name }}={{ t.terms|length }};{% endfor %}",
        edit("content/projects/vas.md", "county: Vas", "county: Zala"),
    ),
    Case(
        "infoblokk",
        "page.html",
        "{{ infoblokk() }}",
        add("site_config.toml", CONFIG + '[banner]\nprofile = "eu-generic"\n'),
    ),
    Case(
        "translations_of",
        "page.html",
        "{{ translations_of(page)|length }}",
        add("content/pages/rolunk.en.md", "---\ntitle: About us\n---\n\nAbout the site.\n"),
    ),
    Case(
        "feeds",
        "project.html",
        "{% for f in feeds() %}{{ f.url }};{% endfor %}",
        delete("content/news/zarorendezveny.md"),
        ZALA,
    ),
    Case(
        "status",
        "page.html",
        "{{ status(projects|selectattr('county', 'eq', 'Vas')|first) }}",
        edit("content/projects/vas.md", "end_date: 2025-12-31", "end_date: 2020-12-31"),
    ),
    Case(
        "status_key",
        "page.html",
        "{{ status_key(projects|selectattr('county', 'eq', 'Vas')|first) }}",
        edit("content/projects/vas.md", "end_date: 2025-12-31", "end_date: 2020-12-31"),
    ),
    Case(
        "print_items",
        "page.html",
        "{{ print_items(projects|selectattr('county', 'eq', 'Vas')|first)|map(attribute='url')|join(' ') }}",
        edit(
            "content/projects/vas.md",
            "grant_amount: 1000000\n",
            "grant_amount: 300000000\nphysical_investment: true\n",
        ),
    ),
    Case(
        "money",
        "page.html",
        "{{ money((projects|selectattr('county', 'eq', 'Vas')|first).grant) }}",
        edit("content/projects/vas.md", "grant_amount: 1000000", "grant_amount: 2500000"),
    ),
    Case(
        "day",
        "page.html",
        "{{ day((projects|selectattr('county', 'eq', 'Vas')|first).end_date) }}",
        edit("content/projects/vas.md", "end_date: 2025-12-31", "end_date: 2026-01-31"),
    ),
    Case(
        "percent",
        "page.html",
        "{{ percent((projects|selectattr('county', 'eq', 'Vas')|first).funding_rate) }}",
        edit("content/projects/vas.md", "funding_rate: 100", "funding_rate: 85"),
    ),
    Case("site", "page.html", "{{ site.title }}", edit("site_config.toml", "Próba honlap", "Új honlap")),
    Case(
        "labels",
        "page.html",
        "{{ labels.ui.news }}",
        edit("themes/default/labels/hu.toml", 'news = "Hírek"', 'news = "Újdonságok"'),
    ),
    Case(
        "page",
        "page.html",
        "{{ page.title }}",
        edit("content/pages/rolunk.md", "title: Rólunk", "title: Bemutatkozás"),
    ),
    Case(
        "content",
        "page.html",
        "{{ content }}",
        edit("content/pages/rolunk.md", "A honlapról.", "A honlapunkról."),
    ),
    Case(
        "menu",
        "page.html",
        "{% for e in menu %}{{ e.title }};{% endfor %}",
        add("content/pages/kapcsolat.md", "---\ntitle: Kapcsolat\nmenu: 5\n---\n\nÍrjon nekünk.\n"),
    ),
    Case(
        "listing",
        "project_list.html",
        "{% for p in listing.items %}{{ p.title }};{% endfor %}",
        edit("content/projects/zala.md", "title: Zala megyei projekt", "title: Zalai projekt"),
        "projektek/index.html",
    ),
    Case(
        "terms",
        "taxonomy.html",
        "{% for t in terms %}{{ t.projects[0].title }};{% endfor %}",
        edit("content/projects/zala.md", "title: Zala megyei projekt", "title: Zalai projekt"),
        "projektek/megye/index.html",
    ),
    Case(
        "open_graph",
        "page.html",
        "{% for p, v in open_graph %}{{ v }};{% endfor %}",
        edit("content/pages/rolunk.md", "title: Rólunk", "title: Bemutatkozás"),
    ),
    Case(
        "canonical_url",
        "page.html",
        "{{ canonical_url }}",
        add("site_config.toml", CONFIG + 'base_url = "https://efop.example.hu/"\n'),
    ),
    Case(
        "page_title",
        "page.html",
        "{{ page_title }}",
        edit("content/pages/rolunk.md", "title: Rólunk", "title: Bemutatkozás"),
    ),
    Case(
        "structured_data",
        "page.html",
        "{{ structured_data|tojson }}",
        edit("content/pages/rolunk.md", "title: Rólunk", "title: Bemutatkozás"),
    ),
    Case(
        "page_url",
        "page.html",
        "{{ page_url }}",
        edit("content/pages/rolunk.md", "title: Rólunk", "title: Rólunk\nslug: bemutatkozas"),
        "bemutatkozas/index.html",
    ),
    Case(
        "url",
        "page.html",
        "{% for p in projects %}{{ url(p.url) }};{% endfor %}",
        edit("content/projects/zala.md", "county: Zala", "county: Zala\nslug: zalai"),
    ),
    Case("lang", "page.html", "{{ lang }}", add("site_config.toml", CONFIG + 'language = "en"\n')),
    Case(
        "taxonomy_url",
        "page.html",
        "{{ taxonomy_url('county') }}",
        add("site_config.toml", CONFIG + 'language = "ro"\n'),
    ),
    Case(
        "taxonomy",
        "term.html",
        "{{ taxonomy }}: {{ listing.items|length }}",
        edit("content/projects/somogy.md", "county: Somogy", "county: Zala"),
        "projektek/megye/zala/index.html",
    ),
    Case(
        "a macro file the template imports",
        "page.html",
        "{% import '_mine.html' as mine %}{{ mine.shout() }}",
        edit("templates/_mine.html", "HELLÓ", "SZIA"),
    ),
]


def override(case: Case) -> dict[str, str]:
    template = (
        '{% extends "base.html" %}{% block main %}<h1>Próba</h1><p id="shown">'
        + case.shows
        + "</p>{% endblock %}"
    )
    return {
        f"templates/{case.template}": template,
        "templates/_mine.html": "{% macro shout() %}HELLÓ{% endmacro %}",
    }


def clean_build(site: Path, scratch: Path) -> dict[str, bytes]:
    shutil.copytree(site, scratch, ignore=shutil.ignore_patterns("public", ".infoblokk-cache"))
    build_site(scratch, today=TODAY)
    return snapshot(scratch / "public")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
@pytest.mark.parametrize("process", ["same process", "new process"])
def test_a_change_to_what_a_template_shows_rebuilds_the_page_that_shows_it(
    make_site: MakeSite, tmp_path: Path, case: Case, process: str
) -> None:
    site = make_site({**FILES, **override(case)}, config=CONFIG)
    first = build_site(site, today=TODAY)
    before = site / "public" / case.page
    shown_before = before.read_bytes() if before.is_file() else None  # a page that moves is new
    case.change(site)
    previous = first.state if process == "same process" else None  # a new process reads the saved state
    build_site(site, today=TODAY, previous=previous)
    expected = clean_build(site, tmp_path / "clean")
    assert expected[case.page] != shown_before, "the edit does not change the page: a vacuous case"
    assert snapshot(site / "public") == expected


def names_a_template_sees(make_site: MakeSite) -> dict[str, Any]:
    """Every name of every page context a build of the test site makes, with a value of it."""
    from infoblokk.render.context import page_context

    site = make_site(FILES, config=CONFIG)
    seen: dict[str, Any] = {}

    def remember(inputs: Any, plan: Any) -> dict[str, Any]:
        context = page_context(inputs, plan)
        seen.update(context)
        return context

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("infoblokk.render.pages.page_context", remember)
        build_site(site, today=TODAY)
    assert seen, "no page context was made"
    return seen


def test_every_name_a_template_sees_has_a_case(make_site: MakeSite) -> None:
    """A name added to the template context without a case here fails this test."""
    from infoblokk.render.context import PURE_FUNCTIONS

    seen = names_a_template_sees(make_site)
    shown = " ".join(case.shows for case in CASES)
    assert {name for name in seen if not re.search(rf"\b{name}\b", shown)} == set()
    assert set(PURE_FUNCTIONS) <= set(seen)


def test_every_name_a_template_sees_is_declared_as_how_rebuilds_follow_it(make_site: MakeSite) -> None:
    """Each name is a plain value (its fingerprint made of what it follows from), a pure function,
    a recorded function or a site list: a new name without a declaration fails this test."""
    from infoblokk.render.context import (
        PAGE_ITEM_FUNCTIONS,
        PAGE_VALUES,
        PURE_FUNCTIONS,
        RECORDED_FUNCTIONS,
        SITE_LISTS,
    )

    seen = names_a_template_sees(make_site)
    assert PAGE_ITEM_FUNCTIONS <= RECORDED_FUNCTIONS
    declared = (PAGE_VALUES, PURE_FUNCTIONS, RECORDED_FUNCTIONS, SITE_LISTS)
    assert {name: sum(name in names for names in declared) for name in seen} == dict.fromkeys(seen, 1)
    assert not any(callable(seen[name]) for name in PAGE_VALUES)
    assert all(callable(seen[name]) for name in PURE_FUNCTIONS | RECORDED_FUNCTIONS)
