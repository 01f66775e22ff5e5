"""Untrusted XML, checked before any parser sees it.

Files from CAT tools come from outside: a size limit applies first, then the bytes must
be UTF-8 (or UTF-16/32 with a byte order mark), and any DTD is refused outright. A
document type declaration is how entity expansion ("billion laughs") and external
entities (reading the server's files or URLs) get in; XLIFF and TMX need none.

The one exception is the line TMX files conventionally start with,
``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``: a bare reference to the standard DTD by file name,
with no internal subset. It is removed before parsing, so the parser never sees a DTD.

What goes to the parser is the checked text re-encoded as UTF-8 under a fresh XML
declaration: the parser cannot be talked into another encoding (UTF-7 and the like)
than the one checked here.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from publisher.core.errors import InputError
from publisher.core.messages import N_, Number
from publisher.core.uploads import BadByte, decode_upload

logger = logging.getLogger(__name__)

_XML_DECLARATION = re.compile(r"\A\s*<\?xml\s[^>]*\?>")
_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)", re.IGNORECASE)
#: The conventional TMX prologue line: the standard DTD by file name, nothing else.
TMX_DOCTYPE = re.compile(
    r"\A(\s*(?:<!--(?:(?!-->).)*-->\s*)*)<!DOCTYPE\s+tmx\s+SYSTEM\s+"
    r"(\"|')tmx1[0-4]?\.dtd\2\s*>",
    re.DOTALL,
)


@dataclass(frozen=True)
class _XmlRefusals:
    """A CAT tool file's refusals (:func:`publisher.core.uploads.decode_upload`); ``kind`` names
    the format ("XLIFF", "TMX")."""

    kind: str

    def too_large(self, size: int, limit: int) -> InputError:
        return InputError(
            N_(
                "the %(kind)s file is too large (%(size)s bytes; the limit is %(limit)s): split "
                "it into smaller files, or ask an administrator to raise "
                "TARJIMA_MAX_UPLOAD_BYTES"
            ),
            kind=self.kind,
            size=Number(size),
            limit=Number(limit),
        )

    def check_bytes(self, data: bytes) -> None:
        """Nothing before decoding: UTF-16/32 files have NUL bytes."""

    def not_utf8(self, bad: BadByte) -> InputError:
        return InputError(
            N_(
                "the %(kind)s file is not UTF-8 text (byte %(offset)s cannot be read): save or "
                "export it as UTF-8 and import it again"
            ),
            kind=self.kind,
            offset=bad.offset,
        )

    def check_text(self, text: str) -> str:
        if not text.strip():
            raise InputError(
                N_("the %(kind)s file is empty: choose the file your CAT tool exported"),
                kind=self.kind,
            )
        if "\x00" in text:
            raise InputError(
                N_(
                    "the %(kind)s file contains NUL characters (a binary file, or UTF-16 "
                    "without a byte order mark): export it as UTF-8 and import it again"
                ),
                kind=self.kind,
            )
        return text


def checked_xml(
    data: bytes, *, max_bytes: int, kind: str, allow_tmx_doctype: bool = False
) -> bytes:
    """``data`` made safe to parse (UTF-8, no DTD), or an InputError saying what is wrong.

    ``kind`` names the format in messages ("XLIFF", "TMX").
    """
    text = decode_upload(data, max_bytes=max_bytes, refusals=_XmlRefusals(kind), other_boms=True)
    text = _XML_DECLARATION.sub("", text, count=1)
    if allow_tmx_doctype:
        text = TMX_DOCTYPE.sub(r"\1", text, count=1)
    if _DTD.search(text):
        raise InputError(
            N_(
                "the %(kind)s file contains a DTD (<!DOCTYPE ...> or <!ENTITY ...>), which is "
                "refused because entity declarations can attack the server: remove the "
                "declaration (CAT tools do not need it) and import the file again"
            ),
            kind=kind,
        )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode("utf-8")


def unreadable(exc: Exception, kind: str, expected: str) -> InputError:
    """The refusal of a checked file the parser could not read (``kind`` "XLIFF", the
    format ``expected`` "XLIFF 2.0"): a plain sentence with the line of the uploaded file
    where the parser says one; the parser's own words only go to the log."""
    logger.info("%s file refused by the parser: %s", kind, exc)
    line = getattr(exc, "lineno", None)
    if isinstance(line, int) and line > 1:
        # ``checked_xml`` put its own XML declaration on a line before the file's text.
        return InputError(
            N_(
                "the %(kind)s file cannot be read (line %(line)s): it is not well-formed "
                "%(expected)s; export it again from your CAT tool"
            ),
            kind=kind,
            line=line - 1,
            expected=expected,
        )
    return InputError(
        N_(
            "the %(kind)s file cannot be read: it is not well-formed %(expected)s; export it "
            "again from your CAT tool"
        ),
        kind=kind,
        expected=expected,
    )


def language_code(tag: str | None) -> str:
    """The primary language subtag, lowercase: ``ky-KG`` and ``ky_kg`` give ``ky``."""
    return (tag or "").strip().replace("_", "-").split("-", 1)[0].lower()
