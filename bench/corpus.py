"""One generated corpus of project pages, written for infoblokk, Pelican or Hugo.

    .venv/bin/python bench/corpus.py infoblokk 1000 FOLDER
    .venv/bin/python bench/corpus.py pelican 1000 FOLDER
    .venv/bin/python bench/corpus.py hugo 1000 FOLDER

The corpus is made by a seeded `random.Random`, so the same tool, size and seed always give
the same files, and the three tools get the same pages: N projects (the seven mandatory facts,
county, tags and summary; a body of 330–900 words, about 6 KB, with `##` headings, a bullet
list, a numbered list, a pipe table on every fifth page, links to other projects and to the
web, bold and italic, accented letters) and one news item per ten projects.

Only what each tool needs to read differs:

- infoblokk: `site_config.toml` (the default theme ships in the package), `content/projects/*.md` and
  `content/news/*.md` with YAML front matter; links to other pages by their file
  (`projekt-00002.md`), which infoblokk turns into relative links.
- Pelican: `pelicanconf.py` (the default theme, "notmyidea", ships with Pelican; pages of 20,
  the content cache on so that a rebuild can reuse parsed files), `content/projects/*.md` and
  `content/news/*.md` with Pelican's `Key: value` metadata; the county is the category, and
  links are `{filename}/projects/projekt-00002.md`, which Pelican resolves.
- Hugo: `hugo.toml` (taxonomies for counties and tags, pages of 20, Hugo's own link render
  hook on so that `.md` links are resolved), a small layout of its own in `layouts/` (no theme
  can be downloaded), and `content/projects/*.md`, `content/news/*.md` with YAML front matter;
  links are `/projects/projekt-00002.md`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

TOOLS = ("infoblokk", "pelican", "hugo")
DEFAULT_SEED = 2024
NEWS_EVERY = 10  # one news item per ten projects
TABLE_EVERY = 5  # a pipe table on every fifth project page
WORDS = (330, 884)  # a body's length in words: the last sentence may add up to 16

COUNTIES = (
    "Bács-Kiskun",
    "Baranya",
    "Békés",
    "Borsod-Abaúj-Zemplén",
    "Csongrád-Csanád",
    "Fejér",
    "Győr-Moson-Sopron",
    "Hajdú-Bihar",
    "Heves",
    "Jász-Nagykun-Szolnok",
    "Komárom-Esztergom",
    "Nógrád",
    "Pest",
    "Somogy",
    "Szabolcs-Szatmár-Bereg",
    "Tolna",
    "Vas",
    "Veszprém",
    "Zala",
)
TAGS = (
    "esélyegyenlőség",
    "felzárkózás",
    "képzés",
    "foglalkoztatás",
    "egészségfejlesztés",
    "közösségfejlesztés",
    "ifjúság",
    "digitális készségek",
    "óvoda és iskola",
    "idősgondozás",
)
TOPICS = (
    "esélyegyenlőségi és felzárkózási együttműködés",
    "humán szolgáltatások fejlesztése a társadalmi felzárkózásért",
    "közösségi terek megújítása és élővé tétele",
    "munkaerőpiaci képzések a hátrányos helyzetű lakóknak",
    "egészségügyi szűrőprogram a kistelepüléseken",
    "digitális készségek fejlesztése idősebb felnőtteknek",
    "fiatalok helyben maradásának ösztönzése",
    "óvodai és iskolai esélyteremtő programok",
    "szociális szakemberek képzése és megtartása",
    "családsegítő szolgáltatások összehangolása",
)
SUBJECTS = (
    "A projekt",
    "A konzorcium",
    "A megyei önkormányzat",
    "A kedvezményezett",
    "A szakmai munkacsoport",
    "Az együttműködés",
    "A képzési program",
    "A helyi közösség",
    "A járási koordinátor",
    "A civil partnerszervezet",
)
VERBS = (
    "támogatja",
    "erősíti",
    "fejleszti",
    "összehangolja",
    "bővíti",
    "megújítja",
    "előkészíti",
    "segíti",
    "felméri",
    "értékeli",
)
OBJECTS = (
    "a hátrányos helyzetű családok felzárkózását",
    "a települések közötti rendszeres együttműködést",
    "a helyi esélyegyenlőségi programok végrehajtását",
    "a szociális és egészségügyi szakemberek továbbképzését",
    "a közszolgáltatások elérhetőségét a kistelepüléseken",
    "a fiatalok pályaválasztását és munkába állását",
    "a mélyszegénységben élők bevonását a közösségi életbe",
    "az idősek és a fogyatékossággal élők ellátását",
    "a roma közösségek és a többségi társadalom párbeszédét",
    "a megyei fórum és a munkacsoportok működését",
)
TAILS = (
    "a következő két évben.",
    "a járás minden településén.",
    "a civil szervezetek bevonásával.",
    "a megyei fórum javaslatai alapján.",
    "a helyi igényfelmérés eredményei szerint.",
    "szoros együttműködésben az iskolákkal és az óvodákkal.",
    "a partnerek közös munkatervével összhangban.",
    "úgy, hogy az eredmények a projekt után is megmaradjanak.",
    "a szakemberek és az önkéntesek közös munkájával.",
    "a lakosság széles körének tájékoztatásával.",
)
FIRST_HEADINGS = ("A projekt célja", "Tevékenységek", "Ütemezés")
MORE_HEADINGS = (
    "Háttér és előzmények",
    "Célcsoportok",
    "Várt eredmények",
    "Partnerek és együttműködők",
    "Fenntarthatóság",
    "Kommunikáció és nyilvánosság",
)
ACTIVITIES = (
    "megyei fórum és tematikus munkacsoportok",
    "rendezvénysorozat a partnertelepüléseken",
    "képzések a szociális szakembereknek",
    "egészségnap és szűrővizsgálatok",
    "mentorprogram a pályakezdő fiataloknak",
    "közösségi ház nyitott programjai",
    "tanulmányút jó gyakorlatok megismerésére",
    "családi napok és ünnepi műsorok",
)
WEB_LINKS = (
    ("a Széchenyi 2020 honlapján", "https://www.palyazat.gov.hu/"),
    ("az Európai Szociális Alap oldalán", "https://ec.europa.eu/european-social-fund-plus/"),
    ("a Központi Statisztikai Hivatal adatai között", "https://www.ksh.hu/"),
    ("az Emberi Erőforrás Fejlesztési Operatív Program leírásában", "https://www.palyazat.gov.hu/efop"),
)
BENEFICIARY_PARTNERS = (
    "Társadalmi Esélyteremtési Főigazgatóság",
    "Szociális és Gyermekvédelmi Főigazgatóság",
    "Magyar Máltai Szeretetszolgálat Egyesület",
    "Megyei Területfejlesztési Ügynökség Nonprofit Kft.",
)

PROJECT_LINK = re.compile(r"\]\(project:(?P<slug>[a-z0-9-]+)\)")
"""How a body names another project, before a tool's own link syntax replaces it."""


