"""HTML -> candidates. The input is sanitized with nh3 first; only its output is walked.

``sanitize`` keeps an explicit allow-list of tags, only ``href`` on links (http, https,
mailto or relative), ``alt``/``title`` on images and ``title`` on iframes, videos and
embeds; script, style and similar elements go with their contents, and so does every
event handler and ``javascript:`` URL. The walk (stdlib ``html.parser``) turns h1 into
the headline (else ``<title>``), h2-h6 into headings, p into paragraphs, li into list
items, figcaption into captions, aside into asides, titled iframes/videos/embeds into
embeds, and a/em/strong/b/i/code into markup spans (b is kept as strong, i as em).
"""

from __future__ import annotations

import html as html_entities
import re
from html.parser import HTMLParser

import nh3

from publisher.core.articles import BlockKind
from publisher.core.ingest.assemble import assemble
from publisher.core.ingest.inline import InlineText, collapse, safe_url
from publisher.core.ingest.model import Candidate, ParsedArticle
from publisher.core.ingest.patterns import CODE_BLOCK, NAVIGATION
from publisher.core.segment.segmenter import Attrs

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TEXT_BLOCKS = frozenset({"p", "li", "dt", "dd", "td", "th", "caption", "figcaption", "pre"})
_CONTAINERS = frozenset(
    {
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "nav",
        "aside",
        "blockquote",
        "figure",
        "ul",
        "ol",
        "dl",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "title",
    }
)
_BLOCKS = _HEADINGS | _TEXT_BLOCKS | _CONTAINERS | {"hr"}
_INLINE_MARKUP = {
    "a": "a",
    "em": "em",
    "i": "em",
    "strong": "strong",
    "b": "strong",
    "code": "code",
}
_PLAIN_INLINE = frozenset(
    {
        "abbr",
        "br",
        "cite",
        "mark",
        "q",
        "s",
        "small",
        "span",
        "sub",
        "sup",
        "time",
        "u",
        "img",
    }
)
_EMBEDS = frozenset({"iframe", "video", "audio", "embed"})

ALLOWED_TAGS = _BLOCKS | set(_INLINE_MARKUP) | _PLAIN_INLINE | _EMBEDS
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "img": {"alt", "title"},
    **{tag: {"title"} for tag in _EMBEDS},
}
REMOVED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "svg",
        "math",
        "object",
        "textarea",
        "select",
    }
)
URL_SCHEMES = frozenset({"http", "https", "mailto"})

#: Elements whose content the walk ignores (iframe content is raw text, a video's is fallback).
_SKIPPED = REMOVED_WITH_CONTENT | {"iframe", "video", "audio"}
_IFRAME_CONTENT = re.compile(r"(<iframe\b[^>]*>).*?(</iframe>)", re.IGNORECASE | re.DOTALL)

_KIND_OF_CONTEXT = {
    "h1": BlockKind.HEADLINE,
    **{h: BlockKind.HEADING for h in _HEADINGS - {"h1"}},
    "li": BlockKind.LIST_ITEM,
    "figcaption": BlockKind.CAPTION,
    "caption": BlockKind.CAPTION,
    "blockquote": BlockKind.PARAGRAPH,
}
_DROPPED_CONTEXTS = {"nav": NAVIGATION, "pre": CODE_BLOCK}


def sanitize(markup: str) -> str:
    """Markup reduced to the allow-list; an iframe's raw content is dropped as well."""
    cleaned = nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel=None,
    )
    return _IFRAME_CONTENT.sub(r"\1\2", cleaned)


def plain_text(markup: str) -> str:
    """Text with every tag (and script/style content) removed and entities decoded."""
    return collapse(html_entities.unescape(nh3.clean(markup, tags=set())))


def _link_attrs(attrs: list[tuple[str, str | None]]) -> Attrs:
    href = safe_url(dict(attrs).get("href"))
    return (("href", href),) if href else ()


def _drop_reason(stack: list[str]) -> str | None:
    return next((reason for tag, reason in _DROPPED_CONTEXTS.items() if tag in stack), None)


def _context_kind(stack: list[str]) -> BlockKind | None:
    if "aside" in stack:
        return BlockKind.ASIDE
    return next((_KIND_OF_CONTEXT[t] for t in reversed(stack) if t in _KIND_OF_CONTEXT), None)


class _Walker(HTMLParser):
    """Walks sanitized HTML; collects candidates and the text of <title>."""

    def __init__(self, *, image_captions: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.image_captions = image_captions
        self.candidates: list[Candidate] = []
        self.title_parts: list[str] = []
        self._stack: list[str] = []
        self._text = InlineText()
        self._pending: list[Candidate] = []
        self._skipping: str | None = None
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipping is not None:
            self._skip_depth += tag == self._skipping
            return
        self._media(tag, dict(attrs))
        if tag in _SKIPPED:
            self._skipping, self._skip_depth = tag, 1
        elif tag in _BLOCKS:
            self._flush()
            if tag != "hr":
                self._stack.append(tag)
        elif tag in _INLINE_MARKUP:
            self._text.open(_INLINE_MARKUP[tag], _link_attrs(attrs) if tag == "a" else ())
        elif tag == "br":
            self._text.add(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping is not None:
            self._skip_depth -= tag == self._skipping
            self._skipping = self._skipping if self._skip_depth else None
        elif tag in _BLOCKS and tag in self._stack:
            self._flush()
            while self._stack.pop() != tag:
                pass
        elif tag in _INLINE_MARKUP:
            self._text.close(_INLINE_MARKUP[tag])

    def handle_data(self, data: str) -> None:
        if self._skipping is not None:
            return
        if "title" in self._stack:
            self.title_parts.append(data)
        else:
            self._text.add(data)

    def _media(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in _EMBEDS:
            text, kind = attrs.get("title") or "", BlockKind.EMBED
        elif tag == "img" and self.image_captions:
            text, kind = attrs.get("title") or attrs.get("alt") or "", BlockKind.CAPTION
        else:
            return
        if collapse(text):
            self._pending.append(Candidate(collapse(text), kind))

    def _flush(self) -> None:
        text, markup = self._text.finish()
        self._text = InlineText()
        if text:
            kind, dropped = _context_kind(self._stack), _drop_reason(self._stack)
            self.candidates.append(Candidate(text, kind, markup, dropped))
        self.candidates.extend(self._pending)
        self._pending.clear()

    def finish(self) -> None:
        self.close()
        self._flush()


def walk(sanitized: str, *, image_captions: bool) -> _Walker:
    """Walk already sanitized HTML (see ``sanitize``)."""
    walker = _Walker(image_captions=image_captions)
    walker.feed(sanitized)
    walker.finish()
    return walker


def parse_html(text: str, *, name: str) -> ParsedArticle:
    """Blocks of an HTML article; the headline is its first h1, else its <title>."""
    walker = walk(sanitize(text), image_captions=False)
    candidates = walker.candidates
    title = plain_text("".join(walker.title_parts))
    if title and not any(c.kind is BlockKind.HEADLINE for c in candidates):
        candidates = [Candidate(title, BlockKind.HEADLINE), *candidates]
    return assemble(candidates, name=name, first_is_headline=False)
