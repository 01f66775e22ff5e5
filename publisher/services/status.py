"""What `tarjima status` shows operators: per language, where every segment stands, and
which workers are alive and what they serve.

For one article: queued (sent, waiting in the broker), in progress (started by a named
worker), translated, awaiting a human, failed, and each distinct reason. Without an
article: the workers' leases, and the open work of every unfinished article per language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.table import Table

from publisher.core.config import Settings
from publisher.core.enums import WorkKind, WorkState
from publisher.core.errors import NotFoundError
from publisher.db import repository as repo
from publisher.db.session import Database


@dataclass(frozen=True)
class LocaleStatus:
    """One language of one article, as an operator needs to see it."""

    locale: str
    progress: repo.LocaleProgress
    queued: int  # segments in batches waiting in the broker
    running: int  # segments in batches a worker started
    workers: tuple[str, ...]  # who runs them
    edition: repo.StoredEdition | None


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


def _pending_segments(
    items: Iterable[repo.WorkRecord], locale: str, state: WorkState, settled: set[int]
) -> set[int]:
    return {
        i
        for item in items
        if item.kind is WorkKind.TRANSLATE and item.locale == locale and item.state is state
        for i in item.segment_ids
        if i not in settled
    }


def locale_statuses(database: Database, article_id: int) -> list[LocaleStatus]:
    """Every target language of the article, in the order asked for."""
    with database.session() as session:
        targets = repo.list_targets(session, article_id=article_id)
        progress = repo.locale_progress(session, article_id=article_id)
        items = repo.open_work(session, article_id=article_id)
        editions = {e.locale: e for e in repo.list_editions(session, article_id=article_id)}
        translated = {
            code: {
                s
                for s, row in repo.translations_for(
                    session, article_id=article_id, locale=code
                ).items()
                if row.text is not None
            }
            for code in targets
        }
    return [
        LocaleStatus(
            code,
            progress[code],
            len(_pending_segments(items, code, WorkState.QUEUED, translated[code])),
            len(_pending_segments(items, code, WorkState.RUNNING, translated[code])),
            tuple(
                sorted(
                    {
                        i.worker
                        for i in items
                        if i.locale == code and i.state is WorkState.RUNNING and i.worker
                    }
                )
            ),
            editions.get(code),
        )
        for code in targets
    ]


def article_table(statuses: Sequence[LocaleStatus]) -> Table:
    table = Table(title="Languages")
    for header in (
        "locale",
        "queued",
        "in progress",
        "translated",
        "awaiting human",
        "failed",
        "QA warnings",
        "edition",
        "rev.",
    ):
        wrap = header in ("in progress", "awaiting human", "QA warnings")
        table.add_column(header, overflow="fold", no_wrap=not wrap)
    for s in statuses:
        p = s.progress
        running = f"{s.running} ({', '.join(s.workers)})" if s.workers else str(s.running)
        edition, revision = (
            ("-", "-") if s.edition is None else (str(s.edition.state), str(s.edition.revision))
        )
        table.add_row(
            s.locale,
            str(s.queued),
            running,
            str(p.translated),
            str(p.awaiting_human),
            str(p.failed),
            str(p.warnings),
            edition,
            revision,
        )
    return table


def reasons(database: Database, article_id: int) -> list[str]:
    """Each distinct reason why passages are not translated, with how many."""
    with database.session() as session:
        rows = {
            code: repo.translations_for(session, article_id=article_id, locale=code)
            for code in repo.list_targets(session, article_id=article_id)
        }
    counted: Counter[tuple[str, str, str]] = Counter(
        (code, str(row.status), row.error)
        for code, by_segment in rows.items()
        for row in by_segment.values()
        if row.error
    )
    return [
        f"{code}: {count} {status}: {error}"
        for (code, status, error), count in sorted(counted.items())
    ]


def status_report(settings: Settings, article: str) -> tuple[Table, list[str]]:
    """The per-language table of one article, and the reasons lines."""
    database = Database.for_settings(settings, upgrade=False)
    article_id = article_id_of(database, article)
    return article_table(locale_statuses(database, article_id)), reasons(database, article_id)


def workers_table(leases: Sequence[repo.LeaseRecord], ttl: float) -> Table:
    table = Table(title="Workers")
    for header in ("worker", "languages", "last heartbeat", "state"):
        table.add_column(header, overflow="fold")
    for lease in leases:
        state = "alive" if lease.age <= ttl else "gone (its started work is sent again)"
        table.add_row(
            lease.hostname,
            ", ".join(lease.locales) or "none (no models)",
            f"{lease.age:.0f} s ago",
            state,
        )
    return table


def _open_counts(items: Sequence[repo.WorkRecord]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}
    for item in items:
        if item.kind is WorkKind.TRANSLATE:
            tally = counts.setdefault(item.locale, Counter())
            tally[str(item.state)] += 1
            tally["articles:" + str(item.article_id)] = 1
    return counts


def queues_table(items: Sequence[repo.WorkRecord], targets: Sequence[str]) -> Table:
    table = Table(title="Open translation batches")
    for header in ("locale", "queued", "in progress", "articles"):
        table.add_column(header)
    counts = _open_counts(items)
    for code in targets:
        tally = counts.get(code, Counter())
        articles = sum(1 for key in tally if key.startswith("articles:"))
        table.add_row(
            code,
            str(tally[str(WorkState.QUEUED)]),
            str(tally[str(WorkState.RUNNING)]),
            str(articles),
        )
    return table


def fleet_report(settings: Settings) -> tuple[list[Table], list[str]]:
    """The workers, the open work per language, and segments waiting for a model."""
    database = Database.for_settings(settings, upgrade=False)
    with database.session() as session:
        leases = repo.leases(session)
        items = repo.open_work(session)
        blocked = repo.blocked_on_model(session, locales=list(settings.target_locales))
    served = {code for lease in leases if lease.age <= settings.lease_ttl for code in lease.locales}
    lines = []
    for code in settings.target_locales:
        waiting = sum(len(ids) for (_, locale), ids in blocked.items() if locale == code)
        if waiting:
            if code in served:
                lines.append(
                    f"{code}: {waiting} segments await a model; they are sent again "
                    "now: a live worker serves it"
                )
                continue
            choice = settings.engines.get(code, settings.engine)
            lines.append(
                f"{code}: {waiting} segments await a model; they are sent again once "
                f"a worker with a model for it is running ({_hint('en', code, choice)})"
            )
    tables = [
        workers_table(leases, settings.lease_ttl),
        queues_table(items, settings.target_locales),
    ]
    return tables, lines


def _hint(source: str, target: str, engine: str) -> str:
    from publisher.core.coverage import install_hint

    return install_hint(source, target, engine).sentence()
