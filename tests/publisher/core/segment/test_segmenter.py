"""Segmenter: blocks -> sentence segments (pysbd) and back; split and join are inverses."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.core.articles import Block, BlockKind, ProtectedSpan, Segment, SpanKind
from publisher.core.ingest import parse, read_source
from publisher.core.segment.segmenter import (
    clip_spans,
    join_markup,
    join_segments,
    normalize_markup,
    split_block,
)


def _block(text: str, markup: tuple[ProtectedSpan, ...] = (), index: int = 0) -> Block:
    return Block(index=index, kind=BlockKind.PARAGRAPH, text=text, markup=markup)


def _span(text: str, start: int, end: int, value: str = "a", href: str = "") -> ProtectedSpan:
    attrs = (("href", href),) if href else ()
    return ProtectedSpan(SpanKind.MARKUP, start, end, text[start:end], value, attrs=attrs)


def _texts(text: str) -> list[str]:
    return [segment.text for segment in split_block(_block(text)).segments]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Abbreviations, initials and "p.m." inside one sentence: no split at all.
        (
            "U.S. Gen. J. Smith arrived at 3 p.m. on Jan. 5.",
            ["U.S. Gen. J. Smith arrived at 3 p.m. on Jan. 5."],
        ),
        # The same sentence followed by another: one split, after "Jan. 5.".
        (
            "U.S. Gen. J. Smith arrived at 3 p.m. on Jan. 5. He left at 4.",
            ["U.S. Gen. J. Smith arrived at 3 p.m. on Jan. 5.", "He left at 4."],
        ),
        # Titles before names.
        (
            "Dr. Rahmon met Mr. Japarov. They talked.",
            ["Dr. Rahmon met Mr. Japarov.", "They talked."],
        ),
        # Initials starting a sentence.
        (
            "B. Pannier wrote it. E. Rahmon did not reply.",
            ["B. Pannier wrote it.", "E. Rahmon did not reply."],
        ),
        # Decimals and money.
        ("The vote was 3.5 percent. Turnout fell.", ["The vote was 3.5 percent.", "Turnout fell."]),
        (
            "It cost $4.5 million, i.e. more than planned. Officials agreed.",
            ["It cost $4.5 million, i.e. more than planned.", "Officials agreed."],
        ),
        # Times.
        (
            "It began at 10:30 a.m. local time. Fighting continued.",
            ["It began at 10:30 a.m. local time.", "Fighting continued."],
        ),
        (
            "The Jan. 5 meeting, at 3 p.m., was short. The U.N. sent observers.",
            ["The Jan. 5 meeting, at 3 p.m., was short.", "The U.N. sent observers."],
        ),
        # A quotation ending the sentence keeps its closing quote.
        (
            'He said, "We will return." Nobody believed him.',
            ['He said, "We will return."', "Nobody believed him."],
        ),
        # Ellipsis.
        ("She hesitated... Then she spoke.", ["She hesitated...", "Then she spoke."]),
        # Parentheses, with and without a full stop inside.
        (
            "The group (345 people in all) crossed. They stayed.",
            ["The group (345 people in all) crossed.", "They stayed."],
        ),
        (
            "The talks (held in Dushanbe.) ended. Nothing changed.",
            ["The talks (held in Dushanbe.) ended.", "Nothing changed."],
        ),
        # Question and exclamation marks.
        ("Is it over? Not yet! Maybe tomorrow.", ["Is it over?", "Not yet!", "Maybe tomorrow."]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    """Tried: pysbd's English rules on the cases news text is full of."""
    assert _texts(text) == expected


def test_positions_and_separators() -> None:
    """Tried: odd whitespace between sentences and after the last one."""
    block = _block("One here.  Two here.\nThree here. ", index=7)
    segments = split_block(block).segments
    assert [(s.block_index, s.index) for s in segments] == [(7, 0), (7, 1), (7, 2)]
    assert [s.text for s in segments] == ["One here.", "Two here.", "Three here."]
    assert [s.separator for s in segments] == ["  ", "\n", " "]
    assert join_segments(segments) == block.text


def test_empty_block_has_no_segments() -> None:
    """Tried: an empty block text."""
    assert split_block(_block("")).segments == ()
    assert join_segments(()) == ""


