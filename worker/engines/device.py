"""Where CTranslate2 runs: the configured device, or the CPU when no GPU is there.

``TARJIMA_DEVICE`` is ``cpu`` (the default), ``cuda`` or ``auto``. A worker configured
with ``cuda`` on a machine where CTranslate2 sees no CUDA device (no GPU, no driver, or a
CPU-only build of CTranslate2) does not fail: it translates on the CPU and says so once,
in a warning that names the setting, so that a slow deployment is explained by its log.
``auto`` takes the GPU when there is one, without a warning when there is none.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

from publisher.core.config import Device

log = logging.getLogger("tarjima.engines")


def cuda_devices() -> int:
    """How many CUDA devices CTranslate2 can use here (0 with a CPU-only build)."""
    import ctranslate2

    try:
        return int(ctranslate2.get_cuda_device_count())
    except RuntimeError:  # a broken CUDA installation: no usable device
        return 0


def resolve_device(requested: Device) -> Literal["cpu", "cuda"]:
    """The device to load models on, given the configured one."""
    if requested == "cpu":
        return "cpu"
    count = cuda_devices()
    if count > 0:
        log.info("translating on CUDA (%d device%s visible)", count, "" if count == 1 else "s")
        return "cuda"
    if requested == "cuda":
        log.warning(
            "TARJIMA_DEVICE=cuda but CTranslate2 sees no CUDA device (no GPU, no driver, or a "
            "CPU-only CTranslate2 build): translating on the CPU instead"
        )
    return "cpu"


def load_translator(
    path: str, *, device: Literal["cpu", "cuda"], model: str, intra_threads: int = 0
) -> tuple[Any, Literal["cpu", "cuda"]]:
    """A ``ctranslate2.Translator`` for the model in ``path`` and the device it runs on:
    one that fails to load on CUDA is loaded on the CPU, with a warning naming ``model``."""
    import ctranslate2

    options: dict[str, Any] = {"inter_threads": 1, "intra_threads": intra_threads}
    if device == "cuda":
        try:
            return ctranslate2.Translator(path, device="cuda", **options), "cuda"
        except (RuntimeError, ValueError) as exc:
            log.warning("cannot load %s on CUDA (%s): loading it on the CPU instead", model, exc)
    return ctranslate2.Translator(path, device="cpu", **options), "cpu"
