"""Rules for photos served at the size a screen needs."""

from __future__ import annotations

import io
import struct
from pathlib import Path, PurePosixPath
from types import MappingProxyType

import pytest
from PIL import Image

from infoblokk.content.sources import SourceFile, pack_body
from infoblokk.outputs import photos
from infoblokk.outputs.photos import (
    SIZES,
    ResponsiveImage,
    add_srcset,
    image_sources,
    prepare_images,
    responsive_bodies,
    variant_path,
)


def photo(static_dir: Path, name: str, size: tuple[int, int], **save: object) -> Path:
    """A photo of the given size in `static_dir`: a gradient, so resizing has work to do."""
    path = static_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image.save(path, **save)  # type: ignore[arg-type]
    return path


def source_at(path: Path, body: str) -> SourceFile:
    empty = MappingProxyType({})
    return SourceFile(path, "project", path.stem, None, empty, empty, pack_body(body), 5)


def prepared(
    static_dir: Path, cache_dir: Path, *names: str
) -> tuple[dict[str, ResponsiveImage], dict[str, bytes]]:
    found, files, problems = prepare_images(names, static_dir, cache_dir)
    assert problems == ()
    return found, {str(file.path): file.content for file in files}


def size_of(content: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(content)) as image:
        return image.size


# --------------------------------------------------------------------------
# Copies of photos
# --------------------------------------------------------------------------


def test_copies_are_made_only_at_widths_narrower_than_the_original(tmp_path: Path) -> None:
    photo(tmp_path / "static", "kepek/forum.jpg", (1200, 800))
    found, files = prepared(tmp_path / "static", tmp_path / "cache", "kepek/forum.jpg")
    assert found["kepek/forum.jpg"] == ResponsiveImage(
        "kepek/forum.jpg",
        1200,
        800,
        ((480, "_kepek/kepek/forum-480w.jpg"), (960, "_kepek/kepek/forum-960w.jpg")),
    )
    assert {path: size_of(content) for path, content in files.items()} == {
        "_kepek/kepek/forum-480w.jpg": (480, 320),
        "_kepek/kepek/forum-960w.jpg": (960, 640),
    }


def test_copies_have_stable_names_beside_the_originals_path() -> None:
    assert variant_path("kepek/forum.jpg", 480) == PurePosixPath("_kepek/kepek/forum-480w.jpg")
    assert variant_path("logo.PNG", 960) == PurePosixPath("_kepek/logo-960w.PNG")


def test_a_photo_narrower_than_every_width_gets_no_copies_but_still_its_size(tmp_path: Path) -> None:
    photo(tmp_path / "static", "kicsi.png", (400, 300))
    found, files = prepared(tmp_path / "static", tmp_path / "cache", "kicsi.png")
    assert files == {}
    html = add_srcset('<img src="kicsi.png" alt="">', "", found)
    assert html == '<img src="kicsi.png" alt="" width="400" height="300" loading="lazy" decoding="async">'


