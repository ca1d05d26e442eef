"""The package's layout is its architecture: stages in subpackages, imports running one way.

Each subpackage is a stage or a part beside the build (see `infoblokk/__init__.py`). A module
may import its own subpackage and the layers below it, never one above: the banner does not
know the content model, no stage knows the orchestrator. And the package, as a wheel, holds
every subpackage and its data: installed on its own, it builds the example site.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "infoblokk"

# Lowest first. A module may import from its own layer and from any layer before it.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "layout", "output", "messages", "collection"}),
    frozenset({"config"}),
    frozenset({"banner"}),
    frozenset({"content"}),
    frozenset({"importing"}),
    frozenset({"render"}),
    frozenset({"outputs", "publicity"}),
    frozenset({"check"}),
    frozenset({"swap", "write", "lock", "unchanged", "outcome"}),
    frozenset({"site"}),
    frozenset({"report"}),
    frozenset({"serve"}),
    frozenset({"cli"}),
)
SUBPACKAGES = (
    "config",
    "content",
    "banner",
    "render",
    "outputs",
    "publicity",
    "check",
    "serve",
    "importing",
    "cli",
)


def part_of(module: str) -> str:
    """`infoblokk.render.pages` → `render`; the part of the house a module belongs to."""
    return module.split(".")[1]


def layer_of(part: str) -> int:
    return next(index for index, parts in enumerate(LAYERS) if part in parts)


def module_name(path: Path) -> str:
    relative = path.relative_to(REPO).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """The infoblokk modules a file imports (`from infoblokk import x` counts as infoblokk.x)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("infoblokk"):
            names = [alias.name for alias in node.names]
            found |= (
                {f"{node.module}.{name}" for name in names} if node.module == "infoblokk" else {node.module}
            )
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("infoblokk.")}
    return {name for name in found if name != "infoblokk.__version__"}


def modules() -> list[Path]:
    return sorted(
        path for path in PACKAGE.rglob("*.py") if path.name != "__init__.py" or path.parent != PACKAGE
    )


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {part_of(module_name(path)) for path in modules()}
    assert parts <= {part for layer in LAYERS for part in layer}, parts


def test_no_import_runs_from_a_lower_layer_up_to_a_higher_one() -> None:
    upward = [
        f"{module_name(path)} imports {imported}"
        for path in modules()
        for imported in imports_of(path)
        if layer_of(part_of(imported)) > layer_of(part_of(module_name(path)))
    ]
    assert upward == []


def test_the_banner_does_not_know_the_content_model() -> None:
    banner_imports = {name for path in (PACKAGE / "banner").glob("*.py") for name in imports_of(path)}
    assert not {name for name in banner_imports if part_of(name) in ("content", "render", "outputs")}


def test_every_subpackage_has_a_table_of_contents_naming_its_modules() -> None:
    for name in SUBPACKAGES:
        folder = PACKAGE / name
        docstring = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert docstring, f"{name}/__init__.py has no docstring"
        for module in folder.glob("*.py"):
            if module.name != "__init__.py":
                assert module.stem in docstring, f"{name}/__init__.py does not name {module.stem}"


def test_the_layers_in_the_package_docstring_match_the_folders() -> None:
    docstring = ast.get_docstring(ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))) or ""
    for name in SUBPACKAGES:
        assert f"{name}/" in docstring


@pytest.mark.slow
def test_the_wheel_holds_every_subpackage_and_builds_the_example_site(tmp_path: Path) -> None:
    """Built from a copy of the sources and installed on its own, outside this repository."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "setup.py"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(PACKAGE, source / "infoblokk", ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(source)], check=True, cwd=tmp_path)
    (wheel,) = wheels.glob("infoblokk-*.whl")
    with zipfile.ZipFile(wheel) as archive:  # the message catalogues, compiled by setup.py
        names = set(archive.namelist())
    assert {f"infoblokk/locale/{code}/LC_MESSAGES/infoblokk.mo" for code in ("hu", "ro")} <= names
    installed = tmp_path / "installed"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(installed), str(wheel)], check=True)

    site = tmp_path / "site"
    site.mkdir()
    for name in ("content", "themes"):
        shutil.copytree(REPO / name, site / name)
    shutil.copy(REPO / "site_config.toml", site / "site_config.toml")
    environment = {**os.environ, "PYTHONPATH": str(installed)}
    script = (
        "import infoblokk, sys; from infoblokk.cli import main; print(infoblokk.__file__); sys.exit(main())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "build", "--site", str(site)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(installed)), result.stdout  # the wheel's copy, not this checkout
    page = (site / "public" / "projektek").glob("*/index.html")
    assert all("data-infoblokk=" in path.read_text(encoding="utf-8") for path in page)
    assert (site / "public" / "_infoblokk").is_dir()
    hungarian = subprocess.run(
        [sys.executable, "-c", script, "build", "--site", str(site), "--lang", "hu"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert "\nElkészült: " in hungarian.stdout, hungarian.stdout  # the installed catalogues
