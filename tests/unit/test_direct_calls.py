"""Templates call the context's functions and macros as Jinja would, whichever way the call goes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jinja2

from infoblokk.render.template_runtime import DirectCalls

TEMPLATE = """\
{% macro card(title) %}<b>{{ title }}</b>{{ caller() if caller else "" }}{% endmacro %}
{{ plain("a") }} {{ method("b") }} {{ named(value="c") }} {{ page_name() }} {{ "x,y".split(",") }}
{% for word in ["d", "e"] %}{{ plain(word) }}{{ card(word) }}{{ loop.cycle("1", "2") }}{% endfor %}
{% call card("f") %}inside{% endcall %}
{{ empty() is undefined }} {{ dict(a=1) }} {{ range(2) | list }}
"""


@jinja2.pass_context
def _page_name(context: jinja2.runtime.Context) -> str:
    return str(context["name"])


def _empty() -> Iterator[str]:
    raise StopIteration


def _rendered(direct: bool) -> str:
    env = jinja2.Environment(autoescape=True)
    if direct:
        env.context_class = DirectCalls
    context: dict[str, Any] = {
        "plain": lambda text: f"<{text}>",
        "method": "-{}-".format,
        "named": lambda value: value.upper(),
        "page_name": _page_name,
        "empty": _empty,
        "name": "home",
    }
    return env.from_string(TEMPLATE).render(context)


def test_direct_calls_render_what_jinja_renders() -> None:
    assert _rendered(direct=True) == _rendered(direct=False)
    assert "home" in _rendered(direct=True)  # a function that asks for the context gets it
