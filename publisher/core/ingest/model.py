"""What ingest produces (``ParsedArticle``, ``Discarded``) and what its parsers hand over."""

from __future__ import annotations

from dataclasses import dataclass

from publisher.core.articles import Block, BlockKind, ProtectedSpan


@dataclass(frozen=True)
class Discarded:
    """A piece of the input kept out of translation, and why (shown to the editor)."""

    text: str
    reason: str


@dataclass(frozen=True)
class ParsedArticle:
    """Blocks in order (indexes 0..n-1, no segments yet), the title, what was left out."""

    title: str
    blocks: tuple[Block, ...]
    discarded: tuple[Discarded, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """A would-be block as a format parser found it, before the shared rules run.

    ``kind`` is what the structure says (an ``h2`` is a heading); ``None`` means a plain
    paragraph whose role (lead, paragraph, caption, embed, aside) the rules decide.
    ``dropped`` says why a parser already knows the piece stays out of translation (it
    travels with the others so that ``ParsedArticle.discarded`` keeps document order).
    """

    text: str
    kind: BlockKind | None = None
    markup: tuple[ProtectedSpan, ...] = ()
    dropped: str | None = None
