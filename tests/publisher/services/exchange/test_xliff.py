"""XLIFF 2.0 and 1.2: export, read back with translate-toolkit's own readers, edit as a
CAT tool would, import; and every import that must be refused changes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from translate.storage import xliff, xliff2
from translate.storage.placeables import StringElem
from translate.storage.placeables.xliff import G, UnknownXML, X

from publisher.core.articles import Article, Block, BlockKind, ProtectedSpan, Segment, SpanKind
from publisher.core.config import Settings
from publisher.core.enums import Origin, Status
from publisher.core.errors import InputError
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.exchange import export_xliff, import_xliff
from publisher.services.exchange.xliff import OutdatedUnit, unit_ids

SOURCES = [
    "Talks in Dushanbe",
    "On ⟦1⟧, ⟦2⟧ people left.",
    "They paid ⟦1⟧.",
    "The border was closed.",
]
TARGETS = ["Дүйшөмбүдөгү сүйлөшүүлөр", "⟦1⟧ ⟦2⟧ адам кетти.", "Алар ⟦1⟧ төлөштү.", None]
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
TARJIMA = "urn:x-tarjima:xliff"


def _rows(database: Database, article_id: int, locale: str = "ky") -> dict[int, tuple[Any, ...]]:
    with database.session() as session:
        found = repo.translations_for(session, article_id=article_id, locale=locale)
    return {sid: (row.text, row.origin, row.status) for sid, row in found.items()}


def _memory(database: Database) -> list[tuple[str, str, str, str, bool, str | None]]:
    with database.session() as session:
        return [
            (e.source_text, e.target_locale, e.target_text, e.origin, e.approved, e.changed_by)
            for e in repo.memory_entries(session)
        ]


def _edition(database: Database, article_id: int, locale: str = "ky") -> Any:
    with database.session() as session:
        return repo.get_edition(session, article_id=article_id, locale=locale)


def _read(data: bytes, version: str) -> Any:
    if version == "2.0":
        return xliff2.Xliff2File.parsestring(data)
    return xliff.xlifffile.parsestring(data)


# --- inline codes as translate-toolkit sees them (and as a CAT tool edits them) ---------

TOKEN = re.compile(r"⟦(/?)(\d+)⟧")
#: Inline elements that hold the text they mark (the others stand alone).
PAIRS = {"pc", "g"}


def _tag(code: Any) -> str:
    """The XLIFF element of a toolkit placeable: ph, pc (2.0: "unknown XML"), x or g."""
    if isinstance(code, UnknownXML):
        return str(code.xml_node.tag).rpartition("}")[2]
    return "g" if isinstance(code, G) else "x"


def _attrs(code: Any) -> dict[str, str]:
    node_attrs = code.xml_node.attrib if isinstance(code, UnknownXML) else code.xml_attrib
    return {str(k).rpartition("}")[2]: str(v) for k, v in node_attrs.items()}


def _codes(rich: Any) -> dict[str, Any]:
    """The inline codes of a toolkit rich string by id, as translate-toolkit parsed them."""
    found: dict[str, Any] = {}
    for sub in rich.sub:
        if isinstance(sub, StringElem) and type(sub) is not StringElem:
            found[sub.id] = sub
        if isinstance(sub, StringElem):
            found.update(_codes(sub))
    return found


def _masked(rich: Any) -> str:
    """A toolkit rich string as Tarjima's masked text: codes as ⟦N⟧ (pairs ⟦N⟧…⟦/N⟧)."""
    out = []
    for sub in rich.sub:
        if not isinstance(sub, StringElem):
            out.append(str(sub))
        elif type(sub) is StringElem:
            out.append(_masked(sub))
        elif _tag(sub) in PAIRS:
            out.append(f"⟦{sub.id}⟧{_masked(sub)}⟦/{sub.id}⟧")
        else:
            out.append(f"⟦{sub.id}⟧")
    return "".join(out)


def _copy(code: Any, code_id: str | None = None) -> Any:
    """A copy of the source's inline code ``code`` for the target (another id: a code
    the source does not have), empty, as a CAT tool puts it in a translation."""
    new_id = code.id if code_id is None else code_id
    if isinstance(code, UnknownXML):
        node = code.xml_node.__copy__()
        node.set("id", new_id)
        return UnknownXML(sub=[], id=new_id, xml_node=node)
    kind = G if isinstance(code, G) else X
    return kind(id=new_id, xml_attrib={**code.xml_attrib, "id": new_id})


def _rich(text: str, codes: dict[str, Any], renamed: dict[str, str] | None = None) -> Any:
    """``text`` as a toolkit rich string: ⟦N⟧ (and ⟦N⟧…⟦/N⟧) are copies of the source's
    code N (given a new id by ``renamed``)."""
    root = StringElem([])
    stack, pos = [root], 0
    for found in TOKEN.finditer(text):
        if found.start() > pos:
            stack[-1].sub.append(StringElem(text[pos : found.start()]))
        pos = found.end()
        if found.group(1):
            stack.pop()
            continue
        code = _copy(codes[found.group(2)], (renamed or {}).get(found.group(2)))
        stack[-1].sub.append(code)
        if _tag(code) in PAIRS:
            stack.append(code)
    if pos < len(text):
        stack[-1].sub.append(StringElem(text[pos:]))
    return root


