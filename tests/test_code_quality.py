"""The code stays as the style guide asks: ruff-clean and strictly typed.

The tests stay independent: no test file imports a test module or a conftest.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True)


def test_ruff_finds_nothing_to_complain_about() -> None:
    result = run_tool("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes_on_the_package() -> None:
    result = run_tool("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def imported_modules(source: str, package: tuple[str, ...]) -> list[tuple[int, str]]:
    """(line, dotted name) of every module a file of `package` imports; `from a import b` gives a.b too."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def is_test_module_or_conftest(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "tests" and any(part.startswith("test_") or part == "conftest" for part in parts[1:])


def test_no_test_file_imports_a_test_module_or_a_conftest() -> None:
    """Shared code goes to tests/helpers.py (browser: tools.py, serving.py), shared fixtures to conftests."""
    offending = [
        f"{path.relative_to(REPO)}:{line}: imports {module}"
        for path in sorted((REPO / "tests").rglob("*.py"))
        if "node_modules" not in path.parts
        for line, module in imported_modules(
            path.read_text(encoding="utf-8"), path.relative_to(REPO).parent.parts
        )
        if is_test_module_or_conftest(module)
    ]
    assert not offending, "move what is shared to tests/helpers.py or a fixture:\n" + "\n".join(offending)


@pytest.mark.parametrize(
    ("statement", "forbidden"),
    [
        ("from tests.test_example_site import TODAY", True),
        ("from tests.conftest import run_cli", True),
        ("from tests.browser.conftest import REPO", True),
        ("from tests.unit import test_siteapp", True),
        ("from .test_siteapp import BROKEN", True),
        ("from . import conftest", True),
        ("import tests.conftest", True),
        ("from tests.helpers import TODAY, page", False),
        ("from tests.browser.serving import Server", False),
        ("from infoblokk.site import build_site", False),
    ],
)
def test_the_import_rule_sees_every_way_of_importing(statement: str, forbidden: bool) -> None:
    modules = [module for _, module in imported_modules(statement, ("tests", "unit"))]
    assert any(map(is_test_module_or_conftest, modules)) is forbidden, modules
