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
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import jinja2
from PIL import Image

from infoblokk.artwork import OutputFile, banners_in_use
from infoblokk.banner import Banner
from infoblokk.content import STATIC_FOLDER, SourceFile
from infoblokk.errors import BuildFailed, Problem, Severity
from infoblokk.pages import PagePlan
from infoblokk.render import make_environment
from infoblokk.site import LoadedSite, load_site, render_site
from infoblokk.urls import output_path

# Elements and the attribute that names another file of the site.
REFERENCE_ATTRIBUTES: Mapping[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "source": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
}
BANNER_ATTRIBUTE = "data-infoblokk"
_EXTENDS = re.compile(r"""\{%-?\s*extends\s+["']([^"']+)["']""")
_HTML_START = re.compile(r"<html[\s>]", re.IGNORECASE)


def check_site(site_dir: Path, today: date | None = None) -> tuple[Problem, ...]:
    """Every problem of the site: errors, compliance gaps, and what its rendered pages show."""
    try:
        site = load_site(site_dir)
        rendered = render_site(site, today or date.today())
        files, plans = rendered.files, rendered.plans
    except BuildFailed as failure:
        return failure.problems
    return (*site.model.problems, *audit_pages(site, files, plans))


def audit_pages(
    site: LoadedSite, files: Iterable[OutputFile], plans: Iterable[PagePlan]
) -> tuple[Problem, ...]:
    """What the rendered pages show: broken links and anchors, missing texts, a small banner."""
    files = tuple(files)
    pages = {
        str(file.path): _parse(file.content.decode("utf-8", errors="replace"))
        for file in files
        if file.path.suffix == ".html"
    }
    known = {str(file.path) for file in files} | {str(copy.path) for copy in site.static}
    statics = {str(copy.path): copy.source_path for copy in site.static}
    sites = _SiteFiles(known, _folders(known), pages, statics)
    templates = _Templates(make_environment(site.site_dir, site.theme))
    findings: list[_Finding] = []
    for plan in plans:
        path = output_path(plan.url)
        page = pages.get(path)
        if page is None:
            continue
        where = _Where(path, plan, templates)
        findings += _reference_problems(page, where, sites, _base_path(site.config.base_url))
        findings += _text_problems(page, where)
        findings += _structure_problems(page, where)
        findings += _banner_problems(page, where, site)
    return (*_small_artwork(site), *_merged(findings))


# --------------------------------------------------------------------------
# Reading a page
# --------------------------------------------------------------------------


@dataclass
class _Link:
    href: str
    text: list[str] = field(default_factory=list)
    labelled: bool = False


@dataclass
class _Page:
    """What the audit needs to know about one HTML page."""

    has_html: bool = False
    lang: str = ""
    has_h1: bool = False
    ids: set[str] = field(default_factory=set)
    references: list[tuple[str, str]] = field(default_factory=list)  # (tag, address)
    images_without_alt: list[str] = field(default_factory=list)  # their src
    empty_links: list[str] = field(default_factory=list)  # their href
    banner_images: list[tuple[str, str]] = field(default_factory=list)  # (src, width attribute)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()
        self._links: list[_Link] = []
        self._banner_tag: str | None = None
        self._banner_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        page = self.page
        if tag == "html":
            page.has_html = True
            page.lang = values.get("lang", "").strip()
        elif tag == "h1":
            page.has_h1 = True
        if values.get("id"):
            page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            page.ids.add(values["name"])
        for attribute in REFERENCE_ATTRIBUTES.get(tag, ()):
            if attribute in values:
                page.references.append((tag, values[attribute]))
        self._track_banner(tag, values)
        if tag == "img":
            self._image(values)
        elif tag == "a" and "href" in values:
            labelled = bool(values.get("aria-label", "").strip() or values.get("aria-labelledby", "").strip())
            self._links.append(_Link(values["href"], labelled=labelled))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._links:
            link = self._links.pop()
            if not link.labelled and not "".join(link.text).strip():
                self.page.empty_links.append(link.href)
        if tag == self._banner_tag:
            self._banner_depth -= 1
            if self._banner_depth == 0:
                self._banner_tag = None

    def handle_data(self, data: str) -> None:
        for link in self._links:
            link.text.append(data)

    def _image(self, values: Mapping[str, str]) -> None:
        src = values.get("src", "")
        if "alt" not in values:
            self.page.images_without_alt.append(src)
        elif values["alt"].strip():
            for link in self._links:
                link.labelled = True
        if self._banner_tag is not None or BANNER_ATTRIBUTE in values:
            self.page.banner_images.append((src, values.get("width", "")))

    def _track_banner(self, tag: str, values: Mapping[str, str]) -> None:
        if tag == self._banner_tag:
            self._banner_depth += 1
        elif self._banner_tag is None and BANNER_ATTRIBUTE in values and tag != "img":
            self._banner_tag, self._banner_depth = tag, 1


def _parse(html: str) -> _Page:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.page


