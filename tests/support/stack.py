"""A whole Tarjima installation for one test or benchmark: a private Redis, a fresh
PostgreSQL database (optionally behind a proxy that can refuse or hang it), models
installed, and real `tarjima worker` / `tarjima reconcile` processes.

Everything a test looks at comes from the database (the ledger, translations, editions)
or from the processes' logs; nothing is mocked but the engine, where a test plugs an
engine double in through TARJIMA_ENGINE.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from publisher.core.config import Settings
from publisher.core.enums import Status, WorkState
from publisher.db import repository as repo
from publisher.db.models import ArticleTarget, SegmentRow, TranslationRow, WorkItem
from publisher.db.session import Database
from tests.support.databases import fresh_postgres_database
from tests.support.services import (
    PrivateRedis,
    Process,
    TcpProxy,
    private_redis,
    run_cli,
    start_reconciler,
    start_worker,
    wait_until,
)

SAMPLE_DATE = "2021-07-21"

# The mark of the tests that start a whole installation (worker processes, a reconciler, a
# redis-server). Under pytest-xdist with --dist loadgroup (.ci/run) they run one at a time:
# their time limits assume no second installation competes for the cores.
ONE_INSTALLATION_AT_A_TIME = pytest.mark.xdist_group("worker-processes")
DOUBLES = Path(__file__).resolve().parent.parent / "worker"  # tarjima_engine_doubles.py

# Seconds, scaled down so that a test sees each rule act within seconds; the rules are
# the production ones (benchmarks run with the defaults).
FAST = {
    "TARJIMA_HEARTBEAT_EVERY": "1",
    "TARJIMA_LEASE_TTL": "5",
    "TARJIMA_RECONCILE_EVERY": "1",
    "TARJIMA_RECONCILE_CONFIRM": "1",
    "TARJIMA_INSPECT_TIMEOUT": "3",
    "TARJIMA_DB_RETRY_MAX_DELAY": "2",
    "TARJIMA_DB_CONNECT_TIMEOUT": "2",
}


@dataclass
class Stack:
    """The services and processes of one installation."""

    root: Path
    redis: PrivateRedis
    database_url: str  # direct, for the test's own looks
    env: dict[str, str]
    proxy: TcpProxy | None = None
    processes: list[Process] = field(default_factory=list)

    @property
    def data_dir(self) -> Path:
        return Path(self.env["TARJIMA_DATA_DIR"])

    def cli(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        check: bool = True,
        timeout: float = 300,
    ) -> str:
        result = run_cli(list(args), env or self.env, timeout=timeout, check=check)
        return result.stdout + result.stderr

    def install(self, *packages: Path, env: dict[str, str] | None = None) -> None:
        for package in packages:
            self.cli("models", "install", str(package), env=env)

    def worker(
        self,
        name: str,
        *,
        env: dict[str, str] | None = None,
        concurrency: int = 1,
        queues: str | None = None,
    ) -> Process:
        proc = start_worker(env or self.env, self.root / f"{name}.log", name, concurrency, queues)
        self.processes.append(proc)
        return proc

    def reconciler(self, env: dict[str, str] | None = None) -> Process:
        proc = start_reconciler(env or self.env, self.root / "reconciler.log")
        self.processes.append(proc)
        return proc

    def submit(
        self, sample: Path, targets: str, slug: str | None = None, *, urgent: bool = False
    ) -> str:
        """`tarjima publish` without waiting: stores the article and queues its batches
        (``urgent``: with ``--urgent``, its headline and lead ahead of queued work)."""
        args = ["publish", str(sample), "--to", targets, "--date", SAMPLE_DATE]
        return self.cli(
            *args, *(["--slug", slug] if slug else []), *(["--urgent"] if urgent else [])
        )

    def database(self) -> Database:
        return Database.open(self.database_url, upgrade=False)

    def ready(self, *names: str, timeout: float = 120) -> None:
        """Wait until each worker in ``names`` (as given to :meth:`worker`) holds a live
        lease: work sent before then goes by the workers known at that moment."""
        ttl = float(self.env.get("TARJIMA_LEASE_TTL", Settings.model_fields["lease_ttl"].default))

        def live() -> bool:
            with self.session() as session:
                nodes = [lease.hostname for lease in repo.leases(session) if lease.age <= ttl]
            return all(any(node.startswith(f"{name}-") for node in nodes) for name in names)

        wait_until(live, timeout=timeout, what=f"the workers {', '.join(names)} to hold leases")

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session on a connection of its own, closed afterwards (the test's looks)."""
        database = self.database()
        try:
            with database.session() as session:
                yield session
        finally:
            database.dispose()

    def look(self) -> Look:
        with self.session() as session:
            return Look.take(session)

    def completed(self) -> Look | None:
        """A look at the database when every article is complete, else None (for waits)."""
        look = self.look()
        return look if look.complete() else None

    def stop(self) -> None:
        for proc in self.processes:
            proc.stop()


