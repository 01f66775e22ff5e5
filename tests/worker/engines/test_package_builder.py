"""The test-package builder: copy models reproduce their input exactly through CTranslate2."""

from __future__ import annotations

from pathlib import Path

import ctranslate2
import pytest
import sentencepiece as spm

from tests.support.package_builder import PackageSpec, build_model_dir

TEXTS = [
    "Relations between Kyrgyzstan and Tajikistan reached an all-time low.",
    "On ⟦1⟧, 345 ethnic Kyrgyz crossed into Tajikistan with ⟦2⟧ livestock.",
    "Кыргызстан «Тоҷикистон» o‘zbek — 4\u00a0000 $1.5 million",
    "x",
]


def _translate(model_dir: Path, texts: list[str]) -> list[str]:
    processor = spm.SentencePieceProcessor(model_file=str(model_dir / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(model_dir / "model"))
    tokens = [processor.encode(t, out_type=str) for t in texts]
    results = translator.translate_batch(tokens, beam_size=2)
    return [processor.decode_pieces(r.hypotheses[0]) for r in results]


def test_copy_model_reproduces_any_text_exactly(tmp_path: Path, sample_text: str) -> None:
    # Tried: English, placeholders, Cyrillic/Tajik/Uzbek letters (byte fallback), NBSP.
    model = build_model_dir(tmp_path / "m", PackageSpec("en", "ru", corpus=(sample_text,)))
    assert _translate(model, TEXTS) == TEXTS


def test_copy_model_maps_chosen_tokens(tmp_path: Path, sample_text: str) -> None:
    probe = build_model_dir(tmp_path / "probe", PackageSpec("en", "ru", corpus=(sample_text,)))
    processor = spm.SentencePieceProcessor(model_file=str(probe / "sentencepiece.model"))
    pieces = processor.encode("Kyrgyz Tajik", out_type=str)
    assert len(pieces) >= 2
    mapped = build_model_dir(
        tmp_path / "map",
        PackageSpec("en", "ru", corpus=(sample_text,), token_map={pieces[0]: pieces[-1]}),
    )
    out = _translate(mapped, ["Kyrgyz Tajik"])[0]
    expected = processor.decode_pieces([pieces[-1], *pieces[1:]])
    assert out == expected != "Kyrgyz Tajik"


def test_token_map_to_unknown_piece_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not in the vocabulary"):
        build_model_dir(tmp_path / "bad", PackageSpec("en", "ru", token_map={"▁a": "no-such"}))


def test_random_model_loads_and_translates(tmp_path: Path, sample_text: str) -> None:
    model = build_model_dir(
        tmp_path / "r", PackageSpec("en", "ky", "random", corpus=(sample_text,))
    )
    outputs = _translate(model, TEXTS[:2])
    assert len(outputs) == 2
    assert all(isinstance(text, str) for text in outputs)
    assert outputs != TEXTS[:2]
