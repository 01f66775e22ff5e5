"""``tarjima models download nllb-200-...``: fetch Meta's checkpoint, convert it, install it.

Three stages, each reported to the caller:

1. **downloading** ``facebook/<name>`` from the Hugging Face Hub (or the mirror named by
   ``HF_ENDPOINT`` / ``TARJIMA_HF_ENDPOINT``): only the files the conversion needs (the
   config, the weights as safetensors where the repository has them, else the PyTorch
   ``.bin`` files, and the tokenizer files) into ``<models_dir>/.downloads/<name>/<commit>/``.
   A broken download resumes where it stopped on the next run (``hub_download``).
2. **converting** with CTranslate2's ``TransformersConverter`` (int8, with
   ``sentencepiece.bpe.model`` copied) into a ``.installing-*`` staging folder, which
   is removed on any failure or interrupt.
3. **installing** through :func:`install_nllb_in_session`, which checks the folder and that
   CTranslate2 loads it, and renames it into ``<models_dir>/nllb/<name>``.

The download folder is removed after a successful install: the checkpoint is 2.5-17.6 GB
and nothing reads it once the model is converted. After a failure it is kept, so the next
run resumes instead of starting over.

The conversion needs ``transformers`` (the ``convert`` extra); it is imported only here,
in the function that converts, so the base install and the CLI's start stay light.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from worker.engines.hub_download import (
    INCOMPLETE,
    HubFile,
    HubRefusedError,
    download_files,
    fetch_snapshot,
)
from worker.engines.model_limits import DEFAULT_LIMITS, ModelLimits
from worker.engines.nllb_models import (
    NLLB_FOLDER,
    SENTENCEPIECE_FILE,
    NllbModel,
    NllbModelError,
    install_nllb_in_session,
)
from worker.engines.staging import install_session

HUB_ORGANIZATION = "facebook"
DOWNLOADS_FOLDER = ".downloads"
QUANTIZATION = "int8"
GB = 1e9
CONVERT_EXTRA_HINT = (
    "converting an NLLB model needs the optional `convert` extra (transformers): install it "
    "with `.venv/bin/pip install -e '.[convert]'` (or `pip install 'tarjima[convert]'`) and "
    "run the command again"
)
_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")
_CONFIG_FILES = ("config.json", "generation_config.json")

Stage = Callable[[str, str], None]


@dataclass(frozen=True)
class KnownModel:
    """An NLLB-200 checkpoint Tarjima knows how to download (sizes for the docs and CLI)."""

    name: str
    download_gb: float
    installed_gb: float

    @property
    def repo(self) -> str:
        return f"{HUB_ORGANIZATION}/{self.name}"


KNOWN_MODELS: Mapping[str, KnownModel] = MappingProxyType(
    {
        m.name: m
        for m in (
            KnownModel("nllb-200-distilled-600M", 2.5, 0.6),
            KnownModel("nllb-200-distilled-1.3B", 5.5, 1.4),
            KnownModel("nllb-200-1.3B", 5.5, 1.4),
            KnownModel("nllb-200-3.3B", 17.6, 3.3),
        )
    }
)


class ConvertExtraMissingError(NllbModelError):
    """``transformers`` is not installed: the ``convert`` extra is needed."""


def known_model(name: str) -> KnownModel | None:
    """The known model ``name`` (``facebook/`` prefix allowed), or None."""
    return KNOWN_MODELS.get(name.removeprefix(f"{HUB_ORGANIZATION}/"))


def require_convert_extra() -> None:
    """Refuse early, before any download, when the converter cannot run."""
    if importlib.util.find_spec("transformers") is None:
        raise ConvertExtraMissingError(CONVERT_EXTRA_HINT)


def checkpoint_files(files: Sequence[HubFile]) -> list[HubFile]:
    """The files the conversion reads: config, one set of weights, the tokenizer."""
    # Top-level files only: a listed name is a path under the download folder.
    files = [
        f for f in files if "/" not in f.name and "\\" not in f.name and not f.name.startswith(".")
    ]
    names = {file.name for file in files}
    safetensors = [
        f
        for f in files
        if f.name.endswith(".safetensors") or f.name == "model.safetensors.index.json"
    ]
    pytorch = [
        f
        for f in files
        if f.name.startswith("pytorch_model")
        and (f.name.endswith(".bin") or f.name.endswith(".bin.index.json"))
    ]
    weights = safetensors if any(f.name.endswith(".safetensors") for f in safetensors) else pytorch
    missing = [n for n in ("config.json", SENTENCEPIECE_FILE) if n not in names]
    if not weights or missing:
        raise HubRefusedError(
            "the repository lacks "
            + ", ".join(
                missing + ([] if weights else ["weights (.safetensors or pytorch_model.bin)"])
            )
        )
    wanted = {*_CONFIG_FILES, *_TOKENIZER_FILES, SENTENCEPIECE_FILE}
    return [f for f in files if f.name in wanted] + weights


def check_free_space(folder: Path, files: Sequence[HubFile]) -> None:
    """Refuse to start when the disk cannot hold what is left to download (a partial file
    counts as downloaded) plus the converted model and its staged copy (about half the
    checkpoint: int8 weights are a quarter of float32, twice)."""
    total = sum(f.size or 0 for f in files)
    have = sum(_size_on_disk(folder, f.name) for f in files)
    needed = total - have + total // 2
    probe = folder
    while not probe.exists():
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    if free < needed:
        raise NllbModelError(
            f"not enough disk space in {probe}: about {needed / GB:.1f} GB "
            f"needed (download, conversion, install), {free / GB:.1f} GB free"
        )


def _size_on_disk(folder: Path, name: str) -> int:
    for candidate in (folder / name, folder / f"{name}{INCOMPLETE}"):
        if candidate.is_file():
            return candidate.stat().st_size
    return 0


def convert_checkpoint(checkpoint: Path, output: Path, quantization: str = QUANTIZATION) -> Path:
    """Convert a Hugging Face NLLB checkpoint folder to a CTranslate2 model folder."""
    require_convert_extra()
    from ctranslate2.converters import TransformersConverter

    try:
        converter = TransformersConverter(
            str(checkpoint), copy_files=[SENTENCEPIECE_FILE], low_cpu_mem_usage=True
        )
        converter.convert(str(output), quantization=quantization, force=True)
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        raise NllbModelError(
            f"converting {checkpoint.name} failed, nothing installed: {exc}"
        ) from exc
    return output


def download_folder(models_dir: Path, model: KnownModel) -> Path:
    """Where the checkpoint of ``model`` is downloaded (kept until the install succeeds)."""
    return models_dir / DOWNLOADS_FOLDER / model.name


def download_nllb_model(
    model: KnownModel,
    models_dir: Path,
    endpoint: str,
    *,
    limits: ModelLimits = DEFAULT_LIMITS,
    stage: Stage | None = None,
    started: Callable[[str, int, int], None] | None = None,
    advanced: Callable[[str, int], None] | None = None,
) -> NllbModel:
    """Download, convert and install ``model``; see the module's docstring."""
    require_convert_extra()
    report = stage or (lambda _stage, _detail: None)
    report("downloading", f"{model.repo} from {endpoint}")
    snapshot = fetch_snapshot(endpoint, model.repo, limits)
    cache = download_folder(models_dir, model)
    files = checkpoint_files(snapshot.files)
    check_free_space(cache / snapshot.commit, files)
    checkpoint = download_files(
        endpoint,
        snapshot,
        files,
        cache / snapshot.commit,
        limits,
        started=started,
        advanced=advanced,
    )
    root = models_dir / NLLB_FOLDER
    with install_session(models_dir, root):
        root.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory(dir=root, prefix=".installing-convert-") as tmp:
            report("converting", f"{model.name} to CTranslate2 ({QUANTIZATION})")
            converted = convert_checkpoint(checkpoint, Path(tmp) / model.name)
            report("installing", f"{model.name} into {root}")
            installed = install_nllb_in_session(converted, models_dir, model.name, limits)
    shutil.rmtree(cache, ignore_errors=True)
    return installed
