"""The NLLB CPU benchmark's helpers (bench/nllb.py) and the builder option it uses
(``shared_embeddings`` in tests/support/nllb_builder.py)."""

from __future__ import annotations

import json
from pathlib import Path

import ctranslate2

from bench.nllb import Run, batches, memory_kib, parse_runs
from tests.support.nllb_builder import NllbSpec, build_nllb_model
from worker.engines.nllb import NllbEngine
from worker.engines.nllb_models import read_nllb_model


def test_batches_are_consecutive_runs_of_the_batch_size() -> None:
    assert batches(70, 32) == [range(0, 32), range(32, 64), range(64, 70)]
    assert batches(64, 32)[1::2] == [range(32, 64)]  # the second of two processes


def test_runs_are_processes_x_threads_and_a_beam() -> None:
    assert parse_runs("1x2:2, 2x1:1,1x1") == [Run(1, 2, 2), Run(2, 1, 1), Run(1, 1, 2)]
    assert Run(2, 1, 2).label == "2x1 beam 2"


def test_memory_is_read_from_proc() -> None:
    found = memory_kib()
    assert found["VmHWM"] >= found["VmRSS"] > 0


def _lengths(folder: Path, sizes: tuple[int, ...]) -> list[int]:
    translator = ctranslate2.Translator(str(folder))
    found = []
    for size in sizes:
        source = ["eng_Latn", *["▁the"] * size, "</s>"]
        result = translator.translate_batch([source], target_prefix=[["uzn_Latn"]], beam_size=2)
        found.append(len(result[0].hypotheses[0]) - 1)
    return found


def test_shared_embeddings_store_one_matrix_and_keep_the_length_rule(
    tmp_path: Path, sample_text: str
) -> None:
    corpus = tuple(sample_text.splitlines())
    common = {
        "kind": "random",
        "corpus": corpus,
        "d_model": 64,
        "ffn_dim": 128,
        "padding_tokens": 3000,
        "quantization": "int8",
        "length_gain": 1.0,
    }
    apart = build_nllb_model(tmp_path / "apart", NllbSpec(**common))  # type: ignore[arg-type]
    shared = build_nllb_model(
        tmp_path / "shared",
        NllbSpec(**common, shared_embeddings=True),  # type: ignore[arg-type]
    )
    vocabulary = len(json.loads((shared / "shared_vocabulary.json").read_text()))
    saved = (apart / "model.bin").stat().st_size - (shared / "model.bin").stat().st_size
    assert saved >= 2 * vocabulary * 64  # two int8 matrices of vocabulary x d_model fewer
    short, middle, long = _lengths(shared, (5, 20, 60))
    assert 0 < short < middle < long < 256
    engine = NllbEngine(read_nllb_model(shared))
    (scored,) = engine.translate_scored(["Relations reached a low."], source="en", target="uz")
    assert scored.score is not None  # the text: mostly padding tokens, which decode to nothing
