"""Installed Argos packages: list, validate and install ``.argosmodel`` archives.

A package is a zip archive of one folder holding ``metadata.json``, a CTranslate2
model in ``model/`` and a ``sentencepiece.model`` (or ``bpe.model``) tokenizer.
Installing validates the archive before anything lands in the models folder and
swaps the folder in atomically, so a bad file never leaves a half-installed model.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from worker.engines.argos import ArgosEngine

MAX_ARCHIVE_MEMBERS = 10_000
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
PAIR_NAME = re.compile(r"(?:translate-)?([a-z]{2,3})[-_]([a-z]{2,3})")
PROBE_SENTENCE = "The talks in Dushanbe ended on July 18."


class PackageError(Exception):
    """An archive or installed folder is not a usable Argos translation package."""


@dataclass(frozen=True)
class InstalledPackage:
    """One installed language pair."""

    path: Path
    from_code: str
    to_code: str
    version: str
    target_prefix: str = ""

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_code, self.to_code)

    @property
    def identity(self) -> str:
        return f"argos:{self.from_code}-{self.to_code}:{self.version or 'unversioned'}"


def read_package(path: Path) -> InstalledPackage:
    """Read and check an unpacked package folder."""
    metadata_path = path / "metadata.json"
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PackageError(f"{path.name}: unreadable metadata.json ({exc})") from exc
    if not isinstance(metadata, dict) or metadata.get("type", "translate") != "translate":
        raise PackageError(f"{path.name}: metadata.json does not describe a translate package")
    from_code, to_code = metadata.get("from_code"), metadata.get("to_code")
    if not isinstance(from_code, str) or not isinstance(to_code, str):
        raise PackageError(f"{path.name}: metadata.json lacks from_code/to_code")
    for code in (from_code, to_code):
        if not LANGUAGE_CODE.fullmatch(code):
            raise PackageError(f"{path.name}: {code!r} is not a language code")
    if not (path / "model" / "model.bin").is_file():
        raise PackageError(f"{path.name}: no CTranslate2 model (model/model.bin)")
    if not any((path / name).is_file() for name in ("sentencepiece.model", "bpe.model")):
        raise PackageError(f"{path.name}: no tokenizer (sentencepiece.model or bpe.model)")
    return InstalledPackage(
        path=path, from_code=from_code, to_code=to_code,
        version=str(metadata.get("package_version", "")),
        target_prefix=str(metadata.get("target_prefix", "")),
    )


def check_loads(package: InstalledPackage) -> None:
    """Load the tokenizer and the CTranslate2 model once: a broken package is refused."""
    import ctranslate2
    import sentencepiece

    try:
        tokenizer = package.path / "sentencepiece.model"
        if tokenizer.is_file():
            sentencepiece.SentencePieceProcessor(model_file=str(tokenizer))
        ctranslate2.Translator(str(package.path / "model"), device="cpu")
    except Exception as exc:  # both libraries raise RuntimeError/OSError on corrupt files
        raise PackageError(f"{package.path.name}: the model does not load ({exc})") from exc


def installed_packages(models_dir: Path) -> list[InstalledPackage]:
    """Every valid package under ``models_dir`` (broken folders are skipped)."""
    if not models_dir.is_dir():
        return []
    found: list[InstalledPackage] = []
    for child in sorted(models_dir.iterdir()):
        if child.is_dir() and not child.name.startswith("."):
            try:
                found.append(read_package(child))
            except PackageError:
                continue
    return found


def _archive_root(archive: zipfile.ZipFile) -> str:
    names = archive.namelist()
    if not names or len(names) > MAX_ARCHIVE_MEMBERS:
        raise PackageError("archive is empty or has too many members")
    roots = set()
    for name in names:
        parts = PurePosixPath(name).parts
        if not parts or name.startswith("/") or ".." in parts:
            raise PackageError(f"unsafe path in archive: {name!r}")
        roots.add(parts[0])
    if len(roots) != 1:
        raise PackageError("an Argos package holds exactly one top-level folder")
    return roots.pop()


def parse_pair(name: str) -> tuple[str, str] | None:
    """``("en", "ru")`` from ``en-ru`` or ``translate-en_ru``; None for anything else."""
    match = PAIR_NAME.fullmatch(name.strip())
    return (match[1], match[2]) if match else None


def install_package(archive_path: Path, models_dir: Path) -> InstalledPackage:
    """Validate ``archive_path`` and install it under ``models_dir`` (replacing the same pair)."""
    if not archive_path.is_file():
        raise PackageError(f"{archive_path}: no such file")
    if not zipfile.is_zipfile(archive_path):
        raise PackageError(f"{archive_path.name}: not an Argos package (not a zip archive)")
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".installing-") as tmp:
        try:
            with zipfile.ZipFile(archive_path) as archive:
                root = _archive_root(archive)
                archive.extractall(tmp)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:  # a corrupt member
            raise PackageError(f"{archive_path.name}: corrupt archive ({exc})") from exc
        package = read_package(Path(tmp) / root)
        check_loads(package)
        final = models_dir / f"translate-{package.from_code}_{package.to_code}"
        _swap_in(package.path, final, _replaced_by(package, final))
    return read_package(final)


def _replaced_by(package: InstalledPackage, final: Path) -> list[Path]:
    """The folders a new package replaces: the same pair's, and whatever holds its name."""
    old = [p.path for p in installed_packages(final.parent) if p.pair == package.pair]
    if final.exists() and final not in old:
        old.append(final)
    return old


