"""Installed Argos packages: list, validate and install ``.argosmodel`` archives.

A package is a zip archive of one folder holding ``metadata.json``, a CTranslate2
model in ``model/`` and a ``sentencepiece.model`` (or ``bpe.model``) tokenizer.
Installing validates the archive before anything lands in the models folder and
swaps the folder in atomically, so a bad file never leaves a half-installed model.
"""

from __future__ import annotations

import json
import re
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from worker.engines.archives import UnsafeArchiveError, check_archive, extract_needed
from worker.engines.model_limits import DEFAULT_LIMITS, ModelLimits
from worker.engines.model_store import model_folders, read_models
from worker.engines.nllb_models import NLLB_FOLDER
from worker.engines.staging import install_session, staging_folder

if TYPE_CHECKING:
    from worker.engines.argos import ArgosEngine

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
# Metadata strings that end up in translation rows and logs are short: Argos versions look
# like "1.9" or "1.0.1", target prefixes like "__zh__".
METADATA_MAX_BYTES = 64 * 1024
METADATA_TEXT_MAX = 32
VERSION = re.compile(rf"(?:[0-9A-Za-z][0-9A-Za-z._+-]{{0,{METADATA_TEXT_MAX - 1}}})?")
TARGET_PREFIX = re.compile(rf"[^\s\x00-\x1f\x7f]{{0,{METADATA_TEXT_MAX}}}")
SHORT_TEXT_FORMS = {
    "package_version": "letters, digits and . _ + -",
    "target_prefix": "no spaces or control characters",
}
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
    metadata = _read_metadata(path)
    if metadata.get("type", "translate") != "translate":
        raise PackageError(f"{path.name}: metadata.json does not describe a translate package")
    from_code, to_code = metadata.get("from_code"), metadata.get("to_code")
    if not isinstance(from_code, str) or not isinstance(to_code, str):
        raise PackageError(f"{path.name}: metadata.json lacks from_code/to_code")
    for code in (from_code, to_code):
        if not LANGUAGE_CODE.fullmatch(code):
            raise PackageError(f"{path.name}: {code[:40]!r} is not a language code")
    if not (path / "model" / "model.bin").is_file():
        raise PackageError(f"{path.name}: no CTranslate2 model (model/model.bin)")
    if not any((path / name).is_file() for name in ("sentencepiece.model", "bpe.model")):
        raise PackageError(f"{path.name}: no tokenizer (sentencepiece.model or bpe.model)")
    return InstalledPackage(
        path=path,
        from_code=from_code,
        to_code=to_code,
        version=_short_text(path, metadata, "package_version", VERSION),
        target_prefix=_short_text(path, metadata, "target_prefix", TARGET_PREFIX),
    )


def _read_metadata(path: Path) -> dict[str, object]:
    metadata_path = path / "metadata.json"
    try:
        if metadata_path.stat().st_size > METADATA_MAX_BYTES:
            raise ValueError(f"larger than {METADATA_MAX_BYTES} bytes")
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PackageError(f"{path.name}: unreadable metadata.json ({exc})") from exc
    if not isinstance(metadata, dict):
        raise PackageError(f"{path.name}: metadata.json does not describe a translate package")
    return metadata


def _short_text(path: Path, metadata: dict[str, object], key: str, form: re.Pattern[str]) -> str:
    """A metadata string Tarjima keeps (the version goes into every translation row):
    refused, never cut, when it is not short text of the expected form."""
    value = metadata.get(key, "")
    text = str(value) if isinstance(value, str | int | float) else None
    if text is None or not form.fullmatch(text):
        shown = text[:40] + "..." if text and len(text) > 40 else text
        raise PackageError(
            f"{path.name}: metadata.json's {key} {shown!r} is refused: at "
            f"most {METADATA_TEXT_MAX} characters, {SHORT_TEXT_FORMS[key]}"
        )
    return text


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
    """Every valid package under ``models_dir`` (broken folders are skipped, and logged;
    the NLLB models' folder is not a package)."""
    return read_models(models_dir, read_package, PackageError, besides={NLLB_FOLDER})


