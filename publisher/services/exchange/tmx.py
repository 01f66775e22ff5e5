"""The translation memory as TMX 1.4, out and in, with translate-toolkit's TMX store.

Export writes one ``<tu>`` per memory entry: the source (masked and normalized, with
``⟦N⟧`` placeholders, as the memory keys it) and the target, each in a ``<tuv>`` with
its language; the entry's article (``x-tarjima-article``) and, for entries no person
approved, ``x-tarjima-approved`` = ``no`` travel as ``<prop>`` elements.

Import reads every ``<tu>``: the ``<tuv>`` in its source language (the ``srclang`` of
the unit or of the header) is the source, each other ``<tuv>`` in a language Tarjima
translates into becomes a memory entry (origin ``import``, approved unless the file's
prop says otherwise), replacing the entry for the same source text and language pair.
Other languages are skipped and counted. The file is checked as a whole first (size,
no DTD but TMX's conventional ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, well-formed, a
supported source language), then written in one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

from translate.storage import tmx

from publisher.core.errors import InputError
from publisher.core.locales import SOURCE_LOCALES, TARGET_LOCALES
from publisher.core.messages import N_, Joined, LanguageName, Number
from publisher.core.translation_text import MAX_SEGMENT_CHARS
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.exchange.files import ExportedFile
from publisher.services.exchange.safe_xml import checked_xml, language_code, unreadable
from publisher.services.memory import memory_key, normalize

MEDIA_TYPE = "application/x-tmx+xml"
IMPORT_ORIGIN = "import"
PROP_ARTICLE = "x-tarjima-article"
PROP_APPROVED = "x-tarjima-approved"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TMX_DATE = "%Y%m%dT%H%M%SZ"


def _prop(unit: Any, kind: str, value: str) -> None:
    element = unit.xmlelement
    prop = element.makeelement(unit.namespaced("prop"), {"type": kind})
    prop.text = value
    element.insert(0, prop)  # <prop> before the <tuv>s (there are no notes)


def _version() -> str:
    try:
        return metadata.version("tarjima")
    except metadata.PackageNotFoundError:  # running from a checkout that is not installed
        return "0"


def _header(store: Any, source_locales: set[str]) -> None:
    header = next(store.document.getroot().iterchildren(store.namespaced("header")))
    header.set("creationtool", "Tarjima")
    header.set("creationtoolversion", _version())
    header.set("srclang", next(iter(source_locales)) if len(source_locales) == 1 else "*all*")


def export_tmx(database: Database, *, target_locales: Sequence[str] | None = None) -> ExportedFile:
    """The translation memory (into ``target_locales`` only, when given) as TMX 1.4."""
    with database.session() as session:
        entries = repo.memory_entries(session)
    if target_locales is not None:
        entries = [e for e in entries if e.target_locale in target_locales]
    store: Any = tmx.tmxfile(sourcelanguage=SOURCE_LOCALES[0])
    _header(store, {e.source_locale for e in entries} or {SOURCE_LOCALES[0]})
    for entry in entries:
        unit = store.addsourceunit(entry.source_text, entry.source_locale)
        unit.settarget(entry.target_text, entry.target_locale, append=True)
        unit.xmlelement.set("changedate", entry.updated_at.strftime(_TMX_DATE))
        if entry.changed_by:
            unit.xmlelement.set("changeid", entry.changed_by)
        if not entry.approved:
            _prop(unit, PROP_APPROVED, "no")
        if entry.article_slug:
            _prop(unit, PROP_ARTICLE, entry.article_slug)
    scope = "-".join(target_locales) if target_locales else "all"
    return ExportedFile(bytes(store), f"tarjima-memory-{scope}.tmx", MEDIA_TYPE)


@dataclass(frozen=True)
class _Entry:
    source_locale: str
    target_locale: str
    source_text: str
    target_text: str
    article_slug: str | None
    approved: bool


@dataclass(frozen=True)
class MemoryImport:
    """What a TMX import did: ``imported`` entries stored; translations skipped by
    language (``skipped``), and units without a usable source (``no_source``)."""

    imported: int
    skipped: dict[str, int] = field(default_factory=dict)
    no_source: int = 0

    def summary(self) -> str:
        text = f"imported {self.imported} translation memory entries"
        if self.skipped:
            languages = ", ".join(
                f"{code or '?'} ({n})" for code, n in sorted(self.skipped.items())
            )
            text += f"; skipped translations in languages Tarjima does not use: {languages}"
        if self.no_source:
            text += f"; skipped {self.no_source} units without an English source"
        return text


def _parse(data: bytes) -> Any:
    if b"<tmx" not in data:
        raise InputError(
            N_(
                "the file is not TMX (it has no <tmx> element): export the "
                "translation memory as TMX 1.4"
            )
        )
    try:
        kind: Any = tmx.tmxfile
        return kind.parsestring(data)
    except Exception as exc:  # the toolkit raises lxml, Value and Assertion errors
        raise unreadable(exc, "TMX", "TMX") from exc


def _props(unit: Any) -> dict[str, str]:
    return {
        prop.get("type", ""): (prop.text or "").strip()
        for prop in unit.xmlelement.iterchildren(unit.namespaced("prop"))
    }


def _language(node: Any) -> str:
    # TMX 1.4 has xml:lang; TMX 1.1 had lang.
    return language_code(node.get(XML_LANG) or node.get("lang"))


@dataclass
class _Reading:
    entries: dict[tuple[str, str, str], _Entry] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    no_source: int = 0
    too_long: int = 0


def _read_unit(unit: Any, header_source: str, reading: _Reading) -> None:
    source_language = language_code(unit.xmlelement.get("srclang")) or header_source
    nodes = unit.getlanguageNodes()
    source_node = next((n for n in nodes if _language(n) == source_language), None)
    source = normalize(unit.getNodeText(source_node) or "") if source_node is not None else ""
    if not source or source_language not in SOURCE_LOCALES:
        reading.no_source += 1
        return
    props = _props(unit)
    for node in nodes:
        language = _language(node)
        if node is source_node or language == source_language:
            continue
        if language not in TARGET_LOCALES:
            reading.skipped[language] += 1
            continue
        target = (unit.getNodeText(node) or "").strip()
        if not target:
            continue
        if max(len(source), len(target)) > MAX_SEGMENT_CHARS:
            reading.too_long += 1
            continue
        reading.entries[(source_language, language, source)] = _Entry(
            source_language,
            language,
            source,
            target,
            props.get(PROP_ARTICLE, "")[:200] or None,
            props.get(PROP_APPROVED, "yes").lower() != "no",
        )


def read_tmx(data: bytes, *, max_bytes: int) -> tuple[list[_Entry], MemoryImport]:
    """The entries of a TMX file, and what was skipped; an InputError when the file
    cannot be accepted."""
    store = _parse(checked_xml(data, max_bytes=max_bytes, kind="TMX", allow_tmx_doctype=True))
    header = store.document.getroot().find(store.namespaced("header"))
    declared = "" if header is None else (header.get("srclang") or "")
    header_source = "" if declared.lower() == "*all*" else language_code(declared)
    if header_source and header_source not in SOURCE_LOCALES:
        raise InputError(
            N_(
                "the translation memory translates from “%(found)s”, but Tarjima translates "
                "from %(languages)s: export a memory with that source language"
            ),
            found=declared[:20],
            languages=Joined([LanguageName(code) for code in SOURCE_LOCALES], ", "),
        )
    reading = _Reading()
    for unit in store.units:
        _read_unit(unit, header_source, reading)
    if reading.too_long:
        raise InputError(
            N_(
                "%(count)s translations in the TMX file are over %(limit)s "
                "characters long: remove them and import again"
            ),
            count=reading.too_long,
            limit=Number(MAX_SEGMENT_CHARS),
        )
    if not reading.entries:
        raise InputError(
            N_(
                "the TMX file has no translations from English into %(languages)s: nothing to "
                "import"
            ),
            languages=Joined([LanguageName(code) for code in TARGET_LOCALES], ", "),
        )
    return list(reading.entries.values()), MemoryImport(0, dict(reading.skipped), reading.no_source)


def import_tmx(
    database: Database, data: bytes, *, max_bytes: int, changed_by: str | None
) -> MemoryImport:
    """Add the TMX file's translations to the memory (all of them, or none)."""
    entries, result = read_tmx(data, max_bytes=max_bytes)
    with database.session() as session:
        slugs = {e.article_slug for e in entries if e.article_slug}
        articles = {slug: repo.find_article_id(session, slug=slug) for slug in slugs}
        written = 0
        for entry in entries:
            written += repo.remember(
                session,
                source_locale=entry.source_locale,
                target_locale=entry.target_locale,
                source_key=memory_key(entry.source_text),
                source_text=entry.source_text,
                target_text=entry.target_text,
                article_id=articles.get(entry.article_slug or ""),
                article_slug=entry.article_slug,
                origin=IMPORT_ORIGIN,
                approved=entry.approved,
                changed_by=changed_by,
            )
    # Entries a translator approved are never replaced by imported ones (not counted).
    return MemoryImport(written, result.skipped, result.no_source)
