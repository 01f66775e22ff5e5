"""Installed NLLB models: what a converted model folder must hold, atomic installs,
choosing the model, removing it. Every refusal leaves the models folder as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from worker.engines.nllb_models import (
    NllbModelError,
    choose_nllb_model,
    install_nllb_model,
    installed_nllb_models,
    read_nllb_model,
    remove_nllb_model,
)


def _copy(source: Path, tmp_path: Path, name: str = "converted") -> Path:
    target = tmp_path / "incoming" / name
    shutil.copytree(source, target)
    return target


def _tree(folder: Path) -> list[str]:
    return (
        sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
        if folder.exists()
        else []
    )


def test_install_list_choose_and_remove(tmp_path: Path, nllb_dir: dict[str, Path]) -> None:
    models = tmp_path / "models"
    installed = install_nllb_model(nllb_dir["copy"], models)
    assert installed.path == models / "nllb" / "tiny-nllb"
    assert installed.locales == ("en", "uz", "ky", "tg", "ru")
    assert (installed.path / "sentencepiece.bpe.model").is_file()
    assert [m.name for m in installed_nllb_models(models)] == ["tiny-nllb"]
    assert choose_nllb_model(models, None) == installed  # the only one: chosen
    second = install_nllb_model(nllb_dir["random"], models, name="nllb-random")
    assert [m.name for m in installed_nllb_models(models)] == ["nllb-random", "tiny-nllb"]
    with pytest.raises(NllbModelError, match="choose one with TARJIMA_NLLB_MODEL"):
        choose_nllb_model(models, None)
    assert choose_nllb_model(models, "nllb-random") == second
    with pytest.raises(NllbModelError, match=r"'nllb-1\.3B' is not installed"):
        choose_nllb_model(models, "nllb-1.3B")
    removed = remove_nllb_model(models, "nllb-random")
    assert removed is not None and removed.name == "nllb-random"
    assert remove_nllb_model(models, "nllb-random") is None
    assert remove_nllb_model(models, "../models") is None  # not a model name
    assert [p.name for p in (models / "nllb").iterdir()] == ["tiny-nllb"]
    assert choose_nllb_model(tmp_path / "empty", None) is None


def test_reinstalling_replaces_the_model_in_one_step(
    tmp_path: Path, nllb_dir: dict[str, Path]
) -> None:
    models = tmp_path / "models"
    install_nllb_model(nllb_dir["copy"], models, name="nllb")
    install_nllb_model(nllb_dir["random"], models, name="nllb")
    readme = (models / "nllb" / "nllb" / "README.md").read_text(encoding="utf-8")
    assert "random weights" in readme
    assert [p.name for p in (models / "nllb").iterdir()] == ["nllb"]  # no leftovers


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("no-model", "no model.bin"),
        ("no-config", "no config.json"),
        ("no-sentencepiece", "--copy_files sentencepiece.bpe.model"),
        ("no-vocabulary", "no shared vocabulary"),
        ("bad-vocabulary", "unreadable shared_vocabulary.json"),
        ("not-nllb", "no eng_Latn token: not an NLLB-200 model"),
        ("other-languages", "covers none of uz, ky, tg, ru"),
        ("corrupt-weights", "the model does not load"),
        ("bad-name", "not a usable model name"),
    ],
)
def test_bad_model_folders_are_refused_and_nothing_is_installed(
    tmp_path: Path, nllb_dir: dict[str, Path], damage: str, message: str
) -> None:
    models = tmp_path / "models"
    install_nllb_model(nllb_dir["copy"], models, name="kept")
    before = _tree(models)
    folder = _copy(nllb_dir["copy"], tmp_path)
    vocabulary = folder / "shared_vocabulary.json"
    tokens = json.loads(vocabulary.read_text(encoding="utf-8"))
    name = None
    if damage == "no-model":
        (folder / "model.bin").unlink()
    elif damage == "no-config":
        (folder / "config.json").unlink()
    elif damage == "no-sentencepiece":
        (folder / "sentencepiece.bpe.model").unlink()
    elif damage == "no-vocabulary":
        vocabulary.unlink()
    elif damage == "bad-vocabulary":
        vocabulary.write_text('{"not": "a list"}', encoding="utf-8")
    elif damage == "not-nllb":
        vocabulary.write_text(json.dumps([t for t in tokens if t != "eng_Latn"]), "utf-8")
    elif damage == "other-languages":
        kept = [t for t in tokens if t not in {"uzn_Latn", "kir_Cyrl", "tgk_Cyrl", "rus_Cyrl"}]
        vocabulary.write_text(json.dumps(kept), encoding="utf-8")
    elif damage == "corrupt-weights":
        (folder / "model.bin").write_bytes(b"\x00" * 64)
    elif damage == "bad-name":
        name = "../escape"
    with pytest.raises(NllbModelError, match=message.replace(".", r"\.")):
        install_nllb_model(folder, models, name=name)
    assert _tree(models) == before


def test_a_text_vocabulary_is_read_too(tmp_path: Path, nllb_dir: dict[str, Path]) -> None:
    """Older CTranslate2 converters write shared_vocabulary.txt, one token per line."""
    folder = _copy(nllb_dir["copy"], tmp_path)
    tokens = json.loads((folder / "shared_vocabulary.json").read_text(encoding="utf-8"))
    (folder / "shared_vocabulary.json").unlink()
    (folder / "shared_vocabulary.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    assert read_nllb_model(folder).locales == ("en", "uz", "ky", "tg", "ru")
