"""Every message in the user's language: Hungarian for a Hungarian site, English and Romanian too.

The language is `--lang`, else the variable INFOBLOKK_LANG, else the site's `language`, else
English. The catalogues (`infoblokk/locale/`) must list every message the sources word and
translate each one, placeholders kept. (The other test modules read English: `conftest.py` sets
INFOBLOKK_LANG=en for them; these tests take it away or set it themselves.)
"""

from __future__ import annotations

import ast
import os
import pickle
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from infoblokk.errors import Problem, Severity
from infoblokk.messages import ENGLISH, Plural, Text, from_data, load_language
from infoblokk.serve.app import error_page
from tests.helpers import MINIMAL_CONFIG, VALID_PROJECT, MakeSite, run_cli

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "infoblokk"
LOCALE = PACKAGE / "locale"
KEYWORDS = {"Text": None, "Plural": (1, 2)}  # as in README.md's `pybabel extract -k Text -k Plural:1,2`
TRANSLATED = ("hu", "ro")

WITHOUT_TITLE = VALID_PROJECT.replace("title: Zala megyei felzárkózás-politikai együttműködések\n", "")
BROKEN_YAML = VALID_PROJECT.replace("funding_rate: 100", 'funding_rate: "100')
SAME_ID = VALID_PROJECT.replace("title: Zala", "title: Másik Zala")
MISSPELT_KEY = VALID_PROJECT.replace("grant_amount:", "grant_amout:").replace("00004", "00006")
COMMON_MISTAKES = {
    "content/projects/p.md": VALID_PROJECT,
    "content/projects/cim-nelkul.md": WITHOUT_TITLE.replace("00004", "00007"),
    "content/projects/torott.md": BROKEN_YAML,
    "content/projects/masik.md": SAME_ID,
    "content/projects/elirt.md": MISSPELT_KEY,
}


@pytest.fixture
def no_language_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INFOBLOKK_LANG", raising=False)


# ---------------------------------------------------------------------------------------------
# A real build through the command line


@pytest.mark.usefixtures("no_language_variable")
def test_a_hungarian_site_hears_of_its_common_mistakes_in_hungarian(make_site: MakeSite) -> None:
    site = make_site(COMMON_MISTAKES)  # MINIMAL_CONFIG leaves `language` at its default, hu
    code, out, err = run_cli(site, "build")
    assert (code, out) == (1, "")
    assert re.search(r"^content/projects/cim-nelkul\.md:\d+: hiányzik a kötelező 'title' kulcs$", err, re.M)
    assert "  tipp: egy sorba írja a címet, pl. title: Zala megyei" in err
    assert re.search(
        r"^content/projects/torott\.md:\d+: a\(z\) 'funding_rate' értékét ebben a sorban nyitó "
        r"idézőjel \(\"\) sehol sincs lezárva$",
        err,
        re.M,
    )
    assert '  tipp: zárja le az értéket ugyanazzal az idézőjellel ebben a sorban: funding_rate: "100"' in err
    assert re.search(
        r"^content/projects/(p|masik)\.md:3: a\(z\) EFOP-1\.6\.3-17-2017-00004 projektazonosítót "
        r"a\(z\) (p|masik)\.md is használja$",
        err,
        re.M,
    )
    assert "  tipp: minden projektnek saját fájl kell; vonja össze őket, vagy javítsa az azonosítót" in err
    assert "content/projects/elirt.md:4: ismeretlen kulcs: 'grant_amout'\n" in err
    assert "  tipp: erre gondolt: 'grant_amount'? A saját kulcsok az 'extra:' alá valók." in err
    assert err.rstrip().endswith(
        "A honlap elkészítése leállt (4 hiba, 1 figyelmeztetés); a(z) public/ mappa nem változott."
    )
    assert "hint:" not in err and "missing" not in err


@pytest.mark.usefixtures("no_language_variable")
def test_a_missing_template_is_reported_in_hungarian(make_site: MakeSite) -> None:
    site = make_site()
    (site / "themes" / "default" / "templates" / "project.html").unlink()
    code, _, err = run_cli(site, "build")
    assert code == 1
    assert re.search(
        r"^themes/default/templates/project\.html: a\(z\) 'project\.html' sablon nem található$", err, re.M
    )
    assert "  tipp: a sablonokat az infoblokk először a honlap templates/ mappájában keresi" in err


