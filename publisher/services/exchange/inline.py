"""Placeholders as XLIFF inline codes, written into and read back from ``<source>`` and
``<target>`` elements of translate-toolkit's XLIFF units.

Tarjima masks a segment's protected spans as ``⟦N⟧`` (a date, number, amount: an atom)
and ``⟦N⟧text⟦/N⟧`` (markup around text, a link or emphasis). In XLIFF those become the
standard inline codes, with the placeholder's number as the code's ``id``, so that CAT
tools show them as tags the translator cannot type over, carry them into the target and
check that none is lost:

==========  =============================================  ==============================
XLIFF       atom ``⟦N⟧``                                   markup ``⟦N⟧…⟦/N⟧``
==========  =============================================  ==============================
2.0         ``<ph id="N" type="other"                      ``<pc id="N" type="link"
            subType="tarjima:date" equiv="July 18, 2021"   dispStart="<a href=…>"
            disp="July 18, 2021"/>``                       dispEnd="</a>">…</pc>``
1.2         ``<x id="N" ctype="x-tarjima-date"             ``<g id="N" ctype="link"
            equiv-text="July 18, 2021"/>``                 tarjima:tag="<a href=…>">…</g>``
==========  =============================================  ==============================

Why these: ``<ph>``/``<pc>`` are XLIFF 2.0's own codes for a placeholder and for a
well-formed pair; ``<x/>``/``<g>`` are XLIFF 1.2's, and the only 1.2 codes that
translate-toolkit reads as placeables of their own (``X`` and ``G``; ``<ph>``, ``<bpt>``
and ``<ept>`` are "unknown XML" there). They are also the codes the XLIFF filters of
Okapi, OmegaT and memoQ turn into protected tags and write back under the same ids.
``<bpt>``/``<ept>`` (and 1.2's ``<ph>``) would carry native markup inside them for the
CAT tool to show raw, and a pair split in two elements can be left half open; a pair
element keeps the text it wraps inside it, which is exactly the masked form
``⟦N⟧text⟦/N⟧``, and it cannot. Where a CAT tool splits a pair anyway (the translator
moved one end across another tag), XLIFF 2.0 tools write ``<sc id="N"/>…<ec
startRef="N"/>`` and 1.2 tools ``<bx/>``/``<ex/>`` or ``<bpt>``/``<ept>``: those are read
back too, as are annotations (``<mrk>``, ``<sm/>``/``<em/>``) and ``<cp/>``. Each code
says what it stands for: the span's source text (``equiv``/``disp`` in 2.0,
``equiv-text`` in 1.2) and its kind (``type``/``subType``, or ``ctype``: ``link``,
``bold``, ``italic``, ``x-tarjima-date``...); a markup code shows its tag with the
link's address (``dispStart``/``dispEnd`` in 2.0; in 1.2, where ``equiv-text`` would
stand for the whole pair, in ``tarjima:tag``, as XLIFF 1.2 allows attributes of other
namespaces on ``<g>``).

A translation stored with placeholders that do not make well-formed codes (one used
twice, an unmatched ``⟦/N⟧``, an unknown number) is exported with those placeholders as
plain text, just as the translation has them, and imported back unchanged.

Reading turns the codes back into ``⟦N⟧`` tokens (plain ``⟦N⟧`` typed as text is kept,
as before) and lists the code ids, so that the import can refuse a target with a code
its source does not have, or with one code twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from publisher.core.articles import ProtectedSpan, SpanKind
from publisher.core.messages import N_, Message, message
from publisher.core.protect import PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, placeholder

XliffVersion = Literal["2.0", "1.2"]
TARJIMA_NAMESPACE = "urn:x-tarjima:xliff"
#: The tag a 1.2 ``<g>`` stands for (XLIFF 1.2 allows attributes of other namespaces).
TAG_ATTRIBUTE = f"{{{TARJIMA_NAMESPACE}}}tag"
_XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: A placeholder exactly as Tarjima writes it (export turns only these into codes).
_TOKEN = re.compile(
    rf"{re.escape(PLACEHOLDER_OPEN)}(/?)([1-9][0-9]{{0,4}}){re.escape(PLACEHOLDER_CLOSE)}"
)
_SPACES = re.compile(r"[\t\n\r ]+")
#: Inline elements by what they do: hold the text they mark, stand alone or open a
#: pair, close one, or mark where an annotation starts or ends (no text of their own).
_PAIRS = frozenset({"pc", "g"})
_OPENING = frozenset({"ph", "x", "sc", "bx", "bpt"})
_CLOSING = frozenset({"ec", "ex", "ept"})
_MARKERS = frozenset({"sm", "em"})
#: XLIFF 2.0 ``<pc>`` type and subType, and XLIFF 1.2 ``<g>`` ctype, by HTML tag.
_FORMATTING = {
    "a": ("link", None, "link"),
    "b": ("fmt", "xlf:b", "bold"),
    "strong": ("fmt", "xlf:b", "bold"),
    "i": ("fmt", "xlf:i", "italic"),
    "em": ("fmt", "xlf:i", "italic"),
}


# --- writing --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mark:
    number: int
    end: bool
    token: str


def _pieces(text: str) -> list[str | _Mark]:
    pieces: list[str | _Mark] = []
    pos = 0
    for found in _TOKEN.finditer(text):
        pieces.append(text[pos : found.start()])
        pieces.append(_Mark(int(found.group(2)), bool(found.group(1)), found.group(0)))
        pos = found.end()
    pieces.append(text[pos:])
    return pieces


def _coded(pieces: Sequence[str | _Mark], spans: Sequence[ProtectedSpan]) -> set[int]:
    """Indices of the marks that become codes: the first use of each atom, and the first
    properly nested start and end of each markup span."""
    coded: set[int] = set()
    atoms_seen: set[int] = set()
    pairs_seen: set[int] = set()
    stack: list[tuple[int, int]] = []  # (piece index, number) of open markup
    for index, piece in enumerate(pieces):
        if not isinstance(piece, _Mark) or piece.number > len(spans):
            continue
        markup = spans[piece.number - 1].kind == SpanKind.MARKUP
        if not markup:
            if not piece.end and piece.number not in atoms_seen:
                atoms_seen.add(piece.number)
                coded.add(index)
        elif not piece.end:
            stack.append((index, piece.number))
        elif any(number == piece.number for _, number in stack):
            while stack[-1][1] != piece.number:
                stack.pop()  # opened inside and never closed: stays text
            start, number = stack.pop()
            if number not in pairs_seen:
                pairs_seen.add(number)
                coded.update((start, index))
    return coded


def _start_tag(span: ProtectedSpan) -> str:
    attrs = "".join(f' {name}="{value}"' for name, value in span.attrs)
    return f"<{span.value}{attrs}>"


def _atom(
    parent: Any, namespace: str, version: XliffVersion, number: int, span: ProtectedSpan
) -> Any:
    kind = str(span.kind).replace("_", "-")
    if version == "2.0":
        return _child(
            parent,
            namespace,
            "ph",
            {
                "id": str(number),
                "type": "other",
                "subType": f"tarjima:{kind}",
                "equiv": span.text,
                "disp": span.text,
            },
        )
    return _child(
        parent,
        namespace,
        "x",
        {
            "id": str(number),
            "ctype": f"x-tarjima-{kind}",
            "equiv-text": span.text,
        },
    )


def _pair(
    parent: Any, namespace: str, version: XliffVersion, number: int, span: ProtectedSpan
) -> Any:
    type_2, sub_type, ctype = _FORMATTING.get(span.value, ("fmt", None, f"x-html-{span.value}"))
    if version == "2.0":
        attrs = {"id": str(number), "type": type_2}
        if sub_type:
            attrs["subType"] = sub_type
        attrs |= {"dispStart": _start_tag(span), "dispEnd": f"</{span.value}>"}
        return _child(parent, namespace, "pc", attrs)
    return _child(
        parent,
        namespace,
        "g",
        {
            "id": str(number),
            "ctype": ctype,
            TAG_ATTRIBUTE: _start_tag(span),
        },
    )


def _split(tag: str) -> tuple[str | None, str]:
    """An lxml tag's namespace (None without one) and local name."""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return None, tag


