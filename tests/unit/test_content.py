"""Rules for reading content files: front matter with the line of every key, readable problems."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from infoblokk.content.key_lines import KeyLines
from infoblokk.content.sources import SourceFile, pack_body, read_source, read_sources
from infoblokk.errors import Problem
from tests.helpers import VALID_PAGE, VALID_PROJECT


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def read_ok(path: Path, kind: str = "project") -> SourceFile:
    source, problems = read_source(path, kind)
    assert problems == ()
    assert source is not None
    return source


def read_problem(path: Path, kind: str = "project") -> Problem:
    source, problems = read_source(path, kind)
    assert source is None
    assert len(problems) == 1, problems
    return problems[0]


def test_every_front_matter_key_keeps_its_line(tmp_path: Path) -> None:
    source = read_ok(write(tmp_path / "projects" / "p.md", VALID_PROJECT))
    assert source.meta["title"] == "Zala megyei felzárkózás-politikai együttműködések"
    assert source.line_of(("title",)) == 2
    assert source.line_of(("grant_amount",)) == 4
    assert source.line_of(("end_date",)) == 7
    assert source.body.strip().startswith("## A projekt célja")


def test_list_items_have_their_own_lines_and_unknown_ones_fall_back_to_the_key(tmp_path: Path) -> None:
    text = "---\ntitle: Konzorcium\nbeneficiary:\n  - Vezető\n  - Partner\n---\nSzöveg\n"
    source = read_ok(write(tmp_path / "projects" / "k.md", text))
    assert source.line_of(("beneficiary",)) == 3
    assert source.line_of(("beneficiary", 1)) == 5
    assert source.line_of(("beneficiary", 7)) == 3


def test_files_that_name_the_same_keys_share_their_paths_and_keep_their_own_lines(tmp_path: Path) -> None:
    """The keys' paths are kept once for the files written alike (a large site's lines took
    tens of megabytes as a dict per file); each file still finds the line of its own keys."""
    write(tmp_path / "projects" / "a.md", "---\ntitle: A\ntags:\n  - x\n---\nSzöveg\n")
    write(tmp_path / "projects" / "b.md", "---\n\ntitle: B\n\ntags:\n  - y\n---\nSzöveg\n")
    write(tmp_path / "projects" / "c.md", "---\ntitle: C\n---\nSzöveg\n")
    sources, problems = read_sources(tmp_path)
    assert problems == ()
    a, b, c = sorted(sources, key=lambda source: source.name)
    assert [a.line_of(("tags", 0)), b.line_of(("tags", 0)), c.line_of(("title",))] == [4, 6, 2]
    assert dict(b.key_lines) == {("title",): 3, ("tags",): 5, ("tags", 0): 6}
    assert isinstance(a.key_lines, KeyLines) and isinstance(c.key_lines, KeyLines)
    assert a.key_lines.shape is b.key_lines.shape
    assert c.key_lines.shape is not a.key_lines.shape


def test_dates_stay_text_for_the_model_to_check(tmp_path: Path) -> None:
    source = read_ok(write(tmp_path / "projects" / "p.md", VALID_PROJECT))
    assert source.meta["end_date"] == "2020-10-31"


def test_yaml_error_is_reported_at_the_line_of_the_mistake(tmp_path: Path) -> None:
    text = VALID_PROJECT.replace("funding_rate: 100", "funding_rate: [100")
    problem = read_problem(write(tmp_path / "projects" / "p.md", text))
    assert "never closed" in problem.message
    assert problem.line == 5  # where the '[' opens, not line 6 where YAML notices that ']' is missing
    assert problem.hint is not None


def test_yaml_error_line_counts_blank_lines_before_the_front_matter_text(tmp_path: Path) -> None:
    problem = read_problem(write(tmp_path / "projects" / "p.md", "---\n\n\ntitle: a: b\n---\n"))
    assert problem.line == 4


def test_a_key_given_twice_is_reported_at_its_second_line(tmp_path: Path) -> None:
    text = VALID_PROJECT.replace("end_date: 2020-10-31", "end_date: 2020-10-31\ngrant_amount: 1000")
    problem = read_problem(write(tmp_path / "projects" / "p.md", text))
    assert "'grant_amount'" in problem.message and "twice" in problem.message
    assert problem.line == 8


def test_non_utf8_file_is_reported_at_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    data = "---\ntitle: Próba\nsummary: Árvíztűrő\n---\n".encode("latin-1", errors="replace")
    problem = read_problem(write(tmp_path / "projects" / "p.md", data))
    assert "UTF-8" in problem.message
    assert problem.line == 2
    assert problem.hint is not None and "UTF-8" in problem.hint


def test_file_without_front_matter_is_reported_with_how_to_start_one(tmp_path: Path) -> None:
    problem = read_problem(write(tmp_path / "pages" / "p.md", "# Rólunk\n\nSzöveg.\n"), "page")
    assert "no front matter" in problem.message
    assert problem.line == 1
    assert problem.hint is not None and "---" in problem.hint


def test_front_matter_that_is_never_closed_is_reported(tmp_path: Path) -> None:
    problem = read_problem(write(tmp_path / "pages" / "p.md", "---\ntitle: Rólunk\n\nSzöveg.\n"), "page")
    assert "no closing '---' line" in problem.message
    assert problem.line == 4  # the first line of the text, above which the '---' belongs
    assert problem.hint is not None and "---" in problem.hint


def test_front_matter_that_is_not_key_value_lines_is_reported(tmp_path: Path) -> None:
    problem = read_problem(write(tmp_path / "pages" / "p.md", "---\n- egy\n- kettő\n---\n"), "page")
    assert "key: value" in problem.message
    assert problem.hint is not None


def test_windows_line_endings_read_like_unix_ones(tmp_path: Path) -> None:
    unix = read_ok(write(tmp_path / "projects" / "unix.md", VALID_PROJECT))
    windows = read_ok(write(tmp_path / "projects" / "win.md", VALID_PROJECT.replace("\n", "\r\n").encode()))
    assert dict(windows.meta) == dict(unix.meta)
    assert dict(windows.key_lines) == dict(unix.key_lines)
    assert windows.body == unix.body
    assert "\r" not in windows.body


def test_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + VALID_PROJECT.replace("\n", "\r\n").encode()
    source = read_ok(write(tmp_path / "projects" / "bom.md", data))
    assert source.meta["title"] == "Zala megyei felzárkózás-politikai együttműködések"
    assert source.line_of(("title",)) == 2


def test_language_suffix_is_read_from_the_file_name(tmp_path: Path) -> None:
    source = read_ok(write(tmp_path / "projects" / "zala.en.md", VALID_PROJECT))
    assert (source.name, source.language) == ("zala", "en")


def test_suffix_that_is_not_a_site_language_stays_part_of_the_name(tmp_path: Path) -> None:
    source = read_ok(write(tmp_path / "projects" / "zala.de.md", VALID_PROJECT))
    assert (source.name, source.language) == ("zala.de", None)


def test_file_without_suffix_has_the_site_language(tmp_path: Path) -> None:
    source = read_ok(write(tmp_path / "projects" / "zala.md", VALID_PROJECT))
    assert (source.name, source.language) == ("zala", None)


def test_kind_comes_from_the_folder(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content / "projects" / "p.md", VALID_PROJECT)
    write(content / "pages" / "rolunk" / "nyilatkozat.md", VALID_PAGE)
    sources, problems = read_sources(content)
    assert problems == ()
    assert {(s.source_path.name, s.kind) for s in sources} == {
        ("p.md", "project"),
        ("nyilatkozat.md", "page"),
    }


def test_markdown_outside_the_content_folders_is_reported_not_silently_dropped(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content / "projects" / "p.md", VALID_PROJECT)
    stray = write(content / "projekt" / "elgepelt.md", VALID_PROJECT)
    loose = write(content / "rolunk.md", VALID_PAGE)
    write(content / "static" / "leiras.md", "letölthető leírás, nem oldal\n")
    sources, problems = read_sources(content)
    assert [s.source_path.name for s in sources] == ["p.md"]
    assert sorted(p.path for p in problems if p.path) == sorted([stray, loose])
    assert all(p.hint and "content/projects/" in p.hint for p in problems)


def test_hidden_and_underscore_files_are_ignored(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content / "projects" / "p.md", VALID_PROJECT)
    write(content / "projects" / "_vazlat.md", "nincs front matter\n")
    write(content / "projects" / ".#p.md", "szerkesztő zárolófájlja\n")
    write(content / "projects" / "_regi" / "archiv.md", "nincs front matter\n")
    write(content / "_jegyzetek.md", "saját jegyzet\n")
    write(content / ".git" / "x.md", "nem tartalom\n")
    sources, problems = read_sources(content)
    assert problems == ()
    assert [s.source_path.name for s in sources] == ["p.md"]


def test_missing_content_folder_is_reported(tmp_path: Path) -> None:
    sources, problems = read_sources(tmp_path / "content")
    assert sources == ()
    assert len(problems) == 1
    assert "content folder is missing" in problems[0].message


def test_a_body_has_text_only_beyond_white_space_as_text_counts_it(tmp_path: Path) -> None:
    """No-break spaces, em spaces and the separator characters are white space, as in the text
    of the body; one accented letter or one ASCII sign is text."""
    head = VALID_PROJECT.split("## A projekt")[0]
    blank = ("", "\n  \n\t\n", "\u00a0\n", "\u2003 \u3000", "\x1c\x1d\x1e\x1f")
    texts = ("ő", " \u00a0é\n", "-", "\x7f", "Szó.")
    for number, body in enumerate((*blank, *texts)):
        source = read_ok(write(tmp_path / "projects" / f"p{number}.md", head + body))
        assert source.has_text == (bool(source.body) and not source.body.isspace()), repr(body)
        assert source.has_text == (body in texts), repr(body)
        assert source.body_utf8 == source.body.encode("utf-8")


@given(st.text())
def test_a_packed_body_gives_back_its_text_with_its_digest_and_whether_it_has_text(body: str) -> None:
    """What a build asks of a body, made as it is packed, is what the text itself says."""
    packed = pack_body(body)
    assert packed.utf8().decode("utf-8") == body
    assert packed.digest == hashlib.sha256(body.encode("utf-8")).hexdigest()
    assert packed.has_text == (bool(body) and not body.isspace())
