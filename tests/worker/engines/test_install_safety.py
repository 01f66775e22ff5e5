"""Hostile NLLB model folders, and installs that are interrupted or killed: links and
special files are refused, sizes are bounded, and no staged copy outlives an install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from worker.engines.model_limits import ModelLimits
from worker.engines.nllb_models import NllbModelError, install_nllb_model, installed_nllb_models
from worker.engines.packages import install_package, installed_packages
from worker.engines.staging import InstallBusyError, install_session

REPO = Path(__file__).resolve().parents[3]


def _folder(nllb_dir: dict[str, Path], tmp_path: Path) -> Path:
    folder = tmp_path / "incoming" / "converted"
    shutil.copytree(nllb_dir["copy"], folder)
    return folder


def _everything(models: Path) -> list[str]:
    """What lies under ``models`` (an empty ``nllb`` folder counts as nothing)."""
    found = (
        sorted(p.relative_to(models).as_posix() for p in models.rglob("*"))
        if models.exists()
        else []
    )
    return [] if found == ["nllb"] else found


def _refused(folder: Path, models: Path, message: str, limits: ModelLimits | None = None) -> None:
    before = _everything(models)
    with pytest.raises(NllbModelError, match=message):
        install_nllb_model(folder, models, limits=limits or ModelLimits())
    assert _everything(models) == before


def test_a_link_to_the_secret_key_is_refused(tmp_path: Path, nllb_dir: dict[str, Path]) -> None:
    """Tried: the auditor's folder with a symlink to the installation's own secret_key;
    today it is followed and the key is copied into the models folder."""
    secret = tmp_path / "var" / "secret_key"
    secret.parent.mkdir()
    secret.write_text("s3cr3t-signing-key")
    folder = _folder(nllb_dir, tmp_path)
    (folder / "secret_key").symlink_to(secret)
    models = tmp_path / "models"
    _refused(folder, models, "secret_key is a symbolic link")
    assert not any(p.is_file() and b"s3cr3t" in p.read_bytes() for p in models.rglob("*"))


def test_a_link_to_an_outside_folder_is_refused(tmp_path: Path, nllb_dir: dict[str, Path]) -> None:
    """Tried: a symlink to a directory outside the model folder (today copied whole)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.txt").write_text("not a model file")
    folder = _folder(nllb_dir, tmp_path)
    (folder / "tokenizer").mkdir()
    (folder / "tokenizer" / "extra").symlink_to(outside, target_is_directory=True)
    _refused(folder, tmp_path / "models", "tokenizer/extra is a symbolic link")


def test_a_link_to_dev_zero_is_refused_without_reading_it(
    tmp_path: Path, nllb_dir: dict[str, Path]
) -> None:
    """Tried: model.bin replaced by a link to /dev/zero; today the copy never ends."""
    folder = _folder(nllb_dir, tmp_path)
    (folder / "model.bin").unlink()
    (folder / "model.bin").symlink_to("/dev/zero")
    _refused(folder, tmp_path / "models", "model.bin is a symbolic link")


def test_a_fifo_is_refused_without_blocking(tmp_path: Path, nllb_dir: dict[str, Path]) -> None:
    """Tried: a named pipe in the folder (reading it would wait for a writer forever)."""
    folder = _folder(nllb_dir, tmp_path)
    os.mkfifo(folder / "pipe")
    _refused(folder, tmp_path / "models", "pipe is a special file")


def test_the_size_and_file_count_are_bounded(tmp_path: Path, nllb_dir: dict[str, Path]) -> None:
    """Tried: a folder over the size limit (a large sparse file: no disk used) and one with
    more files than the limit; both refused before a byte is copied."""
    folder = _folder(nllb_dir, tmp_path)
    with (folder / "padding.bin").open("wb") as sparse:
        sparse.truncate(64 << 30)  # 64 GiB declared, nothing written
    _refused(
        folder, tmp_path / "models", r"more than the 17179869184 allowed \(TARJIMA_NLLB_MAX_BYTES"
    )
    (folder / "padding.bin").unlink()
    for i in range(5):
        (folder / f"shard-{i}").write_bytes(b"x")
    _refused(
        folder,
        tmp_path / "models",
        r"more than the 6 files and folders allowed",
        ModelLimits(folder_max_files=6),
    )


def test_a_later_run_clears_leftovers(
    tmp_path: Path, nllb_dir: dict[str, Path], package_dir: dict[str, Path]
) -> None:
    """Tried: staging folders left by installs killed outright (SIGKILL): the next install
    removes them, Argos's and NLLB's alike."""
    models = tmp_path / "models"
    for stale in (
        models / ".installing-abc",
        models / "nllb" / ".installing-def",
        models / "nllb" / ".removing-ghi",
    ):
        (stale / "model").mkdir(parents=True)
        (stale / "model" / "model.bin").write_bytes(b"half copied")
    install_nllb_model(nllb_dir["copy"], models)
    assert _everything(models / "nllb")[0] == "tiny-nllb"
    assert not [p for p in models.rglob(".installing-*")] + list(models.rglob(".removing-*"))
    (models / ".installing-jkl").mkdir()
    (models / "nllb" / ".installing-mno").mkdir()
    install_package(package_dir["en-ru"], models)
    assert sorted(p.name for p in models.iterdir()) == ["nllb", "translate-en_ru"]
    assert sorted(p.name for p in (models / "nllb").iterdir()) == ["tiny-nllb"]


def test_one_install_at_a_time(
    tmp_path: Path, nllb_dir: dict[str, Path], package_dir: dict[str, Path]
) -> None:
    """Tried: a second install while one holds the models folder: it is refused rather than
    sharing (or clearing) the first one's staging folder."""
    models = tmp_path / "models"
    with install_session(models):
        with pytest.raises(InstallBusyError, match="another install or removal is running"):
            install_nllb_model(nllb_dir["copy"], models)
        with pytest.raises(InstallBusyError):
            install_package(package_dir["en-ru"], models)
    assert installed_nllb_models(models) == [] and installed_packages(models) == []


_INTERRUPTED_INSTALL = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    import worker.engines.nllb_models as nllb
    import worker.engines.packages as packages

    def stop_when_staged(read):
        def wrapped(path):
            if ".installing-" in str(path):  # the copy is staged: now the SIGTERM comes
                os.kill(os.getpid(), signal.SIGTERM)
            return read(path)
        return wrapped

    nllb.read_nllb_model = stop_when_staged(nllb.read_nllb_model)
    packages.read_package = stop_when_staged(packages.read_package)
    source, models = Path(sys.argv[1]), Path(sys.argv[2])
    if source.is_dir():
        nllb.install_nllb_model(source, models)
    else:
        packages.install_package(source, models)
""")


@pytest.mark.parametrize("kind", ["nllb", "argos"])
def test_sigterm_during_an_install_leaves_nothing_behind(
    tmp_path: Path, nllb_dir: dict[str, Path], package_dir: dict[str, Path], kind: str
) -> None:
    """Tried: SIGTERM arriving while the copy is staged (a service manager stopping the
    process); today the process dies at once and `.installing-*` stays behind."""
    models = tmp_path / "models"
    source = nllb_dir["copy"] if kind == "nllb" else package_dir["en-ru"]
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_INSTALL, str(source), str(models)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "stopped by SIGTERM" in done.stderr, done.stderr
    assert _everything(models) == []
