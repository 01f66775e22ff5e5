"""Find the names (people, places, organisations) in an English sentence.

A name is a run of capitalised words: "Sadyr Japarov", "Asian Development Bank",
"Gorno-Badakhshan". Within a run, "of" and "for" join two capitalised parts ("Bank of
England", "Ministry for Emergency Situations"). What is left out, and why:

* a common word that starts a run ("The", "In", "But", "He"...): capitalised only
  because it starts the sentence, or an article before a name ("the Taliban");
* titles before a name ("Mr.", "President", "Prime Minister"): a title is translated,
  not spelled; "President Sadyr Japarov" gives "Sadyr Japarov";
* months and weekdays (dates are protected spans, rendered per language);
* acronyms written in capitals ("UN", "OSCE", "CSTO"): a language writes its own
  acronym (ООН), which an editor enters by hand; an acronym ends a run;
* single letters and placeholders ``⟦N⟧``;
* a word alone at the start of a sentence ("Reporters", "Talks", "Japarov said"),
  unless the article also capitalises it inside a sentence: then it is a name.

A possessive ending ('s, ’s, a lone apostrophe) is not part of the name ("Japarov's").
Pure functions: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Words that are capitalised in English only at the start of a sentence or as an
#: article before a name; a run starting with them loses them.
COMMON_STARTS = _set("""
a an the this that these those there here it its he she his her they them their we our
you your i in on at by for from with without to of and or but nor so yet if as when while
where after before since until during about according among between into over under
also however meanwhile moreover still then thus both each every all some many most much
more few several no not one two three four five first last next other another such what
which who whom whose why how despite although though because once unlike like amid
under via per earlier later today yesterday tomorrow tonight now
officials residents police authorities experts analysts people reports sources local
meanwhile instead even only just
""")
#: Titles dropped before a name (compared without the final period, case-insensitively).
TITLES = _set("""
mr mrs ms miss dr prof sir lady lord gen col maj capt lt sgt adm sen rep gov rev
president vice prime minister deputy chairman chairwoman chair speaker king queen prince
princess sheikh ambassador secretary general commander governor mayor senator judge
""")
#: Words that qualify a title ("Foreign Minister", "Acting President"): dropped with it.
TITLE_QUALIFIERS = _set("""
foreign defence defense interior finance economy health education justice energy
emergency acting former late first chief supreme
""")
MONTHS = _set("""
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
""")
WEEKDAYS = _set("monday tuesday wednesday thursday friday saturday sunday")
#: Joins two capitalised parts of one name.
CONNECTORS = frozenset({"of", "for", "de", "al", "bin", "ibn", "van", "von"})

_APOSTROPHES = "'’ʼ"
_WORD = re.compile(r"[^\W\d_][\w'’ʼ.-]*|⟦[^⟧]*⟧|\S")
_POSSESSIVE = re.compile(r"['’ʼ]s?$")


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    sentence_start: bool

    @property
    def bare(self) -> str:
        """The word without a possessive ending or trailing period."""
        return _POSSESSIVE.sub("", self.text.rstrip("."))

    @property
    def key(self) -> str:
        return self.bare.casefold()

    @property
    def possessive(self) -> bool:
        return bool(_POSSESSIVE.search(self.text.rstrip(".")))

    @property
    def capitalised(self) -> bool:
        first = self.text[:1]
        return first.isalpha() and first.isupper()

    @property
    def acronym(self) -> bool:
        letters = [c for c in self.bare if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters) and len(letters) <= 6

    @property
    def ends_sentence(self) -> bool:
        """Ends with a period that is not an abbreviation's ("Osh." but not "Mr.", "St.")."""
        return self.text.endswith(".") and not (
            self.key in TITLES or self.key == "st" or len(self.bare) <= 2
        )

    @property
    def part_of_name(self) -> bool:
        """Capitalised, not a single letter, not an acronym, month or weekday."""
        return (
            self.capitalised
            and len(self.bare) > 1
            and not self.acronym
            and self.key not in MONTHS
            and self.key not in WEEKDAYS
        )


