"""Export: one locale of one article as XLIFF 2.0 (or 1.2 for older tools), its placeholders
as inline codes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from publisher.core.articles import ProtectedSpan
from publisher.core.enums import USABLE_STATUSES, Origin, Status
from publisher.core.errors import InputError
from publisher.core.messages import N_
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.exchange.files import ExportedFile
from publisher.services.exchange.inline import (
    write_codes,
)
from publisher.services.exchange.xliff.formats import (
    ARTICLE_ATTRIBUTE,
    MEDIA_TYPE,
    VERSION_ATTRIBUTE,
    VERSIONS,
    XML_SPACE,
    Xliff12File,
    Xliff20File,
)
from publisher.services.exchange.xliff.ids import row_segment, row_spans, unit_ids
from publisher.services.review import ReviewItem, review_items


@dataclass(frozen=True)
class _Header:
    article_id: int
    slug: str
    source_locale: str
    locale: str


@dataclass(frozen=True)
class _Entry:
    """A segment to export: the review screen's item, its unit id and spans."""

    item: ReviewItem
    unit_id: str
    spans: tuple[ProtectedSpan, ...]


def _note(item: ReviewItem) -> str:
    lines = []
    for ph in item.placeholders:
        shown = ph.source if ph.rendered == ph.source else f"{ph.source} → {ph.rendered}"
        lines.append(f"{ph.token} = {shown}")
    return "\n".join(lines)


def _target(item: ReviewItem) -> str | None:
    row = item.row
    return row.text if row.text and row.status in USABLE_STATUSES else None


def _state_2(item: ReviewItem) -> tuple[str, str | None]:
    """XLIFF 2.0 ``state`` and ``subState`` of a segment."""
    row = item.row
    if _target(item) is None:
        return "initial", None
    if row.status is Status.APPROVED:
        return "final", None
    if row.status is Status.MACHINE:
        return "translated", f"tarjima:{row.origin or Origin.MACHINE}"
    return "translated", None


def _write_2(header: _Header, entries: Sequence[_Entry]) -> bytes:
    store: Any = Xliff20File()
    store.setsourcelanguage(header.source_locale)
    store.settargetlanguage(header.locale)
    store.body.set("id", f"article-{header.article_id}")
    store.body.set("original", header.slug)
    for entry in entries:
        item = entry.item
        unit = store.addsourceunit(item.masked_source)
        unit.setid(entry.unit_id)
        write_codes(unit.get_source_dom(), item.masked_source, entry.spans, "2.0")
        target = _target(item)
        if target is not None:
            unit.target = target
            write_codes(unit.get_target_dom(), target, entry.spans, "2.0")
        segment, element = unit.xmlelement, unit.getunitelement()
        state, sub_state = _state_2(item)
        segment.set("state", state)
        if sub_state:
            segment.set("subState", sub_state)
        # XLIFF 2.0 allows xml:space on <unit>, not on <segment> (where the toolkit puts it).
        segment.attrib.pop(XML_SPACE, None)
        element.set(XML_SPACE, "preserve")
        element.set("canResegment", "no")
        element.set(VERSION_ATTRIBUTE, str(item.row.version))
        if note := _note(item):
            notes = element.makeelement(store.namespaced("notes"), {})
            text = notes.makeelement(store.namespaced("note"), {"category": "placeholders"})
            text.text = note
            notes.append(text)
            element.insert(0, notes)  # <notes> come before the segments
    return bytes(store)


def _state_12(item: ReviewItem) -> dict[str, str]:
    """XLIFF 1.2 attributes of a ``<target>``."""
    row = item.row
    if row.status is Status.APPROVED:
        return {"state": "final"}
    if row.status is Status.MACHINE:
        qualifier = "exact-match" if row.origin is Origin.MEMORY else "mt-suggestion"
        return {"state": "needs-review-translation", "state-qualifier": qualifier}
    return {"state": "translated"}


def _write_12(header: _Header, entries: Sequence[_Entry]) -> bytes:
    store: Any = Xliff12File(sourcelanguage=header.source_locale, targetlanguage=header.locale)
    store.switchfile(header.slug, createifmissing=True)
    store.body.getparent().set(ARTICLE_ATTRIBUTE, str(header.article_id))
    for entry in entries:
        item = entry.item
        unit = store.addsourceunit(item.masked_source, filename=header.slug)
        unit.setid(entry.unit_id)
        unit.xmlelement.set(VERSION_ATTRIBUTE, str(item.row.version))
        write_codes(unit.get_source_dom(), item.masked_source, entry.spans, "1.2")
        target = _target(item)
        if target is not None:
            unit.settarget(target, lang=header.locale)
            node = unit.get_target_dom()
            write_codes(node, target, entry.spans, "1.2")
            for name, value in _state_12(item).items():
                node.set(name, value)
            unit.markapproved(item.row.status is Status.APPROVED)
        if note := _note(item):
            unit.addnote(note, origin="tarjima")
    return bytes(store)


def export_xliff(
    database: Database, *, article_id: int, locale: str, version: str = "2.0"
) -> ExportedFile:
    """The article's segments in ``locale`` as an XLIFF file (2.0, or 1.2)."""
    if version not in VERSIONS:
        raise InputError(
            N_("unknown XLIFF version “%(version)s”: choose 2.0 or 1.2"), version=version[:10]
        )
    items = review_items(database, article_id=article_id, locale=locale, suggestions=False)
    with database.session() as session:
        summary = repo.article_summary(session, article_id=article_id)
        source_locale = repo.get_source_locale(session, article_id=article_id)
    header = _Header(article_id, summary.slug, source_locale, locale)
    ids = unit_ids(row_segment(item.row) for item in items)
    entries = [
        _Entry(item, unit_id, row_spans(item.row)) for item, unit_id in zip(items, ids, strict=True)
    ]
    data = _write_2(header, entries) if version == "2.0" else _write_12(header, entries)
    suffix = "" if version == "2.0" else ".xliff12"
    return ExportedFile(data, f"{summary.slug}.{locale}{suffix}.xlf", MEDIA_TYPE)
