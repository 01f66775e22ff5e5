"""What an export hands to the CLI or the web app: the bytes and how to name them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportedFile:
    data: bytes
    filename: str
    media_type: str
