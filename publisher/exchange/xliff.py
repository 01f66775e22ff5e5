"""XLIFF exchange with CAT tools: one locale of one article out, translations back in.

Export writes XLIFF 2.0 (or 1.2 for older tools) with translate-toolkit's storage
classes. Each unit's id is the database segment id (``s123``); its source is the
segment as translators see it on the review screen, masked (dates, numbers and links
replaced by ``⟦N⟧`` placeholders, which the translation must keep), with a note saying
what each placeholder stands for. The file names its article: XLIFF 2.0 as
``<file id="article-42" original="slug">`` with ``srcLang``/``trgLang`` on the root;
XLIFF 1.2 as ``<file original="slug" source-language target-language tarjima:article="42">``.

Import is all or nothing: the whole file is checked first (size, no DTD, well-formed,
the right article and locale, every unit a segment of the article with its source
unchanged, every translation acceptable), then written in one transaction. Imported
text is a human translation needing review, or approved when the file marks it final
(XLIFF 2.0 ``state="final"``; XLIFF 1.2 ``state="final"`` on the target or
``approved="yes"``) and the importer may approve. An import that does not approve
never replaces an approved translation: it keeps it and says so. Approved imports go to
the translation memory and the edition is assembled again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError
from translate.storage import xliff, xliff2

from publisher.articles import Segment
from publisher.config import Settings
from publisher.db import repository as repo
from publisher.db.enums import Origin, Status
from publisher.db.session import Database
from publisher.editions import assemble_and_store
from publisher.errors import InputError
from publisher.exchange.files import ExportedFile
from publisher.exchange.safe_xml import checked_xml, language_code
from publisher.memory import masked_source, normalize, remember_segment
from publisher.protect import PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN
from publisher.qa import check_translation
from publisher.review import MAX_SEGMENT_CHARS, ReviewItem, review_items

XliffVersion = Literal["2.0", "1.2"]
VERSIONS: tuple[XliffVersion, ...] = ("2.0", "1.2")
MEDIA_TYPE = "application/xliff+xml"
XLIFF12_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
#: Tarjima's own attributes in XLIFF 1.2 (the article's id on ``<file>``).
TARJIMA_NAMESPACE = "urn:x-tarjima:xliff"
ARTICLE_ATTRIBUTE = f"{{{TARJIMA_NAMESPACE}}}article"
#: The translation's version when exported: an import that would replace a translation
#: someone changed since then is refused for that unit (kept), never applied blindly.
VERSION_ATTRIBUTE = f"{{{TARJIMA_NAMESPACE}}}version"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
UNIT_ID = re.compile(r"s([1-9][0-9]{0,9})")
FILE_ID = re.compile(r"article-([1-9][0-9]{0,9})")
ARTICLE_NUMBER = re.compile(r"([1-9][0-9]{0,9})")
#: The largest id the database's integer columns hold.
MAX_ID = 2**31 - 1
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?xliff\b[^>]*>")
_VERSION = re.compile(rb"""\bversion\s*=\s*["']([^"']*)["']""")
_SHOWN_IDS = 8
USABLE = frozenset({Status.MACHINE, Status.NEEDS_REVIEW, Status.APPROVED})


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


# --- export -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Header:
    article_id: int
    slug: str
    source_locale: str
    locale: str


def _note(item: ReviewItem) -> str:
    lines = []
    for ph in item.placeholders:
        shown = ph.source if ph.rendered == ph.source else f"{ph.source} → {ph.rendered}"
        lines.append(f"{ph.token} = {shown}")
    return "\n".join(lines)


def _target(item: ReviewItem) -> str | None:
    row = item.row
    return row.text if row.text and row.status in USABLE else None


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


def _write_2(header: _Header, items: Sequence[ReviewItem]) -> bytes:
    store: Any = xliff2.Xliff2File()
    store.setsourcelanguage(header.source_locale)
    store.settargetlanguage(header.locale)
    store.body.set("id", f"article-{header.article_id}")
    store.body.set("original", header.slug)
    for item in items:
        unit = store.addsourceunit(item.masked_source)
        unit.setid(f"s{item.segment_id}")
        target = _target(item)
        if target is not None:
            unit.target = target
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


def _write_12(header: _Header, items: Sequence[ReviewItem]) -> bytes:
    store: Any = _Xliff12File(sourcelanguage=header.source_locale, targetlanguage=header.locale)
    store.switchfile(header.slug, createifmissing=True)
    store.body.getparent().set(ARTICLE_ATTRIBUTE, str(header.article_id))
    for item in items:
        unit = store.addsourceunit(item.masked_source, filename=header.slug)
        unit.setid(f"s{item.segment_id}")
        unit.xmlelement.set(VERSION_ATTRIBUTE, str(item.row.version))
        target = _target(item)
        if target is not None:
            unit.settarget(target, lang=header.locale)
            for name, value in _state_12(item).items():
                unit.getlanguageNode(lang=None, index=1).set(name, value)
            unit.markapproved(item.row.status is Status.APPROVED)
        if note := _note(item):
            unit.addnote(note, origin="tarjima")
    return bytes(store)


def export_xliff(
    database: Database, *, article_id: int, locale: str, version: str = "2.0"
) -> ExportedFile:
    """The article's segments in ``locale`` as an XLIFF file (2.0, or 1.2)."""
    if version not in VERSIONS:
        raise InputError(f"unknown XLIFF version {version[:10]!r}: choose 2.0 or 1.2")
    items = review_items(database, article_id=article_id, locale=locale, suggestions=False)
    with database.session() as session:
        summary = repo.article_summary(session, article_id=article_id)
        source_locale = repo.get_source_locale(session, article_id=article_id)
    header = _Header(article_id, summary.slug, source_locale, locale)
    data = _write_2(header, items) if version == "2.0" else _write_12(header, items)
    suffix = "" if version == "2.0" else ".xliff12"
    return ExportedFile(data, f"{summary.slug}.{locale}{suffix}.xlf", MEDIA_TYPE)


