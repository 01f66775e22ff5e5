"""Plain text -> candidates: blank-line separated paragraphs, as copied from a web page.

Each non-blank line is looked at on its own first: a line of page chrome stands alone
(the shared rules discard it), a line printed twice in a row is a photo caption (its
image text and its caption: one is kept as the CAPTION), and "- ", "* ", "1. " start a
list item (unless the line numbers its items inline: "1. ... 2. ..." stays one line).

A line also stands alone when it is a headline, a dateline or a byline: a dateline
("DUSHANBE, July 21 (RFE/RL) —") or a byline ("By Bruce Pannier") anywhere, a dateline
that starts a paragraph's first line (the rest of the line starts the paragraph), a
separator ("* * *"), and a headline-like line: no final punctuation, a capital after
it, and either title case or clearly shorter than the paragraph's longest line (a
hard-wrapped line runs to the wrap width). The remaining lines of one paragraph are
joined with single spaces, so hard-wrapped paragraphs come out whole. Markdown-like
syntax has no meaning here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from publisher.core.articles import BlockKind
from publisher.core.ingest import patterns
from publisher.core.ingest.assemble import assemble
from publisher.core.ingest.model import Candidate, ParsedArticle
from publisher.core.localize.datelines import dateline_length, is_byline

_LIST_MARKER = re.compile(r"(?:[-*•]|\d{1,3}[.)])\s+(?=\S)")
_INLINE_SECOND_ITEM = re.compile(r"\s2(?:\.\)|[.)])\s+\S")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


@dataclass(frozen=True)
class _Line:
    """One line; ``continues`` when it goes on the paragraph of the line before."""

    text: str
    kind: BlockKind | None
    continues: bool
    dropped: str | None = None


@dataclass
class _LineReader:
    lines: list[_Line] = field(default_factory=list)
    last_kept: int | None = None

    def read_paragraph(self, paragraph: str) -> None:
        lines = [
            line
            for line in (_SPACES.sub(" ", raw).strip() for raw in paragraph.split("\n"))
            if line
        ]
        width = max((len(line) for line in lines), default=0)
        continues = False
        for number, line in enumerate(lines):
            following = lines[number + 1] if number + 1 < len(lines) else None
            rest = line if continues else self._split_dateline(line)  # a block may open
            continues = self._read_line(rest, continues)  # with a dateline
            if continues and rest is line and patterns.stands_alone(line, following, width):
                continues = False

    def _split_dateline(self, line: str) -> str:
        """Record the dateline that starts a paragraph; return the rest of the line."""
        length = dateline_length(line)
        rest = line[length:].strip() if length is not None else ""
        if length is None or not rest:
            return line
        self.lines.append(_Line(line[:length], BlockKind.DATELINE, continues=False))
        return rest

    def _read_line(self, line: str, continues: bool) -> bool:
        """Record one line; return whether the next line may continue it."""
        own_kind = _own_kind(line)
        if patterns.chrome_reason(line) is not None or own_kind is not None:
            self.lines.append(_Line(line, own_kind, continues=False))
            return False
        kept = self.last_kept
        if kept is not None and self._repeats(self.lines[kept], line):
            self.lines[kept] = replace(self.lines[kept], kind=BlockKind.CAPTION)
            self.lines.append(_Line(line, None, False, patterns.DUPLICATE_CAPTION))
            return False
        marker = _LIST_MARKER.match(line)
        self.last_kept = len(self.lines)
        if marker and not _INLINE_SECOND_ITEM.search(line):
            self.lines.append(_Line(line[marker.end() :], BlockKind.LIST_ITEM, continues=False))
        else:
            self.lines.append(_Line(line, None, continues and marker is None))
        return True

    @staticmethod
    def _repeats(kept: _Line, line: str) -> bool:
        """A plain line printed twice in a row: image text and caption of one photo."""
        return kept.kind is None and patterns.same_text(line, kept.text)


def _own_kind(line: str) -> BlockKind | None:
    """DATELINE or BYLINE for a line that is one; PARAGRAPH for a separator line."""
    if dateline_length(line) == len(line):
        return BlockKind.DATELINE
    if is_byline(line):
        return BlockKind.BYLINE
    return BlockKind.PARAGRAPH if patterns.is_separator(line) else None


def _joined(lines: list[_Line]) -> list[Candidate]:
    candidates: list[Candidate] = []
    for line in lines:
        last = candidates[-1] if candidates else None
        joins = line.continues and line.kind is None and line.dropped is None
        if last is not None and joins and last.kind in (None, BlockKind.LIST_ITEM):
            candidates[-1] = Candidate(f"{last.text} {line.text}", last.kind)
        else:
            candidates.append(Candidate(line.text, line.kind, dropped=line.dropped))
    return candidates


def parse_text(text: str, *, name: str) -> ParsedArticle:
    """Blocks of a plain-text article; its first real line is the headline."""
    reader = _LineReader()
    for paragraph in _BLANK_LINE.split(text):
        reader.read_paragraph(paragraph)
    return assemble(_joined(reader.lines), name=name, first_is_headline=True)
