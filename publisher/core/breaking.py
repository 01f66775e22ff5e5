"""Breaking news: which passages of an article are its headline and lead (pure).

An urgent article's headline and lead are translated first, ahead of any queued work
(publisher.services.urgent), and may be published alone as a partial edition the editor accepts
explicitly (publisher.services.headline_publish). The lead is the article's lead block, or its
first paragraph when it has none.
"""

from __future__ import annotations

from collections.abc import Iterable

from publisher.core.articles import Article, Block, BlockKind

Position = tuple[int, int]  # (block index, segment index)
_BODY = (BlockKind.LEAD, BlockKind.PARAGRAPH)


def headline_and_lead_blocks(article: Article) -> tuple[Block, ...]:
    """The headline block(s) and the first lead (or, failing one, paragraph) block."""
    headlines = [b for b in article.blocks if b.kind is BlockKind.HEADLINE]
    for kind in _BODY:
        first = next((b for b in article.blocks if b.kind is kind and b.segments), None)
        if first is not None:
            return (*headlines, first)
    return tuple(headlines)


def headline_and_lead(article: Article) -> frozenset[Position]:
    """The positions of the segments of the headline and lead."""
    return frozenset(
        (s.block_index, s.index) for b in headline_and_lead_blocks(article) for s in b.segments
    )


def lead_translated(article: Article, missing: Iterable[Position]) -> bool:
    """Whether none of the headline's and lead's segments is among ``missing`` (the
    positions an edition still awaits translation for)."""
    return not (headline_and_lead(article) & set(missing))
