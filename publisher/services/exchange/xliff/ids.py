"""Unit ids: from a unit's sentence (its masked source and its spans' meaning), not from
the database, so a file exported before an update of the article still imports."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable

from publisher.core.articles import ProtectedSpan, Segment
from publisher.db import repository as repo
from publisher.services.exchange.xliff.formats import (
    UNIT_HASH_CHARS,
)
from publisher.services.memory import masked_source


def _hashed(span: dict[str, object]) -> dict[str, object]:
    """A span as unit ids hash it: no offsets; a governor alone is hashed as the
    "qualifier" it was stored as before governors had a field, so ids stay stable."""
    data = {k: v for k, v in span.items() if k not in ("start", "end")}
    if "governor" in data and "qualifier" not in data:
        data["qualifier"] = data.pop("governor")
    return data


def _content_hash(segment: Segment) -> str:
    """What a unit id says about its sentence: the masked source and what each
    placeholder stands for (offsets left out: they move when white space does)."""
    spans = [_hashed(span.to_json()) for span in segment.spans]
    content = json.dumps([masked_source(segment), spans], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:UNIT_HASH_CHARS]


def unit_ids(segments: Iterable[Segment]) -> list[str]:
    """The XLIFF unit ids of an article's segments, given in document order:
    ``u<hash>`` for a sentence's first occurrence, ``u<hash>-N`` for its N-th."""
    seen: Counter[str] = Counter()
    ids = []
    for segment in segments:
        key = _content_hash(segment)
        seen[key] += 1
        ids.append(f"u{key}" if seen[key] == 1 else f"u{key}-{seen[key]}")
    return ids


def row_spans(row: repo.ReviewRow) -> tuple[ProtectedSpan, ...]:
    return tuple(ProtectedSpan.from_json(dict(span)) for span in row.spans)


def row_segment(row: repo.ReviewRow) -> Segment:
    return Segment(row.block_index, row.position, row.source, row_spans(row))