# ---------------------------------------------------------------------------------------------
# The corpus, the same for every tool


@dataclass(frozen=True)
class ProjectPage:
    """One project: its facts and its Markdown body (with `](project:slug)` links)."""

    slug: str
    title: str
    project_id: str
    beneficiary: tuple[str, ...]
    grant_amount: str
    funding_rate: int
    start_date: date
    end_date: date
    county: str
    tags: tuple[str, ...]
    summary: str
    body: str


@dataclass(frozen=True)
class NewsItem:
    """One news item about a project."""

    slug: str
    title: str
    date: date
    project: ProjectPage
    summary: str
    tags: tuple[str, ...]
    body: str


def project_slug(number: int) -> str:
    return f"projekt-{number:05d}"


def news_slug(number: int) -> str:
    return f"hir-{number:05d}"


def projects(count: int, seed: int = DEFAULT_SEED) -> Iterator[ProjectPage]:
    """The corpus's projects, numbered 1 to `count`; each page is made by its own seeded generator."""
    for number in range(1, count + 1):
        yield make_project(random.Random(seed * 1_000_003 + number), number, count)


def news_items(pages: list[ProjectPage], seed: int = DEFAULT_SEED) -> Iterator[NewsItem]:
    """One news item for every tenth project."""
    for number, page in enumerate(pages, start=1):
        if number % NEWS_EVERY == 0:
            yield make_news(random.Random(seed * 7_000_003 + number), number, page)


