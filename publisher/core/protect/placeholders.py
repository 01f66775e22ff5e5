"""Mask protected spans for the engine and restore them in its output.

The placeholder brackets U+27E6/U+27E7 are reserved: source text must not contain them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from markupsafe import Markup, escape

from publisher.core.articles import ProtectedSpan, SpanKind
from publisher.core.errors import InputError
from publisher.core.messages import N_, Message

# -- masking for the engine ------------------------------------------------------------

# ⟦3⟧ stands for span 3; ⟦2⟧text⟦/2⟧ wraps the text of markup span 2. No underscore: Argos's
# tokenizer turns "_" into spaces. Parsing tolerates spaces inside the brackets ("⟦ 3 ⟧"),
# a lost closing bracket ("⟦3 people") and a lost opening one ("3⟧").
PLACEHOLDER_OPEN = "⟦"  # U+27E6
PLACEHOLDER_CLOSE = "⟧"  # U+27E7
PLACEHOLDER_END_MARK = "/"
_PLACEHOLDER = re.compile(
    r"{open}\s*(?P<end>{mark})?\s*(?P<number>\d+)(?:\s*{close})?"
    r"|(?<![\d{mark}])(?P<end2>{mark})?(?P<number2>\d+)\s*{close}".format(
        open=re.escape(PLACEHOLDER_OPEN),
        close=re.escape(PLACEHOLDER_CLOSE),
        mark=re.escape(PLACEHOLDER_END_MARK),
    )
)


def placeholder(number: int, *, end: bool = False) -> str:
    """``⟦3⟧``, or ``⟦/3⟧`` (``end=True``) after the text of a markup span."""
    mark = PLACEHOLDER_END_MARK if end else ""
    return f"{PLACEHOLDER_OPEN}{mark}{number}{PLACEHOLDER_CLOSE}"


def _nesting_order(spans: Sequence[ProtectedSpan]) -> list[int]:
    """Indices of ``spans`` outer before inner: by start, empty first, longer, markup first."""
    return sorted(
        range(len(spans)),
        key=lambda i: (
            spans[i].start,
            spans[i].end > spans[i].start,
            -spans[i].end,
            spans[i].kind != SpanKind.MARKUP,
        ),
    )


def _check(text: str, span: ProtectedSpan, number: int) -> None:
    if text[span.start : span.end] != span.text:
        raise ValueError(f"span {number} ({span.text!r}) does not match the text at its offsets")


def mask(text: str, spans: Sequence[ProtectedSpan]) -> str:
    """``text`` with span N (1-based, in the order given) replaced by ``⟦N⟧``.

    Markup spans keep their text, as ``⟦N⟧text⟦/N⟧``; they may contain other spans.
    Raises ``InputError`` if the text contains placeholder brackets, and ``ValueError``
    for spans that do not match the text or cross each other.
    """
    if PLACEHOLDER_OPEN in text or PLACEHOLDER_CLOSE in text:
        raise InputError("the text contains the reserved characters ⟦ or ⟧ (U+27E6, U+27E7)")
    out: list[str] = []
    pos = 0
    open_markup: list[tuple[int, int]] = []  # (end, number), innermost last

    def close_until(offset: int) -> None:
        nonlocal pos
        while open_markup and open_markup[-1][0] <= offset:
            end, number = open_markup.pop()
            out.extend((text[pos:end], placeholder(number, end=True)))
            pos = end

    for index in _nesting_order(spans):
        span, number = spans[index], index + 1
        _check(text, span, number)
        close_until(span.start)
        if span.start < pos or (open_markup and span.end > open_markup[-1][0]):
            raise ValueError(f"span {number} ({span.text!r}) crosses another span")
        out.extend((text[pos : span.start], placeholder(number)))
        if span.kind == SpanKind.MARKUP:
            open_markup.append((span.end, number))
            pos = span.start
        else:
            pos = span.end
    close_until(len(text))
    out.append(text[pos:])
    return "".join(out)


# -- restoring the translation ---------------------------------------------------------

ProblemKind = Literal["missing", "duplicated", "unknown", "unbalanced"]

ALLOWED_TAGS = frozenset({"a", "em", "strong", "b", "i", "code", "sup", "sub"})
ALLOWED_ATTRIBUTES = frozenset({"href", "title"})
_SAFE_URL = re.compile(r"(?i:https?:|mailto:|[^:]*$|[^:]*[/?#])")

#: How messages name a span, by its kind ("link" for <a>, "markup" for other tags).
SPAN_NAMES: dict[str, str] = {
    SpanKind.DATE: N_("date %(text)s"),
    SpanKind.DATE_RANGE: N_("date range %(text)s"),
    SpanKind.TIME: N_("time %(text)s"),
    SpanKind.NUMBER: N_("number %(text)s"),
    SpanKind.PERCENT: N_("percentage %(text)s"),
    SpanKind.MONEY: N_("amount %(text)s"),
    "link": N_("link “%(text)s”"),
    SpanKind.MARKUP: N_("<%(tag)s> text “%(text)s”"),
}
#: What can be wrong with the placeholders of a translation (``SpanProblem.reason``).
SPAN_PROBLEMS: dict[str, str] = {
    "missing": N_("%(span)s missing from the translation"),
    "duplicated": N_("%(span)s appears %(count)s times in the translation"),
    "unbalanced": N_("%(span)s: unmatched placeholder %(marker)s dropped"),
    "tag_not_allowed": N_("%(span)s: tag <%(tag)s> is not allowed, its text is kept"),
    "unknown_placeholder": N_("unknown placeholder %(marker)s dropped"),
    "stray_bracket": N_("stray placeholder bracket removed"),
}


def span_params(span: ProtectedSpan) -> dict[str, str]:
    """What a message needs to name ``span``, as stored with a QA warning."""
    if span.kind == SpanKind.MARKUP:
        kind = "link" if span.value == "a" else str(SpanKind.MARKUP)
        return {"kind": kind, "text": span.text, "tag": span.value}
    return {"kind": str(span.kind), "text": span.text}


def span_name(params: Mapping[str, object]) -> Message:
    """The span that ``span_params`` describes, as messages name it."""
    return Message(
        SPAN_NAMES[str(params["kind"])],
        {"text": params.get("text", ""), "tag": params.get("tag", "")},
    )


def problem_message(params: Mapping[str, object]) -> Message:
    """The message of a problem stored as ``SpanProblem.params``; KeyError when the params
    do not describe one."""
    values: dict[str, object] = {
        key: value for key, value in params.items() if key in ("count", "marker", "tag")
    }
    span = params.get("span")
    if isinstance(span, Mapping):
        values["span"] = span_name(span)
    return Message(SPAN_PROBLEMS[str(params["reason"])], values)


@dataclass(frozen=True)
class SpanProblem:
    """Something wrong with the placeholders of a translation, for the translator to see:
    ``message`` in English, ``params`` what it says (``problem_message`` words it in any
    language)."""

    kind: ProblemKind
    span: ProtectedSpan | None
    message: str
    params: Mapping[str, object] = field(default_factory=dict, compare=False)


def _problem(
    kind: ProblemKind, reason: str, span: ProtectedSpan | None = None, **details: object
) -> SpanProblem:
    params: dict[str, object] = {"reason": reason, **details}
    if span is not None:
        params["span"] = span_params(span)
    return SpanProblem(kind, span, str(problem_message(params)), params)


@dataclass(frozen=True)
class Restored:
    """A translation with its spans rendered: safe HTML, and what went wrong on the way."""

    html: Markup
    problems: tuple[SpanProblem, ...]


def describe(span: ProtectedSpan) -> str:
    """How messages name a span: "number 4,000", "link “Khovar”"."""
    return str(span_name(span_params(span)))


@dataclass(frozen=True)
class _Piece:
    """A parsed piece of a translation: text, a span to render, or a markup start or end."""

    role: Literal["text", "atom", "start", "end"]
    text: str = ""
    span: ProtectedSpan | None = None


@dataclass(frozen=True)
class _Mark:
    number: int
    end: bool


def _tokens(translated: str) -> Iterator[str | _Mark]:
    pos = 0
    for m in _PLACEHOLDER.finditer(translated):
        yield translated[pos : m.start()]
        number = m.group("number") or m.group("number2")
        yield _Mark(int(number), bool(m.group("end") or m.group("end2")))
        pos = m.end()
    yield translated[pos:]


def _pair_markup(tokens: list[str | _Mark], spans: Sequence[ProtectedSpan]) -> set[int]:
    """Token indices of markup marks that open and close properly nested pairs."""
    paired: set[int] = set()
    stack: list[tuple[int, int]] = []  # (token index, number)
    for index, token in enumerate(tokens):
        if not isinstance(token, _Mark) or not 1 <= token.number <= len(spans):
            continue
        if spans[token.number - 1].kind != SpanKind.MARKUP:
            continue
        if not token.end:
            stack.append((index, token.number))
        elif any(number == token.number for _, number in stack):
            while stack[-1][1] != token.number:
                stack.pop()  # opened inside, never closed: dropped
            paired.update((stack.pop()[0], index))
    return paired


class _Parser:
    """Turns a translation into pieces and problems; shared by ``restore`` and friends."""

    def __init__(self, spans: Sequence[ProtectedSpan]) -> None:
        self.spans = spans
        self.pieces: list[_Piece] = []
        self.problems: list[SpanProblem] = []
        self.seen: dict[int, int] = {}
        self.unbalanced: set[int] = set()

    def parse(self, translated: str) -> None:
        tokens = list(_tokens(translated))
        paired = _pair_markup(tokens, self.spans)
        for index, token in enumerate(tokens):
            if isinstance(token, str):
                self._text(token)
            else:
                self._mark(token, index in paired)
        self._report_counts()

    def _text(self, text: str) -> None:
        clean = text.replace(PLACEHOLDER_OPEN, "").replace(PLACEHOLDER_CLOSE, "")
        if clean != text:
            self.problems.append(_problem("unknown", "stray_bracket"))
        if clean:
            self.pieces.append(_Piece("text", clean))

    def _mark(self, mark: _Mark, paired: bool) -> None:
        if not 1 <= mark.number <= len(self.spans):
            marker = placeholder(mark.number, end=mark.end)
            self.problems.append(_problem("unknown", "unknown_placeholder", marker=marker))
            return
        span = self.spans[mark.number - 1]
        if span.kind == SpanKind.MARKUP and paired:
            self.pieces.append(_Piece("end" if mark.end else "start", span=span))
            if not mark.end:
                self.seen[mark.number] = self.seen.get(mark.number, 0) + 1
        elif span.kind != SpanKind.MARKUP and not mark.end:
            self.pieces.append(_Piece("atom", span=span))
            self.seen[mark.number] = self.seen.get(mark.number, 0) + 1
        elif mark.number not in self.unbalanced:
            self.unbalanced.add(mark.number)
            marker = placeholder(mark.number, end=mark.end)
            self.problems.append(_problem("unbalanced", "unbalanced", span, marker=marker))

    def _report_counts(self) -> None:
        for number, span in enumerate(self.spans, 1):
            count = self.seen.get(number, 0)
            if count == 0 and number not in self.unbalanced:
                self.problems.append(_problem("missing", "missing", span))
            elif count > 1:
                self.problems.append(_problem("duplicated", "duplicated", span, count=count))


def _parse(translated: str, spans: Sequence[ProtectedSpan]) -> _Parser:
    parser = _Parser(spans)
    parser.parse(translated)
    return parser


def _start_tag(span: ProtectedSpan) -> Markup:
    attrs = "".join(
        Markup(' {}="{}"').format(Markup(name), value)
        for name, value in span.attrs
        if name in ALLOWED_ATTRIBUTES and (name != "href" or _SAFE_URL.match(value.strip()))
    )
    return Markup("<{}{}>").format(Markup(span.value), Markup(attrs))


def _html_piece(piece: _Piece, render: Callable[[ProtectedSpan], str]) -> Markup:
    if piece.span is None:
        return escape(piece.text)
    if piece.role == "atom":
        return escape(render(piece.span))
    if piece.span.value not in ALLOWED_TAGS:
        return Markup("")
    return _start_tag(piece.span) if piece.role == "start" else Markup(f"</{piece.span.value}>")


def _glued(pieces: Sequence[_Piece], render: Callable[[ProtectedSpan], str]) -> list[_Piece]:
    """The pieces with the space an engine puts after a suffix-taking span removed.

    An Uzbek or Kyrgyz ordinal renders as "55-", to be joined to the next word ("55-yilligi");
    an engine that saw a placeholder writes "⟦1⟧ yilligi", which would print "55- yilligi".
    """
    glued: list[_Piece] = []
    takes_suffix = False
    for piece in pieces:
        kept = piece
        if takes_suffix and piece.role == "text":
            kept = _Piece("text", piece.text.lstrip(" \xa0"))
        takes_suffix = (
            piece.role == "atom" and piece.span is not None and render(piece.span).endswith("-")
        )
        glued.append(kept)
    return glued


def restore(
    translated: str, spans: Sequence[ProtectedSpan], render: Callable[[ProtectedSpan], str]
) -> Restored:
    """Put the spans back into a masked translation, as safe HTML.

    Text is escaped; ``⟦N⟧`` becomes the escaped ``render(spans[N-1])``; ``⟦N⟧..⟦/N⟧``
    becomes the markup span's tag (allowed tags and attributes only). Missing placeholders
    are reported, never invented; unknown ones are dropped; duplicated ones are rendered
    each time; unmatched markup placeholders are dropped with their tag. All reported.
    """
    parser = _parse(translated, spans)
    problems = list(parser.problems)
    for span in dict.fromkeys(p.span for p in parser.pieces if p.role == "start" and p.span):
        if span.value not in ALLOWED_TAGS:
            problems.append(_problem("unknown", "tag_not_allowed", span, tag=span.value))
    html = Markup("").join(_html_piece(piece, render) for piece in _glued(parser.pieces, render))
    return Restored(html=html, problems=tuple(problems))


def restore_plain(
    translated: str, spans: Sequence[ProtectedSpan], render: Callable[[ProtectedSpan], str]
) -> str:
    """Like ``restore`` but plain text, without markup (titles, feeds); problems via ``check``."""
    parser = _parse(translated, spans)
    return "".join(
        render(p.span) if p.role == "atom" and p.span else p.text
        for p in _glued(parser.pieces, render)
    )


def check(translated: str, spans: Sequence[ProtectedSpan]) -> tuple[SpanProblem, ...]:
    """The placeholder problems of a masked translation (QA without rendering)."""
    return tuple(_parse(translated, spans).problems)
