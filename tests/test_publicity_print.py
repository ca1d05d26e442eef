"""The printed publicity kit: every project's A3 poster and display, and the billboard and
plaque where its facts and its programme's rules ask for them, read back as a printer would.

The PDFs are opened with pypdf (page size, text, fonts) and drawn into pixels with pypdfium2
(there is ink where the layout says); the 25 % rule of 2014–2020 is measured on the layout
and checked against the pixels.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from PIL import Image, ImageColor
from pypdf import PdfReader

from infoblokk.banner.obligation_rules import shipped_rule_sets
from infoblokk.banner.print_rules import MM_PER_POINT, print_rules, read_print_rules
from infoblokk.content.loading import load_site
from infoblokk.content.model import Project
from infoblokk.content.print_items import FILE_NAMES, print_items
from infoblokk.errors import BuildFailed
from infoblokk.layout import STATIC_FOLDER
from infoblokk.publicity.kit import KitSettings, Sheet, draw, layout_of, project_sheets, publicity_cache_dir
from infoblokk.publicity.layout import Box, Fill, Layout, Words
from infoblokk.render.formatting import Formatter
from infoblokk.site import BuildResult, build_site
from tests.helpers import TODAY, MakeSite, write_png

A3_POINTS = (841.89, 1190.55)
REGION_NAMES = ("reference", "name", "objective")

ROAD = """\
---
title: Kerékpárút építése Zalaegerszeg és Bocfölde között
project_id: TOP-3.1.1-16-ZA1-2017-00005
beneficiary: [Zalaegerszeg Megyei Jogú Város Önkormányzata, Bocfölde Község Önkormányzata]
grant_amount: 412500000
funding_rate: 100
fund: ERFA
end_date: 2021-06-30
physical_investment: true
objective: Biztonságos, egybefüggő kerékpáros közlekedés a két település között, a munkába járás segítésére.
---

A 6,2 km-es kerékpárút építése.
"""

TRAINING = """\
---
title: Felnőttképzési programok a megye hátrányos helyzetű településein
project_id: EFOP-1.6.3-17-2017-00006
beneficiary: Somogy Megyei Önkormányzat
grant_amount: 75000000
funding_rate: 100
end_date: 2020-12-31
summary: Képzések és közösségi programok a felzárkózó településeken élőknek.
---

Képzések.
"""

SMALL_WORKS = """\
---
title: Közösségi ház felújítása
project_id: TOP-4.3.1-16-ZA1-2017-00002
beneficiary: Pölöske Község Önkormányzata
grant_amount: 45000000
funding_rate: 100
fund: ERFA
end_date: 2020-05-31
physical_investment: true
objective: A közösségi ház energetikai korszerűsítése.
---

Felújítás.
"""

NEW_PERIOD = """\
---
title: Óvoda bővítése és eszközbeszerzés
project_id: TOP_PLUSZ-3.1.3-23-HE1-2024-00014
beneficiary: Eger Megyei Jogú Város Önkormányzata
grant_amount: 50000000
funding_rate: 85
total_cost: 58823530
banner: szechenyi-terv-plusz
end_date: 2026-08-31
physical_investment: true
objective: Két új óvodai csoportszoba és korszerű udvari játszóeszközök.
---

Bővítés.
"""

BARE = """\
---
title: Együttműködés
beneficiary: Egyesület
banner: eu-generic
end_date: 2022-01-31
---

Egy projekt, amelynek sem célja, sem összefoglalója, sem támogatása, sem azonosítója nincs megadva.
"""

SIGN_SITE = {
    "content/projects/kerekparut.md": ROAD,
    "content/projects/kepzes.md": TRAINING,
    "content/projects/kozossegi-haz.md": SMALL_WORKS,
    "content/projects/ovoda.md": NEW_PERIOD,
    "content/projects/egyuttmukodes.md": BARE,
}
EXPECTED_SIGNS = {  # by the rules: what each project's facts make due
    "kerekparut": {"billboard", "plaque"},  # ERDF, physical, public support over EUR 500,000
    "kepzes": set(),  # no physical investment
    "kozossegi-haz": set(),  # physical, but EUR 112,500 of support
    "ovoda": {"plaque"},  # 2021–2027, total cost over EUR 100,000, the fund not named
    "egyuttmukodes": set(),
}


# --------------------------------------------------------------------------
# Helpers: reading what a printer would read
# --------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    """The PDF's text with every run of white space (no-break spaces too) as one space."""
    (page,) = PdfReader(path).pages
    return plain(page.extract_text())


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def page_size(path: Path) -> tuple[float, float]:
    (page,) = PdfReader(path).pages
    return float(page.mediabox.width), float(page.mediabox.height)