def _translate(unit: Any, text: str, renamed: dict[str, str] | None = None) -> None:
    """Translate ``unit`` as a CAT tool does: text, with the source's inline codes
    (``⟦N⟧`` in ``text``) copied into the target."""
    unit.rich_target = [_rich(text, _codes(unit.rich_source[0]), renamed)]


def _target_codes(unit: Any) -> list[tuple[str, str]]:
    return [(_tag(code), code_id) for code_id, code in _codes(unit.rich_target[0]).items()]


def _edit(
    data: bytes,
    version: str,
    index: int,
    text: str,
    final: str | None = None,
    *,
    plain: bool = False,
    renamed: dict[str, str] | None = None,
) -> bytes:
    """``data`` with unit ``index`` translated as ``text`` (its ``⟦N⟧`` as the source's
    inline codes, or as typed text with ``plain``); ``final`` marks it final the way CAT
    tools do: "state" (both versions) or "approved" (XLIFF 1.2's approved="yes")."""
    store = _read(data, version)
    unit = store.units[index]
    if plain:
        unit.rich_target = [StringElem(text)]
    else:
        _translate(unit, text, renamed)
    if version == "2.0":
        unit.xmlelement.set("state", "final" if final else "translated")
    else:
        unit.getlanguageNode(lang=None, index=1).set(
            "state", "final" if final == "state" else "translated"
        )
        unit.markapproved(final == "approved")
    return bytes(store)


def _texts(units: Any) -> tuple[list[str], list[str | None]]:
    """Sources and targets of toolkit units, their inline codes as ⟦N⟧."""
    return (
        [_masked(u.rich_source[0]) for u in units],
        [None if u.target is None else _masked(u.rich_target[0]) for u in units],
    )


def _export(database: Database, story: Any, version: str = "2.0", locale: str = "ky") -> bytes:
    return export_xliff(database, article_id=story.article_id, locale=locale, version=version).data


def test_xliff_2_round_trip_through_translate_toolkit(
    database: Database, db_settings: Settings, story: Any
) -> None:
    exported = export_xliff(database, article_id=story.article_id, locale="ky", version="2.0")
    assert exported.filename == "dushanbe-talks.ky.xlf"
    assert exported.media_type == "application/xliff+xml"
    store = xliff2.Xliff2File.parsestring(exported.data)
    root = store.document.getroot()
    assert root.get("version") == "2.0"
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("en", "ky")
    assert store.body.get("id") == f"article-{story.article_id}"
    assert store.body.get("original") == "dushanbe-talks"
    units = store.units
    assert [u.getid() for u in units] == story.unit_ids
    assert _texts(units) == (SOURCES, TARGETS)
    # The placeholders are <ph> codes saying what they stand for, in source and target.
    date, number = _codes(units[1].rich_source[0]).values()
    assert (_tag(date), date.id, _attrs(date)) == (
        "ph",
        "1",
        {
            "id": "1",
            "type": "other",
            "subType": "tarjima:date",
            "equiv": "July 18, 2021",
            "disp": "July 18, 2021",
        },
    )
    assert (_tag(number), _attrs(number)["equiv"], _attrs(number)["disp"]) == (
        "ph",
        "4,000",
        "4,000",
    )
    assert _target_codes(units[1]) == [("ph", "1"), ("ph", "2")]
    assert _target_codes(units[2]) == [("ph", "1")]
    assert _attrs(_codes(units[2].rich_target[0])["1"])["equiv"] == "$1.5 million"
    assert [u.xmlelement.get("state") for u in units] == [
        "translated",
        "translated",
        "final",
        "initial",
    ]
    notes = units[1].getunitelement().find(store.namespaced("notes"))
    assert "⟦1⟧ = July 18, 2021" in "".join(notes.itertext())
    assert _edition(database, story.article_id) is None

    # The translator approves the headline, edits the first sentence (keeping its codes),
    # translates the last.
    _translate(units[0], "Душанбедеги сүйлөшүүлөр")
    units[0].xmlelement.set("state", "final")
    _translate(units[1], "⟦1⟧ ⟦2⟧ киши кетти.")
    _translate(units[3], "Чек ара жабылды.")
    units[3].xmlelement.set("state", "translated")
    result = import_xliff(database, db_settings, bytes(store), may_approve=True, username="ainura")

    assert (result.article_id, result.locale, result.version) == (story.article_id, "ky", "2.0")
    assert (result.written, result.approved, result.unchanged, result.empty) == (3, 1, 1, 0)
    assert result.kept_approved == ()
    first, second, third, fourth = story.segment_ids
    assert _rows(database, story.article_id) == {
        first: ("Душанбедеги сүйлөшүүлөр", Origin.HUMAN, Status.APPROVED),
        second: ("⟦1⟧ ⟦2⟧ киши кетти.", Origin.HUMAN, Status.NEEDS_REVIEW),
        third: ("Алар ⟦1⟧ төлөштү.", Origin.HUMAN, Status.APPROVED),
        fourth: ("Чек ара жабылды.", Origin.HUMAN, Status.NEEDS_REVIEW),
    }
    assert _memory(database) == [
        ("Talks in Dushanbe", "ky", "Душанбедеги сүйлөшүүлөр", "human", True, "ainura")
    ]
    edition = _edition(database, story.article_id)
    assert edition is not None and "Душанбедеги сүйлөшүүлөр" in edition.html
    # The other locale is untouched.
    assert _rows(database, story.article_id, "ru") == {
        first: ("Переговоры в Душанбе", Origin.MACHINE, Status.MACHINE)
    }


