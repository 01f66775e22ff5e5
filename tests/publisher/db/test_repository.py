"""The repository on SQLite and PostgreSQL: articles, translations, progress, editions."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from publisher.core.articles import Article
from publisher.core.errors import InputError, NotFoundError
from publisher.db import models
from publisher.db import repository as repo
from publisher.db.models import EditionState, Origin, Status
from publisher.db.session import Database

NewArticle = Callable[..., Article]
ROW_TYPES = (
    models.Article,
    models.ArticleTarget,
    models.BlockRow,
    models.SegmentRow,
    models.TranslationRow,
    models.EditionRow,
)


def _store(database: Database, article: Article, targets: tuple[str, ...] = ("ru", "uz")) -> int:
    with database.session() as session:
        return repo.add_article(
            session, article=article, source_text="raw input", source_format="text", targets=targets
        )


def _ids(database: Database, article_id: int) -> list[int]:
    with database.session() as session:
        return repo.segment_ids(session, article_id=article_id)


def _counts(database: Database) -> dict[str, int]:
    with database.session() as session:
        return {kind.__tablename__: _count(session, kind) for kind in ROW_TYPES}


def _count(session: Session, kind: type[models.Base]) -> int:
    return session.scalar(select(func.count()).select_from(kind)) or 0


def _upsert(
    session: Session,
    segment_id: int,
    locale: str = "ru",
    *,
    text: str | None = "текст",
    origin: Origin = Origin.MACHINE,
    status: Status = Status.MACHINE,
    warnings: tuple[dict[str, object], ...] = (),
) -> bool:
    return repo.upsert_translation(
        session,
        segment_id=segment_id,
        locale=locale,
        text=text,
        origin=origin,
        status=status,
        engine="argos:en-ru:1.9",
        warnings=warnings,
    )


def _warning(code: str) -> dict[str, object]:
    return {"code": code, "message": f"{code} went missing", "severity": "error"}


# Articles ------------------------------------------------------------------------------------


def test_article_round_trip(database: Database, new_article: NewArticle) -> None:
    article = new_article()
    article_id = _store(database, article, targets=("uz", "ru", "uz", "ky"))
    with database.session() as session:
        assert repo.get_article(session, article_id=article_id) == article
        assert repo.find_article_id(session, slug=article.slug) == article_id
        assert repo.find_article_id(session, slug="nope") is None
        assert repo.list_targets(session, article_id=article_id) == ("uz", "ru", "ky")
        assert repo.get_source_locale(session, article_id=article_id) == "en"
        stored = session.get(models.Article, article_id)
        assert stored is not None
        assert (stored.source_text, stored.source_format) == ("raw input", "text")
        assert stored.created_at is not None


def test_segments_in_document_order(database: Database, new_article: NewArticle) -> None:
    article = new_article(paragraphs=3)
    article_id = _store(database, article)
    ids = _ids(database, article_id)
    expected = [s for block in article.blocks for s in block.segments]
    assert len(ids) == len(expected) == 7
    with database.session() as session:
        asked = [ids[3], ids[0], 10**9, ids[6]]
        loaded = repo.load_segments(session, segment_ids=asked)
        assert repo.load_segments(session, segment_ids=[]) == []
    assert [s.id for s in loaded] == [ids[3], ids[0], ids[6]]
    assert [s.segment for s in loaded] == [expected[3], expected[0], expected[6]]
    assert {s.article_id for s in loaded} == {article_id}
    assert loaded[0].segment.source_hash == expected[3].source_hash


def test_missing_article_is_not_found(database: Database) -> None:
    with database.session() as session:
        with pytest.raises(NotFoundError):
            repo.get_article(session, article_id=404)
        with pytest.raises(NotFoundError):
            repo.get_source_locale(session, article_id=404)
        with pytest.raises(NotFoundError):
            repo.delete_article(session, article_id=404)


def test_duplicate_slug_is_refused_and_nothing_half_stored(
    database: Database, new_article: NewArticle
) -> None:
    first = _store(database, new_article("same"))
    before = _counts(database)
    with pytest.raises(InputError, match="an article with slug “same” exists"):
        _store(database, new_article("same", paragraphs=5), targets=("ky",))
    assert _counts(database) == before
    with database.session() as session:
        assert repo.get_article(session, article_id=first) == new_article("same")


def test_duplicate_slug_from_a_concurrent_writer(
    database: Database, new_article: NewArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slug taken between the check and the insert is still an InputError."""
    _store(database, new_article("raced"))
    before = _counts(database)
    from publisher.db.repository import articles

    monkeypatch.setattr(articles, "find_article_id", lambda session, *, slug: None)
    with pytest.raises(InputError, match="exists"):
        _store(database, new_article("raced"))
    assert _counts(database) == before


