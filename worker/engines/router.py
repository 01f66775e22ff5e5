"""Choose the engine per target locale: Argos packages, an NLLB model, or whichever has
a route (``auto``).

``TARJIMA_ENGINE`` sets the choice for every locale (default ``auto``);
``TARJIMA_ENGINES="uz=nllb,tg=nllb"`` overrides it per locale. ``auto`` takes an Argos
package when one translates the pair (directly or through English), else the NLLB model
when it covers both languages. A locale whose chosen engine has no route gets none: its
segments go to human translators, as for any language without a model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from publisher.core.config import EngineChoice
from worker.engines.base import Engine, NoRouteError, Route, Scored, translate_scored


@dataclass(frozen=True)
class Choice:
    """What translates into one target locale, and why."""

    target: str
    configured: EngineChoice
    engine: str | None
    route: Route | None


class LocaleRouter:
    """An engine made of the built-in engines, chosen per target locale."""

    name = "router"

    def __init__(
        self,
        engines: Mapping[str, Engine],
        *,
        default: EngineChoice = "auto",
        by_locale: Mapping[str, EngineChoice] | None = None,
    ) -> None:
        self.engines = dict(engines)
        self.default = default
        self.by_locale = dict(by_locale or {})

    def configured(self, target: str) -> EngineChoice:
        return self.by_locale.get(target, self.default)

    def choose(self, source: str, target: str) -> Choice:
        configured = self.configured(target)
        names = ("argos", "nllb") if configured == "auto" else (configured,)
        for name in names:
            engine = self.engines.get(name)
            route = engine.route(source, target) if engine is not None else None
            if route is not None:
                return Choice(target, configured, name, route)
        return Choice(target, configured, None, None)

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        found = {pair for engine in self.engines.values() for pair in engine.pairs}
        return tuple(sorted(found))

    def route(self, source: str, target: str) -> Route | None:
        return self.choose(source, target).route

    def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        return [s.text for s in self.translate_scored(texts, source=source, target=target)]

    def translate_scored(self, texts: Sequence[str], *, source: str, target: str) -> list[Scored]:
        choice = self.choose(source, target)
        if choice.engine is None:
            raise NoRouteError(source, target, choice.configured)
        return translate_scored(self.engines[choice.engine], texts, source=source, target=target)

    def describe(self, targets: Sequence[str], source: str = "en") -> str:
        """One line for the worker's log: which model translates into each target."""
        parts = []
        for target in targets:
            route = self.choose(source, target).route
            parts.append(f"{target}: {route.identity if route else 'none (human translators)'}")
        return "; ".join(parts)

    def warm(self) -> None:
        """Load every model a route uses (a worker child starting up)."""
        for engine in self.engines.values():
            warm = getattr(engine, "warm", None)
            if engine.pairs and callable(warm):
                warm()
