"""Plain text -> candidates: blank-line separated paragraphs, as copied from a web page.

Each non-blank line is looked at on its own first: a line of page chrome stands alone
(the shared rules discard it), a line printed twice in a row is a photo caption (its
image text and its caption: one is kept as the CAPTION), and "- ", "* ", "1. " start a
list item. The remaining lines of one paragraph are joined with single spaces, so hard-
wrapped paragraphs come out whole. Markdown-like syntax has no meaning here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from publisher.articles import BlockKind
from publisher.ingest import patterns
from publisher.ingest.assemble import assemble
from publisher.ingest.model import Candidate, ParsedArticle

_LIST_MARKER = re.compile(r"(?:[-*•]|\d{1,3}[.)])\s+(?=\S)")
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
        continues = False
        for raw in paragraph.split("\n"):
            line = _SPACES.sub(" ", raw).strip()
            if line:
                continues = self._read_line(line, continues)

    def _read_line(self, line: str, continues: bool) -> bool:
        """Record one line; return whether the next line may continue it."""
        if patterns.chrome_reason(line) is not None:
            self.lines.append(_Line(line, None, continues=False))
            return False
        kept = self.last_kept
        if kept is not None and self._repeats(self.lines[kept], line):
            self.lines[kept] = replace(self.lines[kept], kind=BlockKind.CAPTION)
            self.lines.append(_Line(line, None, False, patterns.DUPLICATE_CAPTION))
            return False
        marker = _LIST_MARKER.match(line)
        self.last_kept = len(self.lines)
        if marker:
            self.lines.append(_Line(line[marker.end() :], BlockKind.LIST_ITEM, continues=False))
        else:
            self.lines.append(_Line(line, None, continues))
        return True

    @staticmethod
    def _repeats(kept: _Line, line: str) -> bool:
        """A plain line printed twice in a row: image text and caption of one photo."""
        return kept.kind is None and patterns.same_text(line, kept.text)


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
