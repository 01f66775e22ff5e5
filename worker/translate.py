"""Translate one batch of segments into one locale and store the results.

The database, not the broker, is the source of truth: every segment of the batch ends
with a row keyed by (segment, locale), written by an upsert that never overwrites a
translation a human approved. Segments the translation memory knows exactly are taken
from it first (origin memory) and never reach the engine. A locale with no model stores
the rest as awaiting a human translator; a permanent engine failure stores them as
failed with the error. Every translation is checked (publisher.core.qa) against its source
and the language pair's glossary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

from publisher.core.enums import USABLE_STATUSES
from publisher.core.protect import mask
from publisher.core.qa import Severity, check_translation
from publisher.db import repository as repo
from publisher.db.models import Origin, Status
from publisher.db.session import Database
from publisher.services import memory
from worker.engines.base import (
    Engine,
    EngineError,
    NoRouteError,
    Route,
    Scored,
    engine_setting,
    translate_scored,
)


@dataclass(frozen=True)
class BatchOutcome:
    article_id: int
    locale: str
    translated: int = 0
    awaiting_human: int = 0
    failed: int = 0
    skipped: int = 0
    memory: int = 0
    locale_done: bool = False

    @property
    def changed(self) -> bool:
        """Did this run write anything? A redelivered or duplicate batch writes nothing."""
        return bool(self.translated or self.awaiting_human or self.failed or self.memory)

    def summary(self) -> str:
        return (
            f"translated {self.translated}, memory {self.memory}, awaiting a human "
            f"{self.awaiting_human}, failed {self.failed}, skipped {self.skipped}"
        )

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "changed": self.changed}


def translate_segments(
    database: Database,
    engine: Engine,
    *,
    article_id: int,
    locale: str,
    segment_ids: Sequence[int],
    final_attempt: bool = True,
    review_below: float | None = None,
) -> BatchOutcome:
    """Translate the batch; returns counts and whether the locale is now complete.

    Machine output whose engine score is below ``review_below`` is stored as
    needs_review, like output with a QA error.

    A batch that outlived its work (the editor updated the article meanwhile: its segments
    were replaced, or the locale is no longer asked for) does nothing: the update sent
    new batches.
    """
    with database.session() as session:
        source = repo.get_source_locale(session, article_id=article_id)
        if locale not in repo.list_targets(session, article_id=article_id):
            return BatchOutcome(article_id, locale, skipped=len(segment_ids))
        stored = [
            s
            for s in repo.load_segments(session, segment_ids=segment_ids)
            if s.article_id == article_id
        ]
        existing = repo.translations_for(session, article_id=article_id, locale=locale)
        terms = tuple(repo.glossary(session, source_locale=source, target_locale=locale))
    unsettled = [s for s in stored if not _is_settled(existing.get(s.id))]
    todo = _take_from_memory(database, unsettled, source=source, locale=locale, terms=terms)
    outcome = _run(
        database,
        engine,
        todo,
        source=source,
        locale=locale,
        article_id=article_id,
        final_attempt=final_attempt,
        checks=_Checks(terms, review_below),
    )
    outcome = replace(outcome, memory=len(unsettled) - len(todo))
    with database.session() as session:
        progress = repo.locale_progress(session, article_id=article_id).get(locale)
    done = progress is not None and progress.done
    return replace(outcome, skipped=len(segment_ids) - len(unsettled), locale_done=done)


def _take_from_memory(
    database: Database,
    todo: list[repo.StoredSegment],
    *,
    source: str,
    locale: str,
    terms: Sequence[repo.TermRecord],
) -> list[repo.StoredSegment]:
    """Store the exact memory matches (approved when the entry was); return the rest."""
    matches = memory.exact_matches(
        database, [s.segment for s in todo], source_locale=source, target_locale=locale
    )
    if not matches:
        return todo
    with database.session() as session:
        for index, entry in matches.items():
            stored = todo[index]
            memory.store_exact_match(
                session,
                segment_id=stored.id,
                segment=stored.segment,
                entry=entry,
                locale=locale,
                terms=terms,
            )
    return [s for i, s in enumerate(todo) if i not in matches]


@dataclass(frozen=True)
class _Checks:
    """What machine output is checked against: the pair's glossary and the score below
    which a person must review it."""

    terms: Sequence[repo.TermRecord] = ()
    review_below: float | None = None

    def weak(self, score: float | None) -> bool:
        return score is not None and self.review_below is not None and score < self.review_below


def _is_settled(row: repo.StoredTranslation | None) -> bool:
    """Approved or human-edited work is never redone; neither is a finished machine row."""
    return row is not None and row.status in USABLE_STATUSES


def _run(
    database: Database,
    engine: Engine,
    todo: list[repo.StoredSegment],
    *,
    source: str,
    locale: str,
    article_id: int,
    final_attempt: bool,
    checks: _Checks | None = None,
) -> BatchOutcome:
    checks = checks or _Checks()
    route = engine.route(source, locale)
    if route is None:
        _store_awaiting(
            database, todo, locale, NoRouteError(source, locale, engine_setting(engine, locale))
        )
        return BatchOutcome(article_id, locale, awaiting_human=len(todo))
    texts = [mask(s.segment.text, s.segment.spans) for s in todo]
    try:
        outputs = translate_scored(engine, texts, source=source, target=locale) if todo else []
    except EngineError as exc:
        if exc.transient and not final_attempt:
            raise
        if len(todo) == 1:
            _store_failed(database, todo, locale, exc)
            return BatchOutcome(article_id, locale, failed=1)
        return _one_by_one(
            database,
            engine,
            todo,
            texts,
            source=source,
            locale=locale,
            article_id=article_id,
            route=route,
            checks=checks,
        )
    _store_machine(database, todo, outputs, locale, route, checks)
    return BatchOutcome(article_id, locale, translated=len(todo))


def _one_by_one(
    database: Database,
    engine: Engine,
    todo: list[repo.StoredSegment],
    texts: list[str],
    *,
    source: str,
    locale: str,
    article_id: int,
    route: Route,
    checks: _Checks,
) -> BatchOutcome:
    """After a permanent batch failure: one poison segment must not fail its neighbours."""
    failed = 0
    for stored, text in zip(todo, texts, strict=True):
        try:
            output = translate_scored(engine, [text], source=source, target=locale)
        except EngineError as exc:
            _store_failed(database, [stored], locale, exc)
            failed += 1
            continue
        _store_machine(database, [stored], output, locale, route, checks)
    return BatchOutcome(article_id, locale, translated=len(todo) - failed, failed=failed)


def _store_machine(
    database: Database,
    todo: list[repo.StoredSegment],
    outputs: list[Scored],
    locale: str,
    route: Route,
    checks: _Checks,
) -> None:
    with database.session() as session:
        for stored, scored in zip(todo, outputs, strict=True):
            output = scored.text
            warnings = check_translation(
                stored.segment, output, locale=locale, glossary=checks.terms
            )
            errors = any(w.severity is Severity.ERROR for w in warnings) or checks.weak(
                scored.score
            )
            repo.upsert_translation(
                session,
                segment_id=stored.id,
                locale=locale,
                text=output,
                origin=Origin.MACHINE,
                status=Status.NEEDS_REVIEW if errors else Status.MACHINE,
                engine=route.identity,
                warnings=[w.to_json() for w in warnings],
                score=scored.score,
            )


def _store_awaiting(
    database: Database, todo: list[repo.StoredSegment], locale: str, reason: EngineError
) -> None:
    with database.session() as session:
        for stored in todo:
            repo.upsert_translation(
                session,
                segment_id=stored.id,
                locale=locale,
                text=None,
                origin=Origin.NONE,
                status=Status.AWAITING_HUMAN,
                engine=None,
                warnings=[],
                error=str(reason),
                blocked_on=repo.BLOCKED_ON_MODEL if isinstance(reason, NoRouteError) else None,
            )


def _store_failed(
    database: Database, todo: list[repo.StoredSegment], locale: str, reason: EngineError
) -> None:
    with database.session() as session:
        repo.mark_failed(
            session,
            segment_ids=[s.id for s in todo],
            locale=locale,
            error=f"{type(reason).__name__}: {reason}",
        )


def record_batch_failure(
    database: Database, *, article_id: int, locale: str, segment_ids: Sequence[int], error: str
) -> bool:
    """After the last retry: mark what the batch left undone as failed; is the locale done?"""
    with database.session() as session:
        if locale not in repo.list_targets(session, article_id=article_id):
            return False  # the article was updated without this locale: nothing to record
        alive = [
            s.id
            for s in repo.load_segments(session, segment_ids=segment_ids)
            if s.article_id == article_id
        ]
        repo.mark_failed(session, segment_ids=alive, locale=locale, error=error)
    with database.session() as session:
        progress = repo.locale_progress(session, article_id=article_id).get(locale)
        return progress is not None and progress.done
