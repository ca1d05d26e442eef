"""Photos sized for the reader's screen, and official banner artwork that browsers show correctly.

Photos: a body's `<img>` pointing at a JPEG, PNG or WebP file in `content/static/` gets smaller
copies (480, 960 and 1600 px wide, only those narrower than the original) offered in `srcset`,
so that a phone does not download a 4000 px camera original. The tag also gets the original's
`width` and `height`, so the page does not jump while the photo loads. The copies are in sRGB
without metadata, turned upright by their EXIF orientation, and encoded with fixed settings:
the same source always gives the same bytes.

Resizing is slow, so each copy is kept in `.infoblokk-cache/images/`, named by the SHA-256 of
the source's bytes, the width and the format, and stored with a digest of its own bytes: an
entry that does not match its digest (a half-written or damaged file) is made again.

Banner artwork: official banner files are often distributed in CMYK for print, which browsers
show with different colours (or not at all). Such a file is converted to sRGB through its
embedded ICC profile and published beside the original, which is still copied as it is.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

from infoblokk.artwork import BANNER_FOLDER, BannerArt, OutputFile
from infoblokk.content import SourceFile
from infoblokk.errors import BuildFailed, Problem
from infoblokk.incremental import STATE_FOLDER
from infoblokk.urls import relative_link

DEFAULT_WIDTHS = (480, 960, 1600)
VARIANT_FOLDER = "_kepek"
# The content column is at most 48rem wide; below that the photo fills the screen's width.
SIZES = "(max-width: 48rem) 100vw, 48rem"
# Part of every cache name: change it when the encoding below changes, so old entries go unused.
RECIPE = "r1"

FORMAT_OF_SUFFIX = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
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

IMG_TAG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# Any address resolves against this stand-in for the site's root, as a browser would resolve it.
SITE_ROOT = "https://site.invalid/"


@dataclass(frozen=True)
class ResponsiveImage:
    """A photo with its smaller copies, as `add_srcset` offers them."""

    source: str  # site-relative path of the original, e.g. "kepek/forum.jpg"
    width: int  # the original's size as shown (upright by its EXIF orientation)
    height: int
    variants: tuple[tuple[int, str], ...]  # (width, site-relative path), narrowest first


def image_cache_dir(site_dir: Path) -> Path:
    """Where resized photos and converted banners are kept between builds."""
    return site_dir / STATE_FOLDER / "images"


def variant_path(source: str, width: int) -> PurePosixPath:
    """Where the copy of `source` at `width` is published: kepek/forum.jpg → _kepek/kepek/forum-480w.jpg."""
    original = PurePosixPath(source)
    return PurePosixPath(VARIANT_FOLDER) / original.with_name(f"{original.stem}-{width}w{original.suffix}")


# --------------------------------------------------------------------------
# <img> tags in body HTML
# --------------------------------------------------------------------------


def image_sources(html_text: str, page_url: str) -> set[str]:
    """The site-relative paths of the raster photos a body shows (those without their own srcset)."""
    found: set[str] = set()
    for tag in IMG_TAG.findall(html_text):
        attributes = _attributes(tag)
        name = _site_path(attributes.get("src", ""), page_url)
        if name is not None and "srcset" not in attributes:
            found.add(name)
    return found


def add_srcset(html_text: str, page_url: str, images: Mapping[str, ResponsiveImage]) -> str:
    """The body with each known photo's tag given srcset, sizes, width, height and lazy loading."""

    def rewrite(match: re.Match[str]) -> str:
        tag = match.group(0)
        attributes = _attributes(tag)
        name = _site_path(attributes.get("src", ""), page_url)
        image = images.get(name) if name is not None else None
        if image is None or "srcset" in attributes:
            return tag
        return _with_attributes(tag, _added_attributes(image, attributes, page_url))

    return IMG_TAG.sub(rewrite, html_text)


def _attributes(tag: str) -> dict[str, str]:
    """The attributes of an `<img …>` tag, names in lower case, values unescaped."""
    inside = tag[len("<img") : -1].rstrip("/")
    return {
        match.group(1).lower(): html.unescape(next((v for v in match.groups()[1:] if v is not None), ""))
        for match in ATTRIBUTE.finditer(inside)
    }


def _site_path(src: str, page_url: str) -> str | None:
    """The file of the site a src names, if it is a raster photo: resolved as a browser would."""
    if not src.strip():
        return None
    address = urlsplit(urljoin(SITE_ROOT + page_url, src.strip()))
    if f"{address.scheme}://{address.netloc}/" != SITE_ROOT:
        return None  # another site, or a data: URI
    name = unquote(address.path).lstrip("/")
    return name if PurePosixPath(name).suffix.lower() in FORMAT_OF_SUFFIX else None


