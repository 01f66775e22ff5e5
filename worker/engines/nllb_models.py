"""Installed NLLB-200 models: CTranslate2 conversions of Meta's multilingual models.

One model translates between all of its languages. A model folder is what CTranslate2's
converter writes, plus the SentencePiece model that ships with the Hugging Face model::

    ct2-transformers-converter --model facebook/nllb-200-distilled-600M \\
        --output_dir nllb-200-distilled-600M --quantization int8 \\
        --copy_files sentencepiece.bpe.model

    nllb-200-distilled-600M/
        config.json  model.bin  shared_vocabulary.json (or .txt)  sentencepiece.bpe.model

Installed models live in ``<models_dir>/nllb/<name>/``. Installing copies the folder's
regular files (a link or special file is refused, the size is bounded) into a staging
folder, checks the copy (files, the language tokens in the vocabulary, that CTranslate2
loads it) and renames it into place, so a bad folder never leaves a half-installed model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from publisher.core.locales import NLLB_CODES
from worker.engines.folder_copy import UnsafeFolderError, copy_regular_tree
from worker.engines.model_limits import DEFAULT_LIMITS, ModelLimits
from worker.engines.model_store import model_folders, read_models
from worker.engines.staging import install_session, staging_folder

NLLB_FOLDER = "nllb"
SENTENCEPIECE_FILE = "sentencepiece.bpe.model"
VOCABULARY_FILES = ("shared_vocabulary.json", "shared_vocabulary.txt")
MODEL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
# NLLB's language tokens: ISO 639-3 code and ISO 15924 script ("uzn_Latn").
LANGUAGE_TOKEN = re.compile(r"[a-z]{3}_[A-Z][a-z]{3}")


class NllbModelError(Exception):
    """A folder is not a usable CTranslate2 NLLB model, or an install went wrong."""


@dataclass(frozen=True)
class NllbModel:
    """One installed (or to-be-installed) NLLB model folder."""

    path: Path
    languages: frozenset[str]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def identity(self) -> str:
        return f"nllb:{self.name}"

    @property
    def locales(self) -> tuple[str, ...]:
        """Tarjima's locales this model covers, in NLLB_CODES order."""
        return tuple(code for code, token in NLLB_CODES.items() if token in self.languages)

    def covers(self, locale: str) -> bool:
        token = NLLB_CODES.get(locale)
        return token is not None and token in self.languages


def _vocabulary(path: Path) -> list[str]:
    for name in VOCABULARY_FILES:
        file = path / name
        if not file.is_file():
            continue
        try:
            text = file.read_text(encoding="utf-8")
            if name.endswith(".json"):
                tokens = json.loads(text)
                if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
                    raise ValueError("not a JSON list of tokens")
                return tokens
            return text.splitlines()
        except (OSError, ValueError) as exc:
            raise NllbModelError(f"{path.name}: unreadable {name} ({exc})") from exc
    raise NllbModelError(
        f"{path.name}: no shared vocabulary ({' or '.join(VOCABULARY_FILES)}); NLLB models "
        "share one vocabulary between source and target"
    )


def read_nllb_model(path: Path) -> NllbModel:
    """Read and check a model folder (files and language tokens; not the weights)."""
    if not path.is_dir():
        raise NllbModelError(f"{path}: not a folder")
    for name in ("model.bin", "config.json"):
        if not (path / name).is_file():
            raise NllbModelError(
                f"{path.name}: no {name}; convert the model with ct2-transformers-converter"
            )
    if not (path / SENTENCEPIECE_FILE).is_file():
        raise NllbModelError(
            f"{path.name}: no {SENTENCEPIECE_FILE}; pass `--copy_files {SENTENCEPIECE_FILE}` "
            "to ct2-transformers-converter, or copy it from the Hugging Face model"
        )
    languages = frozenset(t for t in _vocabulary(path) if LANGUAGE_TOKEN.fullmatch(t))
    if NLLB_CODES["en"] not in languages:
        raise NllbModelError(
            f"{path.name}: the vocabulary has no {NLLB_CODES['en']} token: not an NLLB-200 model"
        )
    model = NllbModel(path=path, languages=languages)
    if not any(model.covers(code) for code in NLLB_CODES if code != "en"):
        raise NllbModelError(f"{path.name}: covers none of uz, ky, tg, ru")
    return model


def installed_nllb_models(models_dir: Path) -> list[NllbModel]:
    """Every valid NLLB model under ``models_dir/nllb`` (broken folders are skipped, and
    logged)."""
    return read_models(models_dir / NLLB_FOLDER, read_nllb_model, NllbModelError)