def parse_pair(name: str) -> tuple[str, str] | None:
    """``("en", "ru")`` from ``en-ru`` or ``translate-en_ru``; None for anything else."""
    match = PAIR_NAME.fullmatch(name.strip())
    return (match[1], match[2]) if match else None


def install_package(
    archive_path: Path, models_dir: Path, limits: ModelLimits = DEFAULT_LIMITS
) -> InstalledPackage:
    """Validate ``archive_path`` and install it under ``models_dir`` (replacing the same pair).

    The archive is checked against ``limits`` before anything is extracted; only the
    members a package needs are extracted; a failure or an interrupt (SIGINT, SIGTERM)
    leaves the models folder as it was.
    """
    if not archive_path.is_file():
        raise PackageError(f"{archive_path}: no such file")
    with install_session(models_dir, models_dir / NLLB_FOLDER):
        return install_in_session(archive_path, models_dir, limits)


def install_in_session(
    archive_path: Path, models_dir: Path, limits: ModelLimits
) -> InstalledPackage:
    """:func:`install_package` for a caller that holds ``install_session(models_dir)``."""
    if not zipfile.is_zipfile(archive_path):
        raise PackageError(f"{archive_path.name}: not an Argos package (not a zip archive)")
    with staging_folder(models_dir, "installing") as tmp:
        root = _extract(archive_path, Path(tmp), limits)
        package = read_package(Path(tmp) / root)
        check_loads(package)
        final = models_dir / f"translate-{package.from_code}_{package.to_code}"
        _swap_in(package.path, final, _replaced_by(package, final))
    return read_package(final)


def _extract(archive_path: Path, target: Path, limits: ModelLimits) -> str:
    """Check the archive, then extract the members a package needs; its top-level folder."""
    try:
        with zipfile.ZipFile(archive_path) as archive:
            root, members = check_archive(archive, archive_path.stat().st_size, limits)
            extract_needed(archive, members, target)
    except UnsafeArchiveError as exc:
        raise PackageError(f"{archive_path.name}: {exc}; nothing installed") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:  # a corrupt member
        raise PackageError(f"{archive_path.name}: corrupt archive ({exc})") from exc
    except (FileExistsError, NotADirectoryError) as exc:  # a member named as file and folder
        raise PackageError(f"{archive_path.name}: unusable member paths ({exc})") from exc
    return root


def _replaced_by(package: InstalledPackage, final: Path) -> list[Path]:
    """The folders a new package replaces: the same pair's, and whatever holds its name."""
    old = [p.path for p in installed_packages(final.parent) if p.pair == package.pair]
    if final.exists() and final not in old:
        old.append(final)
    return old


def _swap_in(new: Path, final: Path, old: list[Path]) -> None:
    """Move ``old`` aside, rename ``new`` to ``final``, then delete ``old``; if the rename
    fails, ``old`` is put back as it was."""
    with staging_folder(final.parent, "removing") as trash:
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
    with (
        install_session(models_dir, models_dir / NLLB_FOLDER),
        staging_folder(models_dir, "removing") as trash,
    ):
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
    from worker.engines.nllb_models import nllb_folders

    engine = ArgosEngine(models_dir)
    folders = model_folders(models_dir, besides={NLLB_FOLDER})
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
    return Checkup(name, ok=True, detail=" | ".join(outputs), seconds=time.perf_counter() - started)


def _checkup(engine: ArgosEngine, folder: Path, sentence: str) -> Checkup:
    try:
        package = read_package(folder)
    except PackageError as exc:
        return Checkup(folder.name, ok=False, detail=f"not a package: {exc}")
    started = time.perf_counter()
    try:
        output = engine.translate_batch(
            [sentence], source=package.from_code, target=package.to_code
        )[0]
    except Exception as exc:  # what fails here is what the probe reports, whatever it is
        return Checkup(folder.name, ok=False, detail=f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - started
    if not output.strip():
        return Checkup(folder.name, ok=False, detail="empty output", seconds=seconds)
    return Checkup(folder.name, ok=True, detail=output, seconds=seconds)
