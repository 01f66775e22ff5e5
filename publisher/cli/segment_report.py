"""What `tarjima segment` prints: blocks, their segments and protected spans, as JSON data.

A dateline or byline (``publisher.core.localize.datelines.PRINTED_KINDS``) is printed by the
publisher
in each locale and has no stored segment: it is reported as one segment of its own,
marked ``"printed": true``, so that the report still shows every unit a reader sees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from publisher.core.localize.datelines import PRINTED_KINDS

if TYPE_CHECKING:
    from publisher.core.articles import Block
    from publisher.services.intake import PreparedArticle


def _segments(block: Block) -> list[dict[str, Any]]:
    if block.kind in PRINTED_KINDS and not block.segments:
        return [{"index": 0, "text": block.text, "spans": [], "printed": True}]
    return [
        {"index": s.index, "text": s.text, "spans": [span.to_json() for span in s.spans]}
        for s in block.segments
    ]


def article_report(prepared: PreparedArticle) -> dict[str, Any]:
    article = prepared.article
    return {
        "slug": article.slug,
        "title": article.title,
        "source_locale": article.source_locale,
        "published": article.published.isoformat(),
        "blocks": [
            {"index": block.index, "kind": str(block.kind), "segments": _segments(block)}
            for block in article.blocks
        ],
        "discarded": [{"text": d.text, "reason": d.reason} for d in prepared.parsed.discarded],
    }
