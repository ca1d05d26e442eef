"""Checks across files: duplicate addresses and IDs, news naming unknown projects, and the
compliance of each project with its banner profile (mandatory facts, official artwork).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path

from infoblokk.banner.profiles import Banner
from infoblokk.config.schema import did_you_mean
from infoblokk.config.settings import config_line
from infoblokk.content.model import Item, NewsItem, Page, Project, of_kind
from infoblokk.errors import Problem, Severity
from infoblokk.layout import LIST_FOLDERS, RESERVED_NAMES
from infoblokk.messages import Text


def standin_banners(
    items: list[Item], site_banner: Banner, site_image: str | None, config_path: Path
) -> Iterator[Problem]:
    """Once per banner shown without its official artwork: a step left before publishing."""
    shown = [(site_banner, site_image)] + [(p.banner, p.banner_image) for p in of_kind(items, Project)]
    for key in sorted({banner.key for banner, image in shown if image is None}):
        yield Problem(
            Text("the banner '{key}' shows infoblokk's stand-in, not the official artwork yet", key=key),
            config_path,
            config_line(config_path, ("banner",)),
            Text(
                "one step: copy the official banner file you received (e.g. "
                "infoblokk_kedv_final_felso_cmyk_ESZA.jpg) into content/static/ and name it in "
                'site_config.toml under [banner.images]: "{key}" = "<its file name>"',
                key=key,
            ),
            Severity.PUBLICATION,
        )


def duplicates(items: list[Item], statement_url: str | None = None) -> Iterator[Problem]:
    """Items at one address (or at the accessibility statement's), and projects with one ID."""
    seen_urls: dict[str, Item] = {}
    seen_ids: dict[str, Item] = {}
    for item in items:
        if _reserved(item):
            yield _clash(item, Text("the address '{url}' is used by the site itself", url=item.url), "slug")
        if item.url == statement_url:
            yield Problem(
                Text(
                    "the address '{url}' is the accessibility statement's, made from [accessibility] "
                    "in site_config.toml",
                    url=item.url,
                ),
                item.source.source_path,
                item.source.line_of(("slug",)) or 1,
                Text("the statement needs no page of its own: delete this file (or give it another 'slug:')"),
            )
        if item.url in seen_urls:
            yield _clash(
                item,
                Text(
                    "another file has the same address {url}: {other}",
                    url=item.url,
                    other=seen_urls[item.url].source.source_path.name,
                ),
                "slug",
            )
        seen_urls.setdefault(item.url, item)
        if isinstance(item, Project) and item.project_id:
            other = seen_ids.setdefault(item.project_id.normalized, item)
            if other is not item:
                yield _clash(
                    item,
                    Text(
                        "project ID {id} is also used by {other}",
                        id=item.project_id.raw,
                        other=other.source.source_path.name,
                    ),
                    "project_id",
                )


def _reserved(item: Item) -> bool:
    if isinstance(item, Page):
        return item.slug in RESERVED_NAMES
    if isinstance(item, Project):
        return item.slug in {folder for folders in LIST_FOLDERS.values() for folder in folders.values()}
    return item.slug in {folders["page"] for folders in LIST_FOLDERS.values()}


def _clash(item: Item, message: Text, key: str) -> Problem:
    source = item.source
    hint = (
        Text("give one of them another file name or a 'slug:'")
        if key == "slug"
        else Text("each project needs its own file; merge them or correct the ID")
    )
    return Problem(message, source.source_path, source.line_of((key,)) or 1, hint)


def unknown_projects(items: list[Item], broken: Collection[str] = ()) -> Iterator[Problem]:
    """News naming a project ID no project has.

    `broken` are the IDs that project files which failed give: a news item naming one of
    them is not reported, since the failed file's own problem is the one to fix.
    """
    known = {p.project_id.normalized for p in of_kind(items, Project) if p.project_id}
    for news in of_kind(items, NewsItem):
        if news.project_id and news.project_id not in known and news.project_id not in broken:
            guess = did_you_mean(news.project_id, known)
            hint = (
                Text("did you mean {guess}?", guess=guess)
                if guess
                else Text("use the project_id of a project in content/projects/")
            )
            yield Problem(
                Text("no project has the ID {id}", id=news.project_id),
                news.source.source_path,
                news.source.line_of(("project",)),
                hint,
            )


def compliance(items: list[Item]) -> Iterator[Problem]:
    for project in of_kind(items, Project):
        for name in project.banner.profile.mandatory_fields:
            if not _has_fact(project, name):
                yield Problem(
                    Text("the mandatory field '{name}' is missing, so the page cannot show it", name=name),
                    project.source.source_path,
                    1,
                    _compliance_hint(name, project.banner.profile.name),
                    Severity.COMPLIANCE,
                )


def _compliance_hint(name: str, profile: str) -> Text:
    if name == "body":
        return Text(
            "write the project's description below the closing '---' line "
            "(the {profile} banner profile requires it)",
            profile=profile,
        )
    return Text(
        "add '{name}:' to the front matter once the fact is known (the {profile} banner profile requires it)",
        name=name,
        profile=profile,
    )


def _has_fact(project: Project, name: str) -> bool:
    """Whether the project states the fact a profile requires (a field no project has counts as
    stated). Only the fact asked for is looked at: a body is read whole, and this is asked
    of every project of the site for each of its mandatory fields, on every build."""
    fact = _FACTS.get(name)
    return True if fact is None else bool(fact(project))


def _has_body(project: Project) -> bool:
    return project.source.has_text


_FACTS: Mapping[str, Callable[[Project], object]] = {
    "project_id": lambda project: project.project_id,
    "beneficiary": lambda project: project.beneficiaries,
    "title": lambda project: project.title,
    "grant_amount": lambda project: project.grant,
    "funding_rate": lambda project: project.funding_rate,
    "end_date": lambda project: project.end_date,
    "body": _has_body,
}
