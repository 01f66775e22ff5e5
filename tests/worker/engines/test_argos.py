"""The Argos/CTranslate2 engine with packages built on the fly (no downloads)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from worker.engines.argos import ArgosEngine
from worker.engines.base import ModelLoadError, NoRouteError
from worker.engines.packages import install_package


def _engine(tmp_path: Path, package_dir: dict[str, Path], *names: str) -> ArgosEngine:
    models = tmp_path / "models"
    for name in names:
        install_package(package_dir[name], models)
    return ArgosEngine(models)


class _CountingTranslator:
    """Wraps a real ctranslate2.Translator and counts translate_batch calls."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.calls = inner, 0

    def translate_batch(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.inner.translate_batch(*args, **kwargs)


def test_routes_direct_pivot_and_none(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    engine = _engine(tmp_path, package_dir, "en-ru", "ru-en", "en-ky")
    assert engine.route("en", "ru").legs == (("en", "ru"),)  # type: ignore[union-attr]
    pivot = engine.route("ru", "ky")
    assert pivot is not None and pivot.legs == (("ru", "en"), ("en", "ky")) and pivot.pivot == "en"
    assert engine.route("en", "uz") is None
    # The Argos index has no en->uz package: the hint names the engine that covers it.
    with pytest.raises(NoRouteError) as refused:
        engine.translate_batch(["Hello."], source="en", target="uz")
    assert "translate-en_uz" not in str(refused.value)
    assert (
        "Argos Translate has no package for en->uz, the engine uz is set to use; the "
        "NLLB-200 model covers en->uz; install it with "
        "`tarjima models download nllb-200-distilled-600M` and set "
        "TARJIMA_ENGINES=uz=nllb"
    ) in str(refused.value)


def test_whole_batch_in_one_call_exact_copy(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    engine = _engine(tmp_path, package_dir, "en-ru")
    loaded = engine.load(("en", "ru"))
    counter = _CountingTranslator(loaded.translator)
    loaded.translator = counter
    texts = [f"Segment {i} with ⟦1⟧ and snake_case_name." for i in range(40)] + ["", "  "]
    out = engine.translate_batch(texts, source="en", target="ru")
    assert out[:40] == texts[:40]  # underscores survive (Argos's decode would eat them)
    assert out[40:] == ["", "  "]  # blank segments never reach the model
    assert counter.calls == 1


def test_pivot_translates_through_english(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    engine = _engine(tmp_path, package_dir, "ru-en", "en-ky")
    assert engine.translate_batch(["Кыргыз 4 000."], source="ru", target="ky") == ["Кыргыз 4 000."]


def test_translator_loaded_once_per_pair(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    engine = _engine(tmp_path, package_dir, "en-ru")
    first = engine.load(("en", "ru"))
    engine.translate_batch(["One."], source="en", target="ru")
    assert engine.load(("en", "ru")) is first


def test_random_weights_model_runs(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    engine = _engine(tmp_path, package_dir, "en-ky-random")
    out = engine.translate_batch(["Kyrgyzstan.", "Tajikistan."], source="en", target="ky")
    assert len(out) == 2 and all(isinstance(text, str) for text in out)


def test_broken_model_is_a_clear_error(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    engine = _engine(tmp_path, package_dir, "en-ru")
    (tmp_path / "models" / "translate-en_ru" / "model" / "model.bin").write_bytes(b"garbage")
    with pytest.raises(ModelLoadError, match="cannot load argos:en-ru"):
        engine.translate_batch(["One."], source="en", target="ru")
