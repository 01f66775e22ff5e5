"""Run a publish from the command line: embedded (no broker) or through a real broker.

``tarjima publish FILE`` is an editor's one-shot publish: once the editions are assembled
(embedded, or with ``--wait``) it publishes each one, a partial one too (its passages
awaiting translation marked, as the command always printed them), which writes its page
to the public output folder and shows it to the web app's readers. An edition with QA
errors is left unpublished and said: an editor decides (``tarjima editions publish
--override-qa``). Without ``--wait`` a broker's editions are published later by an
editor."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from celery import Celery
from rich.console import Console

from publisher.cli.progress import (
    LocaleSummary,
    summary_table,
    wait_for_editions,
)
from publisher.core.config import Settings
from publisher.core.errors import TarjimaError
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.editions import edition_path, remove_published
from publisher.services.intake import PreparedArticle, dispatch, store


def run_publish(
    settings: Settings,
    prepared: PreparedArticle,
    targets: Sequence[str],
    *,
    replace: bool,
    wait: bool,
    timeout: float,
    console: Console,
    urgent: bool = False,
) -> None:
    """Store the article, send its work, and (embedded, or with --wait) show progress.
    An ``urgent`` article's headline and lead go ahead of queued work
    (publisher.services.urgent)."""
    from worker.celery_app import create_celery

    celery = create_celery(settings)
    if settings.broker_url is not None:
        _check_broker(celery, settings.broker_url)
    database = Database.for_settings(settings)
    slug = prepared.article.slug
    replaced = _published_locales(database, slug) if replace else []
    article_id = store(database, prepared, targets=targets, replace_existing=replace)
    if urgent:
        with database.session() as session:
            repo.set_urgent(session, article_id=article_id, urgent=True)
    # The replaced article's publications went with it: so do their public pages.
    remove_published(settings, slug, replaced)
    if settings.broker_url is None:
        summaries = _run_embedded(settings, celery, database, article_id, targets, timeout, console)
        _publish_and_report(settings, database, slug, article_id, summaries, console)
        return
    sent = dispatch(
        celery,
        database,
        article_id=article_id,
        targets=targets,
        batch_size=settings.batch_size,
        lease_ttl=settings.lease_ttl,
    )
    console.print(f"article {article_id} queued: {sent} translation tasks")
    if not wait:
        console.print(
            f"publish the editions when they are ready: `tarjima editions publish "
            f"{slug}` (or on the editor's screens)",
            markup=False,
        )
    else:
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
        _publish_and_report(settings, database, slug, article_id, summaries, console)


def _published_locales(database: Database, slug: str) -> list[str]:
    with database.session() as session:
        article_id = repo.find_article_id(session, slug=slug)
        if article_id is None:
            return []
        return list(repo.publications_of(session, article_id=article_id))


ASSEMBLY_GRACE = 60.0  # seconds an edition may lag its finished translation


def _reconciler_for(
    settings: Settings, celery: Celery, database: Database, article_id: int
) -> Callable[[], list[str]]:
    """Passes of a reconciler that watches this article only (the same evidence rules as
    `tarjima reconcile`), describing what each pass did."""
    from publisher.services.reconcile.rules import Reconciler

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
) -> list[LocaleSummary]:
    from worker.embedded import embedded_worker

    with embedded_worker(celery) as worker:
        dispatch(
            celery, database, article_id=article_id, targets=targets, batch_size=settings.batch_size
        )
        return wait_for_editions(
            database, article_id, targets, console=console, timeout=timeout, alive=worker.alive
        )


def _publish_and_report(
    settings: Settings,
    database: Database,
    slug: str,
    article_id: int,
    summaries: Sequence[LocaleSummary],
    console: Console,
) -> None:
    refused = _publish(settings, database, article_id, summaries)
    _report(
        settings,
        summaries,
        console,
        {
            s.locale: edition_path(settings, slug, s.locale)
            for s in summaries
            if s.edition is not None and s.locale not in refused
        },
    )
    if refused:
        raise TarjimaError(
            "; ".join(f"{locale}: not published: {why}" for locale, why in refused.items())
            + f" (fix them on the review screen, or `tarjima editions publish {slug} --to "
            f"{','.join(refused)} --accept-partial --override-qa`)"
        )


def _publish(
    settings: Settings,
    database: Database,
    article_id: int,
    summaries: Sequence[LocaleSummary],
) -> dict[str, str]:
    """Publish each assembled edition, partial ones included; the refused ones (QA
    errors) by locale, with why."""
    from publisher.services.publish import QAErrorsError, publish_edition

    refused = {}
    for s in summaries:
        if s.edition is None:
            continue
        try:
            publish_edition(
                database,
                settings,
                article_id=article_id,
                locale=s.locale,
                user_id=None,
                accept_partial=True,
                username=f"cli:{os.environ.get('USER', '?')}",
            )
        except QAErrorsError as exc:
            refused[s.locale] = str(exc)
    return refused


def _report(
    settings: Settings,
    summaries: Sequence[LocaleSummary],
    console: Console,
    published: dict[str, Path],
) -> None:
    from worker.engines.base import no_route_message

    console.print(summary_table(summaries))
    console.print("Editions:")
    for locale, path in published.items():
        console.print(f"  {locale}: {path}", soft_wrap=True, markup=False)
    for s in summaries:
        if s.progress.awaiting_human:
            choice = settings.engines.get(s.locale, settings.engine)
            console.print(
                f"{s.locale}: {s.progress.awaiting_human} passages await a human translator "
                f"(shown in the source language, marked): "
                f"{no_route_message('en', s.locale, choice)}.",
                markup=False,
            )
        if s.progress.failed:
            console.print(
                f"{s.locale}: {s.progress.failed} passages failed; see "
                "`tarjima status` for the errors.",
                markup=False,
            )
