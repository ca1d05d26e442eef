"""A bug in infoblokk: one short paragraph for the user, the traceback saved to a file."""

from __future__ import annotations

import platform
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from infoblokk import __version__
from infoblokk.layout import SiteFolders
from infoblokk.messages import Text


def bug_note(error: Exception, site_dir: Path, words: list[str]) -> Text:
    """What the user reads about a bug: that it is one, where its details are, whom to tell."""
    saved = _save_traceback(error, site_dir, words)
    what = f"{type(error).__name__}: {error}"
    what = what if len(what) <= 200 else what[:199] + "…"
    where = (
        Text("Its details are saved in {file}.", file=_shown(saved, site_dir))
        if saved
        else Text("Its details could not be saved: no folder could be written to.")
    )
    return Text(
        "infoblokk stopped because of a bug in infoblokk itself, not because of anything in your site "
        "({what}). {where} Please report it, with that file and the command you ran, to whoever looks "
        "after infoblokk for you or in infoblokk's issue tracker. Meanwhile, renaming the "
        ".infoblokk-cache folder (it only makes rebuilds faster) and running the command again may "
        "get round it.",
        what=what,
        where=where,
    )


def _save_traceback(error: Exception, site_dir: Path, words: list[str]) -> Path | None:
    """The traceback, written to a new file in the site's cache or else the temporary folder."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    report = "\n".join(
        [
            f"infoblokk {__version__}, Python {sys.version.split()[0]}, {platform.platform()}",
            f"command: python build.py {' '.join(words)}",
            f"site: {site_dir}",
            f"time: {stamp}",
            "",
            "".join(traceback.format_exception(error)),
        ]
    )
    for folder in (SiteFolders(site_dir).cache, Path(tempfile.gettempdir())):
        path = folder / f"infoblokk-crash-{stamp}.txt"
        try:
            folder.mkdir(exist_ok=True)
            with path.open("x", encoding="utf-8") as file:
                file.write(report)
            return path
        except OSError:
            continue
    return None


def _shown(path: Path, site_dir: Path) -> str:
    return str(path.relative_to(site_dir)) if path.is_relative_to(site_dir) else str(path)