def test_leading_whitespace_is_refused() -> None:
    """Tried: a block that was not stripped (ingest always strips)."""
    with pytest.raises(ValueError, match="starts with whitespace"):
        split_block(_block("  Text."))


def test_link_across_a_sentence_boundary_becomes_two_spans() -> None:
    """Tried: a link covering the end of one sentence and the start of the next."""
    text = "Read the report. It is long."
    link = _span(text, 9, 19, href="https://example.org/r")  # "report. It"
    block = split_block(_block(text, (link,)))
    first, second = block.segments
    assert [(s.start, s.end, s.text, s.attrs) for s in first.spans] == [
        (9, 16, "report.", (("href", "https://example.org/r"),))
    ]
    assert [(s.start, s.end, s.text) for s in second.spans] == [(0, 2, "It")]
    assert join_markup(block.segments) == (link,)


def test_spans_inside_one_sentence_are_shifted() -> None:
    """Tried: emphasis in the second sentence and a nested link in the first."""
    text = "A quick test. Then *this* part."
    spans = (_span(text, 2, 7, "em"), _span(text, 2, 12, "a"), _span(text, 19, 25, "strong"))
    block = split_block(_block(text, spans))
    first, second = block.segments
    assert [(s.value, s.start, s.end, s.text) for s in first.spans] == [
        ("a", 2, 12, "quick test"),
        ("em", 2, 7, "quick"),
    ]
    assert [(s.value, s.start, s.end, s.text) for s in second.spans] == [
        ("strong", 5, 11, "*this*")
    ]
    assert join_markup(block.segments) == normalize_markup(text, spans)


def test_two_links_to_the_same_place_stay_two() -> None:
    """Tried: two links to one URL, one per sentence, split and joined again."""
    text = "See this. And that."
    spans = (_span(text, 4, 8, href="https://x.org"), _span(text, 14, 18, href="https://x.org"))
    block = split_block(_block(text, spans))
    assert join_markup(block.segments) == spans


def test_join_markup_leaves_out_non_markup_spans() -> None:
    """Tried: a segment that protect.py gave a number span as well as a link."""
    span = _span("Price 40.", 0, 5)
    number = ProtectedSpan(SpanKind.NUMBER, 6, 8, "40", "40")
    segment = Segment(0, 0, "Price 40.", spans=(span, number))
    assert join_markup([segment]) == (span,)


def test_normalize_markup_trims_and_merges() -> None:
    """Tried: edge whitespace, an empty span, overlapping and whitespace-separated twins."""
    text = "alpha beta gamma"
    spans = [
        _span(text, 0, 6, "em"),
        _span(text, 6, 10, "em"),  # "alpha " + "beta": one em
        _span(text, 5, 6, "strong"),  # only a space: gone
        _span(text, 11, 16, "a", "u"),
        _span(text, 12, 14, "a", "u"),  # nested twins: merged
    ]
    assert [(s.value, s.start, s.end, s.text) for s in normalize_markup(text, spans)] == [
        ("em", 0, 10, "alpha beta"),
        ("a", 11, 16, "gamma"),
    ]


def test_clip_spans() -> None:
    """Tried: clipping spans to a window; one outside, one across its end."""
    text = "0123456789"
    spans = [_span(text, 0, 2), _span(text, 4, 9)]
    assert [(s.start, s.end, s.text) for s in clip_spans(spans, 3, 7)] == [(1, 4, "456")]


def test_every_block_of_the_sample_round_trips(sample_path: Path) -> None:
    """Tried: split and join on every block of the reference article."""
    parsed = parse(read_source(sample_path, max_bytes=1_000_000))
    for block in parsed.blocks:
        split = split_block(block)
        assert split.segments, block
        assert join_segments(split.segments) == block.text
        assert join_markup(split.segments) == block.markup
        assert all(s.text == s.text.strip() and s.text for s in split.segments)


def test_sample_sentences(sample_path: Path) -> None:
    """Tried: the sample's second aside: a quotation, then a sentence with an apostrophe."""
    parsed = parse(read_source(sample_path, max_bytes=1_000_000))
    aside = [b for b in parsed.blocks if b.kind is BlockKind.ASIDE][1]
    assert [s.text for s in split_block(aside).segments] == [
        'The name means "Village Voice" in Uzbek.',
        "But don't be fooled, Qishloq Ovozi is about all of Central Asia.",
    ]


