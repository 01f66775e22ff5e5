"""translate_segments: idempotent upserts, approved work kept, no-model and failure paths."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from publisher.db import repository as repo
from publisher.db.models import Origin, Status
from publisher.db.session import Database
from tests.support.fake_engine import FakeEngine
from worker.engines.base import EngineError, TransientEngineError
from worker.translate import translate_segments


def _rows(database: Database, article_id: int, locale: str) -> dict[int, repo.StoredTranslation]:
    with database.session() as session:
        return repo.translations_for(session, article_id=article_id, locale=locale)


def test_batch_translated_in_one_engine_call_with_placeholders(
    database: Database, article_id: int, all_ids: list[int]
) -> None:
    engine = FakeEngine()
    outcome = translate_segments(
        database, engine, article_id=article_id, locale="ru", segment_ids=all_ids
    )
    assert outcome.translated == len(all_ids) and outcome.locale_done
    assert len(engine.calls) == 1
    sent = engine.calls[0][2]
    assert "4,000" not in " ".join(sent) and "July 18" not in " ".join(sent)  # masked
    rows = _rows(database, article_id, "ru")
    assert {r.status for r in rows.values()} == {Status.MACHINE}
    assert {r.origin for r in rows.values()} == {Origin.MACHINE}
    assert {r.engine for r in rows.values()} == {"fake:en-ru"}


def test_redelivered_batch_never_duplicates_or_retranslates(
    database: Database, article_id: int, all_ids: list[int]
) -> None:
    engine = FakeEngine()
    for _ in range(2):
        translate_segments(
            database, engine, article_id=article_id, locale="ru", segment_ids=all_ids
        )
    assert len(engine.calls) == 1  # the second delivery found everything settled
    assert len(_rows(database, article_id, "ru")) == len(all_ids)


def test_approved_translation_is_never_overwritten(
    database: Database, article_id: int, all_ids: list[int]
) -> None:
    with database.session() as session:
        repo.upsert_translation(
            session,
            segment_id=all_ids[0],
            locale="ky",
            text="Qo‘lda",
            origin=Origin.HUMAN,
            status=Status.APPROVED,
            engine=None,
            warnings=[],
        )
    engine = FakeEngine()
    translate_segments(database, engine, article_id=article_id, locale="ky", segment_ids=all_ids)
    assert len(engine.calls[0][2]) == len(all_ids) - 1  # the approved one is not sent
    row = _rows(database, article_id, "ky")[all_ids[0]]
    assert (row.text, row.status, row.origin) == ("Qo‘lda", Status.APPROVED, Origin.HUMAN)


def test_no_model_stores_awaiting_human_with_install_hint(
    database: Database, article_id: int, all_ids: list[int]
) -> None:
    engine = FakeEngine()
    outcome = translate_segments(
        database, engine, article_id=article_id, locale="uz", segment_ids=all_ids
    )
    assert outcome.awaiting_human == len(all_ids) and outcome.locale_done
    assert engine.calls == []
    rows = _rows(database, article_id, "uz").values()
    assert {r.status for r in rows} == {Status.AWAITING_HUMAN}
    assert all(
        r.text is None and "`tarjima models download nllb-200-distilled-600M`" in (r.error or "")
        for r in rows
    )


def test_permanent_engine_failure_marks_failed_with_error(
    database: Database, article_id: int, all_ids: list[int]
) -> None:
    engine = FakeEngine(fail_with=EngineError("model exploded"))
    outcome = translate_segments(
        database, engine, article_id=article_id, locale="ru", segment_ids=all_ids
    )
    assert outcome.failed == len(all_ids) and outcome.locale_done
    rows = _rows(database, article_id, "ru").values()
    assert {r.status for r in rows} == {Status.FAILED}
    assert all("model exploded" in (r.error or "") for r in rows)


def test_transient_failure_is_raised_for_retry_until_final_attempt(
    database: Database, article_id: int, all_ids: list[int]
) -> None:
    engine = FakeEngine(fail_with=TransientEngineError("busy"))
    with pytest.raises(TransientEngineError):
        translate_segments(
            database,
            engine,
            article_id=article_id,
            locale="ru",
            segment_ids=all_ids,
            final_attempt=False,
        )
    assert _rows(database, article_id, "ru") == {}
    translate_segments(
        database,
        engine,
        article_id=article_id,
        locale="ru",
        segment_ids=all_ids,
        final_attempt=True,
    )
    assert {r.status for r in _rows(database, article_id, "ru").values()} == {Status.FAILED}


def test_lost_placeholders_and_empty_output_get_qa_warnings(
    database: Database, article_id: int, all_ids: list[int]
) -> None:
    translate_segments(
        database,
        FakeEngine(transform="drop-placeholders"),
        article_id=article_id,
        locale="ru",
        segment_ids=all_ids,
    )
    rows = list(_rows(database, article_id, "ru").values())
    # Error-level warnings (a lost number) send the row to review; the warning-level
    # "untranslated" (this double echoes sentences without placeholders) does not.
    flagged = [r for r in rows if any(w["severity"] == "error" for w in r.warnings)]
    assert flagged and all(r.status is Status.NEEDS_REVIEW for r in flagged)
    echoed = [r for r in rows if r not in flagged]
    assert echoed and all(r.status is Status.MACHINE for r in echoed)
    assert all(w["code"] == "untranslated" for r in echoed for w in r.warnings)
    assert any("4,000" in str(w["message"]) for r in flagged for w in r.warnings)
    translate_segments(
        database,
        FakeEngine(transform="empty"),
        article_id=article_id,
        locale="ky",
        segment_ids=all_ids,
    )
    assert all(r.warnings[0]["code"] == "empty" for r in _rows(database, article_id, "ky").values())


def test_partial_batches_report_locale_done_only_at_the_end(
    database: Database, article_id: int, all_ids: list[int]
) -> None:
    engine = FakeEngine()
    first = translate_segments(
        database, engine, article_id=article_id, locale="ru", segment_ids=all_ids[:2]
    )
    last = translate_segments(
        database, engine, article_id=article_id, locale="ru", segment_ids=all_ids[2:]
    )
    assert not first.locale_done and last.locale_done


def test_one_poison_segment_does_not_fail_its_batch(
    database: Database, article_id: int, all_ids: list[int]
) -> None:
    class PoisonEngine(FakeEngine):
        def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
            if any("livestock" in t for t in texts):
                self.calls.append((source, target, list(texts)))
                raise EngineError("input too long for the model")
            return super().translate_batch(texts, source=source, target=target)

    outcome = translate_segments(
        database, PoisonEngine(), article_id=article_id, locale="ru", segment_ids=all_ids
    )
    assert (outcome.translated, outcome.failed) == (len(all_ids) - 1, 1)
    rows = _rows(database, article_id, "ru").values()
    failed = [r for r in rows if r.status is Status.FAILED]
    assert len(failed) == 1 and "too long" in (failed[0].error or "")


def test_a_batch_that_outlived_an_article_update_does_nothing(
    database: Database, article_id: int, all_ids: list[int]
) -> None:
    from publisher.db.repository import replace_article
    from tests.support.articles import make_article
    from worker.translate import record_batch_failure

    # The editor updates the article while its batches are queued: new segments, and ky
    # is no longer asked for.
    with database.session() as session:
        replace_article(
            session,
            article_id=article_id,
            article=make_article(),
            source_text="v2",
            source_format="text",
            targets=["ru"],
        )
    engine = FakeEngine()
    gone_locale = translate_segments(
        database, engine, article_id=article_id, locale="ky", segment_ids=all_ids
    )
    stale_ids = translate_segments(
        database, engine, article_id=article_id, locale="ru", segment_ids=all_ids
    )
    assert engine.calls == [] and gone_locale.translated == stale_ids.translated == 0
    assert not gone_locale.locale_done and not stale_ids.locale_done
    # Its last retry records nothing for segments that no longer exist (no FK error).
    assert (
        record_batch_failure(
            database,
            article_id=article_id,
            locale="ru",
            segment_ids=all_ids,
            error="EngineError: late",
        )
        is False
    )
    assert (
        record_batch_failure(
            database,
            article_id=article_id,
            locale="ky",
            segment_ids=all_ids,
            error="EngineError: late",
        )
        is False
    )
    assert _rows(database, article_id, "ru") == {} and _rows(database, article_id, "ky") == {}


def test_weak_engine_scores_send_machine_output_to_review(
    database: Database, article_id: int, all_ids: list[int]
) -> None:
    from worker.engines.base import Scored

    class Scoring(FakeEngine):
        def translate_scored(self, texts: list[str], *, source: str, target: str) -> list[Scored]:
            outputs = self.translate_batch(texts, source=source, target=target)
            # The first text is the weakest.
            return [Scored(text, -2.5 if i == 0 else -0.3) for i, text in enumerate(outputs)]

    translate_segments(
        database,
        Scoring(),
        article_id=article_id,
        locale="ru",
        segment_ids=all_ids,
        review_below=-1.0,
    )
    rows = _rows(database, article_id, "ru")
    first, *rest = (rows[i] for i in all_ids)
    assert (first.status, first.score) == (Status.NEEDS_REVIEW, -2.5)
    assert all(r.score == -0.3 for r in rest)
    assert {r.status for r in rest} <= {Status.MACHINE, Status.NEEDS_REVIEW}
    assert any(r.status is Status.MACHINE for r in rest)
    # An engine without scores stores none, and its output is not held back for them.
    translate_segments(
        database,
        FakeEngine(),
        article_id=article_id,
        locale="ky",
        segment_ids=all_ids,
        review_below=-1.0,
    )
    assert {r.score for r in _rows(database, article_id, "ky").values()} == {None}
