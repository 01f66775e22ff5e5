"""Glossaries: terms with their required translations, per language pair.

Matching rules (one place, used by QA, the review screen's highlighting and the tests):

* A **term** matches in a source text case-insensitively as a whole word, or followed by
  an English plural ``s``: "Pamir" matches "Pamir", "pamir", "Pamirs" and "Pamir's", but
  not "Pamiri" nor "Tajikistani" for "Tajikistan". Runs of white space in the term match
  any white space, and the apostrophes ' ‘ ’ ʻ ʼ stand for one another.
* A translation **keeps** a required translation when each of its words occurs in
  order, separated by white space, as the *start* of a word, case-insensitively. That
  allows the suffixes Turkic languages and Russian add (Жапаров → Жапаровдун, Садыр
  Жапаров → Садыра Жапарова, Toshkent → Toshkentda). Where inflection *changes* an ending
  rather than adding one, the glossary holds the stem: Russian "иностранных дел" for
  the Foreign Ministry (Министерство, Министерства... иностранных дел), Tajik
  "Вазорати корҳои хориҷ" (хориҷӣ, хориҷии).

Also here: what a term, a translation and a glossary CSV file must be
(:func:`clean_term`, :func:`parse_csv`); refused input raises :class:`InputError`. Storing
them is ``publisher.services.glossary``'s.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from publisher.core.errors import InputError
from publisher.core.locales import SOURCE_LOCALES, TARGET_LOCALES
from publisher.core.messages import N_, Message
from publisher.core.records import TermRecord
from publisher.core.uploads import BadByte, decode_upload, first_nul, is_control

logger = logging.getLogger(__name__)
#: The longest term or translation (the database columns hold 200 characters).
MAX_TERM_CHARS = 200
MAX_NOTE_CHARS = 1000
#: Terms in one CSV import.
MAX_IMPORT_ROWS = 5000
COLUMNS = ("term", "translation", "note")

_APOSTROPHES = "'‘’ʻʼ`"
_APOSTROPHE_CLASS = "[" + re.escape(_APOSTROPHES) + "]"
_FORMULA_STARTS = ("=", "+", "-", "@")


# --- matching -----------------------------------------------------------------------


def _literal(text: str) -> str:
    """``text`` as a regular expression: any white space for a space, any apostrophe for
    an apostrophe."""
    parts = []
    for word in text.split():
        parts.append(
            "".join(_APOSTROPHE_CLASS if char in _APOSTROPHES else re.escape(char) for char in word)
        )
    return r"\s+".join(parts)


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=8192)
def _term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){_literal(_normal(term))}s?(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=8192)
def _translation_pattern(translation: str) -> re.Pattern[str]:
    words = [_literal(word) for word in _normal(translation).split()]
    return re.compile(r"(?<!\w)" + r"\w*\s+".join(words), re.IGNORECASE)


def terms_in(source: str, terms: Sequence[TermRecord]) -> list[TermRecord]:
    """The terms that occur in ``source``, longest first (so "Foreign Ministry" comes
    before "Ministry")."""
    source = _normal(source)
    found = [t for t in terms if t.term.strip() and _term_pattern(t.term).search(source)]
    return sorted(found, key=lambda t: -len(t.term))


def keeps(translated: str, translation: str) -> bool:
    """Whether ``translated`` contains the required ``translation`` (see the module doc)."""
    return not translation.strip() or bool(
        _translation_pattern(translation).search(_normal(translated))
    )


def missing_terms(source: str, translated: str, terms: Sequence[TermRecord]) -> list[TermRecord]:
    """Terms of ``source`` whose required translation ``translated`` lacks."""
    return [t for t in terms_in(source, terms) if not keeps(translated, t.translation)]


def _match_key(text: str) -> str:
    """What a term and a matched occurrence of it have in common."""
    text = _normal(text).casefold()
    for apostrophe in _APOSTROPHES[1:]:
        text = text.replace(apostrophe, "'")
    return " ".join(text.split())


class Highlighter:
    """Marks the occurrences of a glossary's terms in source texts (see :func:`highlight`).

    Build one per glossary and call it per text: the terms make one regular expression,
    longest first, so a longer term wins over a term inside it and marks never overlap.
    """

    def __init__(self, terms: Iterable[TermRecord]) -> None:
        usable = sorted((t for t in terms if t.term.strip()), key=lambda t: -len(t.term))
        self._by_key: dict[str, TermRecord] = {}
        for term in usable:
            self._by_key.setdefault(_match_key(term.term), term)
        self._terms = list(self._by_key.values())
        self._pattern = (
            None
            if not self._terms
            else re.compile(
                r"(?<!\w)("
                + "|".join(_literal(_normal(t.term)) for t in self._terms)
                + r")s?(?!\w)",
                re.IGNORECASE,
            )
        )

    def _term_of(self, matched: str) -> TermRecord | None:
        found = self._by_key.get(_match_key(matched))
        if found is None:  # a case rule where casefold and IGNORECASE differ
            found = next(
                (
                    t
                    for t in self._terms
                    if re.fullmatch(_literal(_normal(t.term)), matched, re.IGNORECASE)
                ),
                None,
            )
        return found

    def __call__(self, source: str) -> Markup:
        source = _normal(source)
        if self._pattern is None:
            return escape(source)
        parts: list[str] = []
        done = 0
        for match in self._pattern.finditer(source):
            term = self._term_of(match.group(1))
            if term is None:
                continue
            parts.append(escape(source[done : match.start()]))
            parts.append(
                Markup('<mark class="term" title="{}">{}</mark>').format(
                    term.translation, match.group(0)
                )
            )
            done = match.end()
        parts.append(escape(source[done:]))
        return Markup("").join(parts)


def highlight(source: str, terms: Iterable[TermRecord]) -> Markup:
    """``source`` HTML-escaped, each glossary term in it wrapped in
    ``<mark class="term" title="required translation">`` (longest terms first, no
    overlapping marks). For many texts, build one :class:`Highlighter` instead."""
    return Highlighter(terms)(source)


# --- validation ---------------------------------------------------------------------


def check_target_locale(target_locale: str, source_locale: str = "en") -> None:
    """Refuse a language pair Tarjima has no glossary for."""
    if source_locale not in SOURCE_LOCALES:
        raise InputError(
            N_("unknown source language “%(code)s”: glossaries translate from %(choices)s"),
            code=source_locale[:20],
            choices=", ".join(SOURCE_LOCALES),
        )
    if target_locale not in TARGET_LOCALES:
        raise InputError(
            N_("unknown target language “%(code)s”: one of %(choices)s"),
            code=target_locale[:20],
            choices=", ".join(TARGET_LOCALES),
        )


#: The fields of a term, as messages name them ("the translation is empty").
FIELD_NAMES = {"term": N_("term"), "translation": N_("translation"), "note": N_("note")}


def _clean_field(
    name: str, value: str, *, required: bool, limit: int, newlines: bool = False
) -> str:
    value = _normal(value).strip()
    field = Message(FIELD_NAMES[name])
    if required and not value:
        raise InputError(N_("the %(field)s is empty"), field=field)
    if len(value) > limit:
        raise InputError(
            N_("the %(field)s is too long (%(length)s characters; at most %(limit)s)"),
            field=field,
            length=len(value),
            limit=limit,
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            N_("the %(field)s is not valid Unicode (lone surrogate)"), field=field
        ) from exc
    allowed = "\n\t" if newlines else ""
    for char in value:
        if char not in allowed and unicodedata.category(char) == "Cc":
            raise InputError(
                N_("the %(field)s contains the control character %(char)s"),
                field=field,
                char=f"U+{ord(char):04X}",
            )
    if value.startswith(_FORMULA_STARTS):
        raise InputError(
            N_("the %(field)s starts with “%(char)s”: spreadsheets would run it as a formula"),
            field=field,
            char=value[0],
        )
    return value


@dataclass(frozen=True)
class TermInput:
    """A validated term, ready to store."""

    term: str
    translation: str
    note: str

    @property
    def key(self) -> str:
        return self.term.casefold()


def clean_term(term: str, translation: str, note: str = "") -> TermInput:
    """The stripped, validated term; InputError saying what is wrong otherwise."""
    cleaned = TermInput(
        _clean_field("term", term, required=True, limit=MAX_TERM_CHARS),
        _clean_field("translation", translation, required=True, limit=MAX_TERM_CHARS),
        _clean_field(
            "note", note.replace("\r\n", "\n"), required=False, limit=MAX_NOTE_CHARS, newlines=True
        ),
    )
    if len(cleaned.key) > MAX_TERM_CHARS:
        raise InputError(
            N_("the term is too long (at most %(limit)s characters)"), limit=MAX_TERM_CHARS
        )
    return cleaned


# --- CSV ----------------------------------------------------------------------------


class _CsvRefusals:
    """A glossary CSV's refusals (:func:`publisher.core.uploads.decode_upload`)."""

    def too_large(self, size: int, limit: int) -> InputError:
        return InputError(N_("the file is too large: over %(limit)s bytes"), limit=limit)

    def check_bytes(self, data: bytes) -> None:
        if first_nul(data) is not None:
            raise InputError(N_("the file is binary (it contains NUL bytes), not a CSV text file"))

    def not_utf8(self, bad: BadByte) -> InputError:
        return InputError(
            N_(
                "the file is not UTF-8 text (a bad byte at offset %(offset)s): save it as "
                "“CSV UTF-8”"
            ),
            offset=bad.offset,
        )

    def check_text(self, text: str) -> str:
        if not text.strip():
            raise InputError(
                N_("the file is empty: the first line must be the header term,translation,note")
            )
        for char in text:
            if is_control(char, allowed="\r\n\t"):
                raise InputError(
                    N_(
                        "the file is binary (it contains the control character %(char)s), not "
                        "a CSV text file"
                    ),
                    char=f"U+{ord(char):04X}",
                )
        return text


