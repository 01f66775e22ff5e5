"""The ``tarjima`` command: publish, segment, models, status.

Exit status: 0 when the editions were written (also when some locales await a human),
2 for bad input, 1 for anything else. Errors are one line on stderr.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from publisher.config import TARGET_LOCALES, Settings, get_settings
from publisher.errors import InputError, TarjimaError, first_line
from publisher.paths import check_writable_folder

if TYPE_CHECKING:
    from publisher.publishing import PreparedArticle
    from worker.engines.packages import InstalledPackage

app = typer.Typer(
    help="Tarjima: publish English news in Uzbek, Kyrgyz, Tajik and Russian.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
models_app = typer.Typer(help="Manage installed translation models (Argos packages, NLLB-200).",
                         no_args_is_help=True)
app.add_typer(models_app, name="models")
db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
users_app = typer.Typer(help="Staff accounts for the web app.", no_args_is_help=True)
app.add_typer(users_app, name="users")
editions_app = typer.Typer(
    help="Make editions visible to readers of the web app, or take them away.",
    no_args_is_help=True,
)
app.add_typer(editions_app, name="editions")

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

FileArg = Annotated[Path, typer.Argument(help="Article: .txt, .md or .html", show_default=False)]
DateOpt = Annotated[
    str | None, typer.Option("--date", help="Article date, YYYY-MM-DD (default: today)")
]


def _settings(**overrides: object) -> Settings:
    return get_settings(**{k: v for k, v in overrides.items() if v is not None})


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
    from publisher.ingest import read_source
    from publisher.publishing import prepare

    document = read_source(path, max_bytes=settings.max_upload_bytes)
    return prepare(document, source_locale=source, published=published, slug=slug)


@app.command()
def segment(file: FileArg, source: str = "en", article_date: DateOpt = None) -> None:
    """Print the blocks, segments and protected spans of FILE as JSON."""
    settings = _settings()
    prepared = _load(file, settings, source, _parse_date(article_date), None)
    from publisher.segment_report import article_report

    out.print_json(json.dumps(article_report(prepared), ensure_ascii=False))


@app.command()
def publish(
    file: FileArg,
    to: Annotated[str, typer.Option("--to", help="Target locales")] = ",".join(TARGET_LOCALES),
    source: Annotated[str, typer.Option("--source", help="Source locale")] = "en",
    out_dir: Annotated[Path | None, typer.Option("--out", help="Folder for the editions")] = None,
    slug: Annotated[str | None, typer.Option(help="URL slug (default: from the title)")] = None,
    kicker: Annotated[str | None, typer.Option(
        help="Section or label over the headline (e.g. 'Analysis'); default: none")] = None,
    source_url: Annotated[str | None, typer.Option(
        "--source-url", help="The English original's address, linked from each edition")] = None,
    article_date: DateOpt = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace an article with the same slug")
    ] = False,
    urgent: Annotated[bool, typer.Option(
        "--urgent", help="Breaking news: translate the headline and lead ahead of queued work")
    ] = False,
    wait: Annotated[
        bool, typer.Option("--wait/--no-wait", help="With a broker: wait for the editions")
    ] = False,
    timeout: Annotated[
        float, typer.Option(min=1, help="Seconds to wait for the editions")
    ] = 3600.0,
) -> None:
    """Translate FILE into the target locales and write one edition per locale."""
    from publisher.publishing import parse_locales, with_kicker, with_source_url
    from publisher.run import run_publish

    targets = parse_locales(to)
    settings = _settings(output_dir=out_dir)
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
        settings, prepared, targets, replace=replace, wait=wait, timeout=timeout, console=out,
        urgent=urgent,
    )


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(min=1, help="Worker processes")] = 2,
    queues: Annotated[
        str | None,
        typer.Option(help="Queues to consume (default: 'translation.<lang>' and "
                     "'translation.<lang>.urgent' for each language it has a model for, and "
                     "'assembly'); 'urgent' alone keeps the worker free for breaking news: "
                     "it takes only urgent headlines and leads"),
    ] = None,
    loglevel: Annotated[str, typer.Option(help="Celery log level")] = "INFO",
    name: Annotated[str, typer.Option(help="Node name, unique per machine")] = "tarjima@%h",
) -> None:
    """Start a Celery worker (needs TARJIMA_BROKER_URL) for the translation and assembly queues."""
    settings = _settings()
    if not settings.broker_url:
        raise InputError(
            "a worker needs a broker: set TARJIMA_BROKER_URL (e.g. redis://127.0.0.1:6379/0)"
        )
    argv = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "worker.celery_app",
        "worker",
        f"--concurrency={concurrency}",
        *([f"--queues={queues}"] if queues else []),
        f"--loglevel={loglevel}",
        "--prefetch-multiplier=1",
        f"--hostname={name}",
    ]
    os.execv(sys.executable, argv)


@app.command()
def reconcile(
    every: Annotated[
        float | None,
        typer.Option(min=0.5, help="Seconds between passes [TARJIMA_RECONCILE_EVERY]"),
    ] = None,
    once: Annotated[
        bool, typer.Option("--once", help="Watch for one lease TTL, act once, and exit")
    ] = False,
) -> None:
    """Re-send work that was lost (a worker gone, Redis restarted) on evidence, never
    because it waited long: runs until stopped (SIGTERM or Ctrl+C)."""
    from publisher.reconcile_loop import run_reconciler

    settings = _settings()
    if not settings.broker_url:
        raise InputError("reconcile needs a broker: set TARJIMA_BROKER_URL")
    run_reconciler(settings, every=every or settings.reconcile_every, once=once, out=out,
                   err=err)


@app.command()
def health(
    worker_name: Annotated[
        str | None,
        typer.Option("--worker", help="Worker node name (default: tarjima@ this host's name)"),
    ] = None,
    timeout: Annotated[float, typer.Option(min=1, help="Seconds to wait for the answer")] = 60,
) -> None:
    """Check that a worker takes and runs tasks: exit 0 when it does (for health checks)."""
    import socket

    from worker.celery_app import create_celery
    from worker.health import check_worker

    settings = _settings()
    if not settings.broker_url:
        raise InputError("a health check needs a broker: set TARJIMA_BROKER_URL")
    name = worker_name or f"tarjima@{socket.gethostname()}"
    seconds = check_worker(create_celery(settings), name, timeout=timeout)
    out.print(f"worker {name} ran a task in {seconds * 1000:.0f} ms", markup=False)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on [TARJIMA_HOST]")] = None,
    port: Annotated[int | None, typer.Option(help="Port [TARJIMA_PORT]")] = None,
    processes: Annotated[
        int, typer.Option("--workers", min=1, help="Web server processes (needs a broker if > 1)")
    ] = 1,
    forwarded_allow_ips: Annotated[
        str | None, typer.Option(help="Proxies whose X-Forwarded-For/-Proto are believed, "
                                 "comma-separated [TARJIMA_TRUSTED_PROXIES; default none]")
    ] = None,
) -> None:
    """Run the web app: reader pages, editors' and translators' screens, and the API."""
    import uvicorn

    if forwarded_allow_ips is not None:
        # The app reads its settings in each web process: hand the option down.
        os.environ["TARJIMA_TRUSTED_PROXIES"] = forwarded_allow_ips
    settings = _settings()
    if processes > 1 and not settings.broker_url:
        raise InputError(
            "several web processes need a broker (TARJIMA_BROKER_URL) and `tarjima worker`: "
            "without one each process translates in its own thread"
        )
    from publisher.db.session import upgrade_database

    upgrade_database(settings.resolved_database_url)
    uvicorn.run(
        "publisher.web.app:app_from_environment", factory=True,
        host=host or settings.host, port=port or settings.port, workers=processes,
        # The app itself believes proxy headers, from TARJIMA_TRUSTED_PROXIES only
        # (uvicorn's own default would trust 127.0.0.1: any local client).
        proxy_headers=False, log_level="info",
    )


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="Lowercase user name")],
    role: Annotated[str, typer.Option(help="admin, editor or translator")],
    language: Annotated[
        list[str] | None, typer.Option("--language", help="A translator's language (repeat)")
    ] = None,
    name: Annotated[str, typer.Option(help="Full name shown in the app")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
) -> None:
    """Create a staff account (the password is asked for, or read with --password-stdin)."""
    from publisher.accounts import create_user
    from publisher.db.enums import Role
    from publisher.db.session import Database

    try:
        chosen = Role(role)
    except ValueError as exc:
        raise InputError(f"unknown role {role!r}: admin, editor or translator") from exc
    password = _read_password(password_stdin)
    database = Database.for_settings(_settings())
    user_id = create_user(database, username=username, password=password, role=chosen,
                          languages=language or [], display_name=name)
    out.print(f"user {username} ({chosen}) created with id {user_id}", markup=False)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = typer.prompt("Password", hide_input=True)
    second = typer.prompt("Repeat the password", hide_input=True)
    if first != second:
        raise InputError("the passwords differ")
    return str(first)


@users_app.command("list")
def users_list() -> None:
    """List staff accounts."""
    from rich.table import Table

    from publisher.accounts import users
    from publisher.db.session import Database

    table = Table("id", "user", "name", "role", "languages", "active")
    for user in users(Database.for_settings(_settings())):
        table.add_row(str(user.id), user.username, user.display_name, str(user.role),
                      ",".join(user.languages), "yes" if user.active else "no")
    out.print(table)


@users_app.command("password")
def users_password(
    username: Annotated[str, typer.Argument(help="User name")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
) -> None:
    """Set a new password (signs the user out everywhere)."""
    from publisher.accounts import update_account, users
    from publisher.db.session import Database

    database = Database.for_settings(_settings())
    found = [u for u in users(database) if u.username == username]
    if not found:
        raise InputError(f"no user {username!r}")
    update_account(database, user_id=found[0].id, password=_read_password(password_stdin))
    out.print(f"password of {username} changed", markup=False)


@editions_app.command("publish")
def editions_publish(
    article: Annotated[str, typer.Argument(help="Article id or slug")],
    to: Annotated[str | None, typer.Option("--to", help="Locales (default: all targets)")] = None,
    accept_partial: Annotated[
        bool, typer.Option("--accept-partial", help="Also publish editions with passages "
                           "still in the source language")
    ] = False,
    override_qa: Annotated[
        bool, typer.Option("--override-qa", help="Also publish editions with unresolved QA "
                           "errors (recorded)")
    ] = False,
    headline_and_lead: Annotated[
        bool, typer.Option("--headline-and-lead", help="Publish editions whose headline and "
                           "lead are translated, the rest still awaiting translation "
                           "(a partial edition, accepted explicitly)")
    ] = False,
) -> None:
    """Publish editions to readers of the web app (assembled from the database now)."""
    from publisher.db import repository as repo
    from publisher.db.session import Database
    from publisher.headline_publish import HeadlineNotReadyError, publish_headline_and_lead
    from publisher.publication import PartialEditionError, QAErrorsError, publish_edition
    from publisher.publishing import parse_locales
    from publisher.status import article_id_of

    settings = _settings()
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
                    database, settings, article_id=article_id, locale=locale, user_id=None,
                    username=username, override_errors=override_qa)
            else:
                edition = publish_edition(
                    database, settings, article_id=article_id, locale=locale, user_id=None,
                    accept_partial=accept_partial, override_errors=override_qa,
                    username=username)
        except (PartialEditionError, QAErrorsError, HeadlineNotReadyError) as exc:
            refused.append(f"{locale}: {exc}")
            continue
        out.print(f"{locale}: published ({edition.state}, {len(edition.missing)} passages "
                  "awaiting translation)", markup=False)
    if refused:
        raise InputError("; ".join(refused) + " (pass --accept-partial, --headline-and-lead "
                         "or --override-qa)")


@editions_app.command("unpublish")
def editions_unpublish(
    article: Annotated[str, typer.Argument(help="Article id or slug")],
    to: Annotated[str, typer.Option("--to", help="Locales to take away from readers")],
) -> None:
    """Take editions away from readers (they get 404)."""
    from publisher.db.session import Database
    from publisher.publication import unpublish_edition
    from publisher.publishing import parse_locales
    from publisher.status import article_id_of

    settings = _settings()
    database = Database.for_settings(settings)
    article_id = article_id_of(database, article)
    for locale in parse_locales(to):
        was = unpublish_edition(database, settings, article_id=article_id, locale=locale)
        out.print(f"{locale}: {'unpublished' if was else 'was not published'}", markup=False)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date (run once before starting workers and the web)."""
    from publisher.db.session import upgrade_database

    settings = _settings()
    upgrade_database(settings.resolved_database_url)
    out.print("database schema is up to date")


