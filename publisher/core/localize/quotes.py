"""Quotation marks in each locale's form: English “…” and ‘…’ become «…» and „…“ in Russian.

An engine keeps the source's quotation marks (straight " and ', or curly “” ‘’). At assembly
``localize`` rewrites them in a translated segment's text to the edition locale's pair
(``LocalePatterns.quotes``): a quotation opened inside another takes the alternate pair,
whatever marks the source used for it.

What is and is not a quotation mark:

* ``“``/``”`` open and close; a straight ``"`` opens after a space, a bracket, a dash, a
  placeholder or the start of the text, and closes before a space, punctuation or the end
  of the text. A double
  mark with no partner in the segment (a quotation running over several sentences) is
  still rewritten, to the primary pair.
* A single mark (``'``, ``‘``, ``’``) between two letters or digits is an apostrophe or a
  letter, never a quotation mark: "don't", "ma’no", Uzbek "o‘zbek" and ``ʻ``/``ʼ`` stay as
  written. A single mark is rewritten only when it pairs with another in the segment,
  so "the students’ books" and "’90s" keep theirs.
* Placeholders (``⟦1⟧``) hold no quotation marks and are left as they are.

Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.core.localize.locale_patterns import patterns_for
from publisher.core.localize.locale_patterns.model import QuoteMarks

_DOUBLE_OPEN = "\u201c"  # “
_DOUBLE_CLOSE = "\u201d"  # ”
_SINGLE_OPEN = "\u2018"  # ‘
_SINGLE_CLOSE = "\u2019"  # ’
_STRAIGHT_DOUBLE = '"'
_STRAIGHT_SINGLE = "'"
_DOUBLES = frozenset({_DOUBLE_OPEN, _DOUBLE_CLOSE, _STRAIGHT_DOUBLE})
_SINGLES = frozenset({_SINGLE_OPEN, _SINGLE_CLOSE, _STRAIGHT_SINGLE})
# What may stand before an opening straight mark.
_AFTER_CLOSING = frozenset(".,;:!?)]}…—–")
_BEFORE_OPENING = frozenset("([{\u2014\u2013-/\u27e7\u00ab\u201e" + _DOUBLE_OPEN + _SINGLE_OPEN)


@dataclass
class _Mark:
    at: int  # index in the text
    double: bool
    opening: bool
    partner: int | None = None  # index in the list of marks of the other end


def _is_word(char: str | None) -> bool:
    return char is not None and (char.isalnum() or char in "\u02bb\u02bc")


def _role(text: str, at: int) -> bool | None:
    """True for an opening mark, False for a closing one, None: not a quotation mark."""
    char = text[at]
    before = text[at - 1] if at > 0 else None
    after = text[at + 1] if at + 1 < len(text) else None
    if char in _SINGLES and _is_word(before) and _is_word(after):
        return None  # an apostrophe or an Uzbek letter mark
    if char in (_DOUBLE_OPEN, _SINGLE_OPEN):
        return True
    if char in (_DOUBLE_CLOSE, _SINGLE_CLOSE):
        return False
    ends_text = after is None or after.isspace() or after in _AFTER_CLOSING
    if ends_text:
        # closing after a word or a placeholder; alone between spaces: not a quotation mark
        return None if before is None or before.isspace() else False
    return before is None or before.isspace() or before in _BEFORE_OPENING


def _marks(text: str) -> list[_Mark]:
    found = []
    for at, char in enumerate(text):
        if char in _DOUBLES or char in _SINGLES:
            role = _role(text, at)
            if role is not None:
                found.append(_Mark(at, char in _DOUBLES, role))
    return found


def _pair(marks: list[_Mark]) -> None:
    """Pair each closing mark with the nearest open mark of its kind (double or single)."""
    open_marks: list[int] = []
    for number, mark in enumerate(marks):
        if mark.opening:
            open_marks.append(number)
            continue
        for depth in range(len(open_marks) - 1, -1, -1):
            candidate = open_marks[depth]
            if marks[candidate].double == mark.double:
                marks[candidate].partner, mark.partner = number, candidate
                del open_marks[depth:]
                break


def _kept(mark: _Mark) -> bool:
    """Whether ``mark`` is rewritten: every double mark, a single one only in a pair."""
    return mark.double or mark.partner is not None


def localize(text: str, quotes: QuoteMarks) -> str:
    """``text`` with its quotation marks in ``quotes``' forms; see the module."""
    marks = _marks(text)
    if not marks:
        return text
    _pair(marks)
    chars = list(text)
    level = 0
    for mark in marks:
        if not _kept(mark):
            continue
        if mark.opening:
            primary = level % 2 == 0
            chars[mark.at] = quotes.start if primary else quotes.alternate_start
            level += 1
        else:
            level = max(level - 1, 0)
            primary = level % 2 == 0
            chars[mark.at] = quotes.end if primary else quotes.alternate_end
    return "".join(chars)


def localize_for(text: str, locale: str) -> str:
    """``localize`` with the quotation marks of ``locale`` ("ru", "uz_Cyrl", ...)."""
    return localize(text, patterns_for(locale).quotes)
