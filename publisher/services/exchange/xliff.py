"""XLIFF exchange with CAT tools: one locale of one article out, translations back in.

Export writes XLIFF 2.0 (or 1.2 for older tools) with translate-toolkit's storage
classes. Each unit's source is the segment as translators see it on the review screen,
masked: its dates, numbers, amounts and links are placeholders the translation must
keep. In the file they are inline codes (``<ph>``/``<pc>`` in XLIFF 2.0, ``<x/>``/``<g>``
in 1.2, saying what they stand for; see ``publisher.services.exchange.inline`` for the choice),
in the source and in the exported target, so that CAT tools protect them; a note lists
them too (``⟦1⟧ = July 18, 2021``). The file names its article: XLIFF 2.0 as
``<file id="article-42" original="slug">`` with ``srcLang``/``trgLang`` on the root;
XLIFF 1.2 as ``<file original="slug" source-language target-language tarjima:article="42">``.

A unit's id comes from its sentence, not from the database: ``u`` and 12 hex digits of
a hash of the masked source and its spans' meaning (their kind, text and value, not
their offsets), then ``-2``, ``-3``... for a sentence repeated in the article. An editor's
update of the article deletes and re-inserts its segments, but a sentence that did not
change keeps its unit id, so a file exported before the update still imports: the units
of unchanged sentences are imported, and those of sentences changed or removed since
are reported (``XliffImport.outdated``) and not imported. Files exported before these
ids had ``s123`` (the segment's database id): those are still accepted for segments
that exist with the same source, and reported like changed ones otherwise.

Import reads the inline codes back into ``⟦N⟧`` placeholders (and still accepts ``⟦N⟧``
typed as text). It is all or nothing for a file that cannot be right: too large, a DTD,
not well-formed, another article or locale, a unit id twice, no unit of a sentence the
article has, a translation too long or with a placeholder bracket broken, or an inline
code its source does not have or used twice (each named with its unit). Otherwise the
importable units are written in one transaction. Imported text is a human translation
needing review, or approved when the file marks it final (XLIFF 2.0 ``state="final"``;
XLIFF 1.2 ``state="final"`` on the target or ``approved="yes"``) and the importer may
approve. An import that does not approve never replaces an approved translation: it
keeps it and says so. Approved imports go to the translation memory and the edition
is assembled again.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from translate.storage import xliff, xliff2

from publisher.core.articles import ProtectedSpan, Segment
from publisher.core.config import Settings
from publisher.core.enums import USABLE_STATUSES, Origin, Status
from publisher.core.errors import InputError
from publisher.core.messages import N_, Joined, LanguageName, Message, Number, message
from publisher.core.protect import PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN
from publisher.core.qa import check_translation
from publisher.core.translation_text import MAX_SEGMENT_CHARS, clean_translation
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.editions import assemble_and_store
from publisher.services.exchange.files import ExportedFile
from publisher.services.exchange.inline import (
    TARJIMA_NAMESPACE,
    CodedText,
    XliffVersion,
    read_codes,
    write_codes,
)
from publisher.services.exchange.safe_xml import checked_xml, language_code, unreadable
from publisher.services.memory import masked_source, normalize, remember_segment
from publisher.services.review import ReviewItem, review_items

__all__ = ["VERSIONS", "XliffImport", "XliffVersion", "export_xliff", "import_xliff", "unit_ids"]

VERSIONS: tuple[XliffVersion, ...] = ("2.0", "1.2")
MEDIA_TYPE = "application/xliff+xml"
XLIFF12_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
#: Tarjima's own attributes (the article's id on an XLIFF 1.2 ``<file>``).
ARTICLE_ATTRIBUTE = f"{{{TARJIMA_NAMESPACE}}}article"
#: The translation's version when exported: an import that would replace a translation
#: someone changed since then is refused for that unit (kept), never applied blindly.
VERSION_ATTRIBUTE = f"{{{TARJIMA_NAMESPACE}}}version"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: Hex digits of the content hash in a unit id (48 bits: no two sentences of an
#: article share one in practice, and a clash would only report a unit as changed).
UNIT_HASH_CHARS = 12
FILE_ID = re.compile(r"article-([1-9][0-9]{0,9})")
ARTICLE_NUMBER = re.compile(r"([1-9][0-9]{0,9})")
#: The largest id the database's integer columns hold.
MAX_ID = 2**31 - 1
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?xliff\b[^>]*>")
_VERSION = re.compile(rb"""\bversion\s*=\s*["']([^"']*)["']""")
_SHOWN_IDS = 8
_SHOWN_CHARS = 60


class _Xliff12Unit(xliff.Xliff1Unit):
    namespace = XLIFF12_NAMESPACE


class _Xliff12File(xliff.Xliff1File[_Xliff12Unit]):
    """translate-toolkit's XLIFF 1.x store, writing version 1.2 (its default is 1.1)."""

    UnitClass = _Xliff12Unit
    namespace = XLIFF12_NAMESPACE
    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='1.2' xmlns='{XLIFF12_NAMESPACE}' xmlns:tarjima='{TARJIMA_NAMESPACE}'>
