"""Which queues a worker consumes: its languages' urgent and ordinary queues and assembly
by default; `-Q urgent` keeps a worker for urgent headlines alone; never a language the
worker has no model for. And the lease's heartbeat: one stuck in the database is given up
on, said once, and renews when it returns."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import select, text

from publisher.core.config import Settings
from publisher.core.task_names import queue_locale, translation_queue, urgent_queue
from publisher.db.models import WorkerLease
from publisher.db.session import Database
from tests.support.databases import fresh_postgres_database
from tests.support.services import wait_until
from worker.lease import Identity, LeaseKeeper, choose_queues


def test_by_default_a_worker_takes_its_languages_urgent_work_first_and_assembly() -> None:
    assert choose_queues(["ru", "ky"], None) == [
        "translation.ru.urgent",
        "translation.ru",
        "translation.ky.urgent",
        "translation.ky",
        "assembly",
    ]


def test_urgent_alone_keeps_a_worker_free_for_breaking_news() -> None:
    assert choose_queues(["ru", "ky"], ["urgent"]) == [urgent_queue("ru"), urgent_queue("ky")]


def test_asked_queues_of_languages_without_a_model_are_dropped() -> None:
    assert choose_queues(
        ["ru"], [urgent_queue("uz"), translation_queue("uz"), "assembly", translation_queue("ru")]
    ) == ["assembly", "translation.ru"]
    assert choose_queues(["ru"], ["translation"]) == ["translation.ru.urgent", "translation.ru"]


def test_both_queues_of_a_language_name_it() -> None:
    assert queue_locale(urgent_queue("uz_Cyrl")) == queue_locale(translation_queue("uz_Cyrl"))
    assert queue_locale("translation.ru.urgent") == "ru" and queue_locale("assembly") is None


@pytest.mark.integration
@pytest.mark.postgres
def test_a_heartbeat_stuck_in_the_database_is_reported_and_renews_once_it_returns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Tried: the lease row locked by another transaction, so the heartbeat's query waits
    # as on a database frozen mid-query (its connection stays open; keepalives are
    # answered), where nothing on the worker's side would ever time it out.
    with fresh_postgres_database() as url:
        Database.open(url).dispose()  # the schema
        settings = Settings(
            data_dir=tmp_path,
            database_url=url,
            heartbeat_every=1,
            lease_ttl=5,
            db_connect_timeout=1,
        )
        keeper = LeaseKeeper(settings, Identity(hostname="w0@host", locales=("ru",)))
        locker = Database.open(url, upgrade=False)
        try:
            assert keeper.beat_in_time()  # the lease is written
            with caplog.at_level(logging.WARNING, logger="tarjima.lease"):
                with locker.session() as session:
                    # Were the heartbeat never given up on, the server ends this
                    # transaction after 30 s: the test then fails instead of hanging.
                    session.execute(text("SET idle_in_transaction_session_timeout = '30s'"))
                    session.execute(
                        select(WorkerLease)
                        .where(WorkerLease.instance == keeper.identity.instance)
                        .with_for_update()
                    )
                    assert not keeper.beat_in_time()  # given up on after its deadline
                    assert not keeper.beat_in_time()  # none started beside the stuck one
                assert "cannot renew the worker's lease" in caplog.text
                assert "did not answer within 2 s" in caplog.text
                # The lock is gone with the transaction: the stuck heartbeat returns.
                wait_until(keeper.beat_in_time, timeout=30, what="the lease renewed")
            assert "the worker's lease is renewed again" in caplog.text
            assert caplog.text.count("cannot renew") == 1  # said once for the whole wait
        finally:
            keeper.database.dispose()
            locker.dispose()
