"""Engine doubles that worker subprocesses load through TARJIMA_ENGINE=module:factory.

The engine boundary is the only place for a test double: these wrap the real Argos
engine and break it in one chosen way.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from publisher.config import Settings
from worker.engines.argos import ArgosEngine
from worker.engines.base import EngineError, Route


class BrokenForKyrgyz:
    """The real engine, except that every en->ky call fails permanently."""

    name = "argos-broken-ky"

    def __init__(self, inner: ArgosEngine) -> None:
        self.inner = inner

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        return self.inner.pairs

    def route(self, source: str, target: str) -> Route | None:
        return self.inner.route(source, target)

    def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        if target == "ky":
            raise EngineError("en->ky model rejected the input (simulated permanent failure)")
        return self.inner.translate_batch(texts, source=source, target=target)


def broken_for_kyrgyz(settings: Settings) -> BrokenForKyrgyz:
    return BrokenForKyrgyz(ArgosEngine(settings.resolved_models_dir))


class Slow:
    """The real engine, one second slower per batch: time to kill a worker mid-batch."""

    name = "argos-slow"

    def __init__(self, inner: ArgosEngine) -> None:
        self.inner = inner

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        return self.inner.pairs

    def route(self, source: str, target: str) -> Route | None:
        return self.inner.route(source, target)

    def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        time.sleep(1.0)
        return self.inner.translate_batch(texts, source=source, target=target)


def slow(settings: Settings) -> Slow:
    return Slow(ArgosEngine(settings.resolved_models_dir))