def test_a_photo_turned_by_exif_has_the_size_browsers_show_it_at(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    photo(tmp_path / "static", "allo.jpg", (1200, 800), exif=exif.tobytes())
    found, files = prepared(tmp_path / "static", tmp_path / "cache", "allo.jpg")
    assert (found["allo.jpg"].width, found["allo.jpg"].height) == (800, 1200)
    assert size_of(files["_kepek/allo-480w.jpg"]) == (480, 720)


def test_copies_carry_no_metadata_and_their_colours_are_converted_to_srgb(tmp_path: Path) -> None:
    """The profile is applied, then dropped: red in a red↔green swapped space shows as green."""
    path = tmp_path / "static" / "csere.jpg"
    path.parent.mkdir()
    exif = Image.Exif()
    exif[0x010F] = "Kamera Kft."  # Make
    Image.new("RGB", (1000, 500), (255, 0, 0)).save(
        path, quality=95, icc_profile=swapped_red_green_profile(), exif=exif.tobytes()
    )
    _, files = prepared(tmp_path / "static", tmp_path / "cache", "csere.jpg")
    with Image.open(io.BytesIO(files["_kepek/csere-480w.jpg"])) as copy:
        assert "icc_profile" not in copy.info
        assert "exif" not in copy.info and not copy.getexif()
        red, green, blue = copy.convert("RGB").getpixel((10, 10))  # type: ignore[misc]
    assert green > 200 and red < 60 and blue < 60


def test_a_png_keeps_its_transparency(tmp_path: Path) -> None:
    path = tmp_path / "static" / "atlatszo.png"
    path.parent.mkdir()
    Image.new("RGBA", (1000, 500), (0, 51, 153, 0)).save(path)
    _, files = prepared(tmp_path / "static", tmp_path / "cache", "atlatszo.png")
    with Image.open(io.BytesIO(files["_kepek/atlatszo-480w.png"])) as copy:
        assert copy.mode == "RGBA"
        assert copy.getpixel((5, 5))[3] == 0  # type: ignore[index]


def test_an_animated_image_gets_no_still_copies(tmp_path: Path) -> None:
    path = tmp_path / "static" / "mozgo.png"
    path.parent.mkdir()
    frames = [Image.new("RGB", (1000, 500), colour) for colour in ("red", "blue")]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    found, files = prepared(tmp_path / "static", tmp_path / "cache", "mozgo.png")
    assert files == {}
    assert found["mozgo.png"].variants == ()


# --------------------------------------------------------------------------
# The cache
# --------------------------------------------------------------------------


def test_a_second_build_reuses_the_cache_and_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo(tmp_path / "static", "kepek/forum.jpg", (2000, 1000))
    cache = tmp_path / "cache"
    _, first = prepared(tmp_path / "static", cache, "kepek/forum.jpg")
    entries = {path: path.stat().st_mtime_ns for path in cache.iterdir()}
    assert len(entries) == 3

    def no_resizing(*args: object) -> dict[int, bytes]:
        raise AssertionError("resized again although the cache has every copy")

    monkeypatch.setattr(photos, "resize_copies", no_resizing)
    _, second = prepared(tmp_path / "static", cache, "kepek/forum.jpg")
    assert second == first
    assert {path: path.stat().st_mtime_ns for path in cache.iterdir()} == entries


def test_builds_without_a_cache_give_the_same_bytes_too(tmp_path: Path) -> None:
    for name, save in (("a.jpg", {}), ("b.png", {}), ("c.webp", {"lossless": False})):
        photo(tmp_path / "static", name, (1700, 900), **save)
    names = ("a.jpg", "b.png", "c.webp")
    _, first = prepared(tmp_path / "static", tmp_path / "cache-1", *names)
    _, second = prepared(tmp_path / "static", tmp_path / "cache-2", *names)
    assert len(first) == 9
    assert first == second


def test_a_corrupt_cache_entry_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo(tmp_path / "static", "forum.jpg", (900, 450))
    cache = tmp_path / "cache"
    _, first = prepared(tmp_path / "static", cache, "forum.jpg")
    (entry,) = cache.iterdir()
    stored = entry.read_bytes()
    entry.write_bytes(stored[:-100] + bytes(100))  # damaged in the middle of the JPEG, not just cut
    resized: list[tuple[int, ...]] = []
    real_resize = photos.resize_copies

    def counting(
        image: Image.Image, size: tuple[int, int], widths: tuple[int, ...], fmt: str
    ) -> dict[int, bytes]:
        resized.append(widths)
        return real_resize(image, size, widths, fmt)

    monkeypatch.setattr(photos, "resize_copies", counting)
    _, second = prepared(tmp_path / "static", cache, "forum.jpg")
    assert resized == [(480,)]
    assert second == first
    assert entry.read_bytes() == stored


def test_a_cache_that_cannot_be_written_does_not_stop_the_build(tmp_path: Path) -> None:
    photo(tmp_path / "static", "forum.jpg", (900, 450))
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    _, files = prepared(tmp_path / "static", blocked, "forum.jpg")
    assert list(files) == ["_kepek/forum-480w.jpg"]


# --------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------


def test_a_photo_pillow_cannot_read_is_a_problem_at_the_page_that_shows_it(tmp_path: Path) -> None:
    static = tmp_path / "static"
    static.mkdir()
    (static / "rossz.jpg").write_bytes(b"this is not a JPEG")
    page = source_at(tmp_path / "projects" / "zala.md", "\nBevezető.\n\n![fórum](/rossz.jpg)\n")
    found, files, problems = prepare_images(
        ["rossz.jpg"], static, tmp_path / "cache", shown_in={"rossz.jpg": page}
    )
    assert (found, files) == ({}, ())
    (problem,) = problems
    assert problem.path == page.source_path
    assert problem.line == 7  # the body starts on line 5; the image is on its fourth line
    assert problem.message == (
        "the image 'rossz.jpg' cannot be read: it is not a JPEG, PNG or WebP image, or is too damaged to tell"
    )
    assert problem.hint and "save it again" in problem.hint


def test_a_truncated_photo_is_a_problem_too(tmp_path: Path) -> None:
    path = photo(tmp_path / "static", "felbe.jpg", (1000, 500))
    path.write_bytes(path.read_bytes()[:600])
    _, _, problems = prepare_images(["felbe.jpg"], tmp_path / "static", tmp_path / "cache")
    assert [problem.path for problem in problems] == [path]


# --------------------------------------------------------------------------
# <img> tags
# --------------------------------------------------------------------------


def test_sources_resolve_against_the_page_as_a_browser_resolves_them() -> None:
    body = (
        '<img src="../../kepek/a.jpg"><img src="/kepek/b.PNG"><img src="helyi.webp">'
        '<img src="../../kepek/sz%C3%A9p%20k%C3%A9p.jpeg?v=2#x"><img src="../../../../fent.jpg">'
    )
    assert image_sources(body, "projektek/zala/") == {
        "kepek/a.jpg",
        "kepek/b.PNG",
        "projektek/zala/helyi.webp",
        "kepek/szép kép.jpeg",
        "fent.jpg",
    }


def test_only_raster_images_of_this_site_without_their_own_srcset_are_sources() -> None:
    body = (
        '<img src="logo.svg"><img src="anim.gif"><img src="https://example.org/a.jpg">'
        '<img src="//cdn.example.org/b.jpg"><img src="data:image/png;base64,AAAA">'
        '<img src="c.jpg" srcset="c.jpg 1x"><img alt="no source"><img src="">'
    )
    assert image_sources(body, "") == set()


def test_srcset_lists_each_copy_with_its_width_then_the_original(tmp_path: Path) -> None:
    photo(tmp_path / "static", "kepek/forum.jpg", (2400, 1600))
    found, _ = prepared(tmp_path / "static", tmp_path / "cache", "kepek/forum.jpg")
    body = '<p><img alt="Fórum &amp; vita" class="kep" src="../../kepek/forum.jpg" title="Fórum" /></p>'
    assert add_srcset(body, "projektek/zala/", found) == (
        '<p><img alt="Fórum &amp; vita" class="kep" src="../../kepek/forum.jpg" title="Fórum"'
        ' srcset="../../_kepek/kepek/forum-480w.jpg 480w, ../../_kepek/kepek/forum-960w.jpg 960w,'
        ' ../../_kepek/kepek/forum-1600w.jpg 1600w, ../../kepek/forum.jpg 2400w"'
        f' sizes="{SIZES}" width="2400" height="1600" loading="lazy" decoding="async" /></p>'
    )


def test_srcset_addresses_with_spaces_or_commas_are_percent_encoded() -> None:
    image = ResponsiveImage("a b,c.jpg", 1000, 500, ((480, "_kepek/a b,c-480w.jpg"),))
    html = add_srcset('<img src="a%20b,c.jpg">', "", {"a b,c.jpg": image})
    assert 'srcset="_kepek/a%20b%2Cc-480w.jpg 480w, a%20b%2Cc.jpg 1000w"' in html


def test_attributes_the_author_wrote_are_kept_as_written() -> None:
    image = ResponsiveImage("a.jpg", 1000, 500, ((480, "_kepek/a-480w.jpg"),))
    html = add_srcset("<IMG SRC='a.jpg' width=300 Loading=eager sizes=\"50vw\">", "", {"a.jpg": image})
    assert html == (
        "<IMG SRC='a.jpg' width=300 Loading=eager sizes=\"50vw\""
        ' srcset="_kepek/a-480w.jpg 480w, a.jpg 1000w" decoding="async">'
    )


def test_single_quoted_and_unquoted_sources_get_their_copies_too() -> None:
    image = ResponsiveImage("kepek/a.jpg", 1000, 500, ((480, "_kepek/kepek/a-480w.jpg"),))
    body = "<img src='../../kepek/a.jpg' alt='Fórum &amp; vita'><img src=../../kepek/a.jpg alt=x>"
    assert image_sources(body, "projektek/zala/") == {"kepek/a.jpg"}
    added = (
        ' srcset="../../_kepek/kepek/a-480w.jpg 480w, ../../kepek/a.jpg 1000w"'
        f' sizes="{SIZES}" width="1000" height="500" loading="lazy" decoding="async">'
    )
    assert add_srcset(body, "projektek/zala/", {"kepek/a.jpg": image}) == (
        f"<img src='../../kepek/a.jpg' alt='Fórum &amp; vita'{added}<img src=../../kepek/a.jpg alt=x{added}"
    )


def test_an_image_in_a_comment_or_shown_as_code_is_not_a_source() -> None:
    body = '<!-- <img src="a.jpg"> --><code>&lt;img src="b.jpg"&gt;</code>'
    assert image_sources(body, "") == set()


def test_an_image_with_its_own_srcset_is_left_alone() -> None:
    image = ResponsiveImage("a.jpg", 1000, 500, ((480, "_kepek/a-480w.jpg"),))
    body = '<img src="a.jpg" srcset="a.jpg 1x, a@2x.jpg 2x">'
    assert add_srcset(body, "", {"a.jpg": image}) == body


def test_external_images_are_left_alone_even_with_a_matching_path() -> None:
    image = ResponsiveImage("a.jpg", 1000, 500, ((480, "_kepek/a-480w.jpg"),))
    body = '<img src="https://example.org/a.jpg"><img src="//example.org/a.jpg">'
    assert add_srcset(body, "", {"a.jpg": image}) == body


def test_images_outside_content_static_and_vector_images_are_left_alone(tmp_path: Path) -> None:
    static = tmp_path / "static"
    photo(static, "kepek/van.jpg", (900, 450))
    (static / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (tmp_path / "kivul.jpg").write_bytes((static / "kepek" / "van.jpg").read_bytes())
    names = ["assets/tema.jpg", "../kivul.jpg", "logo.svg", ".rejtett/x.jpg", "kepek/van.jpg"]
    found, files, problems = prepare_images(names, static, tmp_path / "cache")
    assert list(found) == ["kepek/van.jpg"]
    assert [str(file.path) for file in files] == ["_kepek/kepek/van-480w.jpg"]
    assert problems == ()
    body = '<img src="assets/tema.jpg"><img src="logo.svg">'
    assert add_srcset(body, "", found) == body


def test_every_body_is_rewritten_and_a_photo_shown_twice_is_prepared_once(tmp_path: Path) -> None:
    photo(tmp_path / "static", "kepek/forum.jpg", (900, 450))
    pages = [
        (source_at(tmp_path / "zala.md", ""), "projektek/zala/", b'<img src="../../kepek/forum.jpg">'),
        (source_at(tmp_path / "hir.md", ""), "", '<IMG src="kepek/forum.jpg">ő<img src="mas.svg">'.encode()),
        (source_at(tmp_path / "szoveg.md", ""), "", "<p>Fórum <em>kép</em> nélkül</p>".encode()),
    ]
    found, files, problems = responsive_bodies(pages, tmp_path / "static", tmp_path / "cache")
    bodies = {path: html.decode("utf-8") for path, html in found.items()}
    assert [str(file.path) for file in files] == ["_kepek/kepek/forum-480w.jpg"]
    assert problems == ()
    assert (
        'srcset="../../_kepek/kepek/forum-480w.jpg 480w, ../../kepek/forum.jpg 900w"'
        in bodies[tmp_path / "zala.md"]
    )
    assert 'srcset="_kepek/kepek/forum-480w.jpg 480w, kepek/forum.jpg 900w"' in bodies[tmp_path / "hir.md"]
    assert bodies[tmp_path / "hir.md"].endswith('ő<img src="mas.svg">')
    assert bodies[tmp_path / "szoveg.md"] == "<p>Fórum <em>kép</em> nélkül</p>"


# --------------------------------------------------------------------------
# A made-up ICC profile, so that tests need no profile files
# --------------------------------------------------------------------------


def swapped_red_green_profile() -> bytes:
    """An RGB matrix profile (ICC v2) whose red primary is sRGB's green, and green is red."""
    d50 = (0.9642, 1.0, 0.8249)
    red, green, blue = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)

    def xyz(values: tuple[float, float, float]) -> bytes:
        return b"XYZ \0\0\0\0" + b"".join(struct.pack(">i", round(v * 65536)) for v in values)

    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233) + b"\0\0"  # gamma 2.2
    text = b"swapped red and green\0"
    description = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + bytes(4 + 4 + 2 + 1 + 67)
    description += bytes(-len(description) % 4)
    tags = [
        (b"desc", description),
        (b"wtpt", xyz(d50)),
        (b"rXYZ", xyz(green)),
        (b"gXYZ", xyz(red)),
        (b"bXYZ", xyz(blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, content in tags:
        table += signature + struct.pack(">II", offset + len(data), len(content))
        data += content
    body = struct.pack(">I", len(tags)) + table + data
    header = struct.pack(">I", 128 + len(body)) + b"\0\0\0\0" + struct.pack(">I", 0x02100000)
    header += b"mntrRGB XYZ " + bytes(12) + b"acsp" + bytes(4 + 4 + 4 + 4 + 8 + 4)
    header += xyz(d50)[8:] + bytes(128 - 80)
    return header + body
