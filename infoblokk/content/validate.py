"""Stage 3: validate the sources and turn them into the site's items, related and addressed.

Every problem in every file is collected; compliance gaps (a mandatory fact missing) are kept
apart from errors so that `build` can warn while `check` fails. Checks that compare files with
each other (duplicates, news naming unknown projects, compliance) live in `consistency`.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from PIL import Image

from infoblokk.banner.profiles import Banner, BannerProfile, choose_banner
from infoblokk.config.schema import validate
from infoblokk.config.settings import SiteConfig, config_line
from infoblokk.content.amounts import ParsedAmount
from infoblokk.content.consistency import compliance, duplicates, standin_banners, unknown_projects
from infoblokk.content.fields import (
    FIELDS_BY_KIND,
    HINTS,
    CommonFields,
    NewsFields,
    PageFields,
    ProjectFields,
)
from infoblokk.content.filenames import name_problem, suggested_slug
from infoblokk.content.kept import Validated
from infoblokk.content.model import (
    PRESS_RELEASE,
    UNKNOWN_KEY_NOTE,
    Item,
    Money,
    NewsItem,
    Page,
    Project,
    SiteModel,
    of_kind,
)
from infoblokk.content.placeholders import placeholder_problems
from infoblokk.content.project_ids import parse_project_id
from infoblokk.content.slugs import slugify
from infoblokk.content.sources import SourceFile, declared_project_id
from infoblokk.content.translations import is_translation, merged_with_original, originals_of
from infoblokk.errors import Problem, Severity
from infoblokk.layout import CONFIG_FILE, SECTION_FOLDERS
from infoblokk.messages import Text, message_of


@dataclass(frozen=True)
class _Context:
    config: SiteConfig
    profiles: Mapping[str, BannerProfile]
    static_names: frozenset[str]  # paths of files in content/static/, posix, relative
    config_path: Path
    unusable_art: Mapping[str, str]  # banner artwork in content/static/ that is no image: why


def build_model(
    sources: Iterable[SourceFile],
    config: SiteConfig,
    profiles: Mapping[str, BannerProfile],
    static_names: Iterable[str],
    config_path: Path = Path(CONFIG_FILE),
    static_dir: Path | None = None,
    unread_projects: Iterable[Path] = (),
) -> SiteModel:
    """Validate every source and relate them; problems are returned inside the model.

    With `static_dir`, banner artwork named in front matter or configuration is also opened,
    to make sure it is an image. `unread_projects` are project files that could not be read
    (and were reported): news naming them are not reported again.
    """
    return validate_site(sources, config, profiles, static_names, config_path, static_dir, unread_projects)[0]


def validate_site(
    sources: Iterable[SourceFile],
    config: SiteConfig,
    profiles: Mapping[str, BannerProfile],
    static_names: Iterable[str],
    config_path: Path = Path(CONFIG_FILE),
    static_dir: Path | None = None,
    unread_projects: Iterable[Path] = (),
    earlier: Mapping[Path, Validated] | None = None,
) -> tuple[SiteModel, dict[Path, Validated]]:
    """As `build_model`, taking each file's item and problems from `earlier` where it has them
    (files unchanged since they were validated with all else the same: see `kept`); also
    returns each published original's, by path, for the next build. Checks across files are
    made anew."""
    earlier = earlier or {}
    sources = list(sources)
    names = frozenset(static_names)
    unusable = _unusable_artwork(static_dir, _artwork_named(sources, config) & names) if static_dir else {}
    context = _Context(config, profiles, names, config_path, unusable)
    problems: list[Problem] = []
    items: list[Item] = []
    drafts = [s.source_path for s in sources if s.meta.get("draft") is True]
    published = [s for s in sources if s.meta.get("draft") is not True]
    originals = [s for s in published if not is_translation(s, config.language)]
    problems.extend(warning for source in published for warning in source.warnings)
    broken_ids = {declared_project_id(path) for path in unread_projects}
    validated: dict[Path, Validated] = {}
    for source in originals:
        done = earlier.get(source.source_path)
        if done is None:
            item, item_problems = _make_item(source, context)
            done = Validated(item, tuple(item_problems))
        validated[source.source_path] = done
        problems.extend(done.problems)
        if done.item is not None:
            items.append(done.item)
        elif source.kind == "project":
            broken_ids.add(_text_or_none(source.meta.get("project_id")))
    translated = [s for s in published if is_translation(s, config.language)]
    translations, translation_problems = _translations(translated, originals, context)
    problems.extend(translation_problems)
    site_banner, banner_problems = _site_banner(context)
    site_banner_image = _configured_image(context.config, site_banner)
    problems.extend(banner_problems)
    problems.extend(_missing_configured_images(context))
    problems.extend(standin_banners(items, site_banner, site_banner_image, context.config_path))
    problems.extend(duplicates(items, context.config.accessibility_url))
    problems.extend(unknown_projects(items, {parsed_id(text) for text in broken_ids if text is not None}))
    problems.extend(compliance(items))
    model = SiteModel(
        projects=tuple(sorted(of_kind(items, Project), key=_project_order)),
        news=tuple(sorted(of_kind(items, NewsItem), key=lambda n: (n.date, n.title), reverse=True)),
        pages=tuple(sorted(of_kind(items, Page), key=lambda p: p.title)),
        site_banner=site_banner,
        site_banner_image=site_banner_image,
        translations=tuple(sorted(translations, key=lambda t: (t.language, t.url))),
        drafts=tuple(drafts),
        problems=tuple(problems),
    )
    return model, validated


def _text_or_none(value: object) -> str | None:
    return None if value is None or isinstance(value, (dict, list)) else str(value)


def _project_order(project: Project) -> tuple[int, str]:
    """Newest end date first; projects with unknown dates last."""
    end = project.end_date.toordinal() if project.end_date else 0
    return (-end, project.title)


def _make_item(source: SourceFile, context: _Context) -> tuple[Item | None, list[Problem]]:
    schema = FIELDS_BY_KIND[source.kind]
    fields, problems = validate(
        schema, source.meta, source.source_path, source.line_of, HINTS, UNKNOWN_KEY_NOTE
    )
    samples = list(placeholder_problems(source))
    if samples:  # said once, as the sample it is, not also as a value that is not valid
        sample_lines = {problem.line for problem in samples}
        return None, [*samples, *(p for p in problems if p.line not in sample_lines)]
    if fields is None:
        return None, list(problems)
    assert isinstance(fields, CommonFields)
    common = _common(source, fields, context.config)
    bad_name = name_problem(common["slug"])
    if bad_name:  # a slug from the file's name: one written in `slug:` was checked already
        return None, [_file_name_problem(source, common["slug"], bad_name)]
    if isinstance(fields, ProjectFields):
        return _project(source, fields, common, context)
    if isinstance(fields, NewsFields):
        return NewsItem(
            **common,
            date=fields.date,
            project_id=_normalized_id(fields.project),
            event_date=fields.event_date,
            place=fields.place,
            category=fields.category,
            kind=fields.kind,
            release=fields.release,
        ), list(_press_release_problems(source, fields, context))
    assert isinstance(fields, PageFields)
    return Page(**common, menu=fields.menu), []


def _press_release_problems(source: SourceFile, fields: NewsFields, context: _Context) -> Iterator[Problem]:
    """A press release names its project and has a contact; `release` belongs to press releases."""
    if fields.release and fields.kind != PRESS_RELEASE:
        yield Problem(
            Text("'release: {release}' is only for press releases", release=fields.release),
            source.source_path,
            source.line_of(("release",)),
            Text("add the line kind: press-release, or delete the release line"),
        )
    if fields.kind != PRESS_RELEASE:
        return
    if not fields.project:
        yield Problem(
            Text("this press release names no project"),
            source.source_path,
            source.line_of(("kind",)),
            Text(
                "add project: with the project_id of the project it is about (its facts are shown "
                "with the release), e.g. project: EFOP-1.6.3-17-2017-00004"
            ),
        )
    if context.config.press is None:
        yield Problem(
            Text("this press release has no press contact: site_config.toml has no [press] table"),
            source.source_path,
            source.line_of(("kind",)),
            Text(
                'add to site_config.toml: [press] with contact = "name, role", and email = "…" or phone = "…"'
            ),
            Severity.WARNING,
        )


def _translations(
    translated: list[SourceFile], originals: list[SourceFile], context: _Context
) -> tuple[list[Item], list[Problem]]:
    """Items of the translations, each completed with its original's facts."""
    pairs, problems = originals_of(translated, originals)
    items: list[Item] = []
    for translation, original in pairs:
        item, item_problems = _make_item(merged_with_original(translation, original), context)
        # A problem in an inherited fact is the original's, and reported there.
        problems.extend(p for p in item_problems if p.line is not None and p.severity is Severity.ERROR)
        if item is not None:
            items.append(item)
    return items, problems