@dataclass(frozen=True)
class Look:
    """What the database says at one moment, for assertions and waits."""

    articles: int
    segments: int
    targets: int
    rows: dict[str, int]  # translation rows by status
    editions: dict[tuple[int, str], repo.StoredEdition]
    work: list[repo.WorkRecord]

    @classmethod
    def take(cls, session: Session) -> Look:
        rows = session.execute(
            select(TranslationRow.status, func.count()).group_by(TranslationRow.status)
        ).all()
        article_ids = list(session.scalars(select(ArticleTarget.article_id).distinct()))
        editions = {
            (e.article_id, e.locale): e
            for a in article_ids
            for e in repo.list_editions(session, article_id=a)
        }
        ids = list(session.scalars(select(WorkItem.task_id).order_by(WorkItem.id)))
        by_task = repo.work_by_task(session, task_ids=ids)
        return cls(
            articles=len(article_ids),
            segments=session.scalar(select(func.count()).select_from(SegmentRow)) or 0,
            targets=session.scalar(select(func.count()).select_from(ArticleTarget)) or 0,
            rows={str(status): int(count) for status, count in rows},
            editions=editions,
            work=[by_task[t] for t in ids],
        )

    def complete(self, editions_per_target: int = 1) -> bool:
        """Every target of every article has an edition, and nothing is open."""
        open_work = [w for w in self.work if w.state in WorkState.open()]
        return (
            bool(self.articles)
            and not open_work
            and (len(self.editions) >= self.targets * editions_per_target)
        )

    def failed(self) -> int:
        return self.rows.get(str(Status.FAILED), 0)


def engine_double(env: dict[str, str], factory: str) -> dict[str, str]:
    """``env`` with the engine replaced by an engine double from tarjima_engine_doubles."""
    paths = [str(DOUBLES), os.environ.get("PYTHONPATH", "")]
    return {
        **env,
        "PYTHONPATH": os.pathsep.join(p for p in paths if p),
        "TARJIMA_ENGINE": f"tarjima_engine_doubles:{factory}",
    }


@contextlib.contextmanager
def installation(
    root: Path, *, fast: bool = True, proxy: bool = False, extra: dict[str, str] | None = None
) -> Iterator[Stack]:
    """Redis, PostgreSQL (behind a proxy if asked), and an environment for `tarjima`."""
    root.mkdir(parents=True, exist_ok=True)
    with private_redis(root) as redis, fresh_postgres_database() as url:
        tcp = TcpProxy(("127.0.0.1", 5432)).start() if proxy else None
        served_url = url.replace(":5432/", f":{tcp.port}/") if tcp else url
        env = {
            **os.environ,
            "TARJIMA_DATA_DIR": str(root / "var"),
            "TARJIMA_DATABASE_URL": served_url,
            "TARJIMA_BROKER_URL": redis.url,
            "TARJIMA_BATCH_SIZE": "4",
            "COLUMNS": "200",
            **(FAST if fast else {}),
            **(extra or {}),
        }
        Database.open(url).dispose()  # the schema, before any process starts
        stack = Stack(root, redis, url, env, tcp)
        try:
            yield stack
        finally:
            stack.stop()
            if tcp is not None:
                tcp.stop()
