"""Rules for banner artwork made web-safe."""

from __future__ import annotations

import io
from pathlib import Path, PurePosixPath

import pytest
from PIL import Image

from infoblokk.banner.artwork import BannerArt
from infoblokk.errors import BuildFailed
from infoblokk.output import OutputFile
from infoblokk.outputs.images import web_ready_art, web_ready_banner

REFLEX_BLUE = (0x00, 0x33, 0x99)
JPEG_TOLERANCE = 6  # per channel, for a flat colour through one lossy save
CMYK_BANNER = "infoblokk_kedv_final_felso_cmyk_ESZA.jpg"


# --------------------------------------------------------------------------
# Banner artwork
# --------------------------------------------------------------------------


def cmyk_banner(static_dir: Path, name: str = CMYK_BANNER, **save: object) -> Path:
    """Reflex blue, converted to CMYK by Pillow and saved as print shops send it."""
    path = static_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1200, 150), REFLEX_BLUE).convert("CMYK").save(path, quality=95, **save)  # type: ignore[arg-type]
    return path


def assert_close(pixel: object, expected: tuple[int, int, int]) -> None:
    assert isinstance(pixel, tuple)
    assert all(abs(a - b) <= JPEG_TOLERANCE for a, b in zip(pixel, expected, strict=True)), pixel


def test_a_cmyk_banner_is_converted_to_srgb_with_its_colours_kept(tmp_path: Path) -> None:
    path = cmyk_banner(tmp_path / "static")
    with Image.open(path) as original:
        assert original.mode == "CMYK"
        assert "adobe" in original.info  # stored inverted, with Adobe's APP14 marker
    src, width, height, converted = web_ready_banner(tmp_path / "static", CMYK_BANNER, tmp_path / "cache")
    assert src == "_infoblokk/infoblokk_kedv_final_felso_cmyk_ESZA-srgb.jpg"
    assert (width, height) == (1200, 150)
    assert converted is not None and str(converted.path) == src
    with Image.open(io.BytesIO(converted.content)) as web:
        assert (web.format, web.mode, web.size) == ("JPEG", "RGB", (1200, 150))
        assert "adobe" not in web.info and "icc_profile" not in web.info
        assert_close(web.getpixel((600, 75)), REFLEX_BLUE)


def test_a_cmyk_banner_with_a_damaged_profile_is_converted_as_without_one(tmp_path: Path) -> None:
    cmyk_banner(tmp_path / "static", icc_profile=b"not an ICC profile")
    _, _, _, converted = web_ready_banner(tmp_path / "static", CMYK_BANNER, tmp_path / "cache")
    assert converted is not None
    with Image.open(io.BytesIO(converted.content)) as web:
        assert_close(web.getpixel((10, 10)), REFLEX_BLUE)


def test_a_converted_banner_is_cached_and_the_same_bytes_every_time(tmp_path: Path) -> None:
    cmyk_banner(tmp_path / "static", name="kepek/felso.jpg")
    first = web_ready_banner(tmp_path / "static", "kepek/felso.jpg", tmp_path / "cache")
    (entry,) = (tmp_path / "cache").iterdir()
    written = entry.stat().st_mtime_ns
    assert web_ready_banner(tmp_path / "static", "kepek/felso.jpg", tmp_path / "cache") == first
    assert web_ready_banner(tmp_path / "static", "kepek/felso.jpg", tmp_path / "cache-2") == first
    assert entry.stat().st_mtime_ns == written
    assert first[0] == "_infoblokk/kepek/felso-srgb.jpg"


def test_an_rgb_banner_is_used_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    Image.new("RGB", (1000, 120), REFLEX_BLUE).save(tmp_path / "static" / "felso.png")
    result = web_ready_banner(tmp_path / "static", "felso.png", tmp_path / "cache")
    assert result == ("felso.png", 1000, 120, None)
    assert not (tmp_path / "cache").exists()


def test_an_unreadable_banner_stops_the_build_with_a_problem(tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "felso.jpg").write_bytes(b"\xff\xd8 not really")
    with pytest.raises(BuildFailed) as failure:
        web_ready_banner(tmp_path / "static", "felso.jpg", tmp_path / "cache")
    (problem,) = failure.value.problems
    assert problem.path == tmp_path / "static" / "felso.jpg"
    assert problem.hint


def test_only_official_cmyk_artwork_is_replaced_and_its_shown_size_is_kept(tmp_path: Path) -> None:
    cmyk_banner(tmp_path / "static")
    Image.new("RGB", (1000, 120), REFLEX_BLUE).save(tmp_path / "static" / "rgb.png")
    art = {
        "file:cmyk": BannerArt(CMYK_BANNER, 800, 100, official=True),
        "file:rgb": BannerArt("rgb.png", 800, 96, official=True),
        "szechenyi2020-ESZA": BannerArt("_infoblokk/szechenyi2020-ESZA.svg", 300, 100, official=False),
    }
    ready, files = web_ready_art(art, tmp_path / "static", tmp_path / "cache")
    assert ready == {
        "file:cmyk": BannerArt("_infoblokk/infoblokk_kedv_final_felso_cmyk_ESZA-srgb.jpg", 800, 100, True),
        "file:rgb": art["file:rgb"],
        "szechenyi2020-ESZA": art["szechenyi2020-ESZA"],
    }
    assert [file.path for file in files] == [PurePosixPath(ready["file:cmyk"].src)]
    assert all(isinstance(file, OutputFile) for file in files)
