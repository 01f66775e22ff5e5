"""(ii) and (iii): publish through Tarjima's real pipeline and time it.

The article is prepared (ingest, segment, protect) once, outside the timing, and each run
stores it under a new slug, then enqueues it exactly as ``tarjima publish`` does with a
broker (``publisher.services.intake.store`` and ``dispatch``, one task per batch of
``batch_size`` segments), and waits until the workers have stored every translation and
assembled the edition. Times come from one clock: ``enqueue -> assembled`` uses the
edition's ``assembled_at`` written by the worker, ``enqueue -> last stored`` the newest
``updated_at`` of the article's translation rows.

(iii), the naive design, is the same pipeline with ``batch_size`` 1: one Celery task per
segment, each loading its segment, translating it with the same engine and model,
storing it through the repository and checking whether the locale is done, which is
(ii)'s work minus batching.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from statistics import mean
from typing import Any

from celery import Celery
from sqlalchemy import func, select

from bench.article import BenchArticle
from bench.services import Worker, wait_until
from publisher.db import repository as repo
from publisher.db.models import EditionRow
from publisher.db.session import Database
from publisher.services.intake import dispatch, store

LOCALE = "ru"
Outputs = tuple[str | None, ...]


@dataclass(frozen=True)
class PublishRun:
    batch_size: int
    tasks: int
    segments: int
    store_s: float
    enqueue_s: float
    to_last_stored_s: float
    to_assembled_s: float
    task_runtimes: tuple[float, ...]
    outputs: Outputs

    @property
    def segments_per_s(self) -> float:
        return self.segments / self.to_assembled_s

    def as_dict(self) -> dict[str, Any]:
        runtimes = self.task_runtimes
        return {
            "batch_size": self.batch_size,
            "tasks": self.tasks,
            "segments": self.segments,
            "store_s": self.store_s,
            "enqueue_s": self.enqueue_s,
            "to_last_stored_s": self.to_last_stored_s,
            "to_assembled_s": self.to_assembled_s,
            "segments_per_s": self.segments_per_s,
            "task_runtime_sum_s": sum(runtimes),
            "task_runtime_mean_s": mean(runtimes or [0.0]),
            "task_runtimes_logged": len(runtimes),
        }


def _editions(database: Database, article_id: int) -> int:
    with database.session() as session:
        query = select(func.count()).select_from(EditionRow)
        return int(session.scalar(query.where(EditionRow.article_id == article_id)) or 0)


def _utc_seconds(moment: datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _stored_outputs(database: Database, article_id: int) -> tuple[Outputs, float, float]:
    """Texts in document order, the newest translation time, and the assembly time."""
    with database.session() as session:
        ids = repo.segment_ids(session, article_id=article_id)
        rows = repo.translations_for(session, article_id=article_id, locale=LOCALE)
        edition = repo.get_edition(session, article_id=article_id, locale=LOCALE)
    if edition is None or len(rows) != len(ids):
        raise RuntimeError(f"article {article_id}: {len(rows)}/{len(ids)} rows, no edition")
    last = max(_utc_seconds(r.updated_at) for r in rows.values())
    texts = tuple(rows[i].text for i in ids)
    return texts, last, _utc_seconds(edition.assembled_at)


def publish_and_wait(
    celery: Celery,
    database: Database,
    worker: Worker,
    article: BenchArticle,
    *,
    batch_size: int,
    slug: str,
    timeout: float,
) -> PublishRun:
    prepared = replace(article.prepared, article=replace(article.prepared.article, slug=slug))
    worker.mark()
    started = time.perf_counter()
    article_id = store(database, prepared, targets=[LOCALE], replace_existing=False)
    stored = time.perf_counter()
    enqueued_at = time.time()
    tasks = dispatch(
        celery, database, article_id=article_id, targets=[LOCALE], batch_size=batch_size
    )
    enqueue_s = time.perf_counter() - stored
    wait_until(lambda: _editions(database, article_id) > 0, timeout)
    texts, last_stored, assembled = _stored_outputs(database, article_id)
    time.sleep(0.3)  # let the worker log its last "succeeded" line
    return PublishRun(
        batch_size=batch_size,
        tasks=tasks,
        segments=len(texts),
        store_s=stored - started,
        enqueue_s=enqueue_s,
        to_last_stored_s=last_stored - enqueued_at,
        to_assembled_s=assembled - enqueued_at,
        task_runtimes=tuple(worker.task_runtimes()),
        outputs=texts,
    )