# --------------------------------------------------------------------------
# Where a problem comes from
# --------------------------------------------------------------------------


class _Templates:
    """Template names → their files, following `{% extends %}` when asked."""

    def __init__(self, env: jinja2.Environment) -> None:
        self._env = env

    def file(self, name: str) -> Path | None:
        try:
            filename = self._env.get_template(name).filename
        except jinja2.TemplateError:
            return None
        return Path(filename) if filename else None

    def defining(self, name: str, pattern: re.Pattern[str]) -> Path | None:
        """The template, or the one it extends (and so on), whose text matches `pattern`."""
        seen: set[str] = set()
        current: str | None = name
        while current and current not in seen and self._env.loader is not None:
            seen.add(current)
            try:
                source, filename, _ = self._env.loader.get_source(self._env, current)
            except jinja2.TemplateNotFound:
                return None
            if pattern.search(source):
                return Path(filename) if filename else None
            parent = _EXTENDS.search(source)
            current = parent.group(1) if parent else None
        return self.file(name)


@dataclass(frozen=True)
class _Where:
    """One rendered page: its output path, its plan, and who wrote it."""

    path: str
    plan: PagePlan
    templates: _Templates

    @property
    def source(self) -> SourceFile | None:
        return self.plan.item.source if self.plan.item else None

    @property
    def template(self) -> Path | None:
        return self.templates.file(self.plan.template)

    def blame(self, *needles: str) -> tuple[Path | None, int | None, bool]:
        """(file, line, in_content): the content line showing one of `needles`, else the template."""
        source = self.source
        if source is not None:
            line = _line_of(source, [needle for needle in needles if needle])
            if line is not None:
                return source.source_path, line, True
        return self.template, None, False


def _line_of(source: SourceFile, needles: list[str]) -> int | None:
    """The line of the file (counted from the top, front matter included) showing a needle."""
    try:
        lines = source.source_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    first = max(source.body_line - 1, 1)  # the closing '---' at the latest: search the body only
    for needle in needles:
        for number in range(first, len(lines) + 1):
            if needle in lines[number - 1]:
                return number
    return None


def _needles(address: str) -> tuple[str, ...]:
    """Ways an address may be written in the Markdown: itself, its #fragment, its file name."""
    parts = urlsplit(address)
    name = PurePosixPath(parts.path).name
    if name == "index.html":
        name = PurePosixPath(parts.path).parent.name
    return (address, f"#{parts.fragment}" if parts.fragment else "", f"{name}" if len(name) > 3 else "")


# --------------------------------------------------------------------------
# Links, images, stylesheets, scripts
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _SiteFiles:
    files: set[str]
    folders: set[str]
    pages: Mapping[str, _Page]
    statics: Mapping[str, Path]

    def ids_of(self, path: str) -> set[str] | None:
        """The ids of an HTML file of the site; None for other files."""
        if path in self.pages:
            return self.pages[path].ids
        if path in self.statics and path.endswith((".html", ".htm")):
            text = self.statics[path].read_text(encoding="utf-8", errors="replace")
            return _parse(text).ids
        return None


def _folders(files: Iterable[str]) -> set[str]:
    folders = {""}
    for path in files:
        folders.update(str(parent) for parent in PurePosixPath(path).parents if str(parent) != ".")
    return folders


def _base_path(base_url: str) -> str:
    path = urlsplit(base_url).path
    return path if path.endswith("/") else path + "/"


def _reference_problems(page: _Page, where: _Where, site: _SiteFiles, base_path: str) -> Iterator[_Finding]:
    for tag, address in page.references:
        parts = urlsplit(address)
        if parts.scheme or parts.netloc or not address.strip():
            continue  # another site, mailto:, data:, …: not ours to check
        target = _resolve(where.path, unquote(parts.path), base_path)
        what = "link" if tag in ("a", "area") else f"<{tag}> reference"
        if target is None:
            yield _problem(where, address, f"the {what} '{address}' points outside the site", _LINK_HINT)
        elif target in site.files:
            yield from _fragment_problems(where, address, target, unquote(parts.fragment), site)
        elif target in site.folders and posixpath.join(target, "index.html") in site.files:
            index = posixpath.join(parts.path.rstrip("/") or ".", "index.html")
            yield _problem(
                where,
                address,
                f"the {what} '{address}' names a folder: a web server opens its index.html, "
                "but the site opened from the file system does not",
                f"link to '{index}' instead",
            )
        else:
            yield _problem(
                where,
                address,
                f"the {what} '{address}' leads nowhere: the site has no file {target}",
                _LINK_HINT,
            )


_LINK_HINT = (
    "write the address relative to this page, naming the file: a page as "
    "'../../projektek/zala/index.html', a file of content/static/ by its path in that folder"
)


