"""Plain text of one block plus its inline markup spans, built as HTML is walked.

Whitespace runs collapse to one space (as a browser shows them); the finished text has
no whitespace at either end, and the markup spans are normalized for the segmenter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from publisher.core.articles import ProtectedSpan, SpanKind
from publisher.core.segment.segmenter import Attrs, clip_spans, normalize_markup

_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_SAFE_SCHEMES = frozenset({"", "http", "https", "mailto"})
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def collapse(text: str) -> str:
    """Whitespace runs as single spaces, none at the ends."""
    return _SPACES.sub(" ", text).strip()


def safe_url(url: str | None) -> str | None:
    """``url`` if it is http(s), mailto or relative; None for javascript:, data: and others."""
    if not url:
        return None
    try:
        scheme = urlsplit(_INVISIBLE.sub("", url)).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in _SAFE_SCHEMES else None


@dataclass(frozen=True)
class _Open:
    value: str
    start: int
    attrs: Attrs


class InlineText:
    """Accumulates the text of one block and the spans of its inline tags."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._after_space = True
        self._open: list[_Open] = []
        self._closed: list[tuple[_Open, int]] = []

    def add(self, data: str) -> None:
        text = _SPACES.sub(" ", data)
        if self._after_space:
            text = text.lstrip(" ")
        if text:
            self._parts.append(text)
            self._length += len(text)
            self._after_space = text.endswith(" ")

    def open(self, value: str, attrs: Attrs = ()) -> None:
        self._open.append(_Open(value, self._length, attrs))

    def close(self, value: str) -> None:
        """Close the innermost open span of ``value``; a stray end tag is ignored."""
        for position in range(len(self._open) - 1, -1, -1):
            if self._open[position].value == value:
                self._closed.append((self._open.pop(position), self._length))
                return

    def finish(self) -> tuple[str, tuple[ProtectedSpan, ...]]:
        """The block text and its normalized markup spans (unclosed tags end with the text)."""
        while self._open:
            self._closed.append((self._open.pop(), self._length))
        raw = "".join(self._parts)
        text = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        spans = [
            ProtectedSpan(SpanKind.MARKUP, o.start, end, raw[o.start : end], o.value, attrs=o.attrs)
            for o, end in self._closed
        ]
        return text, normalize_markup(text, clip_spans(spans, lead, lead + len(text)))
