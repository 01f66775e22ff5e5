"""The Celery configuration Tarjima's guarantees rest on (issue: lose nothing under faults)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from publisher.core.config import Settings
from publisher.core.task_names import (
    ASSEMBLE_TASK,
    ASSEMBLY_QUEUE,
    TRANSLATE_TASK,
    translation_queue,
)
from worker.celery_app import create_celery


def test_configuration_follows_settings() -> None:
    settings = Settings(
        broker_url="redis://127.0.0.1:6379/3",
        result_backend="redis://127.0.0.1:6379/4",
        task_soft_time_limit=50,
        task_time_limit=60,
        visibility_timeout=120,
    )
    conf = create_celery(settings).conf
    assert conf.broker_url == "redis://127.0.0.1:6379/3"
    assert conf.result_backend == "redis://127.0.0.1:6379/4"
    assert (conf.task_soft_time_limit, conf.task_time_limit) == (50, 60)
    assert conf.broker_transport_options["visibility_timeout"] == 120


def test_delivery_guarantees() -> None:
    conf = create_celery(Settings(broker_url="redis://127.0.0.1:6379/3")).conf
    assert conf.accept_content == ["json"] and conf.task_serializer == "json"
    # Translation (one queue per language, chosen when sent) and assembly on separate
    # queues: a flood of batches never starves assembly.
    assert TRANSLATE_TASK not in conf.task_routes
    assert conf.task_routes[ASSEMBLE_TASK] == {"queue": ASSEMBLY_QUEUE}
    assert translation_queue("ru") == "translation.ru" != ASSEMBLY_QUEUE
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.broker_connection_max_retries is None
    assert conf.worker_proc_alive_timeout >= 60  # model loading in a new child


def test_tasks_are_registered_with_retry_limits() -> None:
    app = create_celery(Settings())
    app.loader.import_default_modules()
    translate = app.tasks[TRANSLATE_TASK]
    assert translate.acks_late and translate.max_retries == 3
    assert ASSEMBLE_TASK in app.tasks
    assert app.conf.broker_url.startswith("memory://")  # no broker configured: embedded


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"task_soft_time_limit": 300, "task_time_limit": 300}, "task_soft_time_limit"),
        ({"task_time_limit": 900, "visibility_timeout": 900}, "visibility_timeout"),
        ({"heartbeat_every": 10, "lease_ttl": 15}, "lease_ttl"),
    ],
)
def test_limits_that_would_lose_or_duplicate_work_are_refused(
    overrides: dict[str, int], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Settings(**overrides)  # type: ignore[arg-type]


def test_retry_backoff_follows_the_setting() -> None:
    """Every retry waits ``retry_delay`` doubled per earlier try; a batch whose worker
    process died waits twice the delay. Tests set a short delay and never wait on it."""
    from worker.tasks import backoff

    default = Settings()
    assert [backoff(default, n) for n in range(3)] == [1.0, 2.0, 4.0]  # as before
    quick = Settings(retry_delay=0.05)
    assert [backoff(quick, n) for n in range(3)] == [0.05, 0.1, 0.2]
    app = create_celery(quick)
    app.finalize()
    assert app.tasks[TRANSLATE_TASK].default_retry_delay == 0.1
