"""The banner partial: the package's own template of the funding banner.

It ships with the package, not with a theme, so that no theme can leave the banner out or
word it differently. Theme templates can include it (it is the last place templates are
looked up in), and every page's banner is rendered from it, whatever a site overrides.
"""

from __future__ import annotations

import jinja2

BANNER_TEMPLATE = "infoblokk/banner.html"


def banner_loader() -> jinja2.BaseLoader:
    """The templates built into infoblokk, for the end of a theme's lookup order."""
    return jinja2.PackageLoader("infoblokk.banner", "templates")


def banner_template() -> jinja2.Template:
    """The banner partial itself, as the package ships it."""
    env = jinja2.Environment(loader=banner_loader(), autoescape=True)
    return env.get_template(BANNER_TEMPLATE)
