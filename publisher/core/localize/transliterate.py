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
* ``ts`` -> ``ц`` at the start of a word, before ``i`` + vowel (``-tsiya``, ``-tsion``,
  ``-tsial``: ``federatsiya`` -> ``федерация``), before ``e`` (``ofitser`` -> ``офицер``,
  ``litsey`` -> ``лицей``: Uzbek suffixes after ``t`` never start ``se``) and at a word's end
  (``shprits``); elsewhere ``т`` + ``с``, which keeps the verb forms ``aytsa``, ``tutsa``,
  ``ketsin``, ``otsiz`` right.
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
``EXCEPTIONS`` (``publisher.core.localize.transliterate_words``): Russian loanwords whose Latin
spelling
lost a ``ь``/``ъ``/``ц``/``я`` (``film`` -> ``фильм``, ``fransuz`` -> ``француз``,
``kompyuter``, ``rayon``...) and the month names. An entry also matches as the stem of a
word followed by common Uzbek suffixes (``oktabrda``, ``rayonlarda``); a final ``ь`` is
then dropped (``фестивалда``, ``автомобиллар``). Months are spelled as CLDR's uz_Cyrl dates
spell them, without the soft sign, so that one edition spells a month one way only:
``iyul`` -> ``июл``, ``yanvar`` -> ``январ``, ``oktabrda`` -> ``октябрда``.

A hyphen between a number and a month or the word "yil" after a year goes, as
Cyrillic-script papers and the uz_Cyrl dates print them: ``18-iyul`` -> ``18 июл``,
``2021-yilda`` -> ``2021 йилда``; an ordinal keeps it (``5-sinf``, ``90-yillarda``).

Case is kept per letter (``Sh``/``SH`` -> ``Ш``; ``AQSh`` -> ``АҚШ``; ``O‘ZBEKISTON`` ->
``ЎЗБЕКИСТОН``); the separator is upper case between upper-case letters (``MA'LUMOT`` ->
``МАЪЛУМОТ``); exception words take the case pattern of the whole word.

Left untouched (kept in Latin letters):

* everything that is not a letter, the placeholders ``⟦N⟧``/``⟦/N⟧``, tokens containing
  ``://``, ``@`` or ``www.``;
* foreign names and brands, by two rules: (1) words with letters outside the Uzbek Latin
  alphabet (``w``, ``c`` not in ``ch``, accented or non-Latin letters: ``Facebook``,
  ``CNN``) or with an inner lower-to-upper case change (``iPhone``, ``YouTube``); (2) the
  capitalised names of ``KEPT_NAMES``, a curated list of international brands, agencies and
  media written only with Uzbek Latin letters (``Reuters``, ``Google``, ``Apple``,
  ``Bloomberg``, ``Microsoft``, ``Amazon``), alone or with Uzbek suffixes (``Google’ga``).
  Foreign names that Uzbek Cyrillic spells in Cyrillic (``Emmanuel`` -> ``Эммануэль``) are
  exceptions instead;
* Roman numerals: a word of capitals I, V, X forming a numeral of two letters or more
  (``XXI asr`` -> ``XXI аср``, ``II jahon urushi``); a lone ``I``, ``V`` or ``X`` only in
  context: before a word of ``ROMAN_BEFORE`` (``asr``, ``chorak``, ``kurs``, ``guruh``...:
  ``V asrda``, ``I chorakda``) or after a capitalised word (``Pyotr I`` -> ``Пётр I``),
  and never when a full stop follows (an initial: ``I. Karimov`` -> ``И. Каримов``);
* capitals glued to digits (``5G``, ``G20``).

Accuracy: 100% of the 3,733 words of ``tests/publisher/data/transliteration/uz_latn_cyrl.tsv``
(a naive letter map: 94.6%); its held-out part scored 99.56% before its misses were listed
(``python -m bench.transliteration``).

Known limits: the ``ts``/``s``->``ц`` and ``ь`` rules are heuristics backed by word lists,
not a dictionary: an unlisted loanword with ``ь`` or with ``ц`` written ``s`` after a
consonant comes out without them; ``ъ`` lost in the Latin spelling after ``o‘``
(``mo‘jiza`` -> ``мўъжиза``) is only restored for listed words; a closing quote typed as '
right after ``o``/``g`` is read as ``o‘``/``g‘``; a lone capital I, V or X after a
capitalised word is read as a numeral (a list of letters "A, B, V" would keep its V);
brands not in ``KEPT_NAMES`` are transliterated; Cyrillic house style for dates ("18 июл"
rather than "18-июл") is not applied here.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from html.parser import HTMLParser
from itertools import pairwise

from publisher.core.localize.transliterate_words import EXCEPTIONS, KEPT_NAMES, ROMAN_BEFORE

__all__ = [
    "EXCEPTIONS",
    "latin_to_cyrillic",
    "map_text_nodes",
    "outside_protected",
    "transliterate_html",
]

