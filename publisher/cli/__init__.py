"""The ``tarjima`` command: publish, segment, models, status, and the rest.

One module per command group: :mod:`~publisher.cli.common` (consoles, settings, exit
statuses), :mod:`~publisher.cli.publish` (segment, publish, status),
:mod:`~publisher.cli.workers` (worker, reconcile, health), :mod:`~publisher.cli.serve`
(serve, db), :mod:`~publisher.cli.users`, :mod:`~publisher.cli.editions`,
:mod:`~publisher.cli.models`, :mod:`~publisher.cli.glossary` and
:mod:`~publisher.cli.exchange` (tm, xliff). This module puts them together in the order
``--help`` lists them.

Exit status: 0 when the editions were written (also when some locales await a human),
2 for bad input, 1 for anything else. Errors are one line on stderr.
"""

from __future__ import annotations

import typer

from publisher.cli import publish, serve, workers
from publisher.cli.common import run_app
from publisher.cli.editions import editions_app
from publisher.cli.exchange import tm_app, xliff_app
from publisher.cli.glossary import glossary_app
from publisher.cli.models import models_app
from publisher.cli.serve import db_app
from publisher.cli.users import users_app

__all__ = ["app", "main"]

app = typer.Typer(
    help="Tarjima: publish English news in Uzbek, Kyrgyz, Tajik and Russian.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(models_app, name="models")
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(editions_app, name="editions")
app.command()(publish.segment)
app.command()(publish.publish)
app.command()(workers.worker)
app.command()(workers.reconcile)
app.command()(workers.health)
app.command()(serve.serve)
app.command()(publish.status)
app.add_typer(glossary_app, name="glossary")
app.add_typer(tm_app, name="tm")
app.add_typer(xliff_app, name="xliff")


def main() -> None:
    """Entry point: map errors to exit statuses and one-line messages."""
    run_app(app)
