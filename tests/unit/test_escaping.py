"""Template output is escaped exactly as Jinja and MarkupSafe escape it, on either path."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup

from infoblokk.render import template_runtime
from infoblokk.render.template_runtime import EscapingCodeGenerator, escaping_generator

TEMPLATE = """\
{% macro card(title) %}<b>{{ title }}</b>{% endmacro %}
<p title="{{ text }}">{{ text }} {{ number }} {{ decimal }} {{ safe }} {{ card(text) }} {{ none }}</p>
{% set captured %}<i>{{ text }}</i>{% endset %}{{ captured }} {{ text | upper }} {{ safe ~ text }}
{% autoescape false %}{{ text }}{% endautoescape %} {{ html_object }}
"""


class _HasHtml:
    def __html__(self) -> str:
        return "<em>already safe</em>"


VALUES = {
    "text": "Tom & \"Jerry\" <'quoted'>",
    "number": 12,
    "decimal": 0.5,
    "safe": Markup("<br>"),
    "none": None,
    "html_object": _HasHtml(),
}


def _rendered(generator: type[jinja2.compiler.CodeGenerator] | None) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True)
    if generator is not None:
        env.code_generator_class = generator
    return env.from_string(TEMPLATE).render(VALUES)


def test_output_is_escaped_as_jinja_escapes_it() -> None:
    assert _rendered(EscapingCodeGenerator) == _rendered(None)
    assert "Tom &amp; &#34;Jerry&#34; &lt;&#39;quoted&#39;&gt;" in _rendered(EscapingCodeGenerator)


def test_without_markupsafes_private_escape_the_output_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _rendered(None)
    monkeypatch.setattr(template_runtime, "_escape_inner", None)
    assert _rendered(EscapingCodeGenerator) == expected


def test_without_jinjas_private_method_jinjas_own_generator_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(jinja2.compiler.CodeGenerator, "_output_child_pre")
    assert escaping_generator() is jinja2.compiler.CodeGenerator


def test_an_undefined_value_still_fails_the_page() -> None:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.code_generator_class = EscapingCodeGenerator
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()