def test_xliff_1_2_round_trip_through_translate_toolkit(
    database: Database, db_settings: Settings, story: Any
) -> None:
    exported = export_xliff(database, article_id=story.article_id, locale="ky", version="1.2")
    assert exported.filename == "dushanbe-talks.ky.xliff12.xlf"
    store = xliff.xlifffile.parsestring(exported.data)
    root = store.document.getroot()
    assert (root.get("version"), store.namespace) == ("1.2", XLIFF12)
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("en", "ky")
    file_node = store.body.getparent()
    assert file_node.get("original") == "dushanbe-talks"
    assert file_node.get(f"{{{TARJIMA}}}article") == str(story.article_id)
    units = store.units
    assert [u.xmlelement.get("id") for u in units] == story.unit_ids
    assert [u.getid() for u in units] == [f"dushanbe-talks\x04{i}" for i in story.unit_ids]
    assert _texts(units) == (SOURCES, TARGETS)
    # The placeholders are <x/> codes (translate-toolkit's X placeables) saying what
    # they stand for, in source and target.
    date, number = _codes(units[1].rich_source[0]).values()
    assert isinstance(date, X) and isinstance(number, X)
    assert _attrs(date) == {"id": "1", "ctype": "x-tarjima-date", "equiv-text": "July 18, 2021"}
    assert _attrs(number) == {"id": "2", "ctype": "x-tarjima-number", "equiv-text": "4,000"}
    assert _target_codes(units[1]) == [("x", "1"), ("x", "2")]
    assert [u.isapproved() for u in units] == [False, False, True, False]
    states = [
        None if (t := u.getlanguageNode(lang=None, index=1)) is None else t.get("state")
        for u in units
    ]
    assert states == ["needs-review-translation", "translated", "final", None]

    # approved="yes" on one unit, state="final" on another, a plain edit on a third.
    _translate(units[0], "Душанбедеги сүйлөшүүлөр")
    units[0].markapproved(True)
    _translate(units[1], "⟦1⟧ ⟦2⟧ киши кетти.")
    _translate(units[3], "Чек ара жабылды.")
    units[3].getlanguageNode(lang=None, index=1).set("state", "final")
    result = import_xliff(database, db_settings, bytes(store), may_approve=True, username="ainura")

    assert (result.version, result.written, result.approved, result.unchanged) == ("1.2", 3, 2, 1)
    first, second, third, fourth = story.segment_ids
    assert _rows(database, story.article_id) == {
        first: ("Душанбедеги сүйлөшүүлөр", Origin.HUMAN, Status.APPROVED),
        second: ("⟦1⟧ ⟦2⟧ киши кетти.", Origin.HUMAN, Status.NEEDS_REVIEW),
        third: ("Алар ⟦1⟧ төлөштү.", Origin.HUMAN, Status.APPROVED),
        fourth: ("Чек ара жабылды.", Origin.HUMAN, Status.APPROVED),
    }
    assert sorted(entry[0] for entry in _memory(database)) == [
        "Talks in Dushanbe",
        "The border was closed.",
    ]
    assert _edition(database, story.article_id) is not None


@pytest.mark.parametrize(
    ("version", "final", "may_approve", "expected"),
    [
        ("2.0", "state", True, Status.APPROVED),
        ("2.0", "state", False, Status.NEEDS_REVIEW),
        ("2.0", None, True, Status.NEEDS_REVIEW),
        ("2.0", None, False, Status.NEEDS_REVIEW),
        ("1.2", "state", True, Status.APPROVED),
        ("1.2", "approved", True, Status.APPROVED),
        ("1.2", "state", False, Status.NEEDS_REVIEW),
        ("1.2", "approved", False, Status.NEEDS_REVIEW),
        ("1.2", None, True, Status.NEEDS_REVIEW),
    ],
)
def test_only_final_units_approved_by_an_approver_are_approved(
    database: Database,
    db_settings: Settings,
    story: Any,
    version: str,
    final: str | None,
    may_approve: bool,
    expected: Status,
) -> None:
    data = _edit(_export(database, story, version), version, 3, "Чек ара жабылды.", final)
    result = import_xliff(database, db_settings, data, may_approve=may_approve, username="ainura")
    assert result.written == 1 and result.approved == (expected is Status.APPROVED)
    assert _rows(database, story.article_id)[story.segment_ids[3]] == (
        "Чек ара жабылды.",
        Origin.HUMAN,
        expected,
    )
    approved = expected is Status.APPROVED
    assert bool(_memory(database)) is approved
    assert (_edition(database, story.article_id) is not None) is approved


