"""The reconciler's evidence rules, against a real Redis broker of the run's own.

No worker runs here: the tests put the broker, the ledger and the leases into exactly
the state each rule is about (a message taken out of its queue, a lease that stopped, a
broker that lost its data) and check what a pass does. Time is a clock the test moves,
so "no judgment for a lease TTL" is checked without waiting for it.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from sqlalchemy import update

from publisher.core.config import Settings
from publisher.core.enums import Origin, Status, WorkKind, WorkState
from publisher.core.task_names import (
    ASSEMBLY_QUEUE,
    HEADLINE_PRIORITY,
    PRIORITY_STEPS,
    translation_queue,
    translation_queues,
    urgent_queue,
)
from publisher.db import repository as repo
from publisher.db.models import WorkerLease
from publisher.db.session import Database
from publisher.services.broker import EPOCH_KEY, queued_messages
from publisher.services.intake import dispatch
from publisher.services.reconcile.rules import Reconciler
from tests.support.articles import make_article
from tests.support.services import (
    PrivateRedis,
    ServiceUnavailable,
    priority_list,
    private_redis,
)
from worker.celery_app import create_celery

pytestmark = pytest.mark.integration

SEGMENTS = 5


class Clock:
    """Monotonic time the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    try:
        with private_redis(tmp_path_factory.mktemp("redis")) as server:
            yield server
    except ServiceUnavailable as exc:
        pytest.fail(str(exc))


@pytest.fixture()
def database(db_url: str) -> Iterator[Database]:
    db = Database.open(db_url)
    yield db
    db.dispose()


@pytest.fixture()
def settings(redis_server: PrivateRedis, tmp_path: Path) -> Settings:
    redis_server.client().flushall()
    return Settings(
        data_dir=tmp_path / "var",
        broker_url=redis_server.url,
        batch_size=2,
        lease_ttl=20,
        heartbeat_every=5,
        reconcile_confirm=3,
        inspect_timeout=0.5,
    )


@pytest.fixture()
def celery(settings: Settings) -> Celery:
    return create_celery(settings)


def _article(database: Database, targets: list[str], slug: str = "test-article") -> int:
    with database.session() as session:
        return repo.add_article(
            session,
            article=make_article(slug),
            source_text="...",
            source_format="text",
            targets=targets,
        )


def _settled(settings: Settings, database: Database, celery: Celery) -> tuple[Reconciler, Clock]:
    """A reconciler that has watched a healthy database for a lease TTL (one empty pass)."""
    clock = Clock()
    reconciler = Reconciler(settings, database, celery, clock=clock)
    reconciler.run_once()
    clock.advance(settings.lease_ttl)
    return reconciler, clock


def _open(database: Database) -> list[repo.WorkRecord]:
    with database.session() as session:
        return repo.open_work(session)


def _queued(celery: Celery, locales: tuple[str, ...] = ("ru", "ky", "uz")) -> set[str]:
    found = queued_messages(celery, [*(translation_queue(c) for c in locales), ASSEMBLY_QUEUE])
    assert found is not None
    return set(found)


def _take_from_queue(redis_server: PrivateRedis, locale: str) -> str:
    """What a worker's fetch does: the message leaves its queue (and would sit in the
    worker's memory and Redis's unacknowledged set). Returns its task id."""
    import json

    client = redis_server.client()
    # As a worker's BRPOP does: by priority step first, then queue (urgent, then ordinary).
    lists = [
        priority_list(queue, step)
        for step in PRIORITY_STEPS
        for queue in translation_queues(locale)
    ]
    raw = next((r for r in (client.rpop(n) for n in lists) if r is not None), None)
    assert isinstance(raw, bytes), raw
    return str(json.loads(raw)["headers"]["id"])


def _lease(
    database: Database, *, instance: str, hostname: str, locales: list[str], age: float = 0.0
) -> None:
    with database.session() as session:
        repo.beat(
            session,
            instance=instance,
            hostname=hostname,
            pid=1,
            locales=locales,
            queues=[],
            models_dir="/models",
        )
        if age:
            moment = repo.database_now(session) - timedelta(seconds=age)
            session.execute(
                update(WorkerLease).where(WorkerLease.instance == instance).values(beat_at=moment)
            )