def test_delete_cascades_to_everything_of_the_article(
    database: Database, new_article: NewArticle
) -> None:
    kept = _store(database, new_article("kept"))
    gone = _store(database, new_article("gone"))
    for article_id in (kept, gone):
        with database.session() as session:
            for segment_id in repo.segment_ids(session, article_id=article_id):
                _upsert(session, segment_id)
            repo.save_edition(
                session,
                article_id=article_id,
                locale="ru",
                state=EditionState.COMPLETE,
                html="<p/>",
                missing=[],
                path=None,
            )
    half = {name: count // 2 for name, count in _counts(database).items()}
    with database.session() as session:
        repo.delete_article(session, article_id=gone)
    assert _counts(database) == half
    with database.session() as session:
        assert repo.get_article(session, article_id=kept) == new_article("kept")
        assert repo.find_article_id(session, slug="gone") is None


def test_replace_in_one_transaction(database: Database, new_article: NewArticle) -> None:
    """Delete and re-add the same slug in one session (the publisher's --replace)."""
    old = _store(database, new_article("story"))
    old_ids = set(_ids(database, old))
    with database.session() as session:
        repo.get_article(session, article_id=old)  # rows of the old article in the session
        repo.delete_article(session, article_id=old)
        new = repo.add_article(
            session,
            article=new_article("story", paragraphs=4),
            source_text="v2",
            source_format="markdown",
            targets=["ky"],
        )
    assert new != old
    assert old_ids.isdisjoint(_ids(database, new))  # ids are never reused
    with database.session() as session:
        assert repo.get_article(session, article_id=new) == new_article("story", paragraphs=4)
        assert repo.list_targets(session, article_id=new) == ("ky",)


# Translations --------------------------------------------------------------------------------


def test_upsert_twice_keeps_one_row(database: Database, new_article: NewArticle) -> None:
    article_id = _store(database, new_article())
    segment_id = _ids(database, article_id)[1]
    with database.session() as session:
        assert _upsert(session, segment_id, text="первый", warnings=(_warning("number"),))
    with database.session() as session:
        first = repo.translations_for(session, article_id=article_id, locale="ru")[segment_id]
        assert _upsert(session, segment_id, text="второй", status=Status.NEEDS_REVIEW)
    with database.session() as session:
        rows = repo.translations_for(session, article_id=article_id, locale="ru")
        assert _count(session, models.TranslationRow) == 1
    second = rows[segment_id]
    assert (first.text, first.version, first.attempts) == ("первый", 1, 1)
    assert first.warnings == (_warning("number"),)
    assert (second.text, second.status, second.version, second.attempts) == (
        "второй",
        Status.NEEDS_REVIEW,
        2,
        2,
    )
    assert (second.id, second.created_at) == (first.id, first.created_at)
    assert second.updated_at >= first.updated_at
    assert second.created_at.tzinfo is UTC
    assert (second.engine, second.origin, second.warnings) == (
        "argos:en-ru:1.9",
        Origin.MACHINE,
        (),
    )


def test_upsert_never_overwrites_approved(database: Database, new_article: NewArticle) -> None:
    article_id = _store(database, new_article())
    segment_id = _ids(database, article_id)[0]
    with database.session() as session:
        assert _upsert(
            session, segment_id, text="одобрено", origin=Origin.HUMAN, status=Status.APPROVED
        )
        assert not _upsert(session, segment_id, text="машина")
        assert not _upsert(
            session, segment_id, text=None, origin=Origin.NONE, status=Status.AWAITING_HUMAN
        )
        repo.mark_failed(session, segment_ids=[segment_id], locale="ru", error="boom")
        row = repo.translations_for(session, article_id=article_id, locale="ru")[segment_id]
    assert (row.text, row.origin, row.status, row.version, row.error) == (
        "одобрено",
        Origin.HUMAN,
        Status.APPROVED,
        1,
        None,
    )


def test_awaiting_human_then_machine(database: Database, new_article: NewArticle) -> None:
    article_id = _store(database, new_article())
    segment_id = _ids(database, article_id)[0]
    with database.session() as session:
        repo.upsert_translation(
            session,
            segment_id=segment_id,
            locale="uz",
            text=None,
            origin=Origin.NONE,
            status=Status.AWAITING_HUMAN,
            engine=None,
            warnings=[],
            error="no model for en->uz",
        )
        waiting = repo.translations_for(session, article_id=article_id, locale="uz")[segment_id]
        assert _upsert(session, segment_id, "uz", text="matn")
        done = repo.translations_for(session, article_id=article_id, locale="uz")[segment_id]
        assert repo.translations_for(session, article_id=article_id, locale="ru") == {}
    assert (waiting.text, waiting.status, waiting.error) == (
        None,
        Status.AWAITING_HUMAN,
        "no model for en->uz",
    )
    assert (done.text, done.status, done.error, done.version) == ("matn", Status.MACHINE, None, 2)


def test_concurrent_deliveries_of_one_batch(database: Database, new_article: NewArticle) -> None:
    """Two workers write the same batch at once, each in its own connection: one row per
    segment, no error, and the second write is an update of the first."""
    article_id = _store(database, new_article(paragraphs=3))
    ids = _ids(database, article_id)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def deliver(name: str) -> None:
        try:
            with database.session() as session:
                barrier.wait()
                for segment_id in ids:
                    _upsert(session, segment_id, text=name)
                time.sleep(0.2)  # hold the transaction open while the other one writes
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=deliver, args=(f"worker-{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with database.session() as session:
        rows = repo.translations_for(session, article_id=article_id, locale="ru")
        assert _count(session, models.TranslationRow) == len(ids)
    assert sorted(rows) == sorted(ids)
    assert {row.version for row in rows.values()} == {2}
    assert len({row.text for row in rows.values()}) == 1  # one worker's batch won, whole


def test_mark_failed_only_touches_missing_and_failed(
    database: Database, new_article: NewArticle
) -> None:
    article_id = _store(database, new_article())
    machine, approved, waiting, failed, missing = _ids(database, article_id)
    with database.session() as session:
        _upsert(session, machine)
        _upsert(session, approved, origin=Origin.HUMAN, status=Status.APPROVED)
        _upsert(session, waiting, text=None, origin=Origin.NONE, status=Status.AWAITING_HUMAN)
        repo.mark_failed(session, segment_ids=[failed], locale="ru", error="first")
        repo.mark_failed(session, segment_ids=[], locale="ru", error="nothing")
    with database.session() as session:
        repo.mark_failed(
            session,
            segment_ids=[machine, approved, waiting, failed, missing, missing],
            locale="ru",
            error="EngineError: boom",
        )
        rows = repo.translations_for(session, article_id=article_id, locale="ru")
    assert {k: r.status for k, r in rows.items()} == {
        machine: Status.MACHINE,
        approved: Status.APPROVED,
        waiting: Status.AWAITING_HUMAN,
        failed: Status.FAILED,
        missing: Status.FAILED,
    }
    assert (rows[failed].error, rows[failed].attempts) == ("EngineError: boom", 2)
    assert (rows[missing].error, rows[missing].attempts, rows[missing].text) == (
        "EngineError: boom",
        1,
        None,
    )
    assert rows[missing].origin is Origin.NONE
    assert rows[machine].error is None and rows[machine].version == 1


def test_a_failed_segment_can_be_translated_later(
    database: Database, new_article: NewArticle
) -> None:
    article_id = _store(database, new_article())
    segment_id = _ids(database, article_id)[0]
    with database.session() as session:
        repo.mark_failed(session, segment_ids=[segment_id], locale="ru", error="timeout")
        assert _upsert(session, segment_id, text="наконец")
        row = repo.translations_for(session, article_id=article_id, locale="ru")[segment_id]
    assert (row.text, row.status, row.error, row.attempts) == ("наконец", Status.MACHINE, None, 2)


# Progress ------------------------------------------------------------------------------------


def test_locale_progress_counts(database: Database, new_article: NewArticle) -> None:
    article_id = _store(database, new_article(paragraphs=3), targets=("ru", "uz", "ky"))
    ids = _ids(database, article_id)
    with database.session() as session:
        _upsert(session, ids[0], warnings=(_warning("number"), _warning("date")))
        _upsert(session, ids[1], status=Status.NEEDS_REVIEW, warnings=(_warning("empty"),))
        _upsert(session, ids[2], origin=Origin.MEMORY, status=Status.APPROVED)
        _upsert(session, ids[3], origin=Origin.HUMAN, status=Status.APPROVED)
        repo.mark_failed(session, segment_ids=[ids[4]], locale="ru", error="boom")
        for segment_id in ids:
            _upsert(
                session,
                segment_id,
                "uz",
                text=None,
                origin=Origin.NONE,
                status=Status.AWAITING_HUMAN,
            )
        _upsert(session, ids[0], "tg")  # not a target, still reported
    with database.session() as session:
        progress = repo.locale_progress(session, article_id=article_id)
    assert list(progress) == ["ru", "uz", "ky", "tg"]
    assert progress["ru"] == repo.LocaleProgress(
        locale="ru",
        total=7,
        machine=2,
        memory=1,
        human=1,
        approved=2,
        needs_review=1,
        awaiting_human=0,
        failed=1,
        pending=2,
        warnings=3,
    )
    assert not progress["ru"].done and progress["ru"].translated == 4
    assert progress["uz"] == repo.LocaleProgress(locale="uz", total=7, awaiting_human=7)
    assert progress["uz"].done and progress["uz"].translated == 0
    assert progress["ky"] == repo.LocaleProgress(locale="ky", total=7, pending=7)
    assert progress["tg"].machine == 1 and progress["tg"].pending == 6


def test_progress_is_per_article(database: Database, new_article: NewArticle) -> None:
    one = _store(database, new_article("one"))
    two = _store(database, new_article("two"), targets=("ky",))
    with database.session() as session:
        for segment_id in repo.segment_ids(session, article_id=one):
            _upsert(session, segment_id)
        assert repo.locale_progress(session, article_id=one)["ru"].done
        assert repo.locale_progress(session, article_id=two) == {
            "ky": repo.LocaleProgress(locale="ky", total=5, pending=5)
        }


# Editions ------------------------------------------------------------------------------------


def test_save_edition_is_an_upsert(database: Database, new_article: NewArticle) -> None:
    article_id = _store(database, new_article())
    with database.session() as session:
        repo.save_edition(
            session,
            article_id=article_id,
            locale="ru",
            state=EditionState.PARTIAL,
            html="<p>1</p>",
            missing=[(1, 0), (2, 1)],
            path=None,
        )
        first = repo.get_edition(session, article_id=article_id, locale="ru")
    with database.session() as session:
        repo.save_edition(
            session,
            article_id=article_id,
            locale="ru",
            state=EditionState.COMPLETE,
            html="<p>2</p>",
            missing=[],
            path="var/editions/ru/afghan-kyrgyz.html",
        )
        repo.save_edition(
            session,
            article_id=article_id,
            locale="ky",
            state=EditionState.PARTIAL,
            html="<p>ky</p>",
            missing=[[0, 0]],
            path=None,
        )
        second = repo.get_edition(session, article_id=article_id, locale="ru")
        listed = repo.list_editions(session, article_id=article_id)
        assert repo.get_edition(session, article_id=article_id, locale="uz") is None
        assert _count(session, models.EditionRow) == 2
    assert first is not None and second is not None
    assert (first.state, first.missing, first.path) == (
        EditionState.PARTIAL,
        ((1, 0), (2, 1)),
        None,
    )
    assert (second.id, second.state, second.html, second.missing, second.path) == (
        first.id,
        EditionState.COMPLETE,
        "<p>2</p>",
        (),
        "var/editions/ru/afghan-kyrgyz.html",
    )
    assert second.assembled_at >= first.assembled_at and second.assembled_at.tzinfo is UTC
    assert [(e.locale, e.missing) for e in listed] == [("ky", ((0, 0),)), ("ru", ())]


def test_an_edition_from_an_older_snapshot_never_replaces_a_newer_one(
    database: Database, new_article: NewArticle
) -> None:
    """Two assemblies at once (two approvals in a row): the one that read the database
    later wins, whichever finishes last."""
    from datetime import datetime, timedelta

    article_id = _store(database, new_article())
    newer = datetime(2026, 12, 6, 12, 0, 1, tzinfo=UTC)
    with database.session() as session:
        repo.save_edition(
            session,
            article_id=article_id,
            locale="ru",
            state=EditionState.COMPLETE,
            html="<p>newer</p>",
            missing=[],
            path=None,
            checked_at=newer,
        )
    with database.session() as session:
        repo.save_edition(
            session,
            article_id=article_id,
            locale="ru",
            state=EditionState.COMPLETE,
            html="<p>older</p>",
            missing=[],
            path=None,
            checked_at=newer - timedelta(seconds=1),
        )
        repo.touch_edition(
            session, article_id=article_id, locale="ru", checked_at=newer - timedelta(seconds=1)
        )
        kept = repo.get_edition(session, article_id=article_id, locale="ru")
    assert kept is not None and kept.html == "<p>newer</p>" and kept.checked_at == newer
