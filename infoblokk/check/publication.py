"""What only the configuration shows is left to do before publishing.

Neither stops a build, and `check` only warns about them (`check --strict` fails on them):

- `base_url` still at the example address, where the canonical links, the sitemap, the feeds
  and the open data would point;
- an accessibility statement whose last review is more than a year old (the EU asks for a
  review at least once a year: Implementing Decision (EU) 2018/1523, recital 3).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from infoblokk.config.settings import EXAMPLE_BASE_URL, SiteConfig, config_line
from infoblokk.errors import Problem, Severity
from infoblokk.messages import Text

REVIEW_EVERY = timedelta(days=366)  # a year, leap day included


def publication_steps(config: SiteConfig, config_path: Path, today: date) -> Iterator[Problem]:
    """The steps left before publishing that the configuration shows."""
    if config.base_url == EXAMPLE_BASE_URL:
        yield Problem(
            Text(
                "base_url is still the example address {address}: the canonical links, the "
                "sitemap and the feeds would point there",
                address=EXAMPLE_BASE_URL,
            ),
            config_path,
            config_line(config_path, ("base_url",)) or 1,
            Text(
                "write the address where the site will be published, "
                'e.g. base_url = "https://www.somogy.hu/efop/"'
            ),
            Severity.PUBLICATION,
        )
    statement = config.accessibility
    if statement is not None and today - statement.last_review > REVIEW_EVERY:
        yield Problem(
            Text(
                "the accessibility statement was last reviewed on {day}, more than a year ago",
                day=statement.last_review.isoformat(),
            ),
            config_path,
            config_line(config_path, ("accessibility", "last_review")),
            Text(
                "check the site again (keyboard, screen reader, `check`), update status and known_issues "
                "under [accessibility], and set last_review = {today}",
                today=today.isoformat(),
            ),
            Severity.PUBLICATION,
        )
