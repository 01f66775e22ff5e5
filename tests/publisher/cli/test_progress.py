"""Watching a publish: finishes when editions exist, gives up when assembly never comes."""

from __future__ import annotations

from datetime import date

import pytest
from rich.console import Console

from publisher.cli.progress import wait_for_editions
from publisher.core.config import Settings
from publisher.core.ingest import decode_source
from publisher.db import repository as repo
from publisher.db.models import Origin, Status
from publisher.db.session import Database
from publisher.services.editions import assemble_and_store
from publisher.services.intake import prepare, store


def _stored(settings: Settings) -> tuple[Database, int]:
    doc = decode_source(
        b"Headline\n\nFirst sentence. Second one on July 18.\n", name="a.txt", max_bytes=10_000
    )
    prepared = prepare(doc, source_locale="en", published=date(2021, 7, 21))
    database = Database.open(settings.resolved_database_url)
    article_id = store(database, prepared, targets=["ru"], replace_existing=False)
    with database.session() as session:
        for segment_id in repo.segment_ids(session, article_id=article_id):
            repo.upsert_translation(
                session,
                segment_id=segment_id,
                locale="ru",
                text=None,
                origin=Origin.NONE,
                status=Status.AWAITING_HUMAN,
                engine=None,
                warnings=[],
                error="no model",
            )
    return database, article_id


def test_stalled_assembly_is_reported_not_waited_for(settings: Settings) -> None:
    database, article_id = _stored(settings)
    with pytest.raises(TimeoutError, match="ru not assembled"):
        wait_for_editions(
            database,
            article_id,
            ["ru"],
            console=Console(quiet=True),
            timeout=30,
            poll=0.05,
            assembly_grace=0.3,
        )


def test_returns_when_every_edition_exists(settings: Settings) -> None:
    database, article_id = _stored(settings)
    assemble_and_store(database, settings, article_id=article_id, locale="ru")
    summaries = wait_for_editions(
        database, article_id, ["ru"], console=Console(quiet=True), timeout=5
    )
    assert summaries[0].edition is not None and summaries[0].progress.awaiting_human == 3


def test_resends_lost_work_while_waiting_and_survives_a_broker_outage(
    settings: Settings,
) -> None:
    import io

    database, article_id = _stored(settings)
    calls: list[int] = []

    def resend() -> list[str]:
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")
        if len(calls) == 2:
            return []  # the broker is back; nothing idle yet
        assemble_and_store(database, settings, article_id=article_id, locale="ru")
        return [f"article {article_id} ru: re-sent the assembly (idle 7 s)"]

    screen = io.StringIO()
    summaries = wait_for_editions(
        database,
        article_id,
        ["ru"],
        console=Console(file=screen, width=200),
        timeout=30,
        poll=0.02,
        resend=resend,
        resend_every=0.05,
    )
    assert summaries[0].edition is not None and len(calls) == 3
    shown = screen.getvalue()
    assert shown.count("cannot re-send lost work yet: Error 111") == 1
    assert f"article {article_id} ru: re-sent the assembly (idle 7 s)" in shown
