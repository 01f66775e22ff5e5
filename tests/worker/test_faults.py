"""Faults with real processes: `tarjima worker`s and `tarjima reconcile` over a private
Redis and a fresh PostgreSQL database (behind a proxy where the database itself fails).

Each test breaks one thing the way it breaks in production (SIGKILL, a Redis restart
without persistence, a refused or hung database, an empty models folder, a backlog), then
waits on database state until the articles complete, and checks that nothing was lost,
duplicated, failed or assembled twice, and that the reconciler acted on the right
evidence. The settings are scaled down (lease TTL 5 s, passes every second); recovery
times with the default settings are measured in bench/faults.py.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.core.enums import Status, WorkKind, WorkState
from tests.support.services import ServiceUnavailable, wait_until
from tests.support.stack import ONE_INSTALLATION_AT_A_TIME, Look, Stack, engine_double, installation

pytestmark = [pytest.mark.integration, ONE_INSTALLATION_AT_A_TIME]

SLUG = "tajikistan-misses-big-opportunity-to-mend-ties-with-kyrgyzstan"
SEGMENTS = 24  # of the sample article
BATCH = 4


@pytest.fixture()
def stack(tmp_path: Path, package_dir: dict[str, Path]) -> Iterator[Stack]:
    try:
        with installation(tmp_path) as found:
            found.install(package_dir["en-ru"], package_dir["en-ky"])
            yield found
    except ServiceUnavailable as exc:
        pytest.fail(str(exc))


@pytest.fixture()
def proxied(tmp_path: Path, package_dir: dict[str, Path]) -> Iterator[Stack]:
    try:
        with installation(tmp_path, proxy=True) as found:
            found.install(package_dir["en-ru"], package_dir["en-ky"])
            yield found
    except ServiceUnavailable as exc:
        pytest.fail(str(exc))


def _running_on(stack: Stack, prefix: str) -> str | None:
    for item in stack.look().work:
        if item.state is WorkState.RUNNING and (item.worker or "").startswith(prefix):
            return item.task_id
    return None


def _most_retries(log: str) -> int:
    """The most times one task was retried, from a worker's log."""
    found = re.findall(r"Task tarjima\.translate_batch\[([0-9a-f-]+)\] retry:", log)
    return max(Counter(found).values(), default=0)


def _rows(look: Look) -> int:
    return sum(look.rows.values())


def _assert_whole(look: Look, languages: int) -> None:
    """One row per segment and language, all machine-translated, each edition assembled
    once."""
    assert look.rows == {str(Status.MACHINE): SEGMENTS * languages}
    assert {e.revision for e in look.editions.values()} == {1}
    assert {e.state for e in look.editions.values()} == {"complete"}


def test_whole_worker_killed_while_another_is_alive(stack: Stack, sample_path: Path) -> None:
    env = engine_double(stack.env, "slow")
    doomed = stack.worker("w0", env=env)
    stack.worker("w1", env=env)
    reconciler = stack.reconciler(env)
    stack.submit(sample_path, "ru,ky")
    victim = wait_until(
        lambda: _running_on(stack, "w0-"), timeout=120, what="a batch running on w0"
    )
    doomed.kill()  # SIGKILL, main process and pool at once: its batch is never acknowledged
    look = wait_until(stack.completed, timeout=180, what="the article to complete")
    _assert_whole(look, 2)
    lost = next(w for w in look.work if w.task_id == victim)
    assert lost.state is WorkState.LOST and lost.note and "stopped renewing its lease" in lost.note
    again = [w for w in look.work if w.generation == 1]
    assert [w.segment_ids for w in again] == [lost.segment_ids]
    assert again[0].state is WorkState.DONE and (again[0].worker or "").startswith("w1-")
    assert "stopped renewing its lease" in reconciler.output()


def test_whole_worker_killed_alone_then_restarted(stack: Stack, sample_path: Path) -> None:
    env = engine_double(stack.env, "slow")
    doomed = stack.worker("w0", env=env)
    stack.reconciler(env)
    stack.submit(sample_path, "ru")
    victim = wait_until(
        lambda: _running_on(stack, "w0-"), timeout=120, what="a batch running on w0"
    )
    doomed.kill()
    stack.worker("w1", env=env)  # the same machine, the worker started again
    look = wait_until(stack.completed, timeout=180, what="the article to complete")
    _assert_whole(look, 1)
    lost = next(w for w in look.work if w.task_id == victim)
    assert lost.state is WorkState.LOST
    assert all(
        w.worker and w.worker.startswith("w1-")
        for w in look.work
        if w.state is WorkState.DONE and w.kind is WorkKind.TRANSLATE and w.task_id != victim
    )


