"""Engine choice per target locale (TARJIMA_ENGINE, TARJIMA_ENGINES) over the real Argos
and NLLB engines, and the device setting."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pydantic import ValidationError

from publisher.core.config import Settings
from worker.engines.argos import ArgosEngine
from worker.engines.base import NoRouteError
from worker.engines.device import cuda_devices, resolve_device
from worker.engines.factory import create_engine, create_router
from worker.engines.nllb_models import install_nllb_model
from worker.engines.packages import install_package
from worker.engines.router import LocaleRouter

pytestmark = pytest.mark.integration


@pytest.fixture()
def models(tmp_path: Path, package_dir: dict[str, Path], nllb_dir: dict[str, Path]) -> Path:
    """Argos packages for ru and ky, the tiny NLLB model for everything."""
    folder = tmp_path / "models"
    for name in ("en-ru", "en-ky"):
        install_package(package_dir[name], folder)
    install_nllb_model(nllb_dir["copy"], folder)
    return folder


def _engines(router: LocaleRouter) -> dict[str, str | None]:
    return {code: router.choose("en", code).engine for code in ("uz", "ky", "tg", "ru")}


def test_auto_takes_argos_where_a_package_exists_and_nllb_elsewhere(
    tmp_path: Path, models: Path
) -> None:
    router = create_router(Settings(data_dir=tmp_path, models_dir=models))
    assert _engines(router) == {"uz": "nllb", "ky": "argos", "tg": "nllb", "ru": "argos"}
    uz = router.route("en", "uz")
    assert uz is not None and uz.identity == "nllb:tiny-nllb"
    text = ["Sadyr Japarov met Emomali Rahmon on ⟦1⟧July 18⟦/1⟧."]
    for target in ("uz", "ky", "tg", "ru"):  # every copy model returns its input
        assert router.translate_batch(text, source="en", target=target) == text
    assert ("en", "uz") in router.pairs and ("en", "ru") in router.pairs
    assert router.describe(["uz", "ru"]) == "uz: nllb:tiny-nllb; ru: argos:en-ru:0.0.test"


def test_configuration_chooses_the_engine_per_locale(tmp_path: Path, models: Path) -> None:
    settings = Settings(data_dir=tmp_path, models_dir=models, engines="ru=nllb,uz=argos")  # type: ignore[arg-type]
    router = create_router(settings)
    assert _engines(router) == {"uz": None, "ky": "argos", "tg": "nllb", "ru": "nllb"}
    assert router.describe(["uz"]) == "uz: none (human translators)"
    assert router.route("en", "ru").identity == "nllb:tiny-nllb"  # type: ignore[union-attr]
    with pytest.raises(NoRouteError, match="en->uz"):  # Argos has no en->uz: humans do it
        router.translate_batch(["Hello."], source="en", target="uz")
    only_argos = create_router(Settings(data_dir=tmp_path, models_dir=models, engine="argos"))
    assert _engines(only_argos) == {"uz": None, "ky": "argos", "tg": None, "ru": "argos"}
    only_nllb = create_engine(Settings(data_dir=tmp_path, models_dir=models, engine="nllb"))
    assert {only_nllb.route("en", c).identity for c in ("uz", "ky", "tg", "ru")} == {  # type: ignore[union-attr]
        "nllb:tiny-nllb"
    }


def test_engine_settings_are_checked() -> None:
    parsed = Settings(engines=" uz = nllb , tg=nllb ")  # type: ignore[arg-type]
    assert parsed.engines == {"uz": "nllb", "tg": "nllb"}
    with pytest.raises(ValidationError, match="fr is not a target locale"):
        Settings(engines="fr=nllb")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Settings(engines="uz=google")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="engine must be one of auto, argos, nllb"):
        Settings(engine="marian")
    with pytest.raises(ValidationError):
        Settings(device="tpu")  # type: ignore[arg-type]


def test_several_nllb_models_without_a_choice_leave_nllb_unused_and_say_why(
    tmp_path: Path, models: Path, nllb_dir: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    install_nllb_model(nllb_dir["random"], models, name="other")
    with caplog.at_level(logging.ERROR, logger="tarjima.engines"):
        router = create_router(Settings(data_dir=tmp_path, models_dir=models))
    assert _engines(router) == {"uz": None, "ky": "argos", "tg": None, "ru": "argos"}
    assert "choose one with TARJIMA_NLLB_MODEL" in caplog.text
    chosen = create_router(Settings(data_dir=tmp_path, models_dir=models, nllb_model="other"))
    assert chosen.route("en", "uz").identity == "nllb:other"  # type: ignore[union-attr]


def test_device_cuda_without_a_gpu_falls_back_to_the_cpu_with_a_log_line(
    tmp_path: Path, models: Path, caplog: pytest.LogCaptureFixture
) -> None:
    if cuda_devices():
        pytest.skip("a GPU is present: nothing to fall back from")
    with caplog.at_level(logging.INFO, logger="tarjima.engines"):
        assert resolve_device("cpu") == "cpu"
        assert resolve_device("auto") == "cpu"
        assert caplog.text == ""  # auto without a GPU is not a problem
        assert resolve_device("cuda") == "cpu"
    assert "TARJIMA_DEVICE=cuda but CTranslate2 sees no CUDA device" in caplog.text
    assert "translating on the CPU instead" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="tarjima.engines"):
        router = create_router(Settings(data_dir=tmp_path, models_dir=models, device="cuda"))
        text = ["It seemed simple enough."]
        assert router.translate_batch(text, source="en", target="ru") == text
        assert router.translate_batch(text, source="en", target="uz") == text
    assert "translating on the CPU instead" in caplog.text
    assert {getattr(e, "device", None) for e in router.engines.values()} == {"cpu"}
    # An engine built for CUDA directly (no resolve_device) still loads on the CPU.
    caplog.clear()
    argos = ArgosEngine(models, device="cuda")
    with caplog.at_level(logging.WARNING, logger="tarjima.engines"):
        assert argos.translate_batch(text, source="en", target="ru") == text
    assert "cannot load argos:en-ru:0.0.test on CUDA" in caplog.text
    assert argos.device == "cpu"
