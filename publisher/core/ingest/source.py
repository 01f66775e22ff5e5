"""Reading an article file or upload: size, binary and encoding checks, format detection.

Every refusal is an ``InputError`` whose one-line message names the file, says what is
wrong and what to do about it.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Literal

from publisher.core.errors import InputError
from publisher.core.messages import N_, Message
from publisher.core.uploads import UTF8_BOM, BadByte, decode_upload, first_nul, is_control

Format = Literal["text", "markdown", "html"]

FORMATS_BY_SUFFIX: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}

#: Well-known file signatures (magic numbers) of things that are not article text.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", N_("a PDF document")),
    (b"PK\x03\x04", N_("a ZIP archive (or a .docx/.odt document)")),
    (b"PK\x05\x06", N_("an empty ZIP archive")),
    (b"\x89PNG\r\n\x1a\n", N_("a PNG image")),
    (b"\xff\xd8\xff", N_("a JPEG image")),
    (b"GIF87a", N_("a GIF image")),
    (b"GIF89a", N_("a GIF image")),
    (b"\x1f\x8b", N_("a gzip archive")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", N_("an old Microsoft Office document")),
    (b"\x7fELF", N_("a program (ELF)")),
    (b"7z\xbc\xaf\x27\x1c", N_("a 7-Zip archive")),
    (b"Rar!\x1a\x07", N_("a RAR archive")),
    (b"{\\rtf", N_("an RTF document")),
)
_OTHER_ENCODINGS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_DOCUMENT_SUFFIXES = frozenset(
    {
        ".pdf",
        ".doc",
        ".docx",
        ".odt",
        ".rtf",
        ".pages",
        ".epub",
        ".zip",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
    }
)
#: More control characters than this share of the text means it is not text.
MAX_CONTROL_RATIO = 0.05
_NEWLINES = re.compile(r"\r\n?")
_HTML_START = re.compile(
    r"\s*(?:<!doctype\s+html|<html|<head|<body|<article|<(?:p|div|h1|h2)[\s>])", re.IGNORECASE
)
_MARKDOWN_SIGNS = re.compile(r"^(?:#{1,6} \S|```|~~~)|\[[^\]\n]+\]\([^)\s]+\)", re.MULTILINE)


@dataclass(frozen=True)
class SourceDocument:
    """Article source text (UTF-8 decoded, BOM stripped, newlines ``\\n``), format, name."""

    text: str
    fmt: Format
    name: str


def _too_large(name: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        N_(
            "%(name)s: too large (%(size)s bytes, limit %(limit)s); split the article or raise "
            "TARJIMA_MAX_UPLOAD_BYTES"
        ),
        name=name,
        size=size,
        limit=max_bytes,
    )


def _check_not_binary(data: bytes, name: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(
                N_(
                    "%(name)s: binary file (%(what)s), not text; save the article "
                    "as UTF-8 .txt, .md or .html"
                ),
                name=name,
                what=Message(what),
            )
    for bom, encoding in _OTHER_ENCODINGS:
        if data.startswith(bom):
            raise InputError(
                N_("%(name)s: %(encoding)s text, not UTF-8; save it as UTF-8"),
                name=name,
                encoding=encoding,
            )
    if (offset := first_nul(data)) is not None:
        raise InputError(
            N_(
                "%(name)s: binary file (NUL byte at offset %(offset)s); save the "
                "article as UTF-8 .txt, .md or .html"
            ),
            name=name,
            offset=offset,
        )
    suffix = PurePath(name).suffix.lower()
    if suffix in _DOCUMENT_SUFFIXES:
        raise InputError(
            N_(
                "%(name)s: %(suffix)s files cannot be read; save the article as "
                "UTF-8 .txt, .md or .html"
            ),
            name=name,
            suffix=suffix,
        )


def _cleaned(text: str, name: str) -> str:
    """Newlines as ``\\n``; refuse text full of control characters, blank out stray ones."""
    text = _NEWLINES.sub("\n", text)
    controls = sum(1 for char in text if is_control(char))
    if controls > MAX_CONTROL_RATIO * len(text):
        raise InputError(
            N_(
                "%(name)s: binary file (%(count)s control characters); save the "
                "article as UTF-8 .txt, .md or .html"
            ),
            name=name,
            count=controls,
        )
    if controls:
        text = "".join(" " if is_control(char) else char for char in text)
    return text


@dataclass(frozen=True)
class _Refusals:
    """An article's refusals (:func:`publisher.core.uploads.decode_upload`), naming the file."""

    name: str

    def too_large(self, size: int, limit: int) -> InputError:
        return _too_large(self.name, size, limit)

    def check_bytes(self, data: bytes) -> None:
        if not data or data == UTF8_BOM:
            raise InputError(
                N_("%(name)s: the file is empty; give the file that holds the article"),
                name=self.name,
            )
        _check_not_binary(data, self.name)

    def not_utf8(self, bad: BadByte) -> InputError:
        return InputError(
            N_("%(name)s: not UTF-8 (byte %(byte)s at offset %(offset)s); save it as UTF-8"),
            name=self.name,
            byte=f"0x{bad.value:02x}",
            offset=bad.in_file,
        )

    def check_text(self, text: str) -> str:
        text = _cleaned(text, self.name)
        if not text.strip():
            raise InputError(
                N_("%(name)s: the file is empty (whitespace only); give the article's file"),
                name=self.name,
            )
        return text


def sniff_format(text: str) -> Format:
    """Format of text whose name says nothing: HTML, Markdown, else plain text."""
    if _HTML_START.match(text):
        return "html"
    if _MARKDOWN_SIGNS.search(text):
        return "markdown"
    return "text"


def decode_source(data: bytes, *, name: str, max_bytes: int) -> SourceDocument:
    """Check and decode uploaded bytes; the format comes from ``name``'s suffix, else sniffed."""
    text = decode_upload(data, max_bytes=max_bytes, refusals=_Refusals(name))
    fmt = FORMATS_BY_SUFFIX.get(PurePath(name).suffix.lower()) or sniff_format(text)
    return SourceDocument(text=text, fmt=fmt, name=name)


def read_source(path: Path, *, max_bytes: int) -> SourceDocument:
    """Read and check an article file; its size is checked before it is read."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a directory; give the article file inside it")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: is not a regular file; save the article to a file first")
        if info.st_size > max_bytes:
            raise _too_large(str(path), info.st_size, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file; check the path") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from exc
    return decode_source(data, name=path.name or str(path), max_bytes=max_bytes)
