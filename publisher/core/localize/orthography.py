"""Uzbek Latin house style: the official alphabet's apostrophe letters, as native news writes.

``uzbek_latin`` rewrites the apostrophes of Uzbek Latin text:

* ``o‘`` and ``g‘`` (however typed after ``o``/``g``/``O``/``G``: ‘ U+2018, ' U+0027,
  ’ U+2019, ` U+0060, ʼ U+02BC) become ``o``/``g`` + ʻ U+02BB when a letter follows
  (``o‘zbek`` -> ``oʻzbek``). At a word's end (``bog‘``) only ‘ and ` are read as the letter:
  ’ and ' there may close a quotation, and stay.
* The tutuq belgisi, an apostrophe between two letters anywhere else (``ma'no``, ``san’at``,
  ``va’da``, ``Is'hoq``), becomes ʼ U+02BC.
* Every other apostrophe is a quotation mark or punctuation and stays (‘quoted’, a closing
  quote after a word).

Placeholders (``⟦N⟧``/``⟦/N⟧``), URLs and e-mail addresses are left untouched (the same spans
``publisher.core.localize.transliterate`` leaves alone). ``uzbek_latin_html`` does the same to the
text
nodes of an HTML fragment only. Both are idempotent.

Known limits: an apostrophe typed after ``o``/``g`` before a letter is always taken for
``o‘``/``g‘`` (Uzbek has no tutuq there); a word-final ``o‘``/``g‘`` typed with ’ or ' is
left as typed.
"""

from __future__ import annotations

import re

from publisher.core.localize.transliterate import map_text_nodes, outside_protected

__all__ = ["MODIFIER_APOSTROPHE", "MODIFIER_TURNED_COMMA", "uzbek_latin", "uzbek_latin_html"]

MODIFIER_TURNED_COMMA = "\u02bb"  # ʻ in oʻ and gʻ
MODIFIER_APOSTROPHE = "\u02bc"  # ʼ, the tutuq belgisi

_TYPED = "\u2018'\u2019`\u02bc"
_LETTER = r"[^\W\d_\u02bb\u02bc]"
_BETWEEN_LETTERS = re.compile(rf"(?<={_LETTER})[{_TYPED}\u02bb](?={_LETTER})")
_WORD_FINAL_O_G = re.compile(r"(?<=[oOgG])[\u2018`](?![^\W\d_])")


def _between_letters(match: re.Match[str]) -> str:
    after_o_g = match.string[match.start() - 1] in "oOgG"
    return MODIFIER_TURNED_COMMA if after_o_g else MODIFIER_APOSTROPHE


def _letters(text: str) -> str:
    text = _BETWEEN_LETTERS.sub(_between_letters, text)
    return _WORD_FINAL_O_G.sub(MODIFIER_TURNED_COMMA, text)


def uzbek_latin(text: str) -> str:
    """``text`` with o‘/g‘ written with U+02BB and the tutuq with U+02BC; see the module."""
    return outside_protected(text, _letters)


def uzbek_latin_html(fragment: str) -> str:
    """``uzbek_latin`` on the text nodes of an HTML fragment; markup is copied as is."""
    return map_text_nodes(fragment, uzbek_latin)
