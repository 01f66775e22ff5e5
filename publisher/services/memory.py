"""Translation memory: every approved translation is kept and reused.

Entries are keyed by the segment's *masked* source (protected spans replaced by ⟦N⟧),
normalized (Unicode NFC, whitespace collapsed), and the language pair. A sentence that
differs only in its numbers or dates therefore matches too: the placeholders carry the
new values, rendered for the locale at assembly.

Exact matches are used before any machine translation (origin memory, approved when the
entry was). Fuzzy matches (rapidfuzz's normalized Indel similarity, 75 or more) are
offered to translators on the review screen with their score and source article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from publisher.core.articles import Segment
from publisher.core.enums import Origin, Status
from publisher.core.locales import NUMBER_AGREEMENT
from publisher.core.protect import mask
from publisher.core.qa import Severity, check_translation
from publisher.db import repository as repo
from publisher.db.session import Database

FUZZY_THRESHOLD = 75.0
FUZZY_LIMIT = 3
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The form memory compares: NFC, single spaces, no outer whitespace."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def memory_key(normalized: str) -> str:
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def masked_source(segment: Segment) -> str:
    """The segment as memory stores it: masked and normalized."""
    return normalize(mask(segment.text, segment.spans))


@dataclass(frozen=True)
class FuzzyMatch:
    score: float
    entry: repo.MemoryRecord


def remember_segment(
    session: Session,
    *,
    segment: Segment,
    source_locale: str,
    target_locale: str,
    target_text: str,
    article_id: int | None,
    article_slug: str | None,
    origin: str,
    approved: bool,
    changed_by: str | None,
) -> None:
    """Keep ``target_text`` as the memory's translation of this segment's source."""
    source = masked_source(segment)
    if not source or not target_text.strip():
        return
    repo.remember(
        session,
        source_locale=source_locale,
        target_locale=target_locale,
        source_key=memory_key(source),
        source_text=source,
        source_plain=normalize(segment.text),
        target_text=target_text.strip(),
        article_id=article_id,
        article_slug=article_slug,
        origin=origin,
        approved=approved,
        changed_by=changed_by,
    )


def may_approve_match(entry: repo.MemoryRecord, segment: Segment, target_locale: str) -> bool:
    """Whether an exact match may be stored as approved without a person looking: the
    entry is approved, and either the numbers are the same or the language does not make
    nouns agree with them."""
    if not entry.approved:
        return False
    if target_locale not in NUMBER_AGREEMENT:
        return True
    return entry.source_plain is not None and entry.source_plain == normalize(segment.text)


def exact_matches(
    database: Database, segments: Sequence[Segment], *, source_locale: str, target_locale: str
) -> dict[int, repo.MemoryRecord]:
    """Memory entries matching the segments exactly, by position in ``segments``."""
    keys = [memory_key(masked_source(s)) for s in segments]
    with database.session() as session:
        found = repo.exact_matches(
            session, source_locale=source_locale, target_locale=target_locale, keys=keys
        )
    return {i: found[key] for i, key in enumerate(keys) if key in found}


def store_exact_match(
    session: Session,
    *,
    segment_id: int,
    segment: Segment,
    entry: repo.MemoryRecord,
    locale: str,
    terms: Sequence[repo.TermRecord],
) -> tuple[bool, bool]:
    """Store ``entry`` as the segment's translation (origin memory), QA-checked; approved
    only when a person would have nothing to check: an approved entry, no QA error on it
    here, and numbers that need no new agreement. A translator's text or an approved one
    is never replaced. Returns (approved, written)."""
    warnings = check_translation(segment, entry.target_text, locale=locale, glossary=terms)
    approve = may_approve_match(entry, segment, locale) and not any(
        w.severity is Severity.ERROR for w in warnings
    )
    written = repo.upsert_translation(
        session,
        segment_id=segment_id,
        locale=locale,
        text=entry.target_text,
        origin=Origin.MEMORY,
        status=Status.APPROVED if approve else Status.NEEDS_REVIEW,
        engine=f"memory:{entry.id}",
        warnings=[w.to_json() for w in warnings],
    )
    return approve and written, written


def fuzzy_matches(
    database: Database,
    segments: Sequence[Segment],
    *,
    source_locale: str,
    target_locale: str,
    threshold: float = FUZZY_THRESHOLD,
    limit: int = FUZZY_LIMIT,
) -> dict[int, list[FuzzyMatch]]:
    """For each segment (by position), memory entries at least ``threshold`` similar,
    best first; an exact match is left out (it is applied, not offered)."""
    with database.session() as session:
        entries = repo.memory_entries(
            session, source_locale=source_locale, target_locale=target_locale
        )
    if not entries:
        return {}
    choices = [entry.source_text for entry in entries]
    found: dict[int, list[FuzzyMatch]] = {}
    for index, segment in enumerate(segments):
        query = masked_source(segment)
        hits = process.extract(
            query, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit + 1
        )
        matches = [
            FuzzyMatch(round(score, 1), entries[i])
            for _, score, i in hits
            if entries[i].source_text != query
        ]
        if matches:
            found[index] = matches[:limit]
    return found
