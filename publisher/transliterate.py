"""Uzbek Latin -> Cyrillic transliteration, rule based, for the Cyrillic edition.

``latin_to_cyrillic`` converts plain text; ``transliterate_html`` converts only the text
nodes of an HTML fragment (tags, attribute values, comments and entities stay as written).

Rules, in the order they are tried at each position of a word:

* ``o`` / ``g`` + an apostrophe (‘ U+2018, ʻ U+02BB, ' U+0027, ’ U+2019, ` U+0060, and
  ʼ U+02BC, since "оъ"/"гъ" does not occur in Uzbek) -> ``ў`` / ``ғ``. An apostrophe after
  ``o``/``g`` belongs to the word even at its end (``bog‘`` -> ``боғ``).
* Any other apostrophe inside a word is the tutuq belgisi -> ``ъ`` (``ma'no`` -> ``маъно``),
  except between ``s`` and ``h``, where it only separates the letters (``Is'hoq`` ->
  ``Исҳоқ``). An apostrophe not between letters is punctuation and is left alone.
* ``ts`` -> ``ц`` at the start of a word and before ``i`` + vowel (``-tsiya``, ``-tsion``,
  ``-tsial``: ``federatsiya`` -> ``федерация``); elsewhere ``т`` + ``с``, which keeps the
  verb forms ``aytsa``, ``tutsa``, ``ketsin``, ``otsiz`` right.
* ``s`` -> ``ц`` after ``n``/``k`` before ``iya``/``ial`` (``stansiya`` -> ``станция``,
  ``aksiya`` -> ``акция``, ``potensial`` -> ``потенциал``); ``pensiya``, ``ekspansiya``,
  ``anneksiya`` are exceptions.
* ``sh`` -> ``ш``, ``ch`` -> ``ч``; ``ng`` is two letters, ``нг``.
* ``ya``/``yo``/``yu``/``ye`` -> ``я``/``ё``/``ю``/``е`` (``yer`` -> ``ер``, ``qayerda`` ->
  ``қаерда``), except ``yo‘`` which is ``й`` + ``ў`` (``yo‘l`` -> ``йўл``).
* ``e`` -> ``э`` at the start of a word and after a vowel (``ertaga`` -> ``эртага``,
  ``poeziya`` -> ``поэзия``), ``е`` elsewhere.
* One letter to one letter otherwise (``h`` -> ``ҳ``, ``x`` -> ``х``, ``q`` -> ``қ``,
  ``j`` -> ``ж``, ``y`` -> ``й``, ...).

Before the rules, a word (lower-cased, apostrophes normalised to ') is looked up in
``EXCEPTIONS``: Russian loanwords whose Latin spelling lost a ``ь``/``ъ``/``ц``/``я``
(month names, ``kompyuter``, ``rayon``, ``konsert``...). An entry also matches as the stem of
a word followed by common Uzbek suffixes (``oktabrda``, ``rayonlarda``); a final ``ь`` is
then dropped, as in ``1 январдан``, ``18 июлда`` (the usual newspaper practice).

Case is kept per letter (``Sh``/``SH`` -> ``Ш``; ``AQSh`` -> ``АҚШ``; ``O‘ZBEKISTON`` ->
``ЎЗБЕКИСТОН``); exception words take the case pattern of the whole word.

Left untouched: everything that is not a letter, the placeholders ``⟦N⟧``/``⟦/N⟧``, tokens
containing ``://``, ``@`` or ``www.``, words containing letters outside the Uzbek Latin
alphabet (``w``, ``c`` not in ``ch``, accented or non-Latin letters: ``Facebook``,
``Twitter``) and words with an inner lower-to-upper case change (``iPhone``, ``YouTube``),
which are taken for foreign names and brands.

Known limits: the ``ts``/``s``->``ц`` and ``ь`` rules are heuristics backed by a short
exception list, not a dictionary; Latin ``s`` written for Russian ``ц`` is only recognised in
the patterns above and in the exceptions (``sirk``, ``konsert``); ``ъ`` lost in the Latin
spelling after ``o‘`` (``mo‘jiza`` -> ``мўъжиза``) is only restored for listed words; a
closing quote typed as ' right after ``o``/``g`` is read as ``o‘``/``g‘``; Cyrillic house
style for dates ("18 июль" rather than "18-июль") is not applied.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from html.parser import HTMLParser
from itertools import pairwise

__all__ = ["EXCEPTIONS", "latin_to_cyrillic", "transliterate_html"]

APOSTROPHES = "\u2018\u02bb'\u2019`\u02bc"
_APOS = "[" + re.escape(APOSTROPHES) + "]"
_LETTER = r"[^\W\d_\u02bb\u02bc]"
_WORD = re.compile(rf"{_LETTER}(?:{_LETTER}|{_APOS}(?={_LETTER})|(?<=[oOgG]){_APOS})*")
_UZBEK_WORD = re.compile(rf"(?:[abd-vx-z]|ch|{_APOS})+")
_PROTECTED = re.compile(
    r"⟦\s*/?\s*\d+\s*⟧|[^\s⟦⟧]*(?:://|@|[Ww][Ww][Ww]\.)[^\s⟦⟧]*"
)
_TS_BEFORE = re.compile(r"iy?[aoue]")
_S_BEFORE = re.compile(r"i(?:ya|al)")
_SUFFIXES = re.compile(
    r"(?:lar|lari|ning|ni|dagi|dan|da|gacha|ga|ka|qa|ta|gi|ki|i|si|im|imiz|ing|ingiz|"
    r"miz|ngiz|dek|day|cha|lik|li|siz|mi|dir|ku|niki)+"
)

_SINGLE = dict(zip("abdefghijklmnopqrstuvxyz", "абдефгҳижклмнопқрстувхйз", strict=True))
_DIGRAPHS = {"sh": "ш", "ch": "ч"}
_Y_VOWELS = {"a": "я", "o": "ё", "u": "ю", "e": "е"}
_CYR_VOWELS = frozenset("аеэиоуўёюя")

#: Latin word (lower case, apostrophes as ') -> Cyrillic, consulted before the rules.
EXCEPTIONS: dict[str, str] = {
    # Months: Latin drops the soft sign (and the я of октябрь/сентябрь).
    "yanvar": "январь", "fevral": "февраль", "aprel": "апрель", "iyun": "июнь",
    "iyul": "июль", "sentabr": "сентябрь", "sentyabr": "сентябрь", "oktabr": "октябрь",
    "oktyabr": "октябрь", "noyabr": "ноябрь", "dekabr": "декабрь",
    # y + vowel that is not я/ё/ю/е in Russian loanwords (ь or ъ, or й + vowel).
    "rayon": "район", "mayor": "майор", "mayonez": "майонез", "batalyon": "батальон",
    "kompyuter": "компьютер", "intervyu": "интервью", "obyekt": "объект",
    "obyektiv": "объектив", "subyekt": "субъект", "podyezd": "подъезд", "nyu": "нью",
    "york": "йорк",
    # Other soft signs dropped in Latin.
    "neft": "нефть", "rubl": "рубль", "oblast": "область", "avtomobil": "автомобиль",
    "kreml": "кремль", "model": "модель", "medal": "медаль", "portfel": "портфель",
    # Latin s / ts for Russian ц outside the patterns the rules know.
    "konsert": "концерт", "sirk": "цирк", "sement": "цемент", "sentner": "центнер",
    "sentr": "центр", "shveysariya": "швейцария", "shveytsariya": "швейцария",
    "shprits": "шприц", "kvarts": "кварц",
    # Russian с where the n/k + siya rule would give ц.
    "pensiya": "пенсия", "ekspansiya": "экспансия", "anneksiya": "аннексия",
    # ъ after ў, lost in Latin.
    "mo'jiza": "мўъжиза", "mo'tabar": "мўътабар", "mo'tadil": "мўътадил",
}

Unit = tuple[int, str]  # start of the Latin letters in the word, their Cyrillic
_Rule = Callable[[str, int], "tuple[str, int] | None"]


def _o_g(s: str, i: int) -> tuple[str, int] | None:
    if s[i] in "og" and s[i + 1 : i + 2] and s[i + 1] in APOSTROPHES:
        return ("ў" if s[i] == "o" else "ғ"), 2
    return None


def _apostrophe(s: str, i: int) -> tuple[str, int] | None:
    if s[i] not in APOSTROPHES:
        return None
    separator = s[i - 1 : i] == "s" and s[i + 1 : i + 2] == "h"
    return ("" if separator else "ъ"), 1


def _ts(s: str, i: int) -> tuple[str, int] | None:
    if s.startswith("ts", i) and (i == 0 or _TS_BEFORE.match(s, i + 2)):
        return "ц", 2
    return None


def _s_as_ts(s: str, i: int) -> tuple[str, int] | None:
    if s[i] == "s" and i > 0 and s[i - 1] in "nk" and _S_BEFORE.match(s, i + 1):
        return "ц", 1
    return None


def _digraph(s: str, i: int) -> tuple[str, int] | None:
    cyrillic = _DIGRAPHS.get(s[i : i + 2])
    return (cyrillic, 2) if cyrillic else None


def _y_vowel(s: str, i: int) -> tuple[str, int] | None:
    vowel = s[i + 1 : i + 2]
    if s[i] != "y" or vowel not in _Y_VOWELS:
        return None
    if vowel == "o" and s[i + 2 : i + 3] and s[i + 2] in APOSTROPHES:
        return None  # yo‘ is й + ў
    return _Y_VOWELS[vowel], 2


_RULES: tuple[_Rule, ...] = (_o_g, _apostrophe, _ts, _s_as_ts, _digraph, _y_vowel)


def _step(s: str, i: int, previous: str) -> tuple[str, int]:
    for rule in _RULES:
        hit = rule(s, i)
        if hit is not None:
            return hit
    if s[i] == "e":
        return ("э" if i == 0 or previous in _CYR_VOWELS else "е"), 1
    return _SINGLE.get(s[i], s[i]), 1


def _units(lower: str) -> list[Unit]:
    """The word (lower case) cut into Latin letters or letter groups, with their Cyrillic."""
    units: list[Unit] = []
    i, previous = 0, ""
    while i < len(lower):
        cyrillic, length = _step(lower, i, previous)
        units.append((i, cyrillic))
        i += length
        previous = cyrillic[-1:] or previous
    return units


def _is_upper(word: str, unit: Unit) -> bool:
    return word[unit[0]].isupper()


def _has_inner_capital(word: str, units: list[Unit]) -> bool:
    """True for ``iPhone``-like words: a lower-case letter followed by a capital."""
    cased = [_is_upper(word, u) for u in units if word[u[0]] in string.ascii_letters]
    return any(not a and b for a, b in pairwise(cased))


def _with_case(cyrillic: str, word: str) -> str:
    """``cyrillic`` in the case pattern of the whole ``word`` (lower, UPPER or Title)."""
    letters = [c for c in word if c in string.ascii_letters]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return cyrillic.upper()
    if letters and letters[0].isupper():
        return cyrillic[:1].upper() + cyrillic[1:]
    return cyrillic


def _render(word: str, units: list[Unit]) -> str:
    return "".join(u[1].upper() if _is_upper(word, u) else u[1] for u in units)


def _exception_stem(key: str) -> int:
    """Length of the exception that ``key`` starts with, before suffixes only; 0 if none."""
    for length in range(len(key) - 1, 2, -1):
        if key[:length] in EXCEPTIONS and _SUFFIXES.fullmatch(key, length):
            return length
    return 0


def _word(word: str) -> str:
    lower = word.lower()
    if not _UZBEK_WORD.fullmatch(lower):
        return word
    units = _units(lower)
    if _has_inner_capital(word, units):
        return word
    key = re.sub(_APOS, "'", lower)
    if key in EXCEPTIONS:
        return _with_case(EXCEPTIONS[key], word)
    stem = _exception_stem(key)
    if stem:
        head = _with_case(EXCEPTIONS[key[:stem]].removesuffix("ь"), word[:stem])
        return head + _render(word, [u for u in units if u[0] >= stem])
    return _render(word, units)


def _words(text: str) -> str:
    return _WORD.sub(lambda m: _word(m.group()), text)


def latin_to_cyrillic(text: str) -> str:
    """``text`` with its Uzbek Latin words in Uzbek Cyrillic; see the module docstring."""
    parts: list[str] = []
    position = 0
    for match in _PROTECTED.finditer(text):
        parts += [_words(text[position : match.start()]), match.group()]
        position = match.end()
    parts.append(_words(text[position:]))
    return "".join(parts)


class _TextNodes(HTMLParser):
    """Records where each parser event starts and whether it is transliterable text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[int, bool]] = []
        self._line_starts: list[int] = [0]
        self._raw_text_depth = 0

    def offsets_for(self, fragment: str) -> None:
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", fragment)]

    def _mark(self, is_text: bool) -> None:
        line, column = self.getpos()
        self.events.append((self._line_starts[line - 1] + column, is_text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._mark(False)
        if tag in ("script", "style"):
            self._raw_text_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._mark(False)

    def handle_endtag(self, tag: str) -> None:
        self._mark(False)
        if tag in ("script", "style") and self._raw_text_depth:
            self._raw_text_depth -= 1

    def handle_data(self, data: str) -> None:
        self._mark(not self._raw_text_depth)

    def handle_entityref(self, name: str) -> None:
        self._mark(False)

    def handle_charref(self, name: str) -> None:
        self._mark(False)

    def handle_comment(self, data: str) -> None:
        self._mark(False)

    def handle_decl(self, decl: str) -> None:
        self._mark(False)

    def handle_pi(self, data: str) -> None:
        self._mark(False)

    def unknown_decl(self, data: str) -> None:
        self._mark(False)


def transliterate_html(fragment: str) -> str:
    """``fragment`` with only its text nodes transliterated; markup is copied byte for byte.

    An entity inside a word (``o&#8216;zbek``) splits it in two: write the character itself.
    """
    parser = _TextNodes()
    parser.offsets_for(fragment)
    parser.feed(fragment)
    parser.close()
    # The leading sentinel copies verbatim anything the parser skips without an event.
    bounds = [(0, False), *parser.events, (len(fragment), False)]
    parts: list[str] = []
    text_start: int | None = None
    for (start, is_text), (end, _) in pairwise(bounds):
        if is_text:
            text_start = start if text_start is None else text_start
            continue
        if text_start is not None:
            parts.append(latin_to_cyrillic(fragment[text_start:start]))
            text_start = None
        parts.append(fragment[start:end])
    if text_start is not None:
        parts.append(latin_to_cyrillic(fragment[text_start:]))
    return "".join(parts)
