"""Build tiny NLLB-shaped CTranslate2 models for tests and benchmarks (no download).

The folder has the layout of a converted NLLB-200 model (``model.bin``, ``config.json``,
``shared_vocabulary.json``, ``sentencepiece.bpe.model``) and its token conventions: one
vocabulary shared by source and target, ``<s> <pad> </s> <unk>`` first, then the
SentencePiece pieces, then the language tokens (``eng_Latn``, ``uzn_Latn``...) and
``<mask>``; decoding starts from ``</s>``; nothing is added to the source by CTranslate2
(the engine writes the language token and ``</s>`` itself).

The weights are those of ``package_builder``: ``copy`` weights reproduce the source
token by token, aligned by position. With the NLLB conventions the source language token
sits at position 0 and the forced target language token at decoder step 0, so the copy
model returns the text exactly only when the engine writes the language tokens and
``</s>`` where NLLB expects them: a missing source token shifts every piece by one, a
missing ``</s>`` never stops decoding, a missing target prefix copies ``eng_Latn`` into
the output. ``random`` weights make the output depend on the target language token.
``nllb_600m_shape`` gives the dimensions of facebook/nllb-200-distilled-600M, for
measuring memory and speed with random weights.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from worker.engines.nllb_models import NLLB_CODES, SENTENCEPIECE_FILE
from worker.engines.package_builder import (
    _FALLBACK_CORPUS,
    _LAYER_NORM_EPS,
    ModelKind,
    PackageSpec,
    _copy_model,
    _pieces,
    _random_model,
    train_sentencepiece,
)

SPECIALS = ("<s>", "<pad>", "</s>", "<unk>")


@dataclass(frozen=True)
class NllbSpec:
    """What to build: the languages, the kind of weights and the shape."""

    languages: tuple[str, ...] = tuple(NLLB_CODES.values())
    kind: ModelKind = "copy"
    corpus: tuple[str, ...] = ()
    vocab_size: int = 400
    max_positions: int = 256
    token_map: Mapping[str, str] = field(default_factory=dict)
    d_model: int = 64
    ffn_dim: int = 128
    num_heads: int = 4
    num_layers: int = 2
    seed: int = 1234
    length_gain: float = 0.0
    quantization: str | None = None
    # Extra vocabulary entries (a real NLLB vocabulary has 256,206): benchmark shape only.
    padding_tokens: int = 0

    def weights(self) -> PackageSpec:
        return PackageSpec(
            from_code="en", to_code="xx", kind=self.kind, corpus=self.corpus,
            vocab_size=self.vocab_size, max_positions=self.max_positions,
            token_map=self.token_map, d_model=self.d_model, ffn_dim=self.ffn_dim,
            num_heads=self.num_heads, num_layers=self.num_layers, seed=self.seed,
            length_gain=self.length_gain, quantization=self.quantization,
        )


def nllb_600m_shape(**changes: object) -> NllbSpec:
    """The dimensions of facebook/nllb-200-distilled-600M (random weights, int8)."""
    options: dict[str, object] = {
        "kind": "random", "d_model": 1024, "ffn_dim": 4096, "num_heads": 16,
        "num_layers": 12, "max_positions": 1026, "vocab_size": 8000,
        "padding_tokens": 256_206 - 8000 - len(SPECIALS) - len(NLLB_CODES) - 1,
        "quantization": "int8", "length_gain": 1.0,
    }
    options.update(changes)
    return NllbSpec(**options)  # type: ignore[arg-type]


def nllb_vocabulary(sp_model: bytes, spec: NllbSpec) -> list[str]:
    """NLLB's order: specials, SentencePiece pieces, language tokens, ``<mask>``."""
    pieces = [p for p in _pieces(sp_model) if p not in {"<unk>", "<s>", "</s>", "<pad>"}]
    padding = [f"madeupword{i:06d}" for i in range(spec.padding_tokens)]
    return [*SPECIALS, *pieces, *padding, *spec.languages, "<mask>"]


def build_nllb_model(target: Path, spec: NllbSpec) -> Path:
    """Write an NLLB-shaped model folder to ``target`` and return it."""
    weights = spec.weights()
    sp_model = train_sentencepiece(spec.corpus or _FALLBACK_CORPUS, spec.vocab_size)
    vocab = nllb_vocabulary(sp_model, spec)
    model = _copy_model(vocab, weights) if spec.kind == "copy" else _random_model(vocab, weights)
    model.register_source_vocabulary(vocab)  # type: ignore[attr-defined]
    model.register_target_vocabulary(vocab)  # type: ignore[attr-defined]
    config = model.config  # type: ignore[attr-defined]
    config.decoder_start_token = "</s>"
    config.add_source_bos = False
    config.add_source_eos = False
    config.layer_norm_epsilon = _LAYER_NORM_EPS
    model.validate()  # type: ignore[attr-defined]
    if spec.quantization is not None:
        model.optimize(quantization=spec.quantization)  # type: ignore[attr-defined]
    target.mkdir(parents=True, exist_ok=True)
    model.save(str(target))  # type: ignore[attr-defined]
    _share_vocabulary(target)
    (target / SENTENCEPIECE_FILE).write_bytes(sp_model)
    (target / "README.md").write_text(
        f"Tiny NLLB-shaped test model ({spec.kind} weights, languages "
        f"{', '.join(spec.languages)}), built by Tarjima.\n", encoding="utf-8",
    )
    return target


def _share_vocabulary(target: Path) -> None:
    """One ``shared_vocabulary.json``, as CTranslate2's converter writes for NLLB."""
    source = target / "source_vocabulary.json"
    if source.is_file():
        tokens = json.loads(source.read_text(encoding="utf-8"))
        (target / "shared_vocabulary.json").write_text(json.dumps(tokens), encoding="utf-8")
        source.unlink()
        (target / "target_vocabulary.json").unlink(missing_ok=True)
