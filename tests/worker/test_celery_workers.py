"""Real `tarjima worker` processes over the real Redis and PostgreSQL.

Each test starts its own workers (bounded in time, always stopped), a fresh PostgreSQL
database and a private redis-server (``tests.support.stack``), and publishes the sample article
through the real Argos/CTranslate2 engine with packages built on the fly.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.core.enums import WorkState
from publisher.db.models import Status
from publisher.db.repository import StoredTranslation
from tests.support.services import TARJIMA, Process, ServiceUnavailable, wait_until
from tests.support.stack import ONE_INSTALLATION_AT_A_TIME, Stack, installation

pytestmark = [pytest.mark.integration, ONE_INSTALLATION_AT_A_TIME]

SLUG = "tajikistan-misses-big-opportunity-to-mend-ties-with-kyrgyzstan"


@pytest.fixture()
def stack(tmp_path: Path, package_dir: dict[str, Path]) -> Iterator[Stack]:
    """A private Redis, a fresh PostgreSQL database and the en-ru and en-ky packages."""
    try:
        with installation(tmp_path, extra={"TARJIMA_BATCH_SIZE": "4"}) as found:
            found.install(package_dir["en-ru"], package_dir["en-ky"])
            yield found
    except ServiceUnavailable as exc:
        pytest.fail(str(exc))


@pytest.fixture()
def service_env(stack: Stack) -> dict[str, str]:
    return dict(stack.env)


def _cli(
    args: list[str], env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [TARJIMA, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result


BATCH_RECEIVED = re.compile(r"Task tarjima\.translate_batch\[[0-9a-f-]+\] received")
BATCH_SUCCEEDED = re.compile(r"Task tarjima\.translate_batch\[[0-9a-f-]+\] succeeded")


def _holds_a_batch(log: str) -> bool:
    """The worker received a batch (not just listed the task in its start-up banner)."""
    return BATCH_RECEIVED.search(log) is not None


def _ran_a_batch(log: str) -> bool:
    return BATCH_SUCCEEDED.search(log) is not None


def _status_rows(status: str) -> dict[str, str]:
    """The rows of `tarjima status`'s table, by locale."""
    return {
        line.split("│")[1].strip(): line for line in status.splitlines() if line.startswith("│")
    }


def _publish_args(sample_path: Path, targets: str) -> list[str]:
    """`publish --wait` of the sample, bounded in time."""
    date = ["--date", "2021-07-21"]
    return ["publish", str(sample_path), "--to", targets, *date, "--wait", "--timeout", "240"]


def _publish_and_wait(
    sample_path: Path, targets: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return _cli(_publish_args(sample_path, targets), env, timeout=300)


def _start_worker(env: dict[str, str], log: Path, name: str, *, node: str | None = None) -> Process:
    node = node or f"{name}-{uuid.uuid4().hex[:6]}@%h"
    return Process(["worker", "--concurrency", "1", "--name", node], env, log)


def _stop_workers(procs: list[Process]) -> None:
    """SIGTERM (warm shutdown), SIGKILL whatever is left after 20 s."""
    for proc in procs:
        proc.stop(20)


@pytest.fixture()
def workers(service_env: dict[str, str], tmp_path: Path) -> Iterator[list[Process]]:
    procs = [_start_worker(service_env, tmp_path / f"worker{i}.log", f"w{i}") for i in range(2)]
    yield procs
    _stop_workers(procs)


def test_two_workers_publish_the_sample_into_four_editions(
    service_env: dict[str, str],
    workers: list[Process],
    sample_path: Path,
    tmp_path: Path,
) -> None:
    result = _publish_and_wait(sample_path, "uz,ky,tg,ru", service_env)
    assert "queued" in result.stdout and "complete" in result.stdout
    assert all(proc.alive() for proc in workers), "a worker died"
    out = Path(service_env["TARJIMA_DATA_DIR"]) / "editions"
    pages = {
        code: (out / code / f"{SLUG}.html").read_text(encoding="utf-8")
        for code in ("uz", "ky", "tg", "ru")
    }
    assert "4\xa0000" in pages["ru"] and "13–14 июля" in pages["ru"]
    assert "13–14-июль күндөрү" in pages["ky"]
    assert 'class="untranslated"' in pages["uz"] and 'class="untranslated"' in pages["tg"]
    rows = _status_rows(_cli(["status", SLUG], service_env).stdout)
    assert "complete" in rows["ru"] and "complete" in rows["ky"]
    assert "partial" in rows["uz"] and "partial" in rows["tg"]
    # Both workers took batches (the banner lists the task names too: match the run lines).
    for i in range(2):
        assert _ran_a_batch((tmp_path / f"worker{i}.log").read_text()), f"worker {i} idle"


def _use_engine_double(env: dict[str, str], factory: str) -> dict[str, str]:
    here = str(Path(__file__).parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))
    env["TARJIMA_ENGINE"] = f"tarjima_engine_doubles:{factory}"
    return env


