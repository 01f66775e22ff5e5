"""What `tarjima segment` prints: blocks, their segments and protected spans, as JSON data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.publishing import PreparedArticle


def article_report(prepared: PreparedArticle) -> dict[str, Any]:
    article = prepared.article
    return {
        "slug": article.slug,
        "title": article.title,
        "source_locale": article.source_locale,
        "published": article.published.isoformat(),
        "blocks": [
            {
                "index": block.index,
                "kind": str(block.kind),
                "segments": [
                    {
                        "index": s.index,
                        "text": s.text,
                        "spans": [span.to_json() for span in s.spans],
                    }
                    for s in block.segments
                ],
            }
            for block in article.blocks
        ],
        "discarded": [{"text": d.text, "reason": d.reason} for d in prepared.parsed.discarded],
    }
