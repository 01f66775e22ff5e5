"""The benchmark's random model option: ``length_gain`` ends outputs near a multiple of the
source length (random weights otherwise decode to CTranslate2's 256-piece cap)."""

from __future__ import annotations

from pathlib import Path

import ctranslate2
import sentencepiece as spm

from tests.support.package_builder import PackageSpec, build_model_dir


def _lengths(root: Path, sizes: tuple[int, ...]) -> list[int]:
    translator = ctranslate2.Translator(str(root / "model"))
    tokenizer = spm.SentencePieceProcessor(model_file=str(root / "sentencepiece.model"))
    found = []
    for size in sizes:
        source = tokenizer.encode("word " * size, out_type=str)[:size]
        assert len(source) == size
        found.append(len(translator.translate_batch([source], beam_size=2)[0].hypotheses[0]))
    return found


def test_length_gain_makes_output_length_follow_the_source(
    tmp_path: Path, sample_text: str
) -> None:
    corpus = tuple(sample_text.splitlines())
    plain = build_model_dir(tmp_path / "plain", PackageSpec("en", "ru", "random", corpus=corpus))
    gained = build_model_dir(
        tmp_path / "gained",
        PackageSpec("en", "ru", "random", corpus=corpus, length_gain=2.0, quantization="int8"),
    )
    assert _lengths(plain, (5, 60)) == [256, 256]
    short, middle, long = _lengths(gained, (5, 20, 60))
    assert short < middle < long < 256
    assert 1.0 <= long / 60 <= 3.0 and 1.0 <= middle / 20 <= 3.0
