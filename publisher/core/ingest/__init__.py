"""Ingest: an article's text, Markdown or HTML -> sanitized, typed blocks (no segments yet).

``read_source``/``decode_source`` check and decode the input; ``parse`` turns it into a
``ParsedArticle``: the title, the blocks in order, and every piece of the input that was
kept out of translation (page chrome, player residue, repeats) with the reason.
"""

from __future__ import annotations

from collections.abc import Callable

from publisher.core.ingest.html import parse_html, sanitize
from publisher.core.ingest.markdown import parse_markdown
from publisher.core.ingest.model import Discarded, ParsedArticle
from publisher.core.ingest.source import Format, SourceDocument, decode_source, read_source
from publisher.core.ingest.text import parse_text

__all__ = [
    "Discarded",
    "Format",
    "ParsedArticle",
    "SourceDocument",
    "decode_source",
    "parse",
    "read_source",
    "sanitize",
]

_PARSERS: dict[Format, Callable[..., ParsedArticle]] = {
    "text": parse_text,
    "markdown": parse_markdown,
    "html": parse_html,
}


def parse(doc: SourceDocument) -> ParsedArticle:
    """Blocks of the document (indexes 0..n-1); InputError if nothing translatable is left."""
    text = doc.text.replace("\r\n", "\n").replace("\r", "\n")
    return _PARSERS[doc.fmt](text, name=doc.name)