def test_an_import_that_does_not_approve_keeps_approved_translations(
    database: Database, db_settings: Settings, story: Any
) -> None:
    approved_id = story.segment_ids[2]
    data = _edit(_export(database, story), "2.0", 2, "Алар ⟦1⟧ беришти.", final="state")
    result = import_xliff(database, db_settings, data, may_approve=False, username="ainura")
    assert (result.written, result.kept_approved) == (0, (story.unit_ids[2],))
    assert "kept 1 translations" in result.summary()
    assert _rows(database, story.article_id)[approved_id] == (
        "Алар ⟦1⟧ төлөштү.",
        Origin.HUMAN,
        Status.APPROVED,
    )

    result = import_xliff(database, db_settings, data, may_approve=True, username="ainura")
    assert (result.written, result.approved, result.kept_approved) == (1, 1, ())
    assert _rows(database, story.article_id)[approved_id] == (
        "Алар ⟦1⟧ беришти.",
        Origin.HUMAN,
        Status.APPROVED,
    )


def test_an_old_export_never_overwrites_work_done_since(
    database: Database, db_settings: Settings, story: Any
) -> None:
    from publisher.services.review import save_segment

    segment_id = story.segment_ids[1]
    old = _export(database, story)  # translator A takes the file away...
    with database.session() as session:
        version = repo.translations_for(session, article_id=story.article_id, locale="ky")[
            segment_id
        ].version
    # ...translator B fixes and approves the segment on the review screen...
    save_segment(
        database,
        db_settings,
        article_id=story.article_id,
        locale="ky",
        segment_id=segment_id,
        text="⟦1⟧ ⟦2⟧ жаңы котормо.",
        approve=True,
        version=version,
        username="bakyt",
    )
    # ...and A imports the old file, even approving: B's work stays.
    for version_name in ("2.0",):
        data = _edit(old, version_name, 1, "⟦1⟧ ⟦2⟧ эски файл.", final="state")
        result = import_xliff(database, db_settings, data, may_approve=True, username="ainura")
        assert story.unit_ids[1] in result.kept_approved
    assert _rows(database, story.article_id)[segment_id][0] == "⟦1⟧ ⟦2⟧ жаңы котормо."
    # A fresh export carries the new version: importing it applies.
    fresh = _edit(_export(database, story), "2.0", 1, "⟦1⟧ ⟦2⟧ эски файл.", final="state")
    result = import_xliff(database, db_settings, fresh, may_approve=True, username="ainura")
    assert result.approved == 1
    assert _rows(database, story.article_id)[segment_id][0] == "⟦1⟧ ⟦2⟧ эски файл."


def test_an_unchanged_file_changes_nothing(
    database: Database, db_settings: Settings, story: Any, dump: Callable[..., Any]
) -> None:
    before = dump(database)
    for version in ("2.0", "1.2"):
        result = import_xliff(
            database,
            db_settings,
            _export(database, story, version),
            may_approve=False,
            username="ainura",
        )
        assert (result.written, result.unchanged, result.empty) == (0, 3, 1)
    assert dump(database) == before


def test_qa_warnings_are_stored_with_imported_text(
    database: Database, db_settings: Settings, story: Any
) -> None:
    data = _edit(_export(database, story), "2.0", 1, "⟦1⟧ көп адам кетти.")  # ⟦2⟧ lost
    import_xliff(database, db_settings, data, may_approve=False, username="ainura")
    with database.session() as session:
        row = repo.translations_for(session, article_id=story.article_id, locale="ky")
    warnings = row[story.segment_ids[1]].warnings
    assert any(w["code"] == "span_missing" for w in warnings), warnings


# --- inline codes -------------------------------------------------------------------------

LINKED = "Read the Khovar report of 21 July 2021."
LINK = ProtectedSpan(
    SpanKind.MARKUP, 9, 22, "Khovar report", "a", attrs=(("href", "https://khovar.tj/x"),)
)
LINK_DATE = ProtectedSpan(SpanKind.DATE, 26, 38, "21 July 2021", "2021-07-21", qualifier="of")


