"""Build small, offline Argos Translate packages for tests, demos of the engine and benchmarks.

No model can be downloaded where Tarjima is developed and tested, so the test-suite
builds its own `.argosmodel` files:

* a SentencePiece tokenizer trained on a few kilobytes of text (byte fallback, so
  any character encodes and decodes exactly);
* a CTranslate2 Transformer written directly with ``ctranslate2.specs``:

  - ``random`` weights exercise loading, batching, tokenization, pivoting and errors;
  - ``copy`` weights are built so that the model reproduces its input token by token
    (or maps each token to a chosen target token). End-to-end tests through the real
    engine can therefore assert exact output.

How the deterministic ("copy") model works, with V vocabulary pieces and P positions,
``d_model = V + P``:

* encoder embeddings are one-hot token codes in dims ``[0, V)``; learned position
  encodings are one-hot codes in dims ``[V, V + P)``; embeddings are not scaled;
* every self-attention and feed-forward block writes zeros, so residuals carry the
  input through unchanged; each layer norm gets ``gamma = std``/``beta = mean`` of a
  vector with exactly k ones so that it is the identity on the vectors it sees;
* decoder input embeddings are zero, so decoder step t only carries position t;
* cross-attention queries and keys read only the position dims (scaled so softmax is
  one-hot): step t attends to source position t; values read only the token dims;
* the output projection maps source-token dims to target ids. ``add_source_eos``
  makes the source end with ``</s>``, which maps to ``</s>`` and stops decoding.
"""

from __future__ import annotations

import io
import json
import math
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

ModelKind = Literal["copy", "random"]

# Softmax sharpness of the cross-attention and the output projection: large enough
# that attention is one-hot in float32, small enough to stay finite.
_ATTENTION_SCALE = 60.0
_LOGIT_SCALE = 30.0
_LAYER_NORM_EPS = 1e-6


@dataclass(frozen=True)
class PackageSpec:
    """What to build: one language pair, one kind of weights."""

    from_code: str
    to_code: str
    kind: ModelKind = "copy"
    corpus: tuple[str, ...] = ()
    vocab_size: int = 400
    max_positions: int = 256
    token_map: Mapping[str, str] = field(default_factory=dict)
    # Random-model shape (ignored by the copy model, whose shape follows the vocabulary).
    d_model: int = 64
    ffn_dim: int = 128
    num_heads: int = 4
    num_layers: int = 2
    seed: int = 1234
    package_version: str = "0.0.test"
    # Benchmark knobs (the defaults leave the test packages exactly as they were).
    # ``length_gain`` > 0: the random model stops at about ``length_gain / sigma`` times the
    # source length instead of running to max_decoding_length (see _stop_at_source_length;
    # sigma, the spread of the encoder output, is found by measuring). ``quantization``:
    # CTranslate2 weight quantization applied before saving (Argos packages ship "int8").
    length_gain: float = 0.0
    quantization: str | None = None


_FALLBACK_CORPUS = (
    "The quick brown fox jumps over the lazy dog. Numbers 0 1 2 3 4 5 6 7 8 9.",
    "Relations between the two countries reached an all-time low in April.",
)