def _common(source: SourceFile, fields: CommonFields, config: SiteConfig) -> dict[str, Any]:
    slug = fields.slug or slugify(source.name) or "oldal"
    language = fields.lang or source.language or config.language
    prefix = "" if language == config.language else f"{language}/"
    return {
        "source": source,
        "title": fields.title,
        "slug": slug,
        "url": prefix + _url(source.kind, slug, language),
        "summary": fields.summary,
        "language": language,
        "tags": fields.tags,
        "extra": fields.extra,
    }


def _file_name_problem(source: SourceFile, slug: str, reason: str) -> Problem:
    return Problem(
        Text("this file's name cannot be the page's address: {reason}", reason=reason),
        source.source_path,
        None,
        Text(
            "give the page a slug of its own in the front matter, e.g. slug: {slug}, or rename the file",
            slug=suggested_slug(slug),
        ),
    )


def _url(kind: str, slug: str, language: str) -> str:
    folder = SECTION_FOLDERS[language].get(kind)
    return f"{folder}/{slug}/" if folder else f"{slug}/"


def _normalized_id(text: str | None) -> str | None:
    """The project ID a news item names, spelt the way projects' IDs are compared."""
    return None if text is None else parsed_id(text)


def parsed_id(text: str) -> str:
    """A project ID spelt the way IDs are compared, or the text itself if it is not an ID."""
    try:
        return parse_project_id(text).normalized
    except ValueError:
        return text.strip()  # reported later as "no project has the ID …", with a suggestion