def _linked_article(database: Database, translation: str | None = None) -> tuple[int, int]:
    """An article of one sentence with a link and a date, translated into ky as
    ``translation`` (needing review) when given: (article id, segment id)."""
    article = Article(
        slug="khovar-report",
        title="Khovar",
        source_locale="en",
        published=date(2021, 7, 21),
        blocks=(
            Block(
                0, BlockKind.PARAGRAPH, LINKED, segments=(Segment(0, 0, LINKED, (LINK, LINK_DATE)),)
            ),
        ),
    )
    with database.session() as session:
        article_id = repo.add_article(
            session, article=article, source_text="x", source_format="text", targets=["ky"]
        )
        segment_id = repo.segment_ids(session, article_id=article_id)[0]
        if translation is not None:
            repo.save_human_translation(
                session,
                segment_id=segment_id,
                locale="ky",
                text=translation,
                approve=False,
                expected_version=0,
                warnings=[],
                editor="tester",
            )
    return article_id, segment_id


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_links_and_dates_travel_as_inline_codes(
    database: Database, db_settings: Settings, version: str
) -> None:
    article_id, segment_id = _linked_article(database, "⟦1⟧Ховар баяндамасын⟦/1⟧ ⟦2⟧ окуңуз.")
    data = export_xliff(database, article_id=article_id, locale="ky", version=version).data
    unit = _read(data, version).units[0]
    assert _masked(unit.rich_source[0]) == "Read the ⟦1⟧Khovar report⟦/1⟧ of ⟦2⟧."
    assert _masked(unit.rich_target[0]) == "⟦1⟧Ховар баяндамасын⟦/1⟧ ⟦2⟧ окуңуз."
    link, when = _codes(unit.rich_source[0]).values()
    if version == "2.0":
        assert (_tag(link), _tag(when)) == ("pc", "ph")
        assert _attrs(link) == {
            "id": "1",
            "type": "link",
            "dispStart": '<a href="https://khovar.tj/x">',
            "dispEnd": "</a>",
        }
        assert (_attrs(when)["equiv"], _attrs(when)["disp"]) == ("21 July 2021", "21 July 2021")
    else:
        assert isinstance(link, G) and isinstance(when, X)
        assert _attrs(link) == {"id": "1", "ctype": "link", "tag": '<a href="https://khovar.tj/x">'}
        assert _attrs(when) == {"id": "2", "ctype": "x-tarjima-date", "equiv-text": "21 July 2021"}
    assert [code for code, _ in _target_codes(unit)] == [_tag(link), _tag(when)]

    # The translator reorders the sentence in the CAT tool; the codes move with it.
    store = _read(data, version)
    _translate(store.units[0], "⟦2⟧ күнкү ⟦1⟧Ховар баяндамасын⟦/1⟧ окуңуз.")
    result = import_xliff(database, db_settings, bytes(store), may_approve=False, username="ainura")
    assert (result.written, result.outdated) == (1, ())
    assert _rows(database, article_id)[segment_id] == (
        "⟦2⟧ күнкү ⟦1⟧Ховар баяндамасын⟦/1⟧ окуңуз.",
        Origin.HUMAN,
        Status.NEEDS_REVIEW,
    )
    with database.session() as session:
        stored = repo.translations_for(session, article_id=article_id, locale="ky")
    assert stored[segment_id].warnings == ()  # every placeholder where QA wants it


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_placeholders_typed_as_text_are_still_imported(
    database: Database, db_settings: Settings, story: Any, version: str
) -> None:
    data = _edit(_export(database, story, version), version, 1, "⟦1⟧ ⟦2⟧ киши кетти.", plain=True)
    assert "⟦1⟧ ⟦2⟧ киши кетти." in data.decode()  # text, no inline code
    result = import_xliff(database, db_settings, data, may_approve=False, username="ainura")
    assert result.written == 1
    assert _rows(database, story.article_id)[story.segment_ids[1]][0] == "⟦1⟧ ⟦2⟧ киши кетти."


def test_placeholders_that_make_no_code_are_exported_as_text(
    database: Database, db_settings: Settings, dump: Callable[..., Any]
) -> None:
    # A date used twice and a link end without its start: QA flags them, export keeps them.
    article_id, _ = _linked_article(database, "⟦2⟧, ⟦2⟧ ⟦/1⟧ окуңуз.")
    for version in ("2.0", "1.2"):
        data = export_xliff(database, article_id=article_id, locale="ky", version=version).data
        unit = _read(data, version).units[0]
        assert _masked(unit.rich_target[0]) == "⟦2⟧, ⟦2⟧ ⟦/1⟧ окуңуз."
        assert [code_id for _, code_id in _target_codes(unit)] == ["2"]  # the first date
        before = dump(database)
        result = import_xliff(database, db_settings, data, may_approve=False, username="a")
        assert (result.written, result.unchanged) == (0, 1)
        assert dump(database) == before


@pytest.mark.parametrize("version", ["2.0", "1.2"])
@pytest.mark.parametrize(
    ("text", "renamed", "problem"),
    [
        ("Алар ⟦1⟧ төлөштү.", {"1": "7"}, 'inline code id "7" is not in the source'),
        ("Алар ⟦1⟧ ⟦1⟧ төлөштү.", None, 'inline code id "1" appears more than once'),
    ],
)
def test_inline_codes_the_source_lacks_or_repeats_refuse_the_file(
    database: Database,
    db_settings: Settings,
    story: Any,
    dump: Callable[..., Any],
    version: str,
    text: str,
    renamed: dict[str, str] | None,
    problem: str,
) -> None:
    data = _edit(_export(database, story, version), version, 3, "Чек ара жабылды.", "state")
    data = _edit(data, version, 2, text, "state", renamed=renamed)
    before = dump(database)
    with pytest.raises(InputError) as refused:
        import_xliff(database, db_settings, data, may_approve=True, username="ainura")
    message = str(refused.value)
    # The unit is named by its id and its sentence, with what is wrong.
    assert f"unit {story.unit_ids[2]} (“They paid ⟦1⟧.”): {problem}" in message, message
    assert "Nothing was imported" in message
    assert dump(database) == before