def train_sentencepiece(corpus: Iterable[str], vocab_size: int) -> bytes:
    """Train a SentencePiece BPE model that round-trips any text exactly."""
    import sentencepiece as spm

    lines = [line for text in corpus for line in text.splitlines() if line.strip()]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines or list(_FALLBACK_CORPUS)),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="bpe",
        byte_fallback=True,
        character_coverage=1.0,
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        hard_vocab_limit=False,
        split_digits=True,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _pieces(sp_model: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _identity_norm(dim: int, ones: int) -> tuple[np.ndarray, np.ndarray]:
    """gamma/beta making LayerNorm the identity on vectors with ``ones`` ones, zeros elsewhere."""
    mean = ones / dim
    std = math.sqrt(ones / dim - mean * mean + _LAYER_NORM_EPS)
    return np.full(dim, std, np.float32), np.full(dim, mean, np.float32)


def _set_norm(spec: object, gamma: np.ndarray, beta: np.ndarray) -> None:
    spec.gamma = gamma  # type: ignore[attr-defined]
    spec.beta = beta  # type: ignore[attr-defined]


def _zero_linear(spec: object, out_dim: int, in_dim: int) -> None:
    spec.weight = np.zeros((out_dim, in_dim), np.float32)  # type: ignore[attr-defined]
    spec.bias = np.zeros(out_dim, np.float32)  # type: ignore[attr-defined]


def _silence_self_attention(attention: object, d: int, norm: tuple[np.ndarray, np.ndarray]) -> None:
    """Self-attention that writes zeros: the residual stream passes through unchanged."""
    _set_norm(attention.layer_norm, *norm)  # type: ignore[attr-defined]
    _zero_linear(attention.linear[0], 3 * d, d)  # type: ignore[attr-defined]
    _zero_linear(attention.linear[1], d, d)  # type: ignore[attr-defined]


def _silence_ffn(ffn: object, d: int, norm: tuple[np.ndarray, np.ndarray]) -> None:
    """Feed-forward block that writes zeros."""
    _set_norm(ffn.layer_norm, *norm)  # type: ignore[attr-defined]
    _zero_linear(ffn.linear_0, 4, d)  # type: ignore[attr-defined]
    _zero_linear(ffn.linear_1, d, 4)  # type: ignore[attr-defined]


def _position_cross_attention(cross: object, v: int, p: int, eos: int) -> None:
    """Decoder step t attends to source position t and reads that position's token; a
    step past the end of the source attends to the source's ``</s>`` (id ``eos``).

    The second rule makes every hypothesis end: without it, a beam that left the copy
    path (the runner-up of a beam search) read a blur of the whole source at each further
    step and ran to ``max_decoding_length``, seven times the work of the copy itself. It
    is a half-strength match on a spare dimension (query: a constant, since every
    decoder step holds exactly one position; key: "this source token is ``</s>``"), so a
    real position match still wins by a factor of e**30.
    """
    d = v + p
    _set_norm(cross.layer_norm, *_identity_norm(d, 1))  # type: ignore[attr-defined]
    scale = _ATTENTION_SCALE * math.sqrt(d)
    query = np.zeros((d, d), np.float32)
    query[v:, v:] = np.eye(p, dtype=np.float32) * scale
    query[0, v:] = scale / 2  # dimension 0: the constant of the end-of-source rule
    key_value = np.zeros((2 * d, d), np.float32)
    key_value[v:d, v:] = np.eye(p, dtype=np.float32)  # keys: positions
    key_value[0, eos] = 1.0  # ...and dimension 0: the source's </s>
    key_value[d : d + v, :v] = np.eye(v, dtype=np.float32)  # values: tokens
    linear = cross.linear  # type: ignore[attr-defined]
    for spec, weight in zip(linear, (query, key_value, np.eye(d, dtype=np.float32)), strict=True):
        spec.weight = weight
        spec.bias = np.zeros(weight.shape[0], np.float32)


def _copy_projection(vocab: list[str], d: int, token_map: Mapping[str, str]) -> np.ndarray:
    """Output projection from source-token dims to (mapped) target ids."""
    index = {piece: i for i, piece in enumerate(vocab)}
    projection = np.zeros((len(vocab), d), np.float32)
    for i, piece in enumerate(vocab):
        target = token_map.get(piece, piece)
        if target not in index:
            raise ValueError(f"token map target {target!r} is not in the vocabulary")
        projection[index[target], i] = _LOGIT_SCALE
    return projection


def _copy_weights(spec: object, vocab: list[str], p: int, token_map: Mapping[str, str]) -> None:
    """Fill a one-layer, one-head TransformerSpec so that it copies (or maps) tokens."""
    v = len(vocab)
    d = v + p
    enc, dec = spec.encoder, spec.decoder  # type: ignore[attr-defined]
    positions = np.zeros((p, d), np.float32)
    positions[:, v:] = np.eye(p, dtype=np.float32)
    # The encoder stream (token + position) and the decoder stream after cross-attention
    # hold two ones; the decoder stream before it holds one (its position).
    two, one = _identity_norm(d, 2), _identity_norm(d, 1)

    enc.embeddings[0].weight = np.eye(v, d, dtype=np.float32)
    dec.embeddings.weight = np.zeros((v, d), np.float32)
    for stack in (enc, dec):
        stack.scale_embeddings = False
        stack.position_encodings.encodings = positions
        _set_norm(stack.layer_norm, *two)
    for layer in enc.layer:
        _silence_self_attention(layer.self_attention, d, two)
        _silence_ffn(layer.ffn, d, two)
    for layer in dec.layer:
        _silence_self_attention(layer.self_attention, d, one)
        _position_cross_attention(layer.attention, v, p, vocab.index("</s>"))
        _silence_ffn(layer.ffn, d, two)
    dec.projection.weight = _copy_projection(vocab, d, token_map)
    dec.projection.bias = np.zeros(v, np.float32)


def _random_model(vocab: list[str], ps: PackageSpec) -> object:
    from ctranslate2.specs import transformer_spec

    v, d, f = len(vocab), ps.d_model, ps.ffn_dim
    rng = np.random.default_rng(ps.seed)
    spec = transformer_spec.TransformerSpec.from_config(ps.num_layers, ps.num_heads)

    def rand(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.08).astype(np.float32)

    def norm(node: object) -> None:
        _set_norm(node, np.ones(d, np.float32), np.zeros(d, np.float32))

    def linear(node: object, out_dim: int, in_dim: int) -> None:
        node.weight = rand(out_dim, in_dim)  # type: ignore[attr-defined]
        node.bias = rand(out_dim)  # type: ignore[attr-defined]

    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight = rand(v, d)
    enc.position_encodings.encodings = rand(ps.max_positions, d)
    norm(enc.layer_norm)
    for layer in enc.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, f, d)
        linear(layer.ffn.linear_1, d, f)
    dec.embeddings.weight = rand(v, d)
    dec.position_encodings.encodings = rand(ps.max_positions, d)
    norm(dec.layer_norm)
    for layer in dec.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d, d)
        linear(layer.attention.linear[1], 2 * d, d)
        linear(layer.attention.linear[2], d, d)
        norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, f, d)
        linear(layer.ffn.linear_1, d, f)
    linear(dec.projection, v, d)
    if ps.length_gain > 0:
        _stop_at_source_length(spec, vocab.index("</s>"), ps)
    return spec


