"""Template output escaped as Jinja escapes it, without a Markup object for each value.

With autoescaping, Jinja writes each `{{ value }}` as `escape(value)`, and MarkupSafe's
`escape` wraps the escaped text in a new `Markup` object, which the page's output joins and
throws away at once: making those objects took about a tenth of the time of rendering a page.
`EscapingCodeGenerator` writes `escape_text(value)` instead, which gives the same characters as
a plain string.

Both rely on private parts of their libraries (Jinja's `CodeGenerator._output_child_pre`,
MarkupSafe's `_escape_inner`). Where either is missing, what Jinja and MarkupSafe do themselves
is used instead, and the pages are the same, only made a little slower (`escaping_generator`,
`escape_text`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import markupsafe
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr, Template

_escape_inner: Callable[[str], str] | None = getattr(markupsafe, "_escape_inner", None)
"""MarkupSafe's escaping of text into text; without it, its public `escape`, made into text."""

ESCAPE_TEXT = "_infoblokk_escape_text"  # its name in the generated code of a template


def escape_text(value: Any, /) -> str:
    """`markupsafe.escape(value)` as a plain string: the same characters, no Markup object."""
    if _escape_inner is None:
        return str(markupsafe.escape(value))
    if type(value) is str:
        return _escape_inner(value)
    if hasattr(value, "__html__"):  # Markup, a macro's output: already safe, as `escape` takes it
        html = value.__html__()
        return html if isinstance(html, str) else str(html)
    return _escape_inner(str(value))


class EscapingCodeGenerator(CodeGenerator):
    """Jinja's code generator, calling `escape_text` where it would call `escape` on output."""

    def visit_Template(self, node: Template, frame: Frame | None = None) -> None:  # noqa: N802 (Jinja's name)
        self.writeline(f"from {__name__} import escape_text as {ESCAPE_TEXT}")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write(f"{ESCAPE_TEXT}(")
        if finalize.src is not None:
            self.write(finalize.src)


def escaping_generator() -> type[CodeGenerator]:
    """`EscapingCodeGenerator`, or Jinja's own where it no longer has the method replaced."""
    if callable(getattr(CodeGenerator, "_output_child_pre", None)):
        return EscapingCodeGenerator
    return CodeGenerator