def make_project(rng: random.Random, number: int, count: int) -> ProjectPage:
    county = COUNTIES[rng.randrange(len(COUNTIES))]
    start = date(2016, 1, 1) + timedelta(days=rng.randrange(4 * 365))
    topic = rng.choice(TOPICS)
    return ProjectPage(
        slug=project_slug(number),
        title=f"{county} megyei {topic}",
        project_id=project_id(rng, number),
        beneficiary=beneficiary(rng, county),
        grant_amount=grant_amount(rng),
        funding_rate=rng.choice((100, 100, 95, 85, 70)),
        start_date=start,
        end_date=start + timedelta(days=rng.randrange(540, 1460)),
        county=county,
        tags=tuple(rng.sample(TAGS, rng.randint(1, 3))),
        summary=f"A projekt {rng.choice(VERBS)} {rng.choice(OBJECTS)} {county} megyében.",
        body=project_body(rng, number, count),
    )


def project_id(rng: random.Random, number: int) -> str:
    """A unique EFOP ID: the serial and the registration year follow the project's number."""
    serial = (number - 1) % 99_999 + 1
    year = 2017 + (number - 1) // 99_999
    measure = f"{rng.randint(1, 4)}.{rng.randint(1, 9)}.{rng.randint(1, 9)}"  # priorities 1–4 name a fund
    return f"EFOP-{measure}-{rng.randint(16, 17)}-{year}-{serial:05d}"


def beneficiary(rng: random.Random, county: str) -> tuple[str, ...]:
    leader = f"{county} Megyei Önkormányzat"
    if rng.random() < 0.5:
        return (leader,)
    return (leader, *rng.sample(BENEFICIARY_PARTNERS, rng.randint(1, 2)))


def grant_amount(rng: random.Random) -> str:
    """An amount in forints, written in one of the ways beneficiaries write it."""
    amount = rng.randrange(20_000_000, 900_000_000)
    grouped = f"{amount:,}"
    style = rng.randrange(3)
    if style == 0:
        return grouped.replace(",", ".") + ",- Ft"
    if style == 1:
        return grouped.replace(",", " ") + " Ft"
    return str(amount)


def sentence(rng: random.Random) -> str:
    """A sentence of 10–16 words; one in six has its object in bold, one in six in italics."""
    thing = rng.choice(OBJECTS)
    emphasis = rng.random()
    if emphasis < 1 / 6:
        thing = f"**{thing}**"
    elif emphasis < 2 / 6:
        thing = f"*{thing}*"
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {thing} {rng.choice(TAILS)}"


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def project_link_sentence(rng: random.Random, number: int, count: int) -> str:
    """A sentence linking another project of the corpus (`](project:slug)`, see PROJECT_LINK)."""
    other = rng.randint(1, count)
    if other == number:
        other = number % count + 1
    link = f"[{rng.choice(COUNTIES)} megyei partnerprojekt](project:{project_slug(other)})"
    return f"Hasonló célokat követ a {link}, amelynek tapasztalatait a munkacsoport rendszeresen áttekinti."


def web_link_sentence(rng: random.Random) -> str:
    text, url = rng.choice(WEB_LINKS)
    return f"A felhívás részletei [{text}]({url}) olvashatók."


def bullet_list(rng: random.Random) -> str:
    return "\n".join(f"- {item}" for item in rng.sample(ACTIVITIES, rng.randint(4, 6)))


def numbered_list(rng: random.Random) -> str:
    steps = rng.sample(OBJECTS, rng.randint(3, 5))
    return "\n".join(f"{n}. A munka {n}. szakasza {step} célozza." for n, step in enumerate(steps, start=1))


def pipe_table(rng: random.Random) -> str:
    rows = ["| Év | Tevékenység | Résztvevők |", "|---|---|---:|"]
    first_year = rng.randint(2016, 2019)
    rows += [
        f"| {first_year + n} | {rng.choice(ACTIVITIES)} | {rng.randint(12, 480)} fő |"
        for n in range(rng.randint(4, 6))
    ]
    return "\n".join(rows)


def project_body(rng: random.Random, number: int, count: int) -> str:
    """About 330–900 words: headed sections of paragraphs, two lists, links, and maybe a table."""
    target = rng.randint(*WORDS)
    headings = [*FIRST_HEADINGS, *rng.sample(MORE_HEADINGS, len(MORE_HEADINGS))]
    blocks = [f"## {headings[0]}", paragraph(rng, 3), project_link_sentence(rng, number, count)]
    blocks += [f"## {headings[1]}", "A fő tevékenységek:", bullet_list(rng), paragraph(rng, 2)]
    blocks += [f"## {headings[2]}", numbered_list(rng), web_link_sentence(rng)]
    if number % TABLE_EVERY == 0:
        blocks += ["A tervezett ütemezés évenként:", pipe_table(rng)]
    for heading in headings[3:]:
        if word_count(blocks) >= target:
            break
        blocks += [f"## {heading}", paragraph(rng, rng.randint(2, 4))]
    blocks += filler(rng, target - word_count(blocks))
    return "\n\n".join(blocks) + "\n"


