"""Breaking news first (publisher.services.urgent): the batches and broker priorities an urgent
article's work is sent with, against a real Redis broker of the run's own (no worker
runs: the ordering a worker sees is checked end to end in tests/test_urgent_order.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery

from publisher.core.config import Settings
from publisher.core.enums import WorkKind, WorkState
from publisher.core.task_names import (
    BACKLOG_PRIORITY,
    HEADLINE_PRIORITY,
    URGENT_PRIORITY,
    translation_queue,
    translation_queues,
    urgent_queue,
)
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.broker import queued_messages
from publisher.services.intake import dispatch
from publisher.services.urgent import RESENT_NOTE, mark_urgent
from tests.support.articles import make_article
from tests.support.services import PrivateRedis, ServiceUnavailable, private_redis
from worker.celery_app import create_celery

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    try:
        with private_redis(tmp_path_factory.mktemp("redis")) as server:
            yield server
    except ServiceUnavailable as exc:
        pytest.fail(str(exc))


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(f"sqlite:///{tmp_path / 'tarjima.db'}")
    yield db
    db.dispose()


@pytest.fixture()
def settings(redis_server: PrivateRedis, tmp_path: Path) -> Settings:
    redis_server.client().flushall()
    return Settings(data_dir=tmp_path / "var", broker_url=redis_server.url, batch_size=2)


@pytest.fixture()
def celery(settings: Settings) -> Celery:
    return create_celery(settings)


def _article(database: Database, slug: str, *, urgent: bool = False) -> tuple[int, list[int]]:
    with database.session() as session:
        article_id = repo.add_article(
            session,
            article=make_article(slug),
            source_text="...",
            source_format="text",
            targets=["ru", "ky"],
        )
        repo.set_urgent(session, article_id=article_id, urgent=urgent)
        return article_id, repo.segment_ids(session, article_id=article_id)


def _sent(database: Database, article_id: int) -> list[repo.WorkRecord]:
    with database.session() as session:
        return [
            w for w in repo.work_of(session, article_id=article_id) if w.kind is WorkKind.TRANSLATE
        ]


def _lists(celery: Celery, locale: str) -> dict[str, str]:
    """Queued task id -> the Redis list (priority step) it waits in."""
    found = queued_messages(celery, list(translation_queues(locale)))
    assert found is not None
    return {task_id: message.list_name for task_id, message in found.items()}


def test_an_urgent_articles_headline_and_lead_go_first_at_the_top_priority(
    settings: Settings, database: Database, celery: Celery
) -> None:
    article_id, ids = _article(database, "breaking", urgent=True)
    dispatch(celery, database, article_id=article_id, targets=["ru", "ky"], batch_size=2)
    sent = _sent(database, article_id)
    for locale in ("ru", "ky"):
        mine = [(w.segment_ids, w.priority) for w in sent if w.locale == locale]
        # Headline (1 segment) and lead (2) in one batch, then the rest in ordinary batches.
        assert mine == [(tuple(ids[:3]), HEADLINE_PRIORITY), (tuple(ids[3:]), URGENT_PRIORITY)]
        lists = _lists(celery, locale)
        headline, rest = (w.task_id for w in sent if w.locale == locale)
        # The urgent queue of its own, at kombu's top step (the list is the queue's name).
        assert lists[headline] == urgent_queue(locale)
        assert lists[rest] == f"{translation_queue(locale)}\x06\x16{URGENT_PRIORITY}"


def test_an_ordinary_article_is_sent_at_the_backlog_priority(
    settings: Settings, database: Database, celery: Celery
) -> None:
    article_id, ids = _article(database, "ordinary")
    dispatch(celery, database, article_id=article_id, targets=["ru"], batch_size=2)
    sent = _sent(database, article_id)
    assert [(w.segment_ids, w.priority) for w in sent] == [
        (tuple(ids[0:2]), BACKLOG_PRIORITY),
        (tuple(ids[2:4]), BACKLOG_PRIORITY),
        (tuple(ids[4:]), BACKLOG_PRIORITY),
    ]
    assert set(_lists(celery, "ru").values()) == {
        f"{translation_queue('ru')}\x06\x16{BACKLOG_PRIORITY}"
    }


def test_marking_a_queued_article_urgent_sends_its_waiting_batches_again_ahead(
    settings: Settings, database: Database, celery: Celery
) -> None:
    article_id, ids = _article(database, "late-news")
    dispatch(celery, database, article_id=article_id, targets=["ru", "ky"], batch_size=2)
    before = {w.task_id for w in _sent(database, article_id)}
    assert mark_urgent(celery, database, article_id=article_id, batch_size=2) == 4
    sent = _sent(database, article_id)
    old = [w for w in sent if w.task_id in before]
    assert all(w.state is WorkState.DONE and w.note == RESENT_NOTE for w in old)
    new = [w for w in sent if w.task_id not in before]
    assert sorted((w.locale, w.segment_ids, w.priority) for w in new) == sorted(
        (locale, *batch)
        for locale in ("ru", "ky")
        for batch in [(tuple(ids[:3]), HEADLINE_PRIORITY), (tuple(ids[3:]), URGENT_PRIORITY)]
    )
    for locale in ("ru", "ky"):  # only the new batches wait in the queues
        assert set(_lists(celery, locale)) == {w.task_id for w in new if w.locale == locale}
    with database.session() as session:
        assert repo.article_summary(session, article_id=article_id).urgent
