"""The mistakes people make while writing a content file, each reported where it starts, in plain
words, with the fix, through a real `build` of a small site.

Front matter YAML cannot read (an open quote, a tab, a non-breaking space, curly quotes, a colon
in a value, the `---` lines), facts typed the Hungarian way (dates, approximate amounts), the
samples `new` writes, images that are no file of the site and paths of the author's computer,
and one broken file reported once, not again by the files that name it.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoblokk.content.scaffold import create_content_file
from tests.helpers import VALID_NEWS, VALID_PROJECT, MakeSite, run_cli, write_png

PROJECT = "content/projects/p.md"
NEWS = "content/news/n.md"


def failed_build(site: Path) -> str:
    """Build; check it stopped with a hint for every problem; return what it printed."""
    code, out, err = run_cli(site, "build")
    assert code == 1, out
    assert not (site / "public").exists()
    counted = re.search(r"The build stopped \((\d+) errors?(?:, (\d+) warnings?)?\)", err)
    assert counted, err
    assert len(re.findall(r"^  hint: \S", err, re.MULTILINE)) == int(counted[1]) + int(counted[2] or 0), err
    return err


def errors_of(err: str) -> list[str]:
    """The lines that name an error (not a warning): `path:line: message`."""
    return [line for line in err.splitlines() if re.match(r"^\S+:\d+: (?!warning:)", line)]


def project(old: str, new: str) -> str:
    assert old in VALID_PROJECT
    return VALID_PROJECT.replace(old, new, 1)


# --- front matter YAML cannot read ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "said", "fix"),
    [
        pytest.param(
            project("title: Zala megyei", 'title: "Zala megyei'),
            2,
            "the quote (\") that opens the value of 'title' on this line is never closed",
            'title: "Zala megyei felzárkózás-politikai együttműködések"',
            id="unclosed-double-quote",
        ),
        pytest.param(
            project("project_id: EFOP-1.6.3-17-2017-00004", "project_id: 'EFOP-1.6.3-17-2017-00004"),
            3,
            "the quote (') that opens the value of 'project_id' on this line is never closed",
            "project_id: 'EFOP-1.6.3-17-2017-00004'",
            id="unclosed-single-quote",
        ),
        pytest.param(
            project("end_date: 2020-10-31", "extra:\n\tforras: szerzodes\nend_date: 2020-10-31"),
            8,
            "this line is indented with a tab",
            "type spaces instead",
            id="tab",
        ),
        pytest.param(
            project("title: Zala", "title:\u00a0Zala"),
            2,
            "this line has a non-breaking space after 'title:'",
            "type an ordinary one",
            id="non-breaking-space-after-colon",
        ),
        pytest.param(
            project("end_date: 2020-10-31", "end_date: 2020-10-31\nextra:\n\u00a0 forras: szerzodes"),
            9,
            "this line has a non-breaking space at the start of the line",
            "type an ordinary one",
            id="non-breaking-space-indent",
        ),
        pytest.param(
            project("title: Zala megyei", "title: Zala: megyei"),
            2,
            "the value of 'title' contains a colon followed by a space",
            'put the whole value in double quotes: title: "Zala: megyei',
            id="colon-in-value",
        ),
        pytest.param(
            project("funding_rate: 100", "funding_rate:100"),
            5,
            "there is no space after the colon of 'funding_rate'",
            "funding_rate: 100",
            id="no-space-after-colon",
        ),
        pytest.param(
            project("funding_rate: 100", "tags: [esély, képzés\nfunding_rate: 100"),
            5,
            "the list that opens with '[' on this line is never closed",
            "end it with ']'",
            id="unclosed-list",
        ),
        pytest.param(
            project("title: Zala megyei felzárkózás-politikai együttműködések", "title: 'Zöld' iskola"),
            2,
            "the value of 'title' goes on after its closing quote",
            "title: \"'Zöld' iskola\"",
            id="text-after-quote",
        ),
        pytest.param(
            project("funding_rate: 100", "funding_rate: 100\n  county: Zala"),
            6,
            "this line is indented, but the line above it already has its value",
            "delete the spaces",
            id="indented-under-a-value",
        ),
        pytest.param(
            project("title: Zala megyei felzárkózás-politikai együttműködések", "title: *Fontos* projekt"),
            2,
            "the value of 'title' starts with '*'",
            'title: "*Fontos* projekt"',
            id="special-first-character",
        ),
        pytest.param(
            project(
                "title: Zala megyei felzárkózás-politikai együttműködések", "title: “Zala” és „Somogy”: közös"
            ),
            2,
            "this value starts with a curly quote",
            "straight double quotes",
            id="curly-quotes-not-around-the-whole-value",
        ),
    ],
)
def test_front_matter_yaml_cannot_read_is_reported_where_the_mistake_starts(
    make_site: MakeSite, text: str, where: int, said: str, fix: str
) -> None:
    site = make_site({PROJECT: text})
    err = failed_build(site)
    assert errors_of(err) == [f"{PROJECT}:{where}: {said}" + errors_of(err)[0].split(said, 1)[1]], err
    hint = err.split("\n  hint: ", 1)[1].split("\n", 1)[0]
    assert fix in hint
    assert "YAML:" not in err and "expected" not in err and "token" not in err  # no parser jargon


def test_a_key_without_its_colon_above_an_empty_value_is_reported_with_a_line(
    make_site: MakeSite,
) -> None:
    """Found by the test of any mistyped front matter below: an empty value is not one that
    starts with a character YAML gives a special meaning."""
    err = failed_build(make_site({PROJECT: "---\ntitle\ntitle: \n---\nSzöveg\n"}))
    assert errors_of(err) and all(line.startswith(f"{PROJECT}:") for line in errors_of(err)), err
    assert "\n  hint: " in err


def test_a_quote_left_open_early_is_reported_at_its_line_not_where_yaml_gives_up(make_site: MakeSite) -> None:
    """The case from the issue: YAML itself blames a line far below, with 'did not find expected key'."""
    text = project("title: Zala megyei", 'title: "Zala megyei').replace(
        "end_date: 2020-10-31", 'end_date: 2020-10-31\ncounty: Zala\nsummary: "Egy mondat."\ntags: [a, b]'
    )
    err = failed_build(make_site({PROJECT: text}))
    assert errors_of(err)[0].startswith(f"{PROJECT}:2: the quote")
    assert len(errors_of(err)) == 1


@pytest.mark.parametrize(
    ("text", "where", "said", "fix"),
    [
        pytest.param(
            VALID_PROJECT.replace("---\n", "", 1),
            1,
            "the '---' line above the facts is missing",
            "add a line with just '---' above the first fact",
            id="opening-missing",
        ),
        pytest.param(
            "\n\n" + VALID_PROJECT,
            3,
            "the '---' line must be the very first line of the file",
            "delete the empty lines above it",
            id="opening-not-first",
        ),
        pytest.param(
            VALID_PROJECT.replace("---\n", "—\n", 1),
            1,
            "this line should be three hyphens '---', but it is '—'",
            "long dash",
            id="opening-long-dash",
        ),
        pytest.param(
            VALID_PROJECT.replace("\n---\n", "\n", 1),
            9,
            "the front matter has no closing '---' line: this line looks like the page's text",
            "add a line with just '---' above this line",
            id="closing-missing",
        ),
        pytest.param(
            VALID_PROJECT.replace("\n---\n", "\n–\n", 1),
            8,
            "this line should be three hyphens '---', but it is '–'",
            "three hyphens",
            id="closing-dash",
        ),
        pytest.param(
            VALID_PROJECT.replace("\n---\n", "\n...\n", 1),
            8,
            "the front matter ends with '...'",
            "replace '...' with '---'",
            id="closing-dots",
        ),
    ],
)
def test_a_missing_or_misplaced_front_matter_line_is_named_with_its_fix(
    make_site: MakeSite, text: str, where: int, said: str, fix: str
) -> None:
    err = failed_build(make_site({PROJECT: text}))
    assert errors_of(err)[0].startswith(f"{PROJECT}:{where}: {said}"), err
    assert fix in err


def test_page_text_above_the_closing_line_is_named(make_site: MakeSite) -> None:
    text = VALID_PROJECT.replace("---\n\n## A projekt célja", "\nA projekt célja a felzárkózás.\n\n---\n", 1)
    err = failed_build(make_site({PROJECT: text}))
    assert errors_of(err)[0].startswith(f"{PROJECT}:9: this line is not a 'key: value' line"), err
    assert "the '---' line that ends the facts is missing above it" in err


@pytest.mark.parametrize(
    "quoted",
    ["“Zala: megyei együttműködés”", "„Zala: megyei együttműködés”", "‘Zala: megyei együttműködés’"],
)
def test_curly_quotes_around_a_whole_value_are_taken_as_quotes_with_a_warning(
    make_site: MakeSite, quoted: str
) -> None:
    site = make_site(
        {PROJECT: project("title: Zala megyei felzárkózás-politikai együttműködések", f"title: {quoted}")}
    )
    code, out, err = run_cli(site, "build")
    assert code == 0, err
    page = (site / "public" / "projektek" / "p" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Zala: megyei együttműködés</h1>" in page or ">Zala: megyei együttműködés<" in page
    assert not re.search("[“”„‘’]Zala", page)
    assert f"{PROJECT}:2: warning: the value on this line is in curly quotes" in out
    assert "type straight quotes" in out
    code, _, err = run_cli(site, "check")
    assert code == 1
    assert f"{PROJECT}:2: warning: the value on this line is in curly quotes" in err


def test_curly_quotes_around_list_items_and_amounts_are_taken_as_quotes(make_site: MakeSite) -> None:
    text = project(
        "beneficiary: Zala Megyei Önkormányzat", "beneficiary: [“Zala Megyei Önkormányzat”, „TEF”]"
    )
    text = text.replace("grant_amount: 74998560", "grant_amount: “74 998 560 Ft”")
    site = make_site({PROJECT: text})
    code, out, err = run_cli(site, "build")
    assert code == 0, err
    data = (site / "public" / "projects.csv").read_text(encoding="utf-8-sig")
    assert "Zala Megyei Önkormányzat,TEF,74998560" in data.replace('"', "")
    assert out.count("warning: the value on this line is in curly quotes") == 2


def test_a_strict_build_does_not_fail_on_curly_quotes(make_site: MakeSite) -> None:
    site = make_site(
        {
            PROJECT: project("title: Zala megyei felzárkózás-politikai együttműködések", "title: “Zala”"),
            "content/static/b.png": b"",
        },
        config='title = "Próba"\n[banner]\nimage = "b.png"\n',
    )
    write_png(site / "content" / "static" / "b.png")
    code, out, err = run_cli(site, "build", "--strict")
    assert code == 0, err
    assert "curly quotes" in out


def test_a_non_breaking_space_in_a_key_yaml_reads_is_still_reported(make_site: MakeSite) -> None:
    text = project("end_date: 2020-10-31", "end_date: 2020-10-31\ncounty\u00a0: Zala")
    err = failed_build(make_site({PROJECT: text}))
    assert errors_of(err)[0].startswith(
        f"{PROJECT}:8: this line has a non-breaking space in the key 'county'"
    )


# --- facts typed the Hungarian way ------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["2021. március 31.", "2021.03.31.", "2021.03.31", "2021. márc. 31.", "2021. 03. 31."]
)
def test_a_date_typed_the_hungarian_way_gets_did_you_mean(make_site: MakeSite, typed: str) -> None:
    err = failed_build(make_site({PROJECT: project("end_date: 2020-10-31", f"end_date: {typed}")}))
    assert f"{PROJECT}:7: 'end_date': '{typed}' is not written as YYYY-MM-DD; did you mean 2021-03-31?" in err


def test_a_hungarian_date_that_does_not_exist_gets_no_guess(make_site: MakeSite) -> None:
    err = failed_build(make_site({PROJECT: project("end_date: 2020-10-31", "end_date: 2021. február 30.")}))
    assert "did you mean" not in err
    assert f"{PROJECT}:7: 'end_date': '2021. február 30.' is not a date in the form YYYY-MM-DD" in err


@pytest.mark.parametrize(
    ("typed", "word"), [("kb. 75 millió Ft", "kb."), ("mintegy 75 000 000 Ft", "mintegy"), ("~75000000", "~")]
)
def test_an_approximate_amount_asks_for_the_exact_contracted_amount(
    make_site: MakeSite, typed: str, word: str
) -> None:
    err = failed_build(make_site({PROJECT: project("grant_amount: 74998560", f'grant_amount: "{typed}"')}))
    assert f"{PROJECT}:4: 'grant_amount': '{typed}' is an approximate amount ('{word}'); " in err
    assert "write the exact contracted amount" in err


# --- one root cause, one message ------------------------------------------------------------


@pytest.mark.parametrize(
    "breakage",
    [
        pytest.param(("title: Zala megyei", 'title: "Zala megyei'), id="yaml-error"),
        pytest.param(("funding_rate: 100", "funding_rate: sok"), id="invalid-value"),
        pytest.param(("grant_amount:", "grant_amout:"), id="unknown-key"),
        pytest.param(("---\n", "—\n"), id="no-front-matter"),
    ],
)
def test_a_broken_project_is_reported_once_not_again_by_its_news(
    make_site: MakeSite, breakage: tuple[str, str]
) -> None:
    site = make_site({PROJECT: VALID_PROJECT.replace(*breakage, 1), NEWS: VALID_NEWS})
    err = failed_build(site)
    assert [line.split(":")[0] for line in errors_of(err)] == [PROJECT], err
    assert "no project has the ID" not in err


def test_news_naming_an_id_no_file_has_is_still_reported_beside_a_broken_project(make_site: MakeSite) -> None:
    news = VALID_NEWS.replace("00004", "00099")
    site = make_site({PROJECT: project("funding_rate: 100", "funding_rate: sok"), NEWS: news})
    err = failed_build(site)
    assert f"{NEWS}:4: no project has the ID EFOP-1.6.3-17-2017-00099" in err


# --- nothing half-written is published ------------------------------------------------------


def published_new_file(site: Path, kind: str) -> Path:
    path = create_content_file(site, kind, "Új bejegyzés", date(2024, 3, 15))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_new_project_left_as_new_wrote_it_is_not_published(make_site: MakeSite) -> None:
    site = make_site()
    path = published_new_file(site, "project")
    err = failed_build(site)
    shown = "content/projects/uj-bejegyzes.md"
    assert f"{shown}:{line_of(path, 'project_id:')}: 'project_id' is still the sample" in err
    assert f"{shown}:{line_of(path, 'beneficiary: A')}: 'beneficiary' is still the sample" in err
    assert f"{shown}:{line_of(path, 'Projekt tartalmának')}: this is the sample text" in err
    assert (
        f"{shown}:{line_of(path, 'start_date:')}: the project starts and ends on the same day (2024-03-15)"
        in err
    )
    assert "not a valid project ID" not in err  # the sample is named as the sample, once


def test_a_new_project_with_real_facts_but_the_sample_text_is_not_published(make_site: MakeSite) -> None:
    site = make_site()
    path = published_new_file(site, "project")
    text = path.read_text(encoding="utf-8")
    for old, new in [
        ("EFOP-X.X.X-XX-XXXX-XXXXX", "EFOP-1.6.3-17-2017-00006"),
        ("A kedvezményezett szervezet neve", "Zala Megyei Önkormányzat"),
        ("grant_amount: 0", "grant_amount: 1000000"),
        ("start_date: 2024-03-15", "start_date: 2023-01-01"),
        (
            "Projekt tartalmának bemutatása: írja le itt, mit valósít meg a projekt, kinek és hogyan.",
            "Valódi.",
        ),
    ]:
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    err = failed_build(site)
    assert errors_of(err) == [
        f"content/projects/uj-bejegyzes.md:{line_of(path, 'első tevékenység')}: "
        "this is the sample text that `python build.py new` wrote: - első tevékenység"
    ]
    path.write_text(
        text.replace("- első tevékenység\n- második tevékenység\n", "- képzés\n"), encoding="utf-8"
    )
    code, _, err = run_cli(site, "build")
    assert code == 0, err


@pytest.mark.parametrize("kind", ["news", "page"])
def test_new_news_and_pages_left_as_new_wrote_them_are_not_published(make_site: MakeSite, kind: str) -> None:
    site = make_site()
    path = published_new_file(site, kind)
    err = failed_build(site)
    assert "this is the sample text that `python build.py new` wrote" in err
    if kind == "news":
        assert f":{line_of(path, 'project:')}: 'project' is still the sample" in err
        assert "no project has the ID" not in err


def test_a_start_after_the_end_is_an_error(make_site: MakeSite) -> None:
    site = make_site(
        {PROJECT: project("end_date: 2020-10-31", "start_date: 2021-01-01\nend_date: 2020-10-31")}
    )
    err = failed_build(site)
    assert f"{PROJECT}:7: the project starts (2021-01-01) after it ends (2020-10-31)" in err


# --- images and paths that are no web address ------------------------------------------------


def with_body(line: str) -> str:
    return VALID_PROJECT + f"\n{line}\n"


@pytest.mark.parametrize(
    ("written", "said", "fix"),
    [
        (
            "![Fórum](/kepek/nincs.jpg)",
            "the image '/kepek/nincs.jpg' is not a file of the site",
            "copy the image to content/static/kepek/nincs.jpg",
        ),
        (
            "![Fórum](forum.jpg)",
            "the image 'forum.jpg' is not a file of the site: without a '/' in front",
            "write its address from the site's root: /kepek/forum.jpg",
        ),
        (
            "![Fórum](nincs.jpg)",
            "the image 'nincs.jpg' is not a file of the site",
            "![what it shows](/kepek/forum.jpg)",
        ),
        (
            "![Fórum](C:\\Users\\anna\\Képek\\kep.jpg)",
            "'C:\\Users\\anna\\Képek\\kep.jpg' is a file on your computer",
            "content/static/kepek/ and write its address from the site's root: /kepek/kep.jpg",
        ),
        (
            "[terv](dokumentumok\\terv.pdf)",
            "the address 'dokumentumok\\terv.pdf' has backslashes",
            "/dokumentumok/terv.pdf",
        ),
        (
            "[terv](file:///C:/Users/anna/terv.pdf)",
            "'file:///C:/Users/anna/terv.pdf' is a file on your computer",
            "/terv.pdf",
        ),
    ],
)
def test_an_image_or_path_that_is_no_address_of_the_site_stops_the_build_at_its_line(
    make_site: MakeSite, written: str, said: str, fix: str
) -> None:
    site = make_site({PROJECT: with_body(written), "content/static/kepek/forum.jpg": b""})
    write_png(site / "content" / "static" / "kepek" / "forum.jpg")
    line = VALID_PROJECT.count("\n") + 2
    err = failed_build(site)
    assert errors_of(err)[0].startswith(f"{PROJECT}:{line}: {said}"), err
    assert fix in err
    assert "../" not in err  # what the user wrote, never the address infoblokk would have made of it


def test_check_reports_a_missing_image_as_written_too(make_site: MakeSite) -> None:
    site = make_site({PROJECT: with_body("![Fórum](/kepek/nincs.jpg)")})
    code, _, err = run_cli(site, "check")
    assert code == 1
    assert f"{PROJECT}:{VALID_PROJECT.count(chr(10)) + 2}: the image '/kepek/nincs.jpg' is not a file" in err
    assert "../../kepek" not in err and "relative to this page" not in err


def test_images_that_exist_build(make_site: MakeSite) -> None:
    site = make_site(
        {
            PROJECT: with_body("![Fórum](/kepek/forum.jpg) ![Fórum](../../kepek/forum.jpg)"),
            "content/static/kepek/forum.jpg": b"",
        }
    )
    write_png(site / "content" / "static" / "kepek" / "forum.jpg")
    code, _, err = run_cli(site, "build")
    assert code == 0, err


# --- no traceback, whatever the front matter ---------------------------------------------------

LINE_PARTS = st.sampled_from(
    [
        "title",
        "summary",
        "end_date",
        "tags",
        "extra",
        "- ",
        "  ",
        "\t",
        "\u00a0",
        ":",
        ": ",
        '"',
        "'",
        "“",
        "”",
        "„",
        "[",
        "]",
        "{",
        "}",
        "#",
        "*",
        "&",
        "!",
        "|",
        ">",
        "—",
        "---",
        "...",
        "2021. március 31.",
        "kb.",
        "Zala",
        "\\",
        "C:\\x",
        "%",
        "@",
        "`",
        ",",
        " ",
    ]
)
FRONT_LINES = st.lists(st.lists(LINE_PARTS, max_size=6).map("".join), max_size=8).map("\n".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=FRONT_LINES, shape=st.sampled_from(["{}\n---\n", "---\n{}\n---\n", "---\ntitle: Zala\n{}\n"]))
def test_any_mistyped_front_matter_builds_or_fails_with_a_line_and_a_hint(
    make_site_once: Path, front: str, shape: str
) -> None:
    text = shape.format(front) + "Szöveg\n"
    (make_site_once / PROJECT).write_text(text, encoding="utf-8")
    code, _, err = run_cli(make_site_once, "build")
    assert code in (0, 1), err  # 2 would be a bug in infoblokk
    if code == 1:
        counted = re.search(r"The build stopped \((\d+) errors?(?:, (\d+) warnings?)?\)", err)
        assert counted, err
        assert len(re.findall(r"^  hint: \S", err, re.MULTILINE)) == int(counted[1]) + int(counted[2] or 0)
        lines = text.count("\n") + 1
        for where in re.findall(rf"^{re.escape(PROJECT)}:(\d+): ", err, re.MULTILINE):
            assert 1 <= int(where) <= lines, (text, err)


@pytest.fixture
def make_site_once(make_site: MakeSite) -> Path:
    """One site for every example of a property test: each example rewrites its project file."""
    return make_site()


def test_check_names_a_missing_attachment_by_its_file_and_the_readme_form(make_site: MakeSite) -> None:
    site = make_site({PROJECT: with_body("[A pályázati terv](/dokumentumok/terv.pdf)")})
    code, _, err = run_cli(site, "check")
    assert code == 1
    line = VALID_PROJECT.count("\n") + 2
    assert f"{PROJECT}:{line}: the link to dokumentumok/terv.pdf leads nowhere: the site has no such" in err
    assert "from the site's root (/kepek/forum.jpg" in err
    assert "../../dokumentumok" not in err and "relative to this page" not in err
