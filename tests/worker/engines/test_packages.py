"""Installing .argosmodel archives: valid ones land atomically, bad ones change nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from worker.engines.packages import (
    PROBE_SENTENCE,
    PackageError,
    check_loads,
    doctor,
    install_package,
    installed_packages,
    parse_pair,
    remove_package,
)


def test_install_lists_and_replaces(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    models = tmp_path / "models"
    first = install_package(package_dir["en-ru"], models)
    assert (first.from_code, first.to_code) == ("en", "ru")
    assert [p.pair for p in installed_packages(models)] == [("en", "ru")]
    # Installing another package for the same pair replaces it: still one en->ru.
    install_package(package_dir["en-ru"], models)
    install_package(package_dir["en-ky"], models)
    assert sorted(p.pair for p in installed_packages(models)) == [("en", "ky"), ("en", "ru")]
    assert not [p for p in models.iterdir() if p.name.startswith(".installing")]


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"../evil/metadata.json": b"{}"}, "unsafe path"),
        ({"/abs/metadata.json": b"{}"}, "unsafe path"),
        ({"a/metadata.json": b"{}", "b/x": b""}, "exactly one top-level folder"),
        ({"pkg/metadata.json": b"not json"}, "unreadable metadata.json"),
        ({"pkg/metadata.json": b'{"from_code": "en"}'}, "lacks from_code"),
        ({"pkg/metadata.json": b'{"from_code": "en", "to_code": "ru"}'}, "no CTranslate2 model"),
        (
            {
                "pkg/metadata.json": b'{"from_code": "en", "to_code": "ru"}',
                "pkg/model/model.bin": b"",
            },
            "no tokenizer",
        ),
    ],
    ids=["traversal", "absolute", "two-roots", "bad-json", "no-codes", "no-model", "no-tokenizer"],
)
def test_bad_archives_are_refused_and_leave_nothing(
    tmp_path: Path, members: dict[str, bytes], message: str
) -> None:
    models = tmp_path / "models"
    archive = _zip(tmp_path / "bad.argosmodel", members)
    with pytest.raises(PackageError, match=message):
        install_package(archive, models)
    assert list(models.iterdir()) == []
    assert not (tmp_path / "evil").exists()


def test_not_a_zip_and_missing_file_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "model.argosmodel"
    text.write_text("hello")
    with pytest.raises(PackageError, match="not a zip archive"):
        install_package(text, tmp_path / "models")
    with pytest.raises(PackageError, match="no such file"):
        install_package(tmp_path / "missing.argosmodel", tmp_path / "models")


def test_corrupt_model_refused_and_working_package_kept(
    tmp_path: Path, package_dir: dict[str, Path]
) -> None:
    # Tried: an archive with all the right file names but junk contents, installed over a
    # working package of the same pair.
    models = tmp_path / "models"
    install_package(package_dir["en-ru"], models)
    junk = _zip(
        tmp_path / "junk.argosmodel",
        {
            "pkg/metadata.json": b'{"from_code": "en", "to_code": "ru"}',
            "pkg/model/model.bin": b"junk",
            "pkg/sentencepiece.model": b"junk",
        },
    )
    with pytest.raises(PackageError, match="does not load"):
        install_package(junk, models)
    assert [p.pair for p in installed_packages(models)] == [("en", "ru")]
    bad_code = _zip(
        tmp_path / "code.argosmodel",
        {
            "pkg/metadata.json": b'{"from_code": "en", "to_code": "../../x"}',
        },
    )
    with pytest.raises(PackageError, match="not a language code"):
        install_package(bad_code, models)


def _no_leftovers(models: Path) -> bool:
    return not [p for p in models.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    ("damage", "message"),
    [("truncated", "not a zip archive"), ("flipped-bytes", "corrupt archive")],
)
def test_corrupt_zip_leaves_nothing_and_keeps_the_old_package(
    tmp_path: Path, package_dir: dict[str, Path], damage: str, message: str
) -> None:
    models = tmp_path / "models"
    old = install_package(package_dir["en-ru"], models)
    data = bytearray(package_dir["en-ru"].read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 2]
    else:  # the zip directory is intact, a member's compressed bytes are not
        middle = len(data) // 2
        data[middle : middle + 64] = bytes(b ^ 0xFF for b in data[middle : middle + 64])
    corrupt = tmp_path / "corrupt.argosmodel"
    corrupt.write_bytes(bytes(data))
    with pytest.raises(PackageError, match=message):
        install_package(corrupt, models)
    assert installed_packages(models) == [old]
    check_loads(old)
    assert _no_leftovers(models)


def test_install_replaces_a_broken_folder_holding_its_name(
    tmp_path: Path, package_dir: dict[str, Path]
) -> None:
    models = tmp_path / "models"
    (models / "translate-en_ru" / "model").mkdir(parents=True)  # no metadata: not a package
    package = install_package(package_dir["en-ru"], models)
    assert package.path == models / "translate-en_ru" and _no_leftovers(models)


@pytest.mark.parametrize(
    ("name", "pair"),
    [
        ("en-ru", ("en", "ru")),
        ("translate-en_ky", ("en", "ky")),
        (" ru-en ", ("ru", "en")),
        ("english", None),
        ("en-ru-x", None),
        ("../en-ru", None),
    ],
)
def test_parse_pair(name: str, pair: tuple[str, str] | None) -> None:
    assert parse_pair(name) == pair


def test_remove_package(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    models = tmp_path / "models"
    install_package(package_dir["en-ru"], models)
    install_package(package_dir["en-ky"], models)
    removed = remove_package(models, ("en", "ru"))
    assert [p.pair for p in removed] == [("en", "ru")]
    assert [p.pair for p in installed_packages(models)] == [("en", "ky")]
    assert sorted(p.name for p in models.iterdir()) == ["translate-en_ky"]
    with pytest.raises(PackageError, match="no en->ru package is installed"):
        remove_package(models, ("en", "ru"))
    with pytest.raises(PackageError, match="no en->ru package is installed"):
        remove_package(tmp_path / "nowhere", ("en", "ru"))


def test_doctor_reports_working_and_broken_packages(
    tmp_path: Path, package_dir: dict[str, Path]
) -> None:
    models = tmp_path / "models"
    assert doctor(models) == []
    install_package(package_dir["en-ru"], models)
    ky = install_package(package_dir["en-ky"], models)
    (models / "stray").mkdir()
    (ky.path / "model" / "model.bin").write_bytes(b"junk")  # broken after install
    results = {checkup.name: checkup for checkup in doctor(models)}
    assert results["translate-en_ru"].ok
    assert results["translate-en_ru"].detail == PROBE_SENTENCE  # a copy model
    assert results["translate-en_ru"].seconds > 0
    assert not results["translate-en_ky"].ok
    assert "cannot load" in results["translate-en_ky"].detail
    assert not results["stray"].ok and "not a package" in results["stray"].detail
