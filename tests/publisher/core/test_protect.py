"""find_spans on the reference article, and the mask/restore round trip."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from publisher.core.articles import ProtectedSpan, SpanKind
from publisher.core.errors import InputError
from publisher.core.protect import (
    SpanProblem,
    check,
    find_spans,
    mask,
    placeholder,
    restore,
    restore_plain,
)

REFERENCE = dt.date(2021, 7, 22)
D, R, T, N, P, M = (
    SpanKind.DATE,
    SpanKind.DATE_RANGE,
    SpanKind.TIME,
    SpanKind.NUMBER,
    SpanKind.PERCENT,
    SpanKind.MONEY,
)

# kind, text, value, then governor and qualifier joined ("in late": "at the end of April")
Expected = tuple[SpanKind, str, str, str | None]

# Every line of the sample article with a date or a number (keyed by its opening words).
SAMPLE_SPANS: dict[str, list[Expected]] = {
    "Relations between": [(D, "at the end of April", "2021-04", "in late")],
    "More than 50": [(N, "50", "50", None)],
    "Attempts at reconciliation": [(D, "in late June", "2021-06", "in late")],
    "An unexpected opportunity": [
        (R, "on July 13-14", "2021-07-13/2021-07-14", "on"),
        (N, "345", "345", None),
    ],
    "Kyrgyz authorities quickly": [(N, "4,000", "4000", None)],
    "Kyrgyz officials had previously": [
        (R, "from July 14-16", "2021-07-14/2021-07-16", "from"),
    ],
    "On July 16,": [(D, "On July 16", "2021-07-16", "on")],
    "But on July 18,": [(D, "on July 18", "2021-07-18", "on")],
    "That guarantee is unlikely": [(D, "on July 20", "2021-07-20", "on")],
    "The ongoing fighting": [(D, "in mid-July", "2021-07", "in mid")],
}


def _summary(text: str) -> list[Expected]:
    return [
        (s.kind, s.text, s.value, " ".join(filter(None, (s.governor, s.qualifier))) or None)
        for s in find_spans(text, reference=REFERENCE)
    ]


def _lines(sample_text: str) -> list[str]:
    return [line for line in sample_text.splitlines() if line.strip()]


def test_sample_article_spans(sample_text: str) -> None:
    found = {}
    for line in _lines(sample_text):
        key = next((k for k in SAMPLE_SPANS if line.startswith(k)), None)
        spans = _summary(line)
        if key is None:
            assert spans == [], line  # headline, video timer "0:00 0:01:55 0:00", boilerplate
        else:
            found[key] = spans
    assert found == SAMPLE_SPANS


def test_sample_offsets_point_at_the_text(sample_text: str) -> None:
    for line in _lines(sample_text):
        for span in find_spans(line, reference=REFERENCE):
            assert line[span.start : span.end] == span.text


def test_abbreviations_and_time() -> None:
    text = "U.S. Gen. J. Smith arrived at 3 p.m. on Jan. 5."
    spans = find_spans(text, reference=REFERENCE)
    assert spans == (
        ProtectedSpan(T, 30, 36, "3 p.m.", "15:00"),
        ProtectedSpan(D, 37, 46, "on Jan. 5", "2021-01-05", governor="on"),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("July 18, 2021", (D, "July 18, 2021", "2021-07-18", None)),
        ("18 July 2021", (D, "18 July 2021", "2021-07-18", None)),
        ("January 5th", (D, "January 5th", "2021-01-05", None)),
        ("since Sept. 9", (D, "since Sept. 9", "2021-09-09", "since")),
        ("the beginning of March", (D, "the beginning of March", "2021-03", "early")),
        ("In early May", (D, "In early May", "2021-05", "in early")),
        ("by the end of April", (D, "by the end of April", "2021-04", "by late")),
        ("until late June", (D, "until late June", "2021-06", "until late")),
        ("in June", (D, "in June", "2021-06", "in")),
        ("in June 2020", (D, "in June 2020", "2020-06", "in")),
        ("July 13–14", (R, "July 13–14", "2021-07-13/2021-07-14", None)),
        ("July 30-August 2", (R, "July 30-August 2", "2021-07-30/2021-08-02", None)),
        ("July 13 to 14", (R, "July 13 to 14", "2021-07-13/2021-07-14", None)),
        ("13-14 July", (R, "13-14 July", "2021-07-13/2021-07-14", None)),
        ("December 30-January 2", (R, "December 30-January 2", "2021-12-30/2022-01-02", None)),
        ("at 15:00", (T, "15:00", "15:00", None)),
        ("at 12 a.m. sharp", (T, "12 a.m.", "00:00", None)),
        ("at 9pm", (T, "9pm", "21:00", None)),
        ("12,345.67", (N, "12,345.67", "12345.67", None)),
        ("1.5", (N, "1.5", "1.5", None)),
        ("3.5%", (P, "3.5%", "3.5", None)),
        ("3.5 percent", (P, "3.5 percent", "3.5", None)),
        ("40 per cent", (P, "40 per cent", "40", None)),
    ],
)
def test_single_spans(text: str, expected: Expected) -> None:
    assert _summary(text) == [expected]


@pytest.mark.parametrize(
    ("text", "span_text", "value", "currency"),
    [
        ("It costs $1.5 million.", "$1.5 million", "1500000", "USD"),
        ("It costs $300.", "$300", "300", "USD"),
        ("It costs €2 billion.", "€2 billion", "2000000000", "EUR"),
        ("It costs 1.5 million dollars.", "1.5 million dollars", "1500000", "USD"),
        ("It costs US$10.", "US$10", "10", "USD"),
        ("It costs $5m.", "$5m", "5000000", "USD"),
        ("It costs 200 somoni.", "200 somoni", "200", "TJS"),
        ("It costs £4.50 today.", "£4.50", "4.50", "GBP"),
    ],
)
def test_money(text: str, span_text: str, value: str, currency: str) -> None:
    (span,) = find_spans(text, reference=REFERENCE)
    assert (span.kind, span.text, span.value, span.currency) == (M, span_text, value, currency)


@pytest.mark.parametrize(
    "text",
    [
        "COVID-19 and B-52s",
        "1,5 or 1.2.3",
        "call 555-1234",
        "the 5st day",
        "2-3 people",
        "0:00 0:01:55 0:00",
        "May I ask?",
        "we may march on",
        "room 12a",
        "RFE/RL",
    ],
)
def test_no_spans(text: str) -> None:
    assert find_spans(text, reference=REFERENCE) == ()


def test_impossible_dates_are_not_dates() -> None:
    assert _summary("February 30") == [(N, "30", "30", None)]


def test_sentence_period_stays_outside_abbreviations() -> None:
    assert _summary("They met at 3 p.m. The talks failed.")[0][1] == "3 p.m"
    assert _summary("It happened in Jan.")[0][1] == "in Jan"


# -- mask and restore --------------------------------------------------------------------

SENTENCE = "But on July 18, Khovar state news agency reported 4,000 & <more>."


def _link(text: str, inner: str, href: str = "https://khovar.tj/?a=1&b=2") -> ProtectedSpan:
    start = text.index(inner)
    attrs = (("href", href), ("onclick", "steal()"))
    return ProtectedSpan(SpanKind.MARKUP, start, start + len(inner), inner, "a", attrs=attrs)


def _sorted(spans: Sequence[ProtectedSpan]) -> list[ProtectedSpan]:
    return sorted(spans, key=lambda s: (s.start, -s.end, s.kind != SpanKind.MARKUP))


@pytest.fixture
def spans() -> list[ProtectedSpan]:
    found = find_spans(SENTENCE, reference=REFERENCE)
    return _sorted([*found, _link(SENTENCE, "on July 18, Khovar state news agency")])


def _upper(span: ProtectedSpan) -> str:
    return span.value.upper() + "<&>"


def test_mask_nests_spans_inside_markup(spans: list[ProtectedSpan]) -> None:
    assert mask(SENTENCE, spans) == (
        "But ⟦1⟧⟦2⟧, Khovar state news agency⟦/1⟧ reported ⟦3⟧ & <more>."
    )


def test_restore_escapes_text_and_renders_spans(spans: list[ProtectedSpan]) -> None:
    translated = "Но ⟦1⟧⟦2⟧ «Ховар»⟦/1⟧ <script>alert(1)</script> ⟦3⟧."
    result = restore(translated, spans, render=_upper)
    assert result.problems == ()
    assert isinstance(result.html, Markup)
    assert str(result.html) == (
        'Но <a href="https://khovar.tj/?a=1&amp;b=2">2021-07-18&lt;&amp;&gt; «Ховар»</a> '
        "&lt;script&gt;alert(1)&lt;/script&gt; 4000&lt;&amp;&gt;."
    )


def test_restore_tolerates_engine_noise(spans: list[ProtectedSpan]) -> None:
    translated = "⟦ 1 ⟧ ⟦2 ⟧ x ⟦ /1⟧ y ⟦3 people"
    result = restore(translated, spans, render=lambda s: s.value)
    assert result.problems == ()
    assert str(result.html) == (
        '<a href="https://khovar.tj/?a=1&amp;b=2"> 2021-07-18 x </a> y 4000 people'
    )
    lost_opening = restore("2⟧ and 3⟧", spans, lambda s: s.value)
    assert str(lost_opening.html).startswith("2021-07-18 and 4000")


def test_missing_duplicated_and_unknown(spans: list[ProtectedSpan]) -> None:
    result = restore("⟦1⟧x⟦/1⟧ ⟦2⟧ ⟦2⟧ ⟦7⟧ ⟦0⟧", spans, render=lambda s: s.value)
    assert str(result.html) == (
        '<a href="https://khovar.tj/?a=1&amp;b=2">x</a> 2021-07-18 2021-07-18  '
    )
    assert [(p.kind, p.message) for p in result.problems] == [
        ("unknown", "unknown placeholder ⟦7⟧ dropped"),
        ("unknown", "unknown placeholder ⟦0⟧ dropped"),
        ("duplicated", "date on July 18 appears 2 times in the translation"),
        ("missing", "number 4,000 missing from the translation"),
    ]
    assert check("⟦1⟧x⟦/1⟧ ⟦2⟧ ⟦2⟧ ⟦7⟧ ⟦0⟧", spans) == result.problems


def test_unbalanced_markup_is_dropped_not_guessed(spans: list[ProtectedSpan]) -> None:
    result = restore("⟦1⟧ ⟦2⟧ ⟦3⟧ ⟦/2⟧", spans, render=lambda s: s.value)
    assert str(result.html) == " 2021-07-18 4000 "
    assert [(p.kind, p.span) for p in result.problems] == [
        ("unbalanced", spans[0]),
        ("unbalanced", spans[1]),
    ]
    assert "link “on July 18, Khovar state news agency”" in result.problems[0].message


def test_crossed_markup_keeps_html_well_formed() -> None:
    text = "ab cd ef"
    outer = ProtectedSpan(SpanKind.MARKUP, 0, 8, text, "em")
    inner = ProtectedSpan(SpanKind.MARKUP, 3, 5, "cd", "strong")
    assert mask(text, [outer, inner]) == "⟦1⟧ab ⟦2⟧cd⟦/2⟧ ef⟦/1⟧"
    result = restore("⟦1⟧x ⟦2⟧y⟦/1⟧ z⟦/2⟧", [outer, inner], render=str)
    assert str(result.html) == "<em>x y</em> z"
    assert [(p.kind, p.span) for p in result.problems] == [("unbalanced", inner)]


def test_disallowed_tags_and_urls_are_dropped() -> None:
    text = "see this and that"
    script = ProtectedSpan(SpanKind.MARKUP, 4, 8, "this", "script")
    js = _link(text, "that", href=" javascript:alert(1)")
    result = restore(mask(text, [script, js]), [script, js], render=str)
    assert str(result.html) == "see this and <a>that</a>"
    assert [p.kind for p in result.problems] == ["unknown"]


def test_stray_brackets_are_removed(spans: list[ProtectedSpan]) -> None:
    result = restore("⟦1⟧a⟦/1⟧ ⟦2⟧ ⟦3⟧ ⟧⟦", spans, render=lambda s: s.value)
    assert str(result.html).endswith("4000 ")
    assert result.problems == (SpanProblem("unknown", None, "stray placeholder bracket removed"),)


def test_restore_plain(spans: list[ProtectedSpan]) -> None:
    plain = restore_plain("⟦1⟧<b>⟦2⟧</b>⟦/1⟧ ⟦3⟧ & ⟦9⟧", spans, render=lambda s: s.value)
    assert plain == "<b>2021-07-18</b> 4000 & "


def test_mask_refuses_bad_input() -> None:
    with pytest.raises(InputError, match="reserved"):
        mask("a ⟦1⟧ b", [])
    with pytest.raises(ValueError, match="does not match"):
        mask("abc", [ProtectedSpan(SpanKind.NUMBER, 0, 1, "x", "1")])
    crossing = [
        ProtectedSpan(SpanKind.MARKUP, 0, 3, "abc", "em"),
        ProtectedSpan(SpanKind.NUMBER, 2, 4, "cd", "1"),
    ]
    with pytest.raises(ValueError, match="crosses"):
        mask("abcd", crossing)


def test_numbering_follows_the_given_order() -> None:
    text = "5 and 6"
    five, six = find_spans(text, reference=REFERENCE)
    assert mask(text, [six, five]) == "⟦2⟧ and ⟦1⟧"
    assert placeholder(12) == "⟦12⟧" and placeholder(3, end=True) == "⟦/3⟧"


def test_placeholders_survive_tokenizers_that_split_underscores() -> None:
    assert "_" not in placeholder(1) + placeholder(1, end=True)


# -- round trip: restore(mask(text)) with render = source text is the escaped source ------

_TEXT = st.text(st.characters(exclude_characters="⟦⟧", exclude_categories=["Cs"]), max_size=8)
_TAGS = st.sampled_from(["a", "em", "strong", "b", "i", "code", "sup", "sub"])
_HREF = st.one_of(st.just("/relative?a=1&b=2"), _TEXT.map(lambda t: "https://example.org/" + t))


@st.composite
def _attrs(draw: st.DrawFn) -> tuple[tuple[str, str], ...]:
    attrs = [("href", draw(_HREF))] if draw(st.booleans()) else []
    if draw(st.booleans()):
        attrs.append(("title", draw(_TEXT)))
    return tuple(attrs)


def _text_of(node: tuple[object, ...]) -> str:
    if node[0] == "markup":
        children = node[3]
        assert isinstance(children, list)
        return "".join(_text_of(child) for child in children)
    return str(node[1])


# A node: ("text", s) | ("atom", s) | ("markup", tag, attrs, children). Markup covers some
# text: offsets cannot tell whether an empty span sits inside or beside another one.
_NODES = st.recursive(
    st.one_of(
        st.tuples(st.just("text"), _TEXT),
        st.tuples(st.just("atom"), _TEXT.filter(bool)),
    ),
    lambda children: st.tuples(
        st.just("markup"), _TAGS, _attrs(), st.lists(children, min_size=1, max_size=4)
    ).filter(lambda node: bool(_text_of(node))),
    max_leaves=12,
)


def _build(nodes: list[tuple[object, ...]]) -> tuple[str, list[ProtectedSpan], str]:
    """Text, spans (pre-order: sorted by start, outer first) and the expected HTML."""
    text: list[str] = []
    spans: list[ProtectedSpan] = []
    html: list[str] = []

    def walk(node: tuple[object, ...]) -> None:
        offset = sum(map(len, text))
        if node[0] == "markup":
            _, tag, attrs, children = node
            assert isinstance(tag, str) and isinstance(attrs, tuple) and isinstance(children, list)
            index = len(spans)
            spans.append(ProtectedSpan(SpanKind.MARKUP, offset, offset, "", tag))
            html.append(f"<{tag}" + "".join(f' {k}="{escape(v)}"' for k, v in attrs) + ">")
            for child in children:
                walk(child)
            inner = "".join(text)[offset:]
            spans[index] = ProtectedSpan(
                SpanKind.MARKUP, offset, offset + len(inner), inner, tag, attrs=attrs
            )
            html.append(f"</{tag}>")
            return
        kind, value = node
        assert isinstance(value, str)
        if kind == "atom":
            spans.append(ProtectedSpan(SpanKind.NUMBER, offset, offset + len(value), value, "1"))
        text.append(value)
        html.append(str(escape(value)))

    for node in nodes:
        walk(node)
    return "".join(text), spans, "".join(html)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NODES, max_size=5))
def test_round_trip(nodes: list[tuple[object, ...]]) -> None:
    text, spans, expected = _build(nodes)
    masked = mask(text, spans)
    result = restore(masked, spans, render=lambda s: s.text)
    assert str(result.html) == expected
    assert result.problems == ()
    assert restore_plain(masked, spans, render=lambda s: s.text) == text


@pytest.mark.parametrize(
    ("locale", "word", "expected"),
    [
        ("uz", "yilligi", "55-yilligi"),
        ("ky", "жылдыгы", "55-жылдыгы"),
        ("ru", "годовщина", "55-й годовщина"),
    ],
)
def test_a_suffix_taking_ordinal_is_joined_to_the_next_word(
    locale: str, word: str, expected: str
) -> None:
    """An engine writes "⟦1⟧ yilligi" for "the 55th anniversary"; Uzbek and Kyrgyz join the
    ordinal's hyphen to the word ("55-yilligi", never "55- yilligi"); Russian keeps the space."""
    from publisher.core.localize.l10n import formatter_for

    spans = find_spans("the 55th anniversary", reference=dt.date(2021, 7, 22))
    render = formatter_for(locale).render
    assert restore(f"⟦1⟧ {word}", spans, render).html == expected
    assert restore_plain(f"⟦1⟧ {word}", spans, render) == expected
