"""Photos sized for the reader's screen: smaller copies offered in `srcset`.

A body's `<img>` pointing at a JPEG, PNG or WebP file in `content/static/` gets smaller
copies (480, 960 and 1600 px wide, only those narrower than the original) offered in `srcset`,
so that a phone does not download a 4000 px camera original. The tag also gets the original's
`width` and `height`, so the page does not jump while the photo loads. The copies are in sRGB
without metadata, turned upright by their EXIF orientation, and encoded with fixed settings:
the same source always gives the same bytes.

Resizing is slow, so each copy is kept in `.infoblokk-cache/images/`, named by the SHA-256 of
the source's bytes, the width and the format, and stored with a digest of its own bytes: an
entry that does not match its digest (a half-written or damaged file) is made again. The
colour conversion, the encoding and the cache are `infoblokk.outputs.images`'.
"""

from __future__ import annotations

import hashlib
import html
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urljoin, urlsplit

from PIL import ExifTags, Image, ImageOps

from infoblokk.content.sources import SourceFile
from infoblokk.errors import Problem
from infoblokk.layout import PHOTO_FOLDER
from infoblokk.messages import Text
from infoblokk.output import OutputFile
from infoblokk.outputs.images import (
    RECIPE,
    SAVE_OPTIONS,
    UNREADABLE,
    encode,
    for_format,
    read_cache,
    to_srgb,
    unreadable_reason,
    write_cache,
)
from infoblokk.render.html import find_tags, may_show_images, replace_spans
from infoblokk.render.links import line_in_body
from infoblokk.render.urls import relative_link

DEFAULT_WIDTHS = (480, 960, 1600)
# The content column is at most 48rem wide; below that the photo fills the screen's width.
SIZES = "(max-width: 48rem) 100vw, 48rem"

FORMAT_OF_SUFFIX = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}

IMG = frozenset({"img"})
# Any address resolves against this stand-in for the site's root, as a browser would resolve it.
SITE_ROOT = "https://site.invalid/"


@dataclass(frozen=True)
class ResponsiveImage:
    """A photo with its smaller copies, as `add_srcset` offers them."""

    source: str  # site-relative path of the original, e.g. "kepek/forum.jpg"
    width: int  # the original's size as shown (upright by its EXIF orientation)
    height: int
    variants: tuple[tuple[int, str], ...]  # (width, site-relative path), narrowest first


def variant_path(source: str, width: int) -> PurePosixPath:
    """Where the copy of `source` at `width` is published: kepek/forum.jpg → _kepek/kepek/forum-480w.jpg."""
    original = PurePosixPath(source)
    return PurePosixPath(PHOTO_FOLDER) / original.with_name(f"{original.stem}-{width}w{original.suffix}")


# --------------------------------------------------------------------------
# <img> tags in body HTML
# --------------------------------------------------------------------------


def image_sources(html_text: str, page_url: str) -> set[str]:
    """The site-relative paths of the raster photos a body shows (those without their own srcset)."""
    found: set[str] = set()
    for tag in find_tags(html_text, IMG):
        attributes = tag.values()
        name = _site_path(attributes.get("src", ""), page_url)
        if name is not None and "srcset" not in attributes:
            found.add(name)
    return found


def add_srcset(html_text: str, page_url: str, images: Mapping[str, ResponsiveImage]) -> str:
    """The body with each known photo's tag given srcset, sizes, width, height and lazy loading."""
    replacements = []
    for tag in find_tags(html_text, IMG):
        attributes = tag.values()
        name = _site_path(attributes.get("src", ""), page_url)
        image = images.get(name) if name is not None else None
        if image is not None and "srcset" not in attributes:
            added = _added_attributes(image, attributes, page_url)
            replacements.append((tag.span, _with_attributes(tag.text, added)))
    return replace_spans(html_text, replacements)


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
    pages: Iterable[tuple[SourceFile, str, bytes]],
    static_dir: Path,
    cache_dir: Path,
    widths: tuple[int, ...] = DEFAULT_WIDTHS,
) -> tuple[dict[Path, bytes], tuple[OutputFile, ...], tuple[Problem, ...]]:
    """Every body (given as source, page URL, HTML as UTF-8) with srcset added, the copies and
    any problems.

    The one call the build makes: it collects the photos of all bodies, prepares each once,
    and rewrites every body's tags. Results are keyed by the content file's path. A body
    without a tag that could be a photo's is given back as it came, not read as text.
    """
    pages = tuple(pages)
    with_tags = [(source, url, body.decode("utf-8")) for source, url, body in pages if may_show_images(body)]
    shown_in: dict[str, SourceFile] = {}
    for source, url, text in with_tags:
        for name in sorted(image_sources(text, url)):
            shown_in.setdefault(name, source)
    images, files, problems = prepare_images(shown_in, static_dir, cache_dir, widths, shown_in)
    bodies = {source.source_path: body for source, _, body in pages}
    for source, url, text in with_tags:
        bodies[source.source_path] = add_srcset(text, url, images).encode("utf-8")
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
        cached = {w: read_cache(entry) for w, entry in entries.items()}
        copies = {w: content for w, content in cached.items() if content is not None}
        missing = tuple(w for w in wanted if w not in copies)
        if missing:
            made = resize_copies(image, (width, height), missing, fmt)
            for w, content in made.items():
                write_cache(entries[w], content)
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
    web = for_format(to_srgb(upright), fmt)
    copies: dict[int, bytes] = {}
    for width in widths:
        resized = web.resize((width, _scaled_height(size, width)), Image.Resampling.LANCZOS, reducing_gap=3.0)
        copies[width] = encode(resized, fmt, SAVE_OPTIONS[fmt])
    return copies


def _unreadable(name: str, path: Path, error: Exception, shown_in: SourceFile | None) -> Problem:
    reason = unreadable_reason(error)
    hint = Text("open the file in an image editor and save it again as JPEG, PNG or WebP")
    message = Text("the image '{name}' cannot be read: {reason}", name=name, reason=reason)
    if shown_in is None:
        return Problem(message, path, hint=hint)
    line = line_in_body(shown_in, PurePosixPath(name).name)
    return Problem(message, shown_in.source_path, line, hint)
