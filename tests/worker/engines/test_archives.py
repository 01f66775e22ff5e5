"""Hostile ``.argosmodel`` archives: each is refused before anything is extracted, and
leaves the models folder as it was. The archives are small on disk; none is unpacked."""

from __future__ import annotations

import json
import stat
import warnings
import zipfile
from pathlib import Path

import pytest

from worker.engines.archives import check_archive
from worker.engines.model_limits import DEFAULT_LIMITS, GIB, MIB, ModelLimits
from worker.engines.packages import (
    PackageError,
    check_loads,
    install_package,
    installed_packages,
    read_package,
)


def _members(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}


def _write(path: Path, members: dict[str, bytes], *, deflate_weights: bool = False) -> Path:
    """Zip ``members``; model.bin is stored, as the package builder stores it (the test
    model's weights are mostly zeros), unless ``deflate_weights``."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            stored = name.endswith("/model.bin") and not deflate_weights
            zf.writestr(name, data, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return path


def _leftovers(models: Path) -> list[str]:
    return (
        sorted(p.name for p in models.iterdir() if p.name.startswith("."))
        if models.is_dir()
        else []
    )


def _root(members: dict[str, bytes]) -> str:
    return next(iter(members)).split("/")[0]


def _refused(
    archive: Path, models: Path, message: str, limits: ModelLimits = DEFAULT_LIMITS
) -> None:
    before = sorted(p.name for p in models.iterdir()) if models.is_dir() else []
    with pytest.raises(PackageError, match=message):
        install_package(archive, models, limits)
    after = sorted(p.name for p in models.iterdir()) if models.is_dir() else []
    assert after == before and _leftovers(models) == []


def test_a_member_declaring_2_gib_is_refused_before_extraction(
    tmp_path: Path, package_dir: dict[str, Path]
) -> None:
    """Tried: the auditor's 2.2 MB archive holding a 2 GiB member. Its central directory
    declares 2 GiB; the check reads that and refuses, so not a byte is unpacked."""
    models = tmp_path / "models"
    old = install_package(package_dir["en-ru"], models)
    members = _members(package_dir["en-ru"])
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        zf.writestr(f"{_root(members)}/model/zeros.bin", b"\0" * MIB)
        zf.infolist()[-1].file_size = 2 * GIB  # what the central directory will declare
    assert bomb.stat().st_size < 3 * MIB
    _refused(bomb, models, r"would unpack to 21\d{8} bytes, more than the 1073741824 allowed")
    assert installed_packages(models) == [old]
    check_loads(old)


def test_a_highly_compressed_member_is_refused(
    tmp_path: Path, package_dir: dict[str, Path]
) -> None:
    """Tried: a real deflate bomb, 64 MiB of zeros in a 64 KB member, under the size limit:
    its compression ratio (about 1000:1; real weights about 1:1) gives it away."""
    members = _members(package_dir["en-ru"])
    members[f"{_root(members)}/model/model.bin"] = b"\0" * (64 * MIB)
    bomb = _write(tmp_path / "ratio.argosmodel", members, deflate_weights=True)
    assert bomb.stat().st_size < MIB
    _refused(bomb, tmp_path / "models", r"compression ratio of \d+, more than the 100 allowed")


def test_nine_thousand_members_are_refused(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    """Tried: the auditor's 3.1 MB archive with 9,000 members (which peaked at 3.8 GiB
    unpacked); here each member is one byte, and the member count alone refuses it."""
    members = _members(package_dir["en-ru"])
    root = _root(members)
    members.update({f"{root}/stanza/part-{i}.bin": b"x" for i in range(9000)})
    archive = _write(tmp_path / "many.argosmodel", members)
    _refused(archive, tmp_path / "models", "9006 members, more than the 200 allowed")


def test_many_small_members_adding_up_are_refused(tmp_path: Path) -> None:
    """Tried: 150 members of 512 KiB of zeros each (under the per-member ratio floor and
    the member count): the whole archive's ratio refuses it."""
    members = {f"pkg/stanza/part-{i}.bin": b"\0" * (512 * 1024) for i in range(150)}
    archive = _write(tmp_path / "spread.argosmodel", members)
    _refused(archive, tmp_path / "models", "the archive has a compression ratio")