<file original='NoName' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""


class _Xliff20File(xliff2.Xliff2File):
    """translate-toolkit's XLIFF 2.0 store, with Tarjima's namespace declared once."""

    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='2.0' xmlns='{xliff2.Xliff2File.namespace}' xmlns:tarjima='{TARJIMA_NAMESPACE}'
 srcLang='en'>
<file id='f1'>
</file>
</xliff>"""


# --- unit ids -------------------------------------------------------------------------


def _hashed(span: dict[str, object]) -> dict[str, object]:
    """A span as unit ids hash it: no offsets; a governor alone is hashed as the
    "qualifier" it was stored as before governors had a field, so ids stay stable."""
    data = {k: v for k, v in span.items() if k not in ("start", "end")}
    if "governor" in data and "qualifier" not in data:
        data["qualifier"] = data.pop("governor")
    return data


def _content_hash(segment: Segment) -> str:
    """What a unit id says about its sentence: the masked source and what each
    placeholder stands for (offsets left out: they move when white space does)."""
    spans = [_hashed(span.to_json()) for span in segment.spans]
    content = json.dumps([masked_source(segment), spans], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:UNIT_HASH_CHARS]


def unit_ids(segments: Iterable[Segment]) -> list[str]:
    """The XLIFF unit ids of an article's segments, given in document order:
    ``u<hash>`` for a sentence's first occurrence, ``u<hash>-N`` for its N-th."""
    seen: Counter[str] = Counter()
    ids = []
    for segment in segments:
        key = _content_hash(segment)
        seen[key] += 1
        ids.append(f"u{key}" if seen[key] == 1 else f"u{key}-{seen[key]}")
    return ids


def _spans(row: repo.ReviewRow) -> tuple[ProtectedSpan, ...]:
    return tuple(ProtectedSpan.from_json(dict(span)) for span in row.spans)


def _segment(row: repo.ReviewRow) -> Segment:
    return Segment(row.block_index, row.position, row.source, _spans(row))


# --- export -------------------------------------------------------------------------


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
    store: Any = _Xliff20File()
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
    store: Any = _Xliff12File(sourcelanguage=header.source_locale, targetlanguage=header.locale)
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
    ids = unit_ids(_segment(item.row) for item in items)
    entries = [
        _Entry(item, unit_id, _spans(item.row)) for item, unit_id in zip(items, ids, strict=True)
    ]
    data = _write_2(header, entries) if version == "2.0" else _write_12(header, entries)
    suffix = "" if version == "2.0" else ".xliff12"
    return ExportedFile(data, f"{summary.slug}.{locale}{suffix}.xlf", MEDIA_TYPE)


# --- reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class XliffUnit:
    """A unit as the file has it: ``id`` as written (``u1f2e3d4c5b6a``, or ``s123`` in
    older files); source and target masked, inline codes as ``⟦N⟧``; ``codes`` what
    the target's inline codes are (None without a target)."""

    id: str
    source: str
    target: str | None
    final: bool
    version: int | None = None
    codes: CodedText | None = None


@dataclass(frozen=True)
class XliffDocument:
    version: XliffVersion
    article_id: int | None
    slug: str | None
    source_language: str | None
    target_language: str | None
    units: tuple[XliffUnit, ...]


def _version(data: bytes) -> XliffVersion:
    root = _ROOT.search(data)
    if root is None:
        raise InputError(
            N_(
                "the file is not XLIFF (it has no <xliff> element): export the translation "
                "from your CAT tool as XLIFF 2.0 or 1.2"
            )
        )
    declared = _VERSION.search(root.group(0))
    if declared is not None:
        return "2.0" if declared.group(1).startswith(b"2") else "1.2"
    return "2.0" if b"xliff:document:2." in root.group(0) else "1.2"


