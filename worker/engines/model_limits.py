"""How much a model install may write, and where a model may be downloaded from.

An install reads files an operator was handed (an ``.argosmodel`` archive, a converted
NLLB folder) or downloads them from a package index. These limits are checked before
anything is extracted or copied, so a hostile file cannot fill the disk. The defaults fit
real models with room to spare: an Argos package is a zip of about 100-300 MB holding a
handful of files whose int8 weights do not compress (a ratio near 1); NLLB-200 3.3B
converted to float16 is about 6.6 GB in five files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from publisher.core.config import Settings

MIB = 1 << 20
GIB = 1 << 30
# Members (and archives) smaller than this are never refused for their compression ratio:
# a small text file may compress well, and cannot fill a disk.
RATIO_FLOOR_BYTES = MIB


@dataclass(frozen=True)
class ModelLimits:
    """Bounds on one install (defaults: ``TARJIMA_MODEL_*`` settings, docs/operations.md)."""

    archive_max_bytes: int = GIB
    archive_max_members: int = 200
    archive_max_ratio: int = 100
    folder_max_bytes: int = 16 * GIB
    folder_max_files: int = 100
    # Plain http is refused everywhere, except to a loopback address when this is on
    # (a mirror on the same machine, and the tests).
    allow_loopback_http: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> ModelLimits:
        return cls(
            archive_max_bytes=settings.model_max_bytes,
            archive_max_members=settings.model_max_members,
            archive_max_ratio=settings.model_max_ratio,
            folder_max_bytes=settings.nllb_max_bytes,
            folder_max_files=settings.nllb_max_files,
            allow_loopback_http=settings.model_index_loopback_http,
        )


DEFAULT_LIMITS = ModelLimits()
