"""A small stored article for tests: three blocks, five segments, dates and numbers."""

from __future__ import annotations

from datetime import date

from publisher.core.articles import Article, Block, BlockKind, Segment
from publisher.core.protect import find_spans

SENTENCES = [
    ("headline", ["Tajikistan Misses Big Opportunity."]),
    ("lead", ["On July 18, 345 ethnic Kyrgyz were sent back.", "It seemed simple enough."]),
    ("paragraph", ["They had approximately 4,000 livestock.", "Talks were held on July 13-14."]),
]


def make_article(slug: str = "test-article") -> Article:
    blocks = []
    for b, (kind, texts) in enumerate(SENTENCES):
        segments = tuple(
            Segment(
                b,
                i,
                text,
                find_spans(text, reference=date(2021, 7, 21)),
                " " if i < len(texts) - 1 else "",
            )
            for i, text in enumerate(texts)
        )
        blocks.append(Block(b, BlockKind(kind), " ".join(texts), (), segments))
    return Article(
        slug, "Tajikistan Misses Big Opportunity.", "en", date(2021, 7, 21), tuple(blocks)
    )
