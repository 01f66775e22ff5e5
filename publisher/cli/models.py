"""The ``models`` group: install, download, remove, check and list the translation models
(Argos packages, NLLB-200)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from publisher.cli.common import current_settings, err, out
from publisher.core.config import Settings
from publisher.core.errors import InputError, OfflineError, TarjimaError

if TYPE_CHECKING:
    from worker.engines.packages import InstalledPackage

models_app = typer.Typer(
    help="Manage installed translation models (Argos packages, NLLB-200).", no_args_is_help=True
)


@models_app.command("install")
def models_install(
    package: Annotated[
        str,
        typer.Argument(
            help="A .argosmodel file; a package of the Argos index: en-ru or "
            "translate-en_ru (downloads it; needs internet); or a folder holding "
            "an NLLB model converted by ct2-transformers-converter",
            show_default=False,
        ),
    ],
    name: Annotated[
        str | None,
        typer.Option(help="Name to install an NLLB model under (default: the folder's name)"),
    ] = None,
) -> None:
    """Install an Argos package (file or index) or a converted NLLB model (folder)."""
    from worker.engines.model_limits import ModelLimits
    from worker.engines.packages import PackageError, install_package

    settings = current_settings()
    path = Path(package)
    if path.is_dir():
        _install_nllb(settings, path, name)
        return
    if path.is_file() or path.suffix == ".argosmodel" or "/" in package or os.sep in package:
        try:
            installed = install_package(
                path, settings.resolved_models_dir, ModelLimits.from_settings(settings)
            )
        except PackageError as exc:
            raise InputError(str(exc)) from exc
    else:
        installed = _install_from_index(settings, package)
    out.print(
        f"installed {installed.from_code}->{installed.to_code} ({installed.identity}) "
        f"in {installed.path}",
        soft_wrap=True,
        markup=False,
    )


def _install_nllb(settings: Settings, folder: Path, name: str | None) -> None:
    from worker.engines.model_limits import ModelLimits
    from worker.engines.nllb_models import NllbModelError, install_nllb_model

    try:
        model = install_nllb_model(
            folder, settings.resolved_models_dir, name, ModelLimits.from_settings(settings)
        )
    except NllbModelError as exc:
        raise InputError(str(exc)) from exc
    out.print(
        f"installed {model.identity} covering {', '.join(model.locales)} in {model.path}",
        soft_wrap=True,
        markup=False,
    )
    if settings.nllb_model and settings.nllb_model != model.name:
        out.print(
            f"note: TARJIMA_NLLB_MODEL={settings.nllb_model} still chooses another model",
            soft_wrap=True,
            markup=False,
        )


def _install_from_index(settings: Settings, name: str) -> InstalledPackage:
    from worker.engines.index import DownloadError, IndexUnavailableError, install_from_index
    from worker.engines.model_limits import ModelLimits
    from worker.engines.packages import PackageError

    try:
        return install_from_index(
            settings.argos_index_url,
            name,
            settings.resolved_models_dir,
            ModelLimits.from_settings(settings),
        )
    except DownloadError as exc:
        raise TarjimaError(f"{name}: the download failed, nothing installed ({exc})") from exc
    except IndexUnavailableError as exc:
        raise OfflineError(
            f"{name}: not installed: no internet access to the Argos index ({exc}). Run the "
            "same command again once this machine is online, or install a package file: "
            "`tarjima models install FILE.argosmodel`"
        ) from exc
    except PackageError as exc:
        raise InputError(f"{name}: {exc}") from exc


@models_app.command("download")
def models_download(
    names: Annotated[
        list[str],
        typer.Argument(
            help="Argos pairs such as en-ru en-ky, or NLLB-200 models: nllb-200-distilled-600M, "
            "nllb-200-distilled-1.3B, nllb-200-1.3B, nllb-200-3.3B",
            show_default=False,
        ),
    ],
) -> None:
    """Download and install Argos packages (from the Argos index) or NLLB-200 models (from
    the Hugging Face Hub, converted to CTranslate2 here): needs internet."""
    from publisher.cli.model_download import check_download_names, download_nllb

    settings = current_settings()
    for name, nllb in check_download_names(names):
        if nllb is not None:
            model = download_nllb(settings, nllb, err)
            out.print(
                f"installed {model.identity} covering {', '.join(model.locales)} in {model.path}",
                soft_wrap=True,
                markup=False,
            )
            continue
        package = _install_from_index(settings, name)
        out.print(f"installed {package.identity} in {package.path}", soft_wrap=True, markup=False)


@models_app.command("remove")
def models_remove(
    pair: Annotated[
        str,
        typer.Argument(
            help="The pair to remove (en-ru or translate-en_ru), or an NLLB model's name"
        ),
    ],
) -> None:
    """Remove an installed package or NLLB model (restart workers afterwards)."""
    from worker.engines.nllb_models import remove_nllb_model
    from worker.engines.packages import PackageError, parse_pair, remove_package

    settings = current_settings()
    codes = parse_pair(pair)
    if codes is None:
        model = remove_nllb_model(settings.resolved_models_dir, pair.removeprefix("nllb:"))
        if model is None:
            raise InputError(
                f"{pair!r} is not a pair such as en-ru, nor an installed NLLB "
                "model (see `tarjima models list`)"
            )
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

    settings = current_settings()
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
    for locale in settings.target_locales:
        if router.route("en", locale) is None:
            out.print(
                f"info: no route en->{locale} (its editions go to human translators)", markup=False
            )
    failed = [checkup.name for checkup in checkups if not checkup.ok]
    if failed:
        raise TarjimaError(f"{len(failed)} of {len(checkups)} models failed: " + ", ".join(failed))


@models_app.command("list")
def models_list() -> None:
    """List installed packages and which target languages have a route."""
    from publisher.cli.model_report import models_report

    out.print(models_report(current_settings()))