#: Where a sentence starts inside a segment (normally one sentence): after ".", "!" or
#: "?" (and a closing quote) and white space, unless the period ends a title ("Mr.") or
#: an initial ("J.").
_SENTENCE_END = re.compile(r"""(?<=[.!?])["”’»)]?\s+""")
_NOT_AN_END = re.compile(r"(?:^|\s)(?:[A-Z]|[A-Za-z]+)\.$")


def _sentence_starts(text: str) -> set[int]:
    starts = {0}
    for found in _SENTENCE_END.finditer(text):
        before = text[: found.start()]
        abbreviation = _NOT_AN_END.search(before)
        if abbreviation and (
            len(abbreviation.group().strip()) == 2
            or abbreviation.group().strip(" .").casefold() in TITLES
        ):
            continue
        starts.add(found.end())
    return starts


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[_Word, ...]:
    starts = _sentence_starts(text)
    words = []
    for found in _WORD.finditer(text):
        at = found.start()
        # A sentence starts here, or after an opening quote or bracket there.
        initial = at in starts or (at - 1 in starts and text[at - 1] in "\"“‘('«")
        words.append(_Word(found.group(), at, initial))
    return tuple(words)


def _runs(words: tuple[_Word, ...]) -> list[list[_Word]]:
    """Runs of capitalised words, with connectors between two of them."""
    runs: list[list[_Word]] = []
    current: list[_Word] = []
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else None
        ended = bool(current) and (current[-1].possessive or current[-1].ends_sentence)
        joins = (
            bool(current)
            and word.text in CONNECTORS
            and following is not None
            and following.part_of_name
            and not ended
        )
        if (word.part_of_name and not ended) or joins:
            current.append(word)
        else:
            if current:
                runs.append(current)
            current = [word] if word.part_of_name else []
    if current:
        runs.append(current)
    return runs


def _trimmed(run: list[_Word]) -> list[_Word]:
    """The run without the common words and titles that lead it ("The", "President",
    "Foreign Minister"), and without connectors at its ends."""
    droppable = COMMON_STARTS | TITLES | TITLE_QUALIFIERS | CONNECTORS
    prefix = 0
    while prefix < len(run) and run[prefix].key in droppable:
        prefix += 1
    cut = 0
    for index in range(prefix):
        key = run[index].key
        if key in TITLES or key in CONNECTORS or (key in COMMON_STARTS and cut == index):
            cut = index + 1
    rest = run[cut:]
    while rest and rest[0].text in CONNECTORS:
        rest.pop(0)
    while rest and rest[-1].text in CONNECTORS:
        rest.pop()
    return rest


def _name(run: list[_Word]) -> str:
    parts = [word.text for word in run[:-1]] + [run[-1].bare]
    return " ".join(parts).rstrip(".")


def _lone_start_is_name(word: _Word, capitalised_inside: frozenset[str]) -> bool:
    """Whether a word standing alone at the start of a sentence is a name: only when the
    article also capitalises it inside a sentence ("Japarov said" after "Sadyr Japarov
    met"). "Reporter", "Talks", "Officials" at a sentence start are ordinary words."""
    return word.key in capitalised_inside and word.key not in COMMON_STARTS


@lru_cache(maxsize=4096)
def capitalised_inside(text: str) -> frozenset[str]:
    """The words ``text`` capitalises inside a sentence (for :func:`find_names`)."""
    return frozenset(w.key for w in _words(text) if w.part_of_name and not w.sentence_start)


def find_names(text: str, *, context: frozenset[str] | None = None) -> list[str]:
    """The names in ``text`` (English), in order of first occurrence, each once.

    ``context``: the words the whole article capitalises inside a sentence (see
    :func:`capitalised_inside`; by default those of ``text``): a word alone at a
    sentence start is a name only if it is one of them."""
    inside = capitalised_inside(text) if context is None else context
    found: dict[str, str] = {}
    for run in _runs(_words(text)):
        kept = _trimmed(run)
        if not kept:
            continue
        if len(kept) == 1 and kept[0].sentence_start and not _lone_start_is_name(kept[0], inside):
            continue
        name = _name(kept)
        found.setdefault(name.casefold(), name)
    return list(found.values())
