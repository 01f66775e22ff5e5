"""Fixtures for worker tests: a stored article and a deterministic engine double."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from publisher.db import repository as repo
from publisher.db.session import Database
from tests.support.articles import SENTENCES, make_article
from worker.engines.base import EngineError, Route

__all__ = ["SENTENCES", "FakeEngine", "make_article"]


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


@pytest.fixture()
def database(tmp_path: Path) -> Database:
    return Database.open(f"sqlite:///{tmp_path / 'tarjima.db'}")


@pytest.fixture()
def article_id(database: Database) -> int:
    with database.session() as session:
        return repo.add_article(
            session,
            article=make_article(),
            source_text="...",
            source_format="text",
            targets=["ru", "ky", "uz"],
        )


@pytest.fixture()
def all_ids(database: Database, article_id: int) -> list[int]:
    with database.session() as session:
        return repo.segment_ids(session, article_id=article_id)