def _child(parent: Any, namespace: str, name: str, attrs: dict[str, str]) -> Any:
    element = parent.makeelement(f"{{{namespace}}}{name}" if namespace else name, attrs)
    parent.append(element)
    return element


def _append_text(parent: Any, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def write_codes(
    node: Any, masked: str, spans: Sequence[ProtectedSpan], version: XliffVersion
) -> None:
    """Replace the content of ``node`` (a ``<source>`` or ``<target>`` element) with the
    masked text ``masked``, its placeholders as inline codes."""
    namespace = _split(node.tag)[0] or ""
    for child in list(node):
        node.remove(child)
    node.text = None
    pieces = _pieces(masked)
    coded = _coded(pieces, spans)
    parents = [node]
    for index, piece in enumerate(pieces):
        if isinstance(piece, str):
            _append_text(parents[-1], piece)
        elif index not in coded:
            _append_text(parents[-1], piece.token)
        elif piece.end:
            parents.pop()
        else:
            span = spans[piece.number - 1]
            if span.kind == SpanKind.MARKUP:
                parents.append(_pair(parents[-1], namespace, version, piece.number, span))
            else:
                _atom(parents[-1], namespace, version, piece.number, span)


# --- reading --------------------------------------------------------------------------


@dataclass
class CodedText:
    """A ``<source>`` or ``<target>`` as masked text: inline codes as ``⟦N⟧`` tokens.

    ``opened`` holds the id of each code that stands alone or opens a pair, ``closed``
    the id of each that closes one, in document order; ``problems`` what could not be
    read (an element that is no inline code, a code without an id).
    """

    text: str = ""
    opened: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    problems: list[Message] = field(default_factory=list)

    def unknown(self, known: Iterable[str]) -> list[str]:
        """Code ids not in ``known``, each once, in order."""
        allowed = set(known)
        return list(dict.fromkeys(i for i in self.opened + self.closed if i not in allowed))

    def duplicated(self) -> list[str]:
        """Code ids used twice (twice standing alone or opening, or twice closing)."""
        twice = [i for ids in (self.opened, self.closed) for i in ids if ids.count(i) > 1]
        return list(dict.fromkeys(twice))


def _token(code_id: str, *, end: bool = False) -> str:
    if code_id.isdigit() and not code_id.startswith("0") and len(code_id) <= 5:
        return placeholder(int(code_id), end=end)
    # An id Tarjima never writes: a token no segment has, reported as unknown.
    shown = code_id.replace(PLACEHOLDER_OPEN, "").replace(PLACEHOLDER_CLOSE, "")[:20]
    return f"{PLACEHOLDER_OPEN}{'/' if end else ''}{shown}{PLACEHOLDER_CLOSE}"


class _Reader:
    def __init__(self) -> None:
        self.out = CodedText()
        self.parts: list[str] = []
        self.paired: dict[str, str] = {}  # 1.2 rid -> id of the <bx> or <bpt> that opened

    def open(self, code_id: str | None, element: str) -> None:
        if code_id is None:
            self.out.problems.append(
                message(N_("inline code <%(element)s> has no id"), element=element)
            )
            return
        self.out.opened.append(code_id)
        self.parts.append(_token(code_id))

    def close(self, code_id: str | None, element: str) -> None:
        if code_id is None:
            self.out.problems.append(
                message(N_("inline code <%(element)s> has no id"), element=element)
            )
            return
        self.out.closed.append(code_id)
        self.parts.append(_token(code_id, end=True))

    def content(self, node: Any) -> None:
        self.parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                self.element(child)
            self.parts.append(child.tail or "")

    def element(self, child: Any) -> None:
        namespace, tag = _split(child.tag)
        if namespace is not None and not namespace.startswith(_XLIFF_NAMESPACE):
            self.out.problems.append(
                message(N_("<%(tag)s> is not an XLIFF inline element"), tag=tag)
            )
        elif tag in _PAIRS:
            self.open(child.get("id"), tag)
            self.content(child)
            self.close(child.get("id"), tag)
        elif tag in _OPENING or (tag == "it" and child.get("pos") != "close"):
            self.opening(child, tag)  # a 1.2 <ph> or <bpt> holds native code: not text
        elif tag in _CLOSING or tag == "it":
            self.closing(child, tag)
        elif tag == "mrk":
            self.content(child)  # an annotation: its text is text
        elif tag == "cp":
            self.code_point(child.get("hex") or "")
        elif tag not in _MARKERS:
            self.out.problems.append(
                message(N_("<%(tag)s> is not an XLIFF inline element"), tag=tag)
            )

    def opening(self, child: Any, tag: str) -> None:
        code_id = child.get("id")
        if child.get("rid") and code_id is not None:
            self.paired[child.get("rid")] = code_id
        self.open(code_id, tag)

    def closing(self, child: Any, tag: str) -> None:
        if tag == "ec":
            self.close(child.get("startRef") or child.get("id"), tag)
        else:  # 1.2 ties an end to its start by rid where their ids differ
            self.close(self.paired.get(child.get("rid") or "", child.get("id")), tag)

    def code_point(self, hex_value: str) -> None:
        try:
            self.parts.append(chr(int(hex_value, 16)))
        except ValueError:
            self.out.problems.append(
                message(N_('<cp hex="%(hex)s"> is not a character'), hex=hex_value[:10])
            )


def _xml_space(node: Any, default: str) -> str:
    for element in _ancestors(node):
        value = element.get(_XML_SPACE)
        if value is not None:
            return str(value)
    return default


def _ancestors(node: Any) -> Iterator[Any]:
    while node is not None:
        yield node
        node = node.getparent()


def read_codes(node: Any, *, xml_space: str = "preserve") -> CodedText:
    """The content of ``node`` (a ``<source>`` or ``<target>``) as masked text; white
    space collapsed where ``xml:space`` (inherited, else ``xml_space``) is "default"."""
    reader = _Reader()
    reader.content(node)
    text = "".join(reader.parts)
    if _xml_space(node, xml_space) == "default":
        text = _SPACES.sub(" ", text).strip(" ")
    reader.out.text = text
    return reader.out
