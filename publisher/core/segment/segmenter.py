"""Blocks -> segments and back: ``split_block`` and ``join_segments``/``join_markup`` are inverses.

Sentences are found by ``publisher.core.segment.sentences`` (pysbd's English rules, corrected for
news
text). It only says where sentences start: the cuts are made here, in the block's own
text, so that no character is ever changed or lost. Each segment keeps its text without
surrounding whitespace and the whitespace that followed it (``separator``); joining
``text + separator`` of every segment gives the block text back exactly.

Markup spans are clipped to each segment and shifted into segment coordinates, so a
link that crosses a sentence boundary becomes one span per segment. ``join_markup``
shifts them back and merges the pieces again. That merge is exact for *normalized*
markup (see ``normalize_markup``): no span starts or ends with whitespace, and two
spans with the same tag and attributes never overlap or touch across whitespace only.
Ingest produces normalized markup; ``split_block`` normalizes whatever it is given.

Dates and numbers are not looked for here (``publisher.core.protect`` does that later).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import pairwise
from typing import TypeAlias

from publisher.core.articles import Block, ProtectedSpan, Segment, SpanKind
from publisher.core.localize.datelines import PRINTED_KINDS
from publisher.core.segment.sentences import sentence_starts

Attrs: TypeAlias = tuple[tuple[str, str], ...]
SpanKey: TypeAlias = tuple[int, int, str, Attrs]
GroupKey: TypeAlias = tuple[str, str, Attrs, str | None, str | None]


def span_order(span: ProtectedSpan) -> SpanKey:
    """Sort key of spans: by start, outer before inner, then by tag and attributes."""
    return (span.start, -span.end, span.value, span.attrs)


def clip_spans(spans: Iterable[ProtectedSpan], start: int, end: int) -> tuple[ProtectedSpan, ...]:
    """The parts of ``spans`` inside ``[start, end)``, shifted so ``start`` becomes 0."""
    clipped = []
    for span in spans:
        low, high = max(span.start, start), min(span.end, end)
        if low < high:
            text = span.text[low - span.start : high - span.start]
            clipped.append(replace(span, start=low - start, end=high - start, text=text))
    return tuple(sorted(clipped, key=span_order))


def _trimmed(text: str, span: ProtectedSpan) -> ProtectedSpan | None:
    start, end = max(span.start, 0), min(span.end, len(text))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return replace(span, start=start, end=end, text=text[start:end])


def _group_key(span: ProtectedSpan) -> GroupKey:
    return (str(span.kind), span.value, span.attrs, span.qualifier, span.currency)


def _merged(text: str, spans: list[ProtectedSpan]) -> list[ProtectedSpan]:
    """Merge spans of one group that overlap, touch, or are apart by whitespace only."""
    result: list[ProtectedSpan] = []
    for span in sorted(spans, key=span_order):
        last = result[-1] if result else None
        if last is not None and (span.start <= last.end or text[last.end : span.start].isspace()):
            end = max(last.end, span.end)
            result[-1] = replace(last, end=end, text=text[last.start : end])
        else:
            result.append(span)
    return result


def normalize_markup(text: str, spans: Iterable[ProtectedSpan]) -> tuple[ProtectedSpan, ...]:
    """Spans trimmed of edge whitespace, empty ones dropped, same-tag neighbours merged."""
    groups: dict[GroupKey, list[ProtectedSpan]] = {}
    for span in spans:
        trimmed = _trimmed(text, span)
        if trimmed is not None:
            groups.setdefault(_group_key(trimmed), []).append(trimmed)
    merged = [span for group in groups.values() for span in _merged(text, group)]
    return tuple(sorted(merged, key=span_order))


def sentence_cuts(text: str) -> list[int]:
    """Offsets where a new sentence starts (never 0 or ``len(text)``), ascending."""
    return sentence_starts(text)


def split_block(block: Block) -> Block:
    """The block with ``segments`` filled: one segment per sentence, markup clipped to each.

    A dateline or byline (``publisher.core.localize.datelines.PRINTED_KINDS``) gets none."""
    text = block.text
    if text[:1].isspace():
        raise ValueError(f"block {block.index} starts with whitespace; strip block text first")
    markup = normalize_markup(text, block.markup)
    if block.kind in PRINTED_KINDS:  # the publisher prints it: nothing to translate
        return replace(block, markup=markup, segments=())
    bounds = [0, *sentence_cuts(text), len(text)] if text else [0]
    segments = []
    for index, (start, stop) in enumerate(pairwise(bounds)):
        piece = text[start:stop]
        body = piece.rstrip()
        segments.append(
            Segment(
                block_index=block.index,
                index=index,
                text=body,
                spans=clip_spans(markup, start, start + len(body)),
                separator=piece[len(body) :],
            )
        )
    return replace(block, markup=markup, segments=tuple(segments))


def _in_order(segments: Sequence[Segment]) -> list[Segment]:
    return sorted(segments, key=lambda segment: segment.index)


def join_segments(segments: Sequence[Segment]) -> str:
    """The block text the segments came from: each segment's text then its separator."""
    return "".join(segment.text + segment.separator for segment in _in_order(segments))


def join_markup(segments: Sequence[Segment]) -> tuple[ProtectedSpan, ...]:
    """The markup spans of the segments back in block coordinates, split pieces merged.

    Only spans of kind ``markup`` are joined: dates, numbers and the like that
    ``publisher.core.protect`` adds to segments belong to one segment each.
    """
    pieces: list[ProtectedSpan] = []
    offset = 0
    for segment in _in_order(segments):
        pieces.extend(
            span.shifted(offset) for span in segment.spans if span.kind is SpanKind.MARKUP
        )
        offset += len(segment.text) + len(segment.separator)
    return normalize_markup(join_segments(segments), pieces)
