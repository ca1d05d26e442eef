"""The checks behind `check`: everything `build` verifies, plus compliance, without publishing.

After the build's own checks, `check` reads every rendered page (with the standard library's
HTML parser, no browser) and reports what a visitor would trip over:

- links, images, stylesheets and scripts that point at no file of the site, and `#fragments`
  that the target page lacks;
- links to a folder (`projektek/`): a web server opens its index.html, the file system does not;
- images without alternative text, and links without any text;
- pages without an `<h1>` heading or without `<html lang>`;
- a funding banner image narrower than its profile's `min_width_px`.

Each problem names the file to fix: the content file (with its line) when the culprit is in
its text, else the template that wrote it.

`pagereader` reads each page, `linkcheck` resolves its addresses, and `findings` names the
file to fix and merges what many pages show into one problem; this module runs them and
checks the texts, the headings, the language and the banner's size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from PIL import Image

from infoblokk.banner.artwork import banners_in_use
from infoblokk.banner.profiles import Banner
from infoblokk.check.findings import Finding, Templates, Where, finding_at, merged_problems
from infoblokk.check.linkcheck import SiteFiles, base_path_of, folders_of, reference_problems
from infoblokk.check.pagereader import ParsedPage, parse_page
from infoblokk.content.loading import LoadedSite
from infoblokk.errors import Problem, Severity
from infoblokk.layout import STATIC_FOLDER
from infoblokk.messages import Text
from infoblokk.output import MadeFile
from infoblokk.render.pages import make_environment
from infoblokk.render.plans import PagePlan
from infoblokk.render.urls import output_path

_HTML_START = re.compile(r"<html[\s>]", re.IGNORECASE)


def audit_pages(
    site: LoadedSite, files: Iterable[MadeFile], plans: Iterable[PagePlan]
) -> tuple[Problem, ...]:
    """What the rendered pages show: broken links and anchors, missing texts, a small banner."""
    files = tuple(files)
    pages = {
        str(file.path): parse_page(file.content.decode("utf-8", errors="replace"))
        for file in files
        if file.path.suffix == ".html"
    }
    known = {str(file.path) for file in files} | {str(copy.path) for copy in site.static}
    statics = {str(copy.path): copy.source_path for copy in site.static}
    sites = SiteFiles(known, folders_of(known), pages, statics)
    templates = Templates(make_environment(site.site_dir, site.theme))
    findings: list[Finding] = []
    for plan in plans:
        path = output_path(plan.url)
        page = pages.get(path)
        if page is None:
            continue
        where = Where(path, plan, templates)
        findings += reference_problems(page, where, sites, base_path_of(site.config.base_url))
        findings += _text_problems(page, where)
        findings += _structure_problems(page, where)
        findings += _banner_problems(page, where, site)
    return (*_small_artwork(site), *merged_problems(findings))


# --------------------------------------------------------------------------
# Alternative texts, link texts, headings, language
# --------------------------------------------------------------------------


def _text_problems(page: ParsedPage, where: Where) -> Iterator[Finding]:
    for src in page.images_without_alt:
        yield finding_at(
            where,
            src,
            Text("the image '{src}' has no alternative text (alt)", src=src),
            Text(
                "say what the image shows: ![Résztvevők a záró rendezvényen](kep.jpg), or "
                'alt="…" in HTML; write alt="" only for a purely decorative image'
            ),
        )
    for href in page.empty_links:
        yield finding_at(
            where,
            href,
            Text("the link to '{href}' has no text, so screen readers cannot tell where it leads", href=href),
            Text(
                "give it words that say where it leads: [Az éves beszámoló](beszamolo.pdf), "
                "or an aria-label, or an image with alt text inside it"
            ),
        )


def _structure_problems(page: ParsedPage, where: Where) -> Iterator[Finding]:
    """A page without <html lang> or <h1>: the template's doing, never the content's."""
    if not page.lang:
        yield Finding(
            Text("the <html> element has no lang attribute"),
            Text(
                "write {tag} in the template, so that screen readers read the text in the site's language",
                tag='<html lang="{{ lang }}">',
            ),
            where.templates.defining(where.plan.template, _HTML_START),
            None,
            where.path,
        )
    if not page.has_h1:
        yield Finding(
            Text("there is no <h1> heading"),
            Text(
                "give every page one main heading: put {heading} (or the title it shows) "
                "in the template's main block",
                heading="<h1>{{ page_title }}</h1>",
            ),
            where.template,
            None,
            where.path,
        )


# --------------------------------------------------------------------------
# The funding banner's size
# --------------------------------------------------------------------------


def _small_artwork(site: LoadedSite) -> Iterator[Problem]:
    """Official artwork narrower, in its own pixels, than the banner profile allows."""
    static_dir = site.content_dir / STATIC_FOLDER
    for banner, image in banners_in_use(site.model.banner_choices()).values():
        if image is None:
            continue
        path = static_dir / image
        try:
            with Image.open(path) as artwork:
                width = artwork.size[0]
        except OSError:
            continue  # a missing or unreadable file is reported by the build itself
        minimum = banner.profile.min_width_px
        if width < minimum:
            yield Problem(
                Text(
                    "the banner artwork is {width} px wide; the {profile} banner must be "
                    "shown at least {minimum} px wide",
                    width=width,
                    profile=banner.profile.name,
                    minimum=minimum,
                ),
                path,
                None,
                Text(
                    "use the official file at full size (at least {minimum} px wide, "
                    "{best} px or more is best), not a thumbnail",
                    minimum=minimum,
                    best=banner.profile.display_width_px,
                ),
                Severity.COMPLIANCE,
            )


def _banner_problems(page: ParsedPage, where: Where, site: LoadedSite) -> Iterator[Finding]:
    """A banner shown narrower in the HTML than its profile allows (artwork aside)."""
    banner, image = _banner_of(where.plan, site)
    minimum = banner.profile.min_width_px
    for src, width in page.banner_images:
        if not width.strip().isdigit() or int(width) >= minimum:
            continue
        if image is not None and _artwork_width(site, image) == int(width):
            continue  # the artwork itself is too small: reported once, for its file
        yield Finding(
            Text(
                "the funding banner '{src}' is shown {width} px wide; it must be at least {minimum} px",
                src=src,
                width=width,
                minimum=minimum,
            ),
            Text(
                "show the banner with {call} and do not make it narrower than {minimum} px",
                call="{{ infoblokk() }}",
                minimum=minimum,
            ),
            where.template,
            None,
            where.path,
            Severity.COMPLIANCE,
        )


def _banner_of(plan: PagePlan, site: LoadedSite) -> tuple[Banner, str | None]:
    if plan.banner is not None:
        return plan.banner, plan.banner_image
    return site.model.site_banner, site.model.site_banner_image


def _artwork_width(site: LoadedSite, image: str) -> int | None:
    try:
        with Image.open(site.content_dir / STATIC_FOLDER / image) as artwork:
            return int(artwork.size[0])
    except OSError:
        return None
