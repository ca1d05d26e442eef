"""Images that browsers show correctly: sRGB pixels, fixed encoding, a cache, and banner artwork.

Every image the build writes goes through here: converted to sRGB through its embedded ICC
profile, stripped of metadata and encoded with fixed settings (the same source always gives
the same bytes), and kept in `.infoblokk-cache/images/` with a digest of its own bytes, so that
a half-written or damaged entry is made again. Photos' smaller copies are made in
`infoblokk.outputs.photos`, drawings of a few flat colours in `infoblokk.outputs.drawing`.

Banner artwork: official banner files are often distributed in CMYK for print, which browsers
show with different colours (or not at all). Such a file is converted to sRGB through its
embedded ICC profile and published beside the original, which is still copied as it is.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image, ImageCms, UnidentifiedImageError

from infoblokk.banner.artwork import BannerArt
from infoblokk.errors import BuildFailed, Problem
from infoblokk.layout import BANNER_FOLDER, CACHE_FOLDER
from infoblokk.messages import Text
from infoblokk.output import OutputFile
from infoblokk.render.incremental import FileRecord, file_is_as_recorded

# Part of every cache name: change it when the encoding below changes, so old entries go unused.
RECIPE = "r1"
_DIGEST_BYTES = 32  # a cache entry starts with the SHA-256 of its content

SAVE_OPTIONS: Mapping[str, Mapping[str, Any]] = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 4},
}
# Flat colours and small text: high quality and no chroma subsampling keep the edges clean.
BANNER_JPEG_OPTIONS: Mapping[str, Any] = {"quality": 92, "subsampling": 0, "optimize": True}
# Modes every browser shows as their pixels say; anything else (CMYK above all) is converted.
WEB_MODES = frozenset({"1", "L", "LA", "P", "PA", "RGB", "RGBA", "I", "I;16"})

# What Pillow raises for a file it cannot read: not an image, truncated, damaged or far too big.
UNREADABLE = (OSError, ValueError, SyntaxError, Image.DecompressionBombError)


def image_cache_dir(site_dir: Path) -> Path:
    """Where resized photos and converted banners are kept between builds."""
    return site_dir / CACHE_FOLDER / "images"


def unreadable_reason(error: Exception) -> str:
    """Pillow's words, except where they would name an in-memory buffer rather than the file."""
    if isinstance(error, UnidentifiedImageError):
        return Text("it is not a JPEG, PNG or WebP image, or is too damaged to tell")
    return str(error) or type(error).__name__


# --------------------------------------------------------------------------
# Colour, encoding and the cache
# --------------------------------------------------------------------------


def to_srgb(image: Image.Image) -> Image.Image:
    """Pixels in sRGB (or grey), with no profile left: what every browser shows the same way.

    Colour images are converted through their embedded ICC profile (a camera's Display P3, a
    printer's CMYK), so that dropping the profile does not change how they look.
    """
    if image.mode not in {"L", "LA", "RGB", "RGBA", "CMYK"}:
        has_alpha = "A" in image.getbands() or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    profile = image.info.get("icc_profile")
    if image.mode in {"L", "LA"} or (image.mode != "CMYK" and not profile):
        return image
    alpha = image.getchannel("A") if image.mode == "RGBA" else None
    colour = _profile_to_srgb(image.convert("RGB") if alpha else image, profile)
    if alpha is not None:
        colour.putalpha(alpha)
    return colour


def _profile_to_srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    """An RGB or CMYK image in sRGB, the way a colour-managed print workflow would convert it.

    Relative colorimetric with black point compensation (Photoshop's default for "Convert to
    Profile") keeps in-gamut brand colours exact and maps the paper's black to screen black.
    """
    if profile:
        try:
            converted = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                ImageCms.createProfile("sRGB"),
                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                outputMode="RGB",
                flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a damaged profile: convert as if there were none
    # Without a profile the colours are an approximation: Pillow's plain formula (R = 255 - C - K
    # and so on) does not know the inks or paper the CMYK values were made for.
    return image.convert("RGB")


def for_format(image: Image.Image, fmt: str) -> Image.Image:
    """JPEG has no transparency: transparent parts become white, as on the site's background."""
    if fmt != "JPEG" or image.mode in {"L", "RGB"}:
        return image
    rgba = image.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")


