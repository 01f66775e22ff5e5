"""The benchmark article: N news segments made from the newsroom's sample article.

The sample (``../shared/samples/qishloq-ovozi-afghan-kyrgyz.txt``) has 24 segments, of
which 17 are the story's own sentences (lead and paragraphs). The benchmark article is
its headline followed by those sentences repeated in rounds; each round swaps the
countries and peoples the sentences name (Kyrgyzstan/Tajikistan become another ordered
pair of Central Asian states, Afghanistan one of three neighbours) and a few words of
the sentences that name none (Taliban, simple, fluid), so that most segments are
distinct (the count is reported). Sentences are packed 1-3 to a paragraph, like news
copy. Tarjima's own ingest and segmenter count the result: the article has exactly N
segments, and the texts every system translates are the masked segment texts that
Tarjima sends to its engine (dates and numbers replaced by placeholders).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from publisher.core.ingest import SourceDocument
from publisher.core.protect import mask
from publisher.services.intake import PreparedArticle, prepare

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO.parent / "shared" / "samples" / "qishloq-ovozi-afghan-kyrgyz.txt"
PUBLISHED = date(2021, 7, 21)
PROSE_KINDS = frozenset({"lead", "paragraph"})
PARAGRAPH_SIZES = (2, 1, 3, 2, 2, 1, 3)

STATES = (
    ("Kyrgyzstan", "Kyrgyz"),
    ("Tajikistan", "Tajik"),
    ("Uzbekistan", "Uzbek"),
    ("Kazakhstan", "Kazakh"),
    ("Turkmenistan", "Turkmen"),
)
NEIGHBOURS = (("Afghanistan", "Afghan"), ("Iran", "Iranian"), ("Pakistan", "Pakistani"))
WORDS = {  # word -> alternatives, chosen by round number modulo their count
    "Taliban": ("Taliban", "insurgents", "militants", "rebels"),
    "simple": ("simple", "straightforward", "easy", "clear", "uncomplicated"),
    "fluid": ("fluid", "volatile", "uncertain"),
    "wounded": ("wounded", "injured"),
}
_NAMES = re.compile(
    r"\b(Kyrgyzstan|Tajikistan|Afghanistan|Kyrgyz|Tajik|Afghan|Taliban|simple|fluid|wounded)\b"
)


@dataclass(frozen=True)
class BenchArticle:
    """The article text, its prepared form, and the paragraphs and texts to translate."""

    text: str
    prepared: PreparedArticle
    paragraphs: tuple[str, ...]
    masked: tuple[str, ...]

    @property
    def segments(self) -> int:
        return len(self.masked)

    @property
    def distinct(self) -> int:
        return len(set(self.masked))

    @property
    def masked_paragraphs(self) -> tuple[str, ...]:
        """Headline and paragraphs as the texts of their masked segments (for LibreTranslate,
        which takes a paragraph and splits it into sentences itself)."""
        return tuple(
            "".join(mask(s.text, s.spans) + s.separator for s in block.segments).strip()
            for block in self.prepared.article.blocks
        )


def sample_sentences(sample: Path = SAMPLE) -> tuple[str, tuple[str, ...]]:
    """The sample's headline and its prose sentences, as Tarjima segments them."""
    prepared = _prepare(sample.read_text(encoding="utf-8"))
    blocks = prepared.article.blocks
    sentences = tuple(s.text for b in blocks if str(b.kind) in PROSE_KINDS for s in b.segments)
    return prepared.article.title, sentences


def _variant(sentence: str, round_no: int) -> str:
    # Consecutive rounds change both states and the neighbour (20 x 3 combinations).
    n = len(STATES)
    pairs = [(STATES[i], STATES[(i + k) % n]) for k in range(1, n) for i in range(n)]
    first, second = pairs[round_no % len(pairs)]
    neighbour = NEIGHBOURS[round_no % len(NEIGHBOURS)]
    names = {
        "Kyrgyzstan": first[0],
        "Kyrgyz": first[1],
        "Tajikistan": second[0],
        "Tajik": second[1],
        "Afghanistan": neighbour[0],
        "Afghan": neighbour[1],
        **{word: alts[round_no % len(alts)] for word, alts in WORDS.items()},
    }
    return _NAMES.sub(lambda m: names[m.group(0)], sentence)


def _sentences(count: int, prose: tuple[str, ...]) -> list[str]:
    return [_variant(prose[i % len(prose)], i // len(prose)) for i in range(count)]


def _paragraphs(sentences: list[str]) -> list[str]:
    paragraphs: list[str] = []
    start = 0
    for size in itertools.cycle(PARAGRAPH_SIZES):
        if start >= len(sentences):
            return paragraphs
        paragraphs.append(" ".join(sentences[start : start + size]))
        start += size
    return paragraphs


def _prepare(text: str) -> PreparedArticle:
    document = SourceDocument(name="bench.txt", text=text, fmt="text")
    return prepare(document, source_locale="en", published=PUBLISHED, slug="bench-article")


def build_article(segments: int, sample: Path = SAMPLE) -> BenchArticle:
    """An article of exactly ``segments`` segments (headline included)."""
    if segments < 2:
        raise ValueError("the benchmark article needs at least 2 segments")
    title, prose = sample_sentences(sample)
    wanted = segments - 1
    for _ in range(20):  # the segmenter may split a joined paragraph differently: adjust
        paragraphs = _paragraphs(_sentences(wanted, prose))
        text = "\n\n".join([title, *paragraphs]) + "\n"
        prepared = _prepare(text)
        found = sum(len(b.segments) for b in prepared.article.blocks)
        if found == segments:
            masked = tuple(
                mask(s.text, s.spans) for b in prepared.article.blocks for s in b.segments
            )
            return BenchArticle(text, prepared, tuple(paragraphs), masked)
        wanted += segments - found
    raise RuntimeError(f"could not build an article of exactly {segments} segments")
