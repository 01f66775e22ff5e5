"""Run a publish from the command line: embedded (no broker) or through a real broker."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from celery import Celery
from rich.console import Console

from publisher.config import Settings
from publisher.db.session import Database
from publisher.errors import TarjimaError
from publisher.progress import (
    LocaleSummary,
    edition_lines,
    summary_table,
    wait_for_editions,
)
from publisher.publishing import PreparedArticle, dispatch, store


def run_publish(
    settings: Settings,
    prepared: PreparedArticle,
    targets: Sequence[str],
    *,
    replace: bool,
    wait: bool,
    timeout: float,
    console: Console,
) -> None:
    """Store the article, send its work, and (embedded, or with --wait) show progress."""
    from worker.celery_app import create_celery

    celery = create_celery(settings)
    if settings.broker_url is not None:
        _check_broker(celery, settings.broker_url)
    database = Database.for_settings(settings)
    article_id = store(database, prepared, targets=targets, replace_existing=replace)
    if settings.broker_url is None:
        _run_embedded(settings, celery, database, article_id, targets, timeout, console)
        return
    sent = dispatch(
        celery, database, article_id=article_id, targets=targets, batch_size=settings.batch_size,
        lease_ttl=settings.lease_ttl,
    )
    console.print(f"article {article_id} queued: {sent} translation tasks")
    if wait:
        summaries = wait_for_editions(
            database,
            article_id,
            targets,
            console=console,
            timeout=timeout,
            assembly_grace=ASSEMBLY_GRACE + 3 * settings.lease_ttl,
            resend=_reconciler_for(settings, celery, database, article_id),
            resend_every=settings.reconcile_every,
        )
        _report(settings, summaries, console)


ASSEMBLY_GRACE = 60.0  # seconds an edition may lag its finished translation


def _reconciler_for(
    settings: Settings, celery: Celery, database: Database, article_id: int
) -> Callable[[], list[str]]:
    """Passes of a reconciler that watches this article only (the same evidence rules as
    `tarjima reconcile`), describing what each pass did."""
    from publisher.reconcile import Reconciler

    reconciler = Reconciler(settings, database, celery)

    def resend() -> list[str]:
        return [a.describe() for a in reconciler.run_once(article_id=article_id)]

    return resend


def _check_broker(celery: Celery, url: str) -> None:
    """Fail before storing anything when the broker cannot be reached."""
    try:
        with celery.connection_for_write() as connection:
            connection.ensure_connection(max_retries=2, interval_start=0.5)
    except Exception as exc:  # kombu raises several transport-specific errors
        raise TarjimaError(f"cannot reach the broker {url}: {exc}") from exc


def _run_embedded(
    settings: Settings,
    celery: Celery,
    database: Database,
    article_id: int,
    targets: Sequence[str],
    timeout: float,
    console: Console,
) -> None:
    from worker.embedded import embedded_worker

    with embedded_worker(celery) as worker:
        dispatch(
            celery, database, article_id=article_id, targets=targets, batch_size=settings.batch_size
        )
        summaries = wait_for_editions(
            database, article_id, targets, console=console, timeout=timeout, alive=worker.alive
        )
    _report(settings, summaries, console)


def _report(settings: Settings, summaries: Sequence[LocaleSummary], console: Console) -> None:
    console.print(summary_table(summaries))
    console.print("Editions:")
    for line in edition_lines(summaries):
        console.print(f"  {line}", soft_wrap=True, markup=False)
    for s in summaries:
        if s.progress.awaiting_human:
            console.print(
                f"{s.locale}: {s.progress.awaiting_human} passages await a human translator "
                f"(shown in the source language, marked): no en->{s.locale} model. Install one "
                f"with `tarjima models install translate-en_{s.locale}.argosmodel`.",
                markup=False,
            )
        if s.progress.failed:
            console.print(
                f"{s.locale}: {s.progress.failed} passages failed; see "
                "`tarjima status` for the errors.",
                markup=False,
            )