_WORDS = st.sampled_from(
    [
        "U.S.",
        "Gen.",
        "J.",
        "Smith",
        "3.5",
        "p.m.",
        "10:30",
        "Jan.",
        "5.",
        "He",
        "left",
        "...",
        "?",
        "!",
        ".",
        '"Yes."',
        "(quietly.)",
        "Kyrgyz",
        "Тоҷикистон",
        "e.g.",
        "Mr.",
        "a",
        "B",
    ]
)
_SPACES = st.sampled_from([" ", " ", " ", "  ", "\n", "\t", " \n ", ""])


@st.composite
def _blocks(draw: st.DrawFn) -> Block:
    """A stripped text of words and odd whitespace, with random markup spans."""
    words = draw(st.lists(_WORDS, min_size=1, max_size=25))
    text = "".join(w + draw(_SPACES) for w in words).strip()
    raw = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(text)),
                st.integers(0, len(text)),
                st.sampled_from(["a", "em", "strong"]),
                st.sampled_from(["", "https://x.org"]),
            ),
            max_size=6,
        )
    )
    spans = [_span(text, min(a, b), max(a, b), value, href) for a, b, value, href in raw]
    return _block(text, normalize_markup(text, spans))


@settings(max_examples=300, deadline=None)
@given(_blocks())
def test_split_and_join_are_inverse(block: Block) -> None:
    """Tried: random texts and span layouts: join(split(b)) gives text and markup back."""
    segments = split_block(block).segments
    assert join_segments(segments) == block.text
    assert join_markup(segments) == block.markup
    for segment in segments:
        assert segment.text and segment.text == segment.text.strip()
        assert segment.separator.strip() == ""
        for span in segment.spans:
            assert segment.text[span.start : span.end] == span.text


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=120).map(str.strip).filter(bool))
def test_any_text_round_trips(text: str) -> None:
    """Tried: arbitrary Unicode text (no markup): nothing is lost or changed."""
    assert join_segments(split_block(_block(text)).segments) == text


# --- issue 14, point 7: lists, separators, times; the golden-rule set -------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The plan: 1. roads 2. schools 3. clinics",
            ["The plan:", "1. roads", "2. schools", "3. clinics"],
        ),
        ("1) The first item 2) The second item", ["1) The first item", "2) The second item"]),
        (
            "Night fell. * * * In the morning the convoy left.",
            ["Night fell.", "* * *", "In the morning the convoy left."],
        ),
        (
            "The train arrived at 5 a.m. Mr. Smith was waiting.",
            ["The train arrived at 5 a.m.", "Mr. Smith was waiting."],
        ),
        ("The dam is approx. 300 meters high.", ["The dam is approx. 300 meters high."]),
        (
            "Founded in Washington, D.C. It moved to N.Y. later.",
            ["Founded in Washington, D.C.", "It moved to N.Y. later."],
        ),
        ("The deal is final.The parties signed.", ["The deal is final.", "The parties signed."]),
        ("Write to john.Smith@example.com today.", ["Write to john.Smith@example.com today."]),
        ("Rooms 2) and 4) were empty.", ["Rooms 2) and 4) were empty."]),  # not 1, 2, 3...
    ],
)
def test_news_rules_over_pysbd(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_datelines_and_bylines_get_no_segments() -> None:
    for kind in (BlockKind.DATELINE, BlockKind.BYLINE):
        block = Block(index=0, kind=kind, text="By Bruce Pannier")
        assert split_block(block).segments == ()


def test_golden_rules_through_tarjima_segment() -> None:
    """At least 95 % of the golden-rule cases split exactly, on `tarjima segment`'s path."""
    from bench.segmentation import load_cases, score, tarjima_segments

    result = score(tarjima_segments, load_cases())
    missed = [(case.text, got) for case, got in result.failures]
    assert result.share >= 0.95, missed


def test_golden_rule_texts_round_trip() -> None:
    from bench.segmentation import load_cases

    for case in load_cases():
        text = " ".join(case.text.split())
        assert join_segments(split_block(_block(text)).segments) == text