def _parse(data: bytes, version: XliffVersion) -> Any:
    kind: Any = xliff2.Xliff2File if version == "2.0" else xliff.Xliff1File
    try:
        return kind.parsestring(data)
    except Exception as exc:  # the toolkit raises lxml, Value and Assertion errors
        raise unreadable(exc, "XLIFF", f"XLIFF {version}") from exc


def _unit(unit: Any, unit_id: str, final: bool, version: str | None) -> XliffUnit:
    """A toolkit unit read with its inline codes."""
    source_node, target_node = unit.get_source_dom(), unit.get_target_dom()
    # Without xml:space, white space is collapsed, as translate-toolkit does in XLIFF.
    source = "" if source_node is None else read_codes(source_node, xml_space="default").text
    codes = None if target_node is None else read_codes(target_node, xml_space="default")
    return XliffUnit(
        unit_id,
        source,
        None if codes is None else codes.text,
        final,
        _exported_version(version),
        codes,
    )


def _units_2(store: Any) -> list[XliffUnit]:
    return [
        _unit(
            unit,
            str(unit.getid()),
            unit.xmlelement.get("state") == "final",
            unit.getunitelement().get(VERSION_ATTRIBUTE),
        )
        for unit in store.units
    ]


def _units_12(store: Any) -> list[XliffUnit]:
    units = []
    for unit in store.units:
        target = unit.getlanguageNode(lang=None, index=1)
        final = unit.isapproved() or (target is not None and target.get("state") == "final")
        # The toolkit prefixes ids with the file's name and U+0004.
        units.append(
            _unit(
                unit,
                str(unit.getid()).rpartition("\x04")[2],
                bool(final),
                unit.xmlelement.get(VERSION_ATTRIBUTE),
            )
        )
    return units