@models_app.command("install")
def models_install(
    package: Annotated[
        str,
        typer.Argument(help="A .argosmodel file; a package of the Argos index: en-ru or "
                       "translate-en_ru (downloads it; needs internet); or a folder holding "
                       "an NLLB model converted by ct2-transformers-converter",
                       show_default=False),
    ],
    name: Annotated[
        str | None, typer.Option(help="Name to install an NLLB model under (default: the "
                                 "folder's name)")
    ] = None,
) -> None:
    """Install an Argos package (file or index) or a converted NLLB model (folder)."""
    from worker.engines.model_limits import ModelLimits
    from worker.engines.packages import PackageError, install_package

    settings = _settings()
    path = Path(package)
    if path.is_dir():
        _install_nllb(settings, path, name)
        return
    if path.is_file() or path.suffix == ".argosmodel" or "/" in package or os.sep in package:
        try:
            installed = install_package(path, settings.resolved_models_dir,
                                        ModelLimits.from_settings(settings))
        except PackageError as exc:
            raise InputError(str(exc)) from exc
    else:
        installed = _install_from_index(settings, package)
    out.print(
        f"installed {installed.from_code}->{installed.to_code} ({installed.identity}) "
        f"in {installed.path}", soft_wrap=True, markup=False,
    )


def _install_nllb(settings: Settings, folder: Path, name: str | None) -> None:
    from worker.engines.model_limits import ModelLimits
    from worker.engines.nllb_models import NllbModelError, install_nllb_model

    try:
        model = install_nllb_model(folder, settings.resolved_models_dir, name,
                                   ModelLimits.from_settings(settings))
    except NllbModelError as exc:
        raise InputError(str(exc)) from exc
    out.print(
        f"installed {model.identity} covering {', '.join(model.locales)} in {model.path}",
        soft_wrap=True, markup=False,
    )
    if settings.nllb_model and settings.nllb_model != model.name:
        out.print(f"note: TARJIMA_NLLB_MODEL={settings.nllb_model} still chooses another model",
                  soft_wrap=True, markup=False)