def test_limits_can_be_lowered(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    """Tried: a working package against limits an operator lowered: each limit holds."""
    models = tmp_path / "models"
    _refused(
        package_dir["en-ru"], models, "TARJIMA_MODEL_MAX_BYTES", ModelLimits(archive_max_bytes=1000)
    )
    _refused(
        package_dir["en-ru"],
        models,
        "TARJIMA_MODEL_MAX_MEMBERS",
        ModelLimits(archive_max_members=3),
    )


def test_a_real_argos_package_fits_the_default_limits(tmp_path: Path) -> None:
    """The shape of a real Argos package (en->ru 1.9: ~100 MB zip, int8 weights that do not
    compress, a stanza folder) passes the default limits with room to spare."""
    sizes = {
        "metadata.json": (420, 250),
        "README.md": (900, 500),
        "sentencepiece.model": (800_000, 600_000),
        "model/config.json": (700, 300),
        "model/model.bin": (290_000_000, 270_000_000),
        "model/shared_vocabulary.json": (1_200_000, 400_000),
        "stanza/resources.json": (300_000, 40_000),
        "stanza/en/tokenize/ewt.pt": (640_000, 590_000),
    }
    archive = tmp_path / "real-shape.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in sizes:
            zf.writestr(f"translate-en_ru-1_9/{name}", b"")
        for info in zf.infolist():  # the declared sizes are all the check reads
            info.file_size, info.compress_size = sizes[info.filename.split("/", 1)[1]]
    with zipfile.ZipFile(archive) as zf:
        root, needed = check_archive(zf, 272_000_000, DEFAULT_LIMITS)
    assert root == "translate-en_ru-1_9"
    assert sorted(info.filename.split("/", 1)[1] for info in needed) == [
        "README.md",
        "metadata.json",
        "model/config.json",
        "model/model.bin",
        "model/shared_vocabulary.json",
        "sentencepiece.model",
    ]


def test_only_the_members_a_package_needs_are_extracted(
    tmp_path: Path, package_dir: dict[str, Path]
) -> None:
    """Tried: a working package carrying extra files (a script, a nested folder, stanza's
    splitter): the install holds metadata, tokenizer, README and model/ files only."""
    members = _members(package_dir["en-ru"])
    root = _root(members)
    members.update(
        {
            f"{root}/run-me.sh": b"rm -rf /\n",
            f"{root}/model/extra/deep.bin": b"x",
            f"{root}/stanza/en/tokenize/ewt.pt": b"pt",
            f"{root}/.hidden": b"h",
        }
    )
    package = install_package(_write(tmp_path / "extras.argosmodel", members), tmp_path / "models")
    files = sorted(p.relative_to(package.path).as_posix() for p in package.path.rglob("*"))
    assert files == [
        "README.md",
        "metadata.json",
        "model",
        "model/config.json",
        "model/model.bin",
        "model/shared_vocabulary.json",
        "sentencepiece.model",
    ]


def test_link_members_are_refused(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    """Tried: model/model.bin as a symlink member pointing at /etc/passwd."""
    members = _members(package_dir["en-ru"])
    root = _root(members)
    archive = tmp_path / "link.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, data in members.items():
            if name != f"{root}/model/model.bin":
                zf.writestr(name, data)
        link = zipfile.ZipInfo(f"{root}/model/model.bin")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, b"/etc/passwd")
    _refused(archive, tmp_path / "models", "is a link or a special file")


def test_a_name_given_twice_is_refused(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    """Tried: metadata.json twice, the second one naming another pair."""
    members = _members(package_dir["en-ru"])
    archive = _write(tmp_path / "twice.argosmodel", members)
    with warnings.catch_warnings(), zipfile.ZipFile(archive, "a") as zf:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it writes
        zf.writestr(
            f"{_root(members)}/metadata.json", json.dumps({"from_code": "en", "to_code": "uz"})
        )
    _refused(archive, tmp_path / "models", "names a member twice")


def _package_folder(tmp_path: Path, package_dir: dict[str, Path], **metadata: object) -> Path:
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(package_dir["en-ru"]) as zf:
        zf.extractall(folder)
    package = next(folder.iterdir())
    meta = json.loads((package / "metadata.json").read_text(encoding="utf-8"))
    (package / "metadata.json").write_text(json.dumps({**meta, **metadata}), encoding="utf-8")
    return package


def test_the_50_million_character_version_is_refused(
    tmp_path: Path, package_dir: dict[str, Path]
) -> None:
    """Tried: the auditor's metadata.json with a 50,000,000-character package_version,
    which today installs and is written into every translation row."""
    package = _package_folder(tmp_path, package_dir, package_version="1" * 50_000_000)
    with pytest.raises(PackageError, match=r"unreadable metadata.json .larger than 65536 bytes"):
        read_package(package)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("package_version", "1" * 33),
        ("package_version", "1.9\nforged log line"),
        ("package_version", {"nested": "object"}),
        ("target_prefix", "x" * 33),
        ("target_prefix", "__ru__ extra"),
    ],
)
def test_metadata_strings_are_short_and_plain(
    tmp_path: Path, package_dir: dict[str, Path], key: str, value: object
) -> None:
    """Tried: a version or target prefix too long, or carrying a newline, space or object:
    refused, never cut, and the package is not installed."""
    package = _package_folder(tmp_path, package_dir, **{key: value})
    with pytest.raises(PackageError, match=f"metadata.json's {key} .* is refused: at most 32"):
        read_package(package)
    members = {
        f"{package.name}/{p.relative_to(package).as_posix()}": p.read_bytes()
        for p in sorted(package.rglob("*"))
        if p.is_file()
    }
    archive = _write(tmp_path / "long.argosmodel", members)
    _refused(archive, tmp_path / "models", f"metadata.json's {key}")


def test_the_longest_version_fits_the_translation_row(
    tmp_path: Path, package_dir: dict[str, Path]
) -> None:
    """A 32-character version is accepted; the identity a pivot writes into a translation
    row (two packages) still fits its 200-character column."""
    package = read_package(_package_folder(tmp_path, package_dir, package_version="9" * 32))
    assert package.version == "9" * 32
    assert len(f"{package.identity}+{package.identity}") <= 200
