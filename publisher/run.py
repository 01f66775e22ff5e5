"""Run a publish from the command line: embedded (no broker) or through a real broker."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from celery import Celery
from rich.console import Console
from rich.table import Table

from publisher.config import Settings
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.errors import NotFoundError, TarjimaError
from publisher.progress import (
    LocaleSummary,
    edition_lines,
    snapshot,
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
    database = Database.open(settings.resolved_database_url)
    article_id = store(database, prepared, targets=targets, replace_existing=replace)
    if settings.broker_url is None:
        _run_embedded(settings, celery, database, article_id, targets, timeout, console)
        return
    sent = dispatch(
        celery, database, article_id=article_id, targets=targets, batch_size=settings.batch_size
    )
    console.print(f"article {article_id} queued: {sent} translation tasks")
    if wait:
        summaries = wait_for_editions(
            database,
            article_id,
            targets,
            console=console,
            timeout=timeout,
            assembly_grace=settings.reconcile_after + 60,
            resend=lambda: _resend_lost(settings, celery, database, article_id),
            resend_every=min(30.0, settings.reconcile_after / 2),
        )
        _report(settings, summaries, console)


def _resend_lost(
    settings: Settings, celery: Celery, database: Database, article_id: int
) -> list[str]:
    from publisher.reconcile import reconcile_configured

    resent = reconcile_configured(settings, database, celery, article_id=article_id)
    return [r.describe() for r in resent]


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


def article_id_of(database: Database, article: str) -> int:
    """The id of an article given by id or slug."""
    with database.session() as session:
        if article.isdigit():
            found = int(article) if repo.list_targets(session, article_id=int(article)) else None
        else:
            found = repo.find_article_id(session, slug=article)
    if found is None:
        raise NotFoundError(f"no article {article!r}")
    return found


def status_report(settings: Settings, article: str) -> tuple[Table, list[str]]:
    """Per-locale counts, and each distinct reason why passages are not translated."""
    database = Database.open(settings.resolved_database_url)
    article_id = article_id_of(database, article)
    with database.session() as session:
        targets = repo.list_targets(session, article_id=article_id)
        rows = {
            code: repo.translations_for(session, article_id=article_id, locale=code)
            for code in targets
        }
    reasons: Counter[tuple[str, str, str]] = Counter(
        (code, str(row.status), row.error)
        for code, by_segment in rows.items()
        for row in by_segment.values()
        if row.error
    )
    lines = [
        f"{code}: {count} {status}: {error}"
        for (code, status, error), count in sorted(reasons.items())
    ]
    return summary_table(snapshot(database, article_id, targets)), lines