_RAMP = 0.1  # growth per position of the length-control dimension
_EOS_WEIGHT = 200.0  # weight of that dimension in the </s> logit: steep, so stops are sharp


def _stop_at_source_length(spec: Any, eos: int, ps: PackageSpec) -> None:
    """Make a random model end its output near ``length_gain / sigma`` x the source length.

    Random weights never choose ``</s>`` on their own. One dimension ``k`` of both
    residual streams is reserved: position encodings hold a ramp ``RAMP * position`` there,
    token embeddings a zero; every layer norm inside a layer ignores it and no layer writes
    it, except head 0 of the first decoder cross-attention, which attends uniformly (zero
    query) to the encoder output and writes ``-2 * length_gain`` times the mean of its ramp
    (about ``RAMP * L / (2 * sigma)`` for L source pieces) into ``k``. So at decoder step t,
    ``k`` holds about ``RAMP * (t - length_gain / sigma * L)``; the ``</s>`` logit reads it
    with a large weight and wins once it turns positive. The other 511 dimensions and all
    other heads stay random.
    """
    d, k, head = ps.d_model, ps.d_model - 1, ps.d_model // ps.num_heads
    ramp = np.arange(ps.max_positions, dtype=np.float32) * _RAMP
    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight[:, k] = 0.0
    dec.embeddings.weight[:, k] = 0.0
    for stack in (enc, dec):
        stack.position_encodings.encodings[:, k] = ramp
        for layer in stack.layer:
            blocks = [layer.self_attention, getattr(layer, "attention", None), layer.ffn]
            for block in filter(None, blocks):
                block.layer_norm.gamma[k] = block.layer_norm.beta[k] = 0.0
            for out in _writers(layer):
                out.weight[k, :] = 0.0
                out.bias[k] = 0.0
    cross = dec.layer[0].attention
    cross.linear[0].weight[:head, :] = 0.0  # head 0: zero query, uniform attention
    cross.linear[0].bias[:head] = 0.0
    cross.linear[1].weight[d, :] = 0.0  # head 0, value 0: the encoder's ramp
    cross.linear[1].weight[d, k] = 1.0
    cross.linear[1].bias[d] = 0.0
    cross.linear[2].weight[:, :head] = 0.0
    cross.linear[2].weight[k, 0] = -2.0 * ps.length_gain
    dec.projection.weight[:, k] = 0.0
    dec.projection.weight[eos, k] = _EOS_WEIGHT


