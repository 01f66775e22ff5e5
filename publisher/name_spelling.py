"""Propose how an approved translation spells an English name ("Sadyr Japarov" in
"Президент Садыр Жапаровдун айтымында..." is "Садыр Жапаров").

Two ways, the first that finds something wins:

1. **By sound.** The name is transliterated into the translation's script (Latin to
   Cyrillic with the Uzbek rules of :mod:`publisher.transliterate`, close enough to
   compare) and every run of as many words of the translation as the name has (one more
   or less too), starting with a capital letter, is compared with it (rapidfuzz). Each
   word is compared by its best prefix, so case endings added by Turkic languages and
   Russian (Жапаровдун, Садыра) are left out of the proposal: the glossary keeps a name
   when each word of its translation *starts* a word of the text.
2. **By order.** A name translated rather than spelled ("Asian Development Bank" is
   "Азиатский банк развития") is the translation's capitalised phrase at the same place
   among the capitalised phrases as the name among the source's names, as many words
   long as the name.

Otherwise the proposal is the transliterated name. The translator always confirms or
corrects it. Pure functions: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from publisher.transliterate import latin_to_cyrillic

#: The least similarity (0-100) for a spelling found by sound.
MIN_SCORE = 70.0
_WORD = re.compile(r"[^\W\d_][\w'’ʻʼ‘-]*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
#: Letters written differently in Tajik, Kyrgyz, Uzbek and Russian that sound alike:
#: compared as one.
_ALIKE = str.maketrans({
    "ҳ": "х", "қ": "к", "ғ": "г", "ў": "у", "ӯ": "у", "ү": "у", "ӣ": "и", "ҷ": "ч", "ң": "н",
    "ө": "о", "ы": "и", "й": "и", "ё": "е", "э": "е", "ъ": "", "ь": "",
    "ʻ": "", "ʼ": "", "'": "", "’": "", "‘": "", "y": "i", "x": "h", "q": "k",
})


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int


def _key(text: str) -> str:
    return text.casefold().translate(_ALIKE)


def _cyrillic(text: str) -> bool:
    return len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text))


def in_script_of(name: str, translated: str) -> str:
    """``name`` transliterated into the script of ``translated`` (Latin or Cyrillic)."""
    return latin_to_cyrillic(name) if _cyrillic(translated) else name


def _best_prefix(word: str, wanted: str) -> tuple[float, str]:
    """The prefix of ``word`` (``wanted``'s length, one letter less or more, or whole)
    most like ``wanted``, with its score: "Жапаровдун" for "Жапаров" gives "Жапаров"."""
    lengths = {len(wanted) - 1, len(wanted), len(wanted) + 1, len(word)}
    best = (-1.0, word)
    for length in sorted(n for n in lengths if 0 < n <= len(word)):
        score = fuzz.ratio(_key(word[:length]), _key(wanted))
        if score > best[0]:
            best = (score, word[:length])
    return best


def _by_sound(wanted: list[str], words: list[_Word]) -> tuple[float, str]:
    best = (0.0, "")
    size = len(wanted)
    for start in range(len(words) - size + 1):
        window = words[start:start + size]
        if not window[0].text[:1].isupper():
            continue
        scored = [_best_prefix(w.text, n) for w, n in zip(window, wanted, strict=True)]
        score = sum(s for s, _ in scored) / size
        if score > best[0]:
            best = (score, " ".join(text for _, text in scored))
    return best


def _capital_phrases(words: list[_Word], text: str) -> list[int]:
    """Indexes of the words that start a capitalised phrase, sentence starts excluded."""
    starts = []
    for index, word in enumerate(words):
        before = text[:word.start].rstrip()
        sentence_start = not before or before[-1] in ".!?:«\"“"
        previous_capital = index > 0 and words[index - 1].text[:1].isupper() and (
            words[index - 1].end + 1 >= word.start)
        if word.text[:1].isupper() and not sentence_start and not previous_capital:
            starts.append(index)
    return starts


def _by_order(size: int, words: list[_Word], text: str, order: int) -> str:
    starts = _capital_phrases(words, text)
    if not 0 <= order < len(starts):
        return ""
    first = starts[order]
    return " ".join(w.text for w in words[first:first + size])


def propose_spelling(name: str, translated: str, *, order: int = 0) -> str:
    """How ``translated`` (an approved translation) spells the English ``name``, the
    ``order``-th name of its source (from 0); see the module doc."""
    wanted = in_script_of(name, translated).split()
    words = [_Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(translated)]
    if not wanted:
        return name
    score, found = _by_sound(wanted, words)
    if score >= MIN_SCORE:
        return found
    return _by_order(len(wanted), words, translated, order) or " ".join(wanted)
