"""Social cards: a 1200 × 630 picture per project and news item, legible in a feed, named by the
page's `og:image` and `twitter:image`, and drawn again only when what it shows changes."""

from __future__ import annotations

import html
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageColor

from infoblokk.content.loading import load_site
from infoblokk.outputs import cards
from infoblokk.outputs.card_drawing import Box, CardContent, draw_card, plan_card
from infoblokk.outputs.cards import card_content
from infoblokk.outputs.typesetting import find_fonts, fit_text, is_tofu, measure_with
from infoblokk.site import BuildResult, build_site
from tests.helpers import TODAY, VALID_NEWS, VALID_PROJECT, MakeSite, copy_example_site, page

CARD = "kozossegi-kartya.png"
EXAMPLE_CARDS = (
    "projektek/somogy-felzarkozas/",
    "projektek/zala-felzarkozas/",
    "projektek/veszprem-eselyegyenloseg/",
    "projektek/united-networks/",
    "hirek/veszprem-zarorendezveny/",
    "en/projects/zala-felzarkozas/",
)
SOMOGY_TITLE = (
    "Somogy megyei felzárkózáspolitikai együttműködések támogatása a helyi esélyegyenlőségi "
    "programokhoz kapcsolódóan"
)


def meta(html_text: str, attribute: str, name: str) -> str:
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html_text)
    assert found, f"no <meta {attribute}={name!r}>"
    return html.unescape(found.group(1))


def card_of(result: BuildResult, url: str) -> Image.Image:
    return Image.open(result.output_dir / url / CARD)


def ink(image: Image.Image, box: Box, background: tuple[int, int, int]) -> float:
    """The share of pixels in `box` that differ from the background: how much is drawn there."""
    region = image.convert("RGB").crop((box.left, box.top, box.right, box.bottom))
    plain = Image.new("RGB", region.size, background)
    difference = (
        ImageChops.difference(region, plain).convert("L").point(lambda value: 255 if value > 40 else 0)
    )
    return sum(difference.histogram()[255:]) / (region.width * region.height)


def example_content(result: BuildResult, url: str) -> CardContent:
    site = load_site(result.output_dir.parent)
    item = next(item for item in site.model.items() if item.url == url)
    content = card_content(item, site.model, site.config)
    assert content is not None
    return content


def test_every_project_and_news_item_has_a_1200_by_630_card(example_site: BuildResult) -> None:
    for url in EXAMPLE_CARDS:
        with card_of(example_site, url) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630)), url
    assert not (example_site.output_dir / "a-honlaprol" / CARD).exists()  # a free page has none


def test_pages_name_their_card_as_an_absolute_og_and_twitter_image(example_site: BuildResult) -> None:
    for url in EXAMPLE_CARDS:
        html_text = page(example_site, url)
        address = f"https://example.org/{url}{CARD}"
        assert meta(html_text, "property", "og:image") == address
        assert meta(html_text, "name", "twitter:image") == address
        assert meta(html_text, "name", "twitter:card") == "summary_large_image"
        assert (
            meta(html_text, "property", "og:image:width"),
            meta(html_text, "property", "og:image:height"),
        ) == (
            "1200",
            "630",
        )


def test_the_alt_text_names_the_title_and_the_funding(example_site: BuildResult) -> None:
    html_text = page(example_site, "projektek/somogy-felzarkozas/")
    for alt in (meta(html_text, "property", "og:image:alt"), meta(html_text, "name", "twitter:image:alt")):
        assert alt.startswith(SOMOGY_TITLE)
        assert "Európai Unió" in alt and "Európai Szociális Alap" in alt


def test_a_list_page_shows_no_card(example_site: BuildResult) -> None:
    assert "og:image" not in page(example_site, "projektek/")
    assert "twitter:card" not in page(example_site, "projektek/")