def _project(
    source: SourceFile, fields: ProjectFields, common: dict[str, Any], context: _Context
) -> tuple[Project | None, list[Problem]]:
    problems = [
        *_fund_agrees_with_id(source, fields),
        *_dates_in_order(source, fields),
        *_grant_within_total_cost(source, fields),
    ]
    fund = fields.fund or (fields.project_id.derived_fund if fields.project_id else None)
    profile_name = fields.banner or context.config.banner.profile
    full_rate = fields.funding_rate == Decimal(100)
    try:
        banner = choose_banner(
            context.profiles, profile_name, _fund_for(profile_name, fund, context), full_rate
        )
    except ValueError as error:
        key = "banner" if fields.banner else "fund"
        return None, [
            *problems,
            Problem(message_of(error), source.source_path, source.line_of((key,)) or 1, HINTS.get(key)),
        ]
    problems.extend(_missing_image(fields.banner_image, context, source))
    image = fields.banner_image or _configured_image(context.config, banner)
    grant = _money(fields.grant_amount, fields.currency, context)
    return Project(
        **common,
        project_id=fields.project_id,
        beneficiaries=fields.beneficiary or (),
        grant=grant,
        funding_rate=fields.funding_rate,
        start_date=fields.start_date,
        end_date=fields.end_date,
        fund=banner.fund or fund,  # a profile without fund variants still keeps the fund the file names
        banner=banner,
        banner_image=image,
        county=fields.county,
        website=fields.website,
        objective=fields.objective,
        total_cost=_money(fields.total_cost, fields.currency, context),
        physical_investment=fields.physical_investment,
        eu_cofinancing_rate=fields.eu_cofinancing_rate,
        nuts=fields.nuts,
        intervention_category=fields.intervention_category,
        programme_code=fields.programme_code,
    ), problems


def _money(amount: ParsedAmount | None, currency: str | None, context: _Context) -> Money | None:
    """An amount in the currency the file names, else the one written with it, else the site's."""
    if amount is None:
        return None
    return Money(amount.amount, currency or amount.currency or context.config.currency)


def _grant_within_total_cost(source: SourceFile, fields: ProjectFields) -> Iterator[Problem]:
    grant, total = fields.grant_amount, fields.total_cost
    if grant is None or total is None:
        return
    if grant.currency and total.currency and grant.currency != total.currency:
        return  # two currencies: no exchange rate to compare them by
    if grant.amount > total.amount:
        yield Problem(
            Text(
                "the grant ({grant}) is larger than the total cost of the project ({total})",
                grant=grant.amount,
                total=total.amount,
            ),
            source.source_path,
            source.line_of(("total_cost",)),
            Text("total_cost is the whole cost of the project, grant and own contribution together"),
        )