def test_an_inline_element_that_is_no_code_refuses_the_file(
    database: Database, db_settings: Settings, story: Any
) -> None:
    data = _edit(_export(database, story), "2.0", 3, "Чек ара жабылды.", "state").replace(
        "жабылды.".encode(), '<foo xmlns="urn:x-other">жабылды.</foo>'.encode()
    )
    with pytest.raises(InputError, match=r"<foo> is not an XLIFF inline element"):
        import_xliff(database, db_settings, data, may_approve=True, username="ainura")


def test_split_pairs_and_annotations_from_cat_tools_are_read() -> None:
    from publisher.services.exchange.xliff import read_xliff

    def units(body: str, version: str = "2.0") -> Any:
        namespace = f"urn:oasis:names:tc:xliff:document:{version}"
        if version == "2.0":
            wrapped = (
                f'<xliff xmlns="{namespace}" version="2.0" srcLang="en" trgLang="ky">'
                f'<file id="article-1"><unit id="u1"><segment>{body}</segment></unit>'
                "</file></xliff>"
            )
        else:
            wrapped = (
                f'<xliff xmlns="{namespace}" version="1.2"><file original="a" '
                'source-language="en" target-language="ky" datatype="plaintext"><body>'
                f'<trans-unit id="u1">{body}</trans-unit></body></file></xliff>'
            )
        return read_xliff(wrapped.encode(), max_bytes=10_000).units[0]

    two = units(
        '<source>a <pc id="1">b</pc></source><target><sc id="1"/>б<ec startRef="1"/> '
        '<mrk id="m1" translate="no">а</mrk><cp hex="1F"/></target>'
    )
    assert (two.source, two.target) == ("a ⟦1⟧b⟦/1⟧", "⟦1⟧б⟦/1⟧ а\x1f")
    assert two.codes is not None and (two.codes.opened, two.codes.closed) == (["1"], ["1"])
    one = units(
        '<source>a <g id="1">b</g></source><target><bx id="5" rid="1"/>б'
        '<ex id="6" rid="1"/> <bpt id="2">&lt;b&gt;</bpt>в<ept id="2">&lt;/b&gt;</ept> '
        '<ph id="3">{x}</ph><it id="4" pos="close">&lt;/i&gt;</it></target>',
        "1.2",
    )
    assert one.target == "⟦5⟧б⟦/5⟧ ⟦2⟧в⟦/2⟧ ⟦3⟧⟦/4⟧"
    assert one.codes is not None and one.codes.unknown(["1", "2"]) == ["5", "3", "4"]
    assert one.codes.duplicated() == []


# --- articles updated since the export ----------------------------------------------------


def test_unit_ids_come_from_the_sentence(
    database: Database, story: Any, make_story: Callable[[str], Any]
) -> None:
    assert all(re.fullmatch(r"u[0-9a-f]{12}", unit_id) for unit_id in story.unit_ids)
    assert len(set(story.unit_ids)) == 4
    # The same sentences in another article have the same ids; their rows do not.
    other = make_story("other-talks")
    assert _read(_export(database, other), "2.0").units[1].getid() == story.unit_ids[1]
    assert other.segment_ids != story.segment_ids
    # A sentence repeated in an article is told apart by its occurrence.
    repeated = [Segment(0, 0, "Yes."), Segment(1, 0, "No."), Segment(2, 0, "Yes.")]
    first, _, again = unit_ids(repeated)
    assert again == f"{first}-2"
    # What a placeholder stands for is part of the sentence, where it is is not.
    date = ProtectedSpan(SpanKind.DATE, 3, 16, "July 18, 2021", "2021-07-18")
    moved = ProtectedSpan(SpanKind.DATE, 4, 17, "July 18, 2021", "2021-07-18")
    other_day = ProtectedSpan(SpanKind.DATE, 3, 16, "July 18, 2021", "2021-07-19")
    ids = unit_ids(
        [
            Segment(0, 0, "On July 18, 2021.", (date,)),
            Segment(1, 0, "On  July 18, 2021.", (moved,)),
            Segment(2, 0, "On July 18, 2021.", (other_day,)),
        ]
    )
    assert ids[1] == f"{ids[0]}-2" and not ids[2].startswith(ids[0])


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_an_export_made_before_an_article_update_imports_its_unchanged_sentences(
    database: Database,
    db_settings: Settings,
    story: Any,
    update_story: Callable[[Any, str], list[int]],
    version: str,
) -> None:
    old = _export(database, story, version)
    for index, text in (
        (0, "Душанбедеги сүйлөшүүлөр"),
        (2, "Алар ⟦1⟧ беришти."),
        (3, "Чек ара жабылды."),
    ):
        old = _edit(old, version, index, text)
    new_ids = update_story(story, "They paid nothing.")
    assert set(new_ids).isdisjoint(story.segment_ids)  # every segment row is new
    fresh = _read(_export(database, story, version), version).units
    fresh_ids = [str(u.getid()).rpartition("\x04")[2] for u in fresh]  # 1.2: file name first
    assert [fresh_ids[i] for i in (0, 1, 3)] == [story.unit_ids[i] for i in (0, 1, 3)]
    assert fresh_ids[2] != story.unit_ids[2]

    result = import_xliff(database, db_settings, old, may_approve=False, username="ainura")
    assert (result.written, result.unchanged) == (2, 1)
    assert result.outdated == (OutdatedUnit(story.unit_ids[2], "They paid ⟦1⟧."),)
    assert "not imported: 1 translations of sentences the article no longer has" in (
        result.summary()
    )
    assert "“They paid ⟦1⟧.”" in result.summary()
    rows = _rows(database, story.article_id)
    assert rows[new_ids[0]] == ("Душанбедеги сүйлөшүүлөр", Origin.HUMAN, Status.NEEDS_REVIEW)
    assert rows[new_ids[1]][0] == "⟦1⟧ ⟦2⟧ адам кетти."  # kept by the update, unchanged
    assert new_ids[2] not in rows  # the changed sentence: nothing imported for it
    assert rows[new_ids[3]] == ("Чек ара жабылды.", Origin.HUMAN, Status.NEEDS_REVIEW)