def test_the_title_is_drawn_big_enough_to_read_in_a_feed(example_site: BuildResult) -> None:
    content = example_content(example_site, "projektek/somogy-felzarkozas/")
    layout = plan_card(content, find_fonts(content.title))
    assert layout.title.size >= 40  # px at 1200 wide: at least 16 px where a feed shows it 500 px wide
    assert " ".join(layout.title.lines) == SOMOGY_TITLE  # every word there, none cut
    assert not layout.title.shortened
    with card_of(example_site, "projektek/somogy-felzarkozas/") as image:
        for number in range(len(layout.title.lines)):
            top = layout.title_box.top + number * layout.title.line_height
            line = Box(layout.title_box.left, top, layout.title_box.right, top + layout.title.line_height)
            assert ink(image, line, (0x00, 0x33, 0x99)) > 0.05, f"line {number + 1} is not drawn"


def test_the_funding_statement_is_drawn_big_enough_to_read(example_site: BuildResult) -> None:
    content = example_content(example_site, "projektek/zala-felzarkozas/")
    layout = plan_card(content, find_fonts(content.title))
    assert [text for text, _, _ in content.statement] == [
        "Európai Unió",
        "Európai Szociális Alap",
        "BEFEKTETÉS A JÖVŐBE",
    ]
    assert min(block.size for block in layout.statement) >= 28
    assert layout.emblem_box is not None and layout.emblem_box.height >= 100
    assert layout.statement_box is not None
    with card_of(example_site, "projektek/zala-felzarkozas/") as image:
        assert ink(image, layout.statement_box, (255, 255, 255)) > 0.05
        flag = image.convert("RGB").getpixel((layout.emblem_box.left + 5, layout.emblem_box.top + 5))
        assert flag == (0x00, 0x33, 0x99)  # Reflex Blue


def test_a_drawn_card_keeps_its_flat_colours_exactly(example_site: BuildResult) -> None:
    """A palette PNG (small and quick to encode): the background, the band and the emblem's blue
    are exactly the colours they are drawn in, for banners with and without the EU emblem."""
    backgrounds = set()
    for url in EXAMPLE_CARDS:
        content = example_content(example_site, url)
        layout = plan_card(content, find_fonts(content.title))
        with card_of(example_site, url) as image:
            assert image.mode == "P", url
            pixels = image.convert("RGB")
        assert pixels.getpixel((2, 2)) == ImageColor.getrgb(content.background), url
        assert pixels.getpixel((2, layout.band.top + 2)) == (255, 255, 255), url
        if content.emblem and layout.emblem_box is not None:
            corner = (layout.emblem_box.left + 3, layout.emblem_box.top + 3)
            assert pixels.getpixel(corner) == (0x00, 0x33, 0x99), url
        backgrounds.add(content.background)
    assert len(backgrounds) > 1  # more than one banner, so more than one set of colours


def test_o_and_u_with_double_acute_are_real_letters_not_boxes() -> None:
    fonts = find_fonts("őű")
    for size in (40, 80):
        face = fonts.face(size, bold=True)
        for accented, plain in (("ő", "o"), ("ű", "u"), ("Ő", "O"), ("Ű", "U")):
            assert not is_tofu(face, accented)
            assert bytes(face.getmask(accented)) != bytes(face.getmask(plain))


@pytest.mark.parametrize("separator", ["\n", "\r", "\x1c", "\x1d", "\x1e", "\x85", "\u2029"])
def test_a_title_with_a_line_or_paragraph_separator_in_it_is_drawn_as_with_a_space(separator: str) -> None:
    """Pillow cannot lay out these characters (hypothesis found a title '0\\x1e0' that crashed the
    build); they are white space, drawn as the space between words."""
    fonts = find_fonts(f"Zala{separator}megye")
    assert fonts == find_fonts("Zala megye")
    statement = (("Európai Unió", "#003399", True),)
    spaced = CardContent(
        "Zala megye", "Kedvezményezett", "hu", "#003399", "", "#003399", statement, True, None
    )
    separated = replace(spaced, title=f"Zala{separator}megye")
    assert draw_card(separated, fonts)[0].tobytes() == draw_card(spaced, fonts)[0].tobytes()


