"""Build the engine from configuration.

``TARJIMA_ENGINE`` is ``auto``, ``argos`` or ``nllb`` (the built-in engines, chosen per
target locale with ``TARJIMA_ENGINES``; see ``worker.engines.router``), or
``module:factory``, a callable taking Settings (test doubles plug in here, and only here).
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, cast

from publisher.core.config import ENGINE_CHOICES, EngineChoice
from worker.engines.argos import ArgosEngine
from worker.engines.base import Engine
from worker.engines.device import resolve_device
from worker.engines.nllb import NllbEngine
from worker.engines.nllb_models import NllbModel, NllbModelError, choose_nllb_model
from worker.engines.router import LocaleRouter

if TYPE_CHECKING:
    from publisher.core.config import Settings

log = logging.getLogger("tarjima.engines")


def create_engine(settings: Settings) -> Engine:
    if settings.engine in ENGINE_CHOICES:
        return create_router(settings)
    module_name, _, attr = settings.engine.partition(":")
    if not attr:
        raise ValueError(
            f"engine must be one of {', '.join(ENGINE_CHOICES)} or 'module:factory', "
            f"not {settings.engine!r}"
        )
    factory = getattr(importlib.import_module(module_name), attr)
    return cast(Engine, factory(settings))


def nllb_model_of(settings: Settings) -> tuple[NllbModel | None, str | None]:
    """The NLLB model workers use, or None, and what is wrong when the choice fails."""
    try:
        return choose_nllb_model(settings.resolved_models_dir, settings.nllb_model), None
    except NllbModelError as exc:
        return None, str(exc)


def create_router(settings: Settings) -> LocaleRouter:
    """The built-in engines (Argos packages and the NLLB model) chosen per locale."""
    device = resolve_device(settings.device)
    model, problem = nllb_model_of(settings)
    if problem:
        log.error("no NLLB model in use: %s", problem)
    argos = ArgosEngine(
        settings.resolved_models_dir,
        beam_size=settings.beam_size,
        device=device,
        intra_threads=settings.engine_threads,
    )
    nllb = NllbEngine(
        model,
        beam_size=settings.beam_size,
        device=device,
        intra_threads=settings.engine_threads,
    )
    return LocaleRouter(
        {"argos": argos, "nllb": nllb},
        default=cast(EngineChoice, settings.engine),
        by_locale=settings.engines,
    )
