"""Article, Block, Segment and ProtectedSpan: Tarjima's value objects. Pure, no I/O.

Text is always plain text. Inline markup (links, emphasis) is not kept as tags inside
the text: it is a ``ProtectedSpan`` of kind ``markup`` covering the marked-up characters,
with the tag name and its (sanitized) attributes. Offsets are Python string indices.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum


class BlockKind(StrEnum):
    HEADLINE = "headline"
    LEAD = "lead"
    PARAGRAPH = "paragraph"
    CAPTION = "caption"
    EMBED = "embed"
    ASIDE = "aside"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    # Printed by the publisher in each locale, never sent to an engine
    # (publisher.core.localize.datelines).
    DATELINE = "dateline"
    BYLINE = "byline"


class SpanKind(StrEnum):
    DATE = "date"
    DATE_RANGE = "date_range"
    TIME = "time"
    NUMBER = "number"
    PERCENT = "percent"
    MONEY = "money"
    MARKUP = "markup"


# The words of the source that govern a span and travel with it (normalized: "till" is
# "until", "through" is "to"). A range's governor names its first word ("from", "between").
GOVERNORS = frozenset(
    {
        "on",
        "in",
        "at",
        "during",
        "since",
        "until",
        "by",
        "before",
        "after",
        "from",
        "between",
        "for",
        "to",
        "of",
    }
)


@dataclass(frozen=True)
class ProtectedSpan:
    """A stretch of source text the engine must not touch.

    ``value`` is the normalized meaning: an ISO date (``2021-07-18``), an ISO month
    (``2021-06``) for month-only dates, two ISO dates joined by ``/`` for ranges,
    ``HH:MM`` for times, a plain decimal (``4000``, ``3.5``, ``1500000``) for numbers,
    percentages and money, and the tag name for markup.
    ``governor`` is the word of the source that governs the span and is part of it
    ("since", "until", "between", "on", "for", ...; see ``GOVERNORS``): the locale layer
    renders the whole phrase, in the case or with the suffix the governor asks for.
    ``qualifier`` refines the value:
      dates: a part of a month or season ("early", "mid", "late"), or "weekday" for a
      date printed with its day of the week;
      money: the source's scale word ("million", "billion", "trillion"), kept in the
      rendering ("16,379 млрд"), never spelled out in digits;
      numbers: "literal" for a version number printed exactly as written ("iOS 14.5"),
      "ordinal" for an ordinal in figures ("55th").
    ``currency`` is an ISO 4217 code for money.
    ``attrs`` holds sanitized attributes of markup (``(("href", "https://..."),)``).
    """

    kind: SpanKind
    start: int
    end: int
    text: str
    value: str
    qualifier: str | None = None
    currency: str | None = None
    attrs: tuple[tuple[str, str], ...] = ()
    governor: str | None = None

    def shifted(self, offset: int) -> ProtectedSpan:
        """The same span with offsets moved by ``offset`` (block <-> segment coordinates)."""
        return replace(self, start=self.start + offset, end=self.end + offset)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": str(self.kind),
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
        }
        if self.governor:
            data["governor"] = self.governor
        if self.qualifier:
            data["qualifier"] = self.qualifier
        if self.currency:
            data["currency"] = self.currency
        if self.attrs:
            data["attrs"] = dict(self.attrs)
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ProtectedSpan:
        attrs = data.get("attrs") or {}
        assert isinstance(attrs, dict)
        qualifier = str(data["qualifier"]) if data.get("qualifier") else None
        governor = str(data["governor"]) if data.get("governor") else None
        if governor is None and qualifier in GOVERNORS:
            # Spans stored before governors had their own field kept the preposition
            # ("on", "since") in ``qualifier``.
            governor, qualifier = qualifier, None
        return cls(
            kind=SpanKind(str(data["kind"])),
            start=int(str(data["start"])),
            end=int(str(data["end"])),
            text=str(data["text"]),
            value=str(data["value"]),
            qualifier=qualifier,
            currency=str(data["currency"]) if data.get("currency") else None,
            attrs=tuple((str(k), str(v)) for k, v in attrs.items()),
            governor=governor,
        )


def content_hash(text: str) -> str:
    """Stable hash of a segment's source text (sha256, hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Segment:
    """One translatable unit (normally a sentence) of a block, at a stable position.

    ``separator`` is the whitespace that followed the segment in its block, so that
    joining segments gives back the block text exactly.
    """

    block_index: int
    index: int
    text: str
    spans: tuple[ProtectedSpan, ...] = ()
    separator: str = ""

    @property
    def source_hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True)
class Block:
    """An ordered, typed piece of an article. ``markup`` spans use block offsets."""

    index: int
    kind: BlockKind
    text: str
    markup: tuple[ProtectedSpan, ...] = ()
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class Article:
    """The source document: metadata and ordered blocks.

    ``kicker`` is the section or label the editor sets over the headline ("Analysis"),
    or None: the edition prints it through the glossary, or as written, or not at all.
    ``source_url`` is the English original's address (http or https), linked from each
    edition, or None."""

    slug: str
    title: str
    source_locale: str
    published: date
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    kicker: str | None = None
    source_url: str | None = None  # the original's address, when the editor gave one
