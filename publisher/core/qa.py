"""Quality checks on one translation of one segment; warnings are stored with it.

Errors (an edition with an unresolved one is published only with an explicit, recorded
override): a protected span (number, date, markup) missing, altered or duplicated, and
an empty translation, and a glossary *name* (kind "name": a person, place or
organisation) of the source not spelled as the glossary says. Warnings: the translation
equals the source (untranslated), its length is out of the range expected for the
language pair, or it lacks the required translation of another glossary term.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from publisher.core.articles import ProtectedSpan, Segment
from publisher.core.enums import Status
from publisher.core.glossary import missing_terms
from publisher.core.locales import LENGTH_RATIOS
from publisher.core.messages import N_, Message, Number
from publisher.core.protect import check, mask
from publisher.core.protect.placeholders import problem_message
from publisher.core.records import ReviewRow, TermRecord

#: Translated length / source length (placeholders counted as written) expected per
#: target language from English news copy (the registry's ``length_ratio``; a locale
#: without one gets DEFAULT_RATIO); outside it a person should look.
DEFAULT_RATIO = (0.4, 2.5)
#: Shorter sources (names, captions) vary too much in length to judge.
MIN_LENGTH_FOR_RATIO = 40


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class QAWarning:
    """A QA finding: ``message`` in English (the API's and older rows' words), ``params``
    what it says, so that ``warning_text`` words it in a staff member's language."""

    code: str
    message: str
    severity: Severity
    params: Mapping[str, object] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "severity": str(self.severity),
            "params": dict(self.params),
        }

    def words(self) -> Message:
        """What it says, to be rendered in any language (its English ``message`` when
        its params say nothing known)."""
        try:
            return _message(self.code, self.params)
        except (KeyError, TypeError, ValueError):
            return Message(self.message)


#: The messages of the QA codes whose words are not a placeholder problem's.
MESSAGES: dict[str, str] = {
    "empty": N_("the translation is empty"),
    "untranslated": N_("the translation is the source text unchanged"),
    "length_ratio": N_(
        "the translation is %(ratio)s times as long as the source (expected %(low)s-%(high)s)"
    ),
    "glossary": N_("“%(term)s” must be translated as “%(translation)s”"),
}
_RATIO = "0.00"
_BOUND = "0.0#"


def _number(value: object, pattern: str) -> Number:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"not a number: {value!r}")
    return Number(value, pattern)


def _message(code: str, params: Mapping[str, object]) -> Message:
    """The message of a warning with ``code`` and stored ``params``; KeyError or
    TypeError when they do not fit."""
    if code.startswith("span_"):
        return problem_message(params)
    if code == "length_ratio":
        return Message(
            MESSAGES[code],
            {
                "ratio": _number(params["ratio"], _RATIO),
                "low": _number(params["low"], _BOUND),
                "high": _number(params["high"], _BOUND),
            },
        )
    return Message(MESSAGES[code], {key: str(value) for key, value in params.items()})


def _warning(code: str, severity: Severity, **params: object) -> QAWarning:
    return QAWarning(code, str(_message(code, params)), severity, params)


def warning_text(warning: Mapping[str, object], locale: str) -> str:
    """A stored warning ({code, message, severity, params}) in words of ``locale`` (a
    staff member's language); a row stored before warnings kept their params (or whose
    params say something unknown) gives its stored English ``message``."""
    stored = str(warning.get("message") or warning.get("code") or "")
    params = warning.get("params")
    if not isinstance(params, Mapping):
        return stored
    try:
        return _message(str(warning.get("code")), params).localized(locale)
    except (KeyError, TypeError, ValueError):
        return stored


def labelled(warnings: Sequence[Mapping[str, object]], locale: str) -> list[dict[str, object]]:
    """Stored warnings, each with its ``label``: its words in ``locale`` (the JSON API
    keeps ``message`` in English)."""
    return [{**w, "label": warning_text(w, locale)} for w in warnings]


