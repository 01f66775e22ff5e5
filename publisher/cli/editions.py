"""The ``editions`` group: make editions visible to readers of the web app (publish), or
take them away (unpublish)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from publisher.cli.common import current_settings, out
from publisher.core.errors import InputError

if TYPE_CHECKING:
    from publisher.core.config import Settings
    from publisher.db.session import Database
    from publisher.services.editions import Edition

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
    from publisher.services.headline_publish import HeadlineNotReadyError
    from publisher.services.intake import parse_locales
    from publisher.services.publish import PartialEditionError, QAErrorsError
    from publisher.services.status import article_id_of

    settings = current_settings()
    database = Database.for_settings(settings)
    article_id = article_id_of(database, article)
    with database.session() as session:
        targets = repo.list_targets(session, article_id=article_id)
    username = f"cli:{os.environ.get('USER', '?')}"
    how = _How(accept_partial, override_qa, headline_and_lead, username)
    refused = []
    for locale in parse_locales(to) if to else targets:
        try:
            edition = _publish_one(database, settings, article_id, locale, how)
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


@dataclass(frozen=True)
class _How:
    """What the editor accepted (a partial edition, QA errors, the headline and lead), and
    who they are."""

    accept_partial: bool
    override_qa: bool
    headline_and_lead: bool
    username: str


def _publish_one(
    database: Database, settings: Settings, article_id: int, locale: str, how: _How
) -> Edition:
    from publisher.services.headline_publish import publish_headline_and_lead
    from publisher.services.publish import publish_edition

    if how.headline_and_lead:
        return publish_headline_and_lead(
            database,
            settings,
            article_id=article_id,
            locale=locale,
            user_id=None,
            username=how.username,
            override_errors=how.override_qa,
        )
    return publish_edition(
        database,
        settings,
        article_id=article_id,
        locale=locale,
        user_id=None,
        accept_partial=how.accept_partial,
        override_errors=how.override_qa,
        username=how.username,
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
