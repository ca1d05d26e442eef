"""The banner partial: the package's own template of the funding banner.

It ships with the package, not with a theme, so that no theme can leave the banner out or
word it differently. Theme templates can include it (it is the last place templates are
looked up in), and every page's banner is rendered from it, whatever a site overrides.
"""

from __future__ import annotations

from typing import NamedTuple

import jinja2
from markupsafe import Markup

from infoblokk.banner.profiles import Banner, BannerProfile

BANNER_TEMPLATE = "infoblokk/banner.html"


def banner_loader() -> jinja2.BaseLoader:
    """The templates built into infoblokk, for the end of a theme's lookup order."""
    return jinja2.PackageLoader("infoblokk.banner", "templates")


def banner_template() -> jinja2.Template:
    """The banner partial itself, as the package ships it."""
    env = jinja2.Environment(loader=banner_loader(), autoescape=True)
    return env.get_template(BANNER_TEMPLATE)


class BannerArtLink(NamedTuple):
    """The banner's image as a page links it: its address from the page, and its size."""

    src: str
    width: int
    height: int


class BannerPartials:
    """The banner partial rendered once per distinct banner, language and links in this process.

    Most pages show one of a few banners and link it and its image alike (pages at the same
    depth give the same relative links), so the HTML of each combination is kept instead of
    rendering the partial and wording the banner's alternative text for every page. A banner is
    told apart by its profile (the object: two profiles of one name stay apart), its fund and
    its funding rate, all that its HTML follows from."""

    def __init__(self, template: jinja2.Template) -> None:
        self._template = template
        self._made: dict[tuple[object, ...], tuple[BannerProfile, Markup]] = {}

    def html(self, banner: Banner, language: str, link: str, art: BannerArtLink) -> Markup:
        """The partial rendered for `banner` in `language`, linking `link`, showing `art`."""
        key = (id(banner.profile), banner.fund, banner.full_rate, language, link, art)
        found = self._made.get(key)
        if found is None or found[0] is not banner.profile:
            found = (banner.profile, self._render(banner, language, link, art))
            self._made[key] = found
        return found[1]

    def _render(self, banner: Banner, language: str, link: str, art: BannerArtLink) -> Markup:
        html = self._template.render(
            banner=banner, link=link, alt=banner.alt_text(language), art=art._asdict()
        )
        return Markup(html)