def test_files_with_segment_ids_from_before_still_import(
    database: Database,
    db_settings: Settings,
    story: Any,
    update_story: Callable[[Any, str], list[int]],
) -> None:
    def with_old_ids(data: bytes) -> bytes:
        for new_id, old_id in zip(story.unit_ids, story.old_unit_ids, strict=True):
            data = data.replace(f'id="{new_id}"'.encode(), f'id="{old_id}"'.encode())
        return data

    old = with_old_ids(_edit(_export(database, story), "2.0", 3, "Чек ара жабылды."))
    result = import_xliff(database, db_settings, old, may_approve=False, username="ainura")
    assert (result.written, result.unchanged, result.outdated) == (1, 3, ())
    # After an update no segment has those ids: every translated unit is reported.
    update_story(story, "They paid nothing.")
    with pytest.raises(InputError, match="does not have"):
        import_xliff(database, db_settings, old, may_approve=False, username="ainura")


def test_units_of_sentences_the_article_lacks_are_reported_not_imported(
    database: Database, db_settings: Settings, story: Any, dump: Callable[..., Any]
) -> None:
    untranslated = _export(database, story).replace(
        b"The border was closed.", b"The border was opened."
    )
    good = _edit(_export(database, story), "2.0", 3, "Чек ара жабылды.", "state")
    # An id no segment has, and a source edited in the CAT tool: reported, with their
    # sentence; the other units import.
    data = good.replace(f'id="{story.unit_ids[0]}"'.encode(), b'id="s999999"').replace(
        b"They paid ", b"They spent "
    )
    result = import_xliff(database, db_settings, data, may_approve=True, username="ainura")
    assert (result.written, result.approved) == (1, 1)
    assert result.outdated == (
        OutdatedUnit("s999999", "Talks in Dushanbe"),
        OutdatedUnit(story.unit_ids[2], "They spent ⟦1⟧."),
    )
    # An outdated unit without a translation is no news.
    before = dump(database)
    result = import_xliff(database, db_settings, untranslated, may_approve=True, username="ainura")
    assert (result.written, result.unchanged, result.outdated) == (0, 3, ())
    assert dump(database) == before


# --- refusals ---------------------------------------------------------------------------


def _laughs(root: str) -> bytes:
    entities = "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE xliff [\n <!ENTITY lol "lol">\n{entities}]>\n{root}'
    ).encode()


def _root(story: Any, target: str) -> str:
    return (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
        f'trgLang="ky"><file id="article-{story.article_id}" original="{story.slug}">'
        f'<unit id="{story.unit_ids[3]}"><segment state="final">'
        f"<source>The border was closed.</source><target>{target}</target></segment>"
        "</unit></file></xliff>"
    )


def _external(story: Any) -> bytes:
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY xxe SYSTEM '
        '"file:///etc/passwd">]>\n' + _root(story, "&xxe;")
    ).encode()


Case = tuple[bytes, dict[str, Any], str]


@dataclass(frozen=True)
class _Files:
    """What refused files are made of: a good file of ``story`` (translating its last
    segment, approved), ``story`` itself, another article, and the database."""

    good: bytes
    story: Any
    other: Any
    database: Database

    @property
    def here(self) -> dict[str, Any]:
        return {"article_id": self.story.article_id, "locale": "ky"}

    @property
    def last(self) -> bytes:
        return f'id="{self.story.unit_ids[3]}"'.encode()

    def laughs(self) -> bytes:
        return _laughs(_root(self.story, "&lol9;"))


def _other_segments(f: _Files) -> Case:
    """Another article's segments (by the segment ids of older files) in a file that
    names this article."""
    data = _export(f.database, f.other).replace(
        f'id="article-{f.other.article_id}"'.encode(),
        f'id="article-{f.story.article_id}"'.encode(),
    )
    for new_id, old_id in zip(f.other.unit_ids, f.other.old_unit_ids, strict=True):
        data = data.replace(f'id="{new_id}"'.encode(), f'id="{old_id}"'.encode())
    return data, {}, "does not have"