def _install_from_index(settings: Settings, name: str) -> InstalledPackage:
    from worker.engines.index import DownloadError, IndexUnavailableError, install_from_index
    from worker.engines.model_limits import ModelLimits
    from worker.engines.packages import PackageError

    try:
        return install_from_index(settings.argos_index_url, name, settings.resolved_models_dir,
                                  ModelLimits.from_settings(settings))
    except DownloadError as exc:
        raise TarjimaError(f"{name}: the download failed, nothing installed ({exc})") from exc
    except IndexUnavailableError as exc:
        raise TarjimaError(f"{name}: no internet access to the Argos index ({exc})") from exc
    except PackageError as exc:
        raise InputError(f"{name}: {exc}") from exc


@models_app.command("download")
def models_download(
    names: Annotated[list[str], typer.Argument(
        help="Argos pairs such as en-ru en-ky, or NLLB-200 models: nllb-200-distilled-600M, "
        "nllb-200-distilled-1.3B, nllb-200-1.3B, nllb-200-3.3B", show_default=False)],
) -> None:
    """Download and install Argos packages (from the Argos index) or NLLB-200 models (from
    the Hugging Face Hub, converted to CTranslate2 here): needs internet."""
    from publisher.model_download import check_download_names, download_nllb

    settings = _settings()
    for name, nllb in check_download_names(names):
        if nllb is not None:
            model = download_nllb(settings, nllb, err)
            out.print(f"installed {model.identity} covering {', '.join(model.locales)} in "
                      f"{model.path}", soft_wrap=True, markup=False)
            continue
        package = _install_from_index(settings, name)
        out.print(f"installed {package.identity} in {package.path}", soft_wrap=True,
                  markup=False)


