"""Breaking news first, with a real `tarjima worker` over a private Redis: an urgent
article's headline and lead are translated before the backlog queued ahead of it.

One worker process (concurrency 1, prefetch 1, late acknowledgement) and a backlog of
ordinary articles queued before it starts; the urgent article is submitted with
``tarjima publish --urgent`` once the worker is busy. Nothing is timed: the test waits on
database state and reads the order from the work ledger.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.core.enums import WorkKind, WorkState
from publisher.core.task_names import BACKLOG_PRIORITY, HEADLINE_PRIORITY, URGENT_PRIORITY
from publisher.db import repository as repo
from publisher.services.headline_publish import headline_ready
from tests.support.services import ServiceUnavailable, wait_until
from tests.support.stack import ONE_INSTALLATION_AT_A_TIME, Stack, engine_double, installation

pytestmark = [pytest.mark.integration, ONE_INSTALLATION_AT_A_TIME]

LOCALES = ("ru", "ky")
BACKLOG = 2  # articles of 24 segments: 6 batches of 4 per language, 24 in all


@pytest.fixture()
def stack(tmp_path: Path, package_dir: dict[str, Path]) -> Iterator[Stack]:
    try:
        with installation(tmp_path, extra={"TARJIMA_TEST_BATCH_SECONDS": "0.3"}) as found:
            found.install(package_dir["en-ru"], package_dir["en-ky"])
            yield found
    except ServiceUnavailable as exc:
        pytest.fail(str(exc))


def _article_id(stack: Stack, slug: str) -> int:
    with stack.session() as session:
        found = repo.find_article_id(session, slug=slug)
    assert found is not None
    return found


def _headline_everywhere(stack: Stack, article_id: int) -> list[repo.WorkRecord] | None:
    """The ledger at the moment the headline and lead are stored in every language."""
    database = stack.database()
    try:
        if not all(
            headline_ready(database, article_id=article_id, locale=code) for code in LOCALES
        ):
            return None
        with database.session() as session:
            return [w for w in repo.open_work(session) if w.kind is WorkKind.TRANSLATE]
    finally:
        database.dispose()


def _started(stack: Stack) -> bool:
    return any(w.state is WorkState.RUNNING or w.started_at for w in stack.look().work)


def test_an_urgent_headline_is_translated_before_the_queued_backlog(
    stack: Stack, sample_path: Path
) -> None:
    for i in range(BACKLOG):
        stack.submit(sample_path, ",".join(LOCALES), slug=f"backlog-{i}")
    stack.worker("only", env=engine_double(stack.env, "paced"))
    wait_until(lambda: _started(stack), timeout=120, what="the worker to take the backlog")
    stack.submit(sample_path, ",".join(LOCALES), slug="breaking", urgent=True)
    urgent = _article_id(stack, "breaking")
    open_then = wait_until(
        lambda: _headline_everywhere(stack, urgent),
        timeout=120,
        what="the urgent headline and lead in every language",
    )
    still_queued = [w for w in open_then if w.article_id != urgent and w.state is WorkState.QUEUED]
    assert len(still_queued) > BACKLOG * len(LOCALES)  # most of the backlog still waits
    look = wait_until(stack.completed, timeout=300, what="every article")

    batches = [w for w in look.work if w.kind is WorkKind.TRANSLATE]
    mine = [w for w in batches if w.article_id == urgent]
    headline = [w for w in mine if w.priority == HEADLINE_PRIORITY]
    rest = [w for w in mine if w.priority == URGENT_PRIORITY]
    assert len(headline) == len(LOCALES) and rest and len(headline) + len(rest) == len(mine)
    assert all(w.started_at for w in batches)
    submitted = min(w.sent_at for w in mine)
    last_headline = max(w.started_at for w in headline if w.started_at)
    # Every headline batch before any of the rest of the article...
    assert last_headline < min(w.started_at for w in rest if w.started_at)
    # ...and before the backlog waiting when it was sent: at most one backlog batch
    # (fetched as the urgent batches were being recorded) started in between.
    overtaken = [
        w
        for w in batches
        if w.article_id != urgent and w.started_at and submitted < w.started_at < last_headline
    ]
    assert len(overtaken) <= 1
    # The rest of the urgent article went ahead of the backlog too.
    last_urgent = max(w.started_at for w in mine if w.started_at)
    behind = [
        w
        for w in batches
        if w.article_id != urgent and w.started_at and submitted < w.started_at < last_urgent
    ]
    assert len(behind) <= 1


def test_a_worker_kept_for_urgent_work_takes_only_headlines_and_leads(
    stack: Stack, sample_path: Path
) -> None:
    """`tarjima worker --queues urgent` is capacity kept free for breaking news: it takes
    every language's headline-and-lead batch and nothing else, neither the backlog nor the
    rest of the urgent article."""
    stack.submit(sample_path, ",".join(LOCALES), slug="backlog-0")
    stack.worker("urgent", env=engine_double(stack.env, "paced"), queues="urgent")
    stack.submit(sample_path, ",".join(LOCALES), slug="breaking", urgent=True)
    urgent = _article_id(stack, "breaking")
    open_then = wait_until(
        lambda: _headline_everywhere(stack, urgent),
        timeout=120,
        what="the urgent headline and lead in every language",
    )
    # Everything else still waits, untouched: only the headline batches ran.
    assert open_then and all(
        w.state is WorkState.QUEUED and w.started_at is None for w in open_then
    )
    assert {(w.article_id == urgent, w.priority) for w in open_then} == {
        (False, BACKLOG_PRIORITY),
        (True, URGENT_PRIORITY),
    }
    done = [
        w for w in stack.look().work if w.kind is WorkKind.TRANSLATE and w.state is WorkState.DONE
    ]
    assert sorted((w.article_id, w.locale, w.priority) for w in done) == sorted(
        (urgent, code, HEADLINE_PRIORITY) for code in LOCALES
    )