# --- reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class XliffUnit:
    """A unit as the file has it (``id`` as written, e.g. ``s123``)."""

    id: str
    source: str
    target: str | None
    final: bool
    version: int | None = None


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
            "the file is not XLIFF (it has no <xliff> element): export the translation "
            "from your CAT tool as XLIFF 2.0 or 1.2"
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
        detail = str(exc).strip() or type(exc).__name__
        raise InputError(
            f"the XLIFF file cannot be read ({detail[:200]}): it is not well-formed "
            f"XLIFF {version}; export it again from your CAT tool"
        ) from exc


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _units_2(store: Any) -> list[XliffUnit]:
    return [
        XliffUnit(str(unit.getid()), _text(unit.source) or "", _text(unit.target),
                  unit.xmlelement.get("state") == "final",
                  _exported_version(unit.getunitelement().get(VERSION_ATTRIBUTE)))
        for unit in store.units
    ]


def _units_12(store: Any) -> list[XliffUnit]:
    units = []
    for unit in store.units:
        target = unit.getlanguageNode(lang=None, index=1)
        final = unit.isapproved() or (target is not None and target.get("state") == "final")
        # The toolkit prefixes ids with the file's name and U+0004.
        units.append(XliffUnit(str(unit.getid()).rpartition("\x04")[2],
                               _text(unit.source) or "", _text(unit.target), bool(final),
                               _exported_version(unit.xmlelement.get(VERSION_ATTRIBUTE))))
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
            f"the XLIFF file holds {len(files)} documents (<file> elements); Tarjima "
            "imports one article in one language per file: export them separately"
        )
    node = files[0]
    if version == "2.0":
        return XliffDocument(version, _int(FILE_ID, node.get("id")), node.get("original"),
                             root.get("srcLang"), root.get("trgLang"),
                             tuple(_units_2(store)))
    return XliffDocument(
        version, _int(ARTICLE_NUMBER, node.get(ARTICLE_ATTRIBUTE)), node.get("original"),
        node.get("source-language"), node.get("target-language"), tuple(_units_12(store)),
    )