def test_queued_work_is_never_resent_however_long_it_waits(
    settings: Settings, database: Database, celery: Celery
) -> None:
    # Tried: a backlog no worker takes, looked at for a simulated week.
    article_id = _article(database, ["ru", "ky"])
    sent = dispatch(celery, database, article_id=article_id, targets=["ru", "ky"], batch_size=2)
    reconciler, clock = _settled(settings, database, celery)
    for _ in range(6):
        assert reconciler.run_once() == []
        clock.advance(100_000)
    items = _open(database)
    assert len(items) == sent == 6
    assert {item.state for item in items} == {WorkState.QUEUED}
    assert _queued(celery) == {item.task_id for item in items}
    with database.session() as session:
        assert repo.translations_for(session, article_id=article_id, locale="ru") == {}


def test_work_started_by_a_worker_whose_lease_stopped_is_sent_again(
    settings: Settings, database: Database, celery: Celery, redis_server: PrivateRedis
) -> None:
    article_id = _article(database, ["ru"])
    dispatch(celery, database, article_id=article_id, targets=["ru"], batch_size=2)
    taken = _take_from_queue(redis_server, "ru")
    with database.session() as session:
        assert repo.start_work(session, task_id=taken, worker="w1@host", instance="dead")
    _lease(database, instance="dead", hostname="w1@host", locales=["ru"], age=3600)
    clock = Clock()
    reconciler = Reconciler(settings, database, celery, clock=clock)
    assert reconciler.run_once() == []  # not before the database was seen healthy a TTL
    clock.advance(settings.lease_ttl)
    actions = reconciler.run_once()
    assert [a.why for a in actions] == ["its worker w1@host stopped renewing its lease"]
    assert actions[0].what == "re-sent a batch of 2 segments"
    with database.session() as session:
        work = {w.task_id: w for w in repo.work_of(session, article_id=article_id)}
    assert work[taken].state is WorkState.LOST
    replacement = [w for w in work.values() if w.generation == 1]
    assert len(replacement) == 1 and replacement[0].segment_ids == work[taken].segment_ids
    assert replacement[0].task_id in _queued(celery)
    assert reconciler.run_once() == []  # once only


def test_a_live_worker_that_does_not_answer_keeps_its_work(
    settings: Settings, database: Database, celery: Celery, redis_server: PrivateRedis
) -> None:
    # Tried: a worker whose lease is fresh but who does not answer the broadcast (busy,
    # or slow): the reconciler cannot know what it holds, so it judges nothing it might.
    article_id = _article(database, ["ru"])
    dispatch(celery, database, article_id=article_id, targets=["ru"], batch_size=2)
    taken = _take_from_queue(redis_server, "ru")
    with database.session() as session:
        repo.start_work(session, task_id=taken, worker="busy@host", instance="busy")
    _lease(database, instance="busy", hostname="busy@host", locales=["ru"])
    reconciler, clock = _settled(settings, database, celery)
    _lease(database, instance="busy", hostname="busy@host", locales=["ru"])  # still beating
    for _ in range(3):
        assert reconciler.run_once() == []
        clock.advance(settings.reconcile_confirm)


def test_a_broker_that_lost_its_data_gets_every_queued_batch_again(
    settings: Settings, database: Database, celery: Celery, redis_server: PrivateRedis
) -> None:
    article_id = _article(database, ["ru", "ky"])
    dispatch(celery, database, article_id=article_id, targets=["ru", "ky"], batch_size=2)
    reconciler, _ = _settled(settings, database, celery)
    before = {item.task_id for item in _open(database)}
    client: Any = redis_server.client()
    old_epoch = client.get(EPOCH_KEY)
    redis_server.restart()  # without persistence: queues and the epoch marker are gone
    actions = reconciler.run_once()
    assert len(actions) == 6
    assert {a.why for a in actions} == {"the broker lost its queues: it restarted without its data"}
    after = _open(database)
    assert not before & {item.task_id for item in after}
    assert _queued(celery) == {item.task_id for item in after}
    assert client.get(EPOCH_KEY) not in (None, old_epoch)
    assert reconciler.run_once() == []