def test_without_a_font_of_the_computer_pillows_own_font_lacks_o_double_acute() -> None:
    fonts = find_fonts("ő", candidates=())
    assert (fonts.regular, fonts.bold) == (None, None)
    assert is_tofu(fonts.face(40), "ő") and not is_tofu(fonts.face(40), "o")  # why README asks for one


def test_a_card_with_o_double_acute_differs_from_one_with_o() -> None:
    fonts = find_fonts("őo")
    statement = (("Európai Unió", "#003399", True),)
    base = CardContent("Tő", "Kedvezményezett", "hu", "#003399", "", "#003399", statement, True, None)
    with_o = replace(base, title="To")
    first, layout = draw_card(base, fonts)
    second, _ = draw_card(with_o, fonts)
    assert (
        ImageChops.difference(first, second)
        .crop((layout.title_box.left, layout.title_box.top, layout.title_box.right, layout.title_box.bottom))
        .getbbox()
    )


def test_a_long_title_wraps_between_words_and_shrinks_before_anything_is_cut() -> None:
    fonts = find_fonts("Hungarian")
    measure = measure_with(fonts, bold=True)
    title = "Zala megyei felzárkózás-politikai együttműködések " * 2
    block = fit_text(title.strip(), (1072, 280), (80, 40), measure, 5)
    assert 40 <= block.size < 80 and not block.shortened
    assert (
        "".join(line + ("" if line.endswith("-") else " ") for line in block.lines).strip() == title.strip()
    )
    assert all(width <= 1072 for width in block.widths)


def test_only_a_title_too_long_at_the_smallest_size_ends_with_an_ellipsis() -> None:
    fonts = find_fonts("Hungarian")
    measure = measure_with(fonts, bold=True)
    words = ("esélyegyenlőségi felzárkózási együttműködés " * 20).split()
    block = fit_text(" ".join(words), (1072, 280), (80, 40), measure, 5)
    assert block.size == 40 and block.shortened and block.lines[-1].endswith("…")
    shown = " ".join(block.lines).removesuffix("…").split()
    assert shown == words[: len(shown)]  # whole words only, from the start


def test_a_news_item_shows_its_projects_funding_statement(make_site: MakeSite) -> None:
    project = VALID_PROJECT.replace("funding_rate: 100", "funding_rate: 85\nbanner: szechenyi-terv-plusz")
    project = project.replace("EFOP-1.6.3-17-2017-00004", "TOP_PLUSZ-3.1.3-23-HE1-2024-00014")
    news = VALID_NEWS.replace("EFOP-1.6.3-17-2017-00004", "TOP_PLUSZ-3.1.3-23-HE1-2024-00014")
    site = make_site({"content/projects/p.md": project, "content/news/n.md": news})
    result = build_site(site, today=TODAY)
    loaded = load_site(site)
    content = card_content(loaded.model.news[0], loaded.model, loaded.config)
    assert content is not None
    assert [text for text, _, _ in content.statement] == [
        "Az Európai Unió társfinanszírozásával",
        "Magyarország Kormánya",
    ]
    assert content.mark == "Széchenyi Terv Plusz"
    alt = meta(page(result, "hirek/n/"), "property", "og:image:alt")
    assert alt.startswith("Záró rendezvény Zalaegerszegen") and "társfinanszírozásával" in alt


def test_the_official_artwork_is_shown_when_the_project_names_it(make_site: MakeSite) -> None:
    project = VALID_PROJECT.replace("end_date:", "banner_image: infoblokk.png\nend_date:")
    site = make_site({"content/projects/p.md": project})
    artwork = site / "content" / "static" / "infoblokk.png"
    artwork.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (600, 200), (200, 30, 30)).save(artwork)
    result = build_site(site, today=TODAY)
    with Image.open(result.output_dir / "projektek" / "p" / CARD) as image:
        difference = ImageChops.difference(image.convert("RGB"), Image.new("RGB", image.size, (200, 30, 30)))
        red = difference.convert("L").histogram()[0]  # pixels exactly the artwork's red
    assert red > 1072 * 300 * 0.5  # the artwork is drawn large, across the band


