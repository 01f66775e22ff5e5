"""XLIFF 2.0 and 1.2: export, read back with translate-toolkit's own readers, edit as a
CAT tool would, import; and every import that must be refused changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from translate.storage import xliff, xliff2

from publisher.config import Settings
from publisher.db import repository as repo
from publisher.db.enums import Origin, Status
from publisher.db.session import Database
from publisher.errors import InputError
from publisher.exchange import export_xliff, import_xliff

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


def _edit(data: bytes, version: str, index: int, text: str, final: str | None = None) -> bytes:
    """``data`` with unit ``index`` translated as ``text``; ``final`` marks it final the
    way CAT tools do: "state" (both versions) or "approved" (XLIFF 1.2's approved="yes")."""
    store = _read(data, version)
    unit = store.units[index]
    if version == "2.0":
        unit.target = text
        unit.xmlelement.set("state", "final" if final else "translated")
    else:
        unit.settarget(text, lang="ky")
        unit.getlanguageNode(lang=None, index=1).set(
            "state", "final" if final == "state" else "translated"
        )
        unit.markapproved(final == "approved")
    return bytes(store)


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
    assert [u.source for u in units] == SOURCES
    assert [u.target for u in units] == TARGETS
    assert [u.xmlelement.get("state") for u in units] == [
        "translated",
        "translated",
        "final",
        "initial",
    ]
    notes = units[1].getunitelement().find(store.namespaced("notes"))
    assert "⟦1⟧ = July 18, 2021" in "".join(notes.itertext())
    assert _edition(database, story.article_id) is None

    # The translator approves the headline, edits the first sentence, translates the last.
    units[0].target = "Душанбедеги сүйлөшүүлөр"
    units[0].xmlelement.set("state", "final")
    units[1].target = "⟦1⟧ ⟦2⟧ киши кетти."
    units[3].target = "Чек ара жабылды."
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
    assert [u.source for u in units] == SOURCES
    assert [u.target for u in units] == TARGETS
    assert [u.isapproved() for u in units] == [False, False, True, False]
    states = [
        None if (t := u.getlanguageNode(lang=None, index=1)) is None else t.get("state")
        for u in units
    ]
    assert states == ["needs-review-translation", "translated", "final", None]

    # approved="yes" on one unit, state="final" on another, a plain edit on a third.
    units[0].settarget("Душанбедеги сүйлөшүүлөр", lang="ky")
    units[0].markapproved(True)
    units[1].settarget("⟦1⟧ ⟦2⟧ киши кетти.", lang="ky")
    units[3].settarget("Чек ара жабылды.", lang="ky")
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
    assert (result.written, result.kept_approved) == (0, (f"s{approved_id}",))
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
    from publisher.review import save_segment

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
        assert f"s{segment_id}" in result.kept_approved
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
    data = _export(f.database, f.other).replace(
        f'id="article-{f.other.article_id}"'.encode(),
        f'id="article-{f.story.article_id}"'.encode(),
    )
    return data, {}, "does not have"


def _other_locale(f: _Files) -> Case:
    ru = _edit(_export(f.database, f.story, locale="ru"), "2.0", 3, "Граница закрыта.", "state")
    return ru, f.here, "not into 'ky'"


REFUSALS: dict[str, Callable[[_Files], Case]] = {
    "another article": lambda f: (_export(f.database, f.other), f.here, "another article"),
    "another article's segments": _other_segments,
    "another locale": _other_locale,
    "a locale the article lacks": lambda f: (
        f.good.replace(b'trgLang="ky"', b'trgLang="tg"'),
        {},
        "not translated into 'tg'",
    ),
    "an article id out of range": lambda f: (
        f.good.replace(
            f'id="article-{f.story.article_id}"'.encode(), b'id="article-9999999999"'
        ).replace(b'original="dushanbe-talks"', b'original="nowhere"'),
        {},
        "does not say which",
    ),
    "an unknown segment id": lambda f: (
        f.good.replace(f.last, b'id="s999999"'),
        f.here,
        "does not have",
    ),
    "a changed source": lambda f: (
        f.good.replace(b"The border was closed.", b"The border was opened."),
        f.here,
        "source text",
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
    from publisher.errors import NotFoundError

    with pytest.raises(NotFoundError):
        export_xliff(database, article_id=story.article_id, locale="tg")
