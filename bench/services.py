"""Services for the benchmark: a fresh PostgreSQL database, Redis database 13, and real
``tarjima worker`` processes (started and always stopped, bounded in time)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REDIS_DB = 13
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
TARJIMA = str(Path(sys.executable).with_name("tarjima"))
_SUCCEEDED = re.compile(r"Task tarjima\.translate_batch\[[^\]]+\] succeeded in ([0-9.]+)s")


def flush_redis() -> None:
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_timeout=5).flushdb()


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new, empty PostgreSQL database (dropped afterwards); yields its SQLAlchemy URL."""
    import psycopg

    name = f"tarjima_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_URL.format(name=name)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def service_env(database_url: str, data_dir: Path, *, threads: int) -> dict[str, str]:
    return {
        **os.environ,
        "TARJIMA_DATA_DIR": str(data_dir),
        "TARJIMA_DATABASE_URL": database_url,
        "TARJIMA_BROKER_URL": REDIS_URL,
        "TARJIMA_RESULT_BACKEND": REDIS_URL,  # as in docker-compose.yml (for `tarjima health`)
        "TARJIMA_ENGINE_THREADS": str(threads),
        "COLUMNS": "200",
    }


def cli(args: list[str], env: dict[str, str], timeout: float = 300) -> str:
    result = subprocess.run(
        [TARJIMA, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"tarjima {' '.join(args)} failed: {result.stderr}{result.stdout}")
    return result.stdout


def vm_hwm_mib(pid: int) -> float | None:
    """Peak resident set size (VmHWM) of a live process, in MiB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else None


@dataclass
class Worker:
    """One ``tarjima worker`` (Celery main process and its pool children)."""

    proc: subprocess.Popen[bytes]
    hostname: str
    log: Path
    _offset: int = field(default=0)

    def children(self) -> list[int]:
        found = subprocess.run(
            ["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in found.stdout.split()]

    def peak_memory_mib(self) -> dict[str, float | None]:
        """VmHWM of the main process and the largest of its pool children."""
        children = [vm_hwm_mib(pid) for pid in self.children()]
        known = [m for m in children if m is not None]
        return {"main": vm_hwm_mib(self.proc.pid), "pool_child_max": max(known, default=None)}

    def mark(self) -> None:
        """Start a new span of the log (for :meth:`task_runtimes`)."""
        self._offset = self.log.stat().st_size

    def task_runtimes(self) -> list[float]:
        """Seconds of every translate_batch task that succeeded since :meth:`mark`."""
        with self.log.open("rb") as handle:
            handle.seek(self._offset)
            text = handle.read().decode("utf-8", "replace")
        return [float(m.group(1)) for m in _SUCCEEDED.finditer(text)]


def _stop(proc: subprocess.Popen[bytes], grace: float = 20) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


@contextmanager
def running_worker(
    env: dict[str, str], *, concurrency: int, log: Path, ready_timeout: float = 120
) -> Iterator[Worker]:
    """A real worker on the translation and assembly queues, answering a ping task."""
    from publisher.core.config import get_settings
    from worker.celery_app import create_celery
    from worker.health import check_worker

    hostname = f"bench-{uuid.uuid4().hex[:6]}@localhost"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [TARJIMA, "worker", "--concurrency", str(concurrency), "--name", hostname],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        celery = create_celery(get_settings(broker_url=REDIS_URL, result_backend=REDIS_URL))
        check_worker(celery, hostname, timeout=ready_timeout)  # models load before a child runs
        yield Worker(proc, hostname, log)
    finally:
        _stop(proc)


def ping_round_trips(hostname: str, count: int) -> list[float]:
    """Seconds of ``count`` empty tasks (Tarjima's health ping) sent and answered in turn."""
    from publisher.core.config import get_settings
    from worker.celery_app import create_celery
    from worker.health import check_worker

    celery = create_celery(get_settings(broker_url=REDIS_URL, result_backend=REDIS_URL))
    return [check_worker(celery, hostname, timeout=30) for _ in range(count)]


def wait_until(predicate: Callable[[], bool], timeout: float, poll: float = 0.05) -> None:
    """Poll ``predicate()`` until it is true; TimeoutError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not done within {timeout:.0f} s")
        time.sleep(poll)
