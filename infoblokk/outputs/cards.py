"""Social cards: the 1200 × 630 picture a shared link to a project or news item shows.

Each card shows, big enough to read in a feed without opening it, the page's title (wrapped,
made smaller to fit, never cut inside a word), a line above it (the beneficiary, or the
project a news item belongs to) and underneath the funding banner: the official artwork
when the project or site names one, else the EU emblem drawn to its construction with the
profile's funding statement, as the banner's stand-in has it. A news item shows its
project's banner.

How a card is laid out and drawn is `outputs.card_drawing`. Drawing takes a moment, so each
card is kept in `.infoblokk-cache/cards/`, named by a digest of everything drawn on it (texts,
colours, the font files, the artwork's bytes): a rebuild draws only the cards whose content
changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image

from infoblokk.banner.profiles import REFLEX_BLUE, Banner, Wording
from infoblokk.config.settings import SiteConfig
from infoblokk.content.model import Item, NewsItem, Project, SiteModel
from infoblokk.layout import CACHE_FOLDER, social_card_path
from infoblokk.output import OutputFile
from infoblokk.outputs.card_drawing import BLACK, CardContent, draw_card
from infoblokk.outputs.images import UNREADABLE, encode, kept_as_cached, read_cache, write_cache
from infoblokk.outputs.typesetting import Fonts, find_fonts
from infoblokk.render.incremental import FileRecord
from infoblokk.render.workers import on_all_cores

# A card of drawn colours is a palette image: zlib's level 3 encodes it in a quarter of level 6's
# time, for a fifth more bytes. One with the official artwork (any colour) stays RGB, at zlib's
# default: `optimize` would take three times as long for 4 % less.
PALETTE_PNG_OPTIONS = {"compress_level": 3}
PNG_OPTIONS = {"compress_level": 6}


# --------------------------------------------------------------------------
# What each card shows
# --------------------------------------------------------------------------


def card_content(item: Item, model: SiteModel, config: SiteConfig) -> CardContent | None:
    """The card of a project or news item (None for other pages)."""
    if isinstance(item, Project):
        kicker = ", ".join(item.beneficiaries) or config.title
        return _content(item, kicker, item.banner, item.banner_image)
    if isinstance(item, NewsItem):
        project = model.project_by_id(item.project_id)
        if project is None:
            return _content(item, config.title, model.site_banner, model.site_banner_image)
        return _content(item, project.title, project.banner, project.banner_image)
    return None


def _content(item: Item, kicker: str, banner: Banner, artwork: str | None) -> CardContent:
    wording = banner.wording(item.language)
    profile = banner.profile
    background = REFLEX_BLUE if profile.shows_eu_emblem else profile.mark_colour
    return CardContent(
        title=item.title,
        kicker=kicker,
        language=item.language,
        background=background,
        mark=wording.mark,
        mark_colour=profile.mark_colour,
        statement=_statement(wording, profile.text_colour),
        emblem=profile.shows_eu_emblem,
        artwork=artwork,
    )


def _statement(wording: Wording, colour: str) -> tuple[tuple[str, str, bool], ...]:
    """The banner's wording beside the emblem: caption (first line bold), authority, slogan."""
    lines = [(text, colour, index == 0) for index, text in enumerate(wording.caption) if text]
    if wording.authority:
        lines.append((wording.authority, BLACK, True))
    if wording.slogan:
        lines.append((wording.slogan.upper(), colour, True))
    return tuple(lines)


# --------------------------------------------------------------------------
# The cards of a site, from the cache where they are
# --------------------------------------------------------------------------


def card_cache_dir(site_dir: Path) -> Path:
    return site_dir / CACHE_FOLDER / "cards"


def card_png(content: CardContent, fonts: Fonts, static_dir: Path) -> bytes:
    """One card, encoded as PNG with fixed settings (the same content gives the same bytes)."""
    artwork = _open_artwork(static_dir, content.artwork)
    image, _ = draw_card(content, fonts, artwork)
    return encode(image, "PNG", PALETTE_PNG_OPTIONS if image.mode == "P" else PNG_OPTIONS)


def _open_artwork(static_dir: Path, name: str | None) -> Image.Image | None:
    """The official artwork's pixels; None when there is none or it cannot be read (the model
    stage has reported that already), so the card shows the stand-in instead."""
    if name is None:
        return None
    try:
        with Image.open(static_dir / name) as image:
            image.load()
            return image.copy()
    except UNREADABLE:
        return None


@dataclass(frozen=True)
class MadeCards:
    files: tuple[OutputFile, ...]  # cards to write (unchanged bytes are not written again)
    kept: tuple[PurePosixPath, ...]  # cards already in the output as they should be


def social_cards(
    model: SiteModel,
    config: SiteConfig,
    static_dir: Path,
    cache_dir: Path,
    output_dir: Path,
    previous: Mapping[str, FileRecord] | None = None,
) -> MadeCards:
    """The card of every project and news item (translations too), drawn where not cached; a
    card the output already holds as the last build wrote it is kept without being read."""
    contents = dict(_contents(model, config))
    fonts = find_fonts(
        "".join(c.title + c.kicker + "".join(t for t, _, _ in c.statement) for c in contents.values())
    )
    artwork_digests = _artwork_digests(static_dir, {c.artwork for c in contents.values() if c.artwork})
    entries = {
        path: cache_dir / f"{content.key(fonts, artwork_digests.get(content.artwork or ''))}.png"
        for path, content in contents.items()
    }
    records = previous or {}
    kept = {
        path for path, entry in entries.items() if kept_as_cached(entry, output_dir / path, records.get(path))
    }
    cached = {path: read_cache(entry) for path, entry in entries.items() if path not in kept}
    missing = [path for path, png in cached.items() if png is None]
    drawn = on_all_cores(lambda index: card_png(contents[missing[index]], fonts, static_dir), len(missing))
    for path, png in zip(missing, drawn, strict=True):
        write_cache(entries[path], png)
        cached[path] = png
    files = tuple(OutputFile(PurePosixPath(path), png) for path, png in cached.items() if png is not None)
    return MadeCards(files, tuple(PurePosixPath(path) for path in sorted(kept)))


def _contents(model: SiteModel, config: SiteConfig) -> Iterator[tuple[str, CardContent]]:
    for item in model.items():
        content = card_content(item, model, config)
        if content is not None:
            yield social_card_path(item.url), content


def _artwork_digests(static_dir: Path, names: set[str]) -> Mapping[str, str]:
    digests = {}
    for name in sorted(names):
        try:
            digests[name] = hashlib.sha256((static_dir / name).read_bytes()).hexdigest()
        except OSError:
            digests[name] = "unreadable"
    return digests
