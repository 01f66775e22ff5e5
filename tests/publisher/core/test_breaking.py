"""Which passages are an article's headline and lead (publisher.core.breaking)."""

from __future__ import annotations

from dataclasses import replace

from publisher.core.articles import BlockKind
from publisher.core.breaking import headline_and_lead, lead_translated
from tests.support.articles import make_article


def test_the_headline_and_the_lead_block_are_the_headline_and_lead() -> None:
    assert headline_and_lead(make_article()) == {(0, 0), (1, 0), (1, 1)}


def test_without_a_lead_block_the_first_paragraph_is_the_lead() -> None:
    article = make_article()
    blocks = tuple(
        replace(b, kind=BlockKind.PARAGRAPH) if b.kind is BlockKind.LEAD else b
        for b in article.blocks
    )
    assert headline_and_lead(replace(article, blocks=blocks)) == {(0, 0), (1, 0), (1, 1)}


def test_the_lead_is_translated_when_only_the_rest_is_missing() -> None:
    article = make_article()
    assert lead_translated(article, [(2, 0), (2, 1)])
    assert not lead_translated(article, [(1, 1), (2, 0)])
