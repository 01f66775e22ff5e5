"""The engine boundary's test double for in-process worker tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from worker.engines.base import EngineError, Route


@dataclass
class FakeEngine:
    """The engine boundary's test double: echoes (or breaks) text, records every call."""

    name: str = "fake"
    routes: set[tuple[str, str]] = field(default_factory=lambda: {("en", "ru"), ("en", "ky")})
    fail_with: EngineError | None = None
    transform: str = "echo"  # echo | drop-placeholders | empty
    calls: list[tuple[str, str, list[str]]] = field(default_factory=list)

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.routes))

    def route(self, source: str, target: str) -> Route | None:
        if (source, target) not in self.routes:
            return None
        return Route(source, target, ((source, target),), f"fake:{source}-{target}")

    def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(texts)))
        if self.fail_with is not None:
            raise self.fail_with
        if self.transform == "drop-placeholders":
            return [t.split("⟦")[0] or "x" for t in texts]
        if self.transform == "empty":
            return ["" for _ in texts]
        return [f"[{target}] {t}" for t in texts]
