"""Real `tarjima worker` processes over the real Redis and PostgreSQL.

Each test starts its own workers (bounded in time, always stopped), a fresh PostgreSQL
database and an isolated Redis database number, and publishes the sample article
through the real Argos/CTranslate2 engine with packages built on the fly.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.db.models import Status

pytestmark = pytest.mark.integration

TARJIMA = str(Path(sys.executable).with_name("tarjima"))
REDIS_DB = 11
SLUG = "tajikistan-misses-big-opportunity-to-mend-ties-with-kyrgyzstan"


def _redis() -> object:
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis on 127.0.0.1:6379 is not reachable: {exc}")
    return client


@pytest.fixture()
def postgres_url() -> Iterator[str]:
    import psycopg

    name = f"tarjima_w_{uuid.uuid4().hex[:10]}"
    admin = "postgresql://postgres@127.0.0.1:5432/test"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL on 127.0.0.1:5432 is not reachable: {exc}")
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture()
def service_env(
    tmp_path: Path, postgres_url: str, package_dir: dict[str, Path]
) -> Iterator[dict[str, str]]:
    client = _redis()
    client.flushdb()  # type: ignore[attr-defined]
    env = {
        **os.environ,
        "TARJIMA_DATA_DIR": str(tmp_path / "var"),
        "TARJIMA_DATABASE_URL": postgres_url,
        "TARJIMA_BROKER_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "TARJIMA_BATCH_SIZE": "4",
        "COLUMNS": "200",
    }
    for name in ("en-ru", "en-ky"):
        _cli(["models", "install", str(package_dir[name])], env)
    yield env
    client.flushdb()  # type: ignore[attr-defined]


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


# The reconciler must wait longer than the hard limit. The slow engine's batches take
# about a second, several on a loaded CI machine: the limits leave room for that.
FAST_LIMITS = {
    "TARJIMA_TASK_SOFT_TIME_LIMIT": "12",
    "TARJIMA_TASK_TIME_LIMIT": "15",
    "TARJIMA_RECONCILE_AFTER": "16",
}


def _status_rows(status: str) -> dict[str, str]:
    """The rows of `tarjima status`'s table, by locale."""
    return {
        line.split("│")[1].strip(): line for line in status.splitlines() if line.startswith("│")
    }