def test_a_rebuild_draws_only_the_card_whose_content_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INFOBLOKK_WORKERS", "1")  # draws counted in this process
    site = copy_example_site(tmp_path / "site")
    first = build_site(site, today=TODAY)
    before = {url: (first.output_dir / url / CARD).read_bytes() for url in EXAMPLE_CARDS}
    cached = set((site / ".infoblokk-cache" / "cards").iterdir())
    drawn: list[str] = []
    real = cards.draw_card

    def counting(content: CardContent, *args: object, **kwargs: object) -> object:
        drawn.append(content.title)
        return real(content, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cards, "draw_card", counting)
    zala = site / "content" / "projects" / "zala-felzarkozas.md"
    text = zala.read_text(encoding="utf-8")
    zala.write_text(text.replace("title: Zala megyei", "title: Zalai", 1), encoding="utf-8")
    second = build_site(site, today=TODAY)
    assert drawn == ["Zalai felzárkózás-politikai együttműködések"]
    after = {url: (second.output_dir / url / CARD).read_bytes() for url in EXAMPLE_CARDS}
    assert [url for url in EXAMPLE_CARDS if before[url] != after[url]] == ["projektek/zala-felzarkozas/"]
    assert len(set((site / ".infoblokk-cache" / "cards").iterdir()) - cached) == 1
    drawn.clear()
    text = zala.read_text(encoding="utf-8")
    zala.write_text(text.replace("## ", "## Új bekezdés\n\n## ", 1), encoding="utf-8")
    build_site(site, today=TODAY)
    assert drawn == []  # the body is not on the card: nothing drawn


def test_a_card_is_the_same_bytes_every_time(make_site: MakeSite) -> None:
    site = make_site()
    first = (build_site(site, today=TODAY).output_dir / "projektek" / "p" / CARD).read_bytes()
    for entry in (site / ".infoblokk-cache" / "cards").iterdir():
        entry.unlink()
    second = build_site(make_site(), today=TODAY).output_dir / "projektek" / "p" / CARD
    assert second.read_bytes() == first
    assert Image.open(io.BytesIO(first)).size == (1200, 630)


def test_a_rebuild_keeps_the_cards_in_place_without_reading_their_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-file rebuild costs what changed: the cards it does not touch are not read again."""
    monkeypatch.setenv("INFOBLOKK_WORKERS", "1")
    site = copy_example_site(tmp_path / "site")
    first = build_site(site, today=TODAY)
    before = {url: (first.output_dir / url / CARD).read_bytes() for url in EXAMPLE_CARDS}
    read: list[Path] = []
    real = cards.read_cache

    def counting(entry: Path) -> bytes | None:
        read.append(entry)
        return real(entry)

    monkeypatch.setattr(cards, "read_cache", counting)
    zala = site / "content" / "projects" / "zala-felzarkozas.md"
    text = zala.read_text(encoding="utf-8")
    zala.write_text(text.replace("## ", "## Új bekezdés\n\n## ", 1), encoding="utf-8")
    second = build_site(site, today=TODAY)
    assert read == []
    assert {url: (second.output_dir / url / CARD).read_bytes() for url in EXAMPLE_CARDS} == before
    (second.output_dir / "projektek" / "zala-felzarkozas" / CARD).write_bytes(b"changed by hand")
    third = build_site(site, today=TODAY)
    assert len(read) == 1  # the card changed by hand is made again from the cache
    assert (third.output_dir / "projektek" / "zala-felzarkozas" / CARD).read_bytes() == before[
        "projektek/zala-felzarkozas/"
    ]
