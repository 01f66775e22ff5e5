"""Word-level differences between two texts, marked for people: what an old sentence
had that the new one lacks (``<del>``) and what the new one adds (``<ins>``).

Used where a translator must see what changed: a corrected English sentence beside the
one it replaced, and a memory suggestion's source beside the segment's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from markupsafe import Markup, escape

#: Words (letters, digits, ⟦N⟧ placeholders) and the single characters between them.
_TOKEN = re.compile(r"⟦/?\d+⟧|\w+|\s+|[^\w\s]", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Diff:
    """``old`` and ``new`` as HTML, each with its own changes marked."""

    old: Markup
    new: Markup
    changed: bool
    #: One text: ``old`` with what ``new`` lacks in ``<del>`` and what it adds in ``<ins>``.
    merged: Markup


def _marked(tag: str, text: str) -> Markup:
    """``text`` in ``<tag>`` when it has words; whitespace alone stays as it is."""
    return Markup(f"<{tag}>{{}}</{tag}>").format(text) if text.strip() else escape(text)


def word_diff(old: str, new: str) -> Diff:
    """Mark the words of ``old`` missing from ``new`` with ``<del>`` and the words of
    ``new`` missing from ``old`` with ``<ins>`` (whitespace alone is not a change)."""
    a, b = tokens(old), tokens(new)
    matcher = SequenceMatcher(lambda t: t.isspace(), a, b, autojunk=False)
    old_parts: list[Markup] = []
    new_parts: list[Markup] = []
    merged: list[Markup] = []
    changed = False
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            old_parts.append(escape(removed))
            new_parts.append(escape(added))
            merged.append(escape(removed))
            continue
        changed = changed or bool(removed.strip() or added.strip())
        gone, came = _marked("del", removed), _marked("ins", added)
        old_parts.append(gone)
        new_parts.append(came)
        merged.append(gone)
        if added.strip() or not removed:  # whitespace that changed alone: shown once
            merged.append(came)
    join = Markup("").join
    return Diff(join(old_parts), join(new_parts), changed, join(merged))
