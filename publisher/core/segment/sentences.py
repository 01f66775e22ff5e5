"""Where sentences start: pySBD's proposals, corrected by a few rules of news text.

pySBD (English rules) finds most boundaries. Measured on the golden-rule cases in
``tests/publisher/data/segmentation/`` (``python -m bench.segmentation``), it misses these,
which the rules below fix:

* it cuts after an abbreviation that a number or a lower-case word continues ("approx.
  300", "12 km. long", "5 lbs. and", "ca. 2,000"), and after a weekday before a date
  ("Tues. Dec. 7"): such a cut is dropped;
* it keeps going after a dotted abbreviation or a capital letter that ends a sentence
  when a word that starts sentences follows ("Washington, D.C. It", "option B. The");
* it does not cut before the items of a numbered list written inline ("1) ... 2) ...");
* it does not cut where a space is missing after the full stop ("final.The");
* a "* * *" separator inside a paragraph stays glued to the next sentence.

Offsets are cuts: the index where a new sentence starts, never 0 nor ``len(text)``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

# Abbreviations that do not end a sentence when a number or a lower-case word follows.
_CONTINUED = frozenset(
    {
        "approx",
        "ca",
        "cf",
        "no",
        "nos",
        "vol",
        "vols",
        "fig",
        "figs",
        "p",
        "pp",
        "para",
        "km",
        "m",
        "cm",
        "mm",
        "mi",
        "ft",
        "in",
        "yd",
        "lb",
        "lbs",
        "oz",
        "kg",
        "g",
        "sq",
        "est",
        "min",
        "max",
        "hr",
        "hrs",
        "sec",
        "mln",
        "bln",
        "tel",
        "ext",
        "art",
        "sect",
    }
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\."
_MONTH = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|March|April|May|June|July"
# Words that start sentences and seldom follow an initial inside a name.
_STARTERS = (
    r"(?:It|He|She|They|We|You|The|This|That|These|Those|There|Their|His|Her|Its|Our|"
    r"But|However|Then|When|After|Before|In|On|At|Many|Some|Most|No|Yes)"
)

_ABBREVIATION_BEFORE = re.compile(r"(?<![\w.])([A-Za-z]+)\.\s*$")
_WEEKDAY_BEFORE = re.compile(rf"(?<!\w){_WEEKDAY}\s*$")
_DATE_AFTER = re.compile(rf"(?:{_MONTH}|\d)")
_CAPITAL_END = re.compile(
    rf"(?<![\w.])(?:[A-Z]\.){{1,3}}[A-Z]?\.?\s+(?={_STARTERS}\b)|(?<=[\s(])[A-Z]\.\s+(?={_STARTERS}\b)"
)
_MISSING_SPACE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]+\b)")
_LIST_MARKER = re.compile(r"(?:(?<=\s)|^)(\d{1,2})(?:\.\)|[.)])\s+(?=\S)")
_SEPARATOR = re.compile(r"(?:(?<=\s)|^)\*(?: \*){2,}(?=\s|$)")
_URLISH = re.compile(r"[@/]|www\.|\.(?:com|org|net|ru|uz|kg|tj)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _splitter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _proposed(text: str) -> set[int]:
    return {_skip_space(text, int(found.end)) for found in _splitter().segment(text)}


def _continued(text: str, cut: int) -> bool:
    """Whether the cut follows an abbreviation that the next word carries on."""
    before, after = text[:cut], text[cut : cut + 12]
    if _WEEKDAY_BEFORE.search(before) and _DATE_AFTER.match(after):
        return True
    found = _ABBREVIATION_BEFORE.search(before)
    if found is None or found.group(1).lower() not in _CONTINUED:
        return False
    return bool(after[:1]) and (after[0].isdigit() or after[0].islower())


def _capital_ends(text: str) -> set[int]:
    return {found.end() for found in _CAPITAL_END.finditer(text)}


def _missing_spaces(text: str) -> set[int]:
    cuts: set[int] = set()
    for found in _MISSING_SPACE.finditer(text):
        start = text.rfind(" ", 0, found.start()) + 1
        end = text.find(" ", found.start())
        if not _URLISH.search(text[start : end if end >= 0 else len(text)]):
            cuts.add(found.start())
    return cuts


def _list_items(text: str) -> set[int]:
    """Starts of the items 2, 3... of an inline list numbered from 1 in order."""
    cuts: set[int] = set()
    expected = 1
    for found in _LIST_MARKER.finditer(text):
        if int(found.group(1)) == expected:
            if expected > 1:
                cuts.add(found.start())
            expected += 1
    return cuts if expected > 2 else set()


def _separators(text: str) -> set[int]:
    cuts: set[int] = set()
    for found in _SEPARATOR.finditer(text):
        cuts.update((found.start(), _skip_space(text, found.end())))
    return cuts


def sentence_starts(text: str) -> list[int]:
    """Offsets where a new sentence starts (never 0 or ``len(text)``), ascending."""
    proposed = {cut for cut in _proposed(text) if not _continued(text, cut)}
    added = _capital_ends(text) | _missing_spaces(text) | _list_items(text) | _separators(text)
    return sorted(cut for cut in proposed | added if 0 < cut < len(text))
