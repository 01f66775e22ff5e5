"""The work ledger and the workers' leases, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import update

from publisher.core.articles import Article
from publisher.core.enums import WorkKind, WorkState
from publisher.db import repository as repo
from publisher.db.models import WorkerLease
from publisher.db.session import Database

NewArticle = Callable[..., Article]


def _article(database: Database, article: Article) -> int:
    with database.session() as session:
        return repo.add_article(
            session, article=article, source_text="raw", source_format="text", targets=("ru",)
        )


def _send(database: Database, article_id: int, task_id: str, ids: list[int]) -> None:
    with database.session() as session:
        repo.record_sent(
            session,
            task_id=task_id,
            kind=WorkKind.TRANSLATE,
            article_id=article_id,
            locale="ru",
            segment_ids=ids,
            epoch="e1",
        )


def _state(database: Database, task_id: str) -> repo.WorkRecord:
    with database.session() as session:
        return repo.work_by_task(session, task_ids=[task_id])[task_id]


def test_a_task_goes_queued_running_done(database: Database, new_article: NewArticle) -> None:
    article_id = _article(database, new_article())
    _send(database, article_id, "t1", [1, 2])
    assert _state(database, "t1").state is WorkState.QUEUED
    with database.session() as session:
        assert repo.start_work(session, task_id="t1", worker="w@h", instance="i1")
    running = _state(database, "t1")
    assert (running.state, running.worker, running.instance, running.runs) == (
        WorkState.RUNNING,
        "w@h",
        "i1",
        1,
    )
    assert running.started_at is not None and running.segment_ids == (1, 2)
    with database.session() as session:
        repo.finish_work(session, task_id="t1", note="translated 2")
        assert repo.open_work(session) == []
        assert not repo.start_work(session, task_id="t1", worker="w@h", instance="i1")
    done = _state(database, "t1")
    assert (done.state, done.note, done.runs) == (WorkState.DONE, "translated 2", 1)


def test_only_one_caller_declares_a_task_lost(database: Database, new_article: NewArticle) -> None:
    article_id = _article(database, new_article())
    _send(database, article_id, "t1", [1])
    with database.session() as session:
        first = repo.mark_lost(session, task_id="t1", note="gone")
        second = repo.mark_lost(session, task_id="t1", note="gone again")
        late = repo.start_work(session, task_id="t1", worker="w@h", instance=None)
    assert (first, second, late) == (True, False, False)
    assert _state(database, "t1").note == "gone"


def test_other_open_batches_of_a_language_are_counted(
    database: Database, new_article: NewArticle
) -> None:
    article_id = _article(database, new_article())
    for task in ("a", "b", "c"):
        _send(database, article_id, task, [1])
    with database.session() as session:
        repo.finish_work(session, task_id="c")
        assert repo.others_open(session, task_id="a", article_id=article_id, locale="ru") == 1
        repo.finish_work(session, task_id="b")
        assert repo.others_open(session, task_id="a", article_id=article_id, locale="ru") == 0


def test_leases_age_in_database_time_and_old_ones_are_forgotten(database: Database) -> None:
    with database.session() as session:
        for instance in ("old", "new"):
            repo.beat(
                session,
                instance=instance,
                hostname=f"{instance}@h",
                pid=7,
                locales=["ru"],
                queues=["translation.ru"],
                models_dir="/m",
            )
        moment = repo.database_now(session) - timedelta(hours=2)
        session.execute(
            update(WorkerLease).where(WorkerLease.instance == "old").values(beat_at=moment)
        )
    with database.session() as session:
        found = {lease.instance: lease for lease in repo.leases(session)}
    assert found["new"].age < 60 and found["old"].age > 7000
    assert found["new"].locales == ("ru",) and found["new"].queues == ("translation.ru",)
    with database.session() as session:
        assert repo.forget_leases(session, older_than=3600) == 1
        repo.drop_lease(session, instance="new")
        assert repo.leases(session) == []