@pytest.fixture()
def broken_ky_env(service_env: dict[str, str]) -> dict[str, str]:
    return _use_engine_double(service_env, "broken_for_kyrgyz")


@pytest.fixture()
def slow_env(service_env: dict[str, str]) -> dict[str, str]:
    return _use_engine_double(service_env, "slow")


def _pool_children(worker: Process) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-P", str(worker.proc.pid)], capture_output=True, text=True, check=False
    )
    # `tarjima worker` execs celery in place, so the pool children hang off that pid.
    return [int(p) for p in found.stdout.split()]


def _running(stack: Stack) -> str | None:
    """A batch the ledger says a worker has started, if any."""
    return next((w.task_id for w in stack.look().work if w.state is WorkState.RUNNING), None)


def test_sigkilled_worker_process_loses_nothing(
    stack: Stack,
    slow_env: dict[str, str],
    workers: list[Process],
    sample_path: Path,
    tmp_path: Path,
) -> None:
    # Fault (b): SIGKILL the pool process that holds a batch (inside the slow engine: the
    # batch is held, not yet stored); Celery requeues it and the article completes with
    # exactly one translation per segment and locale.
    _cli(["publish", str(sample_path), "--to", "ru", "--date", "2021-07-21"], slow_env)
    victim = wait_until(lambda: _running(stack), timeout=60, what="a batch to start")
    holder = next(w for w in stack.look().work if w.task_id == victim).worker or ""
    index = 0 if holder.startswith("w0-") else 1
    children = wait_until(
        lambda: _pool_children(workers[index]), timeout=30, what="the worker's pool process"
    )
    os.kill(children[0], signal.SIGKILL)
    look = wait_until(
        stack.completed,
        timeout=180,
        what="the article to complete after the kill",
    )
    assert look.rows == {str(Status.MACHINE): 24}
    logs = "".join((tmp_path / f"worker{i}.log").read_text() for i in range(2))
    assert "WorkerLostError" in logs


def test_permanent_engine_failure_for_one_locale_leaves_others_complete(
    broken_ky_env: dict[str, str], workers: list[Process], sample_path: Path
) -> None:
    # Fault (e): the ky engine fails for good; ru must still complete.
    result = _publish_and_wait(sample_path, "ky,ru", broken_ky_env)
    assert "ky: 24 passages failed" in result.stdout
    status = _cli(["status", SLUG], broken_ky_env).stdout
    assert "ky: 24 failed: EngineError: en->ky model rejected the input" in status
    rows = _status_rows(status)
    assert "partial" in rows["ky"] and "complete" in rows["ru"]


def test_redelivered_batch_keeps_one_row_and_the_approved_text(
    stack: Stack, workers: list[Process], sample_path: Path
) -> None:
    # Fault (d): the same batch delivered twice through the broker after a human approval.
    from publisher.core.config import Settings
    from publisher.db import repository as repo
    from publisher.db.models import Origin
    from publisher.services.dispatch import send_translation
    from worker.celery_app import create_celery

    _publish_and_wait(sample_path, "ru", stack.env)
    database = stack.database()
    with database.session() as session:
        article_id = repo.find_article_id(session, slug=SLUG)
        assert article_id is not None
        ids = repo.segment_ids(session, article_id=article_id)
        repo.upsert_translation(
            session,
            segment_id=ids[0],
            locale="ru",
            text="Одобрено.",
            origin=Origin.HUMAN,
            status=Status.APPROVED,
            engine=None,
            warnings=[],
        )
    celery = create_celery(Settings(broker_url=stack.env["TARJIMA_BROKER_URL"]))
    sent = [
        item.task_id
        for _ in range(2)
        for item in send_translation(
            celery, database, article_id=article_id, locale="ru", groups=[ids]
        )
    ]
    wait_until(
        lambda: all(w.state is WorkState.DONE for w in stack.look().work if w.task_id in sent),
        timeout=60,
        what="both deliveries to run",
    )
    with database.session() as session:
        rows = repo.translations_for(session, article_id=article_id, locale="ru")
    database.dispose()
    assert len(rows) == len(ids)
    assert (rows[ids[0]].text, rows[ids[0]].status) == ("Одобрено.", Status.APPROVED)


