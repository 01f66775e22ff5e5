"""NLLB-200 models run by CTranslate2: one multilingual model for every pair it covers.

The token conventions are those of Hugging Face's NLLB tokenizer (and of CTranslate2's
NLLB guide): the source is ``[source language token] + pieces + ["</s>"]``, the target
language token is forced as the first target token (``target_prefix``) and removed from
the output before decoding. Pieces come from the ``sentencepiece.bpe.model`` shipped with
the model. The model is loaded once per process, on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from publisher.core.locales import NLLB_CODES
from worker.engines.base import EngineError, ModelLoadError, NoRouteError, Route, Scored
from worker.engines.device import load_translator
from worker.engines.nllb_models import SENTENCEPIECE_FILE, NllbModel

EOS = "</s>"
SPECIAL_TOKENS = frozenset({"<s>", "</s>", "<pad>", "<unk>", "<mask>"})


@dataclass
class _Loaded:
    processor: Any
    translator: Any


class NllbEngine:
    """Translate with one installed NLLB model (or none: every route is then missing)."""

    name = "nllb"

    def __init__(
        self,
        model: NllbModel | None,
        *,
        beam_size: int = 2,
        device: Literal["cpu", "cuda"] = "cpu",
        intra_threads: int = 0,
        max_batch_size: int = 64,
        max_decoding_length: int = 256,
    ) -> None:
        self.model = model
        self.beam_size = beam_size
        self.device = device
        self.intra_threads = intra_threads
        self.max_batch_size = max_batch_size
        self.max_decoding_length = max_decoding_length
        self._loaded: _Loaded | None = None
        self._lock = threading.Lock()

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        if self.model is None:
            return ()
        covered = self.model.locales
        return tuple((s, t) for s in covered for t in covered if s != t)

    def route(self, source: str, target: str) -> Route | None:
        if self.model is None or source == target:
            return None
        if not (self.model.covers(source) and self.model.covers(target)):
            return None
        return Route(
            source=source, target=target, legs=((source, target),), identity=self.model.identity
        )

    def translate_batch(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        return [s.text for s in self.translate_scored(texts, source=source, target=target)]

    def translate_scored(self, texts: Sequence[str], *, source: str, target: str) -> list[Scored]:
        """Translations with the model's length-normalized log-probability."""
        route = self.route(source, target)
        if route is None or self.model is None:
            raise NoRouteError(source, target, "nllb")
        loaded = self.load()
        source_token, target_token = NLLB_CODES[source], NLLB_CODES[target]
        results = [Scored(text) for text in texts]
        todo = [i for i, text in enumerate(texts) if text.strip()]
        if not todo:
            return results
        tokens = [
            [source_token, *loaded.processor.encode(texts[i].strip(), out_type=str), EOS]
            for i in todo
        ]
        try:
            outputs = loaded.translator.translate_batch(
                tokens,
                target_prefix=[[target_token]] * len(tokens),
                beam_size=self.beam_size,
                max_batch_size=self.max_batch_size,
                max_decoding_length=self.max_decoding_length,
                replace_unknowns=True,
                return_scores=True,
            )
        except (RuntimeError, ValueError) as exc:  # what CTranslate2 raises on bad input/state
            raise EngineError(f"{self.model.identity} failed: {exc}") from exc
        for i, output in zip(todo, outputs, strict=True):
            text = decode(loaded.processor, output.hypotheses[0], target_token)
            score = float(output.scores[0]) if output.scores else None
            results[i] = Scored(text, score)
        return results

    def load(self) -> _Loaded:
        """Load (once per process) the tokenizer and the translator."""
        with self._lock:
            if self._loaded is None:
                self._loaded = self._load()
            return self._loaded

    def warm(self) -> None:
        """Load the model now (a worker child starting up)."""
        if self.model is not None:
            self.load()

    def _load(self) -> _Loaded:
        import sentencepiece

        model = self.model
        assert model is not None
        try:
            processor = sentencepiece.SentencePieceProcessor(
                model_file=str(model.path / SENTENCEPIECE_FILE)
            )
            translator, self.device = load_translator(
                str(model.path),
                device=self.device,
                model=model.identity,
                intra_threads=self.intra_threads,
            )
        except Exception as exc:  # ctranslate2 raises RuntimeError/ValueError on bad models
            raise ModelLoadError(f"cannot load {model.identity}: {exc}") from exc
        return _Loaded(processor, translator)


def decode(processor: Any, pieces: Sequence[str], target_token: str) -> str:
    """Text of an output hypothesis: the forced target language token, special tokens and
    stray language tokens dropped. Pieces the SentencePiece model does not know (a
    placeholder bracket copied from the source) keep their text."""
    if pieces and pieces[0] == target_token:
        pieces = pieces[1:]
    kept = [p for p in pieces if p not in SPECIAL_TOKENS and p not in NLLB_TOKENS]
    return str(processor.decode_pieces(kept)).replace("\u2581", " ").strip()


NLLB_TOKENS = frozenset(NLLB_CODES.values())
