"""The ``glossary`` group: terms with their required translations, per target language
(list, export and import as CSV, seed the starter glossary)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from publisher.cli.common import current_settings, out, read_upload

glossary_app = typer.Typer(
    help="Glossaries: terms with their required translations, per target language.",
    no_args_is_help=True,
)
GlossaryTo = Annotated[str, typer.Option("--to", help="Target language: uz, ky, tg or ru")]


@glossary_app.command("list")
def glossary_list(to: GlossaryTo) -> None:
    """List the terms of a language's glossary."""
    from rich.table import Table

    from publisher.core.glossary import check_target_locale
    from publisher.db.session import Database
    from publisher.services.glossary import terms_for

    check_target_locale(to)
    terms = terms_for(Database.for_settings(current_settings()), to)
    if not terms:
        out.print(f"the {to} glossary is empty", markup=False)
        return
    table = Table("id", "term", "translation", "note")
    for term in terms:
        table.add_row(str(term.id), term.term, term.translation, term.note)
    out.print(table)


@glossary_app.command("export")
def glossary_export(
    to: GlossaryTo,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="CSV file to write (default: standard output)")
    ] = None,
) -> None:
    """Write a language's glossary as CSV (columns term, translation, note)."""
    from publisher.core.glossary import check_target_locale
    from publisher.db.session import Database
    from publisher.services.glossary import export_csv, terms_for

    check_target_locale(to)
    database = Database.for_settings(current_settings())
    text = export_csv(database, to)
    if out_file is None:
        sys.stdout.write(text)
        return
    out_file.write_text(text, encoding="utf-8-sig", newline="")  # a BOM: spreadsheets read UTF-8
    out.print(f"{to}: {len(terms_for(database, to))} terms written to {out_file}", markup=False)


@glossary_app.command("import")
def glossary_import(
    file: Annotated[
        Path, typer.Argument(help="CSV file: term,translation,note", show_default=False)
    ],
    to: GlossaryTo,
) -> None:
    """Add or update the terms of a CSV file (header row first; UTF-8). All or nothing."""
    from publisher.core.glossary import check_target_locale
    from publisher.db.session import Database
    from publisher.services.glossary import import_csv

    check_target_locale(to)
    settings = current_settings()
    data = read_upload(file, settings.max_upload_bytes)
    result = import_csv(
        Database.for_settings(settings), data, to, max_bytes=settings.max_upload_bytes
    )
    out.print(
        f"{to}: {result.added} added, {result.updated} updated, {result.unchanged} unchanged",
        markup=False,
    )


@glossary_app.command("seed")
def glossary_seed() -> None:
    """Import the newsroom's starter glossary into every language whose glossary is empty."""
    from publisher.db.session import Database
    from publisher.services.glossary import seed_starter

    done = seed_starter(Database.for_settings(current_settings()))
    for locale, result in done.items():
        if result is None:
            out.print(f"{locale}: has terms already, left as it is", markup=False)
        else:
            out.print(f"{locale}: {result.added} starter terms added", markup=False)
