"""Slugs: the ASCII names that become folders and anchors in the output.

Letters of any alphabet are spelt in ASCII by python-slugify (through text-unidecode):
`Bjørn Østerås` → `bjorn-osteras`, `Straße` → `strasse`, `Tărâță Șoimuș` → `tarata-soimus`.
Everything else is kept as infoblokk always made it, so that published addresses and heading
anchors (`#celok`) do not change: other ASCII characters separate words (`don't` → `don-t`,
`2,5 millió` → `2-5-millio`, `a_b` → `a-b`), and other non-ASCII characters (curly quotes and
apostrophes, dashes, `€`, `§`, emoji) are dropped.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from slugify import slugify as ascii_slug

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NON_ASCII_NON_LETTER = re.compile(r"[^\x00-\x7f\w]+")  # \w here: letters and digits of any script
ASCII_NON_LETTER = re.compile(r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+")  # ASCII but a-z, A-Z, 0-9


@functools.lru_cache(maxsize=4096)  # a pure function, called for every project's county, tags, …
def slugify(text: str) -> str:
    """`Zala megyei együttműködés` → `zala-megyei-egyuttmukodes`; only a–z, 0–9 and hyphens."""
    composed = unicodedata.normalize("NFKC", text)  # ﬁ → fi, ½ → 1⁄2, and á stays one letter
    words = ASCII_NON_LETTER.sub(" ", NON_ASCII_NON_LETTER.sub("", composed))
    # The text is plain, not HTML; the backend is named so that an installed Unidecode
    # (whose tables differ) can never change a published address.
    return ascii_slug(words, entities=False, decimal=False, hexadecimal=False, backend="text-unidecode")


def is_slug(text: str) -> bool:
    """True for a name that cannot leave its folder: no dots, slashes or spaces."""
    return SLUG_PATTERN.fullmatch(text) is not None
