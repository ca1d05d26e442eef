"""The front matter each kind of content file may carry: keys, types, and what is valid.

These are the schemas the model stage validates against. Canonical keys are English; the
Hungarian label a field is published under lives in the theme's label files.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from infoblokk import messages
from infoblokk.content.amounts import ParsedAmount, parse_amount
from infoblokk.content.filenames import name_problem, suggested_slug
from infoblokk.content.project_ids import ProjectId, parse_project_id
from infoblokk.content.slugs import is_slug

_MONTHS = (
    "január",
    "február",
    "március",
    "április",
    "május",
    "június",
    "július",
    "augusztus",
    "szeptember",
    "október",
    "november",
    "december",
)
# 2021. március 31., 2021. márc. 31-én, 2021.03.31., 2021.03.31, 2021. 03. 31., 2021/3/31
_HUNGARIAN_DATE = re.compile(
    r"(?P<year>\d{4})\s*[./-]?\s*(?:(?P<month>\d{1,2})|(?P<name>[a-záéíóöőúüű]{3,})\.?)"
    r"\s*[./-]?\s*(?P<day>\d{1,2})\.?(?:-?[a-záéíóöőúüű]{1,3})?",
    re.IGNORECASE,
)


def _to_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        guess = _date_written_otherwise(text)
        if guess is not None:
            raise ValueError(
                messages.Text(
                    "'{text}' is not written as YYYY-MM-DD; did you mean {date}?",
                    text=text,
                    date=guess.isoformat(),
                )
            )
        raise ValueError(
            messages.Text("'{text}' is not a date in the form YYYY-MM-DD, e.g. 2020-12-31", text=text)
        )
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(messages.Text("'{text}' is not a real calendar date", text=text)) from None


def _date_written_otherwise(text: str) -> date | None:
    """The day a date typed the Hungarian way means (`2021. március 31.`), if it is one."""
    found = _HUNGARIAN_DATE.fullmatch(text)
    if found is None:
        return None
    if found["name"]:
        name = found["name"].lower()
        month = next((number for number, full in enumerate(_MONTHS, 1) if full.startswith(name)), 0)
    else:
        month = int(found["month"])
    try:
        return date(int(found["year"]), month, int(found["day"]))
    except ValueError:  # no such month or day
        return None


def _to_rate(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(messages.Text("write the funding rate as a number of percent, e.g. 100"))
    text = str(value).strip().removesuffix("%").strip().replace(",", ".")
    try:
        rate = Decimal(text)
    except InvalidOperation:
        rate = Decimal("NaN")
    if not rate.is_finite():  # also YAML's .nan and .inf, and the words "NaN" and "Infinity"
        raise ValueError(
            messages.Text("'{value}' is not a percentage; write a number such as 100 or 85,5", value=value)
        )
    if not Decimal(0) < rate <= Decimal(100):
        raise ValueError(messages.Text("{value} is not between 0 (exclusive) and 100 percent", value=value))
    if rate != rate.quantize(Decimal("0.000001")):  # 1e-999999 would be printed with a million digits
        raise ValueError(
            messages.Text("'{value}' has more decimals than a percentage needs; write e.g. 85,5", value=value)
        )
    return rate


def _to_names(value: Any) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise ValueError(messages.Text("write one name, or a list of names with the consortium leader first"))
    cleaned = tuple(name.strip() for name in names)
    if not all(cleaned):
        raise ValueError(messages.Text("a beneficiary's name is empty"))
    return cleaned


def _to_slug(value: Any) -> str:
    text = str(value)
    if not is_slug(text):
        raise ValueError(
            messages.Text(
                "'{text}' is not a slug: use lowercase letters a–z, digits and hyphens, "
                "e.g. zala-felzarkozas",
                text=text,
            )
        )
    problem = name_problem(text)
    if problem:
        raise ValueError(
            messages.Text(
                "{problem}; write another slug, e.g. {slug}", problem=problem, slug=suggested_slug(text)
            )
        )
    return text


def _to_menu(value: Any) -> int:
    if isinstance(value, float) and value.is_integer():  # 10.0; not .nan or .inf
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,9}\s*", value):
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(messages.Text("'{value}' is not a whole number; write e.g. menu: 10", value=value))
    return value


def _to_url(value: Any) -> str:
    text = str(value).strip()
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", text):
        raise ValueError(messages.Text("'{text}' is not a web address starting with https://", text=text))
    return text


def _to_currency(value: Any) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"[A-Z]{3}", text):
        raise ValueError(
            messages.Text("'{text}' is not a three-letter currency code such as HUF, EUR or RON", text=text)
        )
    return text


def _to_tags(value: Any) -> tuple[str, ...]:
    tags = [value] if isinstance(value, str) else value
    if not isinstance(tags, list) or not all(isinstance(t, (str, int)) for t in tags):
        raise ValueError(messages.Text("write tags as a list, e.g. [esélyegyenlőség, képzés]"))
    return tuple(str(tag).strip() for tag in tags if str(tag).strip())


def _to_text(value: Any) -> str:
    if isinstance(value, (dict, list)) or value is None:
        raise ValueError(messages.Text("write plain text here"))
    return str(value).strip()


def _to_amount(value: Any) -> ParsedAmount:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(messages.Text('write the amount as a number, e.g. 74998560 or "74 998 560 Ft"'))
    return parse_amount(value)


def _to_project_id(value: Any) -> ProjectId:
    return parse_project_id(str(value))


def _to_nuts(value: Any) -> str:
    text = str(value).strip().upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9A-Z]{0,3}", text):
        raise ValueError(
            messages.Text(
                "'{value}' is not a NUTS code; write the country letters and up to three more, "
                "e.g. HU231 (Zala)",
                value=value,
            )
        )
    return text


def _to_intervention_category(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(messages.Text("write the category's number, e.g. intervention_category: 138"))
    text = str(value).strip()
    if not re.fullmatch(r"\d{1,3}", text) or int(text) == 0:
        raise ValueError(
            messages.Text(
                "'{value}' is not a category of intervention; write its number from 001 to 999, e.g. 138",
                value=value,
            )
        )
    return text.zfill(3)


def _to_programme_code(value: Any) -> str:
    text = str(value).strip().upper()
    if not re.fullmatch(r"\d{4}[A-Z]{2}\d{2}[0-9A-Z]{4}\d{3}", text):
        raise ValueError(
            messages.Text(
                "'{value}' is not a programme's CCI code; it has 15 characters, e.g. 2021HU05FFPR001",
                value=value,
            )
        )
    return text


Day = Annotated[date, BeforeValidator(_to_date)]
Rate = Annotated[Decimal, BeforeValidator(_to_rate)]
Names = Annotated[tuple[str, ...], BeforeValidator(_to_names)]
Slug = Annotated[str, BeforeValidator(_to_slug)]
Url = Annotated[str, BeforeValidator(_to_url)]
Currency = Annotated[str, BeforeValidator(_to_currency)]
Tags = Annotated[tuple[str, ...], BeforeValidator(_to_tags)]
Text = Annotated[str, BeforeValidator(_to_text)]
Amount = Annotated[ParsedAmount, BeforeValidator(_to_amount)]
Id = Annotated[ProjectId, BeforeValidator(_to_project_id)]
MenuNumber = Annotated[int, BeforeValidator(_to_menu)]
Nuts = Annotated[str, BeforeValidator(_to_nuts)]
InterventionCategory = Annotated[str, BeforeValidator(_to_intervention_category)]
ProgrammeCode = Annotated[str, BeforeValidator(_to_programme_code)]


class CommonFields(BaseModel):
    """Keys every content file may have."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    title: Text = Field(min_length=1)
    summary: Text = ""
    slug: Slug | None = None
    lang: Literal["hu", "en", "ro"] | None = None
    draft: bool = False
    tags: Tags = ()
    extra: dict[str, Any] = Field(default_factory=dict)


