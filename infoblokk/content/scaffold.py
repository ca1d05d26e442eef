"""`new`: a content file with every field pre-filled and explained in Hungarian comments."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from infoblokk.content.placeholders import (
    SAMPLE_ACTIVITIES,
    SAMPLE_BENEFICIARY,
    SAMPLE_NEWS_TEXT,
    SAMPLE_PAGE_TEXT,
    SAMPLE_PROJECT_ID,
    SAMPLE_PROJECT_TEXT,
)
from infoblokk.content.slugs import slugify
from infoblokk.errors import BuildFailed, Problem
from infoblokk.layout import FOLDER_OF_KIND, SiteFolders
from infoblokk.messages import Text

KINDS = tuple(FOLDER_OF_KIND)  # project, news, page

PROJECT_TEMPLATE = """\
---
# Projekt címe – ahogy a támogatási szerződésben szerepel.
title: {title}
# Projekt azonosító száma, pl. EFOP-1.6.3-17-2017-00006 vagy TOP_PLUSZ-3.1.3-23-HE1-2024-00014.
# Ha a projekt nem hazai operatív programból kapott támogatást, törölje ezt a sort.
project_id: {sample_id}
# Kedvezményezett neve. Konzorcium esetén lista, a konzorciumvezető az első:
# beneficiary: [Vezető szervezet, Partner szervezet]
beneficiary: {sample_beneficiary}
# Szerződött támogatás összege: szám (75000000) vagy szöveg ("74 998 560 Ft", "74,976 millió forint").
grant_amount: 0
# Pénznem (HUF, EUR, RON); ha elhagyja, a site_config.toml szerinti.
currency: HUF
# Támogatás mértéke (%-ban): 0-nál nagyobb, legfeljebb 100.
funding_rate: 100
# A projekt kezdete (nem kötelező), ÉÉÉÉ-HH-NN formában.
start_date: {today}
# Projekt tervezett befejezési dátuma, ÉÉÉÉ-HH-NN formában.
end_date: {today}
# Alap: ESZA, ERFA, KA vagy ESZA+. EFOP-projektnél elhagyható: az azonosítóból kiderül.
# fund: ESZA
# Infoblokk-profil: szechenyi2020, szechenyi-terv-plusz, eu-generic, eea-norway-grants.
# Ha elhagyja, a site_config.toml szerinti.
# banner: szechenyi2020
# Egy-két mondat a projektlistához és a keresőknek.
summary: ""
# Megye (nem kötelező), a szűréshez.
county: ""
# Címkék (nem kötelező), pl. [esélyegyenlőség, képzés]
tags: []
# A projekt saját honlapja (nem kötelező), https://-sel.
# website: https://
# A projekt fő célja egy mondatban, a plakátra és az emléktáblára (nem kötelező; ha elhagyja, a summary).
# objective: ""
# Plakáthoz, táblához és az EU műveletlistájához (nem kötelezők):
# a projekt teljes költsége, mint a támogatás összege;
# total_cost: 0
# true, ha a projekt épít vagy eszközt vásárol (fizikai beruházás);
# physical_investment: true
# az uniós társfinanszírozási arány %-ban (nem azonos a támogatás mértékével);
# eu_cofinancing_rate: 85
# a helyszín NUTS-kódja, a beavatkozási kategória száma és az operatív program CCI-kódja.
# nuts: HU231
# intervention_category: 138
# programme_code: 2021HU05FFPR001
# Amíg true, az oldal nem jelenik meg a honlapon.
draft: true
---

## A projekt célja

{sample_project_text}

## Tevékenységek

- {sample_activity_1}
- {sample_activity_2}
"""

NEWS_TEMPLATE = """\
---
# A hír címe.
title: {title}
# A megjelenés dátuma, ÉÉÉÉ-HH-NN formában.
date: {today}
# Melyik projekthez tartozik: a projekt azonosító száma (project_id). Ha egyikhez sem, törölje.
project: {sample_id}
# Rendezvény esetén: időpont (ÉÉÉÉ-HH-NN) és helyszín (nem kötelező).
# event_date: {today}
# place: ""
# Kategória, pl. Rendezvény vagy Sajtóközlemény (nem kötelező).
category: Sajtóközlemény
# Egy-két mondat a hírlistához és a keresőknek.
summary: ""
# Amíg true, a hír nem jelenik meg a honlapon.
draft: true
---

{sample_news_text}
"""

PAGE_TEMPLATE = """\
---
# Az oldal címe.
title: {title}
# Ha kitölti, az oldal bekerül a menübe; a kisebb szám kerül előbbre (nem kötelező).
# menu: 50
# Egy-két mondat a keresőknek (nem kötelező).
summary: ""
# Amíg true, az oldal nem jelenik meg a honlapon.
draft: true
---

{sample_page_text}
"""

TEMPLATES = {"project": PROJECT_TEMPLATE, "news": NEWS_TEMPLATE, "page": PAGE_TEMPLATE}


def _yaml_text(text: str) -> str:
    """A title as one YAML scalar, quoted and escaped as YAML needs (backslashes, quotes, colons)."""
    return json.dumps(text.strip(), ensure_ascii=False)  # JSON strings are valid YAML strings


def create_content_file(site_dir: Path, kind: str, title: str, today: date | None = None) -> Path:
    """Write a new draft file for `kind`; refuse to overwrite an existing one."""
    slug = slugify(title)
    if not slug:
        raise BuildFailed(
            (
                Problem(
                    Text("'{title}' gives no usable file name", title=title),
                    hint=Text("use a title with letters or digits"),
                ),
            )
        )
    path = SiteFolders(site_dir).content / FOLDER_OF_KIND[kind] / f"{slug}.md"
    if path.exists():
        raise BuildFailed(
            (
                Problem(
                    Text("this file already exists; nothing was changed"),
                    path,
                    hint=Text("choose another title, or edit the existing file"),
                ),
            )
        )
    text = TEMPLATES[kind].format(
        title=_yaml_text(title),
        today=(today or date.today()).isoformat(),
        sample_id=SAMPLE_PROJECT_ID,
        sample_beneficiary=SAMPLE_BENEFICIARY,
        sample_project_text=SAMPLE_PROJECT_TEXT,
        sample_activity_1=SAMPLE_ACTIVITIES[0],
        sample_activity_2=SAMPLE_ACTIVITIES[1],
        sample_news_text=SAMPLE_NEWS_TEXT,
        sample_page_text=SAMPLE_PAGE_TEXT,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