def test_a_task_neither_queued_nor_held_is_resent_on_the_second_look(
    settings: Settings, database: Database, celery: Celery, redis_server: PrivateRedis
) -> None:
    article_id = _article(database, ["ru"])
    dispatch(celery, database, article_id=article_id, targets=["ru"], batch_size=10)
    reconciler, clock = _settled(settings, database, celery)
    taken = _take_from_queue(redis_server, "ru")  # e.g. a worker fetched it, then vanished
    assert reconciler.run_once() == []  # first look: it may be on its way to a worker
    clock.advance(settings.reconcile_confirm)
    actions = reconciler.run_once()
    assert [(a.what, a.why) for a in actions] == [
        ("re-sent a batch of 5 segments", "neither queued nor held by any worker")
    ]
    with database.session() as session:
        assert repo.work_by_task(session, task_ids=[taken])[taken].state is WorkState.LOST


@contextlib.contextmanager
def _commands(redis_server: PrivateRedis) -> Iterator[list[str]]:
    """Every command the broker runs meanwhile, in the order it runs them (MONITOR)."""
    import redis

    seen: list[str] = []
    ready, done = threading.Event(), f"end-of-watch-{uuid.uuid4().hex}"
    # No read timeout: MONITOR waits for as long as the broker gets no command.
    listener = redis.Redis(host="127.0.0.1", port=redis_server.port)

    def watch() -> None:
        with listener.monitor() as monitor:  # type: ignore[no-untyped-call]
            ready.set()
            for entry in monitor.listen():
                if done in entry["command"]:
                    return
                seen.append(entry["command"])

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        assert ready.wait(10)
        yield seen
    finally:
        redis_server.client().echo(done)
        watcher.join(10)
        listener.close()
    assert not watcher.is_alive()


def test_a_pass_looks_at_the_queues_again_after_the_workers_answer(
    settings: Settings, database: Database, celery: Celery, redis_server: PrivateRedis
) -> None:
    # Tried: a task that a worker sends back to its queue (a retry) after the pass read
    # the queues and before the worker answered "what do you hold?": at neither look, so
    # two such passes could re-send work that was never lost (a re-send like that was
    # seen under load, after a database outage). Every queue the pass reads before the
    # broadcast it reads again after it; Redis's MONITOR gives the order in which the
    # broker ran the commands.
    article_id = _article(database, ["ru"])
    dispatch(celery, database, article_id=article_id, targets=["ru"], batch_size=2)
    _lease(database, instance="w1", hostname="w1@host", locales=["ru"])  # live, silent
    reconciler, _ = _settled(settings, database, celery)
    _lease(database, instance="w1", hostname="w1@host", locales=["ru"])
    with _commands(redis_server) as seen:
        assert reconciler.run_once() == []
    reads = [i for i, command in enumerate(seen) if command.startswith("LRANGE ")]
    broadcast = next(
        i
        for i, command in enumerate(seen)
        if command.startswith("PUBLISH ") and "pidbox" in command
    )
    before = {seen[i] for i in reads if i < broadcast}
    after = {seen[i] for i in reads if i > broadcast}
    assert any(translation_queue("ru") in command for command in before)
    assert before == after


def test_no_judgment_while_the_database_has_not_been_healthy_for_a_lease_ttl(
    settings: Settings, database: Database, celery: Celery, redis_server: PrivateRedis
) -> None:
    # After an outage every lease looks stale (nobody could renew one): the reconciler
    # must watch a healthy database for a lease TTL before it believes any evidence.
    article_id = _article(database, ["ru"])
    dispatch(celery, database, article_id=article_id, targets=["ru"], batch_size=10)
    reconciler, clock = _settled(settings, database, celery)
    good = reconciler.database
    reconciler.database = Database.open(
        "postgresql+psycopg://postgres@127.0.0.1:1/x", upgrade=False, connect_timeout=1
    )
    with pytest.raises(Exception, match=r"refused|connect"):
        reconciler.run_once()
    assert reconciler.healthy_since is None and not reconciler.settled
    reconciler.database = good
    redis_server.restart()
    assert reconciler.run_once() == []
    clock.advance(settings.lease_ttl / 2)
    assert reconciler.run_once() == []
    clock.advance(settings.lease_ttl / 2)
    assert len(reconciler.run_once()) == 1