class PrivateRedis:
    """A redis-server of the test's own on a free port, without persistence (as on the
    development machines): a restart loses every queued and unacknowledged task."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self.binary, self.workdir = binary, workdir
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
        ]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as conn:
                if conn.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture()
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def _publish_args(sample_path: Path, targets: str) -> list[str]:
    """`publish --wait` of the sample, bounded in time."""
    date = ["--date", "2021-07-21"]
    return ["publish", str(sample_path), "--to", targets, *date, "--wait", "--timeout", "240"]


def _publish_and_wait(
    sample_path: Path, targets: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return _cli(_publish_args(sample_path, targets), env, timeout=300)


def _start_worker(
    env: dict[str, str], log: Path, name: str, *, node: str | None = None
) -> subprocess.Popen[bytes]:
    node = node or f"{name}-{uuid.uuid4().hex[:6]}@%h"
    with log.open("wb") as out:
        return subprocess.Popen(
            [TARJIMA, "worker", "--concurrency", "1", "--name", node],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop_workers(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    for proc in procs:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


@pytest.fixture()
def workers(service_env: dict[str, str], tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    procs = [_start_worker(service_env, tmp_path / f"worker{i}.log", f"w{i}") for i in range(2)]
    yield procs
    _stop_workers(procs)


def test_two_workers_publish_the_sample_into_four_editions(
    service_env: dict[str, str],
    workers: list[subprocess.Popen[bytes]],
    sample_path: Path,
    tmp_path: Path,
) -> None:
    result = _publish_and_wait(sample_path, "uz,ky,tg,ru", service_env)
    assert "queued" in result.stdout and "complete" in result.stdout
    assert all(proc.poll() is None for proc in workers), "a worker died"
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


def _pool_children(worker: subprocess.Popen[bytes]) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True, check=False
    )
    # `tarjima worker` execs celery in place, so the pool children hang off that pid.
    return [int(p) for p in found.stdout.split()]


def test_sigkilled_worker_process_loses_nothing(
    slow_env: dict[str, str],
    workers: list[subprocess.Popen[bytes]],
    sample_path: Path,
    tmp_path: Path,
) -> None:
    # Fault (b): SIGKILL the pool process that holds a batch; the batch is requeued and
    # the article completes with exactly one translation per segment and locale.
    from publisher.db import repository as repo
    from publisher.db.session import Database

    _cli(["publish", str(sample_path), "--to", "ru", "--date", "2021-07-21"], slow_env)
    logs = [tmp_path / f"worker{i}.log" for i in range(2)]
    deadline = time.monotonic() + 60
    victim = None
    while victim is None and time.monotonic() < deadline:
        for log, proc in zip(logs, workers, strict=True):
            if _holds_a_batch(log.read_text()) and _pool_children(proc):
                victim = _pool_children(proc)[0]
                break
        time.sleep(0.2)
    assert victim is not None, "no worker picked up a batch"
    time.sleep(0.5)  # inside the engine's sleep: the batch is held, not yet stored
    os.kill(victim, signal.SIGKILL)
    database = Database.open(slow_env["TARJIMA_DATABASE_URL"])
    deadline = time.monotonic() + 180
    edition = None
    while edition is None and time.monotonic() < deadline:
        with database.session() as session:
            article_id = repo.find_article_id(session, slug=SLUG)
            assert article_id is not None
            edition = repo.get_edition(session, article_id=article_id, locale="ru")
        time.sleep(0.5)
    assert edition is not None, "the article did not complete after the kill"
    with database.session() as session:
        rows = repo.translations_for(session, article_id=article_id, locale="ru")
        total = len(repo.segment_ids(session, article_id=article_id))
    database.dispose()
    assert len(rows) == total and {r.status for r in rows.values()} == {Status.MACHINE}
    assert "WorkerLostError" in "".join(log.read_text() for log in logs)


def test_permanent_engine_failure_for_one_locale_leaves_others_complete(
    broken_ky_env: dict[str, str], workers: list[subprocess.Popen[bytes]], sample_path: Path
) -> None:
    # Fault (e): the ky engine fails for good; ru must still complete.
    result = _publish_and_wait(sample_path, "ky,ru", broken_ky_env)
    assert "ky: 24 passages failed" in result.stdout
    status = _cli(["status", SLUG], broken_ky_env).stdout
    assert "ky: 24 failed: EngineError: en->ky model rejected the input" in status
    rows = _status_rows(status)
    assert "partial" in rows["ky"] and "complete" in rows["ru"]


def test_redelivered_batch_keeps_one_row_and_the_approved_text(
    service_env: dict[str, str], workers: list[subprocess.Popen[bytes]], sample_path: Path
) -> None:
    # Fault (d): the same batch delivered twice through the broker after a human approval.
    from publisher.config import Settings
    from publisher.db import repository as repo
    from publisher.db.models import Origin
    from publisher.db.session import Database
    from publisher.task_names import TRANSLATE_TASK
    from worker.celery_app import create_celery

    _publish_and_wait(sample_path, "ru", service_env)
    database = Database.open(service_env["TARJIMA_DATABASE_URL"])
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
    celery = create_celery(Settings(broker_url=service_env["TARJIMA_BROKER_URL"]))
    for _ in range(2):
        celery.send_task(TRANSLATE_TASK, args=[article_id, "ru", ids])
    deadline = time.monotonic() + 60
    with database.session() as session:
        before = repo.get_edition(session, article_id=article_id, locale="ru")
    assert before is not None
    while time.monotonic() < deadline:  # each redelivery re-assembles the edition
        with database.session() as session:
            edition = repo.get_edition(session, article_id=article_id, locale="ru")
        if edition is not None and edition.assembled_at > before.assembled_at:
            break
        time.sleep(0.2)
    time.sleep(1)
    with database.session() as session:
        rows = repo.translations_for(session, article_id=article_id, locale="ru")
        edition = repo.get_edition(session, article_id=article_id, locale="ru")
    assert len(rows) == len(ids)
    assert (rows[ids[0]].text, rows[ids[0]].status) == ("Одобрено.", Status.APPROVED)
    assert edition is not None and edition.assembled_at > before.assembled_at
    assert "Одобрено." in edition.html
    database.dispose()


def _rows_per_key(database_url: str) -> tuple[int, dict[str, list[object]]]:
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


def _count_rows(database_url: str) -> int:
    import psycopg

    url = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as conn:
        try:
            row = conn.execute("SELECT count(*) FROM translations").fetchone()
        except psycopg.errors.UndefinedTable:  # the publisher has not created the schema yet
            return 0
    return int(row[0]) if row else 0


def _start_publish(sample_path: Path, targets: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [TARJIMA, *_publish_args(sample_path, targets)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(publisher: subprocess.Popen[str]) -> str:
    try:
        out, errors = publisher.communicate(timeout=260)
    finally:
        if publisher.poll() is None:
            publisher.kill()
            publisher.wait(5)
    assert publisher.returncode == 0, errors + out
    return out


def _wait_for_rows(database_url: str, at_least: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while _count_rows(database_url) < at_least:
        assert time.monotonic() < deadline, f"fewer than {at_least} translations stored"
        time.sleep(0.1)


def test_redis_restart_mid_publish_completes_after_workers_reconnect(
    slow_env: dict[str, str], private_redis: PrivateRedis, sample_path: Path, tmp_path: Path
) -> None:
    # Fault (c): the broker restarts without persistence in the middle of a publish: every
    # queued batch is gone. The workers reconnect, the waiting publisher's reconciler
    # re-sends what the database says is missing, and the article completes.
    env = {
        **slow_env,
        "TARJIMA_BROKER_URL": private_redis.url,
        **FAST_LIMITS,
    }
    procs = [_start_worker(env, tmp_path / f"worker{i}.log", f"w{i}") for i in range(2)]
    try:
        publisher = _start_publish(sample_path, "ky,ru", env)
        _wait_for_rows(env["TARJIMA_DATABASE_URL"], at_least=4)
        private_redis.stop()
        stored_during_outage = _count_rows(env["TARJIMA_DATABASE_URL"])
        time.sleep(3)
        private_redis.start()
        out = _finish(publisher)
        assert all(proc.poll() is None for proc in procs), "a worker died"
    finally:
        _stop_workers(procs)
    assert stored_during_outage < 48, "the restart came too late to lose anything"
    assert "re-sent" in out and "complete" in out
    _, rows = _rows_per_key(env["TARJIMA_DATABASE_URL"])
    assert {row.status for found in rows.values() for row in found} == {Status.MACHINE}
    logs = "".join((tmp_path / f"worker{i}.log").read_text() for i in range(2))
    assert "Connection to broker lost" in logs or "Cannot connect to redis" in logs


def test_whole_worker_killed_its_batches_are_resent(
    slow_env: dict[str, str], sample_path: Path, tmp_path: Path
) -> None:
    # A whole worker (parent and pool) SIGKILLed: its unacknowledged batch would come back
    # only after the visibility timeout (15 minutes); the reconciler re-sends it sooner.
    env = {**slow_env, **FAST_LIMITS}
    logs = [tmp_path / f"worker{i}.log" for i in range(2)]
    procs = [_start_worker(env, log, f"w{i}") for i, log in enumerate(logs)]
    try:
        publisher = _start_publish(sample_path, "ru", env)
        deadline = time.monotonic() + 60
        while not _holds_a_batch(logs[0].read_text()):
            assert time.monotonic() < deadline, "worker 0 never received a batch"
            time.sleep(0.1)
        time.sleep(0.3)  # inside the slow engine: the batch is held, not stored
        os.killpg(procs[0].pid, signal.SIGKILL)
        out = _finish(publisher)
    finally:
        _stop_workers(procs)
    assert "re-sent" in out and "complete" in out
    _, rows = _rows_per_key(env["TARJIMA_DATABASE_URL"])
    assert {row.status for row in rows["ru"]} == {Status.MACHINE}


def test_worker_without_models_fails_its_batches_with_a_clear_error(
    service_env: dict[str, str], sample_path: Path, tmp_path: Path
) -> None:
    # Fault (f): a worker whose models folder is empty (a missing volume) fails each batch
    # after its retries, with an error naming the worker, the folder and the fix; the
    # publish finishes (a partial edition) instead of waiting for ever.
    empty = tmp_path / "no-models"
    empty.mkdir()
    env = {**service_env, "TARJIMA_MODELS_DIR": str(empty)}
    log = tmp_path / "bare.log"
    procs = [_start_worker(env, log, "bare")]
    try:
        started = time.monotonic()
        result = _publish_and_wait(sample_path, "ru", env)
        elapsed = time.monotonic() - started
    finally:
        _stop_workers(procs)
    assert "ru: 24 passages failed" in result.stdout
    assert elapsed < 120
    status = _cli(["status", SLUG], env).stdout
    assert "ru: 24 failed: NoModelsInstalledError: worker bare-" in status
    assert f"has no translation models installed in {empty}" in status
    assert "tarjima models install" in status
    assert "partial" in _status_rows(status)["ru"]
    assert f"no translation models installed in {empty}" in log.read_text()


def test_health_check_runs_a_real_task_on_the_named_worker(
    service_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**service_env, "TARJIMA_RESULT_BACKEND": f"redis://127.0.0.1:6379/{REDIS_DB}"}
    node = f"health-{uuid.uuid4().hex[:6]}@{socket.gethostname()}"
    log = tmp_path / "health.log"
    procs = [_start_worker(env, log, "health", node=node)]
    try:
        deadline = time.monotonic() + 60
        while " ready." not in log.read_text():  # its own queue exists from here on
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.1)
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
