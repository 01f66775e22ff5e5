"""The in-process worker of an installation without Redis (worker.embedded): its thread
is gone when the block ends, and it takes only its own app's messages."""

from __future__ import annotations

from pathlib import Path

from publisher.core.config import Settings
from publisher.core.task_names import ASSEMBLY_QUEUE
from tests.support.queues import publish_raw, queue_size
from tests.support.services import wait_until
from worker.celery_app import create_celery
from worker.embedded import embedded_worker


def test_the_worker_thread_has_stopped_when_the_block_ends(tmp_path: Path) -> None:
    celery = create_celery(Settings(data_dir=tmp_path, broker_url=None))
    with embedded_worker(celery) as worker:
        assert worker.alive()
    assert not worker.alive()


def test_a_message_an_app_left_behind_is_not_taken_by_the_next_apps_worker(
    tmp_path: Path,
) -> None:
    first = create_celery(Settings(data_dir=tmp_path, broker_url=None))
    publish_raw(first, ASSEMBLY_QUEUE, {"left": "behind"})
    second = create_celery(Settings(data_dir=tmp_path / "second", broker_url=None))
    with embedded_worker(second):
        publish_raw(second, ASSEMBLY_QUEUE, {"own": "message"})
        # The worker takes (and rejects, as no task) its own app's message: the wait
        # ends on the queue's state.
        wait_until(lambda: queue_size(second, ASSEMBLY_QUEUE) == 0, timeout=30, what="a take")
    assert queue_size(first, ASSEMBLY_QUEUE) == 1
