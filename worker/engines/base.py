"""The engine boundary: what a translation engine does, and how it fails.

An engine translates a batch of segment texts from one language to another. Engines
are chosen by configuration (``Settings.engine``); tests may plug a deterministic one
here, and only here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


class EngineError(Exception):
    """Translation failed. ``transient`` errors are worth retrying."""

    transient: bool = False


class TransientEngineError(EngineError):
    """A failure that may pass (resource exhaustion, a model being replaced...)."""

    transient = True


class NoRouteError(EngineError):
    """No installed model, direct or through a pivot, translates source -> target."""

    def __init__(self, source: str, target: str, engine: str = "auto") -> None:
        self.source, self.target, self.engine = source, target, engine
        super().__init__(no_route_message(source, target, engine))


class ModelLoadError(EngineError):
    """An installed package is broken or cannot be loaded."""


class NoModelsInstalledError(TransientEngineError):
    """A worker that shares a broker with others has no model at all: a deployment fault
    (a missing models volume, a wrong TARJIMA_MODELS_DIR), not a language without a model.
    Transient, so that a correctly set-up worker may take the batch on a retry."""

    def __init__(self, worker: str, models_dir: str) -> None:
        super().__init__(
            f"worker {worker} has no translation models installed in {models_dir}: install "
            "models there (`tarjima models download en-ru`, `tarjima models download "
            "nllb-200-distilled-600M`, or `tarjima models install FILE`), or mount the shared "
            "models volume, and restart the worker"
        )


def no_route_message(source: str, target: str, engine: str = "auto") -> str:
    """The operator's line: which engine covers the pair and the one command that installs
    it (``engine``: what the language is set to, "auto", "argos" or "nllb")."""
    from publisher.core.coverage import no_model_sentence

    return no_model_sentence(source, target, engine)


@dataclass(frozen=True)
class Route:
    """How an engine gets from ``source`` to ``target``: one leg, or two through a pivot."""

    source: str
    target: str
    legs: tuple[tuple[str, str], ...]
    identity: str

    @property
    def pivot(self) -> str | None:
        return self.legs[0][1] if len(self.legs) > 1 else None


@dataclass(frozen=True)
class Scored:
    """A translation and the model's confidence in it: the length-normalized
    log-probability (0 is certain; more negative is weaker), None when unknown."""

    text: str
    score: float | None = None


def translate_scored(
    engine: Engine, texts: Sequence[str], *, source: str, target: str
) -> list[Scored]:
    """The engine's scored translations, or unscored ones from an engine that gives no
    scores (only ``translate_batch``)."""
    scored = getattr(engine, "translate_scored", None)
    if callable(scored):
        results: list[Scored] = scored(texts, source=source, target=target)
        return results
    return [Scored(text) for text in engine.translate_batch(texts, source=source, target=target)]


@runtime_checkable
class Engine(Protocol):
    """Translates batches of plain segment texts (placeholders included) between languages."""

    name: str

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """The installed (source, target) language pairs; empty when none is installed."""
        ...

    def route(self, source: str, target: str) -> Route | None:
        """The route from source to target, or None when there is none."""
        ...

    def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        """Translate all texts in as few model calls as possible; same order, same length."""
        ...


def engine_setting(engine: Engine, target: str) -> str:
    """What ``target`` is set to translate with: the router's choice for it ("auto",
    "argos" or "nllb"), a single engine's own name, else "auto"."""
    configured = getattr(engine, "configured", None)
    if callable(configured):
        return str(configured(target))
    return engine.name if engine.name in ("argos", "nllb") else "auto"