def nllb_folders(models_dir: Path) -> list[Path]:
    """Every folder under ``models_dir/nllb``, valid or not (for the doctor)."""
    return model_folders(models_dir / NLLB_FOLDER)


def choose_nllb_model(models_dir: Path, name: str | None) -> NllbModel | None:
    """The model workers use: the one named (TARJIMA_NLLB_MODEL), else the only one
    installed. Several installed and none named is a configuration error."""
    models = installed_nllb_models(models_dir)
    if name:
        for model in models:
            if model.name == name:
                return model
        raise NllbModelError(
            f"TARJIMA_NLLB_MODEL={name!r} is not installed in {models_dir / NLLB_FOLDER} "
            f"(installed: {', '.join(m.name for m in models) or 'none'})"
        )
    if len(models) > 1:
        raise NllbModelError(
            f"{len(models)} NLLB models are installed ({', '.join(m.name for m in models)}): "
            "choose one with TARJIMA_NLLB_MODEL"
        )
    return models[0] if models else None


def check_nllb_loads(model: NllbModel) -> None:
    """Load the tokenizer and the CTranslate2 model once: a broken model is refused."""
    import ctranslate2
    import sentencepiece

    try:
        sentencepiece.SentencePieceProcessor(model_file=str(model.path / SENTENCEPIECE_FILE))
        ctranslate2.Translator(str(model.path), device="cpu")
    except Exception as exc:  # both libraries raise RuntimeError/OSError on corrupt files
        raise NllbModelError(f"{model.name}: the model does not load ({exc})") from exc


def install_nllb_model(
    source: Path,
    models_dir: Path,
    name: str | None = None,
    limits: ModelLimits = DEFAULT_LIMITS,
) -> NllbModel:
    """Copy the converted model folder ``source`` to ``models_dir/nllb/<name>`` (default:
    the folder's name), check the copy and rename it into place, replacing one of that name.

    Only folders and regular files are copied, within ``limits`` (links and special files
    are refused); a failure or an interrupt (SIGINT, SIGTERM) removes the staged copy."""
    with install_session(models_dir, models_dir / NLLB_FOLDER):
        return install_nllb_in_session(source, models_dir, name, limits)


def install_nllb_in_session(
    source: Path,
    models_dir: Path,
    name: str | None = None,
    limits: ModelLimits = DEFAULT_LIMITS,
) -> NllbModel:
    """:func:`install_nllb_model` for a caller that already holds ``install_session``."""
    source = source.resolve()  # the folder named may be a link; nothing inside it may
    name = name or source.name
    if not MODEL_NAME.fullmatch(name):
        raise NllbModelError(f"{name!r} is not a usable model name (letters, digits, . _ -)")
    if not source.is_dir():
        raise NllbModelError(f"{source}: not a folder")
    root = models_dir / NLLB_FOLDER
    root.mkdir(exist_ok=True)
    with staging_folder(root, "installing") as tmp:
        installed = _stage(source, Path(tmp) / name, limits)
        check_nllb_loads(installed)
        final = root / name
        if final.exists():
            final.rename(Path(tmp) / f"{name}.old")  # removed with tmp
        installed.path.rename(final)
    return NllbModel(path=final, languages=installed.languages)


def _stage(source: Path, staged: Path, limits: ModelLimits) -> NllbModel:
    """Copy ``source`` to ``staged`` and read the copy (never the source, which may change)."""
    try:
        copy_regular_tree(
            source, staged, max_bytes=limits.folder_max_bytes, max_files=limits.folder_max_files
        )
    except UnsafeFolderError as exc:
        raise NllbModelError(f"{source.name}: {exc}; nothing installed") from exc
    except OSError as exc:
        raise NllbModelError(
            f"{staged.name}: copying the model failed, nothing installed ({exc})"
        ) from exc
    return read_nllb_model(staged)


def remove_nllb_model(models_dir: Path, name: str) -> NllbModel | None:
    """Remove the installed model ``name``; None when there is none of that name."""
    if not MODEL_NAME.fullmatch(name):
        return None
    final = models_dir / NLLB_FOLDER / name
    if not final.is_dir():
        return None
    try:
        model: NllbModel | None = read_nllb_model(final)
    except NllbModelError:
        model = NllbModel(path=final, languages=frozenset())
    with (
        install_session(models_dir, final.parent),
        staging_folder(final.parent, "removing") as trash,
    ):
        final.rename(Path(trash) / name)
    return model
