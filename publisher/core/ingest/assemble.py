"""The rules every format shares: candidates in, typed blocks and discarded lines out.

In order, for each candidate: page chrome and player residue are discarded (chrome met
inside a box closes it, and what follows is left out as well); a box heading ("About
This Blog") is discarded and opens a box whose paragraphs become asides; a title the
player repeats after an embed, or a block repeated word for word, is discarded. What is
left gets its kind: datelines and bylines keep theirs; the first headline (or, for plain
text, the first other line) is the HEADLINE, later ones are headings; "WATCH: <title>"
is an EMBED of the title; a short line ending with a photo credit is a CAPTION; the
first plain paragraph is the LEAD.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from publisher.core.articles import Block, BlockKind
from publisher.core.errors import InputError
from publisher.core.ingest import patterns
from publisher.core.ingest.model import Candidate, Discarded, ParsedArticle
from publisher.core.localize.datelines import PRINTED_KINDS
from publisher.core.messages import N_
from publisher.core.segment.segmenter import clip_spans

_TITLE_CHARS = 80


class _Mode(Enum):
    BODY = "body"
    BOX = "box"
    AFTER = "after"


@dataclass
class _Assembler:
    first_is_headline: bool
    blocks: list[Candidate] = field(default_factory=list)
    discarded: list[Discarded] = field(default_factory=list)
    mode: _Mode = _Mode.BODY
    have_headline: bool = False
    have_lead: bool = False

    @property
    def _typed_any(self) -> bool:
        """Whether a block other than a dateline or byline was kept already."""
        return any(block.kind not in PRINTED_KINDS for block in self.blocks)

    def feed(self, candidate: Candidate) -> None:
        reason = self._reason(candidate)
        if reason is not None:
            self.discarded.append(Discarded(candidate.text, reason))
        else:
            self.blocks.append(self._typed(candidate))

    def _reason(self, candidate: Candidate) -> str | None:
        text = candidate.text
        if candidate.dropped is not None:
            return candidate.dropped
        if self.mode is _Mode.AFTER:
            return patterns.AFTER_ARTICLE
        reason = patterns.chrome_reason(text)
        if reason is not None:
            self.mode = _Mode.AFTER if self.mode is _Mode.BOX else self.mode
            return reason
        if patterns.is_box_heading(text):
            self.mode = _Mode.BOX
            return patterns.BOX_HEADING
        return self._repeat_reason(candidate)

    def _repeat_reason(self, candidate: Candidate) -> str | None:
        """A player's echo of an embed title, or a paragraph/caption printed twice."""
        last = self.blocks[-1] if self.blocks else None
        if last is None or not patterns.same_text(candidate.text, last.text):
            return None
        if last.kind is BlockKind.EMBED:
            return patterns.REPEATED_EMBED_TITLE
        if candidate.kind in (None, BlockKind.CAPTION):
            return patterns.DUPLICATE_BLOCK
        return None  # two equal list items or table cells are both content

    def _typed(self, candidate: Candidate) -> Candidate:
        kind = candidate.kind
        if kind in PRINTED_KINDS:
            return candidate
        if kind is BlockKind.HEADLINE or (self.first_is_headline and not self._typed_any):
            kind = BlockKind.HEADING if self.have_headline else BlockKind.HEADLINE
            self.have_headline = True
            return Candidate(candidate.text, kind, candidate.markup)
        if self.mode is _Mode.BOX:
            return Candidate(candidate.text, BlockKind.ASIDE, candidate.markup)
        if kind is None:
            return self._typed_plain(candidate)
        return candidate

    def _typed_plain(self, candidate: Candidate) -> Candidate:
        start = patterns.embed_title_start(candidate.text)
        if start is not None:
            text, markup = candidate.text, candidate.markup
            return Candidate(text[start:], BlockKind.EMBED, clip_spans(markup, start, len(text)))
        if patterns.looks_like_caption(candidate.text):
            return Candidate(candidate.text, BlockKind.CAPTION, candidate.markup)
        kind = BlockKind.PARAGRAPH if self.have_lead else BlockKind.LEAD
        self.have_lead = True
        return Candidate(candidate.text, kind, candidate.markup)


def _short_title(text: str) -> str:
    if len(text) <= _TITLE_CHARS:
        return text
    cut = text.rfind(" ", 0, _TITLE_CHARS)
    return text[: cut if cut > 0 else _TITLE_CHARS].rstrip() + "…"


def _title(blocks: list[Candidate]) -> str:
    headline = next((b.text for b in blocks if b.kind is BlockKind.HEADLINE), None)
    return headline if headline is not None else _short_title(blocks[0].text)


def assemble(candidates: list[Candidate], *, name: str, first_is_headline: bool) -> ParsedArticle:
    """Apply the shared rules; raise InputError when nothing translatable is left."""
    assembler = _Assembler(first_is_headline=first_is_headline)
    for candidate in candidates:
        if candidate.text:
            assembler.feed(candidate)
    if not assembler.blocks:
        raise InputError(
            N_(
                "%(name)s: nothing to translate is left after removing page chrome (%(count)s "
                "pieces left out); check that it holds the article"
            ),
            name=name,
            count=len(assembler.discarded),
        )
    blocks = tuple(
        Block(index=i, kind=c.kind or BlockKind.PARAGRAPH, text=c.text, markup=c.markup)
        for i, c in enumerate(assembler.blocks)
    )
    return ParsedArticle(_title(assembler.blocks), blocks, tuple(assembler.discarded))
