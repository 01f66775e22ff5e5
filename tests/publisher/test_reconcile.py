"""The reconciler re-sends lost work from the database, through the real Redis broker.

Tasks go to Redis database 12 (flushed before and after); each test reads back exactly
what was sent, then checks that only idle, unfinished locales were re-sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from celery import Celery

from publisher.config import Settings
from publisher.db import repository as repo
from publisher.db.models import EditionState, Origin, Status
from publisher.db.session import Database
from publisher.reconcile import reconcile
from publisher.task_names import ASSEMBLE_TASK, TRANSLATE_TASK
from tests.worker.conftest import make_article
from worker.celery_app import ASSEMBLY_QUEUE, TRANSLATION_QUEUE, create_celery

pytestmark = pytest.mark.integration

BROKER = "redis://127.0.0.1:6379/12"
Sent = list[tuple[str, list[object]]]


@pytest.fixture()
def celery() -> Iterator[Celery]:
    import redis

    client = redis.Redis.from_url(BROKER, socket_timeout=2)
    try:
        client.flushdb()
    except redis.RedisError as exc:
        pytest.skip(f"Redis on 127.0.0.1:6379 is not reachable: {exc}")
    app = create_celery(Settings(broker_url=BROKER))
    yield app
    client.flushdb()


def _sent(celery: Celery) -> Sent:
    """Drain both queues: (task name, args) of every message, in the order sent."""
    found: Sent = []
    with celery.connection_for_read() as connection:
        for queue in (TRANSLATION_QUEUE, ASSEMBLY_QUEUE):
            simple = connection.SimpleQueue(queue)
            while True:
                try:
                    message = simple.get(block=False)
                except simple.Empty:
                    break
                args, _kwargs, _embed = message.decode()
                found.append((message.headers["task"], list(args)))
                message.ack()
            simple.close()
    return found


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(f"sqlite:///{tmp_path / 'tarjima.db'}")
    yield db
    db.dispose()


@pytest.fixture()
def article(database: Database) -> tuple[int, list[int]]:
    with database.session() as session:
        article_id = repo.add_article(
            session,
            article=make_article(),
            source_text="...",
            source_format="text",
            targets=["ru", "ky"],
        )
        repo.mark_dispatched(session, article_id=article_id, locales=["ru", "ky"])
        return article_id, repo.segment_ids(session, article_id=article_id)


def _translate(database: Database, ids: list[int], locale: str) -> None:
    with database.session() as session:
        for segment_id in ids:
            repo.upsert_translation(
                session,
                segment_id=segment_id,
                locale=locale,
                text="т",
                origin=Origin.MACHINE,
                status=Status.MACHINE,
                engine="argos",
                warnings=(),
            )


def _later(seconds: float) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


def test_recent_work_is_left_alone(
    celery: Celery, database: Database, article: tuple[int, list[int]]
) -> None:
    assert reconcile(database, celery, batch_size=2, stale_after=60) == []
    assert _sent(celery) == []


def test_idle_locales_get_their_untranslated_segments_again(
    celery: Celery, database: Database, article: tuple[int, list[int]]
) -> None:
    article_id, ids = article  # 5 segments
    _translate(database, ids[:2], "ru")
    resent = reconcile(database, celery, batch_size=2, stale_after=60, now=_later(120))
    assert {(r.locale, r.segments, r.batches, r.assembly) for r in resent} == {
        ("ru", 3, 2, False),
        ("ky", 5, 3, False),
    }
    assert (
        "re-sent 3 segments in 2 batches" in next(r for r in resent if r.locale == "ru").describe()
    )
    sent = _sent(celery)
    assert sent == [
        (TRANSLATE_TASK, [article_id, "ru", ids[2:4]]),
        (TRANSLATE_TASK, [article_id, "ru", ids[4:]]),
        (TRANSLATE_TASK, [article_id, "ky", ids[0:2]]),
        (TRANSLATE_TASK, [article_id, "ky", ids[2:4]]),
        (TRANSLATE_TASK, [article_id, "ky", ids[4:]]),
    ]


def test_a_resend_counts_as_activity(
    celery: Celery, database: Database, article: tuple[int, list[int]]
) -> None:
    assert reconcile(database, celery, batch_size=10, stale_after=60, now=_later(120))
    _sent(celery)
    # Another pass (another reconciler, or the next tick) soon after sends nothing more.
    assert reconcile(database, celery, batch_size=10, stale_after=60, now=_later(30)) == []
    assert _sent(celery) == []


def test_a_translated_locale_without_its_edition_gets_the_assembly(
    celery: Celery, database: Database, article: tuple[int, list[int]]
) -> None:
    article_id, ids = article
    _translate(database, ids, "ru")
    with database.session() as session:
        repo.save_edition(
            session,
            article_id=article_id,
            locale="ky",
            state=EditionState.PARTIAL,
            html="<p/>",
            missing=(),
            path=None,
        )
        repo.mark_failed(session, segment_ids=ids, locale="ky", error="EngineError: x")
    # ky: every segment failed for good after its edition was saved, so the edition is
    # stale and is re-assembled; its failed segments are not re-sent.
    resent = reconcile(database, celery, batch_size=10, stale_after=60, now=_later(120))
    assert {(r.locale, r.assembly, r.batches) for r in resent} == {("ru", True, 0), ("ky", True, 0)}
    assert sorted(_sent(celery)) == [
        (ASSEMBLE_TASK, [article_id, "ky"]),
        (ASSEMBLE_TASK, [article_id, "ru"]),
    ]


def test_finished_articles_are_not_touched(
    celery: Celery, database: Database, article: tuple[int, list[int]]
) -> None:
    article_id, ids = article
    for locale in ("ru", "ky"):
        _translate(database, ids, locale)
        with database.session() as session:
            repo.save_edition(
                session,
                article_id=article_id,
                locale=locale,
                state=EditionState.COMPLETE,
                html="<p/>",
                missing=(),
                path=None,
            )
    assert reconcile(database, celery, batch_size=10, stale_after=60, now=_later(3600)) == []
    assert _sent(celery) == []


def test_one_article_only(
    celery: Celery, database: Database, article: tuple[int, list[int]]
) -> None:
    with database.session() as session:
        other = repo.add_article(
            session,
            article=make_article("other"),
            source_text="...",
            source_format="text",
            targets=["ru"],
        )
    resent = reconcile(
        database, celery, batch_size=10, stale_after=60, now=_later(120), article_id=other
    )
    assert [(r.article_id, r.locale) for r in resent] == [(other, "ru")]
    assert [args[:2] for _, args in _sent(celery)] == [[other, "ru"]]


def test_work_lost_at_every_resend_is_given_up_not_resent_for_ever(
    celery: Celery, database: Database, article: tuple[int, list[int]]
) -> None:
    # A batch whose worker process dies on it every time: each pass re-sends it and
    # nothing is ever written; after max_resends the segments are failed with the reason.
    article_id, ids = article
    _translate(database, ids, "ky")
    for attempt in range(1, 4):
        resent = reconcile(
            database,
            celery,
            batch_size=10,
            stale_after=60,
            now=_later(120 * attempt),
            max_resends=2,
            article_id=article_id,
        )
        locales = {r.locale: r for r in resent}
        if attempt < 3:
            assert locales["ru"].batches == 1 and not locales["ru"].gave_up
    assert locales["ru"].gave_up and locales["ru"].segments == 5
    assert "gave up on 5 segments" in locales["ru"].describe()
    with database.session() as session:
        rows = repo.translations_for(session, article_id=article_id, locale="ru")
    assert {r.status for r in rows.values()} == {Status.FAILED}
    assert all(
        (r.error or "").startswith("LostWork: the batch was lost 3 times") for r in rows.values()
    )
    sent = [name for name, args in _sent(celery) if args[1] == "ru"]
    assert sent == [TRANSLATE_TASK, TRANSLATE_TASK, ASSEMBLE_TASK]
