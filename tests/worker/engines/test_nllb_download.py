"""NLLB-200 from the Hub: download (resuming), convert with CTranslate2, install, translate.

The Hub is a server on 127.0.0.1 (tests/support/hub_server.py) serving a tiny checkpoint
in Hugging Face format (tests/support/nllb_checkpoint.py) as ``facebook/<name>``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.hub_server import COMMIT, serve_hub
from worker.engines.hub_download import HubFile, HubRefusedError, HubUnavailableError
from worker.engines.model_limits import ModelLimits
from worker.engines.nllb import NllbEngine
from worker.engines.nllb_download import (
    KNOWN_MODELS,
    ConvertExtraMissingError,
    checkpoint_files,
    download_folder,
    download_nllb_model,
    known_model,
    require_convert_extra,
)
from worker.engines.nllb_models import installed_nllb_models, read_nllb_model

LOOPBACK = ModelLimits(allow_loopback_http=True)
MODEL = KNOWN_MODELS["nllb-200-distilled-600M"]


def test_download_converts_installs_and_translates(
    tmp_path: Path, hf_nllb_checkpoint: Path
) -> None:
    models_dir = tmp_path / "models"
    seen: list[str] = []
    files: dict[str, int] = {}
    with serve_hub(MODEL.repo, hf_nllb_checkpoint) as (endpoint, hub):
        model = download_nllb_model(
            MODEL,
            models_dir,
            endpoint,
            limits=LOOPBACK,
            stage=lambda stage, _detail: seen.append(stage),
            started=lambda name, _done, total: files.__setitem__(name, total),
        )
    assert seen == ["downloading", "converting", "installing"]
    assert "model.safetensors" in files and "sentencepiece.bpe.model" in files
    assert model.path == models_dir / "nllb" / MODEL.name
    assert model.identity == "nllb:nllb-200-distilled-600M"
    assert read_nllb_model(model.path).locales == ("en", "uz", "ky", "tg", "ru")
    assert [m.name for m in installed_nllb_models(models_dir)] == [MODEL.name]
    # Only what the conversion needs was fetched; the download cache is gone after install.
    fetched = {p.rsplit("/", 1)[-1] for p, _ in hub.requests if "/resolve/" in p}
    assert "generation_config.json" in fetched and not fetched - {
        "config.json",
        "generation_config.json",
        "model.safetensors",
        "sentencepiece.bpe.model",
        "tokenizer.json",
        "tokenizer_config.json",
    }
    assert not download_folder(models_dir, MODEL).exists()
    assert [p.name for p in (models_dir / "nllb").iterdir()] == [MODEL.name]
    engine = NllbEngine(model)
    route = engine.route("en", "uz")
    assert route is not None and route.identity == "nllb:nllb-200-distilled-600M"
    for target in ("uz", "tg"):
        (text,) = engine.translate_batch(["Relations reached a low."], source="en", target=target)
        assert text.strip(), target


def test_a_broken_download_resumes_on_the_next_run(
    tmp_path: Path, hf_nllb_checkpoint: Path
) -> None:
    models_dir = tmp_path / "models"
    weights = "model.safetensors"
    with serve_hub(MODEL.repo, hf_nllb_checkpoint) as (endpoint, hub):
        hub.cut_after[weights] = 4096
        with pytest.raises(HubUnavailableError, match="broke off"):
            download_nllb_model(MODEL, models_dir, endpoint, limits=LOOPBACK)
        partial = download_folder(models_dir, MODEL) / COMMIT / f"{weights}.incomplete"
        assert partial.stat().st_size == 4096
        assert installed_nllb_models(models_dir) == []
        assert not (models_dir / "nllb").exists() or list((models_dir / "nllb").iterdir()) == []
        model = download_nllb_model(MODEL, models_dir, endpoint, limits=LOOPBACK)
    assert hub.ranged_requests(weights) == ["bytes=4096-"]
    assert read_nllb_model(model.path).name == MODEL.name


def test_offline_installs_nothing(tmp_path: Path, hf_nllb_checkpoint: Path) -> None:
    with serve_hub(MODEL.repo, hf_nllb_checkpoint) as (endpoint, _hub):
        pass  # the port is closed again: connections are refused
    models_dir = tmp_path / "models"
    with pytest.raises(HubUnavailableError, match="cannot reach"):
        download_nllb_model(MODEL, models_dir, endpoint, limits=LOOPBACK)
    assert installed_nllb_models(models_dir) == []


def test_plain_http_is_refused_unless_loopback_is_allowed(
    tmp_path: Path, hf_nllb_checkpoint: Path
) -> None:
    from worker.engines.index import DownloadRefusedError

    with (
        serve_hub(MODEL.repo, hf_nllb_checkpoint) as (endpoint, hub),
        pytest.raises(DownloadRefusedError, match="https only"),
    ):
        download_nllb_model(MODEL, tmp_path / "models", endpoint)
    assert hub.requests == []


def test_a_file_that_differs_from_the_hub_listing_is_refused(
    tmp_path: Path, hf_nllb_checkpoint: Path
) -> None:
    folder = tmp_path / "repo"
    shutil.copytree(hf_nllb_checkpoint, folder)
    models_dir = tmp_path / "models"
    with serve_hub(MODEL.repo, folder) as (endpoint, hub):
        hub.siblings = lambda: [  # type: ignore[method-assign]
            {**entry, "lfs": {"sha256": "0" * 64}} if entry["rfilename"] == "config.json" else entry
            for entry in type(hub).siblings(hub)
        ]
        with pytest.raises(HubRefusedError, match="checksum mismatch"):
            download_nllb_model(MODEL, models_dir, endpoint, limits=LOOPBACK)
    assert installed_nllb_models(models_dir) == []


def test_checkpoint_files_prefer_safetensors_and_need_the_tokenizer() -> None:
    def files(*names: str) -> list[HubFile]:
        return [HubFile(name, 1, None) for name in names]

    both = files(
        "config.json",
        "sentencepiece.bpe.model",
        "pytorch_model.bin",
        "model.safetensors",
        "README.md",
        "tokenizer.json",
        ".gitattributes",
    )
    assert sorted(f.name for f in checkpoint_files(both)) == [
        "config.json",
        "model.safetensors",
        "sentencepiece.bpe.model",
        "tokenizer.json",
    ]
    sharded = files(
        "config.json",
        "sentencepiece.bpe.model",
        "pytorch_model-00001-of-00002.bin",
        "pytorch_model-00002-of-00002.bin",
        "pytorch_model.bin.index.json",
        "flax_model.msgpack",
    )
    assert sorted(f.name for f in checkpoint_files(sharded)) == [
        "config.json",
        "pytorch_model-00001-of-00002.bin",
        "pytorch_model-00002-of-00002.bin",
        "pytorch_model.bin.index.json",
        "sentencepiece.bpe.model",
    ]
    with pytest.raises(HubRefusedError, match=r"sentencepiece\.bpe\.model, weights"):
        checkpoint_files(files("config.json", "README.md"))
    # A name that is a path (a hostile mirror) is never a file to fetch.
    escaping = files(
        "config.json",
        "sentencepiece.bpe.model",
        "model.safetensors",
        "pytorch_model/../../../evil.bin",
        "x/model.safetensors",
    )
    assert sorted(f.name for f in checkpoint_files(escaping)) == [
        "config.json",
        "model.safetensors",
        "sentencepiece.bpe.model",
    ]


def test_a_download_that_cannot_fit_on_the_disk_is_refused_before_it_starts(tmp_path: Path) -> None:
    from worker.engines.nllb_download import check_free_space
    from worker.engines.nllb_models import NllbModelError

    folder = tmp_path / "downloads" / "x"
    check_free_space(folder, [HubFile("model.safetensors", 1000, None)])
    with pytest.raises(NllbModelError, match="not enough disk space"):
        check_free_space(folder, [HubFile("model.safetensors", 1 << 60, None)])


def test_known_names_and_the_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    assert set(KNOWN_MODELS) == {
        "nllb-200-distilled-600M",
        "nllb-200-distilled-1.3B",
        "nllb-200-1.3B",
        "nllb-200-3.3B",
    }
    assert known_model("facebook/nllb-200-3.3B") is KNOWN_MODELS["nllb-200-3.3B"]
    assert known_model("en-ru") is None
    require_convert_extra()  # the test environment has the extra
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "transformers" else real(name, *a),
    )
    with pytest.raises(ConvertExtraMissingError, match=r"pip install -e '\.\[convert\]'"):
        require_convert_extra()