@models_app.command("remove")
def models_remove(
    pair: Annotated[str, typer.Argument(
        help="The pair to remove (en-ru or translate-en_ru), or an NLLB model's name")],
) -> None:
    """Remove an installed package or NLLB model (restart workers afterwards)."""
    from worker.engines.nllb_models import remove_nllb_model
    from worker.engines.packages import PackageError, parse_pair, remove_package

    settings = _settings()
    codes = parse_pair(pair)
    if codes is None:
        model = remove_nllb_model(settings.resolved_models_dir, pair.removeprefix("nllb:"))
        if model is None:
            raise InputError(f"{pair!r} is not a pair such as en-ru, nor an installed NLLB "
                             "model (see `tarjima models list`)")
        out.print(f"removed {model.identity} ({model.path})", soft_wrap=True, markup=False)
        return
    try:
        removed = remove_package(settings.resolved_models_dir, codes)
    except PackageError as exc:
        raise InputError(str(exc)) from exc
    for package in removed:
        out.print(f"removed {package.identity} ({package.path})", soft_wrap=True, markup=False)


@models_app.command("doctor")
def models_doctor() -> None:
    """Load each installed package and NLLB model and translate a probe sentence with it:
    exit 1 if any fails."""
    from worker.engines.factory import create_router
    from worker.engines.packages import PROBE_SENTENCE, doctor

    settings = _settings()
    models_dir = settings.resolved_models_dir
    out.print(f"probe: {PROBE_SENTENCE}", markup=False)
    checkups = doctor(models_dir)
    if not checkups:
        out.print(f"no models installed in {models_dir}", soft_wrap=True, markup=False)
    for checkup in checkups:
        if checkup.ok:
            line = f"OK    {checkup.name} ({checkup.seconds * 1000:.0f} ms): {checkup.detail}"
        else:
            line = f"FAIL  {checkup.name}: {checkup.detail}"
        out.print(line, soft_wrap=True, markup=False)
    router = create_router(settings)
    for locale in TARGET_LOCALES:
        if router.route("en", locale) is None:
            out.print(f"info: no route en->{locale} (its editions go to human translators)",
                      markup=False)
    failed = [checkup.name for checkup in checkups if not checkup.ok]
    if failed:
        raise TarjimaError(f"{len(failed)} of {len(checkups)} models failed: "
                           + ", ".join(failed))


