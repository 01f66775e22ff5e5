"""The models folder as a store, one rule for the Argos packages (``models_dir``) and the
NLLB models (``models_dir/nllb``): the folders that may hold a model are listed (hidden
and staging ``.installing-*``/``.removing-*`` folders skipped), each is read, and a
broken one is skipped with its reason logged. Installs and removals hold
:func:`worker.engines.staging.install_session` and stage in
:func:`worker.engines.staging.staging_folder`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TypeVar

log = logging.getLogger("tarjima.engines")

Model = TypeVar("Model")


def model_folders(root: Path, *, besides: Collection[str] = ()) -> list[Path]:
    """The folders under ``root`` that may hold a model, by name; hidden and staging
    folders (a leading ``.``) and the names in ``besides`` are left out. None when
    ``root`` is not a folder."""
    if not root.is_dir():
        return []
    return [
        p
        for p in sorted(root.iterdir())
        if p.is_dir() and not p.name.startswith(".") and p.name not in besides
    ]


def read_models(
    root: Path,
    read: Callable[[Path], Model],
    broken: type[Exception],
    *,
    besides: Collection[str] = (),
) -> list[Model]:
    """Every folder of :func:`model_folders` that ``read`` accepts; a folder it refuses
    with ``broken`` is skipped (the reason is logged)."""
    found: list[Model] = []
    for folder in model_folders(root, besides=besides):
        try:
            found.append(read(folder))
        except broken as exc:
            log.info("%s skipped: %s", folder, exc)
    return found