def _other_locale(f: _Files) -> Case:
    ru = _edit(_export(f.database, f.story, locale="ru"), "2.0", 3, "Граница закрыта.", "state")
    return ru, f.here, "not into Kyrgyz"


def _unknown_ids(data: bytes) -> bytes:
    """``data`` with unit ids no segment has."""
    numbers = iter(range(999_900, 1_000_000))
    return re.sub(
        rb'<unit id="u[0-9a-f]+"', lambda _: f'<unit id="s{next(numbers)}"'.encode(), data
    )


REFUSALS: dict[str, Callable[[_Files], Case]] = {
    "another article": lambda f: (_export(f.database, f.other), f.here, "another article"),
    "another article's segments": _other_segments,
    "another locale": _other_locale,
    "a locale the article lacks": lambda f: (
        f.good.replace(b'trgLang="ky"', b'trgLang="tg"'),
        {},
        "not translated into Tajik",
    ),
    "an article id out of range": lambda f: (
        f.good.replace(
            f'id="article-{f.story.article_id}"'.encode(), b'id="article-9999999999"'
        ).replace(b'original="dushanbe-talks"', b'original="nowhere"'),
        {},
        "does not say which",
    ),
    "no unit of a sentence the article has": lambda f: (
        _unknown_ids(f.good),
        f.here,
        "does not have",
    ),
    "a unit id twice": lambda f: (
        f.good.replace(f'id="{f.story.unit_ids[0]}"'.encode(), f.last),
        f.here,
        "more than once",
    ),
    "an inline code the source does not have": lambda f: (
        _edit(f.good, "2.0", 2, "Алар ⟦1⟧ төлөштү.", "state", renamed={"1": "7"}),
        f.here,
        'inline code id "7" is not in the source',
    ),
    "an inline code twice": lambda f: (
        _edit(f.good, "2.0", 1, "⟦1⟧ ⟦1⟧ ⟦2⟧ адам.", "state"),
        f.here,
        'inline code id "1" appears more than once',
    ),
    "malformed XML": lambda f: (f.good[: len(f.good) // 2], f.here, "cannot be read"),
    "not XLIFF": lambda f: (b"<html><body>hello</body></html>", f.here, "not XLIFF"),
    "billion laughs": lambda f: (f.laughs(), f.here, "DTD"),
    "billion laughs in UTF-16 without a BOM": lambda f: (
        f.laughs().decode().encode("utf-16-le"),
        f.here,
        "NUL",
    ),
    "billion laughs in UTF-16": lambda f: (f.laughs().decode().encode("utf-16"), f.here, "DTD"),
    "an external entity": lambda f: (_external(f.story), f.here, "DTD"),
    "over the size limit": lambda f: (
        f.good,
        {**f.here, "max_bytes": len(f.good) - 1},
        "too large",
    ),
    "unbalanced placeholders": lambda f: (
        _edit(f.good, "2.0", 2, "Алар ⟦1 төлөштү.", "state"),
        f.here,
        "placeholder",
    ),
    "not UTF-8": lambda f: (f.good.decode().encode("cp1251", "replace"), f.here, "not UTF-8"),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_refused_imports_change_nothing(
    database: Database,
    db_settings: Settings,
    story: Any,
    make_story: Callable[[str], Any],
    dump: Callable[..., Any],
    name: str,
) -> None:
    other = make_story("other-talks")
    # Every file carries a change an accepted import would write (and approve).
    good = _edit(_export(database, story), "2.0", 3, "Чек ара жабылды.", "state")
    data, where, message = REFUSALS[name](_Files(good, story, other, database))
    before = dump(database)
    with pytest.raises(InputError) as refused:
        import_xliff(database, db_settings, data, may_approve=True, username="ainura", **where)
    assert message in str(refused.value)
    assert dump(database) == before


def test_the_size_limit_defaults_to_the_upload_limit(
    database: Database, db_settings: Settings, story: Any, dump: Callable[..., Any]
) -> None:
    good = _edit(_export(database, story), "2.0", 3, "Чек ара жабылды.", "state")
    small = db_settings.model_copy(update={"max_upload_bytes": len(good) - 1})
    before = dump(database)
    with pytest.raises(InputError, match="too large"):
        import_xliff(database, small, good, may_approve=True, username="ainura")
    assert dump(database) == before
    import_xliff(database, db_settings, good, may_approve=True, username="ainura")
    assert dump(database) != before


def test_export_refuses_a_locale_the_article_lacks_and_unknown_versions(
    database: Database, story: Any
) -> None:
    with pytest.raises(InputError, match=r"2\.0 or 1\.2"):
        export_xliff(database, article_id=story.article_id, locale="ky", version="3.0")
    from publisher.core.errors import NotFoundError

    with pytest.raises(NotFoundError):
        export_xliff(database, article_id=story.article_id, locale="tg")
