"""Uploaded or imported files as text: one home for the rule every upload follows.

An article, a glossary CSV, an XLIFF or TMX file all go through :func:`decode_upload`, in
this order: the size limit; the refusal of binary data (checked on the bytes); decoding
(UTF-8, a UTF-8 byte order mark skipped; UTF-16/32 only where the format allows them,
recognised by their byte order mark); the checks of the decoded text. Each kind of file
words its refusals for its own users (:class:`UploadRefusals`); every refusal is an
``InputError`` that says what is wrong and what to do about it.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from typing import Protocol

from publisher.core.errors import InputError

UTF8_BOM = codecs.BOM_UTF8
#: Byte order marks of the other Unicode encodings, UTF-32 first (its little-endian mark
#: begins with UTF-16's), with the codec that reads a text starting with one.
OTHER_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class BadByte:
    """Where decoding failed: ``offset`` as the decoder counts it (after a skipped UTF-8
    byte order mark; from the start of the data for UTF-16/32), ``skipped`` the bytes of
    the UTF-8 byte order mark skipped before decoding, ``value`` the byte itself."""

    offset: int
    skipped: int
    value: int

    @property
    def in_file(self) -> int:
        """The offset counted from the first byte of the file."""
        return self.offset + self.skipped


class UploadRefusals(Protocol):
    """How one kind of file words its refusals, and what it checks beyond the shared rule."""

    def too_large(self, size: int, limit: int) -> InputError:
        """The refusal of ``size`` bytes over the ``limit``."""
        ...

    def check_bytes(self, data: bytes) -> None:
        """Raise an ``InputError`` where ``data`` is not text (checked before decoding)."""
        ...

    def not_utf8(self, bad: BadByte) -> InputError:
        """The refusal of data that does not decode."""
        ...

    def check_text(self, text: str) -> str:
        """The decoded text as the caller uses it, or an ``InputError`` (empty, binary)."""
        ...


def decode_upload(
    data: bytes, *, max_bytes: int, refusals: UploadRefusals, other_boms: bool = False
) -> str:
    """``data`` as text, or the ``InputError`` ``refusals`` words: size, then bytes, then
    decoding (UTF-8; with ``other_boms`` also UTF-16/32 with a byte order mark), then
    the decoded text."""
    if len(data) > max_bytes:
        raise refusals.too_large(len(data), max_bytes)
    refusals.check_bytes(data)
    encoding, skipped = "utf-8", len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    if other_boms:
        encoding = next((name for bom, name in OTHER_BOMS if data.startswith(bom)), encoding)
        if encoding != "utf-8":
            skipped = 0  # the codec reads (and drops) its own byte order mark
    try:
        text = data[skipped:].decode(encoding)
    except UnicodeDecodeError as exc:
        bad = BadByte(offset=exc.start, skipped=skipped, value=data[exc.start + skipped])
        raise refusals.not_utf8(bad) from exc
    return refusals.check_text(text)


def first_nul(data: bytes) -> int | None:
    """The offset of the first NUL byte of ``data`` (binary data has them), else None."""
    offset = data.find(b"\x00")
    return None if offset < 0 else offset


def is_control(char: str, allowed: str = "\t\n") -> bool:
    """Whether ``char`` is a control character (Unicode category Cc) not in ``allowed``."""
    return char not in allowed and unicodedata.category(char) == "Cc"