CODES = (
    "empty",
    "span_missing",
    "span_duplicated",
    "span_unknown",
    "span_unbalanced",
    "untranslated",
    "length_ratio",
    "glossary",
)
#: What each code means, in words for people (staff screens translate them).
CODE_NAMES: dict[str, str] = {
    "empty": N_("Empty translation"),
    "span_missing": N_("A number, date or link is missing"),
    "span_duplicated": N_("A placeholder appears twice"),
    "span_unknown": N_("An unknown placeholder"),
    "span_unbalanced": N_("A link or formatting left open"),
    "untranslated": N_("Left in the source language"),
    "length_ratio": N_("Unusual length"),
    "glossary": N_("A glossary term not used"),
}


_WORD = re.compile(r"[^\W\d_]+")


def _needs_translating(source: str) -> bool:
    """Whether a translation identical to ``source`` is suspicious: not for names,
    credits and datelines ("Reuters", "AFP/Getty Images", "Dushanbe, ⟦1⟧"), where every
    word is capitalized, nor for fragments under three words."""
    words = _WORD.findall(source)
    return len(words) >= 3 and not all(word[0].isupper() for word in words)


def _length_warning(source: str, translated: str, locale: str | None) -> QAWarning | None:
    if len(source) < MIN_LENGTH_FOR_RATIO:
        return None
    low, high = LENGTH_RATIOS.get(locale or "", DEFAULT_RATIO)
    ratio = len(translated) / len(source)
    if low <= ratio <= high:
        return None
    return _warning("length_ratio", Severity.WARNING, ratio=round(ratio, 2), low=low, high=high)


def check_translation(
    segment: Segment,
    translated: str,
    *,
    locale: str | None = None,
    glossary: Sequence[TermRecord] = (),
) -> tuple[QAWarning, ...]:
    """Warnings for ``translated`` (placeholders included) into ``locale``."""
    if not translated.strip():
        return (_warning("empty", Severity.ERROR),)
    warnings = [
        QAWarning(f"span_{problem.kind}", problem.message, Severity.ERROR, problem.params)
        for problem in check(translated, segment.spans)
    ]
    source = mask(segment.text, segment.spans)
    if " ".join(translated.split()) == " ".join(source.split()) and _needs_translating(source):
        warnings.append(_warning("untranslated", Severity.WARNING))
    elif (length := _length_warning(source, translated, locale)) is not None:
        warnings.append(length)
    warnings += [
        _warning(
            "glossary",
            Severity.ERROR if term.is_name else Severity.WARNING,
            term=term.term,
            translation=term.translation,
        )
        for term in missing_terms(segment.text, translated, glossary)
    ]
    return tuple(warnings)


def unresolved_errors(rows: Sequence[tuple[str, Sequence[object]]]) -> int:
    """Error-level warnings on translations, approved ones included (an approval does not
    make a missing number appear): ``rows`` are (status, warnings) pairs."""
    return sum(
        1
        for _status, warnings in rows
        for w in warnings
        if isinstance(w, dict) and w.get("severity") == Severity.ERROR
    )


@dataclass(frozen=True)
class SegmentErrors:
    """A segment whose text in an edition has QA errors: the publish check lists it."""

    segment_id: int
    number: int  # its place in the article, from 1, as the review screen counts
    errors: tuple[QAWarning, ...]
    approved: bool  # the text readers would get was approved by a person
    confirmed_by: str | None  # who approved it over these errors, if someone did


def edition_errors(
    rows: Sequence[ReviewRow], *, locale: str, glossary: Sequence[TermRecord] = ()
) -> list[SegmentErrors]:
    """Segments whose text in the edition (``ReviewRow.shown_text``: approved, else the
    engine's; never a draft) has error-level QA problems, in article order. Approved text
    counts like any other: readers would get it. Pass the pair's ``glossary`` so that a
    misspelled name counts."""
    found = []
    names = [term for term in glossary if term.is_name]
    for number, row in enumerate(rows, start=1):
        shown = row.shown_text
        if shown is None:
            continue  # the source is shown, marked: the partial-edition check covers it
        spans = tuple(ProtectedSpan.from_json(dict(s)) for s in row.spans)
        segment = Segment(row.block_index, row.position, row.source, spans)
        errors = tuple(
            w
            for w in check_translation(segment, shown, locale=locale, glossary=names)
            if w.severity is Severity.ERROR
        )
        if errors:
            found.append(
                SegmentErrors(
                    row.segment_id,
                    number,
                    errors,
                    approved=row.approved_text == shown or row.status is Status.APPROVED,
                    confirmed_by=row.confirmed_by,
                )
            )
    return found
