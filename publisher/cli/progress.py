"""Watch a publish from the database: per-locale progress bars and the summary table."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from publisher.db import repository as repo
from publisher.db.session import Database


@dataclass(frozen=True)
class LocaleSummary:
    locale: str
    progress: repo.LocaleProgress
    edition: repo.StoredEdition | None


def snapshot(database: Database, article_id: int, targets: Sequence[str]) -> list[LocaleSummary]:
    with database.session() as session:
        progress = repo.locale_progress(session, article_id=article_id)
        editions = {e.locale: e for e in repo.list_editions(session, article_id=article_id)}
    return [LocaleSummary(code, progress[code], editions.get(code)) for code in targets]


def _finished(summaries: Sequence[LocaleSummary]) -> bool:
    return all(s.progress.done and s.edition is not None for s in summaries)


def wait_for_editions(
    database: Database,
    article_id: int,
    targets: Sequence[str],
    *,
    console: Console,
    timeout: float,
    alive: Callable[[], bool] = lambda: True,
    poll: float = 0.2,
    assembly_grace: float = 60.0,
    resend: Callable[[], Sequence[str]] | None = None,
    resend_every: float = 5.0,
) -> list[LocaleSummary]:
    """Show a progress bar per locale until every edition is assembled.

    Gives up when ``timeout`` passes, when the worker is gone, or when a locale's
    segments are all done but its edition has not appeared ``assembly_grace`` seconds
    later (assembly failed: the worker's log says why). ``resend``, called every
    ``resend_every`` seconds, re-sends lost work and describes what it re-sent.
    """
    deadline = time.monotonic() + timeout
    stalled = _StallWatch(assembly_grace)
    resender = _Resender(resend, resend_every) if resend else None
    columns = (
        TextColumn("{task.description:>4}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[note]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bars:
        tasks = {code: bars.add_task(code, total=None, note="") for code in targets}
        while True:
            summaries = snapshot(database, article_id, targets)
            for s in summaries:
                p = s.progress
                note = "edition ready" if s.edition else _note(p)
                bars.update(
                    tasks[s.locale], total=p.total, completed=p.total - p.pending, note=note
                )
            if _finished(summaries):
                return summaries
            if time.monotonic() > deadline or not alive():
                raise TimeoutError("translation did not finish; see `tarjima status`")
            stalled.check(summaries)
            if resender is not None:
                resender.maybe_run(bars.console)
            time.sleep(poll)


class _Resender:
    """Runs the reconciler now and then while waiting; a broker outage is reported, not
    fatal (the workers reconnect, and the next pass re-sends what the outage lost)."""

    def __init__(self, resend: Callable[[], Sequence[str]], every: float) -> None:
        self.resend = resend
        self.every = every
        self.next = time.monotonic() + every
        self.failing = False

    def maybe_run(self, console: Console) -> None:
        if time.monotonic() < self.next:
            return
        self.next = time.monotonic() + self.every
        try:
            lines = self.resend()
        except Exception as exc:  # kombu raises transport-specific errors
            if not self.failing:
                console.print(f"cannot re-send lost work yet: {exc}", markup=False)
            self.failing = True
            return
        self.failing = False
        for line in lines:
            console.print(line, markup=False)


class _StallWatch:
    """Notices locales whose translation is done but whose edition never comes."""

    def __init__(self, grace: float) -> None:
        self.grace = grace
        self.since: dict[str, float] = {}

    def check(self, summaries: Sequence[LocaleSummary]) -> None:
        now = time.monotonic()
        for s in summaries:
            if s.progress.done and s.edition is None:
                self.since.setdefault(s.locale, now)
            else:
                self.since.pop(s.locale, None)
        late = sorted(code for code, t in self.since.items() if now - t > self.grace)
        if late:
            raise TimeoutError(
                f"edition(s) {', '.join(late)} not assembled {self.grace:.0f} s after "
                "translation finished; the worker log says why (is the output folder writable?)"
            )


def _note(p: repo.LocaleProgress) -> str:
    parts = []
    if p.awaiting_human:
        parts.append(f"{p.awaiting_human} await a human")
    if p.failed:
        parts.append(f"{p.failed} failed")
    return ", ".join(parts)


def summary_table(summaries: Sequence[LocaleSummary]) -> Table:
    table = Table(title="Editions")
    for header in (
        "locale",
        "machine",
        "memory",
        "awaiting human",
        "failed",
        "QA warnings",
        "state",
    ):
        table.add_column(header, overflow="fold")
    for s in summaries:
        p = s.progress
        table.add_row(
            s.locale,
            str(p.machine),
            str(p.memory),
            str(p.awaiting_human),
            str(p.failed),
            str(p.warnings),
            s.edition.state if s.edition else "-",
        )
    return table
