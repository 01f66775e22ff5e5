"""What ``tarjima models list`` prints: the installed models, and per target locale the
engine and route its segments take (or "none": they go to human translators)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from publisher.core.config import ENGINE_CHOICES, Settings

if TYPE_CHECKING:
    from worker.engines.nllb_models import NllbModel


def models_report(settings: Settings, source: str = "en") -> Group:
    from worker.engines.factory import nllb_model_of

    chosen, problem = nllb_model_of(settings)
    notes: list[Text] = []
    if settings.engine not in ENGINE_CHOICES:
        notes.append(
            Text(
                f"note: TARJIMA_ENGINE={settings.engine} replaces the built-in "
                "engines in workers; the routes above are the built-in ones"
            )
        )
    if problem:
        notes.append(Text.assemble(("problem: ", "red"), problem))
    return Group(installed_table(settings, chosen), routes_table(settings, source), *notes)


def installed_table(settings: Settings, chosen: NllbModel | None) -> Table:
    """Every installed Argos package and NLLB model (``chosen``: the one workers use)."""
    from worker.engines.nllb_models import installed_nllb_models
    from worker.engines.packages import installed_packages

    models_dir = settings.resolved_models_dir
    table = Table(title=f"Installed in {models_dir}")
    for header in ("engine", "model", "languages", "folder"):
        table.add_column(header)
    for package in installed_packages(models_dir):
        table.add_row(
            "argos",
            package.identity,
            f"{package.from_code} -> {package.to_code}",
            str(package.path),
        )
    for nllb in installed_nllb_models(models_dir):
        mark = " (in use)" if chosen is not None and chosen.path == nllb.path else ""
        table.add_row("nllb", nllb.identity + mark, ", ".join(nllb.locales), str(nllb.path))
    if not table.rows:
        table.add_row("-", "nothing installed", "", "")
    return table


def routes_table(settings: Settings, source: str = "en") -> Table:
    """Per target locale: the route, the engine (as configured or chosen by ``auto``) and
    the model, or "none"."""
    from publisher.core.locales import NLLB_CODES
    from worker.engines.factory import create_router

    router = create_router(settings)
    table = Table(title=f"Routes from {source}")
    for header in ("target", "route", "engine", "model"):
        table.add_column(header)
    for locale in settings.target_locales:
        choice = router.choose(source, locale)
        if choice.route is None or choice.engine is None:
            hint = (
                f"install translate-{source}_{locale} or an NLLB model"
                if choice.configured == "auto"
                else f"no {choice.configured} model covers {locale}"
            )
            table.add_row(locale, "[red]none[/]", choice.configured, hint)
            continue
        legs = " -> ".join([choice.route.legs[0][0], *[leg[1] for leg in choice.route.legs]])
        how = choice.engine if choice.configured != "auto" else f"{choice.engine} (auto)"
        model = choice.route.identity
        if choice.engine == "nllb":
            model += f" ({NLLB_CODES[source]} -> {NLLB_CODES[locale]})"
        table.add_row(locale, legs, how, model)
    return table