class ProjectFields(CommonFields):
    """A project's facts: the seven mandatory fields and what helps readers find it."""

    project_id: Id | None = None
    beneficiary: Names | None = None
    grant_amount: Amount | None = None
    currency: Currency | None = None
    funding_rate: Rate | None = None
    start_date: Day | None = None
    end_date: Day | None = None
    fund: Literal["ESZA", "ERFA", "KA", "ESZA+"] | None = None
    banner: Text | None = None
    banner_image: Text | None = None
    county: Text | None = None
    website: Url | None = None
    # What posters, plaques and the EU's list of operations ask for besides the seven facts.
    objective: Text | None = None
    total_cost: Amount | None = None
    physical_investment: bool = False
    eu_cofinancing_rate: Rate | None = None
    nuts: Nuts | None = None
    intervention_category: InterventionCategory | None = None
    programme_code: ProgrammeCode | None = None


class NewsFields(CommonFields):
    """A news item: an event or a press release, usually about one project."""

    date: Day
    project: Text | None = None
    event_date: Day | None = None
    place: Text | None = None
    category: Text | None = None
    kind: Literal["press-release"] | None = None
    release: Literal["start", "closing"] | None = None


class PageFields(CommonFields):
    """A free page such as the accessibility statement."""

    menu: MenuNumber | None = None