def _resolve(page_path: str, path: str, base_path: str) -> str | None:
    """The site-relative file an address names ("" for the site's root), or None if outside."""
    if not path:
        return page_path
    if path.startswith("/"):
        if not path.startswith(base_path):
            return None
        joined = path[len(base_path) :]
    else:
        joined = posixpath.join(posixpath.dirname(page_path), path)
    normal = posixpath.normpath(joined) if joined else "."
    if normal == ".":
        return ""
    if normal == ".." or normal.startswith(("../", "/")):
        return None
    return normal


def _fragment_problems(
    where: _Where, address: str, target: str, fragment: str, site: _SiteFiles
) -> Iterator[_Finding]:
    if not fragment or fragment == "top":
        return
    ids = site.ids_of(target)
    if ids is not None and fragment not in ids:
        page = "this page" if target == where.path else target
        yield _problem(
            where,
            address,
            f"the link '{address}' jumps to #{fragment}, but {page} has no element with that id",
            "headings get their id from their text ('## Célcsoportok' → #celcsoportok); "
            "give one yourself with '## Heading {#my-id}', or correct the link",
        )


@dataclass(frozen=True)
class _Finding:
    """One problem on one page; the same template problem on many pages is reported once."""

    message: str
    hint: str
    path: Path | None
    line: int | None
    page: str | None  # the page it was seen on, when the file to fix is a template
    severity: Severity = Severity.ERROR


def _problem(
    where: _Where, address: str, message: str, hint: str, severity: Severity = Severity.ERROR
) -> _Finding:
    path, line, in_content = where.blame(*_needles(address))
    return _Finding(message, hint, path, line, None if in_content else where.path, severity)


def _merged(findings: Iterable[_Finding]) -> Iterator[Problem]:
    """One problem per finding in a content file; per template, one naming the pages it shows on."""
    pages: dict[_Finding, list[str]] = {}
    for finding in findings:
        key = _Finding(finding.message, finding.hint, finding.path, finding.line, None, finding.severity)
        pages.setdefault(key, [])
        if finding.page is not None and finding.page not in pages[key]:
            pages[key].append(finding.page)
    for finding, seen_on in pages.items():
        message = f"{finding.message} ({_on_pages(seen_on)})" if seen_on else finding.message
        yield Problem(message, finding.path, finding.line, finding.hint, finding.severity)


def _on_pages(paths: list[str]) -> str:
    if len(paths) == 1:
        return f"on the page {paths[0]}"
    shown = ", ".join(paths[:3]) + (", …" if len(paths) > 3 else "")
    return f"on {len(paths)} pages: {shown}"


# --------------------------------------------------------------------------
# Alternative texts, link texts, headings, language
# --------------------------------------------------------------------------


def _text_problems(page: _Page, where: _Where) -> Iterator[_Finding]:
    for src in page.images_without_alt:
        yield _problem(
            where,
            src,
            f"the image '{src}' has no alternative text (alt)",
            "say what the image shows: ![Résztvevők a záró rendezvényen](kep.jpg), or "
            'alt="…" in HTML; write alt="" only for a purely decorative image',
        )
    for href in page.empty_links:
        yield _problem(
            where,
            href,
            f"the link to '{href}' has no text, so screen readers cannot tell where it leads",
            "give it words that say where it leads: [Az éves beszámoló](beszamolo.pdf), "
            "or an aria-label, or an image with alt text inside it",
        )


def _structure_problems(page: _Page, where: _Where) -> Iterator[_Finding]:
    """A page without <html lang> or <h1>: the template's doing, never the content's."""
    if not page.lang:
        yield _Finding(
            "the <html> element has no lang attribute",
            'write <html lang="{{ lang }}"> in the template, so that screen readers '
            "read the text in the site's language",
            where.templates.defining(where.plan.template, _HTML_START),
            None,
            where.path,
        )
    if not page.has_h1:
        yield _Finding(
            "there is no <h1> heading",
            "give every page one main heading: put <h1>{{ page_title }}</h1> (or the title it shows) "
            "in the template's main block",
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
    for banner, image in banners_in_use(site.model).values():
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
                f"the banner artwork is {width} px wide; the {banner.profile.name} banner must be "
                f"shown at least {minimum} px wide",
                path,
                None,
                f"use the official file at full size (at least {minimum} px wide, "
                f"{banner.profile.display_width_px} px or more is best), not a thumbnail",
                Severity.COMPLIANCE,
            )


def _banner_problems(page: _Page, where: _Where, site: LoadedSite) -> Iterator[_Finding]:
    """A banner shown narrower in the HTML than its profile allows (artwork aside)."""
    banner, image = _banner_of(where.plan, site)
    minimum = banner.profile.min_width_px
    for src, width in page.banner_images:
        if not width.strip().isdigit() or int(width) >= minimum:
            continue
        if image is not None and _artwork_width(site, image) == int(width):
            continue  # the artwork itself is too small: reported once, for its file
        yield _Finding(
            f"the funding banner '{src}' is shown {width} px wide; it must be at least {minimum} px",
            f"show the banner with {{{{ infoblokk() }}}} and do not make it narrower than {minimum} px",
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
