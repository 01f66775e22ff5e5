"""Argos Translate packages run by CTranslate2.

The engine keeps one ``ctranslate2.Translator`` per language pair per process and
translates a whole batch of segments in one ``translate_batch`` call. It does not use
``argostranslate.translate``: Tarjima segments text itself, and Argos's own sentence
splitter downloads a model on first use. ``argostranslate`` is imported here only
(importing it creates folders under $HOME).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from worker.engines.base import EngineError, ModelLoadError, NoRouteError, Route, Scored
from worker.engines.device import load_translator
from worker.engines.packages import InstalledPackage, installed_packages

PIVOT = "en"


@dataclass
class _LoadedPair:
    package: InstalledPackage
    tokenizer: Any
    translator: Any


class ArgosEngine:
    """Translate with the Argos packages installed in ``models_dir``."""

    name = "argos"

    def __init__(
        self,
        models_dir: Path,
        *,
        beam_size: int = 2,
        device: Literal["cpu", "cuda"] = "cpu",
        intra_threads: int = 0,
        max_batch_size: int = 64,
    ) -> None:
        self.models_dir = models_dir
        self.beam_size = beam_size
        self.device = device
        self.intra_threads = intra_threads
        self.max_batch_size = max_batch_size
        self._packages = {p.pair: p for p in installed_packages(models_dir)}
        self._loaded: dict[tuple[str, str], _LoadedPair] = {}
        self._lock = threading.Lock()

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self._packages))

    def route(self, source: str, target: str) -> Route | None:
        if (source, target) in self._packages:
            legs: tuple[tuple[str, str], ...] = ((source, target),)
        elif (source, PIVOT) in self._packages and (PIVOT, target) in self._packages:
            legs = ((source, PIVOT), (PIVOT, target))
        else:
            return None
        identity = "+".join(self._packages[leg].identity for leg in legs)
        return Route(source=source, target=target, legs=legs, identity=identity)

    def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        return [s.text for s in self.translate_scored(texts, source=source, target=target)]

    def translate_scored(self, texts: Sequence[str], *, source: str, target: str) -> list[Scored]:
        """Translations with the model's length-normalized log-probability; through a
        pivot, the weaker leg's score counts."""
        route = self.route(source, target)
        if route is None:
            raise NoRouteError(source, target, "argos")
        current = list(texts)
        scores: list[float | None] = [None] * len(current)
        for leg in route.legs:
            current, leg_scores = self._translate_leg(self.load(leg), current)
            scores = [_weaker(a, b) for a, b in zip(scores, leg_scores, strict=True)]
        return [Scored(text, score) for text, score in zip(current, scores, strict=True)]

    def load(self, pair: tuple[str, str]) -> _LoadedPair:
        """Load (once per process) the tokenizer and translator of one installed pair."""
        with self._lock:
            if pair not in self._loaded:
                self._loaded[pair] = self._load(self._packages[pair])
            return self._loaded[pair]

    def warm(self) -> None:
        """Load every installed pair now (a worker child starting up)."""
        for pair in self.pairs:
            self.load(pair)

    def _load(self, package: InstalledPackage) -> _LoadedPair:
        import argostranslate.package

        try:
            argos_package = argostranslate.package.Package(package.path)
            translator, self.device = load_translator(
                str(package.path / "model"),
                device=self.device,
                model=package.identity,
                intra_threads=self.intra_threads,
            )
        except Exception as exc:  # ctranslate2 raises RuntimeError/ValueError on bad models
            raise ModelLoadError(f"cannot load {package.identity}: {exc}") from exc
        return _LoadedPair(package, argos_package.tokenizer, translator)

    def _translate_leg(
        self, pair: _LoadedPair, texts: list[str]
    ) -> tuple[list[str], list[float | None]]:
        todo = [i for i, text in enumerate(texts) if text.strip()]
        results = list(texts)
        scores: list[float | None] = [None] * len(texts)
        if not todo:
            return results, scores
        tokens = [pair.tokenizer.encode(texts[i]) for i in todo]
        prefix = pair.package.target_prefix
        try:
            outputs = pair.translator.translate_batch(
                tokens,
                beam_size=self.beam_size,
                max_batch_size=self.max_batch_size,
                replace_unknowns=True,  # an unknown target token copies its source token
                target_prefix=[[prefix]] * len(tokens) if prefix else None,
                return_scores=True,
            )
        except (RuntimeError, ValueError) as exc:  # what CTranslate2 raises on bad input/state
            raise EngineError(f"{pair.package.identity} failed: {exc}") from exc
        for i, output in zip(todo, outputs, strict=True):
            pieces = output.hypotheses[0][1 if prefix else 0 :]
            results[i] = _decode(pair.tokenizer, pieces)
            scores[i] = float(output.scores[0]) if output.scores else None
        return results, scores


def _weaker(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


def _decode(tokenizer: Any, pieces: list[str]) -> str:
    """Detokenize; SentencePiece packages decode with the processor itself.

    Argos's ``SentencePieceTokenizer.decode`` replaces every "_" with a space, which
    would corrupt text that contains underscores.
    """
    processor = getattr(tokenizer, "lazy_processor", None)
    if processor is not None:
        return str(processor().decode_pieces(pieces)).strip()
    return str(tokenizer.decode(pieces)).strip()