def encode(image: Image.Image, fmt: str, options: Mapping[str, Any]) -> bytes:
    """Fixed settings and no metadata (EXIF, profile, comments, dates): same pixels, same bytes."""
    image.info.clear()
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def read_cache(entry: Path) -> bytes | None:
    """A cached file's bytes, or None when it is missing or does not match its stored digest."""
    try:
        stored = entry.read_bytes()
    except OSError:
        return None
    check, content = stored[:_DIGEST_BYTES], stored[_DIGEST_BYTES:]
    return content if content and hashlib.sha256(content).digest() == check else None


def kept_as_cached(entry: Path, output_file: Path, record: FileRecord | None) -> bool:
    """The output holds the file as the last build wrote it, and the cache entry the same bytes:
    nothing to read, draw or write. Only the entry's stored digest is read."""
    if record is None or not file_is_as_recorded(output_file, record):
        return False
    try:
        with entry.open("rb") as stored:
            check = stored.read(_DIGEST_BYTES)
    except OSError:
        return False
    return check.hex() == record.digest


def write_cache(entry: Path, content: bytes) -> None:
    """Stored with its digest, written whole or not at all; a cache that cannot be written is skipped."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, prefix=".tmp-", delete=False) as temporary:
            temporary.write(hashlib.sha256(content).digest() + content)
        os.replace(temporary.name, entry)
    except OSError:
        return


# --------------------------------------------------------------------------
# Official banner artwork
# --------------------------------------------------------------------------


def web_ready_banner(static_dir: Path, name: str, cache_dir: Path) -> tuple[str, int, int, OutputFile | None]:
    """The banner file to show (site-relative), its pixel size, and the converted file to write.

    An RGB, palette or grey file is used as it is (None to write). A CMYK one is converted
    to sRGB and published as `_infoblokk/<name>-srgb.jpg` (.png if it has transparency).
    Raises BuildFailed when the file cannot be read.
    """
    path = static_dir / name
    try:
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if image.mode in WEB_MODES:
                return name, width, height, None
            has_alpha = "A" in image.getbands()
            fmt = "PNG" if has_alpha else "JPEG"
            entry = cache_dir / f"{hashlib.sha256(data).hexdigest()}-srgb-{RECIPE}.{fmt.lower()}"
            content = read_cache(entry)
            if content is None:
                content = encode(for_format(to_srgb(image), fmt), fmt, _banner_options(fmt))
                write_cache(entry, content)
    except UNREADABLE as error:
        raise BuildFailed((_unreadable_banner(name, path, error),)) from error
    output = converted_banner_path(name, fmt)
    return str(output), width, height, OutputFile(output, content)


def converted_banner_path(name: str, fmt: str) -> PurePosixPath:
    """kepek/infoblokk_cmyk.jpg → _infoblokk/kepek/infoblokk_cmyk-srgb.jpg (.png for PNG)."""
    original = PurePosixPath(name)
    suffix = ".png" if fmt == "PNG" else ".jpg"
    return PurePosixPath(BANNER_FOLDER) / original.with_name(f"{original.stem}-srgb{suffix}")


def web_ready_art(
    art: Mapping[str, BannerArt], static_dir: Path, cache_dir: Path
) -> tuple[dict[str, BannerArt], tuple[OutputFile, ...]]:
    """`banner_artwork`'s result with official CMYK artwork replaced by its sRGB conversion.

    The shown size stays as `banner_artwork` chose it: the conversion keeps every pixel.
    """
    ready: dict[str, BannerArt] = {}
    files: dict[PurePosixPath, OutputFile] = {}
    for key, shown in art.items():
        if not shown.official:
            ready[key] = shown
            continue
        src, _, _, converted = web_ready_banner(static_dir, shown.src, cache_dir)
        ready[key] = replace(shown, src=src)
        if converted is not None:
            files[converted.path] = converted
    return ready, tuple(files.values())


def _banner_options(fmt: str) -> Mapping[str, Any]:
    return BANNER_JPEG_OPTIONS if fmt == "JPEG" else SAVE_OPTIONS[fmt]


def _unreadable_banner(name: str, path: Path, error: Exception) -> Problem:
    return Problem(
        Text(
            "the banner artwork '{name}' cannot be read: {reason}", name=name, reason=unreadable_reason(error)
        ),
        path,
        hint=Text("use the official banner file as downloaded (JPEG or PNG), saved again if it is damaged"),
    )
