"""Glossaries: terms with their required translations, per language pair.

A term matches in a source text case-insensitively at word boundaries. A translation
"keeps" a required translation when it contains it case-insensitively, allowing the
suffixes Turkic languages and Russian add (Жапаров → Жапаровдун, Жапарова): the
required form is looked for as the start of a word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from publisher.db.repository import TermRecord


@lru_cache(maxsize=2048)
def _term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=2048)
def _translation_pattern(translation: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(translation)}", re.IGNORECASE)


def terms_in(source: str, terms: Sequence[TermRecord]) -> list[TermRecord]:
    """The terms that occur in ``source``, longest first (so "Foreign Ministry" wins
    over "Ministry" when highlighting)."""
    found = [t for t in terms if _term_pattern(t.term).search(source)]
    return sorted(found, key=lambda t: -len(t.term))


def missing_terms(source: str, translated: str, terms: Sequence[TermRecord]) -> list[TermRecord]:
    """Terms of ``source`` whose required translation ``translated`` lacks."""
    return [
        t for t in terms_in(source, terms)
        if not _translation_pattern(t.translation).search(translated)
    ]