def _exported_version(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _int(pattern: re.Pattern[str], value: str | None) -> int | None:
    """The id in ``value``, or None (also for ids no database row can have)."""
    found = pattern.fullmatch(value or "")
    number = None if found is None else int(found.group(1))
    return number if number is not None and number <= MAX_ID else None


def read_xliff(data: bytes, *, max_bytes: int) -> XliffDocument:
    """The XLIFF file's article, languages and units, read with translate-toolkit after
    the safety checks; an InputError when it cannot be accepted."""
    checked = checked_xml(data, max_bytes=max_bytes, kind="XLIFF")
    version = _version(checked)
    store = _parse(checked, version)
    root = store.document.getroot()
    files = root.findall(store.namespaced("file"))
    if len(files) != 1:
        raise InputError(
            N_(
                "the XLIFF file holds %(count)s documents (<file> elements); Tarjima imports "
                "one article in one language per file: export them separately"
            ),
            count=len(files),
        )
    node = files[0]
    if version == "2.0":
        return XliffDocument(
            version,
            _int(FILE_ID, node.get("id")),
            node.get("original"),
            root.get("srcLang"),
            root.get("trgLang"),
            tuple(_units_2(store)),
        )
    return XliffDocument(
        version,
        _int(ARTICLE_NUMBER, node.get(ARTICLE_ATTRIBUTE)),
        node.get("original"),
        node.get("source-language"),
        node.get("target-language"),
        tuple(_units_12(store)),
    )


# --- import ---------------------------------------------------------------------------


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


@dataclass(frozen=True)
class OutdatedUnit:
    """A translated unit not imported: the article no longer has its sentence."""

    unit_id: str
    source: str


@dataclass(frozen=True)
class XliffImport:
    """What an import did. ``written`` translations were stored (``approved`` of them
    approved); ``kept_approved`` lists units whose approved translation was kept;
    ``outdated`` the translated units whose sentence the article no longer has (changed
    or removed since the export), which were not imported."""

    article_id: int
    slug: str
    locale: str
    version: XliffVersion
    written: int
    approved: int
    unchanged: int
    empty: int
    kept_approved: tuple[str, ...]
    outdated: tuple[OutdatedUnit, ...] = ()

    def summary(self) -> str:
        text = (
            f"article {self.article_id} ({self.slug}), {self.locale}: imported "
            f"{self.written} translations ({self.approved} approved, "
            f"{self.written - self.approved} to review); {self.unchanged} unchanged; "
            f"{self.empty} without a translation"
        )
        if self.kept_approved:
            text += (
                f"; kept {len(self.kept_approved)} translations the file would change "
                f"({_ids(self.kept_approved)}): they are approved (only an approving "
                "import replaces them) or were changed in Tarjima after the export "
                "(export again and merge)"
            )
        if self.outdated:
            sources = _ids([f"“{_shown(unit.source)}”" for unit in self.outdated])
            text += (
                f"; not imported: {len(self.outdated)} translations of sentences the "
                f"article no longer has, changed or removed since the export "
                f"({sources}): export the article again to translate them"
            )
        return text


@dataclass(frozen=True)
class _Planned:
    unit_id: str
    segment_id: int
    text: str
    approve: bool


@dataclass(frozen=True)
class _Current:
    """The article as the database holds it now, for one locale."""

    article_id: int
    slug: str
    source_locale: str
    targets: tuple[str, ...]
    #: Rows by unit id: the content id, and the segment id (``s123``) of older files.
    rows: dict[str, repo.ReviewRow]
    segments: dict[int, Segment]
    glossary: tuple[repo.TermRecord, ...]

    @property
    def where(self) -> Message:
        return message(N_("article %(id)s (%(slug)s)"), id=self.article_id, slug=self.slug)


@dataclass(frozen=True)
class _Match:
    unit: XliffUnit
    row: repo.ReviewRow


def _ids(ids: Sequence[object]) -> Joined | Message:
    """The first few of ``ids`` ("u1, u2 and 3 more")."""
    shown = Joined(ids[:_SHOWN_IDS], ", ")
    if len(ids) <= _SHOWN_IDS:
        return shown
    return message(N_("%(listed)s and %(count)s more"), listed=shown, count=len(ids) - _SHOWN_IDS)


def _article_of(database: Database, document: XliffDocument, wanted: int | None) -> int:
    found = document.article_id
    if found is None and document.slug:
        with database.session() as session:
            found = repo.find_article_id(session, slug=document.slug)
    if found is None and wanted is None:
        raise InputError(
            N_(
                "the XLIFF file does not say which Tarjima article it belongs to (no "
                '<file id="article-N"> or known original slug): import a file exported by '
                "Tarjima"
            )
        )
    if found is not None and wanted is not None and found != wanted:
        raise InputError(
            N_(
                "the file is a translation of another article (article %(found)s, %(slug)s), "
                "not of article %(wanted)s: import it on that article's review screen"
            ),
            found=found,
            slug=document.slug or message(N_("no slug")),
            wanted=wanted,
        )
    article_id = found if found is not None else wanted
    assert article_id is not None
    return article_id


def _load(database: Database, article_id: int, locale: str) -> _Current:
    with database.session() as session:
        targets = repo.list_targets(session, article_id=article_id)
        if not targets:
            raise InputError(
                N_(
                    "the file belongs to article %(id)s, which does not exist (any more): "
                    "export the article again"
                ),
                id=article_id,
            )
        summary = repo.article_summary(session, article_id=article_id)
        source_locale = repo.get_source_locale(session, article_id=article_id)
        rows = repo.review_rows(session, article_id=article_id, locale=locale)
        stored = repo.load_segments(session, segment_ids=[r.segment_id for r in rows])
        terms = repo.glossary(session, source_locale=source_locale, target_locale=locale)
    segments = {s.id: s.segment for s in stored}
    ids = unit_ids(segments[row.segment_id] for row in rows)
    by_unit = {f"s{row.segment_id}": row for row in rows}
    by_unit.update(zip(ids, rows, strict=True))
    return _Current(
        article_id, summary.slug, source_locale, targets, by_unit, segments, tuple(terms)
    )


def _locale_of(document: XliffDocument, wanted: str | None) -> str:
    locale = language_code(document.target_language)
    if not locale:
        raise InputError(
            N_(
                "the XLIFF file does not name its target language (trgLang in XLIFF 2.0, "
                "target-language in 1.2): export it again from Tarjima"
            )
        )
    if wanted is not None and locale != wanted:
        raise InputError(
            N_(
                "the file is a translation into %(found)s, not into %(wanted)s: import it on "
                "the %(found)s review screen"
            ),
            found=LanguageName(locale),
            wanted=LanguageName(wanted),
        )
    return locale


def _check_languages(document: XliffDocument, current: _Current, locale: str) -> None:
    if locale not in current.targets:
        raise InputError(
            N_("%(article)s is not translated into %(language)s: import files of %(targets)s only"),
            article=current.where,
            language=LanguageName(locale),
            targets=Joined([LanguageName(code) for code in current.targets], ", "),
        )
    source = language_code(document.source_language)
    if source and source != current.source_locale:
        raise InputError(
            N_(
                "the file translates from %(found)s, but article %(id)s is written in "
                "%(language)s: export it again"
            ),
            found=LanguageName(source),
            id=current.article_id,
            language=LanguageName(current.source_locale),
        )


def _match_units(
    document: XliffDocument, current: _Current
) -> tuple[list[_Match], tuple[OutdatedUnit, ...]]:
    """The units of sentences the article has now (its segment found by the unit id,
    with the same source), and the translated units of sentences it no longer has."""
    if not document.units:
        raise InputError(N_("the XLIFF file has no translation units: nothing to import"))
    counts = Counter(unit.id for unit in document.units)
    twice = [unit_id[:40] for unit_id, n in counts.items() if n > 1]
    matched: list[_Match] = []
    outdated: list[OutdatedUnit] = []
    segments_seen: set[int] = set()
    for unit in document.units:
        row = current.rows.get(unit.id)
        if row is None or normalize(unit.source) != masked_source(current.segments[row.segment_id]):
            if clean_translation(unit.target):
                outdated.append(OutdatedUnit(unit.id[:40], unit.source))
        elif row.segment_id in segments_seen:  # an old and a new id of one segment
            twice.append(unit.id)
        else:
            segments_seen.add(row.segment_id)
            matched.append(_Match(unit, row))
    if twice:
        raise InputError(
            N_("segments appear more than once in the file (%(ids)s): keep one unit per segment"),
            ids=_ids(twice),
        )
    if not matched:
        raise InputError(
            N_(
                "the file has only segments that %(article)s does not have (%(ids)s): it is "
                "of another article, or every sentence changed since the export. Export the "
                "article again and carry your translations over"
            ),
            article=current.where,
            ids=_ids([u.id[:40] for u in document.units]),
        )
    return matched, tuple(outdated)


def _code_problems(match: _Match, current: _Current) -> list[Message]:
    """What is wrong with the inline codes of a unit's target."""
    codes = match.unit.codes
    if codes is None:
        return []
    spans = current.segments[match.row.segment_id].spans
    problems = list(codes.problems)
    unknown = codes.unknown(str(n) for n in range(1, len(spans) + 1))
    if unknown:
        listed = ", ".join(f'"{code_id[:20]}"' for code_id in unknown)
        problems.append(message(N_("inline code id %(ids)s is not in the source"), ids=listed))
    duplicated = codes.duplicated()
    if duplicated:
        listed = ", ".join(f'"{code_id[:20]}"' for code_id in duplicated)
        problems.append(message(N_("inline code id %(ids)s appears more than once"), ids=listed))
    return problems


def _check_targets(matched: Sequence[_Match], current: _Current) -> None:
    long: list[str] = []
    unbalanced: list[str] = []
    codes: list[Message] = []
    for match in matched:
        unit, text = match.unit, clean_translation(match.unit.target)
        if len(text) > MAX_SEGMENT_CHARS:
            long.append(unit.id)
        elif problems := _code_problems(match, current):
            codes.append(
                message(
                    N_("unit %(id)s (“%(source)s”): %(problems)s"),
                    id=unit.id,
                    source=_shown(unit.source),
                    problems=Joined(problems),
                )
            )
        elif text.count(PLACEHOLDER_OPEN) != text.count(PLACEHOLDER_CLOSE):
            unbalanced.append(unit.id)
    if long:
        raise InputError(
            N_("translations of %(ids)s are too long (over %(limit)s characters): shorten them"),
            ids=_ids(long),
            limit=Number(MAX_SEGMENT_CHARS),
        )
    if codes:
        listed: Joined | Message = Joined(codes[:_SHOWN_IDS])
        if len(codes) > _SHOWN_IDS:
            listed = message(
                N_("%(listed)s; and %(count)s more"), listed=listed, count=len(codes) - _SHOWN_IDS
            )
        raise InputError(
            N_(
                "the inline codes (tags) of %(count)s translations do not match their source: "
                "%(listed)s. Nothing was imported: in your CAT tool, keep each tag of the "
                "source once in the translation, and import again"
            ),
            count=len(codes),
            listed=listed,
        )
    if unbalanced:
        raise InputError(
            N_(
                "translations of %(ids)s have unbalanced placeholder brackets ⟦ ⟧: keep each "
                "placeholder whole, for example ⟦1⟧, and import again"
            ),
            ids=_ids(unbalanced),
        )


@dataclass
class _Plan:
    writes: list[_Planned]
    unchanged: int = 0
    empty: int = 0
    kept: tuple[str, ...] = ()


def _plan(matched: Sequence[_Match], may_approve: bool) -> _Plan:
    plan, kept = _Plan([]), []
    for match in matched:
        unit, row, text = match.unit, match.row, clean_translation(match.unit.target)
        approve = unit.final and may_approve
        if not text:
            plan.empty += 1
        elif row.text == text and (not approve or row.status is Status.APPROVED):
            plan.unchanged += 1
        elif row.status is Status.APPROVED and not approve:
            kept.append(unit.id)
        elif unit.version is not None and unit.version != row.version and row.text != text:
            kept.append(unit.id)  # changed in Tarjima since the export: never overwritten
        else:
            plan.writes.append(_Planned(unit.id, row.segment_id, text, approve))
    plan.kept = tuple(kept)
    return plan


def _write(
    database: Database, current: _Current, locale: str, plan: _Plan, username: str
) -> tuple[int, int, tuple[str, ...]]:
    """Store the planned translations in one transaction: (written, approved, kept)."""
    checked = [
        (
            item,
            [
                w.to_json()
                for w in check_translation(
                    current.segments[item.segment_id],
                    item.text,
                    locale=locale,
                    glossary=current.glossary,
                )
            ],
        )
        for item in plan.writes
    ]
    written, approved, kept = 0, 0, list(plan.kept)
    try:
        with database.session() as session:
            for item, warnings in checked:
                if not repo.write_imported_translation(
                    session,
                    segment_id=item.segment_id,
                    locale=locale,
                    text=item.text,
                    approve=item.approve,
                    warnings=warnings,
                    engine=f"xliff:{username}",
                ):
                    kept.append(item.unit_id)  # approved by someone meanwhile
                    continue
                written += 1
                if item.approve:
                    approved += 1
                    remember_segment(
                        session,
                        segment=current.segments[item.segment_id],
                        source_locale=current.source_locale,
                        target_locale=locale,
                        target_text=item.text,
                        article_id=current.article_id,
                        article_slug=current.slug,
                        origin=str(Origin.HUMAN),
                        approved=True,
                        changed_by=username,
                    )
    except IntegrityError as exc:  # the article was replaced while importing
        raise InputError(
            N_(
                "article %(id)s changed while the file was being imported; nothing was "
                "imported: export the article again"
            ),
            id=current.article_id,
        ) from exc
    return written, approved, tuple(kept)


def import_xliff(
    database: Database,
    settings: Settings,
    data: bytes,
    *,
    may_approve: bool,
    username: str,
    article_id: int | None = None,
    locale: str | None = None,
    max_bytes: int | None = None,
) -> XliffImport:
    """Import translations from an XLIFF file (2.0 or 1.2, told apart by the file).

    ``article_id`` and ``locale``, when given, are what the file must be for (the web
    app's review screen); otherwise the file says. Nothing is written unless the file
    is acceptable as a whole; units of sentences the article no longer has are
    reported in the result, not imported. ``max_bytes`` defaults to
    ``settings.max_upload_bytes``.
    """
    limit = settings.max_upload_bytes if max_bytes is None else max_bytes
    document = read_xliff(data, max_bytes=limit)
    found = _article_of(database, document, article_id)
    target = _locale_of(document, locale)
    current = _load(database, found, target)
    _check_languages(document, current, target)
    matched, outdated = _match_units(document, current)
    _check_targets(matched, current)
    plan = _plan(matched, may_approve)
    written, approved, kept = _write(database, current, target, plan, username)
    if approved:
        assemble_and_store(database, settings, article_id=found, locale=target)
    return XliffImport(
        found,
        current.slug,
        target,
        document.version,
        written,
        approved,
        plan.unchanged,
        plan.empty,
        kept,
        outdated,
    )
