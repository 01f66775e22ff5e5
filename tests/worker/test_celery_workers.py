"""Real `tarjima worker` processes over the real Redis and PostgreSQL.

Each test starts its own workers (bounded in time, always stopped), a fresh PostgreSQL
database and an isolated Redis database number, and publishes the sample article
through the real Argos/CTranslate2 engine with packages built on the fly.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

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


def _publish_and_wait(
    sample_path: Path, targets: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    args = [
        "publish",
        str(sample_path),
        "--to",
        targets,
        "--date",
        "2021-07-21",
        "--wait",
        "--timeout",
        "240",
    ]
    return _cli(args, env, timeout=300)


@pytest.fixture()
def workers(service_env: dict[str, str], tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    procs = []
    for i in range(2):
        log = (tmp_path / f"worker{i}.log").open("wb")
        procs.append(
            subprocess.Popen(
                [
                    TARJIMA,
                    "worker",
                    "--concurrency",
                    "1",
                    "--name",
                    f"w{i}-{uuid.uuid4().hex[:6]}@%h",
                ],
                env=service_env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    yield procs
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
    status = _cli(["status", SLUG], service_env)
    rows = {
        line.split("│")[1].strip(): line
        for line in status.stdout.splitlines()
        if line.startswith("│")
    }
    assert "complete" in rows["ru"] and "complete" in rows["ky"]
    assert "partial" in rows["uz"] and "partial" in rows["tg"]
    logs = "".join((tmp_path / f"worker{i}.log").read_text() for i in range(2))
    assert logs.count("tarjima.translate_batch") > 0


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
    from publisher.db.models import Status
    from publisher.db.session import Database

    _cli(["publish", str(sample_path), "--to", "ru", "--date", "2021-07-21"], slow_env)
    logs = [tmp_path / f"worker{i}.log" for i in range(2)]
    deadline = time.monotonic() + 60
    victim = None
    while victim is None and time.monotonic() < deadline:
        for log, proc in zip(logs, workers, strict=True):
            if "tarjima.translate_batch" in log.read_text() and _pool_children(proc):
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
    rows = {
        line.split("│")[1].strip(): line for line in status.splitlines() if line.startswith("│")
    }
    assert "partial" in rows["ky"] and "complete" in rows["ru"]


def test_redelivered_batch_keeps_one_row_and_the_approved_text(
    service_env: dict[str, str], workers: list[subprocess.Popen[bytes]], sample_path: Path
) -> None:
    # Fault (d): the same batch delivered twice through the broker after a human approval.
    from publisher.config import Settings
    from publisher.db import repository as repo
    from publisher.db.models import Origin, Status
    from publisher.db.session import Database
    from publisher.publishing import TRANSLATE_TASK
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
