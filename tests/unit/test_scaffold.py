"""Rules for `new`: a draft file that loads, explained in Hungarian, never overwriting anything."""

from __future__ import annotations

from datetime import date

import pytest

from infoblokk.content.loading import load_site
from infoblokk.content.scaffold import create_content_file
from infoblokk.content.sources import read_source
from infoblokk.errors import BuildFailed
from tests.helpers import MakeSite, run_cli

TODAY = date(2024, 3, 15)
KINDS = [("project", "projects"), ("news", "news"), ("page", "pages")]


def without_straight_quotes(text: str) -> str:
    return text.replace('"', "").replace("'", "")


@pytest.mark.parametrize(("kind", "folder"), KINDS)
def test_new_file_is_a_draft_named_after_the_title(make_site: MakeSite, kind: str, folder: str) -> None:
    site = make_site()
    path = create_content_file(site, kind, "Zala megyei együttműködés", TODAY)
    assert path == site / "content" / folder / "zala-megyei-egyuttmukodes.md"
    source, problems = read_source(path, kind)
    assert problems == ()
    assert source is not None
    assert source.meta["title"] == "Zala megyei együttműködés"
    assert source.meta["draft"] is True


@pytest.mark.parametrize(("kind", "folder"), KINDS)
def test_site_with_a_new_draft_still_builds_and_lists_it_as_a_draft(
    make_site: MakeSite, kind: str, folder: str
) -> None:
    site = make_site()
    path = create_content_file(site, kind, "Új bejegyzés", TODAY)
    loaded = load_site(site)
    assert loaded.model.drafts == (path,)
    assert all(item.title != "Új bejegyzés" for item in loaded.model.items())


def test_new_project_explains_every_mandatory_fact_in_hungarian(make_site: MakeSite) -> None:
    text = create_content_file(make_site(), "project", "Próba", TODAY).read_text(encoding="utf-8")
    comments = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for phrase in (
        "Projekt címe",
        "Projekt azonosító száma",
        "Kedvezményezett neve",
        "Szerződött támogatás összege",
        "Támogatás mértéke (%-ban)",
        "Projekt tervezett befejezési dátuma",
    ):
        assert phrase in comments
    assert "end_date: 2024-03-15" in text


@pytest.mark.parametrize("kind", ["news", "page"])
def test_new_news_and_page_carry_hungarian_comments(make_site: MakeSite, kind: str) -> None:
    text = create_content_file(make_site(), kind, "Próba", TODAY).read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert any("címe" in line for line in comments)
    assert any("Amíg true" in line for line in comments)


@pytest.mark.parametrize("title", ["Kérdések és „válaszok”: 2024", 'A "Zöld iskola" program'])
def test_title_with_quotes_and_colons_still_loads(make_site: MakeSite, title: str) -> None:
    path = create_content_file(make_site(), "page", title, TODAY)
    source, problems = read_source(path, "page")
    assert problems == ()
    assert source is not None
    assert without_straight_quotes(source.meta["title"]) == without_straight_quotes(title)


def test_title_with_a_backslash_still_loads(make_site: MakeSite) -> None:
    path = create_content_file(make_site(), "page", "Tanév 2023\\2024", TODAY)
    source, problems = read_source(path, "page")
    assert problems == ()
    assert source is not None and source.meta["title"] == "Tanév 2023\\2024"


def test_new_refuses_to_overwrite_an_existing_file(make_site: MakeSite) -> None:
    site = make_site()
    path = create_content_file(site, "project", "Zala", TODAY)
    path.write_text("saját szöveg, ne vesszen el\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        create_content_file(site, "project", "Zala", TODAY)
    (problem,) = failure.value.problems
    assert problem.path == path
    assert "already exists" in problem.message
    assert path.read_text(encoding="utf-8") == "saját szöveg, ne vesszen el\n"


def test_title_without_letters_or_digits_is_refused(make_site: MakeSite) -> None:
    site = make_site()
    with pytest.raises(BuildFailed):
        create_content_file(site, "page", "„…”", TODAY)
    assert not (site / "content" / "pages").exists()


def test_new_command_creates_the_file_and_says_where(make_site: MakeSite) -> None:
    site = make_site()
    code, out, err = run_cli(site, "new", "news", "Záró rendezvény")
    assert (code, err) == (0, "")
    assert "content/news/zaro-rendezveny.md" in out
    assert (site / "content" / "news" / "zaro-rendezveny.md").is_file()


def test_new_command_refuses_to_overwrite_with_exit_code_1(make_site: MakeSite) -> None:
    site = make_site()
    assert run_cli(site, "new", "page", "Rólunk")[0] == 0
    path = site / "content" / "pages" / "rolunk.md"
    before = path.read_bytes()
    code, _, err = run_cli(site, "new", "page", "Rólunk")
    assert code == 1
    assert "content/pages/rolunk.md: this file already exists" in err
    assert "hint:" in err
    assert path.read_bytes() == before
