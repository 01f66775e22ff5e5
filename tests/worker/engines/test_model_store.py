"""The shared rule of the model stores: model folders listed, staging and hidden ones
skipped, broken ones skipped with the reason logged, staging folders named as
``clear_leftovers`` expects."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from worker.engines.model_store import model_folders, read_models
from worker.engines.staging import STAGING_PREFIXES, staging_folder


class _Broken(Exception):
    pass


def _read(folder: Path) -> str:
    if not (folder / "model.bin").is_file():
        raise _Broken(f"{folder.name}: no model.bin")
    return folder.name


def _store(tmp_path: Path) -> Path:
    for name in ("b-model", "a-model", "broken", ".installing-x", ".removing-y", ".hidden", "nllb"):
        (tmp_path / name).mkdir()
    for name in ("a-model", "b-model", ".installing-x"):
        (tmp_path / name / "model.bin").write_bytes(b"x")
    (tmp_path / "a-file").write_text("not a folder")
    return tmp_path


def test_model_folders(tmp_path: Path) -> None:
    root = _store(tmp_path)
    assert [p.name for p in model_folders(root)] == ["a-model", "b-model", "broken", "nllb"]
    assert [p.name for p in model_folders(root, besides={"nllb"})] == [
        "a-model",
        "b-model",
        "broken",
    ]
    assert model_folders(tmp_path / "missing") == []


def test_read_models_skips_broken_ones_and_logs_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _store(tmp_path)
    with caplog.at_level(logging.INFO, logger="tarjima.engines"):
        assert read_models(root, _read, _Broken) == ["a-model", "b-model"]
    assert "broken: no model.bin" in caplog.text
    assert "nllb: no model.bin" in caplog.text
    assert read_models(root, _read, _Broken, besides={"b-model"}) == ["a-model"]


def test_other_errors_are_not_swallowed(tmp_path: Path) -> None:
    def read(folder: Path) -> str:
        raise OSError("disk")

    (tmp_path / "m").mkdir()
    with pytest.raises(OSError, match="disk"):
        read_models(tmp_path, read, _Broken)


def test_staging_folder(tmp_path: Path) -> None:
    with staging_folder(tmp_path, "installing") as tmp:
        assert Path(tmp).name.startswith(STAGING_PREFIXES[0])
        assert Path(tmp).parent == tmp_path
    with staging_folder(tmp_path, "removing") as tmp:
        assert Path(tmp).name.startswith(STAGING_PREFIXES[1])
    assert list(tmp_path.iterdir()) == []
