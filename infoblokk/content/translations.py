"""Translations: `zala.en.md` beside `zala.md` is the English page of the same project.

A translation needs only what differs: its title, summary and body, in its language. Every
fact it leaves out (the grant, the dates, the ID…) is taken from the original, so figures are
written once and cannot disagree between languages. Translations live under a language prefix
(`en/projects/zala-felzarkozas/`); listings, feeds and open data stay in the site's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from types import MappingProxyType

from infoblokk.content.sources import SourceFile
from infoblokk.errors import Problem
from infoblokk.messages import Text

NOT_INHERITED = frozenset({"draft", "lang"})


def is_translation(source: SourceFile, site_language: str) -> bool:
    return source.language is not None and source.language != site_language


def originals_of(
    translations: Iterable[SourceFile], originals: Iterable[SourceFile]
) -> tuple[list[tuple[SourceFile, SourceFile]], list[Problem]]:
    """Each translation paired with its original; a translation without one is a problem.

    A translation of a draft, or of a file that could not be read, is left out with it.
    """
    by_key = {(source.kind, source.name): source for source in originals}
    pairs: list[tuple[SourceFile, SourceFile]] = []
    problems: list[Problem] = []
    for translation in translations:
        original = by_key.get((translation.kind, translation.name))
        original_path = translation.source_path.with_name(f"{translation.name}.md")
        if original is not None:
            pairs.append((translation, original))
        elif not original_path.exists():
            problems.append(_orphan(translation))
        # else the original is a draft, or unreadable and reported itself: leave the translation out
    return pairs, problems


def _orphan(translation: SourceFile) -> Problem:
    return Problem(
        Text("this translation has no original: there is no {name}.md beside it", name=translation.name),
        translation.source_path,
        1,
        Text(
            "a translation is named after the file it translates: {name}.md → {name}.{language}.md",
            name=translation.name,
            language=translation.language,
        ),
    )


def merged_with_original(translation: SourceFile, original: SourceFile) -> SourceFile:
    """The translation, with every fact it leaves out taken from the original."""
    inherited = {
        k: v for k, v in original.meta.items() if k not in NOT_INHERITED and k not in translation.meta
    }
    return replace(translation, meta=MappingProxyType({**inherited, **translation.meta}))
