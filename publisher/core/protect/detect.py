"""Find dates, date ranges, times, money, percentages and numbers in English text.

The detectors live by kind: ``publisher.core.protect.dates`` (dates, ranges, months, seasons,
with the word that governs them) and ``publisher.core.protect.numbers`` (times, money,
percentages, plain numbers). ``find_spans`` runs them in order; where spans overlap, the
earlier detector wins: a range before its dates, a date before its day number, money and
percentages before their numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from publisher.core.articles import ProtectedSpan
from publisher.core.protect import numbers
from publisher.core.protect.dates import DATE_DETECTORS

Detector = Callable[[str, date], Iterator[ProtectedSpan]]

_DETECTORS: tuple[Detector, ...] = (
    *DATE_DETECTORS,
    numbers.times,
    numbers.money,
    numbers.percents,
    numbers.numbers,
)


def find_spans(text: str, *, reference: date) -> tuple[ProtectedSpan, ...]:
    """Dates, ranges, times, money, percentages and numbers of ``text``, sorted, disjoint.

    A date without a year takes ``reference.year`` (the article's publication date).
    """
    taken = bytearray(len(text))
    found: list[ProtectedSpan] = []
    for detector in _DETECTORS:
        for span in detector(text, reference):
            if not any(taken[span.start : span.end]):
                taken[span.start : span.end] = b"\x01" * (span.end - span.start)
                found.append(span)
    return tuple(sorted(found, key=lambda s: s.start))