@models_app.command("list")
def models_list() -> None:
    """List installed packages and which target languages have a route."""
    from publisher.model_report import models_report

    out.print(models_report(_settings()))


@app.command()
def status(
    article: Annotated[
        str | None, typer.Argument(help="Article id or slug (default: the workers and queues)")
    ] = None,
) -> None:
    """Where work stands: per language of an article, or the workers and open work."""
    from publisher.status import fleet_report, status_report

    if article is None:
        tables, lines = fleet_report(_settings())
    else:
        table, lines = status_report(_settings(), article)
        tables = [table]
    for table in tables:
        out.print(table)
    for line in lines:
        out.print(line, soft_wrap=True, markup=False)


glossary_app = typer.Typer(
    help="Glossaries: terms with their required translations, per target language.",
    no_args_is_help=True,
)
app.add_typer(glossary_app, name="glossary")
GlossaryTo = Annotated[str, typer.Option("--to", help="Target language: uz, ky, tg or ru")]


@glossary_app.command("list")
def glossary_list(to: GlossaryTo) -> None:
    """List the terms of a language's glossary."""
    from rich.table import Table

    from publisher.db.session import Database
    from publisher.glossary import check_target_locale, terms_for

    check_target_locale(to)
    terms = terms_for(Database.for_settings(_settings()), to)
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
    from publisher.db.session import Database
    from publisher.glossary import check_target_locale, export_csv, terms_for

    check_target_locale(to)
    database = Database.for_settings(_settings())
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
    from publisher.db.session import Database
    from publisher.glossary import check_target_locale, import_csv

    check_target_locale(to)
    settings = _settings()
    if not file.is_file():
        raise InputError(f"{file}: no such file")
    with file.open("rb") as handle:
        data = handle.read(settings.max_upload_bytes + 1)
    result = import_csv(Database.for_settings(settings), data, to,
                        max_bytes=settings.max_upload_bytes)
    out.print(f"{to}: {result.added} added, {result.updated} updated, "
              f"{result.unchanged} unchanged", markup=False)


@glossary_app.command("seed")
def glossary_seed() -> None:
    """Import the newsroom's starter glossary into every language whose glossary is empty."""
    from publisher.db.session import Database
    from publisher.glossary import seed_starter

    done = seed_starter(Database.for_settings(_settings()))
    for locale, result in done.items():
        if result is None:
            out.print(f"{locale}: has terms already, left as it is", markup=False)
        else:
            out.print(f"{locale}: {result.added} starter terms added", markup=False)


tm_app = typer.Typer(
    help="The translation memory as TMX, to exchange with CAT tools.", no_args_is_help=True
)
app.add_typer(tm_app, name="tm")
xliff_app = typer.Typer(
    help="One language of an article as XLIFF, to translate in a CAT tool.",
    no_args_is_help=True,
)
app.add_typer(xliff_app, name="xliff")
OutFile = Annotated[
    Path | None, typer.Option("--out", help="File to write (default: standard output)")
]