# --- import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class XliffImport:
    """What an import did. ``written`` translations were stored (``approved`` of them
    approved); ``kept_approved`` lists units whose approved translation was kept."""

    article_id: int
    slug: str
    locale: str
    version: XliffVersion
    written: int
    approved: int
    unchanged: int
    empty: int
    kept_approved: tuple[str, ...]

    def summary(self) -> str:
        text = (f"article {self.article_id} ({self.slug}), {self.locale}: imported "
                f"{self.written} translations ({self.approved} approved, "
                f"{self.written - self.approved} to review); {self.unchanged} unchanged; "
                f"{self.empty} without a translation")
        if self.kept_approved:
            text += (f"; kept {len(self.kept_approved)} translations the file would change "
                     f"({_ids(self.kept_approved)}): they are approved (only an approving "
                     "import replaces them) or were changed in Tarjima after the export "
                     "(export again and merge)")
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
    rows: dict[str, repo.ReviewRow]
    segments: dict[int, Segment]
    glossary: tuple[repo.TermRecord, ...]


def _ids(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:_SHOWN_IDS])
    return shown + (f" and {len(ids) - _SHOWN_IDS} more" if len(ids) > _SHOWN_IDS else "")


def _article_of(database: Database, document: XliffDocument, wanted: int | None) -> int:
    found = document.article_id
    if found is None and document.slug:
        with database.session() as session:
            found = repo.find_article_id(session, slug=document.slug)
    if found is None and wanted is None:
        raise InputError(
            "the XLIFF file does not say which Tarjima article it belongs to (no "
            "<file id=\"article-N\"> or known original slug): import a file exported by "
            "Tarjima"
        )
    if found is not None and wanted is not None and found != wanted:
        raise InputError(
            f"the file is a translation of another article (article {found}, "
            f"{document.slug or 'no slug'}), not of article {wanted}: import it on that "
            "article's review screen"
        )
    article_id = found if found is not None else wanted
    assert article_id is not None
    return article_id


def _load(database: Database, article_id: int, locale: str) -> _Current:
    with database.session() as session:
        targets = repo.list_targets(session, article_id=article_id)
        if not targets:
            raise InputError(
                f"the file belongs to article {article_id}, which does not exist (any "
                "more): export the article again"
            )
        summary = repo.article_summary(session, article_id=article_id)
        source_locale = repo.get_source_locale(session, article_id=article_id)
        rows = repo.review_rows(session, article_id=article_id, locale=locale)
        stored = repo.load_segments(session, segment_ids=[r.segment_id for r in rows])
        terms = repo.glossary(session, source_locale=source_locale, target_locale=locale)
    return _Current(
        article_id, summary.slug, source_locale, targets,
        {f"s{row.segment_id}": row for row in rows}, {s.id: s.segment for s in stored},
        tuple(terms),
    )


def _locale_of(document: XliffDocument, wanted: str | None) -> str:
    locale = language_code(document.target_language)
    if not locale:
        raise InputError(
            "the XLIFF file does not name its target language (trgLang in XLIFF 2.0, "
            "target-language in 1.2): export it again from Tarjima"
        )
    if wanted is not None and locale != wanted:
        raise InputError(
            f"the file is a translation into {document.target_language!r}, not into "
            f"{wanted!r}: import it on the {locale} review screen"
        )
    return locale


def _check_languages(document: XliffDocument, current: _Current, locale: str) -> None:
    if locale not in current.targets:
        raise InputError(
            f"article {current.article_id} ({current.slug}) is not translated into "
            f"{locale!r}: import files of {', '.join(current.targets)} only"
        )
    source = language_code(document.source_language)
    if source and source != current.source_locale:
        raise InputError(
            f"the file translates from {document.source_language!r}, but article "
            f"{current.article_id} is written in {current.source_locale!r}: export it again"
        )


def _check_units(document: XliffDocument, current: _Current) -> None:
    """Every unit a segment of the article, once, with the source it has now."""
    if not document.units:
        raise InputError("the XLIFF file has no translation units: nothing to import")
    unknown, changed, seen, twice = [], [], set(), []
    for unit in document.units:
        row = current.rows.get(unit.id)
        if row is None or UNIT_ID.fullmatch(unit.id) is None:
            unknown.append(unit.id[:40])
        elif unit.id in seen:
            twice.append(unit.id)
        elif normalize(unit.source) != masked_source(current.segments[row.segment_id]):
            changed.append(unit.id)
        seen.add(unit.id)
    where = f"article {current.article_id} ({current.slug})"
    if unknown:
        raise InputError(
            f"the file has segments that {where} does not have ({_ids(unknown)}): it is "
            "of another article, or the article was changed since the export. Export the "
            "article again and carry your translations over"
        )
    if twice:
        raise InputError(f"segments appear more than once in the file ({_ids(twice)}): "
                         "keep one unit per segment")
    if changed:
        raise InputError(
            f"the source text of segments {_ids(changed)} is not what {where} has now: "
            "the article was changed since the export, or the source was edited in the "
            "CAT tool. Export the article again and carry your translations over"
        )


