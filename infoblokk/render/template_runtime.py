"""How templates run: as Jinja runs them, without the work a page does not need.

Calls: a template's context (`DirectCalls`) calls plain functions, methods and macros straight
away, where Jinja asks every callee at every call whether it wants the context passed first.

Output: escaped as Jinja escapes it, without a Markup object for each value.

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

import types
from collections.abc import Callable
from typing import Any

import jinja2.runtime
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


class DirectCalls(jinja2.runtime.Context):
    """A template's context that calls plain functions, methods and macros straight away.

    Jinja's own `call` asks every callee, at every call, whether it wants the context or the
    environment passed first (`jinja2.pass_context`); a page makes hundreds of calls (`url`,
    the macros), nearly all of callees that want neither. Those are called here directly, as
    Jinja would call them; any other callee goes Jinja's way."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's names)
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, _PASS_ARG):
            return super().call(__obj, *args, **kwargs)
        if kwargs:  # what Jinja adds for callees that want the context, dropped as it does
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


_PLAIN_CALLABLES = frozenset(
    {types.FunctionType, types.MethodType, types.BuiltinFunctionType, jinja2.runtime.Macro}
)
"""Callables that take the context only if marked so (by `_PASS_ARG`): a class, or an object
with `__call__`, may say so on its `__call__` and goes Jinja's way."""
_PASS_ARG = "jinja_pass_arg"  # how `jinja2.pass_context` and its kind mark a function