def test_redis_restart_without_persistence_loses_nothing(stack: Stack, sample_path: Path) -> None:
    env = engine_double(stack.env, "slow")
    workers = [stack.worker(f"w{i}", env=env) for i in range(2)]
    reconciler = stack.reconciler(env)
    stack.submit(sample_path, "ky,ru")
    wait_until(lambda: _rows(stack.look()) >= 4, timeout=120, what="the first batches")
    stack.redis.restart()  # every queued batch and every unacknowledged one is gone
    look = wait_until(stack.completed, timeout=180, what="the article to complete")
    _assert_whole(look, 2)
    assert "the broker lost its queues" in reconciler.output()
    assert all(w.alive() for w in workers), "a worker died"
    logs = "".join(w.output() for w in workers)
    assert "Connection to broker lost" in logs or "Cannot connect to redis" in logs


def test_database_refused_for_a_while_drops_nothing(proxied: Stack, sample_path: Path) -> None:
    env = engine_double(proxied.env, "paced")
    worker = proxied.worker("w0", env=env)
    reconciler = proxied.reconciler(env)
    proxied.submit(sample_path, "ru,ky")
    wait_until(lambda: _rows(proxied.look()) >= 4, timeout=120, what="the first batches")
    assert proxied.proxy is not None
    proxied.proxy.refuse()  # as a stopped server: every connection refused
    # Longer than the old policy allowed (three retries, then the batch was dropped): one
    # batch must have waited for the database five times, and the lease must have lapsed.
    wait_until(
        lambda: (
            _most_retries(worker.output()) >= 5
            and "cannot renew the worker's lease" in worker.output()
        ),
        timeout=120,
        what="a batch to retry five times",
    )
    proxied.proxy.resume()
    look = wait_until(proxied.completed, timeout=180, what="the article to complete")
    _assert_whole(look, 2)
    assert "re-sent" not in reconciler.output(), "work was taken for lost during the outage"


def test_hung_database_makes_tasks_wait_then_finish(proxied: Stack, sample_path: Path) -> None:
    env = engine_double(proxied.env, "paced")
    worker = proxied.worker("w0", env=env)
    reconciler = proxied.reconciler(env)
    proxied.submit(sample_path, "ru")
    wait_until(lambda: _rows(proxied.look()) >= 4, timeout=120, what="the first batches")
    assert proxied.proxy is not None
    proxied.proxy.hang()  # connections open, nothing answers
    wait_until(
        lambda: "cannot renew the worker's lease" in worker.output(),
        timeout=60,
        what="the worker to notice the database hangs",
    )
    proxied.proxy.resume()
    look = wait_until(proxied.completed, timeout=180, what="the article to complete")
    _assert_whole(look, 1)
    assert "re-sent" not in reconciler.output(), "work was taken for lost while it waited"


def test_a_worker_without_models_takes_no_translation_work(
    stack: Stack, sample_path: Path, tmp_path: Path
) -> None:
    # Tried: a mixed fleet, one worker whose models volume is empty beside a good one.
    empty = tmp_path / "no-models"
    empty.mkdir()
    bare = stack.worker("bare", env={**stack.env, "TARJIMA_MODELS_DIR": str(empty)})
    good = stack.worker("good")
    stack.reconciler()
    # Published once both are up: with only the bare one alive, the work would rightly go
    # to translators (the dispatch rule for a language no live worker serves).
    stack.ready("bare", "good")
    out = stack.cli(
        "publish",
        str(sample_path),
        "--to",
        "ru,ky",
        "--date",
        "2021-07-21",
        "--wait",
        "--timeout",
        "240",
    )
    assert "complete" in out
    look = stack.look()
    _assert_whole(look, 2)
    assert "this worker takes no translation work" in bare.output()
    assert "translates into nothing; consumes assembly" in bare.output()
    assert (
        "translates into ky, ru; consumes translation.ky.urgent, translation.ky, "
        "translation.ru.urgent, translation.ru"
    ) in good.output()
    batches = [w for w in look.work if w.kind is WorkKind.TRANSLATE]
    assert {(w.worker or "").split("-")[0] for w in batches} == {"good"}