@pytest.mark.usefixtures("no_language_variable")
def test_lang_and_the_variable_choose_another_language_than_the_sites(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site({**COMMON_MISTAKES})
    _, _, english = run_cli(site, "build", "--lang", "en")
    assert "content/projects/elirt.md:4: unknown key 'grant_amout'\n" in english
    assert "  hint: did you mean 'grant_amount'? Keys of your own belong under 'extra:'." in english
    assert "The build stopped (4 errors, 1 warning); public/ was not changed." in english

    monkeypatch.setenv("INFOBLOKK_LANG", "ro")
    _, _, romanian = run_cli(site, "build")
    assert "content/projects/elirt.md:4: cheie necunoscută 'grant_amout'\n" in romanian
    assert "  sfat: v-ați referit la 'grant_amount'? Cheile proprii se pun sub 'extra:'." in romanian
    assert "lipsește cheia obligatorie 'title'" in romanian
    assert "Construirea s-a oprit (4 erori, 1 avertisment); public/ nu a fost modificat." in romanian

    _, _, hungarian = run_cli(site, "build", "--lang", "hu")  # the option beats the variable
    assert "ismeretlen kulcs: 'grant_amout'" in hungarian


@pytest.mark.usefixtures("no_language_variable")
def test_an_english_site_and_a_folder_without_a_site_hear_english(
    make_site: MakeSite, tmp_path: Path
) -> None:
    site = make_site(COMMON_MISTAKES, config=MINIMAL_CONFIG + 'language = "en"\n')
    _, _, err = run_cli(site, "build")
    assert "unknown key 'grant_amout'" in err
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    code, _, err = run_cli(empty, "check")
    assert code == 1
    assert "site_config.toml: no site_config.toml here" in err
    assert "  hint: run infoblokk from the site's folder" in err
    code, _, err = run_cli(empty, "check", "--lang", "hu")
    assert "site_config.toml: itt nincs site_config.toml" in err


@pytest.mark.usefixtures("no_language_variable")
def test_a_good_build_and_check_report_in_hungarian(make_site: MakeSite) -> None:
    site = make_site()
    code, out, _ = run_cli(site, "build")
    assert code == 0
    assert re.match(
        r"Elkészült: 1 projekt, .* a\(z\) public/ mappába \(\d+ fájl kiírva\), \d+,\d\d mp alatt\.", out
    )
    assert "figyelmeztetés: a(z) 'szechenyi2020-esza' logósáv helyén még az infoblokk helyettesítő" in out
    assert "Nyissa meg a(z) public/index.html fájlt egy böngészőben" in out
    code, _, err = run_cli(site, "check")  # the stand-in banner and the example base_url: steps left
    assert code == 0
    assert "Nincs hiba. A fenti 2 figyelmeztetés megnevezi, mi van még hátra a közzététel előtt" in err
    code, _, err = run_cli(site, "check", "--strict")
    assert code == 1
    assert "2 hibát találtunk; közzététel előtt javítsa ki őket." in err


@pytest.mark.usefixtures("no_language_variable")
def test_a_writing_warning_is_labelled_and_counted_in_the_chosen_language(make_site: MakeSite) -> None:
    """Curly quotes warn (`check` fails on them, `build --strict` does not): said in Hungarian
    and Romanian, with the words `Problem.format` gives every warning."""
    curly = VALID_PROJECT.replace(
        "title: Zala megyei felzárkózás-politikai együttműködések", "title: „Zala megyei együttműködés”"
    )
    site = make_site({"content/projects/p.md": curly})
    code, out, _ = run_cli(site, "build")
    assert code == 0
    assert (
        "content/projects/p.md:2: figyelmeztetés: az ebben a sorban lévő érték görbe idézőjelek "
        "(“ ” „ ‘ ’) között áll; ezeket közönséges idézőjelnek vettük"
    ) in out
    assert "  tipp: helyettük egyenes idézőjeleket írjon" in out
    assert re.search(r"^2 figyelmeztetés \(a `check` és a `build --strict` ezeknél leáll\):$", out, re.M)
    code, _, err = run_cli(site, "check", "--lang", "ro")
    assert code == 1
    assert (
        "content/projects/p.md:2: avertisment: valoarea de pe acest rând este între ghilimele curbe"
    ) in err


def test_every_severity_but_an_error_is_a_warning_in_each_language() -> None:
    hungarian = load_language("hu")
    for severity in (Severity.COMPLIANCE, Severity.WARNING, Severity.PUBLICATION):
        problem = Problem(Text("the content folder is missing"), Path("/s/a.md"), 3, severity=severity)
        assert problem.format(Path("/s")).startswith("a.md:3: warning: the content folder is missing")
        assert problem.format(Path("/s"), hungarian).startswith("a.md:3: figyelmeztetés: ")
    error = Problem(Text("the content folder is missing"), Path("/s/a.md"), 3)
    assert "figyelmeztetés" not in error.format(Path("/s"), hungarian)


@pytest.mark.usefixtures("no_language_variable")
def test_the_warnings_of_a_build_with_nothing_to_do_are_in_the_chosen_language(make_site: MakeSite) -> None:
    """The second build only replays the first one's warnings (kept in the cache): in any language."""
    site = make_site()
    run_cli(site, "build", "--lang", "en")
    code, out, _ = run_cli(site, "build")
    assert code == 0
    assert "figyelmeztetés: a(z) 'szechenyi2020-esza' logósáv helyén még az infoblokk helyettesítő" in out
    _, out, _ = run_cli(site, "build", "--lang", "ro")
    assert "avertisment: bannerul 'szechenyi2020-esza' arată încă înlocuitorul făcut de infoblokk" in out


@pytest.mark.usefixtures("no_language_variable")
def test_help_is_in_the_sites_language(make_site: MakeSite) -> None:
    code, out, _ = run_cli(make_site(), "build", "--help")
    assert code == 0
    assert out.startswith("használat: python build.py build ")
    assert "megjeleníti ezt a súgót, és kilép" in out
    assert "--lang {hu,en,ro}" in out and "az infoblokk üzeneteinek nyelve" in " ".join(out.split())
    code, out, _ = run_cli(make_site(), "new", "--help", "--lang", "ro")
    assert out.startswith("utilizare: python build.py new ")
    assert "ce să creeze: project (proiect), news (știre) sau page (pagină)" in " ".join(out.split())


def test_the_error_page_of_serve_speaks_the_language() -> None:
    problems = (
        Problem(
            Text("unknown key '{key}'", key="grant_amout"),
            Path("/s/content/projects/p.md"),
            4,
            Text("keep one of them"),
        ),
        Problem(Text("the content folder is missing"), severity=Severity.COMPLIANCE),
    )
    page = error_page(problems, Path("/s"), load_language("hu")).decode()
    assert '<html lang="hu">' in page
    assert "<h1>A honlapot nem sikerült elkészíteni</h1>" in page
    assert "<code>content/projects/p.md</code>, 4. sor" in page
    assert "ismeretlen kulcs: &#x27;grant_amout&#x27;" in page
    assert "Tipp: csak az egyiket tartsa meg" in page
    assert "Van még 1 figyelmeztetés is" in page


# ---------------------------------------------------------------------------------------------
# The messages themselves


def test_a_text_is_its_english_wording_until_it_is_translated() -> None:
    text = Text("the template '{name}' was not found", name="project.html")
    assert text == "the template 'project.html' was not found"
    assert "project.html" in text and str(text) == text
    assert ENGLISH(text) == text
    assert load_language("hu")(text) == "a(z) 'project.html' sablon nem található"
    assert load_language("hu")("a plain string stays as it is") == "a plain string stays as it is"


def test_a_plural_follows_the_number_in_each_language() -> None:
    romanian = load_language("ro")
    assert [romanian(Plural("{count} error", "{count} errors", n)) for n in (1, 3, 20)] == [
        "1 eroare",
        "3 erori",
        "20 de erori",
    ]
    assert [ENGLISH(Plural("{count} error", "{count} errors", n)) for n in (1, 3)] == ["1 error", "3 errors"]


def test_a_message_survives_pickling_and_the_cache_with_its_arguments() -> None:
    nested = Text(
        "did you mean '{guess}'? {note}", guess="extra", note=Text("Keys of your own belong under 'extra:'.")
    )
    counted = Plural("{count} error", "{count} errors", 2)
    hungarian = load_language("hu")
    for message in (nested, counted):
        for copy in (pickle.loads(pickle.dumps(message)), from_data(message.as_data())):
            assert copy == message
            assert hungarian(copy) == hungarian(message) != message


# ---------------------------------------------------------------------------------------------
# The catalogues


def _catalogue(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _ids(catalogue: Catalog) -> set[str | tuple[str, ...]]:
    return {message.id for message in catalogue if message.id}


def test_the_template_lists_exactly_the_messages_of_the_sources() -> None:
    """If this fails, run the `pybabel extract` and `pybabel update` of README.md."""
    extracted = extract_from_dir(PACKAGE, [("**.py", "python")], keywords=KEYWORDS)
    found = {message for _, _, message, *_ in extracted}
    assert found == _ids(_catalogue(LOCALE / "infoblokk.pot"))


def test_every_text_in_the_sources_is_written_where_babel_can_extract_it() -> None:
    """A Text made from anything but a plain string (an f-string, a variable) would never be translated."""
    listed = _ids(_catalogue(LOCALE / "infoblokk.pot"))
    unseen = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "messages.py":
            continue  # where Text is defined, and rebuilt from the cache's data
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _called(node) in KEYWORDS:
                count = 2 if _called(node) == "Plural" else 1
                words = [arg.value for arg in node.args[:count] if isinstance(arg, ast.Constant)]
                message = words[0] if count == 1 and words else tuple(words)
                if message not in listed:
                    unseen.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert unseen == []


def _called(call: ast.Call) -> str | None:
    function = call.func
    return function.id if isinstance(function, ast.Name) else getattr(function, "attr", None)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    template = _catalogue(LOCALE / "infoblokk.pot")
    catalogue = _catalogue(LOCALE / language / "LC_MESSAGES" / "infoblokk.po")
    assert _ids(catalogue) == _ids(template), "run pybabel update (README.md) and translate what it adds"
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        originals = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set().union(*(_placeholders(original) for original in originals))
        expected_forms = catalogue.num_plurals if message.pluralizable else 1
        if message.fuzzy or len(forms) != expected_forms or not all(forms):
            wrong.append(f"untranslated or fuzzy: {originals[0]!r}")
        elif any(_placeholders(form) != wanted for form in forms):
            wrong.append(f"placeholders differ: {originals[0]!r}")
    assert wrong == []


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_a_catalogue_compiled_from_its_po_is_kept_and_compiled_again_when_the_po_changes(
    tmp_path: Path,
) -> None:
    """A checkout has only `.po` files: the first run compiles one and keeps the `.mo` beside it,
    so later runs load it at once; a `.po` edited afterwards is compiled again, not shadowed."""
    import gettext

    from infoblokk.messages import _compiled_once, _older  # the checkout's path, not a wheel's

    source, compiled = tmp_path / "infoblokk.po", tmp_path / "infoblokk.mo"
    source.write_bytes((LOCALE / "hu" / "LC_MESSAGES" / "infoblokk.po").read_bytes())
    message = "the content folder is missing"
    first = gettext.GNUTranslations(_compiled_once(source, compiled))
    with compiled.open("rb") as file:
        kept = gettext.GNUTranslations(file)
    assert kept.gettext(message) == first.gettext(message) == load_language("hu").catalogue.gettext(message)
    assert kept.gettext(message) != message  # Hungarian, not the English id
    assert not _older(compiled, source)  # the next run loads the kept one

    wording = first.gettext(message)
    source.write_text(source.read_text(encoding="utf-8").replace(wording, "ÁTÍRT MONDAT"), encoding="utf-8")
    later = compiled.stat().st_mtime_ns + 1_000_000_000
    os.utime(source, ns=(later, later))
    assert _older(compiled, source)
    again = gettext.GNUTranslations(_compiled_once(source, compiled))
    assert again.gettext(message) == "ÁTÍRT MONDAT"
    with compiled.open("rb") as file:
        assert gettext.GNUTranslations(file).gettext(message) == "ÁTÍRT MONDAT"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["infoblokk.mo", "infoblokk.po"]  # no partial left
