"""Checks on folders Tarjima will write to, done before anything is stored."""

from __future__ import annotations

import os
from pathlib import Path

from publisher.core.errors import InputError


def check_writable_folder(folder: Path) -> None:
    """Refuse a folder that is a file, or that could not be created or written."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file, not a folder for the editions")
    existing = folder
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"cannot write the editions under {folder}: {existing} is not writable")