def filler(rng: random.Random, words: int) -> list[str]:
    """Paragraphs of up to four sentences, until they hold at least `words` words."""
    paragraphs: list[list[str]] = []
    while words > 0:
        if not paragraphs or len(paragraphs[-1]) == 4:
            paragraphs.append([])
        paragraphs[-1].append(sentence(rng))
        words -= len(paragraphs[-1][-1].split())
    return [" ".join(sentences) for sentences in paragraphs]


def word_count(blocks: list[str]) -> int:
    return sum(len(block.split()) for block in blocks)


def make_news(rng: random.Random, number: int, page: ProjectPage) -> NewsItem:
    published = page.start_date + timedelta(days=rng.randrange(30, 500))
    place = page.county.split("-")[0]
    body = "\n\n".join(
        [
            f"{place} adott otthont a [{page.title}](project:{page.slug}) című projekt rendezvényének.",
            paragraph(rng, rng.randint(3, 6)),
            "## A rendezvény programja",
            bullet_list(rng),
            paragraph(rng, rng.randint(2, 4)),
        ]
    )
    return NewsItem(
        slug=news_slug(number),
        title=f"Rendezvény a {page.county} megyei projektben ({number}.)",
        date=published,
        project=page,
        summary=f"Beszámoló a {page.project_id} azonosítószámú projekt rendezvényéről.",
        tags=page.tags[:1],
        body=body + "\n",
    )


def with_links(body: str, target: Callable[[str], str]) -> str:
    """The body with every `](project:slug)` link written as the tool links that project's file."""
    return PROJECT_LINK.sub(lambda match: f"]({target(match['slug'])})", body)


# ---------------------------------------------------------------------------------------------
# infoblokk


INFOBLOKK_CONFIG = """\
title = "Projektek nyilvántartása – generált próbakorpusz"
description = "EU-támogatású projektek adatai, leírása és hírei (generált teljesítménymérő korpusz)."
publisher = "infoblokk teljesítménymérés"
base_url = "https://example.org/"
language = "hu"
theme = "default"
output_dir = "public"
currency = "HUF"

[banner]
profile = "szechenyi2020"
fund = "ESZA"
"""


def yaml_text(value: str) -> str:
    """A YAML scalar for any text: a JSON string is a valid double-quoted YAML string."""
    return json.dumps(value, ensure_ascii=False)


def yaml_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(yaml_text(value) for value in values) + "]"


def infoblokk_project(page: ProjectPage) -> str:
    lines = [
        f"title: {yaml_text(page.title)}",
        f"project_id: {page.project_id}",
        f"beneficiary: {yaml_list(page.beneficiary)}",
        f"grant_amount: {yaml_text(page.grant_amount)}",
        f"funding_rate: {page.funding_rate}",
        f"start_date: {page.start_date.isoformat()}",
        f"end_date: {page.end_date.isoformat()}",
        f"county: {yaml_text(page.county)}",
        f"tags: {yaml_list(page.tags)}",
        f"summary: {yaml_text(page.summary)}",
    ]
    body = with_links(page.body, lambda slug: f"{slug}.md")
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def infoblokk_news(item: NewsItem) -> str:
    lines = [
        f"title: {yaml_text(item.title)}",
        f"date: {item.date.isoformat()}",
        f"project: {item.project.project_id}",
        "category: Sajtóközlemény",
        f"tags: {yaml_list(item.tags)}",
        f"summary: {yaml_text(item.summary)}",
    ]
    body = with_links(item.body, lambda slug: f"../projects/{slug}.md")
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def write_infoblokk(folder: Path, pages: list[ProjectPage], news: list[NewsItem]) -> None:
    (folder / "site_config.toml").write_text(INFOBLOKK_CONFIG, encoding="utf-8")
    write_files(folder / "content" / "projects", ((p.slug, infoblokk_project(p)) for p in pages))
    write_files(folder / "content" / "news", ((n.slug, infoblokk_news(n)) for n in news))


# ---------------------------------------------------------------------------------------------
# Pelican


