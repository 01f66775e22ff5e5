"""The ``editions`` group: make editions visible to readers of the web app (publish), or
take them away (unpublish)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from publisher.cli.common import current_settings, out
from publisher.core.errors import InputError

editions_app = typer.Typer(
    help="Make editions visible to readers of the web app, or take them away.",
    no_args_is_help=True,
)


@editions_app.command("publish")
def editions_publish(
    article: Annotated[str, typer.Argument(help="Article id or slug")],
    to: Annotated[str | None, typer.Option("--to", help="Locales (default: all targets)")] = None,
    accept_partial: Annotated[
        bool,
        typer.Option(
            "--accept-partial",
            help="Also publish editions with passages still in the source language",
        ),
    ] = False,
    override_qa: Annotated[
        bool,
        typer.Option(
            "--override-qa", help="Also publish editions with unresolved QA errors (recorded)"
        ),
    ] = False,
    headline_and_lead: Annotated[
        bool,
        typer.Option(
            "--headline-and-lead",
            help="Publish editions whose headline and "
            "lead are translated, the rest still awaiting translation "
            "(a partial edition, accepted explicitly)",
        ),
    ] = False,
) -> None:
    """Publish editions to readers of the web app (assembled from the database now)."""
    from publisher.db import repository as repo
    from publisher.db.session import Database
    from publisher.services.headline_publish import HeadlineNotReadyError, publish_headline_and_lead
    from publisher.services.intake import parse_locales
    from publisher.services.publish import PartialEditionError, QAErrorsError, publish_edition
    from publisher.services.status import article_id_of

    settings = current_settings()
    database = Database.for_settings(settings)
    article_id = article_id_of(database, article)
    with database.session() as session:
        targets = repo.list_targets(session, article_id=article_id)
    refused = []
    username = f"cli:{os.environ.get('USER', '?')}"
    for locale in parse_locales(to) if to else targets:
        try:
            if headline_and_lead:
                edition = publish_headline_and_lead(
                    database,
                    settings,
                    article_id=article_id,
                    locale=locale,
                    user_id=None,
                    username=username,
                    override_errors=override_qa,
                )
            else:
                edition = publish_edition(
                    database,
                    settings,
                    article_id=article_id,
                    locale=locale,
                    user_id=None,
                    accept_partial=accept_partial,
                    override_errors=override_qa,
                    username=username,
                )
        except (PartialEditionError, QAErrorsError, HeadlineNotReadyError) as exc:
            refused.append(f"{locale}: {exc}")
            continue
        out.print(
            f"{locale}: published ({edition.state}, {len(edition.missing)} passages "
            "awaiting translation)",
            markup=False,
        )
    if refused:
        raise InputError(
            "; ".join(refused) + " (pass --accept-partial, --headline-and-lead or --override-qa)"
        )


@editions_app.command("unpublish")
def editions_unpublish(
    article: Annotated[str, typer.Argument(help="Article id or slug")],
    to: Annotated[str, typer.Option("--to", help="Locales to take away from readers")],
) -> None:
    """Take editions away from readers (they get 404)."""
    from publisher.db.session import Database
    from publisher.services.intake import parse_locales
    from publisher.services.publish import unpublish_edition
    from publisher.services.status import article_id_of

    settings = current_settings()
    database = Database.for_settings(settings)
    article_id = article_id_of(database, article)
    for locale in parse_locales(to):
        was = unpublish_edition(database, settings, article_id=article_id, locale=locale)
        out.print(f"{locale}: {'unpublished' if was else 'was not published'}", markup=False)
