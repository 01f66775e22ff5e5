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


def word_diff(old: str, new: str) -> Diff:
    """Mark the words of ``old`` missing from ``new`` with ``<del>`` and the words of
    ``new`` missing from ``old`` with ``<ins>`` (whitespace alone is not a change)."""
    a, b = tokens(old), tokens(new)
    matcher = SequenceMatcher(lambda t: t.isspace(), a, b, autojunk=False)
    old_parts: list[Markup] = []
    new_parts: list[Markup] = []
    changed = False
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            old_parts.append(escape(removed))
            new_parts.append(escape(added))
            continue
        if removed.strip():
            old_parts.append(Markup("<del>{}</del>").format(removed))
            changed = True
        else:
            old_parts.append(escape(removed))
        if added.strip():
            new_parts.append(Markup("<ins>{}</ins>").format(added))
            changed = True
        else:
            new_parts.append(escape(added))
    return Diff(Markup("").join(old_parts), Markup("").join(new_parts), changed)