def _added_attributes(image: ResponsiveImage, present: Mapping[str, str], page_url: str) -> dict[str, str]:
    """The attributes a photo's tag lacks; those the author wrote are kept as they are."""
    added: dict[str, str] = {}
    if image.variants:
        candidates = [(width, path) for width, path in image.variants] + [(image.width, image.source)]
        added["srcset"] = ", ".join(f"{_link(page_url, path)} {width}w" for width, path in candidates)
        added["sizes"] = SIZES
    if "width" not in present and "height" not in present:
        added |= {"width": str(image.width), "height": str(image.height)}
    added |= {"loading": "lazy", "decoding": "async"}
    return {name: value for name, value in added.items() if name not in present}


def _link(page_url: str, path: str) -> str:
    """A relative link for srcset, where spaces and commas would split the list: so percent-encoded."""
    return quote(relative_link(page_url, path), safe="/")


def _with_attributes(tag: str, added: Mapping[str, str]) -> str:
    """The tag as the author wrote it, with the new attributes before its end (`>` or `/>`)."""
    if not added:
        return tag
    end = "/>" if tag.endswith("/>") else ">"
    head = tag[: -len(end)].rstrip()
    extra = "".join(f' {name}="{html.escape(value)}"' for name, value in added.items())
    return f"{head}{extra}{' ' if end == '/>' else ''}{end}"


# --------------------------------------------------------------------------
# Smaller copies of photos
# --------------------------------------------------------------------------


def responsive_bodies(
    pages: Iterable[tuple[SourceFile, str, str]],
    static_dir: Path,
    cache_dir: Path,
    widths: tuple[int, ...] = DEFAULT_WIDTHS,
) -> tuple[dict[Path, str], tuple[OutputFile, ...], tuple[Problem, ...]]:
    """Every body (given as source, page URL, HTML) with srcset added, the copies and any problems.

    The one call the build makes: it collects the photos of all bodies, prepares each once,
    and rewrites every body's tags. Results are keyed by the content file's path.
    """
    pages = tuple(pages)
    shown_in: dict[str, SourceFile] = {}
    for source, url, body in pages:
        for name in sorted(image_sources(body, url)):
            shown_in.setdefault(name, source)
    images, files, problems = prepare_images(shown_in, static_dir, cache_dir, widths, shown_in)
    bodies = {source.source_path: add_srcset(body, url, images) for source, url, body in pages}
    return bodies, files, problems


def prepare_images(
    names: Iterable[str],
    static_dir: Path,
    cache_dir: Path,
    widths: tuple[int, ...] = DEFAULT_WIDTHS,
    shown_in: Mapping[str, SourceFile] | None = None,
) -> tuple[dict[str, ResponsiveImage], tuple[OutputFile, ...], tuple[Problem, ...]]:
    """The photos among `names` that are files of content/static/, with their copies.

    Names of other files (the theme's, missing ones) are skipped: their tags stay as written.
    A photo Pillow cannot read is a problem, located at the content file that shows it when
    `shown_in` says which one does.
    """
    images: dict[str, ResponsiveImage] = {}
    files: list[OutputFile] = []
    problems: list[Problem] = []
    for name in sorted(set(names)):
        path = static_dir / name
        if not _is_static_photo(name, path):
            continue
        try:
            image, copies = _prepare(name, path.read_bytes(), cache_dir, widths)
        except UNREADABLE as error:
            problems.append(_unreadable(name, path, error, (shown_in or {}).get(name)))
            continue
        images[name] = image
        files.extend(copies)
    return images, tuple(files), tuple(problems)


def _is_static_photo(name: str, path: Path) -> bool:
    """Inside content/static/, not hidden (hidden files are not published), a raster file."""
    parts = PurePosixPath(name).parts
    if not parts or any(part.startswith(".") for part in parts):
        return False
    return PurePosixPath(name).suffix.lower() in FORMAT_OF_SUFFIX and path.is_file()


