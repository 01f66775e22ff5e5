"""Propose how an approved translation spells an English name ("Sadyr Japarov" in
"Президент Садыр Жапаровдун айтымында..." is "Садыр Жапаров").

Two ways, the first that finds something wins:

1. **By sound.** The name is transliterated into the translation's script (Latin to
   Cyrillic with the Uzbek rules of :mod:`publisher.core.localize.transliterate`, close enough to
   compare) and every run of as many words of the translation as the name has (one more
   or less too), starting with a capital letter, is compared with it (rapidfuzz). Each
   word is compared by its best prefix, so case endings added by Turkic languages and
   Russian (Жапаровдун, Садыра) are left out of the proposal: the glossary keeps a name
   when each word of its translation *starts* a word of the text.
2. **By order.** The names of a sentence not found by sound, translated rather than
   spelled ("Asian Development Bank" is "Азиатский банк развития"), take in order the
   capitalised phrases of the translation that no name took by sound (at the start of
   a sentence, from its second word), as many words long as the name.

Otherwise the proposal is the transliterated name. The translator always confirms or
corrects it. Pure functions: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from publisher.core.localize.transliterate import latin_to_cyrillic

#: The least similarity (0-100) for a spelling found by sound.
MIN_SCORE = 70.0
_WORD = re.compile(r"[^\W\d_][\w'’ʻʼ‘-]*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
#: Letters written differently in Tajik, Kyrgyz, Uzbek and Russian that sound alike:
#: compared as one.
_ALIKE = str.maketrans(
    {
        "ҳ": "х",
        "қ": "к",
        "ғ": "г",
        "ў": "у",
        "ӯ": "у",
        "ү": "у",
        "ӣ": "и",
        "ҷ": "ч",
        "ң": "н",
        "ө": "о",
        "ы": "и",
        "й": "и",
        "ё": "е",
        "э": "е",
        "ъ": "",
        "ь": "",
        "ʻ": "",
        "ʼ": "",
        "'": "",
        "’": "",
        "‘": "",
        "y": "i",
        "x": "h",
        "q": "k",
    }
)


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int


def _key(text: str) -> str:
    return text.casefold().translate(_ALIKE)


def _cyrillic(text: str) -> bool:
    return len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text))


#: English spellings of Central Asian sounds, as the Uzbek Latin rules read them.
_ENGLISH_DIGRAPHS = re.compile(r"(?i)kh|gh|zh")
_UZBEK_LETTER = {"kh": "x", "gh": "g", "zh": "j"}


def _as_uzbek_latin(name: str) -> str:
    """ "Khorog" -> "Xorog", "Murghab" -> "Murgab", "Zhanibek" -> "Janibek"."""

    def letter(found: re.Match[str]) -> str:
        wanted = _UZBEK_LETTER[found.group().lower()]
        return wanted.upper() if found.group()[0].isupper() else wanted

    return _ENGLISH_DIGRAPHS.sub(letter, name)


def in_script_of(name: str, translated: str) -> str:
    """``name`` transliterated into the script of ``translated`` (Latin or Cyrillic)."""
    return latin_to_cyrillic(_as_uzbek_latin(name)) if _cyrillic(translated) else name


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


def _by_sound(wanted: list[str], words: list[_Word]) -> tuple[float, str, int]:
    """The best window of ``words`` for ``wanted``: its score, spelling and start."""
    best = (0.0, "", -1)
    size = len(wanted)
    for start in range(len(words) - size + 1):
        window = words[start : start + size]
        if not window[0].text[:1].isupper():
            continue
        scored = [_best_prefix(w.text, n) for w, n in zip(window, wanted, strict=True)]
        score = sum(s for s, _ in scored) / size
        if score > best[0]:
            best = (score, " ".join(text for _, text in scored), start)
    return best


def _capital_phrases(words: list[_Word], text: str, claimed: set[int]) -> list[int]:
    """Indexes of the words that start a capitalised phrase (``claimed`` words, taken by
    names found by sound, are no part of one). At the start of a sentence
    the first word's capital may be the sentence's: a phrase there starts at its second
    word, and a word alone there is no phrase."""
    starts = []
    for index, word in enumerate(words):
        if not word.text[:1].isupper() or index in claimed:
            continue
        previous = words[index - 1] if index else None
        if (
            previous is not None
            and previous.text[:1].isupper()
            and index - 1 not in claimed
            and not text[previous.end : word.start].strip()
        ):
            continue  # inside a phrase
        before = text[: word.start].rstrip()
        sentence_start = not before or before[-1] in '.!?:«"“'
        following = words[index + 1] if index + 1 < len(words) else None
        if not sentence_start:
            starts.append(index)
        elif following is not None and following.text[:1].isupper():
            starts.append(index + 1)  # the first word's capital may be the sentence's
    return starts


def propose_spellings(names: list[str], translated: str) -> list[str]:
    """How ``translated`` (an approved translation) spells each English name of its
    source (``names`` in source order); see the module doc."""
    words = [_Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(translated)]
    wanted = [in_script_of(name, translated).split() for name in names]
    proposals: list[str | None] = []
    claimed: set[int] = set()
    for parts in wanted:
        score, found, start = _by_sound(parts, words) if parts else (0.0, "", -1)
        proposals.append(found if score >= MIN_SCORE else None)
        if score >= MIN_SCORE:
            claimed.update(range(start, start + len(parts)))
    free = [i for i in _capital_phrases(words, translated, claimed) if i not in claimed]
    result = []
    for name, parts, proposal in zip(names, wanted, proposals, strict=True):
        spelling = proposal
        if spelling is None and free and parts:
            first = free.pop(0)
            spelling = " ".join(w.text for w in words[first : first + len(parts)])
        result.append(spelling or " ".join(parts) or name)
    return result


def propose_spelling(name: str, translated: str) -> str:
    """How ``translated`` spells the English ``name`` (see :func:`propose_spellings`)."""
    return propose_spellings([name], translated)[0]
