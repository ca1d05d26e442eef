"""Every project's printed items, made only when what they show has changed.

Each item (see `content.print_items`) is made from a digest of everything it shows: the
facts as formatted, the labels, the banner's wording, the official artwork file (by its size
and time), the sheet and infoblokk's version. The result is kept in
`.infoblokk-cache/publicity/<digest>.pdf` (or `.png`), stored with the digest of its own bytes
first, as the image cache does. So a rebuild draws only the items of the projects that changed:

- the item is in the output as the last build wrote it, and the cache holds the same bytes
  (compared by the 32 bytes stored at the front of the entry, without reading the rest):
  it is kept where it is, neither read nor written;
- otherwise its bytes come from the cache, or are drawn now (on every core, if there are many).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from infoblokk import __version__
from infoblokk.banner.obligation_rules import RuleSet
from infoblokk.banner.print_rules import MM_PER_POINT, PrintRules
from infoblokk.config.settings import SiteConfig
from infoblokk.content.model import Project
from infoblokk.content.print_items import PrintItem, print_items
from infoblokk.layout import CACHE_FOLDER
from infoblokk.output import OutputFile
from infoblokk.outputs.images import kept_as_cached, read_cache, write_cache
from infoblokk.publicity.layout import BannerFace, Layout, SheetFacts, poster_layout, sign_layout
from infoblokk.publicity.pdf import DocumentInfo, pdf_bytes
from infoblokk.publicity.raster import png_bytes
from infoblokk.render.formatting import Formatter
from infoblokk.render.incremental import FileRecord, digest
from infoblokk.render.workers import on_all_cores

RECIPE = "print-2"  # part of every digest: change it when a layout or the drawing changes


def publicity_cache_dir(site_dir: Path) -> Path:
    """Where the printed items are kept between builds."""
    return site_dir / CACHE_FOLDER / "publicity"


@dataclass(frozen=True)
class KitSettings:
    """What every project's items are made with, besides the project itself."""

    language: str
    number_style: str
    labels: Mapping[str, Any]  # the theme's texts in the site's language
    static_dir: Path  # where official artwork is
    rules: PrintRules  # the items' sizes
    rule_sets: tuple[RuleSet, ...]  # which signs a project needs
    config: SiteConfig  # its exchange rates, for the rules' thresholds in euro


@dataclass(frozen=True)
class Sheet:
    """One item to make: its place in the output, what it shows, and its cache entry."""

    item: PrintItem
    facts: SheetFacts
    info: DocumentInfo
    entry: Path

    @property
    def path(self) -> PurePosixPath:
        return PurePosixPath(self.item.url)


@dataclass(frozen=True)
class MadeKit:
    files: tuple[OutputFile, ...]  # items to write (unchanged bytes are not written again)
    kept: tuple[PurePosixPath, ...]  # items already in the output as they should be
    drawn: int  # items drawn in this build; the rest came from the cache or were kept


def print_kit(
    projects: Sequence[Project],
    settings: KitSettings,
    cache_dir: Path,
    output_dir: Path,
    previous: Mapping[str, FileRecord] | None = None,
) -> MadeKit:
    """The printed items of every project."""
    sheets = [sheet for project in projects for sheet in project_sheets(project, settings, cache_dir)]
    kept = [sheet.path for sheet in sheets if _still_there(sheet, output_dir, previous or {})]
    rest = [sheet for sheet in sheets if sheet.path not in set(kept)]
    cached = {sheet.path: read_cache(sheet.entry) for sheet in rest}
    missing = [sheet for sheet in rest if cached[sheet.path] is None]
    drawn = on_all_cores(lambda index: draw(missing[index]), len(missing))
    for sheet, content in zip(missing, drawn, strict=True):
        write_cache(sheet.entry, content)
        cached[sheet.path] = content
    files = tuple(OutputFile(sheet.path, cached[sheet.path] or b"") for sheet in rest)
    return MadeKit(files, tuple(kept), len(missing))


def project_sheets(project: Project, settings: KitSettings, cache_dir: Path) -> list[Sheet]:
    """Each item of one project, with the cache entry its inputs name."""
    facts = sheet_facts(project, settings)
    info = DocumentInfo(
        project.title, ", ".join(project.beneficiaries), facts.face.statement, settings.language
    )
    sheets = []
    for item in print_items(project, settings.rules, settings.rule_sets, settings.config):
        suffix = ".png" if item.kind == "display" else ".pdf"
        key = digest(
            RECIPE, __version__, item.kind, item.width, item.height, _digestible(facts), asdict(info)
        )
        sheets.append(Sheet(item, facts, info, cache_dir / f"{key}{suffix}"))
    return sheets


def sheet_facts(project: Project, settings: KitSettings) -> SheetFacts:
    """The project's facts formatted as its pages show them, with the theme's labels."""
    fields = settings.labels["fields"]
    formatter = Formatter(settings.language, settings.number_style)
    rows: list[tuple[str, tuple[str, ...]]] = [(str(fields["beneficiary"]), project.beneficiaries)]
    if project.grant is not None:
        rows.append(
            (str(fields["grant_amount"]), (formatter.money(project.grant.amount, project.grant.currency),))
        )
    if project.funding_rate is not None:
        rows.append((str(fields["funding_rate"]), (formatter.percent(project.funding_rate),)))
    project_id = project.project_id.raw if project.project_id else ""
    if project_id:
        rows.append((str(fields["project_id"]), (project_id,)))
    objective = (project.objective or project.summary or "").strip()
    face = banner_face(project, settings)
    return SheetFacts(project.title, objective, tuple(rows), face, project.beneficiaries, project_id)


def banner_face(project: Project, settings: KitSettings) -> BannerFace:
    """The project's banner in the site's language: its official artwork if it has one."""
    banner = project.banner
    wording = banner.wording(settings.language)
    artwork = settings.static_dir / project.banner_image if project.banner_image else None
    return BannerFace(
        caption=wording.caption,
        mark=wording.mark,
        authority=wording.authority,
        slogan=wording.slogan,
        shows_emblem=banner.profile.shows_eu_emblem,
        mark_colour=banner.profile.mark_colour,
        text_colour=banner.profile.text_colour,
        artwork=artwork if artwork is not None and artwork.is_file() else None,
    )


def layout_of(sheet: Sheet) -> Layout:
    """Where everything goes on this item (tests measure it)."""
    item = sheet.item
    if item.kind == "display":
        return poster_layout(sheet.facts, item.width, item.height)
    width, height = item.width / MM_PER_POINT, item.height / MM_PER_POINT
    if item.kind == "poster":
        return poster_layout(sheet.facts, width, height)
    return sign_layout(sheet.facts, width, height)


def draw(sheet: Sheet) -> bytes:
    """The item's file: a PDF, or the display's PNG."""
    layout = layout_of(sheet)
    if sheet.item.kind == "display":
        return png_bytes(layout, sheet.item.width, sheet.item.height)
    return pdf_bytes(layout, sheet.info)


def _digestible(facts: SheetFacts) -> dict[str, Any]:
    """The facts, with the artwork named by its size and time rather than read."""
    values = asdict(facts)
    artwork = facts.face.artwork
    if artwork is not None:
        status = artwork.stat()
        values["face"]["artwork"] = [str(artwork.name), status.st_size, status.st_mtime_ns]
    return values


def _still_there(sheet: Sheet, output_dir: Path, previous: Mapping[str, FileRecord]) -> bool:
    """The output holds this item as the last build wrote it, and the cache the same bytes."""
    return kept_as_cached(sheet.entry, output_dir / sheet.path, previous.get(str(sheet.path)))
