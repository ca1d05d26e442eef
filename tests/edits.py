"""Edits a writer makes to a site, chosen at random: for tests that rebuild after each one.

Each edit takes the site folder and a `random.Random` and changes one thing the way a person
would: a body, a title, a county, a template, the configuration; files come and go.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

from tests.helpers import own_default_theme

Edit = Callable[[Path, random.Random], None]
NEWS_PROJECTS = (6, 9)  # news may name these projects (…-00006, …-00009), so they are never drafts


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def markdown_files(site: Path, folder: str) -> list[Path]:
    return sorted((site / "content" / folder).glob("*.md"))


def edit_body(site: Path, chance: random.Random) -> None:
    path = chance.choice(markdown_files(site, chance.choice(["projects", "news", "pages"])))
    path.write_text(path.read_text(encoding="utf-8") + f"\nÚj bekezdés {chance.randint(1, 999)}.\n", "utf-8")


def edit_title(site: Path, chance: random.Random) -> None:
    path = chance.choice(markdown_files(site, "projects"))
    replace_in(path, "title: ", f"title: ({chance.randint(1, 99)}) ")


def edit_end_date(site: Path, chance: random.Random) -> None:
    """Moves a project between ongoing and finished: listings must follow."""
    path = site / "content/projects/somogy-felzarkozas.md"
    year = chance.choice([2020, 2027, 2030])
    text = re.sub(r"end_date: \S+", f"end_date: {year}-12-31", path.read_text(encoding="utf-8"))
    path.write_text(text, "utf-8")


def add_news(site: Path, chance: random.Random) -> None:
    number = chance.randint(1, 10_000)
    (site / f"content/news/hir-{number}.md").write_text(
        f"---\ntitle: Hír {number}\ndate: 2021-0{chance.randint(1, 9)}-10\n"
        f"project: EFOP-1.6.3-17-2017-0000{chance.choice(NEWS_PROJECTS)}\n---\n\nSzöveg {number}.\n",
        "utf-8",
    )


def delete_news(site: Path, chance: random.Random) -> None:
    files = markdown_files(site, "news")
    if len(files) > 1:
        chance.choice(files).unlink()


def rename_page(site: Path, chance: random.Random) -> None:
    path = chance.choice(markdown_files(site, "pages"))
    path.rename(path.with_name(f"{path.stem}-{chance.randint(1, 99)}.md"))


def edit_template(site: Path, chance: random.Random) -> None:
    name = chance.choice(["news.html", "project.html", "_macros.html", "base.html"])
    path = own_default_theme(site) / "templates" / name
    path.write_text(path.read_text(encoding="utf-8") + f"{{# edit {chance.randint(1, 999)} #}}x\n", "utf-8")


def edit_labels(site: Path, chance: random.Random) -> None:
    replace_in(own_default_theme(site) / "labels/hu.toml", 'news = "', f'news = "{chance.randint(1, 9)} ')


def edit_config(site: Path, chance: random.Random) -> None:
    replace_in(site / "site_config.toml", 'date_format = "', 'date_format = "short" #')


def edit_stylesheet(site: Path, chance: random.Random) -> None:
    path = own_default_theme(site) / "static/assets/infoblokk.css"
    path.write_text(path.read_text(encoding="utf-8") + f"\n/* {chance.randint(1, 999)} */\n", "utf-8")


def toggle_draft(site: Path, chance: random.Random) -> None:
    path = chance.choice(markdown_files(site, "projects"))
    text = path.read_text(encoding="utf-8")
    if "\ndraft: true\n" in text:
        path.write_text(text.replace("\ndraft: true\n", "\n", 1), "utf-8")
    elif not any(f"-0000{n}" in text for n in NEWS_PROJECTS):  # news items need their projects
        path.write_text(text.replace("---\n", "---\ndraft: true\n", 1), "utf-8")


SITE_TEMPLATE = """\
{% extends "base.html" %}
{% block main %}
<h1>{{ page.title }} ({{ version }})</h1>
{% for term in terms_of(page) %}<p>{{ term.label }}: {{ term.projects|length }}</p>{% endfor %}
<p>{{ news_of(page)|length }} hír</p>
{{ content }}
{% endblock %}
"""
DELETABLE = ("human-szolgaltatasok-fejlesztese.md", "united-networks.md")  # no news or translation needs them


def toggle_site_template(site: Path, chance: random.Random) -> None:
    """A site's own project.html, showing what the terms and news lists give, comes and goes."""
    path = site / "templates" / "project.html"
    if path.exists() and chance.random() < 0.4:
        path.unlink()
        return
    path.parent.mkdir(exist_ok=True)
    path.write_text(SITE_TEMPLATE.replace("{{ version }}", str(chance.randint(1, 99))), "utf-8")


