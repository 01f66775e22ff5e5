"""Choose the engine from configuration: ``argos`` or ``module:factory`` (takes Settings)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, cast

from worker.engines.argos import ArgosEngine
from worker.engines.base import Engine

if TYPE_CHECKING:
    from publisher.config import Settings


def create_engine(settings: Settings) -> Engine:
    if settings.engine == "argos":
        return ArgosEngine(
            settings.resolved_models_dir,
            beam_size=settings.beam_size,
            intra_threads=settings.engine_threads,
        )
    module_name, _, attr = settings.engine.partition(":")
    if not attr:
        raise ValueError(f"engine must be 'argos' or 'module:factory', not {settings.engine!r}")
    factory = getattr(importlib.import_module(module_name), attr)
    return cast(Engine, factory(settings))
