"""Check an Argos package archive before anything is extracted, and extract only what a
package needs, within the sizes the archive declared.

Refused before a byte is written: more than ``archive_max_members`` members; members
whose uncompressed sizes add up to more than ``archive_max_bytes``; a compression ratio
above ``archive_max_ratio`` for the archive or for any member over 1 MiB (real packages
hold int8 weights, which do not compress: a ratio near 1; a zip bomb's is near 1000);
absolute or ``..`` paths, more than one top-level folder, duplicate names, symlinks and
other special members, encrypted members. Extraction then writes only the members a
package needs (``metadata.json``, the tokenizer, a README and the files of ``model/``;
the stanza sentence splitter and anything else are left in the archive), each with at
most the bytes its header declared.
"""

from __future__ import annotations

import re
import stat
import zipfile
from pathlib import Path, PurePosixPath

from worker.engines.model_limits import RATIO_FLOOR_BYTES, ModelLimits

CHUNK_BYTES = 1 << 20
# Paths under the package's top-level folder that an install extracts.
NEEDED_MEMBER = re.compile(
    r"metadata\.json|sentencepiece\.model|bpe\.model|README(?:\.md)?|model/[^/]+"
)


class UnsafeArchiveError(Exception):
    """The archive breaks a limit or holds something an install must not write."""


def _ratio(uncompressed: int, compressed: int) -> float:
    return uncompressed / max(compressed, 1)


def _check_sizes(infos: list[zipfile.ZipInfo], archive_bytes: int, limits: ModelLimits) -> None:
    if len(infos) > limits.archive_max_members:
        raise UnsafeArchiveError(
            f"the archive has {len(infos)} members, more than the "
            f"{limits.archive_max_members} allowed (TARJIMA_MODEL_MAX_MEMBERS)"
        )
    total = sum(info.file_size for info in infos)
    if total > limits.archive_max_bytes:
        raise UnsafeArchiveError(
            f"the archive would unpack to {total} bytes, more than the "
            f"{limits.archive_max_bytes} allowed (TARJIMA_MODEL_MAX_BYTES)"
        )
    checks = [("the archive", total, archive_bytes)]
    checks += [(repr(info.filename), info.file_size, info.compress_size) for info in infos]
    for what, uncompressed, compressed in checks:
        ratio = _ratio(uncompressed, compressed)
        if uncompressed > RATIO_FLOOR_BYTES and ratio > limits.archive_max_ratio:
            raise UnsafeArchiveError(
                f"{what} has a compression ratio of {ratio:.0f}, more than the "
                f"{limits.archive_max_ratio} allowed (TARJIMA_MODEL_MAX_RATIO): a zip bomb, "
                "not a model"
            )


def _check_member(info: zipfile.ZipInfo) -> str:
    """The member's top-level folder; refuses unsafe paths and special members."""
    name = info.filename
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or ".." in parts or "\\" in name or ":" in parts[0]:
        raise UnsafeArchiveError(f"unsafe path in archive: {name!r}")
    # Unix file type bits; zip writers that set none write regular files and folders.
    if stat.S_IFMT(info.external_attr >> 16) not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise UnsafeArchiveError(f"{name!r} is a link or a special file, not a regular file")
    if info.flag_bits & 0x1:
        raise UnsafeArchiveError(f"{name!r} is encrypted")
    return parts[0]


def check_archive(
    archive: zipfile.ZipFile, archive_bytes: int, limits: ModelLimits
) -> tuple[str, list[zipfile.ZipInfo]]:
    """The package's top-level folder and the members to extract."""
    infos = archive.infolist()
    if not infos:
        raise UnsafeArchiveError("archive is empty")
    _check_sizes(infos, archive_bytes, limits)
    roots = {_check_member(info) for info in infos}
    if len(roots) != 1:
        raise UnsafeArchiveError("an Argos package holds exactly one top-level folder")
    names = [info.filename.rstrip("/") for info in infos]
    if len(set(names)) != len(names):
        raise UnsafeArchiveError("the archive names a member twice")
    root = roots.pop()
    needed = [
        info
        for info in infos
        if not info.is_dir() and NEEDED_MEMBER.fullmatch(info.filename.removeprefix(f"{root}/"))
    ]
    return root, needed


def extract_needed(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], target: Path) -> None:
    """Write ``members`` under ``target``; a member that holds more than its header
    declared is refused (zipfile stops there too, and checks the CRC)."""
    for info in members:
        path = target.joinpath(*PurePosixPath(info.filename).parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with archive.open(info) as source, path.open("xb") as out:
            while chunk := source.read(CHUNK_BYTES):
                written += len(chunk)
                if written > info.file_size:
                    raise UnsafeArchiveError(
                        f"{info.filename!r} holds more than the {info.file_size} bytes its "
                        "header declares"
                    )
                out.write(chunk)
