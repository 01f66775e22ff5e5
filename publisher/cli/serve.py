"""The web app and its database from the command line: ``serve`` (run the web app) and
the ``db`` group (``db upgrade``: bring the schema up to date)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from publisher.cli.common import current_settings, out
from publisher.core.errors import InputError

db_app = typer.Typer(help="The database schema.", no_args_is_help=True)


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on [TARJIMA_HOST]")] = None,
    port: Annotated[int | None, typer.Option(help="Port [TARJIMA_PORT]")] = None,
    processes: Annotated[
        int, typer.Option("--workers", min=1, help="Web server processes (needs a broker if > 1)")
    ] = 1,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            help="Proxies whose X-Forwarded-For/-Proto are believed, "
            "comma-separated [TARJIMA_TRUSTED_PROXIES; default none]"
        ),
    ] = None,
) -> None:
    """Run the web app: reader pages, editors' and translators' screens, and the API."""
    import uvicorn

    if forwarded_allow_ips is not None:
        # The app reads its settings in each web process: hand the option down.
        os.environ["TARJIMA_TRUSTED_PROXIES"] = forwarded_allow_ips
    settings = current_settings()
    if processes > 1 and not settings.broker_url:
        raise InputError(
            "several web processes need a broker (TARJIMA_BROKER_URL) and `tarjima worker`: "
            "without one each process translates in its own thread"
        )
    from publisher.db.session import upgrade_database

    upgrade_database(settings.resolved_database_url)
    uvicorn.run(
        "publisher.web.app:app_from_environment",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=processes,
        # The app itself believes proxy headers, from TARJIMA_TRUSTED_PROXIES only
        # (uvicorn's own default would trust 127.0.0.1: any local client).
        proxy_headers=False,
        log_level="info",
    )


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date (run once before starting workers and the web)."""
    from publisher.db.session import upgrade_database

    settings = current_settings()
    upgrade_database(settings.resolved_database_url)
    out.print("database schema is up to date")
