"""Checks across files: duplicate addresses and IDs, news naming unknown projects, and the
compliance of each project with its banner profile (mandatory facts, official artwork).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from infoblokk.banner.profiles import Banner
from infoblokk.config.schema import did_you_mean
from infoblokk.config.settings import config_line
from infoblokk.content.model import Item, NewsItem, Page, Project, of_kind
from infoblokk.errors import Problem, Severity
from infoblokk.layout import LIST_FOLDERS, RESERVED_NAMES


def standin_banners(
    items: list[Item], site_banner: Banner, site_image: str | None, config_path: Path
) -> Iterator[Problem]:
    """Once per banner shown without its official artwork: a step left before publishing."""
    shown = [(site_banner, site_image)] + [(p.banner, p.banner_image) for p in of_kind(items, Project)]
    for key in sorted({banner.key for banner, image in shown if image is None}):
        yield Problem(
            f"the banner '{key}' shows infoblokk's stand-in, not the official artwork yet",
            config_path,
            config_line(config_path, ("banner",)),
            "one step: copy the official banner file you received into content/static/ and name it "
            f'in site_config.toml under [banner.images]: "{key}" = "<its file name>"',
            Severity.PUBLICATION,
        )


def duplicates(items: list[Item], statement_url: str | None = None) -> Iterator[Problem]:
    """Items at one address (or at the accessibility statement's), and projects with one ID."""
    seen_urls: dict[str, Item] = {}
    seen_ids: dict[str, Item] = {}
    for item in items:
        if _reserved(item):
            yield _clash(item, f"the address '{item.url}' is used by the site itself", "slug")
        if item.url == statement_url:
            yield Problem(
                f"the address '{item.url}' is the accessibility statement's, made from [accessibility] "
                "in site_config.toml",
                item.source.source_path,
                item.source.line_of(("slug",)) or 1,
                "the statement needs no page of its own: delete this file (or give it another 'slug:')",
            )
        if item.url in seen_urls:
            yield _clash(
                item,
                f"another file has the same address {item.url}: "
                f"{seen_urls[item.url].source.source_path.name}",
                "slug",
            )
        seen_urls.setdefault(item.url, item)
        if isinstance(item, Project) and item.project_id:
            other = seen_ids.setdefault(item.project_id.normalized, item)
            if other is not item:
                yield _clash(
                    item,
                    f"project ID {item.project_id.raw} is also used by {other.source.source_path.name}",
                    "project_id",
                )


def _reserved(item: Item) -> bool:
    if isinstance(item, Page):
        return item.slug in RESERVED_NAMES
    if isinstance(item, Project):
        return item.slug in {folder for folders in LIST_FOLDERS.values() for folder in folders.values()}
    return item.slug in {folders["page"] for folders in LIST_FOLDERS.values()}


def _clash(item: Item, message: str, key: str) -> Problem:
    source = item.source
    hint = (
        "give one of them another file name or a 'slug:'"
        if key == "slug"
        else "each project needs its own file; merge them or correct the ID"
    )
    return Problem(message, source.source_path, source.line_of((key,)) or 1, hint)


def unknown_projects(items: list[Item]) -> Iterator[Problem]:
    known = {p.project_id.normalized for p in of_kind(items, Project) if p.project_id}
    for news in of_kind(items, NewsItem):
        if news.project_id and news.project_id not in known:
            guess = did_you_mean(news.project_id, known)
            hint = (
                f"did you mean {guess}?" if guess else "use the project_id of a project in content/projects/"
            )
            yield Problem(
                f"no project has the ID {news.project_id}",
                news.source.source_path,
                news.source.line_of(("project",)),
                hint,
            )


def compliance(items: list[Item]) -> Iterator[Problem]:
    for project in of_kind(items, Project):
        for name in project.banner.profile.mandatory_fields:
            if not _has_fact(project, name):
                yield Problem(
                    f"the mandatory field '{name}' is missing, so the page cannot show it",
                    project.source.source_path,
                    1,
                    _compliance_hint(name, project.banner.profile.name),
                    Severity.COMPLIANCE,
                )


def _compliance_hint(name: str, profile: str) -> str:
    if name == "body":
        return (
            f"write the project's description below the closing '---' line "
            f"(the {profile} banner profile requires it)"
        )
    return (
        f"add '{name}:' to the front matter once the fact is known (the {profile} banner profile requires it)"
    )


def _has_fact(project: Project, name: str) -> bool:
    facts = {
        "project_id": project.project_id,
        "beneficiary": project.beneficiaries,
        "title": project.title,
        "grant_amount": project.grant,
        "funding_rate": project.funding_rate,
        "end_date": project.end_date,
        "body": project.body.strip(),
    }
    return bool(facts.get(name, True))
