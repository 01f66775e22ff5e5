"""Reading an XLIFF file (2.0 or 1.2) into units, checked before any parser sees it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from translate.storage import xliff, xliff2

from publisher.core.errors import InputError
from publisher.core.messages import N_
from publisher.services.exchange.inline import (
    CodedText,
    XliffVersion,
    read_codes,
)
from publisher.services.exchange.safe_xml import checked_xml, unreadable
from publisher.services.exchange.xliff.formats import (
    ARTICLE_ATTRIBUTE,
    ARTICLE_NUMBER,
    FILE_ID,
    MAX_ID,
    ROOT,
    VERSION,
    VERSION_ATTRIBUTE,
)


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
    root = ROOT.search(data)
    if root is None:
        raise InputError(
            N_(
                "the file is not XLIFF (it has no <xliff> element): export the translation "
                "from your CAT tool as XLIFF 2.0 or 1.2"
            )
        )
    declared = VERSION.search(root.group(0))
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
