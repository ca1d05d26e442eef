"""What a shared link and a search engine show of a page: Open Graph tags and schema.org data.

Built from the front matter only, so a link to a project page shared on social media shows the
project's title and summary, and search engines can read its ID, beneficiaries and grant.
A project or news item also names its social card (`outputs.cards`) as `og:image`, with the
alternative text of what the card shows. Absolute addresses come from `base_url`, as these
standards require.
"""

from __future__ import annotations

from typing import Any

from infoblokk.banner.profiles import Banner
from infoblokk.config.settings import SiteConfig
from infoblokk.content.model import Item, NewsItem, Project
from infoblokk.layout import SOCIAL_CARD_SIZE, social_card_path
from infoblokk.render.urls import absolute_url

LOCALES = {"hu": "hu_HU", "en": "en_GB", "ro": "ro_RO"}


def open_graph(
    item: Item | None, title: str, url: str, config: SiteConfig, banner: Banner | None = None
) -> list[tuple[str, str]]:
    """`og:` properties of a page, as (property, content) pairs; `banner` is the one it shows."""
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
    if isinstance(item, (Project, NewsItem)) and banner is not None and config.publicity.social_cards:
        properties += social_card(item, config, banner)
    return properties


def social_card(item: Item, config: SiteConfig, banner: Banner) -> list[tuple[str, str]]:
    """The card's address, size and alternative text: the title, then the banner's own."""
    width, height = SOCIAL_CARD_SIZE
    return [
        ("og:image", absolute_url(config.base_url, social_card_path(item.url))),
        ("og:image:type", "image/png"),
        ("og:image:width", str(width)),
        ("og:image:height", str(height)),
        ("og:image:alt", card_alt_text(item.title, banner, item.language)),
    ]


def card_alt_text(title: str, banner: Banner, language: str) -> str:
    """What a social card shows, in words: the page's title, then the funding banner's alt text."""
    return f"{title} – {banner.alt_text(language)}"


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
