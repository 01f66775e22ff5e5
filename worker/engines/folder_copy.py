"""Copy a model folder an operator points at: regular files and folders only, bounded.

A symlink anywhere below the folder is refused, never followed: a link to the
installation's ``secret_key`` or to another folder would otherwise be copied into the
models folder, and a link to ``/dev/zero`` would be copied without end. FIFOs, devices and
sockets are refused too. The whole tree is listed (without reading a byte) and checked
against the file and size budget before anything is copied; each file is then opened
without following a link, checked to still be a regular file, and copied up to the size
it was listed with.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

CHUNK_BYTES = 1 << 20


class UnsafeFolderError(Exception):
    """The folder holds a link or special file, or is larger than the install allows."""


@dataclass(frozen=True)
class _Entry:
    relative: Path
    is_dir: bool
    size: int


def _listing(source: Path, max_files: int) -> list[_Entry]:
    """Every folder and regular file below ``source`` (links and special files refused)."""
    found: list[_Entry] = []
    pending = [Path()]
    while pending:
        folder = pending.pop()
        with os.scandir(source / folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                relative = folder / entry.name
                if len(found) >= max_files:
                    raise UnsafeFolderError(
                        f"the folder holds more than the {max_files} files "
                        "and folders allowed (TARJIMA_NLLB_MAX_FILES)"
                    )
                if entry.is_symlink():
                    raise UnsafeFolderError(
                        f"{relative} is a symbolic link; links are not "
                        "followed: copy the file itself into the folder"
                    )
                if entry.is_dir(follow_symlinks=False):
                    found.append(_Entry(relative, is_dir=True, size=0))
                    pending.append(relative)
                elif entry.is_file(follow_symlinks=False):
                    size = entry.stat(follow_symlinks=False).st_size
                    found.append(_Entry(relative, is_dir=False, size=size))
                else:
                    raise UnsafeFolderError(
                        f"{relative} is a special file (a FIFO, device or "
                        "socket), not a regular file"
                    )
    return found


def _check_size(listing: list[_Entry], max_bytes: int) -> None:
    total = sum(entry.size for entry in listing)
    if total > max_bytes:
        raise UnsafeFolderError(
            f"the folder holds {total} bytes, more than the {max_bytes} "
            "allowed (TARJIMA_NLLB_MAX_BYTES)"
        )


def _copy_file(source: Path, target: Path, size: int) -> None:
    # O_NOFOLLOW: a file swapped for a link since it was listed is not followed;
    # O_NONBLOCK: one swapped for a FIFO does not block the open.
    descriptor = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as reader:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise UnsafeFolderError(f"{source.name} stopped being a regular file")
        copied = 0
        with target.open("xb") as out:
            while chunk := reader.read(min(CHUNK_BYTES, size - copied + 1)):
                copied += len(chunk)
                if copied > size:
                    raise UnsafeFolderError(f"{source.name} grew while it was copied")
                out.write(chunk)


def copy_regular_tree(source: Path, target: Path, *, max_bytes: int, max_files: int) -> None:
    """Copy the folders and regular files below ``source`` to the new folder ``target``."""
    listing = _listing(source, max_files)
    _check_size(listing, max_bytes)
    target.mkdir()
    for entry in listing:
        if entry.is_dir:
            (target / entry.relative).mkdir()
        else:
            _copy_file(source / entry.relative, target / entry.relative, entry.size)