def _prepare(
    name: str, data: bytes, cache_dir: Path, widths: tuple[int, ...]
) -> tuple[ResponsiveImage, tuple[OutputFile, ...]]:
    """A photo's size and copies: from the cache where it has them, else made (and cached)."""
    fmt = FORMAT_OF_SUFFIX[PurePosixPath(name).suffix.lower()]
    source_digest = hashlib.sha256(data).hexdigest()
    with Image.open(io.BytesIO(data)) as image:
        width, height = _upright_size(image)
        animated = getattr(image, "n_frames", 1) > 1  # a still copy would lose the animation
        wanted = () if animated else tuple(sorted({w for w in widths if 0 < w < width}))
        entries = {w: cache_dir / f"{source_digest}-{w}w-{RECIPE}.{fmt.lower()}" for w in wanted}
        cached = {w: _read_cache(entry) for w, entry in entries.items()}
        copies = {w: content for w, content in cached.items() if content is not None}
        missing = tuple(w for w in wanted if w not in copies)
        if missing:
            made = resize_copies(image, (width, height), missing, fmt)
            for w, content in made.items():
                _write_cache(entries[w], content)
            copies |= made
    variants = tuple((w, str(variant_path(name, w))) for w in wanted)
    files = tuple(OutputFile(variant_path(name, w), copies[w]) for w in wanted)
    return ResponsiveImage(name, width, height, variants), files


def _upright_size(image: Image.Image) -> tuple[int, int]:
    """The size as browsers show the photo: turned by its EXIF orientation (5–8 swap the sides)."""
    width, height = image.size
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _scaled_height(size: tuple[int, int], width: int) -> int:
    return max(1, round(size[1] * width / size[0]))


def resize_copies(
    image: Image.Image, size: tuple[int, int], widths: tuple[int, ...], fmt: str
) -> dict[int, bytes]:
    """The encoded copies of an opened photo at each width: the slow part, which the cache spares.

    `size` is the photo's upright size. A large JPEG is decoded at a reduced scale still at
    least as large as the widest copy (libjpeg's scaled decoding), which is much faster.
    """
    widest = (max(widths), _scaled_height(size, max(widths)))
    turned = size != image.size
    image.draft(image.mode, widest[::-1] if turned else widest)
    upright = ImageOps.exif_transpose(image)
    web = _for_format(_to_srgb(upright), fmt)
    copies: dict[int, bytes] = {}
    for width in widths:
        resized = web.resize((width, _scaled_height(size, width)), Image.Resampling.LANCZOS, reducing_gap=3.0)
        copies[width] = _encode(resized, fmt, SAVE_OPTIONS[fmt])
    return copies


def _unreadable(name: str, path: Path, error: Exception, shown_in: SourceFile | None) -> Problem:
    reason = _reason(error)
    hint = "open the file in an image editor and save it again as JPEG, PNG or WebP"
    if shown_in is None:
        return Problem(f"the image '{name}' cannot be read: {reason}", path, hint=hint)
    line = _line_showing(shown_in, PurePosixPath(name).name)
    return Problem(f"the image '{name}' cannot be read: {reason}", shown_in.source_path, line, hint)


def _reason(error: Exception) -> str:
    """Pillow's words, except where they would name an in-memory buffer rather than the file."""
    if isinstance(error, UnidentifiedImageError):
        return "it is not a JPEG, PNG or WebP image, or is too damaged to tell"
    return str(error) or type(error).__name__


def _line_showing(source: SourceFile, file_name: str) -> int | None:
    """The line of the file where the body first names the image (counted as links.py counts)."""
    offset = source.body.find(file_name)
    return source.body_line + source.body[:offset].count("\n") - 1 if offset >= 0 else None


# --------------------------------------------------------------------------
# Colour, encoding and the cache
# --------------------------------------------------------------------------


def _to_srgb(image: Image.Image) -> Image.Image:
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


def _for_format(image: Image.Image, fmt: str) -> Image.Image:
    """JPEG has no transparency: transparent parts become white, as on the site's background."""
    if fmt != "JPEG" or image.mode in {"L", "RGB"}:
        return image
    rgba = image.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")


def _encode(image: Image.Image, fmt: str, options: Mapping[str, Any]) -> bytes:
    """Fixed settings and no metadata (EXIF, profile, comments, dates): same pixels, same bytes."""
    image.info.clear()
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _read_cache(entry: Path) -> bytes | None:
    """A cached file's bytes, or None when it is missing or does not match its stored digest."""
    try:
        stored = entry.read_bytes()
    except OSError:
        return None
    check, content = stored[:32], stored[32:]
    return content if content and hashlib.sha256(content).digest() == check else None


def _write_cache(entry: Path, content: bytes) -> None:
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
            content = _read_cache(entry)
            if content is None:
                content = _encode(_for_format(_to_srgb(image), fmt), fmt, _banner_options(fmt))
                _write_cache(entry, content)
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
        f"the banner artwork '{name}' cannot be read: {_reason(error)}",
        path,
        hint="use the official banner file as downloaded (JPEG or PNG), saved again if it is damaged",
    )
