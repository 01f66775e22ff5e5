"""Engine doubles that worker subprocesses load through TARJIMA_ENGINE=module:factory.

The engine boundary is the only place for a test double: these wrap the real Argos
engine and break it in one chosen way.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded

from publisher.core.config import Settings
from worker.engines.argos import ArgosEngine
from worker.engines.base import EngineError, Route


class _Wrapped:
    """The real engine, unchanged: subclasses override ``translate_batch``."""

    name = "argos-wrapped"

    def __init__(self, inner: ArgosEngine) -> None:
        self.inner = inner

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        return self.inner.pairs

    def route(self, source: str, target: str) -> Route | None:
        return self.inner.route(source, target)

    def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        return self.inner.translate_batch(texts, source=source, target=target)


class BrokenForKyrgyz(_Wrapped):
    """Every en->ky call fails permanently."""

    name = "argos-broken-ky"

    def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        if target == "ky":
            raise EngineError("en->ky model rejected the input (simulated permanent failure)")
        return super().translate_batch(texts, source=source, target=target)


def broken_for_kyrgyz(settings: Settings) -> BrokenForKyrgyz:
    return BrokenForKyrgyz(ArgosEngine(settings.resolved_models_dir))


class Slow(_Wrapped):
    """One second slower per batch: time to kill a worker mid-batch."""

    name = "argos-slow"

    def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        time.sleep(1.0)
        return super().translate_batch(texts, source=source, target=target)


def slow(settings: Settings) -> Slow:
    return Slow(ArgosEngine(settings.resolved_models_dir))


class Paced(_Wrapped):
    """The real engine, taking ``seconds`` per batch (a model of a slower engine's pace
    for backlog tests and benchmarks)."""

    name = "argos-paced"

    def __init__(self, inner: ArgosEngine, seconds: float) -> None:
        super().__init__(inner)
        self.seconds = seconds

    def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        time.sleep(self.seconds)
        return super().translate_batch(texts, source=source, target=target)


def paced(settings: Settings) -> Paced:
    """Seconds per batch from TARJIMA_TEST_BATCH_SECONDS (read when the engine is built)."""
    seconds = float(os.environ.get("TARJIMA_TEST_BATCH_SECONDS", "0.3"))
    inner = ArgosEngine(settings.resolved_models_dir, intra_threads=settings.engine_threads)
    return Paced(inner, seconds)


class HangsOnce(_Wrapped):
    """The first batch of the installation hangs like native code: it ignores the soft
    time limit, so only the hard limit can stop it. A marker file in the data folder
    makes "first" hold across the processes that replace the killed one."""

    name = "argos-hangs"

    def __init__(self, inner: ArgosEngine, marker: Path | None) -> None:
        super().__init__(inner)
        self.marker = marker  # None: every batch hangs

    def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        if self.marker is not None:
            try:
                self.marker.touch(exist_ok=False)
            except FileExistsError:
                return super().translate_batch(texts, source=source, target=target)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                time.sleep(0.1)
            except SoftTimeLimitExceeded:
                continue  # native code would not even see it
        raise EngineError("the hang outlived the test")


def hangs_once(settings: Settings) -> HangsOnce:
    return HangsOnce(ArgosEngine(settings.resolved_models_dir), settings.data_dir / "hung-once")


def hangs_always(settings: Settings) -> HangsOnce:
    return HangsOnce(ArgosEngine(settings.resolved_models_dir), None)


class Recording(_Wrapped):
    """The real engine, with every text it is asked to translate written down (in this
    process: for tests whose worker runs embedded, in a thread)."""

    name = "argos-recording"
    calls: list[tuple[str, list[str]]] = []  # noqa: RUF012 - shared on purpose

    def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        Recording.calls.append((target, list(texts)))
        return super().translate_batch(texts, source=source, target=target)


def recording(settings: Settings) -> Recording:
    return Recording(ArgosEngine(settings.resolved_models_dir))
