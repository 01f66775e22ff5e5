"""Schema set-up: Alembic migrations, their match with the models, engines and sessions."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, func, inspect, select, text

from publisher.db import models
from publisher.db.session import (
    Database,
    alembic_config,
    create_db_engine,
    normalize_url,
    upgrade_database,
)

TABLES = {
    "articles",
    "article_targets",
    "blocks",
    "segments",
    "translations",
    "editions",
    "users",
    "web_sessions",
    "api_tokens",
    "login_failures",
    "publications",
    "translation_memory",
    "glossary_terms",
    "publish_overrides",
    "work_items",
    "worker_leases",
    "name_dismissals",
}


def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _current_revision(url: str) -> str | None:
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_db_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _differences(url: str, metadata: MetaData) -> list[object]:
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def test_there_is_one_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == ["0012"]
    chain = [rev.revision for rev in script.walk_revisions()]
    assert chain == [
        "0012",
        "0011",
        "0010",
        "0009",
        "0008",
        "0007",
        "0006",
        "0005",
        "0004",
        "0003",
        "0002",
        "0001",
    ]


def test_upgrade_from_0001_keeps_targets_and_counts_them_as_sent(db_url: str) -> None:
    engine = create_db_engine(db_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0001")
            connection.execute(
                text(
                    "INSERT INTO articles (slug, title, source_locale, published, source_text, "
                    "source_format) VALUES ('old', 't', 'en', '2021-07-21', 's', 'text')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO article_targets (article_id, locale) "
                    "SELECT id, 'ru' FROM articles WHERE slug = 'old'"
                )
            )
    finally:
        engine.dispose()
    upgrade_database(db_url)
    database = Database.open(db_url)
    try:
        with database.session() as session:
            rows = session.execute(
                select(
                    models.ArticleTarget.locale,
                    models.ArticleTarget.resends,
                    models.ArticleTarget.dispatched_at.is_not(None),
                )
            ).all()
    finally:
        database.dispose()
    # Counted as sent at the upgrade: the reconciler does not re-send the whole archive.
    assert [tuple(row) for row in rows] == [("ru", 0, True)]


def test_upgrade_to_0007_keeps_what_editions_showed(db_url: str) -> None:
    """Rows from before 0007 keep showing what they showed: approved text as the approved
    text (by its translator), engine and memory text as the machine text."""
    engine = create_db_engine(db_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0006")
            connection.execute(
                text(
                    "INSERT INTO articles (slug, title, source_locale, published, source_text, "
                    "source_format) VALUES ('old', 't', 'en', '2021-07-21', 's', 'text')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO blocks (article_id, position, kind, text, markup) "
                    "SELECT id, 0, 'paragraph', 'a b', '[]' FROM articles"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO segments (article_id, block_id, block_index, position, text, "
                    "source_hash, spans, separator) SELECT article_id, id, 0, n, 's', 'h', '[]', "
                    "'' FROM blocks, (SELECT 0 AS n UNION SELECT 1 UNION SELECT 2) AS p"
                )
            )
            for position, (origin, status, engine_name) in enumerate(
                (
                    ("human", "approved", "human:dilnoza"),
                    ("machine", "machine", "argos"),
                    ("human", "needs_review", "human:aziz"),
                )
            ):
                connection.execute(
                    text(
                        "INSERT INTO translations (segment_id, locale, text, origin, status, "
                        "engine, warnings, attempts, version) SELECT id, 'uz', :text, :origin, "
                        ":status, :engine, '[]', 1, 1 FROM segments WHERE position = :position"
                    ),
                    {
                        "text": f"matn {position}",
                        "origin": origin,
                        "status": status,
                        "engine": engine_name,
                        "position": position,
                    },
                )
    finally:
        engine.dispose()
    upgrade_database(db_url)
    database = Database.open(db_url)
    try:
        with database.session() as session:
            rows = session.execute(
                select(
                    models.TranslationRow.text,
                    models.TranslationRow.approved_text,
                    models.TranslationRow.approved_by,
                    models.TranslationRow.machine_text,
                ).order_by(models.TranslationRow.id)
            ).all()
    finally:
        database.dispose()
    assert [tuple(row) for row in rows] == [
        ("matn 0", "matn 0", "dilnoza", None),
        ("matn 1", None, None, "matn 1"),
        ("matn 2", None, None, None),  # a draft from before: nothing approved to show
    ]


def test_upgrade_to_0008_drops_the_user_names_typed_at_failed_sign_ins(db_url: str) -> None:
    """Until 0008 a failed sign-in kept the name typed, in plain text, and a password
    typed into the user name field was kept with it: the upgrade forgets them all."""
    engine = create_db_engine(db_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0007")
            connection.execute(
                text(
                    "INSERT INTO login_failures (username, client) "
                    "VALUES ('my secret password', '10.0.0.1')"
                )
            )
    finally:
        engine.dispose()
    upgrade_database(db_url)
    engine = create_db_engine(db_url)
    try:
        columns = {c["name"] for c in inspect(engine).get_columns("login_failures")}
        with engine.connect() as connection:
            left = connection.execute(text("SELECT count(*) FROM login_failures")).scalar()
    finally:
        engine.dispose()
    assert "username" not in columns and {"user_id", "name_key", "client"} <= columns
    assert left == 0


def test_upgrade_to_0009_gives_articles_no_kicker_and_no_original(db_url: str) -> None:
    """Articles from before 0009 had "Breaking News" printed over every headline: they
    keep no kicker, and an editor can set one."""
    engine = create_db_engine(db_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0008")
            connection.execute(
                text(
                    "INSERT INTO articles (slug, title, source_locale, published, source_text, "
                    "source_format) VALUES ('old', 't', 'en', '2021-07-21', 's', 'text')"
                )
            )
    finally:
        engine.dispose()
    upgrade_database(db_url)
    database = Database.open(db_url)
    try:
        with database.session() as session:
            assert session.execute(
                select(models.Article.kicker, models.Article.source_url)
            ).all() == [(None, None)]
            row = session.scalars(select(models.Article)).one()
            row.kicker, row.source_url = "Analysis", "https://www.rferl.org/a/1.html"
        with database.session() as session:
            assert session.scalars(select(models.Article.kicker)).all() == ["Analysis"]
    finally:
        database.dispose()


def test_upgrade_to_0012_leaves_articles_and_sent_work_not_urgent(db_url: str) -> None:
    """Articles and work sent before 0012 are ordinary: not urgent, no recorded priority
    (a re-send uses the backlog's); an editor can mark an article urgent."""
    engine = create_db_engine(db_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0011")
            connection.execute(
                text(
                    "INSERT INTO articles (slug, title, source_locale, published, source_text, "
                    "source_format) VALUES ('old', 't', 'en', '2021-07-21', 's', 'text')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO work_items (task_id, kind, article_id, locale, segment_ids, "
                    "state, sent_at) SELECT 't1', 'translate', id, 'uz', '[]', 'queued', "
                    "CURRENT_TIMESTAMP FROM articles"
                )
            )
    finally:
        engine.dispose()
    upgrade_database(db_url)
    database = Database.open(db_url)
    try:
        with database.session() as session:
            assert session.scalars(select(models.Article.urgent)).all() == [False]
            assert session.scalars(select(models.WorkItem.priority)).all() == [None]
            session.scalars(select(models.Article)).one().urgent = True
        with database.session() as session:
            assert session.scalars(select(models.Article.urgent)).all() == [True]
    finally:
        database.dispose()


def test_upgrade_from_empty_creates_every_table(db_url: str) -> None:
    assert _tables(db_url) == set()
    upgrade_database(db_url)
    assert _tables(db_url) == TABLES | {"alembic_version"}
    assert _current_revision(db_url) == _head()


def test_upgrade_is_idempotent_and_keeps_data(db_url: str) -> None:
    upgrade_database(db_url)
    database = Database.open(db_url)
    try:
        with database.session() as session:
            session.add(
                models.Article(
                    slug="kept",
                    title="t",
                    source_locale="en",
                    published=date(2021, 7, 21),
                    source_text="s",
                    source_format="text",
                )
            )
        upgrade_database(db_url)
        Database.open(db_url).dispose()
        with database.session() as session:
            assert session.scalars(select(models.Article.slug)).all() == ["kept"]
    finally:
        database.dispose()
    assert _current_revision(db_url) == _head()


def test_models_match_the_migration(db_url: str) -> None:
    upgrade_database(db_url)
    assert _differences(db_url, models.Base.metadata) == []
    command.check(alembic_config(url=db_url))  # the same through env.py; raises on drift


def test_the_comparison_sees_drift(db_url: str) -> None:
    """Guard against a vacuous check: a model change the migration lacks is reported."""
    upgrade_database(db_url)
    drifted = MetaData(naming_convention=models.NAMING_CONVENTION)
    for table in models.Base.metadata.sorted_tables:
        table.to_metadata(drifted)
    drifted.tables["segments"].indexes.clear()
    differences = _differences(db_url, drifted)
    assert {entry[0] for entry in differences if isinstance(entry, tuple)} == {"remove_index"}


def test_downgrade_to_base_and_up_again(db_url: str) -> None:
    upgrade_database(db_url)
    engine = create_db_engine(db_url)
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "base")
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()
    upgrade_database(db_url)
    assert _current_revision(db_url) == _head()


def test_concurrent_first_starts_do_not_collide(db_url: str) -> None:
    """Several workers starting at once on an empty database: one migrates, all succeed."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        try:
            barrier.wait()
            upgrade_database(db_url)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert _current_revision(db_url) == _head()


def test_sqlite_engine_creates_its_folder_and_sets_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "var" / "tarjima.db"
    engine = create_db_engine(f"sqlite:///{path.as_posix()}")
    try:
        assert not path.parent.exists()  # nothing happens before the first connection...
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert path.is_file()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg"),
        ("postgres://u@h/db", "postgresql+psycopg"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),
        ("sqlite:///var/tarjima.db", "sqlite"),
    ],
)
def test_urls_are_normalized(url: str, driver: str) -> None:
    assert normalize_url(url).drivername == driver
    engine = create_db_engine(url)
    try:
        assert engine.url.drivername == driver
    finally:
        engine.dispose()


def test_session_commits_on_success_and_rolls_back_on_error(database: Database) -> None:
    insert = text(
        "INSERT INTO articles (slug, title, source_locale, published, source_text, "
        "source_format, created_at, updated_at) VALUES (:slug, 't', 'en', "
        "'2021-07-21', 's', 'text', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
    )
    with database.session() as session:
        session.execute(insert, {"slug": "kept"})
    with pytest.raises(RuntimeError), database.session() as session:
        session.execute(insert, {"slug": "dropped"})
        raise RuntimeError("boom")
    with database.session() as session:
        slugs = session.scalars(select(models.Article.slug)).all()
        assert slugs == ["kept"]
        assert session.scalar(select(func.count()).select_from(models.Article)) == 1


def test_upgrade_to_0011_keeps_publications_with_no_provenance(db_url: str) -> None:
    """Publications from before 0011 have no provenance: their pages are written again as
    partial when passages await translation, else machine-translated
    (publisher.services.public_folder)."""
    engine = create_db_engine(db_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0010")
            connection.execute(
                text(
                    "INSERT INTO articles (slug, title, source_locale, published, source_text, "
                    "source_format) VALUES ('old', 't', 'en', '2021-07-21', 's', 'text')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO publications (article_id, locale, title, content, state, missing, "
                    "first_published_at, published_at) SELECT id, 'ky', 't', '<article/>', "
                    "'partial', 2, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM articles"
                )
            )
    finally:
        engine.dispose()
    upgrade_database(db_url)
    database = Database.open(db_url)
    try:
        with database.session() as session:
            assert session.execute(
                select(models.PublicationRow.locale, models.PublicationRow.provenance)
            ).all() == [("ky", None)]
    finally:
        database.dispose()