FIELDS_BY_KIND: dict[str, type[CommonFields]] = {
    "project": ProjectFields,
    "news": NewsFields,
    "page": PageFields,
}

HINTS = {
    "title": messages.Text(
        "write the title in one line, e.g. title: Zala megyei felzárkózás-politikai együttműködések"
    ),
    "project_id": messages.Text(
        "e.g. EFOP-1.6.3-17-2017-00006 or TOP_PLUSZ-3.1.3-23-HE1-2024-00014; "
        "leave the key out for a project outside these programmes"
    ),
    "beneficiary": messages.Text(
        "e.g. beneficiary: Somogy Megyei Önkormányzat, or a list [Leader, Partner] for a consortium"
    ),
    "grant_amount": messages.Text(
        'e.g. 74998560, "74 998 560 Ft", "74.998.560,- Ft" or "74,976 millió forint"'
    ),
    "currency": messages.Text("a three-letter code: HUF, EUR, RON"),
    "funding_rate": messages.Text("a percentage above 0 and at most 100, e.g. funding_rate: 100"),
    "start_date": messages.Text("YYYY-MM-DD, e.g. 2017-12-01"),
    "end_date": messages.Text("YYYY-MM-DD, e.g. 2020-12-31"),
    "date": messages.Text("YYYY-MM-DD, e.g. 2021-05-26"),
    "event_date": messages.Text("YYYY-MM-DD, e.g. 2021-05-26"),
    "fund": messages.Text("one of ESZA, ERFA, KA, ESZA+; or leave it out to derive it from the project ID"),
    "slug": messages.Text("lowercase letters, digits and hyphens: zala-felzarkozas"),
    "website": messages.Text("a full address: https://www.example.hu/projekt"),
    "draft": messages.Text("true or false"),
    "menu": messages.Text("a whole number; lower numbers come first in the menu"),
    "lang": messages.Text("hu, en or ro"),
    "banner": messages.Text(
        "a banner profile: szechenyi2020, szechenyi-terv-plusz, eu-generic or eea-norway-grants"
    ),
    "banner_image": messages.Text("the file name of the official banner artwork in content/static/"),
    "summary": messages.Text("one or two sentences of plain text"),
    "county": messages.Text("the county's name, e.g. county: Zala"),
    "tags": messages.Text("a list, e.g. tags: [esélyegyenlőség, képzés]"),
    "place": messages.Text("where the event is held, e.g. place: Veszprém"),
    "category": messages.Text("plain text, e.g. category: Sajtóközlemény"),
    "project": messages.Text("the project_id of a project in content/projects/"),
    "kind": messages.Text(
        "kind: press-release makes the news item a press release, with the project's facts and "
        "the press contact; leave it out for other news"
    ),
    "release": messages.Text(
        "start (the project's start) or closing (its completion); needs kind: press-release"
    ),
    "extra": messages.Text("'key: value' lines indented under extra:"),
    "objective": messages.Text("the project's main objective in one sentence, as on its poster or plaque"),
    "total_cost": messages.Text(
        'the total cost of the project, written like the grant: 120000000 or "120 000 000 Ft"'
    ),
    "physical_investment": messages.Text(
        "true when the project builds something or buys equipment, otherwise leave it out"
    ),
    "eu_cofinancing_rate": messages.Text(
        "the share the EU funds pays of the eligible cost, in percent (not the grant rate), e.g. 85"
    ),
    "nuts": messages.Text("the NUTS code of the place, e.g. HU231 for Zala, HU2 for Transdanubia"),
    "intervention_category": messages.Text(
        "the number of the category of intervention in the grant contract, e.g. 138"
    ),
    "programme_code": messages.Text("the programme's CCI code, e.g. 2021HU05FFPR001"),
}
