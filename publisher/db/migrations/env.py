"""Alembic environment for Tarjima, configured in code by ``publisher.db.session``.

``upgrade_database`` hands over an open connection in ``config.attributes["connection"]``.
Without one, the URL comes from ``config.attributes["url"]``, the ``sqlalchemy.url``
option, or ``-x url=...`` on the alembic command line.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from publisher.db.models import Base
from publisher.db.session import create_db_engine

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = config.attributes.get("url") or context.get_x_argument(as_dictionary=True).get("url")
    url = url or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database: pass a connection, attributes['url'] or -x url=...")
    return str(url)


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = create_db_engine(_url())
    try:
        with engine.begin() as own:
            _configure(own)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