def _swap_in(new: Path, final: Path, old: list[Path]) -> None:
    """Move ``old`` aside, rename ``new`` to ``final``, then delete ``old``; if the rename
    fails, ``old`` is put back as it was."""
    with tempfile.TemporaryDirectory(dir=final.parent, prefix=".removing-") as trash:
        moved: list[tuple[Path, Path]] = []
        try:
            for path in old:
                aside = Path(trash) / path.name
                path.rename(aside)
                moved.append((aside, path))
            new.rename(final)
        except OSError:
            for aside, path in reversed(moved):
                aside.rename(path)
            raise


def remove_package(models_dir: Path, pair: tuple[str, str]) -> list[InstalledPackage]:
    """Remove the installed packages of ``pair``: each is renamed away, then deleted."""
    found = [p for p in installed_packages(models_dir) if p.pair == pair]
    if not found:
        raise PackageError(f"no {pair[0]}->{pair[1]} package is installed in {models_dir}")
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".removing-") as trash:
        for package in found:
            package.path.rename(Path(trash) / package.path.name)
    return found


@dataclass(frozen=True)
class Checkup:
    """What ``doctor`` found for one folder of the models folder."""

    name: str
    ok: bool
    detail: str
    seconds: float = 0.0


def doctor(models_dir: Path, sentence: str = PROBE_SENTENCE) -> list[Checkup]:
    """Load every installed package and NLLB model and translate ``sentence`` with it, as a
    worker would."""
    from worker.engines.argos import ArgosEngine
    from worker.engines.nllb_models import NLLB_FOLDER, nllb_folders

    engine = ArgosEngine(models_dir)
    if not models_dir.is_dir():
        return []
    folders = [p for p in sorted(models_dir.iterdir())
               if p.is_dir() and p.name[0] != "." and p.name != NLLB_FOLDER]
    checkups = [_checkup(engine, folder, sentence) for folder in folders]
    return checkups + [_nllb_checkup(folder, sentence) for folder in nllb_folders(models_dir)]


def _nllb_checkup(folder: Path, sentence: str) -> Checkup:
    from worker.engines.nllb import NllbEngine
    from worker.engines.nllb_models import NllbModelError, read_nllb_model

    name = f"nllb:{folder.name}"
    try:
        model = read_nllb_model(folder)
    except NllbModelError as exc:
        return Checkup(name, ok=False, detail=f"not an NLLB model: {exc}")
    engine = NllbEngine(model)
    started = time.perf_counter()
    outputs: list[str] = []
    for locale in model.locales:
        if locale == "en":
            continue
        try:
            output = engine.translate_batch([sentence], source="en", target=locale)[0]
        except Exception as exc:  # what fails here is what the probe reports, whatever it is
            return Checkup(name, ok=False, detail=f"en->{locale}: {type(exc).__name__}: {exc}")
        if not output.strip():
            return Checkup(name, ok=False, detail=f"en->{locale}: empty output")
        outputs.append(f"{locale}: {output}")
    return Checkup(name, ok=True, detail=" | ".join(outputs),
                   seconds=time.perf_counter() - started)


def _checkup(engine: ArgosEngine, folder: Path, sentence: str) -> Checkup:
    try:
        package = read_package(folder)
    except PackageError as exc:
        return Checkup(folder.name, ok=False, detail=f"not a package: {exc}")
    started = time.perf_counter()
    try:
        output = engine.translate_batch([sentence], source=package.from_code,
                                        target=package.to_code)[0]
    except Exception as exc:  # what fails here is what the probe reports, whatever it is
        return Checkup(folder.name, ok=False, detail=f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - started
    if not output.strip():
        return Checkup(folder.name, ok=False, detail="empty output", seconds=seconds)
    return Checkup(folder.name, ok=True, detail=output, seconds=seconds)
