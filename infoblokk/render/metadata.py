"""What a shared link and a search engine show of a page: Open Graph tags and schema.org data.

Built from the front matter only, so a link to a project page shared on social media shows the
project's title and summary, and search engines can read its ID, beneficiaries and grant.
Absolute addresses come from `base_url`, as these standards require.
"""

from __future__ import annotations

from typing import Any

from infoblokk.config.settings import SiteConfig
from infoblokk.content.model import Item, NewsItem, Project
from infoblokk.render.urls import absolute_url

LOCALES = {"hu": "hu_HU", "en": "en_GB", "ro": "ro_RO"}


def open_graph(item: Item | None, title: str, url: str, config: SiteConfig) -> list[tuple[str, str]]:
    """`og:` properties of a page, as (property, content) pairs."""
    description = item.summary if item and item.summary else config.description
    properties = [
        ("og:type", "article" if isinstance(item, NewsItem) else "website"),
        ("og:title", title or config.title),
        ("og:url", absolute_url(config.base_url, url)),
        ("og:site_name", config.title),
        ("og:locale", LOCALES[config.language]),
    ]
    if description:
        properties.append(("og:description", description))
    return properties


def structured_data(item: Item | None, url: str, config: SiteConfig) -> dict[str, Any]:
    """schema.org data of a page as JSON-LD: a Project, a NewsArticle or a WebPage."""
    address = absolute_url(config.base_url, url)
    if isinstance(item, Project):
        return _project(item, address)
    if isinstance(item, NewsItem):
        data: dict[str, Any] = {
            "@type": "NewsArticle",
            "headline": item.title,
            "datePublished": item.date.isoformat(),
        }
    else:
        data = {"@type": "WebPage", "name": item.title if item else config.title}
    if item and item.summary:
        data["description"] = item.summary
    return {"@context": "https://schema.org", **data, "url": address, "inLanguage": config.language}


def _project(project: Project, address: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": project.title,
        "url": address,
        "member": [{"@type": "Organization", "name": name} for name in project.beneficiaries],
    }
    if project.summary:
        data["description"] = project.summary
    if project.project_id:
        data["identifier"] = project.project_id.raw
    if project.grant:
        amount = {
            "@type": "MonetaryAmount",
            "value": str(project.grant.amount),
            "currency": project.grant.currency,
        }
        data["funding"] = {"@type": "MonetaryGrant", "amount": amount}
    return data
