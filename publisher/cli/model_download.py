"""``tarjima models download``: which names it takes, and the NLLB download's messages.

A name is an Argos pair (``en-ru``, ``translate-en_ru``: the Argos index) or a known
NLLB-200 model (``nllb-200-distilled-600M``...: the Hugging Face Hub, converted here).
Every name is checked before anything is downloaded. Errors become one line with what to
do next; nothing half-installed is left (the download cache is, so a rerun resumes).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console

from publisher.core.errors import InputError, OfflineError, TarjimaError

if TYPE_CHECKING:
    from publisher.core.config import Settings
    from worker.engines.nllb_download import KnownModel
    from worker.engines.nllb_models import NllbModel

ARGOS_NAME_HINT = "Argos pairs such as en-ru, en-ky (or translate-en_ru)"


def check_download_names(names: Sequence[str]) -> list[tuple[str, KnownModel | None]]:
    """Each name with its NLLB model (None for an Argos pair); an unknown name is refused."""
    from worker.engines.nllb_download import KNOWN_MODELS, known_model
    from worker.engines.packages import parse_pair

    checked: list[tuple[str, KnownModel | None]] = []
    for name in names:
        nllb = known_model(name)
        if nllb is None and parse_pair(name) is None:
            raise InputError(
                f"unknown model {name!r}: known are {', '.join(KNOWN_MODELS)} "
                f"(NLLB-200, from the Hugging Face Hub) and {ARGOS_NAME_HINT}"
            )
        checked.append((name, nllb))
    return checked


def hub_endpoint(settings: Settings) -> str:
    """TARJIMA_HF_ENDPOINT, else huggingface_hub's own HF_ENDPOINT, else the Hub."""
    from worker.engines.hub_download import DEFAULT_HF_ENDPOINT

    return settings.hf_endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_HF_ENDPOINT


def download_nllb(settings: Settings, model: KnownModel, console: Console) -> NllbModel:
    """Download, convert and install ``model``, showing progress on ``console``."""
    from publisher.cli.download_progress import DownloadDisplay
    from worker.engines.hub_download import (
        HubBrokeOffError,
        HubRefusedError,
        HubUnavailableError,
    )
    from worker.engines.index import DownloadRefusedError
    from worker.engines.model_limits import ModelLimits
    from worker.engines.nllb_download import download_folder, download_nllb_model
    from worker.engines.nllb_models import NllbModelError

    endpoint = hub_endpoint(settings)
    models_dir = settings.resolved_models_dir
    try:
        with DownloadDisplay(console) as display:
            installed = download_nllb_model(
                model,
                models_dir,
                endpoint,
                limits=ModelLimits.from_settings(settings),
                stage=display.stage,
                started=display.started,
                advanced=display.advanced,
            )
    except HubUnavailableError as exc:
        broke_off = isinstance(exc, HubBrokeOffError)
        what = (
            "the download from the Hugging Face Hub broke off"
            if broke_off
            else "no internet access to the Hugging Face Hub"
        )
        # No internet at all is expected offline (a plain line); a download that broke
        # off midway is an error.
        raise (TarjimaError if broke_off else OfflineError)(
            f"{model.name}: {what} ({exc}); nothing installed. Connect this machine (or point "
            "HF_ENDPOINT or TARJIMA_HF_ENDPOINT at a mirror) and run the same command again: "
            f"it resumes what was downloaded into {download_folder(models_dir, model)}. "
            "Offline, convert the model elsewhere and run `tarjima models install FOLDER` "
            "(docs/operations.md, Models)"
        ) from exc
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM while converting (staging.py)
        raise TarjimaError(
            f"{model.name}: interrupted; nothing installed. Run the same command again: it "
            f"resumes what was downloaded into {download_folder(models_dir, model)}"
        ) from exc
    except (HubRefusedError, DownloadRefusedError, NllbModelError) as exc:
        raise TarjimaError(f"{model.name}: {exc}; nothing installed") from exc
    return installed
