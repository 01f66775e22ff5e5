"""The NLLB engine through the real CTranslate2 path, with tiny NLLB-shaped models built
on the fly (tests/support/nllb_builder.py): the token conventions, exact output, scores,
routes and the per-language token."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from tests.support.nllb_builder import NllbSpec, build_nllb_model
from worker.engines.base import ModelLoadError, NoRouteError
from worker.engines.nllb import NllbEngine, decode
from worker.engines.nllb_models import read_nllb_model

pytestmark = pytest.mark.integration

TEXTS = [
    "Relations between Kyrgyzstan and Tajikistan reached an all-time low in ⟦1⟧late April⟦/1⟧.",
    "",
    "More than ⟦1⟧50⟦/1⟧ people were killed, Sadyr Japarov said on ⟦2⟧July 18⟦/2⟧.",
    "   ",
    "Ёқилғи нархи ўсди — «кавычки» & <тег> 🙂",  # characters the tokenizer never saw
]


@pytest.fixture(scope="module")
def copy_engine(nllb_dir: dict[str, Path]) -> NllbEngine:
    return NllbEngine(read_nllb_model(nllb_dir["copy"]))


def test_the_copy_model_returns_its_input_through_the_engine(copy_engine: NllbEngine) -> None:
    for target in ("uz", "tg", "ky", "ru"):
        scored = copy_engine.translate_scored(TEXTS, source="en", target=target)
        assert [s.text for s in scored] == [TEXTS[0], "", TEXTS[2], "   ", TEXTS[4]], target
        assert [s.score is None for s in scored] == [False, True, False, True, False]
        assert all(s.score > -0.1 for s in scored if s.score is not None)


def test_the_tiny_model_fails_when_the_nllb_conventions_are_broken(
    copy_engine: NllbEngine,
) -> None:
    """The copy model is only a test of the engine if wrong conventions change its output:
    without the source language token every piece shifts; without </s> decoding runs on;
    without the target prefix eng_Latn leaks into the output."""
    loaded = copy_engine.load()
    text = "It seemed simple enough."
    pieces = loaded.processor.encode(text, out_type=str)

    def run(tokens: list[str], prefix: list[str] | None) -> Any:
        return loaded.translator.translate_batch(
            [tokens],
            target_prefix=[prefix] if prefix else None,
            max_decoding_length=60,
            beam_size=1,
        )[0].hypotheses[0]

    right = run(["eng_Latn", *pieces, "</s>"], ["uzn_Latn"])
    assert decode(loaded.processor, right, "uzn_Latn") == text
    assert right[0] == "uzn_Latn"
    assert right[1:] == pieces
    no_source_token = run([*pieces, "</s>"], ["uzn_Latn"])
    assert no_source_token[1:] == pieces[1:]  # the first piece is lost
    no_eos = run(["eng_Latn", *pieces], ["uzn_Latn"])
    assert len(no_eos) > len(right)
    no_prefix = run(["eng_Latn", *pieces, "</s>"], None)
    assert no_prefix[0] == "eng_Latn"


def test_the_target_language_token_steers_a_random_model(nllb_dir: dict[str, Path]) -> None:
    engine = NllbEngine(read_nllb_model(nllb_dir["random"]), beam_size=1)
    text = ["The talks in Dushanbe ended on July 18."]
    uz = engine.translate_scored(text, source="en", target="uz")[0]
    tg = engine.translate_scored(text, source="en", target="tg")[0]
    assert uz.text and tg.text and uz.text != tg.text
    assert engine.translate_scored(text, source="en", target="uz")[0] == uz  # deterministic
    assert uz.score is not None and uz.score < -1.0  # noise scores low: it goes to review


def test_routes_follow_the_languages_in_the_vocabulary(tmp_path: Path, sample_text: str) -> None:
    folder = build_nllb_model(
        tmp_path / "no-tajik",
        NllbSpec(languages=("eng_Latn", "uzn_Latn", "rus_Cyrl"), corpus=(sample_text[:2000],)),
    )
    model = read_nllb_model(folder)
    assert model.locales == ("en", "uz", "ru")
    engine = NllbEngine(model)
    route = engine.route("en", "uz")
    assert route is not None and route.legs == (("en", "uz"),)
    assert route.identity == "nllb:no-tajik"
    assert engine.route("en", "tg") is None and engine.route("en", "en") is None
    assert ("ru", "uz") in engine.pairs and ("en", "tg") not in engine.pairs
    with pytest.raises(NoRouteError, match="en->tg"):
        engine.translate_batch(["Hello."], source="en", target="tg")
    nothing = NllbEngine(None)
    assert nothing.pairs == () and nothing.route("en", "uz") is None
    nothing.warm()  # nothing to load, nothing fails


def test_a_corrupt_model_fails_to_load_with_a_clear_error(
    tmp_path: Path, nllb_dir: dict[str, Path]
) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(nllb_dir["copy"], broken)
    (broken / "model.bin").write_bytes(b"not a model")
    engine = NllbEngine(read_nllb_model(broken))
    with pytest.raises(ModelLoadError, match="cannot load nllb:broken"):
        engine.translate_batch(["Hello."], source="en", target="uz")


def test_decode_drops_the_language_and_special_tokens(copy_engine: NllbEngine) -> None:
    processor = copy_engine.load().processor
    pieces = processor.encode("Hello world.", out_type=str)
    assert decode(processor, ["tgk_Cyrl", *pieces, "</s>"], "tgk_Cyrl") == "Hello world."
    assert decode(processor, [*pieces, "<pad>", "rus_Cyrl"], "tgk_Cyrl") == "Hello world."
    assert decode(processor, ["▁⟦1⟧", "▁x"], "tgk_Cyrl").startswith("⟦1⟧")


def test_cuda_falls_back_to_the_cpu_with_a_warning(
    nllb_dir: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    """On a machine without a GPU (this one, and CI) a model asked for on CUDA loads on
    the CPU and the log says why."""
    from worker.engines.device import cuda_devices

    if cuda_devices():
        pytest.skip("a GPU is present: nothing to fall back from")
    engine = NllbEngine(read_nllb_model(nllb_dir["copy"]), device="cuda")
    with caplog.at_level(logging.WARNING, logger="tarjima.engines"):
        assert engine.translate_batch(["Hello."], source="en", target="uz") == ["Hello."]
    assert engine.device == "cpu"
    assert "cannot load nllb:tiny-nllb on CUDA" in caplog.text
    assert "loading it on the CPU instead" in caplog.text
