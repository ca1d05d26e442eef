"""The image each funding banner shows: the site's official artwork, or a generated stand-in."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image

from infoblokk.banner import Banner
from infoblokk.model import SiteModel
from infoblokk.standin import standin_svg

BANNER_FOLDER = "_infoblokk"


@dataclass(frozen=True)
class OutputFile:
    """A file of the built site: where it goes (inside the output folder) and its bytes."""

    path: PurePosixPath
    content: bytes


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


def banners_in_use(model: SiteModel) -> dict[str, tuple[Banner, str | None]]:
    """Every distinct banner image the site shows, by `art_key`."""
    used = [(model.site_banner, model.site_banner_image)]
    used += [(p.banner, p.banner_image) for p in model.projects]
    return {art_key(banner, image): (banner, image) for banner, image in used}


def banner_artwork(
    model: SiteModel, static_dir: Path, language: str
) -> tuple[dict[str, BannerArt], tuple[OutputFile, ...]]:
    """The image of every banner in use: the official file where given, else a stand-in SVG."""
    art: dict[str, BannerArt] = {}
    files: list[OutputFile] = []
    for key, (banner, image) in sorted(banners_in_use(model).items()):
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