def _dialect(first_line: str) -> str:
    """The delimiter: a comma, or the semicolon or tab some spreadsheets write."""
    for delimiter in (",", ";", "\t"):
        names = [cell.strip().strip('"').strip().casefold() for cell in first_line.split(delimiter)]
        if "term" in names and "translation" in names:
            return delimiter
    return ","


def _header(row: list[str]) -> dict[str, int]:
    names = [cell.strip().casefold() for cell in row]
    if "term" not in names or "translation" not in names:
        shown = ",".join(row)[:80]
        raise InputError(
            N_(
                "line 1 must be the header term,translation,note (the note column is "
                "optional); found “%(found)s”"
            ),
            found=shown,
        )
    for name in names:
        if name not in COLUMNS:
            raise InputError(
                N_("line 1: unknown column “%(name)s”: the columns are term, translation and note"),
                name=name[:40],
            )
        if names.count(name) > 1:
            raise InputError(N_("line 1: the column “%(name)s” appears twice"), name=name[:40])
    return {name: index for index, name in enumerate(names)}


def _term_on_line(row: list[str], columns: dict[str, int], line: int, *, before: int) -> TermInput:
    """One CSV row's term (``before`` terms came before it), validated; InputError naming
    ``line`` otherwise."""
    if len(row) > len(columns):
        raise InputError(
            N_(
                "line %(line)s: %(count)s fields, but the header has %(columns)s (put a "
                "field with commas in double quotes)"
            ),
            line=line,
            count=len(row),
            columns=len(columns),
        )
    if before >= MAX_IMPORT_ROWS:
        raise InputError(
            N_("the file has more than %(limit)s terms: split it"), limit=MAX_IMPORT_ROWS
        )
    cells = {name: row[i] if i < len(row) else "" for name, i in columns.items()}
    try:
        return clean_term(cells["term"], cells["translation"], cells.get("note", ""))
    except InputError as exc:
        raise InputError(N_("line %(line)s: %(problem)s"), line=line, problem=exc.message) from exc


def parse_csv(data: bytes, *, max_bytes: int) -> list[TermInput]:
    """The terms of a glossary CSV file, validated; InputError naming the line otherwise."""
    text = decode_upload(data, max_bytes=max_bytes, refusals=_CsvRefusals())
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=_dialect(text.lstrip().splitlines()[0]),
        strict=True,
    )
    rows: list[TermInput] = []
    lines: dict[str, int] = {}
    columns: dict[str, int] | None = None
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                columns = _header(row)
                continue
            item = _term_on_line(row, columns, line, before=len(rows))
            if item.key in lines:
                raise InputError(
                    N_("line %(line)s: the term “%(term)s” is already on line %(first)s"),
                    line=line,
                    term=item.term,
                    first=lines[item.key],
                )
            lines[item.key] = line
            rows.append(item)
    except csv.Error as exc:
        logger.info("glossary CSV refused by the parser: %s", exc)  # not for the screen
        raise InputError(
            N_(
                "line %(line)s: not valid CSV: put a field that holds commas or quotes in "
                "double quotes, and double each quote inside it"
            ),
            line=reader.line_num,
        ) from exc
    if columns is None:  # pragma: no cover - _CsvRefusals refuses blank files
        raise InputError(N_("the file is empty"))
    return rows
