"""Slugs: the ASCII names that become folders and anchors in the output."""

from __future__ import annotations

import re
import unicodedata

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slugify(text: str) -> str:
    """`Zala megyei együttműködés` → `zala-megyei-egyuttmukodes`; only a–z, 0–9 and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words)


def is_slug(text: str) -> bool:
    """True for a name that cannot leave its folder: no dots, slashes or spaces."""
    return SLUG_PATTERN.fullmatch(text) is not None