def test_work_lost_at_every_resend_is_marked_failed_and_the_edition_assembled(
    settings: Settings, database: Database, celery: Celery, redis_server: PrivateRedis
) -> None:
    settings = settings.model_copy(update={"reconcile_max_resends": 1})
    article_id = _article(database, ["ru"])
    dispatch(celery, database, article_id=article_id, targets=["ru"], batch_size=10)
    reconciler, _ = _settled(settings, database, celery)
    redis_server.restart()
    assert [a.what for a in reconciler.run_once()] == ["re-sent a batch of 5 segments"]
    redis_server.restart()
    actions = reconciler.run_once()
    assert [a.what for a in actions] == [
        "gave up on 5 segments lost at every re-send; marked failed (see `tarjima status`)"
    ]
    with database.session() as session:
        rows = repo.translations_for(session, article_id=article_id, locale="ru")
        kinds = [w.kind for w in repo.open_work(session, article_id=article_id)]
    assert {r.status for r in rows.values()} == {Status.FAILED}
    assert {r.error for r in rows.values()} == {
        "LostWork: the batch was lost 2 times after it was sent (is a worker process dying "
        "on it? see the workers' logs)"
    }
    assert kinds == [WorkKind.ASSEMBLE]


def test_an_article_nobody_sent_work_for_is_sent_after_two_looks(
    settings: Settings, database: Database, celery: Celery
) -> None:
    # Tried: the process that stored the article died before dispatching it.
    article_id = _article(database, ["ru"])
    reconciler, clock = _settled(settings, database, celery)
    clock.advance(settings.reconcile_confirm)
    actions = reconciler.run_once()
    assert [(a.what, a.why) for a in actions] == [
        ("sent 5 segments in 3 batches", "no task was working on them")
    ]
    assert len(_open(database)) == 3 and reconciler.run_once() == []
    with database.session() as session:
        segments = repo.segment_ids(session, article_id=article_id)
    assert sorted(i for w in _open(database) for i in w.segment_ids) == sorted(segments)


def test_an_edition_older_than_its_translations_is_assembled(
    settings: Settings, database: Database, celery: Celery
) -> None:
    # Tried: the batch that finished the language died before it sent the assembly.
    article_id = _article(database, ["ru"])
    with database.session() as session:
        for segment_id in repo.segment_ids(session, article_id=article_id):
            repo.upsert_translation(
                session,
                segment_id=segment_id,
                locale="ru",
                text="Да.",
                origin=Origin.MACHINE,
                status=Status.MACHINE,
                engine="e",
                warnings=[],
            )
    reconciler, clock = _settled(settings, database, celery)
    clock.advance(settings.reconcile_confirm)
    actions = reconciler.run_once()
    assert [(a.what, a.why) for a in actions] == [
        ("sent the assembly", "the edition is older than its translations")
    ]
    assert [w.kind for w in _open(database)] == [WorkKind.ASSEMBLE]
    assert reconciler.run_once() == []


def test_a_language_no_live_worker_serves_goes_to_translators_then_comes_back(
    settings: Settings, database: Database, celery: Celery
) -> None:
    article_id = _article(database, ["uz", "ru"])
    dispatch(celery, database, article_id=article_id, targets=["uz", "ru"], batch_size=10)
    _lease(database, instance="a", hostname="ru-only@host", locales=["ru"])
    reconciler, clock = _settled(settings, database, celery)
    _lease(database, instance="a", hostname="ru-only@host", locales=["ru"])
    actions = reconciler.run_once()
    assert [(a.locale, a.what, a.why) for a in actions] == [
        ("uz", "5 segments await a human translator", "no live worker serves uz")
    ]
    with database.session() as session:
        uz = repo.translations_for(session, article_id=article_id, locale="uz")
        open_kinds = sorted((w.locale, w.kind) for w in repo.open_work(session))
    assert {r.status for r in uz.values()} == {Status.AWAITING_HUMAN}
    assert {r.error for r in uz.values()} == {
        "no live worker can translate into uz: the NLLB-200 model covers en->uz; install it "
        "with `tarjima models download nllb-200-distilled-600M`, then restart a worker; these "
        "passages are sent again then"
    }
    # The uz batch left its queue; the ru batch waits for the ru worker; the uz edition
    # (all passages awaiting a human) is being assembled.
    assert open_kinds == [("ru", WorkKind.TRANSLATE), ("uz", WorkKind.ASSEMBLE)]
    # A worker with an Uzbek model starts: the passages are sent again.
    _lease(database, instance="b", hostname="uz@host", locales=["uz"])
    clock.advance(settings.reconcile_confirm)
    assert reconciler.run_once() == []  # first look
    clock.advance(settings.reconcile_confirm)
    _lease(database, instance="a", hostname="ru-only@host", locales=["ru"])
    _lease(database, instance="b", hostname="uz@host", locales=["uz"])
    actions = reconciler.run_once()
    assert [(a.locale, a.what, a.why) for a in actions] == [
        ("uz", "sent 5 segments in 3 batches", "a worker can now translate into uz")
    ]