def _dates_in_order(source: SourceFile, fields: ProjectFields) -> Iterator[Problem]:
    if fields.start_date and fields.end_date and fields.start_date > fields.end_date:
        yield Problem(
            Text(
                "the project starts ({start}) after it ends ({end})",
                start=fields.start_date,
                end=fields.end_date,
            ),
            source.source_path,
            source.line_of(("start_date",)),
            Text("check start_date and end_date: the start comes first (YYYY-MM-DD)"),
        )


def _fund_for(profile_name: str, fund: str | None, context: _Context) -> str | None:
    """The fund to show: the project's; else the site's, when the profile uses funds at all."""
    profile = context.profiles.get(profile_name)
    if profile is None or not profile.funds:
        return None
    return fund or context.config.banner.fund


def _fund_agrees_with_id(source: SourceFile, fields: ProjectFields) -> Iterator[Problem]:
    derived = fields.project_id.derived_fund if fields.project_id else None
    if fields.fund and derived and fields.fund != derived:
        yield Problem(
            Text(
                "fund {fund} does not match the project ID, whose priority is funded by {derived}",
                fund=fields.fund,
                derived=derived,
            ),
            source.source_path,
            source.line_of(("fund",)),
            Text("write fund: {derived}, or check the project ID", derived=derived),
        )


def _configured_image(config: SiteConfig, banner: Banner) -> str | None:
    return config.banner.images.get(banner.key) or config.banner.image


def _missing_image(image: str | None, context: _Context, source: SourceFile) -> Iterator[Problem]:
    if image is not None and image not in context.static_names:
        yield Problem(
            Text("the banner artwork '{image}' is not in content/static/", image=image),
            source.source_path,
            source.line_of(("banner_image",)) or 1,
            Text("copy the official banner file into content/static/ and give its name here"),
        )
    elif image is not None and image in context.unusable_art:
        yield _unusable_problem(image, context, source.source_path, source.line_of(("banner_image",)) or 1)


def _unusable_problem(image: str, context: _Context, path: Path, line: int | None) -> Problem:
    return Problem(
        Text(
            "the banner artwork 'content/static/{image}' cannot be shown: {reason}",
            image=image,
            reason=context.unusable_art[image],
        ),
        path,
        line,
        Text(
            "use the official banner file as you received it (JPEG or PNG); "
            "renaming a file to .jpg does not make it an image"
        ),
    )


def _artwork_named(sources: list[SourceFile], config: SiteConfig) -> frozenset[str]:
    """Every file named as banner artwork, in front matter or in the configuration."""
    named = [source.meta.get("banner_image") for source in sources]
    named += [config.banner.image, *config.banner.images.values()]
    return frozenset(name for name in named if isinstance(name, str))


def _unusable_artwork(static_dir: Path, names: Iterable[str]) -> dict[str, str]:
    """The named files that are no image a browser could show, with the reason, by name."""
    reasons: dict[str, str] = {}
    for name in sorted(names):
        try:
            with Image.open(static_dir / name) as image:
                width, height = image.size
        except Exception:  # Pillow raises many kinds of error for what is not an image
            reasons[name] = Text("it is not a JPEG, PNG or WebP image, or is too damaged to read")
            continue
        if width < 1 or height < 1:
            reasons[name] = Text("the image has no pixels")
    return reasons


def _missing_configured_images(context: _Context) -> Iterator[Problem]:
    """Artwork named in site_config.toml that is not there: blamed on the config, once each."""
    settings = context.config.banner
    named: list[tuple[tuple[str, ...], str | None]] = [(("banner", "image"), settings.image)]
    named += [(("banner", "images", key), image) for key, image in settings.images.items()]
    for location, image in named:
        if image is not None and image not in context.static_names:
            yield Problem(
                Text("the banner artwork '{image}' is not in content/static/", image=image),
                context.config_path,
                config_line(context.config_path, location),
                Text("copy the official banner file into content/static/, or correct its name"),
            )
        elif image is not None and image in context.unusable_art:
            line = config_line(context.config_path, location)
            yield _unusable_problem(image, context, context.config_path, line)


def _site_banner(context: _Context) -> tuple[Banner, list[Problem]]:
    settings = context.config.banner
    fund = _fund_for(settings.profile, settings.fund, context)
    try:
        return choose_banner(context.profiles, settings.profile, fund, False), []
    except ValueError as error:
        fallback = choose_banner(context.profiles, "eu-generic", None, False)
        return fallback, [
            Problem(
                message_of(error),
                context.config_path,
                config_line(context.config_path, ("banner", "profile")),
                Text("set [banner] profile and fund in site_config.toml"),
            )
        ]
