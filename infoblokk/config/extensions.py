"""The Markdown extensions a site may name in `[markdown] extensions`, checked before the build.

Python-Markdown imports whatever module an extension's name names, so an unchecked name would
run any importable module (`"this"` prints the Zen of Python) and a typo would stop the build
with a traceback. A name is accepted only when it is

- one of Python-Markdown's own extensions, by its short name (`abbr`, `footnotes`) or in full
  (`markdown.extensions.abbr`);
- an extension an installed package registers with Python-Markdown (an entry point of the
  group `markdown.extensions`);
- the dotted name of an installed module whose source defines `makeExtension`
  (`pymdownx.tilde`), found and read without importing it.

Anything else is a problem with a "did you mean" and the list of Python-Markdown's own names;
nothing is imported to find out. An accepted extension is then started once, so that one
that fails (a missing dependency) is reported here, with the configuration's line, rather
than in the middle of a build.
"""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.util
import pkgutil
from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path

import markdown
import markdown.extensions

from infoblokk.config.schema import did_you_mean
from infoblokk.errors import Problem
from infoblokk.messages import Text

BUILT_IN = tuple(sorted(module.name for module in pkgutil.iter_modules(markdown.extensions.__path__)))
"""Python-Markdown's own extensions, by short name."""


def extension_problems(names: Sequence[str], path: Path, line: int | None) -> tuple[Problem, ...]:
    """A problem for every name that is not a Markdown extension, or that fails to start."""
    problems: list[Problem] = []
    for name in names:
        if not is_markdown_extension(name):
            problems.append(_unknown(name, path, line))
        else:
            failure = _start_failure(name)
            if failure:
                problems.append(
                    Problem(
                        Text(
                            "the Markdown extension '{name}' could not be started: {failure}",
                            name=name,
                            failure=failure,
                        ),
                        path,
                        line,
                        Text("install what it needs (see its documentation), or remove it from the list"),
                    )
                )
    return tuple(problems)


def is_markdown_extension(name: str) -> bool:
    """True for a name Python-Markdown can load as an extension (see the module docstring)."""
    if name in BUILT_IN or name.removeprefix("markdown.extensions.") in BUILT_IN:
        return True
    if name in _registered():
        return True
    return "." in name and _defines_make_extension(name)


def _registered() -> set[str]:
    return {entry.name for entry in entry_points(group="markdown.extensions")}


def _defines_make_extension(dotted: str) -> bool:
    """Whether the module's source has a top-level `makeExtension`, read without importing it."""
    source = _module_source(dotted)
    if source is None:
        return False
    try:
        tree = ast.parse(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return False
    return "makeExtension" in _top_level_names(tree)


def _module_source(dotted: str) -> Path | None:
    """The `.py` file of a module, found the way `import` would find it, but without running any
    package's `__init__` (which `importlib.util.find_spec` of a dotted name would)."""
    parts = dotted.split(".")
    if not all(part.isidentifier() for part in parts):
        return None
    try:
        spec = importlib.util.find_spec(parts[0])  # a top-level name: nothing is imported
        for depth in range(2, len(parts) + 1):
            if spec is None or spec.submodule_search_locations is None:
                return None
            locations = list(spec.submodule_search_locations)
            spec = importlib.machinery.PathFinder.find_spec(".".join(parts[:depth]), locations)
    except (ImportError, ValueError):
        return None
    origin = spec.origin if spec else None
    return Path(origin) if origin and origin.endswith(".py") else None


def _top_level_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def _start_failure(name: str) -> str | None:
    """Why the extension cannot be started, in its own words; None when it starts."""
    try:
        markdown.Markdown(extensions=[name])
    except Exception as error:  # an extension can fail in any way: it is someone else's code
        return str(error) or type(error).__name__
    return None


def _unknown(name: str, path: Path, line: int | None) -> Problem:
    guess = did_you_mean(name.removeprefix("markdown.extensions."), [*BUILT_IN, *sorted(_registered())])
    known = Text(
        "Python-Markdown's own extensions are {names}; "
        "an installed extension goes by its module name, e.g. pymdownx.tilde",
        names=", ".join(BUILT_IN),
    )
    hint = Text("did you mean '{guess}'? {known}", guess=guess, known=known) if guess else known
    return Problem(Text("'{name}' is not a Markdown extension", name=name), path, line, hint)