def test_two_reconcilers_never_resend_one_task_twice(
    settings: Settings, database: Database, celery: Celery, redis_server: PrivateRedis
) -> None:
    article_id = _article(database, ["ru", "ky"])
    dispatch(celery, database, article_id=article_id, targets=["ru", "ky"], batch_size=2)
    first, _ = _settled(settings, database, celery)
    second, _ = _settled(settings, database, celery)
    redis_server.restart()
    actions = first.run_once() + second.run_once()
    assert len(actions) == 6
    assert len(_open(database)) == 6


def test_dispatch_hands_a_language_no_live_worker_serves_to_translators_at_once(
    settings: Settings, database: Database, celery: Celery
) -> None:
    # With workers holding leases, a language none of them can translate is not queued
    # for ever: its passages go to translators right away, and its edition is assembled.
    article_id = _article(database, ["uz", "ru"])
    _lease(database, instance="a", hostname="ru-only@host", locales=["ru"])
    sent = dispatch(
        celery,
        database,
        article_id=article_id,
        targets=["uz", "ru"],
        batch_size=2,
        lease_ttl=settings.lease_ttl,
    )
    assert sent == 3
    with database.session() as session:
        uz = repo.translations_for(session, article_id=article_id, locale="uz")
        open_kinds = sorted((w.locale, w.kind) for w in repo.open_work(session))
    assert len(uz) == SEGMENTS and {r.status for r in uz.values()} == {Status.AWAITING_HUMAN}
    assert open_kinds == [("ru", WorkKind.TRANSLATE)] * 3 + [("uz", WorkKind.ASSEMBLE)]
    # No live worker at all (all leases lapsed): everything waits in the queues.
    _lease(database, instance="a", hostname="ru-only@host", locales=["ru"], age=3600)
    later = _article(database, ["uz"], slug="later")
    assert (
        dispatch(
            celery,
            database,
            article_id=later,
            targets=["uz"],
            batch_size=2,
            lease_ttl=settings.lease_ttl,
        )
        == 3
    )


def test_lost_urgent_work_is_sent_again_with_its_priority(
    settings: Settings, database: Database, celery: Celery, redis_server: PrivateRedis
) -> None:
    article_id = _article(database, ["ru"])
    with database.session() as session:
        repo.set_urgent(session, article_id=article_id, urgent=True)
    dispatch(celery, database, article_id=article_id, targets=["ru"], batch_size=2)
    reconciler, clock = _settled(settings, database, celery)
    taken = _take_from_queue(redis_server, "ru")  # the top step first: the headline batch
    assert reconciler.run_once() == []
    clock.advance(settings.reconcile_confirm)
    assert [a.what for a in reconciler.run_once()] == ["re-sent a batch of 3 segments"]
    with database.session() as session:
        work = repo.work_of(session, article_id=article_id)
    lost = next(w for w in work if w.task_id == taken)
    replacement = next(w for w in work if w.generation == 1)
    assert (lost.priority, replacement.priority) == (HEADLINE_PRIORITY, HEADLINE_PRIORITY)
    found = queued_messages(celery, list(translation_queues("ru")))
    assert found is not None and found[replacement.task_id].list_name == urgent_queue("ru")