def _read_upload(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of ``path``: enough to tell that it is too large."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    with path.open("rb") as handle:
        return handle.read(max_bytes + 1)


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
    to: Annotated[
        str | None, typer.Option("--to", help="Target locales (default: all)")
    ] = None,
) -> None:
    """Write the translation memory as TMX 1.4."""
    from publisher.db.session import Database
    from publisher.exchange import export_tmx
    from publisher.publishing import parse_locales

    locales = parse_locales(to) if to is not None else None
    database = Database.for_settings(_settings())
    exported = export_tmx(database, target_locales=locales)
    _write_download(exported.data, out_file, "the translation memory")


@tm_app.command("import")
def tm_import(
    file: Annotated[Path, typer.Argument(help="A .tmx file", show_default=False)],
) -> None:
    """Add a TMX file's translations from English to the memory (all of them, or none)."""
    from publisher.db.session import Database
    from publisher.exchange import import_tmx

    settings = _settings()
    data = _read_upload(file, settings.max_upload_bytes)
    result = import_tmx(Database.for_settings(settings), data,
                        max_bytes=settings.max_upload_bytes, changed_by="cli")
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
    from publisher.exchange import VERSIONS, export_xliff
    from publisher.publishing import parse_locales
    from publisher.status import article_id_of

    if version not in VERSIONS:
        raise InputError(f"--version must be 2.0 or 1.2, not {version!r}")
    code = parse_locales(locale)[0]
    database = Database.for_settings(_settings())
    exported = export_xliff(database, article_id=article_id_of(database, article), locale=code,
                            version=version)
    _write_download(exported.data, out_file, f"XLIFF {version} ({code})")


@xliff_app.command("import")
def xliff_import(
    file: Annotated[Path, typer.Argument(help="An XLIFF file exported by Tarjima",
                                         show_default=False)],
    approve: Annotated[
        bool, typer.Option("--approve", help="Approve the translations the file marks final")
    ] = False,
) -> None:
    """Import translations from an XLIFF file, all or none (approved: --approve and final)."""
    from publisher.db.session import Database
    from publisher.exchange import import_xliff

    settings = _settings()
    data = _read_upload(file, settings.max_upload_bytes)
    result = import_xliff(Database.for_settings(settings), settings, data,
                          may_approve=approve, username="cli")
    out.print(result.summary(), soft_wrap=True, markup=False)


def _outage(exc: BaseException) -> str | None:
    """One line for a database or broker that cannot be reached, else None."""
    from kombu.exceptions import OperationalError as BrokerError

    from publisher.db.session import is_outage, outage_message

    if is_outage(exc):
        return outage_message(exc)
    if isinstance(exc, BrokerError):
        return f"the broker is unreachable: {first_line(exc)}"
    return None


def main() -> None:
    """Entry point: map errors to exit statuses and one-line messages."""
    try:
        _run_app()
    except Exception as exc:  # the last line of defence: one line, exit 1
        err.print(f"error: unexpected {type(exc).__name__}: {exc}", soft_wrap=True, markup=False)
        sys.exit(1)


def _run_app() -> None:
    try:
        app(standalone_mode=False)
    except InputError as exc:
        err.print(f"error: {exc}", soft_wrap=True, markup=False)
        sys.exit(2)
    except ValidationError as exc:  # a TARJIMA_* setting that does not parse
        problems = "; ".join(
            f"TARJIMA_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        err.print(f"error: invalid setting: {problems}", soft_wrap=True, markup=False)
        sys.exit(2)
    except typer.TyperException as exc:  # usage errors: exit 2, as click would
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            err.print(f"error: {exc}", soft_wrap=True, markup=False)
        sys.exit(int(getattr(exc, "exit_code", 2)))
    except typer.Abort:
        err.print("aborted")
        sys.exit(1)
    except (typer.Exit, SystemExit) as exc:
        code = exc.exit_code if isinstance(exc, typer.Exit) else exc.code
        sys.exit(code)
    except (TarjimaError, TimeoutError, OSError) as exc:
        err.print(f"error: {exc}", soft_wrap=True, markup=False)
        sys.exit(1)
    except Exception as exc:
        outage = _outage(exc)
        if outage is None:
            raise
        err.print(f"error: {outage}", soft_wrap=True, markup=False)
        sys.exit(1)