PELICAN_CONFIG = """\
# A minimal configuration: Pelican's default theme (notmyidea), pages of 20 as infoblokk's,
# feeds as Pelican makes them by default, and the content cache so a rebuild reuses parsed files.
AUTHOR = "infoblokk bench"
SITENAME = "Projektek nyilvántartása – generált próbakorpusz"
SITEURL = "https://example.org"
PATH = "content"
OUTPUT_PATH = "output"
TIMEZONE = "Europe/Budapest"
DEFAULT_LANG = "hu"
DEFAULT_PAGINATION = 20
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
"""


def pelican_metadata(fields: list[tuple[str, str]], body: str) -> str:
    return "".join(f"{key}: {value}\n" for key, value in fields) + "\n" + body


def pelican_project(page: ProjectPage) -> str:
    fields = [
        ("Title", page.title),
        ("Date", page.start_date.isoformat()),
        ("Category", page.county),
        ("Tags", ", ".join(page.tags)),
        ("Slug", page.slug),
        ("Summary", page.summary),
        ("Project_id", page.project_id),
        ("Beneficiary", "; ".join(page.beneficiary)),
        ("Grant_amount", page.grant_amount),
        ("Funding_rate", str(page.funding_rate)),
        ("Start_date", page.start_date.isoformat()),
        ("End_date", page.end_date.isoformat()),
        ("County", page.county),
    ]
    return pelican_metadata(fields, with_links(page.body, lambda slug: f"{{filename}}/projects/{slug}.md"))


def pelican_news(item: NewsItem) -> str:
    fields = [
        ("Title", item.title),
        ("Date", item.date.isoformat()),
        ("Category", "Hírek"),
        ("Tags", ", ".join(item.tags)),
        ("Slug", item.slug),
        ("Summary", item.summary),
        ("Project", item.project.project_id),
    ]
    return pelican_metadata(fields, with_links(item.body, lambda slug: f"{{filename}}/projects/{slug}.md"))


