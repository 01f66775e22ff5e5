"""The cost of Tarjima's task body without translation: ``python -m bench.task_cost``.

Runs ``worker.translate.translate_segments`` (what a translate task calls) for every
batch of the benchmark article, in one process, against a fresh PostgreSQL database,
with an engine that returns its input at once. What is left is the per-task work of the
pipeline: loading the batch and the article's existing translations, masking, QA,
upserts and the "is the locale done?" count. Printed per batch size, with the mean of
the first and the last tenth of the tasks (the article's stored rows grow meanwhile).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from dataclasses import replace
from statistics import mean
from typing import Any

from bench.article import build_article
from bench.services import fresh_database
from publisher.db.session import Database
from publisher.services.dispatch import batches
from publisher.services.intake import store
from worker.engines.base import Route
from worker.translate import translate_segments


class InstantEngine:
    """Returns its input unchanged, at once: only the pipeline's own work is timed."""

    name = "instant"

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        return (("en", "ru"),)

    def route(self, source: str, target: str) -> Route | None:
        return Route(source, target, ((source, target),), f"instant:{source}-{target}")

    def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        return list(texts)


def measure(database: Database, segments: int, batch_size: int) -> dict[str, Any]:
    from publisher.db import repository as repo

    article = build_article(segments)
    prepared = replace(
        article.prepared, article=replace(article.prepared.article, slug=f"cost-{batch_size}")
    )
    article_id = store(database, prepared, targets=["ru"], replace_existing=False)
    with database.session() as session:
        ids = repo.segment_ids(session, article_id=article_id)
    seconds = []
    for batch in batches(ids, batch_size):
        started = time.perf_counter()
        translate_segments(
            database, InstantEngine(), article_id=article_id, locale="ru", segment_ids=batch
        )
        seconds.append(time.perf_counter() - started)
    tenth = max(1, len(seconds) // 10)
    return {
        "batch_size": batch_size,
        "tasks": len(seconds),
        "mean_ms": mean(seconds) * 1000,
        "first_tenth_ms": mean(seconds[:tenth]) * 1000,
        "last_tenth_ms": mean(seconds[-tenth:]) * 1000,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=500)
    parser.add_argument("--batch-sizes", default="1,16,32")
    args = parser.parse_args(argv)
    with fresh_database() as url:
        database = Database.open(url)
        results = [
            measure(database, args.segments, int(size)) for size in args.batch_sizes.split(",")
        ]
        database.dispose()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