APOSTROPHES = "\u2018\u02bb'\u2019`\u02bc"
_APOS = "[" + re.escape(APOSTROPHES) + "]"
_LETTER = r"[^\W\d_\u02bb\u02bc]"
_WORD = re.compile(rf"{_LETTER}(?:{_LETTER}|{_APOS}(?={_LETTER})|(?<=[oOgG]){_APOS})*")
_UZBEK_WORD = re.compile(rf"(?:[abd-vx-z]|ch|{_APOS})+")
_PROTECTED = re.compile(r"⟦\s*/?\s*\d+\s*⟧|[^\s⟦⟧]*(?:://|@|[Ww][Ww][Ww]\.)[^\s⟦⟧]*")
_TS_BEFORE = re.compile(r"iy?[aoue]|e|$")
_S_BEFORE = re.compile(r"i(?:ya|al)")
_SUFFIXES = re.compile(
    r"(?:lar|lari|ning|ni|dagi|dan|da|gacha|ga|ka|qa|ta|gi|ki|i|si|im|imiz|ing|ingiz|"
    r"miz|ngiz|dek|day|cha|lik|li|siz|mi|dir|ku|niki)+"
)

# Cyrillic-script papers write dates without the Latin hyphen: "18 июл", "2021 йил".
_CASE_ENDING = r"(?:да|дан|га|гача|ни|нинг|ги|даги|и|ида|идан|игача)?(?![^\W\d_])"
_DATE_HYPHEN = re.compile(
    r"(?<=\d)-(?=(?:январ|феврал|март|апрел|май|июн|июл|август|сентябр|октябр|ноябр|декабр)"
    rf"{_CASE_ENDING}|(?<=\d{{4}}-)йил{_CASE_ENDING})",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
_ROMAN_CONTEXT = re.compile(r"\s+(?:" + "|".join(ROMAN_BEFORE) + ")", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"(\S+)\s+$")

_SINGLE = dict(zip("abdefghijklmnopqrstuvxyz", "абдефгҳижклмнопқрстувхйз", strict=True))
_DIGRAPHS = {"sh": "ш", "ch": "ч"}
_Y_VOWELS = {"a": "я", "o": "ё", "u": "ю", "e": "е"}
_CYR_VOWELS = frozenset("аеэиоуўёюя")

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
    """The units in the case of their Latin letters; a separator (ъ) is upper case between
    two upper-case letters (``MA'LUMOT`` -> ``МАЪЛУМОТ``)."""
    upper = [_is_upper(word, u) for u in units]
    for k in range(1, len(units) - 1):
        if word[units[k][0]] in APOSTROPHES:
            upper[k] = upper[k - 1] and upper[k + 1]
    return "".join(u[1].upper() if up else u[1] for u, up in zip(units, upper, strict=True))


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


def _is_roman(text: str, match: re.Match[str]) -> bool:
    """II, XXI, XIV... always; a lone I, V or X before a word of ``ROMAN_BEFORE`` ("V asr",
    "I chorakda") or after a capitalised word ("Pyotr I"), unless a full stop follows (an
    initial: "I. Karimov")."""
    word = match.group()
    if not _ROMAN.fullmatch(word):
        return False
    after = text[match.end() :]
    if len(word) > 1 or _ROMAN_CONTEXT.match(after):
        return True
    before = _WORD_BEFORE.search(text, 0, match.start())
    return not after.startswith(".") and bool(before and before.group(1)[0].isupper())


def _is_kept_name(word: str) -> bool:
    """A capitalised name of ``KEPT_NAMES``, alone or with Uzbek suffixes (``Google’ga``)."""
    if not word[0].isupper():
        return False
    key = re.sub(_APOS, "'", word.lower())
    return key in KEPT_NAMES or any(
        key[:length] in KEPT_NAMES and _SUFFIXES.fullmatch(key[length:].lstrip("'"))
        for length in range(len(key) - 1, 2, -1)
    )


def _next_to_digit(text: str, match: re.Match[str]) -> bool:
    """Capitals glued to digits are a code, not a word: ``5G``, ``G20``."""
    glued = text[match.start() - 1 : match.start()] + text[match.end() : match.end() + 1]
    return match.group().isupper() and any(c.isdigit() for c in glued)


def _convert(text: str, match: re.Match[str]) -> str:
    word = match.group()
    if _is_roman(text, match) or _is_kept_name(word) or _next_to_digit(text, match):
        return word
    return _word(word)


def _words(text: str) -> str:
    parts: list[str] = []
    position = 0
    for match in _WORD.finditer(text):
        parts += [text[position : match.start()], _convert(text, match)]
        position = match.end()
    parts.append(text[position:])
    return _DATE_HYPHEN.sub(" ", "".join(parts))


def outside_protected(text: str, convert: Callable[[str], str]) -> str:
    """``text`` with ``convert`` applied to all but placeholders, URLs and e-mail addresses."""
    parts: list[str] = []
    position = 0
    for match in _PROTECTED.finditer(text):
        parts += [convert(text[position : match.start()]), match.group()]
        position = match.end()
    parts.append(convert(text[position:]))
    return "".join(parts)


def latin_to_cyrillic(text: str) -> str:
    """``text`` with its Uzbek Latin words in Uzbek Cyrillic; see the module docstring."""
    return outside_protected(text, _words)


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
    return map_text_nodes(fragment, latin_to_cyrillic)


def map_text_nodes(fragment: str, convert: Callable[[str], str]) -> str:
    """``fragment`` with ``convert`` applied to each run of text (not to tags, attribute
    values, comments, entities, scripts or styles), which are copied byte for byte."""
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
            parts.append(convert(fragment[text_start:start]))
            text_start = None
        parts.append(fragment[start:end])
    if text_start is not None:
        parts.append(convert(fragment[text_start:]))
    return "".join(parts)