def fonts_of(path: Path) -> Iterator[dict[str, Any]]:
    (page,) = PdfReader(path).pages
    fonts = page["/Resources"]["/Font"]
    for reference in fonts.values():
        yield reference.get_object()


def is_embedded(font: dict[str, Any]) -> bool:
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and "/DescendantFonts" in font:
        descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def rendered(path: Path, scale: float) -> Image.Image:
    """The PDF's page as pixels."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        return document[0].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()


def ink_share(image: Image.Image, box: Box, scale: float) -> float:
    """The part of the box's pixels that are not (nearly) white."""
    crop = image.crop(
        (
            round(box.x * scale),
            round(box.y * scale),
            round((box.x + box.width) * scale),
            round(box.bottom * scale),
        )
    ).convert("L")
    histogram = crop.histogram()
    return sum(histogram[:200]) / max(1, sum(histogram))


def sheets_of(site: Path) -> dict[str, dict[str, Sheet]]:
    """Every printed item of the site, by project slug and kind, as the build plans them."""
    loaded = load_site(site)
    settings = KitSettings(
        loaded.config.language,
        loaded.config.number_style,
        loaded.theme.labels(loaded.config.language),
        loaded.content_dir / STATIC_FOLDER,
        print_rules(),
        shipped_rule_sets(),
        loaded.config,
    )
    cache = publicity_cache_dir(site)
    return {
        project.slug: {sheet.item.kind: sheet for sheet in project_sheets(project, settings, cache)}
        for project in loaded.model.projects
    }


def projects_of(site: Path) -> tuple[Project, ...]:
    return load_site(site).model.projects


def words_of(layout: Layout) -> str:
    return plain(" ".join(mark.text for mark in layout.marks if isinstance(mark, Words)))


