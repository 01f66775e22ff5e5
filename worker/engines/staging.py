"""Staging a model install so that nothing half-done outlives it.

An install writes into ``.installing-*`` and a removal into ``.removing-*`` folders inside
the models folder, then renames. :func:`install_session` makes sure that

* one install or removal runs at a time per models folder (an advisory ``flock`` on the
  folder itself, so no lock file is left behind);
* leftovers of an earlier run that was killed outright (SIGKILL, power loss) are deleted
  before anything else happens: nobody else can be using them while the lock is held;
* SIGTERM and SIGHUP raise :class:`Interrupted` (SIGINT already raises KeyboardInterrupt),
  so the staged copy is removed by the ``with`` blocks that made it, as on any error.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Literal

STAGING_PREFIXES = (".installing-", ".removing-")
_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Interrupted(KeyboardInterrupt):
    """The process was asked to stop (SIGTERM, SIGHUP) while it installed a model."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum


class InstallBusyError(TimeoutError):
    """Another install or removal is running in the same models folder."""


def staging_folder(
    parent: Path, purpose: Literal["installing", "removing"]
) -> tempfile.TemporaryDirectory[str]:
    """A ``.installing-*`` or ``.removing-*`` folder in ``parent``, deleted when its
    ``with`` block ends (:func:`clear_leftovers` deletes one a killed process left)."""
    return tempfile.TemporaryDirectory(dir=parent, prefix=f".{purpose}-")


def clear_leftovers(folder: Path) -> list[str]:
    """Delete the staging folders a killed install or removal left in ``folder``."""
    if not folder.is_dir():
        return []
    removed: list[str] = []
    for child in folder.iterdir():
        if not child.name.startswith(STAGING_PREFIXES):
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
        removed.append(child.name)
    return removed


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise InstallBusyError(
                f"another install or removal is running in {folder}; try again when it ends"
            ) from exc
        yield
    finally:
        os.close(descriptor)  # closing the descriptor releases the lock


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGTERM/SIGHUP raise :class:`Interrupted` inside the block (main thread only: Python
    runs signal handlers there, and only there can they be set)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise_interrupted) for signum in _SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def install_session(models_dir: Path, *folders: Path) -> Iterator[None]:
    """Hold the models folder's lock, clear leftovers in it and in ``folders``, and turn
    SIGTERM/SIGHUP into :class:`Interrupted` until the block ends."""
    models_dir.mkdir(parents=True, exist_ok=True)
    with _signals_raise(), _folder_lock(models_dir):
        for folder in (models_dir, *folders):
            clear_leftovers(folder)
        yield
