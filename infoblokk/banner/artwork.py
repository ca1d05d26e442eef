"""The image each funding banner shows: the site's official artwork, or a generated stand-in."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image

from infoblokk.banner.profiles import Banner
from infoblokk.banner.standin import standin_svg
from infoblokk.layout import BANNER_FOLDER
from infoblokk.output import OutputFile


@dataclass(frozen=True)
class BannerArt:
    """The image a banner shows, and the size it is shown at."""

    src: str  # site-relative path
    width: int
    height: int
    official: bool


def art_key(banner: Banner, image: str | None) -> str:
    """Banners share artwork when they show the same official file, or the same stand-in."""
    return f"file:{image}" if image else banner.key


def banners_in_use(choices: Iterable[tuple[Banner, str | None]]) -> dict[str, tuple[Banner, str | None]]:
    """Every distinct banner image among (banner, official artwork) pairs, by `art_key`."""
    return {art_key(banner, image): (banner, image) for banner, image in choices}


def banner_artwork(
    choices: Iterable[tuple[Banner, str | None]], static_dir: Path, language: str
) -> tuple[dict[str, BannerArt], tuple[OutputFile, ...]]:
    """The image of every banner in use: the official file where given, else a stand-in SVG."""
    art: dict[str, BannerArt] = {}
    files: list[OutputFile] = []
    for key, (banner, image) in sorted(banners_in_use(choices).items()):
        if image:
            art[key] = _official_art(static_dir / image, image, banner.profile.display_width_px)
            continue
        svg = standin_svg(banner, language)
        width, height = _svg_size(svg)
        path = PurePosixPath(BANNER_FOLDER) / f"{banner.key}.svg"
        files.append(OutputFile(path, svg.encode("utf-8")))
        art[key] = BannerArt(str(path), width, height, official=False)
    return art, tuple(files)


def _official_art(path: Path, name: str, display_width: int) -> BannerArt:
    with Image.open(path) as image:
        width, height = image.size
    shown_width = min(display_width, width)
    return BannerArt(name, shown_width, round(height * shown_width / width), official=True)


def _svg_size(svg: str) -> tuple[int, int]:
    root = ElementTree.fromstring(svg)
    return round(float(root.get("width", "300"))), round(float(root.get("height", "100")))
