"""Fixtures shared by the publisher's tests: PostgreSQL, in a schema of its own per test,
and the sample article stored with Uzbek translations of some of its passages.

PostgreSQL tests get a schema of their own (``search_path`` set through the URL), dropped
afterwards, so they never collide with other modules using the same ``test`` database.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from publisher.core.config import Settings
from publisher.core.ingest import decode_source
from publisher.db import repository as repo
from publisher.db.models import Origin, Status
from publisher.db.session import Database, create_db_engine
from publisher.services.intake import prepare, store

POSTGRES_CANDIDATES = tuple(
    dict.fromkeys(
        (
            os.environ.get(
                "TARJIMA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
            ),
            "postgresql+psycopg://postgres@127.0.0.1:5432/test",
            "postgresql+psycopg://root@127.0.0.1:5432/test",
        )
    )
)


def _admin_engine(url: str) -> Engine:
    return create_db_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


def _reachable(url: str) -> str | None:
    """None when ``url`` accepts connections, else why not."""
    engine = _admin_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return None
    except OperationalError as exc:
        return str(exc.orig).strip().splitlines()[0]
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A PostgreSQL URL that works (user postgres, then root); skips when none does."""
    reasons = []
    for url in POSTGRES_CANDIDATES:
        reason = _reachable(url)
        if reason is None:
            return url
        reasons.append(f"{make_url(url).username}: {reason}")
    pytest.skip("PostgreSQL on 127.0.0.1:5432 is unreachable (" + "; ".join(reasons) + ")")


@pytest.fixture()
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """``postgres_url`` with a fresh schema as its search_path; the schema is dropped after."""
    schema = f"tarjima_db_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(postgres_url)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# (block, segment) of the sample article -> a uz translation (protected spans as ⟦N⟧, as
# translators and engines leave them), and what the uz_Cyrl edition must print for it.
UZ_SAMPLE: dict[tuple[int, int], tuple[str, str]] = {
    (0, 0): (
        "Tojikiston Qirg‘iziston bilan munosabatlarni tiklash uchun katta imkoniyatni boy berdi",
        "Тожикистон Қирғизистон билан муносабатларни тиклаш учун катта имкониятни бой берди",
    ),
    (2, 0): (
        "Qirg‘iziston va Tojikiston o‘rtasidagi munosabatlar ⟦1⟧ eng past darajaga tushdi.",
        "Қирғизистон ва Тожикистон ўртасидаги муносабатлар апрел охирида энг паст даражага тушди.",
    ),
    (5, 0): (
        "Kutilmagan imkoniyat ⟦1⟧ paydo bo‘ldi: ⟦2⟧ nafar etnik qirg‘iz Tojikistonga o‘tdi.",
        "Кутилмаган имконият 13–14 июл кунлари пайдо бўлди: 345 нафар этник қирғиз "
        "Тожикистонга ўтди.",
    ),
    (6, 0): (
        "Qirg‘iziston rasmiylari taxminan ⟦1⟧ bosh chorva molini olishini e’lon qildi.",
        "Қирғизистон расмийлари тахминан 4\xa0000 бош чорва молини олишини эълон қилди.",
    ),
    (11, 0): (
        "⟦1⟧ Qirg‘iziston Tashqi ishlar vazirligi Tojikiston elchisini muzokaraga chaqirdi.",
        "16 июл куни Қирғизистон Ташқи ишлар вазирлиги Тожикистон элчисини музокарага чақирди.",
    ),
    (18, 0): (
        "Hukumat kuchlari ⟦1⟧ ba’zi tumanlarni qaytarib oldi.",
        "Ҳукумат кучлари июл ўртасида баъзи туманларни қайтариб олди.",
    ),
}


@dataclass(frozen=True)
class UzSample:
    database: Database
    article_id: int
    segment_ids: dict[tuple[int, int], int]


@pytest.fixture()
def uz_sample(settings: Settings, sample_path: Path) -> UzSample:
    """The sample article (targets uz and ky) in SQLite with ``UZ_SAMPLE``'s uz texts: one
    by a machine (block 18), the others approved human work; block 7 awaits a human."""
    doc = decode_source(sample_path.read_bytes(), name=sample_path.name, max_bytes=10**6)
    prepared = prepare(doc, source_locale="en", published=dt.date(2021, 7, 21))
    database = Database.open(settings.resolved_database_url)
    article_id = store(database, prepared, targets=["uz", "ky"], replace_existing=False)
    positions = [(s.block_index, s.index) for b in prepared.article.blocks for s in b.segments]
    with database.session() as session:
        ids = dict(zip(positions, repo.segment_ids(session, article_id=article_id), strict=True))
        for position, (uz_text, _) in UZ_SAMPLE.items():
            machine = position == (18, 0)
            repo.upsert_translation(
                session,
                segment_id=ids[position],
                locale="uz",
                text=uz_text,
                origin=Origin.MACHINE if machine else Origin.HUMAN,
                status=Status.MACHINE if machine else Status.APPROVED,
                engine=None,
                warnings=[],
            )
        repo.upsert_translation(
            session,
            segment_id=ids[(7, 0)],
            locale="uz",
            text=None,
            origin=Origin.NONE,
            status=Status.AWAITING_HUMAN,
            engine=None,
            warnings=[],
            error="no model",
        )
    return UzSample(database, article_id, ids)
