"""The tools the browser tests drive, where they are, and why one cannot be used here.

Chromium driven by Playwright (tests marked `browser`), axe-core and the Nu Html Checker from npm
(`npm ci --prefix tests/tools --ignore-scripts`), Java for vnu.jar. Set INFOBLOKK_CHROMIUM to a
Chromium binary if `chromium` is not on the PATH. Screenshots and the printed PDF go to
tests/artifacts/.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

from tests.helpers import REPO

TOOLS = REPO / "tests" / "tools" / "node_modules"
AXE_SCRIPT = TOOLS / "axe-core" / "axe.min.js"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = REPO / "tests" / "artifacts"
INSTALL = "npm ci --prefix tests/tools --ignore-scripts"

VIEWPORTS = {"desktop": (1366, 768), "phone": (375, 667)}
# We run as root on a closed network: no sandbox, nothing phoning home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def chromium_path() -> str | None:
    """INFOBLOKK_CHROMIUM if set (and a file), else `chromium` or `chromium-browser` on the PATH."""
    chosen = os.environ.get("INFOBLOKK_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing(tool: str) -> str | None:
    """Why `tool` ("chromium", "axe" or "vnu") cannot be used here, or None when it can."""
    if tool == "chromium":
        if importlib.util.find_spec("playwright") is None:
            return "the playwright package is missing (pip install -e '.[test]')"
        if chromium_path() is None:
            return "Chromium is missing (apt-get install chromium, or set INFOBLOKK_CHROMIUM to its binary)"
    elif tool == "axe":
        if not AXE_SCRIPT.is_file():
            return f"axe-core is missing from tests/tools ({INSTALL})"
    elif tool == "vnu":
        if shutil.which("java") is None:
            return "java is missing for the Nu Html Checker (apt-get install default-jre-headless)"
        if not VNU_JAR.is_file():
            return f"vnu.jar is missing from tests/tools ({INSTALL})"
    else:
        raise ValueError(f"unknown tool {tool!r}")
    return None
