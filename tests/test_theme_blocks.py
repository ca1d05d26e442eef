"""A theme author builds on `base.html` through its blocks, as the README's template table says.

A site's own `templates/project.html` extends the default theme's `base.html` and fills the
blocks a theme author expects; the rest of the page, and the funding banner, stay.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from infoblokk.site import build_site

TODAY = date(2024, 6, 1)

OVERRIDE = """\
{% extends "base.html" %}
{% block title %}Saját cím: {{ page.title }}{% endblock %}
{% block head %}<meta name="theme-color" content="#003399">{% endblock %}
{% block main %}<h1>{{ page.title }}</h1>{{ content }}{% endblock %}
{% block footer %}<footer class="own-footer"><p>Saját lábléc</p></footer>{% endblock %}
{% block scripts %}<script src="{{ url('assets/own.js') }}"></script>{% endblock %}
"""


def project_page(site: Path) -> str:
    build_site(site, today=TODAY)
    return (site / "public" / "projektek" / "p" / "index.html").read_text(encoding="utf-8")


def test_a_site_template_fills_the_blocks_of_base_html(make_site: Callable[..., Path]) -> None:
    site = make_site()
    (site / "templates").mkdir()
    (site / "templates" / "project.html").write_text(OVERRIDE, encoding="utf-8")
    html = project_page(site)
    assert "<title>Saját cím: Zala megyei felzárkózás-politikai együttműködések</title>" in html
    head, body = html.split("</head>")
    assert '<meta name="theme-color" content="#003399">' in head
    assert '<footer class="own-footer"><p>Saját lábléc</p></footer>' in body
    assert 'class="site-footer"' not in body
    assert body.index("own-footer") < body.index('<script src="../../assets/own.js">') < body.index("</body>")
    assert 'class="site-nav"' in body  # blocks left alone keep the theme's markup


def test_the_banner_block_keeps_the_banner_in_the_header(make_site: Callable[..., Path]) -> None:
    site = make_site()
    (site / "templates").mkdir()
    (site / "templates" / "project.html").write_text(OVERRIDE, encoding="utf-8")
    html = project_page(site)
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert header.count("data-infoblokk=") == 1


def test_a_banner_block_moved_by_a_theme_still_shows_the_banner(make_site: Callable[..., Path]) -> None:
    site = make_site()
    (site / "templates").mkdir()
    moved = (
        '{% extends "project.html" %}\n'
        "{% block banner %}{% endblock %}\n"
        "{% block footer %}"
        '<footer><div class="footer-banner">{{ infoblokk() }}</div></footer>'
        "{% endblock %}\n"
    )
    theme_project = site / "themes" / "default" / "templates" / "project.html"
    (site / "themes" / "default" / "templates" / "theme_project.html").write_text(
        theme_project.read_text(encoding="utf-8"), encoding="utf-8"
    )
    (site / "templates" / "project.html").write_text(moved.replace("project.html", "theme_project.html", 1))
    html = project_page(site)
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert "data-infoblokk=" not in header
    footer = html[html.index('<div class="footer-banner">') :]
    assert footer.count("data-infoblokk=") == 1