def test_segments_waiting_for_a_model_are_sent_again_once_a_worker_has_one(
    stack: Stack, sample_path: Path, package_dir: dict[str, Path], tmp_path: Path
) -> None:
    models = tmp_path / "fleet-models"
    models.mkdir()
    env = {**stack.env, "TARJIMA_MODELS_DIR": str(models)}
    stack.worker("bare", env=env)
    reconciler = stack.reconciler(env)
    stack.submit(sample_path, "ru")
    look = wait_until(stack.completed, timeout=120, what="the article to go to translators")
    assert look.rows == {str(Status.AWAITING_HUMAN): SEGMENTS}
    status = stack.cli("status", SLUG, env=env)
    assert f"ru: {SEGMENTS} awaiting_human: no live worker can translate into ru" in status
    fleet = stack.cli("status", env=env)
    assert (
        f"ru: {SEGMENTS} segments await a model; they are sent again once a worker with "
        "a model for it is running (an Argos Translate package covers en->ru; install it "
        "with `tarjima models download en-ru`)"
    ) in " ".join(fleet.split())
    stack.install(package_dir["en-ru"], env=env)
    stack.worker("good", env=env)  # workers load models when they start
    look = wait_until(
        lambda: (
            found
            if (found := stack.look()).complete()
            and {e.state for e in found.editions.values()} == {"complete"}
            else None
        ),
        timeout=120,
        what="the machine-translated edition",
    )
    assert look.rows == {str(Status.MACHINE): SEGMENTS}
    edition = next(iter(look.editions.values()))
    assert edition.revision == 2  # awaiting translators, then translated: two changes
    assert "a worker can now translate into ru" in reconciler.output()


def test_a_backlog_on_one_worker_runs_each_batch_once(
    stack: Stack, sample_path: Path, package_dir: dict[str, Path]
) -> None:
    # 2 articles x 4 languages queued at once on one worker process: 48 batches, each
    # taking at least 0.3 s, keep the queue longer than every threshold of the reconciler
    # (the longest, the 5 s lease) many times over.
    stack.install(package_dir["en-uz"], package_dir["en-tg"])
    env = engine_double(stack.env, "paced")
    stack.worker("only", env=env)
    reconciler = stack.reconciler(env)
    articles = 2
    for i in range(articles):
        stack.submit(sample_path, "uz,ky,tg,ru", slug=f"backlog-{i}")
    look = wait_until(stack.completed, timeout=400, what="the backlog to drain")
    batches = [w for w in look.work if w.kind is WorkKind.TRANSLATE]
    assert len(batches) == articles * 4 * math.ceil(SEGMENTS / BATCH)  # none sent twice
    assert {(w.state, w.generation, w.runs) for w in batches} == {(WorkState.DONE, 0, 1)}
    assert look.rows == {str(Status.MACHINE): SEGMENTS * 4 * articles}
    assert len(look.editions) == articles * 5  # uz brings uz_Cyrl
    assert {e.revision for e in look.editions.values()} == {1}  # assembled once each
    changed = [w for w in look.work if w.kind is WorkKind.ASSEMBLE and w.note == "changed"]
    assert len(changed) == articles * 4
    assert "sent" not in reconciler.output()


def test_duplicate_batches_change_nothing_and_assemble_nothing(
    stack: Stack, sample_path: Path
) -> None:
    from publisher.core.config import Settings
    from publisher.services.dispatch import send_translation
    from worker.celery_app import create_celery

    stack.worker("w0")
    stack.cli(
        "publish",
        str(sample_path),
        "--to",
        "ru",
        "--date",
        "2021-07-21",
        "--wait",
        "--timeout",
        "240",
    )
    before = stack.look()
    segment_ids = [w.segment_ids for w in before.work if w.kind is WorkKind.TRANSLATE]
    database = stack.database()
    celery = create_celery(Settings(broker_url=stack.env["TARJIMA_BROKER_URL"]))
    duplicates = [
        item.task_id
        for _ in range(2)
        for ids in segment_ids
        for item in send_translation(celery, database, article_id=1, locale="ru", groups=[ids])
    ]
    database.dispose()
    look = wait_until(
        stack.completed,
        timeout=120,
        what="the duplicates to run",
    )
    ran = [w for w in look.work if w.task_id in duplicates]
    assert {(w.state, w.note) for w in ran} == {
        (WorkState.DONE, "translated 0, memory 0, awaiting a human 0, failed 0, skipped 4")
    }
    assert [w for w in look.work if w.kind is WorkKind.ASSEMBLE] == [
        w for w in before.work if w.kind is WorkKind.ASSEMBLE
    ]
    assert look.editions == before.editions
