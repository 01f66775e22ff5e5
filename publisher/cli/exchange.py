"""Exchange with CAT tools: the ``tm`` group (the translation memory as TMX) and the
``xliff`` group (one language of an article as XLIFF)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from publisher.cli.common import current_settings, out, read_upload
from publisher.core.errors import InputError

tm_app = typer.Typer(
    help="The translation memory as TMX, to exchange with CAT tools.", no_args_is_help=True
)
xliff_app = typer.Typer(
    help="One language of an article as XLIFF, to translate in a CAT tool.",
    no_args_is_help=True,
)
OutFile = Annotated[
    Path | None, typer.Option("--out", help="File to write (default: standard output)")
]


def _write_download(data: bytes, out_file: Path | None, what: str) -> None:
    if out_file is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    out_file.write_bytes(data)
    out.print(f"{what} written to {out_file}", markup=False)


@tm_app.command("export")
def tm_export(
    out_file: OutFile = None,
    to: Annotated[str | None, typer.Option("--to", help="Target locales (default: all)")] = None,
) -> None:
    """Write the translation memory as TMX 1.4."""
    from publisher.db.session import Database
    from publisher.services.exchange import export_tmx
    from publisher.services.intake import parse_locales

    locales = parse_locales(to) if to is not None else None
    database = Database.for_settings(current_settings())
    exported = export_tmx(database, target_locales=locales)
    _write_download(exported.data, out_file, "the translation memory")


@tm_app.command("import")
def tm_import(
    file: Annotated[Path, typer.Argument(help="A .tmx file", show_default=False)],
) -> None:
    """Add a TMX file's translations from English to the memory (all of them, or none)."""
    from publisher.db.session import Database
    from publisher.services.exchange import import_tmx

    settings = current_settings()
    data = read_upload(file, settings.max_upload_bytes)
    result = import_tmx(
        Database.for_settings(settings), data, max_bytes=settings.max_upload_bytes, changed_by="cli"
    )
    out.print(result.summary(), markup=False)


@xliff_app.command("export")
def xliff_export(
    article: Annotated[str, typer.Argument(help="Article id or slug")],
    locale: Annotated[str, typer.Option("--locale", help="Target locale, e.g. ky")],
    version: Annotated[str, typer.Option("--version", help="XLIFF version: 2.0 or 1.2")] = "2.0",
    out_file: OutFile = None,
) -> None:
    """Write one language of an article as XLIFF (2.0, or 1.2 for older CAT tools)."""
    from publisher.db.session import Database
    from publisher.services.exchange import VERSIONS, export_xliff
    from publisher.services.intake import parse_locales
    from publisher.services.status import article_id_of

    if version not in VERSIONS:
        raise InputError(f"--version must be 2.0 or 1.2, not {version!r}")
    code = parse_locales(locale)[0]
    database = Database.for_settings(current_settings())
    exported = export_xliff(
        database, article_id=article_id_of(database, article), locale=code, version=version
    )
    _write_download(exported.data, out_file, f"XLIFF {version} ({code})")


@xliff_app.command("import")
def xliff_import(
    file: Annotated[
        Path, typer.Argument(help="An XLIFF file exported by Tarjima", show_default=False)
    ],
    approve: Annotated[
        bool, typer.Option("--approve", help="Approve the translations the file marks final")
    ] = False,
) -> None:
    """Import translations from an XLIFF file, all or none (approved: --approve and final)."""
    from publisher.db.session import Database
    from publisher.services.exchange import import_xliff

    settings = current_settings()
    data = read_upload(file, settings.max_upload_bytes)
    result = import_xliff(
        Database.for_settings(settings), settings, data, may_approve=approve, username="cli"
    )
    out.print(result.summary(), soft_wrap=True, markup=False)