@pytest.fixture(scope="module")
def sign_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small site whose projects need every combination of signs, built once."""
    site = tmp_path_factory.mktemp("signs") / "site"
    site.mkdir()
    (site / "site_config.toml").write_text('title = "Próba honlap"\n', encoding="utf-8")
    for relative, text in SIGN_SITE.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text, encoding="utf-8")
    build_site(site, today=TODAY)
    return site


# --------------------------------------------------------------------------
# The poster
# --------------------------------------------------------------------------


def test_every_published_project_of_the_example_site_has_an_a3_poster_with_its_facts(
    example_site: BuildResult,
) -> None:
    projects = projects_of(example_site.output_dir.parent)
    assert projects
    formatter = Formatter("hu")
    for project in projects:
        poster = example_site.output_dir / project.url / FILE_NAMES["poster"]
        assert page_size(poster) == pytest.approx(A3_POINTS, abs=0.01), poster
        text = pdf_text(poster)
        assert plain(project.title) in text
        for beneficiary in project.beneficiaries:
            assert plain(beneficiary) in text
        if project.project_id:
            assert project.project_id.raw in text
        if project.grant:
            assert plain(formatter.money(project.grant.amount, project.grant.currency)) in text
        if project.funding_rate:
            assert formatter.percent(project.funding_rate) in text
        for line in project.banner.wording("hu").caption:
            assert plain(line) in text
        objective = project.objective or project.summary
        if objective:
            assert plain(objective) in text


def test_hungarian_letters_come_out_of_the_poster_as_written(example_site: BuildResult) -> None:
    """ő and ű are not in Latin-1: a font or encoding without them shows õ, û or boxes."""
    somogy = next(p for p in projects_of(example_site.output_dir.parent) if p.title.startswith("Somogy"))
    assert "esélyegyenlőségi" in somogy.title and "együttműködések" in somogy.title
    text = pdf_text(example_site.output_dir / somogy.url / FILE_NAMES["poster"])
    assert "esélyegyenlőségi" in text
    assert "együttműködések" in text
    assert "Befektetés a jövőbe".upper() in text


def test_every_font_of_every_pdf_is_embedded(example_site: BuildResult, sign_site: Path) -> None:
    pdfs = [*example_site.output_dir.rglob("*.pdf"), *(sign_site / "public").rglob("*.pdf")]
    assert {path.name for path in pdfs} == {FILE_NAMES[kind] for kind in ("poster", "billboard", "plaque")}
    for path in pdfs:
        fonts = list(fonts_of(path))
        assert fonts, path
        assert all(is_embedded(font) for font in fonts), path


def test_the_poster_is_vector_text_and_shapes_without_a_picture_when_the_banner_is_drawn(
    example_site: BuildResult,
) -> None:
    project = projects_of(example_site.output_dir.parent)[0]
    (page,) = PdfReader(example_site.output_dir / project.url / FILE_NAMES["poster"]).pages
    assert "/XObject" not in page["/Resources"]  # no image: the emblem is drawn, the text is text
    assert pdf_text(example_site.output_dir / project.url / FILE_NAMES["poster"])


def test_official_artwork_goes_on_the_poster_and_the_statement_stays_text(make_site: MakeSite) -> None:
    project = TRAINING.replace("summary:", "banner_image: infoblokk_esza.png\nsummary:")
    site = make_site({"content/projects/kepzes.md": project})
    write_png(site / "content" / "static" / "infoblokk_esza.png", 1200, 260)
    build_site(site, today=TODAY)
    poster = site / "public" / "projektek" / "kepzes" / FILE_NAMES["poster"]
    (page,) = PdfReader(poster).pages
    images = [obj.get_object() for obj in page["/Resources"]["/XObject"].values()]
    assert [(image["/Width"], image["/Height"]) for image in images] == [(1200, 260)]
    assert "Európai Unió – Európai Szociális Alap" in pdf_text(poster)


# --------------------------------------------------------------------------
# The electronic display
# --------------------------------------------------------------------------


def test_the_display_is_a_full_hd_png_of_the_same_facts_with_ink_where_they_are(
    example_site: BuildResult,
) -> None:
    site = example_site.output_dir.parent
    rules = print_rules()
    for slug, sheets in sheets_of(site).items():
        display = sheets["display"]
        path = example_site.output_dir / display.item.url
        with Image.open(path) as image:
            assert (image.format, image.size) == ("PNG", (rules.display.width_px, rules.display.height_px))
            pixels = image.convert("RGB")
        assert path.read_bytes() == draw(display), slug  # the file is what the layout below draws
        layout = layout_of(display)
        shown = words_of(layout)
        poster_text = pdf_text(example_site.output_dir / sheets["poster"].item.url)
        for label, values in display.facts.rows:
            assert plain(label) in shown and plain(label) in poster_text
            for value in values:
                assert plain(value) in shown and plain(value) in poster_text
        assert plain(display.facts.title) in shown
        for region in REGION_NAMES[:2]:
            assert ink_share(pixels, layout.regions[region], 1.0) > 0.03, (slug, region)


def test_the_display_keeps_every_colour_of_the_layout_exactly(example_site: BuildResult) -> None:
    """A palette PNG: the fills (the emblem's blue, the programme mark's colour) are not shifted."""
    faces = set()
    for slug, sheets in sheets_of(example_site.output_dir.parent).items():
        display = sheets["display"]
        faces.add(display.facts.face)
        with Image.open(example_site.output_dir / display.item.url) as image:
            assert image.mode == "P", slug
            pixels = image.convert("RGB")
        for mark in layout_of(display).marks:
            if isinstance(mark, Fill) and mark.box.width > 4 and mark.box.height > 4:
                inside = (round(mark.box.x) + 2, round(mark.box.y) + 2)  # clear of letters and stars
                assert pixels.getpixel(inside) == ImageColor.getrgb(mark.colour), (slug, mark)
    assert len(faces) > 1  # more than one banner, so more than one set of colours


# --------------------------------------------------------------------------
# Billboards and plaques
# --------------------------------------------------------------------------


def test_signs_are_made_exactly_for_the_projects_whose_facts_need_them(sign_site: Path) -> None:
    output = sign_site / "public" / "projektek"
    made = {
        slug: {kind for kind in ("billboard", "plaque") if (output / slug / FILE_NAMES[kind]).is_file()}
        for slug in EXPECTED_SIGNS
    }
    assert made == EXPECTED_SIGNS
    assert all((output / slug / FILE_NAMES["poster"]).is_file() for slug in EXPECTED_SIGNS)
    assert all((output / slug / FILE_NAMES["display"]).is_file() for slug in EXPECTED_SIGNS)


def test_the_rules_decide_by_period_fund_amount_and_physical_investment(make_site: MakeSite) -> None:
    def kinds(banner: str, fund: str | None, physical: bool, grant: int, total: int | None) -> set[str]:
        lines = [
            "---",
            "title: Próba",
            "beneficiary: Próba Kft.",
            f"grant_amount: {grant} EUR",
            "funding_rate: 85",
            f"banner: {banner}",
            f"physical_investment: {'true' if physical else 'false'}",
            *([f"fund: {fund}"] if fund else []),
            *([f"total_cost: {total} EUR"] if total else []),
            "---",
            "",
        ]
        site = make_site({"content/projects/proba.md": "\n".join(lines)})
        loaded = load_site(site)
        (project,) = loaded.model.projects
        items = print_items(project, print_rules(), shipped_rule_sets(), loaded.config)
        return {item.kind for item in items} - {"poster", "display"}

    assert kinds("szechenyi2020", "ERFA", True, 500_001, None) == {"billboard", "plaque"}
    assert kinds("szechenyi2020", "ERFA", True, 500_000, None) == set()  # "exceeds": not at the line
    assert kinds("szechenyi2020", "ESZA", True, 900_000, None) == {"plaque"}  # billboards: ERDF and CF
    assert kinds("szechenyi2020", "ERFA", False, 900_000, None) == set()
    # the fund not named: over the ESF+ threshold only, the rules cannot tell, and the plaque is drawn
    assert kinds("szechenyi-terv-plusz", None, True, 90_000, 100_001) == {"plaque"}
    assert kinds("szechenyi-terv-plusz", None, True, 90_000, 100_000) == set()
    # without a total cost 2021–2027 cannot tell: the plaque is drawn, a spare harms nobody
    assert kinds("szechenyi-terv-plusz", None, True, 900_000, None) == {"plaque"}
    assert kinds("eea-norway-grants", None, True, 9_000_000, 9_000_000) == set()  # not the EU's rules


def test_each_sign_has_the_size_its_rule_names(sign_site: Path) -> None:
    sizes = {"billboard": print_rules().signs.temporary_billboard, "plaque": print_rules().signs.plaque}
    for sheets in sheets_of(sign_site).values():
        for kind, named in sizes.items():
            if kind in sheets:
                size = page_size(sign_site / "public" / sheets[kind].item.url)
                assert size == pytest.approx(
                    (named.width_mm / MM_PER_POINT, named.height_mm / MM_PER_POINT), abs=0.01
                )


@pytest.mark.slow
def test_name_objective_emblem_and_reference_take_a_quarter_of_2014_2020_signs(sign_site: Path) -> None:
    """Implementing Regulation (EU) No 821/2014, Art. 5: measured on the layout, seen in the pixels."""
    checked = 0
    for slug, sheets in sheets_of(sign_site).items():
        for kind in ("billboard", "plaque"):
            if kind not in sheets:
                continue
            min_share = sheets[kind].item.min_share
            layout = layout_of(sheets[kind])
            if min_share is not None:
                assert layout.share(*REGION_NAMES) >= min_share, (slug, kind)
                checked += 1
            scale = 0.25
            image = rendered(sign_site / "public" / sheets[kind].item.url, scale)
            for name in REGION_NAMES:
                assert ink_share(image, layout.regions[name], scale) > 0.05, (slug, kind, name)
            outside = Image.new("RGB", image.size, "white")
            assert image != outside
    assert checked == 2  # the bicycle path's billboard and plaque


def test_project_pages_link_exactly_their_items(sign_site: Path) -> None:
    for slug, expected in EXPECTED_SIGNS.items():
        html = (sign_site / "public" / "projektek" / slug / "index.html").read_text(encoding="utf-8")
        block = html[html.index('<aside class="print-kit"') : html.index("</aside>")]
        linked = re.findall(r'href="([^"]+)"', block)
        kinds = {"poster", "display", *expected}
        assert linked == [
            FILE_NAMES[kind] for kind in ("poster", "display", "billboard", "plaque") if kind in kinds
        ]
        assert all((sign_site / "public" / "projektek" / slug / name).is_file() for name in linked)


def test_a_translated_project_page_links_the_originals_items(example_site: BuildResult) -> None:
    html = (example_site.output_dir / "en" / "projects" / "zala-felzarkozas" / "index.html").read_text(
        "utf-8"
    )
    assert 'href="../../../projektek/zala-felzarkozas/plakat-a3.pdf"' in html
    assert "Poster (PDF, A3)" in html


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------


def test_a_project_without_objective_summary_grant_or_id_still_gets_a_poster(sign_site: Path) -> None:
    poster = sign_site / "public" / "projektek" / "egyuttmukodes" / FILE_NAMES["poster"]
    text = pdf_text(poster)
    assert "Együttműködés" in text and "Egyesület" in text
    assert "Az Európai Unió társfinanszírozásával" in text


def test_a_very_long_title_and_word_stay_on_the_sheet(make_site: MakeSite) -> None:
    long_title = "Nagyon hosszú " * 25 + "Legeslegmegszentségteleníthetetlenebbeskedéseitekért" * 2
    project = ROAD.replace(
        "title: Kerékpárút építése Zalaegerszeg és Bocfölde között", f"title: {long_title}"
    )
    site = make_site({"content/projects/hosszu.md": project})
    build_site(site, today=TODAY)
    for sheet in sheets_of(site)["hosszu"].values():
        layout = layout_of(sheet)
        for mark in layout.marks:
            if isinstance(mark, Words):
                box = mark.box
                assert box.x >= 0 and box.y >= 0, sheet.item.kind
                assert box.x + box.width <= layout.width + 0.5 and box.bottom <= layout.height, (
                    sheet.item.kind
                )
        assert (site / "public" / sheet.item.url).is_file()


def test_a_mistake_in_the_print_rules_is_reported_at_its_line(tmp_path: Path) -> None:
    rules = tmp_path / "print_rules.toml"
    shipped = resources.files("infoblokk.banner").joinpath("print_rules.toml").read_text(encoding="utf-8")
    rules.write_text(shipped.replace("min_share = 0.25", "min_shares = 0.25", 1), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        read_print_rules(rules)
    (problem,) = [p for p in failure.value.problems if "min_shares" in p.message]  # and min_share is missing
    assert problem.line == shipped.splitlines().index("min_share = 0.25") + 1


# --------------------------------------------------------------------------
# Made only when their inputs changed
# --------------------------------------------------------------------------


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time of every printed item: a rewrite changes them."""
    return {
        str(path.relative_to(folder)): (path.stat().st_ino, path.stat().st_mtime_ns)
        for name in FILE_NAMES.values()
        for path in folder.rglob(name)
    }


