"""`init`: a new site in a folder of its own, ready to build.

The starting point is a small site kept as files in `starter/`: `site_config.toml` with
every key explained in Hungarian comments, and one sample project with realistic (invented)
facts. `init` copies it, makes the empty content folders, and sets `base_url` if it is given.
The default theme is not copied: it ships inside infoblokk, and the site uses it from there.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pydantic import ValidationError

from infoblokk.config.settings import EXAMPLE_BASE_URL, SiteConfig
from infoblokk.errors import BuildFailed, Problem
from infoblokk.layout import CONFIG_FILE, KIND_FOLDERS, SiteFolders
from infoblokk.messages import Text

STARTER_SITE = Path(__file__).resolve().parent / "starter"
"""The files of a new site, copied as they are."""


def create_site(folder: Path, base_url: str | None = None) -> tuple[Path, ...]:
    """Make a new site in `folder` (new or empty); return the files written.

    BuildFailed, with nothing written, if the folder holds anything or `base_url` is not a
    web address.
    """
    _refuse_a_used_folder(folder)
    if base_url is not None:
        base_url = _checked_base_url(base_url)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(STARTER_SITE, folder, dirs_exist_ok=True)
        folders = SiteFolders(folder)
        for kind_folder in (*KIND_FOLDERS, "static"):
            (folders.content / kind_folder).mkdir(exist_ok=True)
        if base_url is not None:
            _set_base_url(folders.config_file, base_url)
    except OSError as error:
        shown = Path(error.filename) if error.filename else folder
        hint = Text("check that you may write there, or name another folder")
        message = Text("the site could not be made: {reason}", reason=error.strerror or error)
        raise BuildFailed((Problem(message, shown, hint=hint),)) from None
    return tuple(sorted(path for path in folder.rglob("*") if path.is_file()))


def _refuse_a_used_folder(folder: Path) -> None:
    if folder.is_dir() and not any(folder.iterdir()):
        return
    if not folder.exists():
        return
    message = (
        Text(
            "{folder} is not empty: init makes a new site only in a new or empty folder, so that "
            "nothing of yours is overwritten",
            folder=folder,
        )
        if folder.is_dir()
        else Text(
            "{folder} is a file: init makes a new site only in a new or empty folder, so that "
            "nothing of yours is overwritten",
            folder=folder,
        )
    )
    hint = Text("name a folder that does not exist yet: infoblokk init uj-honlap")
    raise BuildFailed((Problem(message, hint=hint),))


def _checked_base_url(base_url: str) -> str:
    try:
        return SiteConfig(title="-", base_url=base_url).base_url
    except ValidationError:
        raise BuildFailed(
            (
                Problem(
                    Text("--base-url '{address}' is not a web address", address=base_url),
                    hint=Text(
                        "the full address where the site will be published: "
                        "--base-url https://www.example.hu/efop/"
                    ),
                ),
            )
        ) from None


def _set_base_url(config_file: Path, base_url: str) -> None:
    text = config_file.read_text(encoding="utf-8")
    line = f'base_url = "{EXAMPLE_BASE_URL}"'
    assert line in text, f"the starter's {CONFIG_FILE} has no example base_url line"
    config_file.write_text(text.replace(line, f'base_url = "{base_url}"'), encoding="utf-8")
