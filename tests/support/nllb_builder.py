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
measuring memory and speed with random weights; ``shared_embeddings`` gives random
weights the parameter layout of a converted NLLB model (one embedding matrix, stored once).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from publisher.core.locales import NLLB_CODES
from tests.support.package_builder import (
    _FALLBACK_CORPUS,
    _LAYER_NORM_EPS,
    _RAMP,
    ModelKind,
    PackageSpec,
    _copy_model,
    _pieces,
    _random_model,
    _writers,
    train_sentencepiece,
)
from worker.engines.nllb_models import SENTENCEPIECE_FILE

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
    # Random weights only: one matrix for the encoder and decoder embeddings and the output
    # projection, one table of position encodings, no output bias, as in a converted
    # NLLB-200 model (CTranslate2 stores a shared variable once): benchmark memory.
    shared_embeddings: bool = False

    def weights(self) -> PackageSpec:
        return PackageSpec(
            from_code="en",
            to_code="xx",
            kind=self.kind,
            corpus=self.corpus,
            vocab_size=self.vocab_size,
            max_positions=self.max_positions,
            token_map=self.token_map,
            d_model=self.d_model,
            ffn_dim=self.ffn_dim,
            num_heads=self.num_heads,
            num_layers=self.num_layers,
            seed=self.seed,
            length_gain=self.length_gain,
            quantization=self.quantization,
        )


def nllb_600m_shape(**changes: object) -> NllbSpec:
    """The dimensions of facebook/nllb-200-distilled-600M (random weights, int8)."""
    options: dict[str, object] = {
        "kind": "random",
        "d_model": 1024,
        "ffn_dim": 4096,
        "num_heads": 16,
        "num_layers": 12,
        "max_positions": 1026,
        "vocab_size": 8000,
        "padding_tokens": 256_206 - 8000 - len(SPECIALS) - len(NLLB_CODES) - 1,
        "quantization": "int8",
        "length_gain": 1.0,
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
    if spec.shared_embeddings:
        if spec.kind != "random":
            raise ValueError("shared_embeddings needs random weights")
        _share_embeddings(model, vocab.index("</s>"), weights)
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
        f"{', '.join(spec.languages)}), built by Tarjima.\n",
        encoding="utf-8",
    )
    return target


# Slope of the length ramps with shared embeddings, 10 x package_builder's: in the
# 600M shape the decoder's residual spreads wider, its 256k random logits reach higher
# and the per-step mean that layer norm subtracts wanders by more than package_builder's
# ramp grows in 10 steps, so stops came about 24 pieces late, or (with a steeper </s>
# weight) at random early steps.
_SHARED_RAMP = 10 * _RAMP


def _share_embeddings(model: Any, eos: int, ps: PackageSpec) -> None:
    """Give a random model NLLB's parameter layout: the output projection's matrix becomes
    the encoder's and the decoder's embeddings too (CTranslate2 aliases variables that are
    equal, so model.bin and memory hold it once), the encoder's position encodings serve
    the decoder too, and the projection has no bias.

    With ``length_gain`` (see ``_stop_at_source_length``) the shared matrix is also the
    ``</s>`` logit's reader of the length dimension ``k``, so the ``</s>`` embedding now holds
    a large value in ``k``. That is harmless in the decoder (``</s>`` is its start token, and
    the step after it is forced to the target language token) but in the encoder, where
    ``</s>`` ends every source, it would add to the source ramp that ``k`` carries. So the
    encoder's ramp moves to a second reserved dimension ``k2``: both dimensions hold the ramp
    (``_SHARED_RAMP``) in the one table of position encodings, no layer of either stack reads
    (layer norms) or writes ``k2``, no token embeds into it, and the first cross-attention's
    head 0 reads the source ramp from ``k2`` instead of ``k``. The source's ``</s>`` position,
    dominated by its large ``k`` value after normalization, then adds about nothing to the
    ramp's mean (outputs end a little earlier; the calibration of ``length_gain`` absorbs it).
    The 600M shape's ``length_gain`` is calibrated in bench/nllb.py; small shapes saturate
    the steeper ramp, so their outputs grow less than in proportion to the source.
    """
    from ctranslate2.specs.model_spec import OPTIONAL

    enc, dec = model.encoder, model.decoder
    shared = dec.projection.weight
    enc.embeddings[0].weight = shared
    dec.embeddings.weight = shared
    dec.projection.bias = OPTIONAL  # no bias
    positions = enc.position_encodings.encodings
    dec.position_encodings.encodings = positions
    if ps.length_gain <= 0:
        return
    k, k2, d = ps.d_model - 1, ps.d_model - 2, ps.d_model
    assert shared[eos, k] != 0.0, "the </s> logit reads the length dimension"
    shared[:, k2] = 0.0
    positions[:, k] = positions[:, k2] = np.arange(len(positions), dtype=np.float32) * _SHARED_RAMP
    for stack in (enc, dec):
        for layer in stack.layer:
            blocks = [layer.self_attention, getattr(layer, "attention", None), layer.ffn]
            for block in filter(None, blocks):
                block.layer_norm.gamma[k2] = block.layer_norm.beta[k2] = 0.0
            for out in _writers(layer):
                out.weight[k2, :] = 0.0
                out.bias[k2] = 0.0
    value = dec.layer[0].attention.linear[1]  # keys then values; head 0, value 0 is row d
    value.weight[d, :] = 0.0
    value.weight[d, k2] = 1.0


def _share_vocabulary(target: Path) -> None:
    """One ``shared_vocabulary.json``, as CTranslate2's converter writes for NLLB."""
    source = target / "source_vocabulary.json"
    if source.is_file():
        tokens = json.loads(source.read_text(encoding="utf-8"))
        (target / "shared_vocabulary.json").write_text(json.dumps(tokens), encoding="utf-8")
        source.unlink()
        (target / "target_vocabulary.json").unlink(missing_ok=True)