def test_a_rebuild_keeps_every_item_and_an_edit_draws_only_that_projects(make_site: MakeSite) -> None:
    site = make_site({**SIGN_SITE, "content/pages/rolunk.md": "---\ntitle: Rólunk\n---\n\nSzöveg.\n"})
    build_site(site, today=TODAY)
    cache = publicity_cache_dir(site)
    first_entries, first_stamps = set(cache.iterdir()), stamps(site / "public")
    assert len(first_stamps) == 2 * len(SIGN_SITE) + 3

    page = site / "content" / "pages" / "rolunk.md"  # a page: the build renders, but no project changed
    page.write_text(page.read_text(encoding="utf-8").replace("Szöveg.", "Más szöveg."), encoding="utf-8")
    build_site(site, today=TODAY)
    assert set(cache.iterdir()) == first_entries
    assert stamps(site / "public") == first_stamps

    road = site / "content" / "projects" / "kerekparut.md"
    road.write_text(
        road.read_text(encoding="utf-8").replace("Kerékpárút", "Kerékpárút és járda"), encoding="utf-8"
    )
    build_site(site, today=TODAY)
    drawn = set(cache.iterdir()) - first_entries
    assert len(drawn) == 4  # the bicycle path's poster, display, billboard and plaque
    after = stamps(site / "public")
    changed = {path for path in after if after[path] != first_stamps[path]}
    assert changed == {f"projektek/kerekparut/{FILE_NAMES[kind]}" for kind in FILE_NAMES}
    assert "Kerékpárút és járda" in pdf_text(
        site / "public" / "projektek" / "kerekparut" / FILE_NAMES["poster"]
    )


def test_a_cleared_cache_draws_the_same_bytes_and_rewrites_nothing(make_site: MakeSite) -> None:
    site = make_site({"content/projects/kepzes.md": TRAINING})
    build_site(site, today=TODAY)
    before = stamps(site / "public")
    for entry in publicity_cache_dir(site).iterdir():
        entry.unlink()
    (site / "content" / "projects" / "kepzes.md").touch()
    build_site(site, today=TODAY)
    assert stamps(site / "public") == before


def test_a_register_can_turn_the_kit_and_the_cards_off(make_site: MakeSite) -> None:
    """A managing authority's register of thousands of projects prints no posters of its own."""
    config = 'title = "Nyilvántartás"\n\n[publicity]\nprint_kit = false\nsocial_cards = false\n'
    site = make_site({"content/projects/ut.md": ROAD}, config)
    build_site(site, today=TODAY)
    folder = site / "public" / "projektek" / "ut"
    assert sorted(path.name for path in folder.iterdir()) == ["index.html"]
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "og:image" not in page and "twitter:image" not in page
    assert "plakat-a3.pdf" not in page and "kijelzo-16x9.png" not in page
    assert "og:title" in page  # the rest of the sharing tags stay
