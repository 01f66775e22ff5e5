"""Markdown -> candidates: CommonMark (markdown-it-py) rendered to HTML, then the HTML path.

Going through HTML means raw HTML inside the Markdown is sanitized exactly like an HTML
upload, and one walk serves both formats. Images become captions (their title, else
their alt text). markdown-it's own link check is turned off on purpose: it would leave
``[text](javascript:...)`` as literal text, while the sanitizer keeps the link text as
a link span and drops only the unsafe URL.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from publisher.core.ingest.assemble import assemble
from publisher.core.ingest.html import sanitize, walk
from publisher.core.ingest.model import ParsedArticle


class _AnyLink(MarkdownIt):
    def validateLink(self, url: str) -> bool:  # the sanitizer judges URLs
        return True


def to_html(text: str) -> str:
    """CommonMark rendering of ``text`` (unsanitized: pass it to ``sanitize``)."""
    rendered: str = _AnyLink("commonmark").render(text)
    return rendered


def parse_markdown(text: str, *, name: str) -> ParsedArticle:
    """Blocks of a Markdown article; the first h1 is the headline."""
    walker = walk(sanitize(to_html(text)), image_captions=True)
    return assemble(walker.candidates, name=name, first_is_headline=False)