def _cleaned(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _check_targets(document: XliffDocument) -> None:
    long, unbalanced = [], []
    for unit in document.units:
        text = _cleaned(unit.target)
        if len(text) > MAX_SEGMENT_CHARS:
            long.append(unit.id)
        elif text.count(PLACEHOLDER_OPEN) != text.count(PLACEHOLDER_CLOSE):
            unbalanced.append(unit.id)
    if long:
        raise InputError(f"translations of {_ids(long)} are too long (over "
                         f"{MAX_SEGMENT_CHARS} characters): shorten them")
    if unbalanced:
        raise InputError(
            f"translations of {_ids(unbalanced)} have unbalanced placeholder brackets "
            f"{PLACEHOLDER_OPEN} {PLACEHOLDER_CLOSE}: keep each placeholder whole, for "
            "example ⟦1⟧, and import again"
        )


@dataclass
class _Plan:
    writes: list[_Planned]
    unchanged: int = 0
    empty: int = 0
    kept: tuple[str, ...] = ()


def _plan(document: XliffDocument, current: _Current, may_approve: bool) -> _Plan:
    plan, kept = _Plan([]), []
    for unit in document.units:
        row, text = current.rows[unit.id], _cleaned(unit.target)
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
        (item, [w.to_json() for w in check_translation(
            current.segments[item.segment_id], item.text, locale=locale,
            glossary=current.glossary)])
        for item in plan.writes
    ]
    written, approved, kept = 0, 0, list(plan.kept)
    try:
        with database.session() as session:
            for item, warnings in checked:
                if not repo.write_imported_translation(
                    session, segment_id=item.segment_id, locale=locale, text=item.text,
                    approve=item.approve, warnings=warnings, engine=f"xliff:{username}",
                ):
                    kept.append(item.unit_id)  # approved by someone meanwhile
                    continue
                written += 1
                if item.approve:
                    approved += 1
                    remember_segment(
                        session, segment=current.segments[item.segment_id],
                        source_locale=current.source_locale, target_locale=locale,
                        target_text=item.text, article_id=current.article_id,
                        article_slug=current.slug, origin=str(Origin.HUMAN), approved=True,
                        changed_by=username,
                    )
    except IntegrityError as exc:  # the article was replaced while importing
        raise InputError(
            f"article {current.article_id} changed while the file was being imported; "
            "nothing was imported: export the article again"
        ) from exc
    return written, approved, tuple(kept)


def import_xliff(
    database: Database, settings: Settings, data: bytes, *, may_approve: bool,
    username: str, article_id: int | None = None, locale: str | None = None,
    max_bytes: int | None = None,
) -> XliffImport:
    """Import translations from an XLIFF file (2.0 or 1.2, told apart by the file).

    ``article_id`` and ``locale``, when given, are what the file must be for (the web
    app's review screen); otherwise the file says. Nothing is written unless everything
    in the file is acceptable. ``max_bytes`` defaults to ``settings.max_upload_bytes``.
    """
    limit = settings.max_upload_bytes if max_bytes is None else max_bytes
    document = read_xliff(data, max_bytes=limit)
    found = _article_of(database, document, article_id)
    target = _locale_of(document, locale)
    current = _load(database, found, target)
    _check_languages(document, current, target)
    _check_units(document, current)
    _check_targets(document)
    plan = _plan(document, current, may_approve)
    written, approved, kept = _write(database, current, target, plan, username)
    if approved:
        assemble_and_store(database, settings, article_id=found, locale=target)
    return XliffImport(found, current.slug, target, document.version, written, approved,
                       plan.unchanged, plan.empty, kept)