def edit_county(site: Path, chance: random.Random) -> None:
    """Moves a project to another county (or to one spelt in other capitals): every list follows."""
    path = chance.choice([p for p in markdown_files(site, "projects") if ".en." not in p.name])
    county = chance.choice(["Zala", "zala", "Somogy", "Tolna", "Maros"])
    text = path.read_text(encoding="utf-8")
    if re.search(r"^county: .*$", text, re.MULTILINE):
        text = re.sub(r"^county: .*$", f"county: {county}", text, count=1, flags=re.MULTILINE)
    else:
        text = text.replace("\n---\n", f"\ncounty: {county}\n---\n", 1)
    path.write_text(text, "utf-8")


def edit_tags(site: Path, chance: random.Random) -> None:
    path = chance.choice([p for p in markdown_files(site, "projects") if ".en." not in p.name])
    tags = chance.sample(["felzárkózás", "képzés", "esélyegyenlőség", "Árvíz", "arviz"], 2)
    text = re.sub(r"^tags: .*$", f"tags: [{', '.join(tags)}]", path.read_text(encoding="utf-8"), flags=re.M)
    path.write_text(text, "utf-8")


def edit_translation(site: Path, chance: random.Random) -> None:
    """The English page of the Zala project changes, goes away, or comes back."""
    path, attic = site / "content/projects/zala-felzarkozas.en.md", site / "attic" / "zala-felzarkozas.en.md"
    attic.parent.mkdir(exist_ok=True)
    if attic.exists():
        attic.rename(path)
    elif chance.random() < 0.3:
        path.rename(attic)
    else:
        replace_in(path, "title: ", f"title: ({chance.randint(1, 99)}) ")


def delete_or_restore_project(site: Path, chance: random.Random) -> None:
    """A project without news or translation is deleted, or a deleted one comes back."""
    attic, projects = site / "attic", site / "content/projects"
    attic.mkdir(exist_ok=True)
    deleted = [name for name in DELETABLE if (attic / name).exists()]
    present = [name for name in DELETABLE if (projects / name).exists()]
    if deleted and (not present or chance.random() < 0.5):
        name = chance.choice(deleted)
        (attic / name).rename(projects / name)
    elif present:
        name = chance.choice(present)
        (projects / name).rename(attic / name)


def edit_site_title_and_page_size(site: Path, chance: random.Random) -> None:
    path = site / "site_config.toml"
    text = re.sub(
        r"^title = .*$", f'title = "Projektek {chance.randint(1, 99)}"', path.read_text("utf-8"), flags=re.M
    )
    text = re.sub(r"^page_size = .*\n", "", text, flags=re.M)
    path.write_text(
        text.replace('\nlanguage = "hu"', f'\nlanguage = "hu"\npage_size = {chance.randint(1, 3)}', 1),
        "utf-8",
    )


EDITS: tuple[Edit, ...] = (
    toggle_site_template,
    edit_county,
    edit_tags,
    edit_translation,
    delete_or_restore_project,
    edit_site_title_and_page_size,
    edit_body,
    edit_title,
    edit_end_date,
    add_news,
    delete_news,
    rename_page,
    edit_template,
    edit_labels,
    edit_config,
    edit_stylesheet,
    toggle_draft,
)
