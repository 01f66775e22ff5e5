"""The one rule uploads follow (size, binary refusal, decoding, text checks), and the
messages of each kind of file that goes through it."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

import pytest

from publisher.core.errors import InputError
from publisher.core.glossary import parse_csv
from publisher.core.ingest import decode_source
from publisher.core.uploads import BadByte, decode_upload, first_nul, is_control
from publisher.services.exchange.safe_xml import checked_xml


@dataclass
class _Recording:
    """Refusals that record the order of the steps and word plain messages."""

    steps: list[str] = field(default_factory=list)

    def too_large(self, size: int, limit: int) -> InputError:
        self.steps.append("size")
        return InputError(f"too large: {size} > {limit}")

    def check_bytes(self, data: bytes) -> None:
        self.steps.append("bytes")
        if (offset := first_nul(data)) is not None:
            raise InputError(f"binary at {offset}")

    def not_utf8(self, bad: BadByte) -> InputError:
        self.steps.append("decode")
        return InputError(f"bad byte 0x{bad.value:02x} at {bad.offset}+{bad.skipped}")

    def check_text(self, text: str) -> str:
        self.steps.append("text")
        if not text.strip():
            raise InputError("empty")
        return text.upper()


def test_steps_in_order_and_the_checked_text_returned() -> None:
    refusals = _Recording()
    assert decode_upload(b"abc", max_bytes=3, refusals=refusals) == "ABC"
    assert refusals.steps == ["bytes", "text"]


def test_too_large_first() -> None:
    refusals = _Recording()
    with pytest.raises(InputError, match=r"^too large: 4 > 3$"):
        decode_upload(b"\x00\xff\x00\xff", max_bytes=3, refusals=refusals)
    assert refusals.steps == ["size"]


def test_empty() -> None:
    with pytest.raises(InputError, match=r"^empty$"):
        decode_upload(b"", max_bytes=10, refusals=_Recording())
    with pytest.raises(InputError, match=r"^empty$"):
        decode_upload(codecs.BOM_UTF8 + b" \n", max_bytes=10, refusals=_Recording())


def test_binary_refused_before_decoding() -> None:
    refusals = _Recording()
    with pytest.raises(InputError, match=r"^binary at 2$"):
        decode_upload(b"ab\x00\xff", max_bytes=10, refusals=refusals)
    assert refusals.steps == ["bytes"]


def test_bad_utf8_offset_counted_after_a_bom() -> None:
    with pytest.raises(InputError, match=r"^bad byte 0xff at 2\+0$"):
        decode_upload(b"ab\xffc", max_bytes=10, refusals=_Recording())
    with pytest.raises(InputError, match=r"^bad byte 0xff at 2\+3$"):
        decode_upload(codecs.BOM_UTF8 + b"ab\xffc", max_bytes=10, refusals=_Recording())
    assert BadByte(offset=2, skipped=3, value=0xFF).in_file == 5


class _Refusals16(_Recording):
    def check_bytes(self, data: bytes) -> None:
        """UTF-16/32 have NUL bytes."""

    def check_text(self, text: str) -> str:
        return text


def test_bom() -> None:
    utf16 = codecs.BOM_UTF16_LE + "Salom".encode("utf-16-le")
    assert decode_upload(codecs.BOM_UTF8 + b"Salom", max_bytes=99, refusals=_Recording()) == "SALOM"
    assert decode_upload(utf16, max_bytes=99, refusals=_Refusals16(), other_boms=True) == "Salom"
    utf32 = codecs.BOM_UTF32_BE + "Salom".encode("utf-32-be")
    assert decode_upload(utf32, max_bytes=99, refusals=_Refusals16(), other_boms=True) == "Salom"
    with pytest.raises(InputError, match=r"^bad byte 0xff at 0"):  # UTF-16 only where allowed
        decode_upload(utf16, max_bytes=99, refusals=_Refusals16())


def test_helpers() -> None:
    assert first_nul(b"abc") is None
    assert first_nul(b"a\x00c") == 1
    assert is_control("\x01") and not is_control("\t") and not is_control("a")
    assert is_control("\r") and not is_control("\r", allowed="\r\n\t")


# Each kind of file keeps its own wording.
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"^a\.txt: the file is empty; give the file that holds the article$"),
        (b"x" * 11, r"^a\.txt: too large \(11 bytes, limit 10\)"),
        (b"ab\x00", r"^a\.txt: binary file \(NUL byte at offset 2\)"),
        (codecs.BOM_UTF8 + b"ab\xff", r"^a\.txt: not UTF-8 \(byte 0xff at offset 5\)"),
        (b" \n ", r"^a\.txt: the file is empty \(whitespace only\)"),
    ],
)
def test_article_messages(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode_source(data, name="a.txt", max_bytes=10)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"^the file is empty: the first line must be the header"),
        (b"x" * 11, r"^the file is too large: over 10 bytes$"),
        (b"ab\x00", r"^the file is binary \(it contains NUL bytes\), not a CSV text file$"),
        (codecs.BOM_UTF8 + b"ab\xff", r"^the file is not UTF-8 text \(a bad byte at offset 2\)"),
        (
            b"a\x01",
            r"^the file is binary \(it contains the control character U\+0001\), not a "
            r"CSV text file$",
        ),
    ],
)
def test_glossary_csv_messages(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_csv(data, max_bytes=10)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b" ", r"^the XLIFF file is empty: choose the file your CAT tool exported$"),
        (b"x" * 11, r"^the XLIFF file is too large \(11 bytes; the limit is 10\)"),
        (
            b"<a>\x00</a>",
            r"^the XLIFF file contains NUL characters \(a binary file, or "
            r"UTF-16 without a byte order mark\)",
        ),
        (
            codecs.BOM_UTF8 + b"ab\xff",
            r"^the XLIFF file is not UTF-8 text \(byte 2 cannot be "
            r"read\)",
        ),
    ],
)
def test_xml_messages(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        checked_xml(data, max_bytes=10, kind="XLIFF")


def test_xml_reads_utf16_with_a_bom() -> None:
    data = codecs.BOM_UTF16_LE + "<a>ü</a>".encode("utf-16-le")
    assert checked_xml(data, max_bytes=99, kind="TMX").endswith("<a>ü</a>".encode())