def _rows_per_key(database_url: str) -> tuple[int, dict[str, list[StoredTranslation]]]:
    """The article id and, per locale, its translation rows (exactly one per segment)."""
    from publisher.db import repository as repo
    from publisher.db.session import Database

    database = Database.open(database_url)
    try:
        with database.session() as session:
            article_id = repo.find_article_id(session, slug=SLUG)
            assert article_id is not None
            total = len(repo.segment_ids(session, article_id=article_id))
            rows = {
                code: list(
                    repo.translations_for(session, article_id=article_id, locale=code).values()
                )
                for code in repo.list_targets(session, article_id=article_id)
            }
            editions = {e.locale for e in repo.list_editions(session, article_id=article_id)}
    finally:
        database.dispose()
    assert editions == set(rows)
    for code, found in rows.items():
        assert len(found) == total, f"{code}: {len(found)} rows for {total} segments"
    return article_id, rows


def test_health_check_runs_a_real_task_on_the_named_worker(
    stack: Stack, service_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**service_env, "TARJIMA_RESULT_BACKEND": stack.redis.url.replace("/0", "/1")}
    node = f"health-{uuid.uuid4().hex[:6]}@{socket.gethostname()}"
    log = tmp_path / "health.log"
    procs = [_start_worker(env, log, "health", node=node)]
    try:
        # Its own queue exists once it says it is ready.
        wait_until(lambda: " ready." in log.read_text(), timeout=60, what="the worker to start")
        healthy = _cli(["health", "--worker", node, "--timeout", "30"], env)
        assert f"worker {node} ran a task in" in healthy.stdout
        missing = subprocess.run(
            [TARJIMA, "health", "--worker", "nobody@nowhere", "--timeout", "2"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert missing.returncode == 1
        assert "worker nobody@nowhere ran no task within 2 s" in missing.stderr
        no_backend = subprocess.run(
            [TARJIMA, "health", "--worker", node],
            env=service_env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert no_backend.returncode == 2 and "needs a result backend" in no_backend.stderr
    finally:
        _stop_workers(procs)
    assert "tarjima.ping" in log.read_text() and "succeeded" in log.read_text()


def test_hung_engine_is_killed_by_the_hard_time_limit_and_its_batch_run_again(
    service_env: dict[str, str], sample_path: Path, tmp_path: Path
) -> None:
    # The first batch hangs in "native code" (deaf to the soft limit): the hard limit
    # kills its process, the batch is sent again and the article completes.
    env = _use_engine_double(service_env, "hangs_once")
    env.update(TARJIMA_TASK_SOFT_TIME_LIMIT="2", TARJIMA_TASK_TIME_LIMIT="4")
    log = tmp_path / "worker.log"
    procs = [_start_worker(env, log, "hang")]
    try:
        result = _publish_and_wait(sample_path, "ru", env)
    finally:
        _stop_workers(procs)
    assert "complete" in result.stdout
    text = log.read_text()
    assert "Soft time limit (2s) exceeded" in text and "Hard time limit (4s) exceeded" in text
    assert "ran past the 4 s hard time limit; sending it again" in text
    assert (Path(env["TARJIMA_DATA_DIR"]) / "hung-once").exists()
    _, rows = _rows_per_key(env["TARJIMA_DATABASE_URL"])
    assert {row.status for row in rows["ru"]} == {Status.MACHINE}


def test_engine_that_always_hangs_fails_the_batch_after_bounded_reruns(
    service_env: dict[str, str], sample_path: Path, tmp_path: Path
) -> None:
    env = _use_engine_double(service_env, "hangs_always")
    env.update(
        TARJIMA_TASK_SOFT_TIME_LIMIT="2", TARJIMA_TASK_TIME_LIMIT="3", TARJIMA_BATCH_SIZE="24"
    )
    procs = [_start_worker(env, tmp_path / "worker.log", "hang")]
    try:
        result = _publish_and_wait(sample_path, "ru", env)
    finally:
        _stop_workers(procs)
    assert "ru: 24 passages failed" in result.stdout
    status = _cli(["status", SLUG], env).stdout
    assert (
        "ru: 24 failed: TimeLimitExceeded: the engine ran past the 3 s hard time limit 4 times"
        in status
    )
    assert "partial" in _status_rows(status)["ru"]
