"""TMX: the memory exported, read back with translate-toolkit's TMX reader, imported
into an empty database; foreign TMX files; refused files change nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from translate.storage import tmx

from publisher.core.errors import InputError
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.exchange import export_tmx, import_tmx
from publisher.services.exchange.safe_xml import checked_xml
from publisher.services.memory import memory_key, normalize

LIMIT = 2 * 1024 * 1024
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ENTRIES = [
    # source, target locale, target, article slug, approved
    ("On ⟦1⟧, ⟦2⟧ people left.", "ky", "⟦1⟧ ⟦2⟧ адам кетти.", "dushanbe-talks", True),
    ("On ⟦1⟧, ⟦2⟧ people left.", "ru", "⟦1⟧ уехали ⟦2⟧ человек.", "dushanbe-talks", True),
    ("They paid ⟦1⟧ & more <now>.", "ky", "Алар ⟦1⟧ төлөштү.", None, False),
    ("The border was closed.", "tg", "Сарҳад баста шуд.", None, True),
]


def _remember(database: Database, entries: list[tuple[str, str, str, str | None, bool]]) -> None:
    with database.session() as session:
        for source, locale, target, slug, approved in entries:
            repo.remember(
                session,
                source_locale="en",
                target_locale=locale,
                source_key=memory_key(normalize(source)),
                source_text=normalize(source),
                target_text=target,
                article_id=None,
                article_slug=slug,
                origin="human",
                approved=approved,
                changed_by="ainura",
            )


def _entries(database: Database) -> list[tuple[Any, ...]]:
    with database.session() as session:
        return sorted(
            (
                e.source_locale,
                e.target_locale,
                e.source_key,
                e.source_text,
                e.target_text,
                e.article_slug,
                e.approved,
            )
            for e in repo.memory_entries(session)
        )


@pytest.fixture()
def empty_database(tmp_path: Path) -> Iterator[Database]:
    other = Database.open(f"sqlite:///{(tmp_path / 'other' / 'tarjima.db').as_posix()}")
    try:
        yield other
    finally:
        other.dispose()


def test_tmx_round_trip_through_translate_toolkit(
    database: Database, empty_database: Database
) -> None:
    _remember(database, ENTRIES)
    exported = export_tmx(database)
    assert exported.filename == "tarjima-memory-all.tmx"
    assert exported.media_type == "application/x-tmx+xml"

    store = tmx.tmxfile.parsestring(exported.data)
    header = store.document.getroot().find("header")
    assert header.get("srclang") == "en" and store.document.getroot().get("version") == "1.4"
    units = store.units
    assert len(units) == len(ENTRIES)
    read = []
    for unit in units:
        nodes = unit.getlanguageNodes()
        assert nodes[0].get(XML_LANG) == "en" and len(nodes) == 2
        props = {p.get("type"): p.text for p in unit.xmlelement.iterchildren("prop")}
        read.append(
            (
                unit.source,
                nodes[1].get(XML_LANG),
                unit.getNodeText(nodes[1]),
                props.get("x-tarjima-article"),
                props.get("x-tarjima-approved") != "no",
            )
        )
    assert sorted(read, key=str) == sorted(ENTRIES, key=str)

    result = import_tmx(empty_database, exported.data, max_bytes=LIMIT, changed_by="editor")
    assert (result.imported, result.skipped, result.no_source) == (len(ENTRIES), {}, 0)
    assert _entries(empty_database) == _entries(database)
    with empty_database.session() as session:
        assert {(e.origin, e.changed_by) for e in repo.memory_entries(session)} == {
            ("import", "editor")
        }


def test_export_of_one_language(database: Database) -> None:
    _remember(database, ENTRIES)
    exported = export_tmx(database, target_locales=["ky"])
    assert exported.filename == "tarjima-memory-ky.tmx"
    store = tmx.tmxfile.parsestring(exported.data)
    assert sorted(u.target for u in store.units) == ["Алар ⟦1⟧ төлөштү.", "⟦1⟧ ⟦2⟧ адам кетти."]


FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="OmegaT" creationtoolversion="6" segtype="sentence" o-tmf="OmegaT"
          adminlang="EN-US" srclang="EN-US" datatype="plaintext"/>
  <body>
    <tu>
      <tuv xml:lang="EN-US"><seg>The  border was   closed.</seg></tuv>
      <tuv xml:lang="KY-KG"><seg>Чек ара жабылды.</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>La frontière était fermée.</seg></tuv>
    </tu>
    <tu srclang="de-DE">
      <tuv xml:lang="de-DE"><seg>Die Grenze war zu.</seg></tuv>
      <tuv xml:lang="ru-RU"><seg>Граница была закрыта.</seg></tuv>
    </tu>
    <tu>
      <tuv lang="EN"><seg>Talks in Dushanbe</seg></tuv>
      <tuv lang="RU"><seg>Переговоры в Душанбе</seg></tuv>
      <tuv lang="TG"><seg></seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_a_foreign_tmx_file_adds_what_tarjima_uses(database: Database) -> None:
    _remember(database, [("The border was closed.", "ky", "Чек ара жабык.", None, True)])
    result = import_tmx(database, FOREIGN.encode(), max_bytes=LIMIT, changed_by="editor")
    # The translator's approved entry is kept: an imported one never replaces it.
    assert (result.imported, result.skipped, result.no_source) == (1, {"fr": 1}, 1)
    assert "fr (1)" in result.summary()
    assert [(e[1], e[3], e[4]) for e in _entries(database)] == [
        ("ky", "The border was closed.", "Чек ара жабык."),  # kept
        ("ru", "Talks in Dushanbe", "Переговоры в Душанбе"),
    ]


def _laughs() -> bytes:
    entities = "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE tmx [\n <!ENTITY lol "lol">\n{entities}]>\n'
        '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en">'
        '<seg>Hello</seg></tuv><tuv xml:lang="ky"><seg>&lol9;</seg></tuv></tu></body>'
        "</tmx>"
    ).encode()


REFUSED = {
    "malformed XML": (FOREIGN[: len(FOREIGN) // 2].encode(), "cannot be read"),
    "not TMX": (b"<xliff version='2.0'/>", "not TMX"),
    "billion laughs": (_laughs(), "DTD"),
    "an external entity": (
        FOREIGN.replace(
            '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
            '<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        )
        .replace("Чек ара жабылды.", "&xxe;")
        .encode(),
        "DTD",
    ),
    "an external DTD": (FOREIGN.replace('"tmx14.dtd"', '"file:///etc/passwd"').encode(), "DTD"),
    "another source language": (
        FOREIGN.replace('srclang="EN-US"', 'srclang="de"').encode(),
        "translates from “de”",
    ),
    "nothing to import": (
        FOREIGN.replace("KY-KG", "fr").replace('"ru-RU"', '"fr"').replace('"RU"', '"fr"').encode(),
        "nothing to import",
    ),
    "over the size limit": (FOREIGN.encode() + b" " * LIMIT, "too large"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_tmx_imports_change_nothing(
    database: Database, dump: Callable[..., Any], name: str
) -> None:
    _remember(database, ENTRIES)
    data, message = REFUSED[name]
    before = dump(database)
    with pytest.raises(InputError) as refused:
        import_tmx(database, data, max_bytes=LIMIT, changed_by="editor")
    assert message in str(refused.value)
    assert dump(database) == before


@pytest.mark.parametrize(
    ("data", "accepted"),
    [
        (b'<!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx/>', True),
        (
            b"<?xml version='1.0'?>\n<!-- memory -->\n<!DOCTYPE tmx SYSTEM 'tmx11.dtd'>\n<tmx/>",
            True,
        ),
        (b'<!DOCTYPE tmx SYSTEM "tmx14.dtd" [<!ENTITY a "b">]><tmx/>', False),
        (b'<!DOCTYPE tmx PUBLIC "x" "http://example.org/tmx14.dtd"><tmx/>', False),
        (b'<tmx/><!DOCTYPE tmx SYSTEM "tmx14.dtd">', False),
        (b'<?xml version="1.0" encoding="UTF-7"?><tmx>+ADw-</tmx>', True),  # read as UTF-8
    ],
)
def test_only_the_conventional_tmx_doctype_is_let_through(data: bytes, accepted: bool) -> None:
    if accepted:
        checked = checked_xml(data, max_bytes=LIMIT, kind="TMX", allow_tmx_doctype=True)
        assert b"DOCTYPE" not in checked
        assert checked.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    else:
        with pytest.raises(InputError, match="DTD"):
            checked_xml(data, max_bytes=LIMIT, kind="TMX", allow_tmx_doctype=True)
    if b"DOCTYPE" in data:  # XLIFF takes no DOCTYPE at all
        with pytest.raises(InputError, match="DTD"):
            checked_xml(data, max_bytes=LIMIT, kind="XLIFF")


@pytest.mark.timeout(20)
def test_comments_before_the_doctype_cannot_stall_the_check() -> None:
    # A comment pattern that could span comments would backtrack exponentially here.
    checked_xml(b"<!--a-->" * 40 + b"<tmx/>", max_bytes=LIMIT, kind="TMX", allow_tmx_doctype=True)
    many = b"<!--a-->" * 50_000 + b'<!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx/>'
    assert b"DOCTYPE" not in checked_xml(many, max_bytes=LIMIT, kind="TMX", allow_tmx_doctype=True)