def write_pelican(folder: Path, pages: list[ProjectPage], news: list[NewsItem]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    write_files(folder / "content" / "projects", ((p.slug, pelican_project(p)) for p in pages))
    write_files(folder / "content" / "news", ((n.slug, pelican_news(n)) for n in news))


# ---------------------------------------------------------------------------------------------
# Hugo


HUGO_CONFIG = """\
baseURL = "https://example.org/"
locale = "hu"
defaultContentLanguage = "hu"
title = "Projektek nyilvántartása – generált próbakorpusz"

[pagination]
pagerSize = 20

[taxonomies]
county = "counties"
tag = "tags"

# Resolve links to content files (`/projects/projekt-00002.md`) as infoblokk and Pelican do.
[markup.goldmark.renderHooks.link]
useEmbedded = "fallback"
"""

HUGO_BASE_HEAD = """\
<!DOCTYPE html>
<html lang="hu">
<head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav><a href="/projects/">Projektek</a> <a href="/news/">Hírek</a>
<a href="/counties/">Megyék</a> <a href="/tags/">Címkék</a></nav></header>
"""
# A fixed menu, as infoblokk's: `range site.Sections` on every page costs Hugo time in proportion
# to the site (90 s of CPU at 10,000 projects), which no real theme would pay.

HUGO_PAGER = """\
{{ with $pager }}<nav class="pager">
{{ with .Prev }}<a href="{{ .URL }}">Előző</a>{{ end }} {{ .PageNumber }} / {{ .TotalPages }}
{{ with .Next }}<a href="{{ .URL }}">Következő</a>{{ end }}</nav>{{ end }}
"""

HUGO_CARDS = """\
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p>{{ .Summary }}</p>{{ with .Params.county }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul>
"""

HUGO_SINGLE = (
    HUGO_BASE_HEAD
    + """\
<main><article><h1>{{ .Title }}</h1>
{{ with .Params.project_id }}<dl>
<dt>Kedvezményezett neve</dt><dd>{{ delimit $.Params.beneficiary ", " }}</dd>
<dt>Szerződött támogatás összege</dt><dd>{{ $.Params.grant_amount }}</dd>
<dt>Támogatás mértéke</dt><dd>{{ $.Params.funding_rate }}%</dd>
<dt>Kezdete</dt><dd>{{ $.Params.start_date }}</dd><dt>Befejezése</dt><dd>{{ $.Params.end_date }}</dd>
<dt>Projekt azonosító száma</dt><dd>{{ . }}</dd></dl>{{ end }}
{{ .Content }}
<p>{{ range .Params.counties }}<a href="{{ printf "/counties/%s/" (urlize .) }}">{{ . }}</a> {{ end }}
{{ range .Params.tags }}<a href="{{ printf "/tags/%s/" (urlize .) }}">{{ . }}</a> {{ end }}</p>
</article></main></body></html>
"""
)

HUGO_LIST = (
    HUGO_BASE_HEAD
    + """\
<main><h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
"""
    + HUGO_CARDS
    + HUGO_PAGER
    + "</main></body></html>\n"
)

HUGO_INDEX = (  # as infoblokk's home page: the first page of projects, the latest news
    HUGO_BASE_HEAD
    + """\
<main><h1>{{ site.Title }}</h1>
<ul>{{ range first 20 (where site.RegularPages "Section" "projects") }}<li>
<a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Summary }}</p></li>{{ end }}</ul>
<a href="{{ (site.GetPage "/projects").RelPermalink }}">Minden projekt</a>
<ul>{{ range first 3 (where site.RegularPages "Section" "news") }}<li>
<a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main></body></html>
"""
)


def hugo_project(page: ProjectPage) -> str:
    lines = [
        f"title: {yaml_text(page.title)}",
        f"date: {page.start_date.isoformat()}",
        f"summary: {yaml_text(page.summary)}",
        f"counties: [{yaml_text(page.county)}]",
        f"tags: {yaml_list(page.tags)}",
        f"county: {yaml_text(page.county)}",
        f"project_id: {page.project_id}",
        f"beneficiary: {yaml_list(page.beneficiary)}",
        f"grant_amount: {yaml_text(page.grant_amount)}",
        f"funding_rate: {page.funding_rate}",
        f"start_date: {page.start_date.isoformat()}",
        f"end_date: {page.end_date.isoformat()}",
    ]
    body = with_links(page.body, lambda slug: f"/projects/{slug}.md")
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def hugo_news(item: NewsItem) -> str:
    lines = [
        f"title: {yaml_text(item.title)}",
        f"date: {item.date.isoformat()}",
        f"summary: {yaml_text(item.summary)}",
        f"tags: {yaml_list(item.tags)}",
        f"project: {item.project.project_id}",
    ]
    body = with_links(item.body, lambda slug: f"/projects/{slug}.md")
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def write_hugo(folder: Path, pages: list[ProjectPage], news: list[NewsItem]) -> None:
    layouts = folder / "layouts"
    (layouts / "_default").mkdir(parents=True)
    (folder / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (layouts / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (layouts / "index.html").write_text(HUGO_INDEX, encoding="utf-8")
    write_files(folder / "content" / "projects", ((p.slug, hugo_project(p)) for p in pages))
    write_files(folder / "content" / "news", ((n.slug, hugo_news(n)) for n in news))


# ---------------------------------------------------------------------------------------------
# Writing


WRITERS: dict[str, Callable[[Path, list[ProjectPage], list[NewsItem]], None]] = {
    "infoblokk": write_infoblokk,
    "pelican": write_pelican,
    "hugo": write_hugo,
}


def write_files(folder: Path, files: Iterator[tuple[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for slug, text in files:
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")


def write_corpus(tool: str, count: int, folder: Path, seed: int = DEFAULT_SEED) -> Path:
    """Write the corpus of `count` projects for `tool` into `folder` (which must not exist yet)."""
    if folder.exists():
        raise FileExistsError(f"{folder} exists already; the corpus is written into a new folder")
    pages = list(projects(count, seed))
    folder.mkdir(parents=True)
    WRITERS[tool](folder, pages, list(news_items(pages, seed)))
    return folder


def edit_one_file(folder: Path, count: int, mark: str) -> Path:
    """Append a paragraph to the middle project's body (the same file for every tool)."""
    path = folder / "content" / "projects" / f"{project_slug(max(1, count // 2))}.md"
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\nFrissítés ({mark}): a projekt újabb **eredményekről** számolt be.\n")
    return path


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tool", choices=TOOLS, help="whose input format to write")
    parser.add_argument("projects", type=int, help="how many projects (one news item per ten)")
    parser.add_argument("folder", type=Path, help="a new folder to write the site into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="another seed, another corpus")
    options = parser.parse_args(arguments)
    write_corpus(options.tool, options.projects, options.folder, options.seed)
    print(f"{options.projects} projects for {options.tool} in {options.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
