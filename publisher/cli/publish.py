"""Articles from the command line: ``segment`` (what the segmenter makes of a file),
``publish`` (translate it into editions) and ``status`` (where the work stands)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from publisher.cli.common import current_settings, out
from publisher.cli.paths import check_writable_folder
from publisher.core.config import Settings
from publisher.core.errors import InputError

if TYPE_CHECKING:
    from publisher.services.intake import PreparedArticle

FileArg = Annotated[Path, typer.Argument(help="Article: .txt, .md or .html", show_default=False)]
DateOpt = Annotated[
    str | None, typer.Option("--date", help="Article date, YYYY-MM-DD (default: today)")
]


def _parse_date(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"--date must be YYYY-MM-DD, not {value!r}") from exc


def _load(
    path: Path, settings: Settings, source: str, published: date, slug: str | None
) -> PreparedArticle:
    from publisher.core.ingest import read_source
    from publisher.services.intake import prepare

    document = read_source(path, max_bytes=settings.max_upload_bytes)
    return prepare(document, source_locale=source, published=published, slug=slug)


def segment(file: FileArg, source: str = "en", article_date: DateOpt = None) -> None:
    """Print the blocks, segments and protected spans of FILE as JSON."""
    settings = current_settings()
    prepared = _load(file, settings, source, _parse_date(article_date), None)
    from publisher.cli.segment_report import article_report

    out.print_json(json.dumps(article_report(prepared), ensure_ascii=False))


# The options of `tarjima publish`.
_To = Annotated[
    str | None,
    typer.Option("--to", help="Target locales (default: TARJIMA_TARGET_LOCALES, else all)"),
]
_Kicker = Annotated[
    str | None,
    typer.Option(help="Section or label over the headline (e.g. 'Analysis'); default: none"),
]
_SourceUrl = Annotated[
    str | None,
    typer.Option("--source-url", help="The English original's address, linked from each edition"),
]
_Replace = Annotated[bool, typer.Option("--replace", help="Replace an article with the same slug")]
_Urgent = Annotated[
    bool,
    typer.Option(
        "--urgent", help="Breaking news: translate the headline and lead ahead of queued work"
    ),
]
_Wait = Annotated[
    bool, typer.Option("--wait/--no-wait", help="With a broker: wait for the editions")
]
_Timeout = Annotated[float, typer.Option(min=1, help="Seconds to wait for the editions")]


def publish(
    file: FileArg,
    to: _To = None,
    source: Annotated[str, typer.Option("--source", help="Source locale")] = "en",
    out_dir: Annotated[Path | None, typer.Option("--out", help="Folder for the editions")] = None,
    slug: Annotated[str | None, typer.Option(help="URL slug (default: from the title)")] = None,
    kicker: _Kicker = None,
    source_url: _SourceUrl = None,
    article_date: DateOpt = None,
    replace: _Replace = False,
    urgent: _Urgent = False,
    wait: _Wait = False,
    timeout: _Timeout = 3600.0,
) -> None:
    """Translate FILE into the target locales and write one edition per locale."""
    from publisher.cli.publish_run import run_publish
    from publisher.services.intake import parse_locales, with_kicker, with_source_url

    settings = current_settings(output_dir=out_dir)
    wanted = settings.target_locales if to is None else to
    targets = parse_locales(wanted, allowed=settings.target_locales)
    if out_dir is not None and settings.broker_url:
        raise InputError(
            "--out applies when publishing embedded; with a broker the workers write the "
            "editions to their TARJIMA_OUTPUT_DIR"
        )
    prepared = with_kicker(_load(file, settings, source, _parse_date(article_date), slug), kicker)
    prepared = with_source_url(prepared, source_url)
    if not settings.broker_url:
        check_writable_folder(settings.resolved_output_dir)
    run_publish(
        settings,
        prepared,
        targets,
        replace=replace,
        wait=wait,
        timeout=timeout,
        console=out,
        urgent=urgent,
    )


def status(
    article: Annotated[
        str | None, typer.Argument(help="Article id or slug (default: the workers and queues)")
    ] = None,
) -> None:
    """Where work stands: per language of an article, or the workers and open work."""
    from publisher.services.status import fleet_report, status_report

    if article is None:
        tables, lines = fleet_report(current_settings())
    else:
        table, lines = status_report(current_settings(), article)
        tables = [table]
    for table in tables:
        out.print(table)
    for line in lines:
        out.print(line, soft_wrap=True, markup=False)