def _writers(layer: Any) -> list[Any]:
    """The linear layers of a Transformer layer that write into the residual stream."""
    found = [layer.self_attention.linear[-1], layer.ffn.linear_1]
    if getattr(layer, "attention", None) is not None:
        found.append(layer.attention.linear[-1])
    return found


def _copy_model(vocab: list[str], ps: PackageSpec) -> object:
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(1, 1)
    _copy_weights(spec, vocab, ps.max_positions, ps.token_map)
    return spec


def build_model_dir(target: Path, ps: PackageSpec) -> Path:
    """Write an unpacked Argos package (metadata.json, tokenizer, model/) to ``target``."""
    sp_model = train_sentencepiece(ps.corpus or _FALLBACK_CORPUS, ps.vocab_size)
    vocab = _pieces(sp_model)
    spec = _copy_model(vocab, ps) if ps.kind == "copy" else _random_model(vocab, ps)
    spec.register_source_vocabulary(vocab)  # type: ignore[attr-defined]
    spec.register_target_vocabulary(vocab)  # type: ignore[attr-defined]
    spec.config.add_source_eos = True  # type: ignore[attr-defined]
    spec.config.layer_norm_epsilon = _LAYER_NORM_EPS  # type: ignore[attr-defined]
    spec.validate()  # type: ignore[attr-defined]
    if ps.quantization is not None:
        spec.optimize(quantization=ps.quantization)  # type: ignore[attr-defined]
    target.mkdir(parents=True, exist_ok=True)
    (target / "model").mkdir(exist_ok=True)
    spec.save(str(target / "model"))  # type: ignore[attr-defined]
    (target / "sentencepiece.model").write_bytes(sp_model)
    (target / "metadata.json").write_text(json.dumps(_metadata(ps), indent=2), encoding="utf-8")
    (target / "README.md").write_text(
        f"Test package {ps.from_code}->{ps.to_code} ({ps.kind} weights), built by Tarjima.\n",
        encoding="utf-8",
    )
    return target


def _metadata(ps: PackageSpec) -> dict[str, object]:
    return {
        "package_version": ps.package_version,
        "argos_version": "1.9",
        "from_code": ps.from_code,
        "from_name": ps.from_code,
        "to_code": ps.to_code,
        "to_name": ps.to_code,
        "type": "translate",
        "tarjima_test_model": ps.kind,
    }


def package_name(ps: PackageSpec) -> str:
    return f"translate-{ps.from_code}_{ps.to_code}-{ps.kind}"


def build_package(out_dir: Path, ps: PackageSpec) -> Path:
    """Build ``<out_dir>/translate-<from>_<to>-<kind>.argosmodel`` and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    name = package_name(ps)
    archive = out_dir / f"{name}.argosmodel"
    with tempfile.TemporaryDirectory() as tmp:
        root = build_model_dir(Path(tmp) / name, ps)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(root.rglob("*")):
                # The weights are stored, not deflated: a copy model's weights are mostly
                # zeros and would compress like a zip bomb (about 800:1), which installing
                # refuses; real int8 weights hardly compress at all.
                stored = path.name == "model.bin"
                zf.write(
                    path,
                    path.relative_to(root.parent).as_posix(),
                    compress_type=zipfile.ZIP_STORED if stored else None,
                )
        shutil.rmtree(root)
    return archive
