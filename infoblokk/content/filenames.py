"""Names that every file system can hold, checked before they become files of the output.

A built site is copied around: to a web server, a Windows file share, a USB stick. So every
folder and file name of the output must be valid on Windows too, and short enough for it:

- at most `MAX_NAME_LENGTH` characters (Windows stops at 260 for a whole path, Linux at 255
  bytes for one name, and a slug longer than this is a sentence, not an address);
- none of the names Windows keeps for devices (`CON`, `NUL`, `COM1`…), with or without an
  extension, in any case;
- none of the characters Windows forbids (`< > : " | ? * \\` and control characters), and no
  dot or space at the end (Windows drops them, so two names would become one).

Slugs only ever hold a–z, 0–9 and hyphens, so for them only the length and the device names
matter; static files keep their own names and are checked for everything.
"""

from __future__ import annotations

import hashlib

from infoblokk.messages import Text

MAX_NAME_LENGTH = 100
WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{port}{number}" for port in ("com", "lpt") for number in "123456789¹²³"}
)
FORBIDDEN_CHARACTERS = frozenset('<>:"|?*\\') | frozenset(chr(code) for code in range(32))


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a file or folder name of the output, in plain words; None if it can."""
    if len(name) > MAX_NAME_LENGTH:
        return Text(
            "the name is {length} characters long; a name in the site can have {most} at most",
            length=len(name),
            most=MAX_NAME_LENGTH,
        )
    if name.split(".")[0].strip().lower() in WINDOWS_DEVICES:
        return Text(
            "'{name}' is a name Windows keeps for a device, so the site could not be copied to Windows",
            name=name,
        )
    forbidden = sorted({c for c in name if c in FORBIDDEN_CHARACTERS})
    if forbidden:
        shown = " ".join(repr(c)[1:-1] for c in forbidden)
        return Text(
            "the name '{name}' has characters Windows does not allow in file names: {shown}",
            name=name,
            shown=shown,
        )
    if name.endswith((".", " ")):
        return Text("the name '{name}' ends in a dot or a space, which Windows drops", name=name)
    return None


def shorter_slug(slug: str) -> str:
    """A slug that is a good name (see `name_problem`); `slug` itself when it already is.

    Used where no one wrote the slug (a county's or tag's list page): a long one is cut at a
    hyphen and a device name is lengthened, each with a few characters of the slug's digest so
    that two different slugs stay two different names.
    """
    if name_problem(slug) is None:
        return slug
    tag = hashlib.sha256(slug.encode("utf-8")).hexdigest()[:8]
    kept = slug[: MAX_NAME_LENGTH - len(tag) - 1]
    if "-" in kept and len(slug) > MAX_NAME_LENGTH:
        kept = kept.rsplit("-", 1)[0]
    return f"{kept}-{tag}"


def suggested_slug(slug: str) -> str:
    """A slug to suggest instead of one that is too long or a device name: its first words."""
    if slug.split(".")[0].lower() in WINDOWS_DEVICES:
        return f"{slug}-1"
    words = slug[: MAX_NAME_LENGTH // 2].split("-")
    return "-".join(words[:-1] if len(words) > 1 and len(slug) > MAX_NAME_LENGTH // 2 else words)
