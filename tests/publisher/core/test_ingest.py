"""Ingest: checking and decoding input, and text/Markdown/HTML -> typed, sanitized blocks."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from publisher.core.articles import Block, BlockKind
from publisher.core.errors import InputError
from publisher.core.ingest import (
    ParsedArticle,
    SourceDocument,
    decode_source,
    parse,
    read_source,
    sanitize,
)
from publisher.core.ingest.patterns import chrome_reason
from publisher.core.segment.segmenter import normalize_markup
from publisher.services.intake import prepare

K = BlockKind
LIMIT = 1_000_000


def _parse(text: str, fmt: str = "text", name: str = "article") -> ParsedArticle:
    suffix = {"text": ".txt", "markdown": ".md", "html": ".html"}[fmt]
    return parse(decode_source(text.encode(), name=name + suffix, max_bytes=LIMIT))


def _outline(parsed: ParsedArticle, words: int = 6) -> list[tuple[BlockKind, str]]:
    return [(b.kind, " ".join(b.text.split()[:words])) for b in parsed.blocks]


def _spans(block: Block) -> list[tuple[str, int, int, str, tuple[tuple[str, str], ...]]]:
    return [(s.value, s.start, s.end, s.text, s.attrs) for s in block.markup]


# --- the reference article -------------------------------------------------------------

SAMPLE_OUTLINE = [
    (K.HEADLINE, "Tajikistan Misses Big Opportunity To Mend"),
    (K.CAPTION, "Pamir Kyrgyz traditionally live in northeastern"),
    (K.LEAD, "Relations between Kyrgyzstan and Tajikistan reached"),
    (K.PARAGRAPH, "More than 50 people were killed"),
    (K.PARAGRAPH, "Attempts at reconciliation along their common"),
    (K.PARAGRAPH, "An unexpected opportunity to improve the"),
    (K.PARAGRAPH, "Kyrgyz authorities quickly announced they would"),
    (K.PARAGRAPH, "It seemed simple enough."),
    (K.PARAGRAPH, "The Afghan Kyrgyz did not want"),
    (K.PARAGRAPH, "Kyrgyzstan said it would accept them"),
    (K.PARAGRAPH, "Kyrgyz officials had previously discussed the"),
    (K.PARAGRAPH, "On July 16, Kyrgyzstan’s Foreign Ministry"),
    (K.PARAGRAPH, "But on July 18, Tajikistan’s Khovar"),
    (K.PARAGRAPH, "That guarantee is unlikely to satisfy"),
    (K.EMBED, "As Rockets Fall Near Presidential Palace,"),
    (K.PARAGRAPH, "The Kyrgyz Foreign Ministry says its"),
    (K.PARAGRAPH, "The Tajik government has, arguably, the"),
    (K.PARAGRAPH, "The resettling of Afghan citizens in"),
    (K.PARAGRAPH, "The ongoing fighting with the Taliban"),
    (K.PARAGRAPH, "But for people in Kyrgyzstan, the"),
    (K.ASIDE, "Qishloq Ovozi is a blog by"),
    (K.ASIDE, 'The name means "Village Voice" in'),
]


@pytest.fixture(scope="module")
def sample(sample_path: Path) -> ParsedArticle:
    return parse(read_source(sample_path, max_bytes=LIMIT))


def test_sample_blocks(sample: ParsedArticle) -> None:
    """Tried: the reference article as copied from its web page -> kinds and first words."""
    assert _outline(sample) == SAMPLE_OUTLINE
    assert [b.index for b in sample.blocks] == list(range(len(SAMPLE_OUTLINE)))
    assert all(not b.segments and not b.markup for b in sample.blocks)
    assert sample.title == "Tajikistan Misses Big Opportunity To Mend Ties With Kyrgyzstan"


def test_sample_discarded(sample: ParsedArticle) -> None:
    """Tried: the same article: page chrome, player residue and repeats are left out."""
    caption = "Pamir Kyrgyz traditionally live in northeastern Afghanistan. (file photo)"
    title = "As Rockets Fall Near Presidential Palace, Fears Rise Among Afghans"
    assert [d.text for d in sample.discarded] == [
        "Accessibility links",
        "Breaking News",
        caption,
        title,
        "please wait",
        "No media source currently available",
        "0:00 0:01:55 0:00",
        "About This Blog",
        "Blog Archive",
    ]
    reasons = {d.text: d.reason for d in sample.discarded}
    assert reasons["Breaking News"] == "page chrome"
    assert reasons["0:00 0:01:55 0:00"] == "media player residue"
    assert "twice" in reasons[caption]
    assert "repeated" in reasons[title]


def test_sample_embed_caption_and_asides(sample: ParsedArticle) -> None:
    """Tried: the same article: the WATCH line, the doubled caption, the blog box."""
    by_kind = {kind: [b.text for b in sample.blocks if b.kind is kind] for kind in BlockKind}
    assert by_kind[K.EMBED] == [
        "As Rockets Fall Near Presidential Palace, Fears Rise Among Afghans"
    ]
    assert by_kind[K.CAPTION] == [
        "Pamir Kyrgyz traditionally live in northeastern Afghanistan. (file photo)"
    ]
    assert by_kind[K.ASIDE] == [
        "Qishloq Ovozi is a blog by RFE/RL Central Asia specialist Bruce Pannier that aims to "
        "look at the events that are shaping Central Asia and its respective countries, connect "
        "the dots to shed light on why those processes are occurring, and identify the agents "
        "of change.",
        'The name means "Village Voice" in Uzbek. But don\'t be fooled, Qishloq Ovozi is about '
        "all of Central Asia.",
    ]


# --- plain text --------------------------------------------------------------------------


def test_text_lists_wrapped_lines_and_markdown_are_plain() -> None:
    """Tried: list markers, a hard-wrapped paragraph, and Markdown syntax in a .txt file."""
    parsed = _parse(
        "# Not a heading\n\nFirst paragraph runs\nover two lines.\n\n"
        "- apples\n* pears and\n  more pears\n1. plums\n\nSee [this](http://x.org) **now**."
    )
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        (K.HEADLINE, "# Not a heading"),
        (K.LEAD, "First paragraph runs over two lines."),
        (K.LIST_ITEM, "apples"),
        (K.LIST_ITEM, "pears and more pears"),
        (K.LIST_ITEM, "plums"),
        (K.PARAGRAPH, "See [this](http://x.org) **now**."),
    ]
    assert all(not b.markup for b in parsed.blocks)


def test_text_caption_by_credit_and_video_label() -> None:
    """Tried: a credited caption after the headline, a VIDEO label and the player's echo."""
    parsed = _parse(
        "Headline here\n\nPresident Sadyr Japarov in Bishkek (AFP)\n\nThe lead.\n\n"
        "Video: Floods In Osh\n\nFloods in Osh\n\nEmbed\n\nShare\n\nThe end."
    )
    assert _outline(parsed, 9) == [
        (K.HEADLINE, "Headline here"),
        (K.CAPTION, "President Sadyr Japarov in Bishkek (AFP)"),
        (K.LEAD, "The lead."),
        (K.EMBED, "Floods In Osh"),
        (K.PARAGRAPH, "The end."),
    ]
    assert [d.text for d in parsed.discarded] == ["Floods in Osh", "Embed", "Share"]


def test_text_after_the_box_closing_chrome_is_left_out() -> None:
    """Tried: sidebar lines after the "Blog Archive" that closes the about box."""
    parsed = _parse(
        "Title\n\nBody.\n\nAbout the author\n\nShe writes.\n\n"
        "Blog Archive\n\nJuly 2021\n\nJune 2021"
    )
    assert _outline(parsed) == [(K.HEADLINE, "Title"), (K.LEAD, "Body."), (K.ASIDE, "She writes.")]
    assert [d.reason for d in parsed.discarded][-2:] == [
        "follows the page chrome that closes the article"
    ] * 2


@pytest.mark.parametrize(
    "line",
    [
        "Accessibility links",
        "Skip to main content",
        "Breaking News",
        "Blog Archive",
        "Share",
        "Print",
        "Comments",
        "12 comments",
        "Related",
        "Related Stories",
        "please wait",
        "No media source currently available",
        "0:00 0:01:55 0:00",
        "1:05",
        "Embed",
        "share",
        "The code has been copied to your clipboard.",
        "The URL has been copied to your clipboard",
        "Direct link",
        "  SHARE  ",
    ],
)
def test_chrome_lines(line: str) -> None:
    """Tried: each kind of page chrome and player residue as a whole line."""
    assert chrome_reason(line) is not None


@pytest.mark.parametrize(
    "line",
    ["Share prices fell.", "Print media is shrinking", "Related to this, he said no.", "0:00 am"],
)
def test_sentences_mentioning_chrome_words_are_kept(line: str) -> None:
    """Tried: article sentences that contain chrome words but are not chrome."""
    assert chrome_reason(line) is None


@pytest.mark.parametrize(
    ("source", "fmt"),
    [
        ("Accessibility links\n\nBreaking News\n\nShare", "text"),
        ("<script>alert(1)</script><nav>Home</nav><p> </p>", "html"),
        ("```\ncode only\n```", "markdown"),
    ],
)
def test_nothing_translatable_is_refused(source: str, fmt: str) -> None:
    """Tried: only page chrome; only a script and navigation; only a code block."""
    with pytest.raises(InputError, match="nothing to translate"):
        _parse(source, fmt)


# --- Markdown ----------------------------------------------------------------------------

MARKDOWN = """# Border *Talks* Resume

Officials [met in Batken](https://example.org/batken "map") on **Monday**. They used `GIS` maps.

![Herders near the border](herd.jpg)

## What happened

- a [bad link](javascript:alert(1)) and [data](data:text/html,hi)
- plain item

> Quoted paragraph.

<div onclick="steal()">raw <em>html</em><script>alert(2)</script></div>

```
code stays out
```
"""


def test_markdown_blocks() -> None:
    """Tried: headings, lead, image, list, quote, raw HTML and a fence in Markdown."""
    parsed = _parse(MARKDOWN, "markdown")
    assert parsed.title == "Border Talks Resume"
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        (K.HEADLINE, "Border Talks Resume"),
        (K.LEAD, "Officials met in Batken on Monday. They used GIS maps."),
        (K.CAPTION, "Herders near the border"),
        (K.HEADING, "What happened"),
        (K.LIST_ITEM, "a bad link and data"),
        (K.LIST_ITEM, "plain item"),
        (K.PARAGRAPH, "Quoted paragraph."),
        (K.PARAGRAPH, "raw html"),
    ]
    assert [(d.text, d.reason.split()[0]) for d in parsed.discarded] == [("code stays out", "code")]


def test_markdown_markup_spans() -> None:
    """Tried: link, strong, code and emphasis offsets in the plain block text."""
    parsed = _parse(MARKDOWN, "markdown")
    headline, lead = parsed.blocks[0], parsed.blocks[1]
    assert _spans(headline) == [("em", 7, 12, "Talks", ())]
    assert _spans(lead) == [
        ("a", 10, 23, "met in Batken", (("href", "https://example.org/batken"),)),
        ("strong", 27, 33, "Monday", ()),
        ("code", 45, 48, "GIS", ()),
    ]
    assert [lead.text[a:b] for a, b in ((10, 23), (27, 33), (45, 48))] == [
        "met in Batken",
        "Monday",
        "GIS",
    ]


def test_markdown_unsafe_links_keep_text_lose_url() -> None:
    """Tried: javascript: and data: link targets in Markdown."""
    item = _parse(MARKDOWN, "markdown").blocks[4]
    assert _spans(item) == [("a", 2, 10, "bad link", ()), ("a", 15, 19, "data", ())]


def test_markdown_without_h1_takes_title_from_first_block() -> None:
    """Tried: Markdown that starts with a paragraph."""
    parsed = _parse("Just a paragraph here.\n\n## Then a heading", "markdown")
    assert parsed.title == "Just a paragraph here."
    assert _outline(parsed) == [(K.LEAD, "Just a paragraph here."), (K.HEADING, "Then a heading")]


# --- HTML --------------------------------------------------------------------------------

ARTICLE_HTML = """<!doctype html>
<html><head><title>Ignored when there is an h1</title></head><body>
<nav><a href="/">Home</a></nav>
<article>
  <h1>Floods   in <b>Osh</b></h1>
  <figure><img src="a.jpg" alt="alt text">
    <figcaption>Rescuers in Osh (file photo)</figcaption></figure>
  <p>Rain <em>fell</em>
     for <a href="https://example.org/rain?a=1&amp;b=2" title="t">three days</a>.</p>
  <p>Caf&eacute; owners &amp; residents left &#8212; &lt;quickly&gt;.</p>
  <iframe src="https://player.example/1" title="Floods In Osh"></iframe>
  <h2>Aid</h2>
  <ul><li>Tents</li><li>Water <i>and</i> food</li></ul>
  <blockquote><p>We lost everything.</p></blockquote>
  <p>Share</p>
  <aside><p>About the region.</p></aside>
</article></body></html>"""


def test_html_blocks() -> None:
    """Tried: a whole page: nav, h1, figure, paragraphs, iframe, list, quote, aside."""
    parsed = _parse(ARTICLE_HTML, "html")
    assert parsed.title == "Floods in Osh"
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        (K.HEADLINE, "Floods in Osh"),
        (K.CAPTION, "Rescuers in Osh (file photo)"),
        (K.LEAD, "Rain fell for three days."),
        (K.PARAGRAPH, "Café owners & residents left — <quickly>."),
        (K.EMBED, "Floods In Osh"),
        (K.HEADING, "Aid"),
        (K.LIST_ITEM, "Tents"),
        (K.LIST_ITEM, "Water and food"),
        (K.PARAGRAPH, "We lost everything."),
        (K.ASIDE, "About the region."),
    ]
    assert [(d.text, d.reason) for d in parsed.discarded] == [
        ("Home", "site navigation"),
        ("Share", "page chrome"),
    ]


def test_html_markup_spans() -> None:
    """Tried: b/em/a/i inside blocks with collapsed whitespace; offsets into the text."""
    blocks = _parse(ARTICLE_HTML, "html").blocks
    assert _spans(blocks[0]) == [("strong", 10, 13, "Osh", ())]
    assert _spans(blocks[2]) == [
        ("em", 5, 9, "fell", ()),
        ("a", 14, 24, "three days", (("href", "https://example.org/rain?a=1&b=2"),)),
    ]
    assert _spans(blocks[7]) == [("em", 6, 9, "and", ())]


def test_html_repeats() -> None:
    """Tried: a WATCH paragraph before its titled iframe, a doubled figcaption, equal items."""
    parsed = _parse(
        "<h1>T</h1><p>Lead.</p><p>WATCH: <em>Clip</em> One</p><iframe title='Clip One'></iframe>"
        "<figure><figcaption>Herders (photo)</figcaption></figure><p>Herders (photo)</p>"
        "<ul><li>Yes</li><li>Yes</li></ul>",
        "html",
    )
    assert _outline(parsed) == [
        (K.HEADLINE, "T"),
        (K.LEAD, "Lead."),
        (K.EMBED, "Clip One"),
        (K.CAPTION, "Herders (photo)"),
        (K.LIST_ITEM, "Yes"),
        (K.LIST_ITEM, "Yes"),
    ]
    assert _spans(parsed.blocks[2]) == [("em", 0, 4, "Clip", ())]
    assert [d.reason for d in parsed.discarded] == [
        "embed title repeated by the player",
        "repeats the block before it",
    ]


def test_html_title_element_when_there_is_no_h1() -> None:
    """Tried: a page with a <title> (holding a script) and no h1."""
    parsed = _parse(
        "<html><head><title>Talks &amp; Trade<script>alert(1)</script></title></head>"
        "<body><p>Body text.</p></body></html>",
        "html",
    )
    assert parsed.title == "Talks & Trade"
    assert _outline(parsed) == [(K.HEADLINE, "Talks & Trade"), (K.LEAD, "Body text.")]


HOSTILE = """<h1 onmouseover="alert('h1')">Safe title</h1>
<script>alert('script')</script><style>body { background: url(javascript:alert('css')) }</style>
<p onclick="alert('click')">Click <a href="javascript:alert('href')">here</a> or
<a href=" JaVaScRiPt:alert('mixed')">there</a> or <a href="java&#x09;script:alert('tab')">x</a>
<img src=x onerror="alert('img')"> <b onmouseover=alert('b')>bold</b></p>
<iframe src="javascript:alert('iframe')" title="Clip" onload="alert('load')">
<script>alert('inner')</script><img src=x onerror=alert('inner-img')></iframe>
<svg><script>alert('svg')</script></svg><math><mi>alert('math')</mi></math>
<p>Unclosed <em>emphasis <strong>nested</em> wrong</strong> order
<div><p>Deep <a href="data:text/html;base64,PHNjcmlwdD4=">data link</a></div></p>
<object data="x.swf"><param name="a" value="alert('object')"></object>
<embed src="javascript:alert('embed')" title="Flash" onload="alert('embed-load')">
<template><p>alert('template')</p></template><noscript>alert('noscript')</noscript>
<!-- alert('comment') -->"""

DANGEROUS = (
    "javascript",
    "onerror",
    "onclick",
    "onload",
    "onmouseover",
    "data:",
    "<script",
    "src=",
)


def test_hostile_html_is_sanitized() -> None:
    """Tried: scripts, styles, handlers, javascript:/data: URLs, iframe content, bad nesting."""
    sanitized = sanitize(HOSTILE)
    for needle in (*DANGEROUS, "alert('script')", "alert('inner')", "alert('svg')", "background"):
        assert needle not in sanitized.lower()
    parsed = _parse(HOSTILE, "html")
    everything = " ".join(
        [parsed.title]
        + [b.text for b in parsed.blocks]
        + [f"{s.value} {s.attrs}" for b in parsed.blocks for s in b.markup]
    ).lower()
    for needle in (
        *DANGEROUS,
        "'click'",
        "'href'",
        "'svg'",
        "'math'",
        "'inner",
        "'template'",
        "'noscript'",
        "'comment'",
        "'css'",
        "'object'",
        "'embed",
    ):
        assert needle not in everything
    assert all(s.attrs == () for b in parsed.blocks for s in b.markup)


def test_hostile_html_keeps_the_harmless_text() -> None:
    """Tried: the same hostile page: what is left is its plain text, in order."""
    parsed = _parse(HOSTILE, "html")
    assert _outline(parsed, 12) == [
        (K.HEADLINE, "Safe title"),
        (K.LEAD, "Click here or there or x bold"),
        (K.EMBED, "Clip"),
        (K.PARAGRAPH, "Unclosed emphasis nested wrong order"),
        (K.PARAGRAPH, "Deep data link"),
        (K.EMBED, "Flash"),
    ]


def test_escaped_markup_is_literal_text() -> None:
    """Tried: entities spelling a script tag, and &amp;lt; double escaping.

    They decode to plain text (no tag, no span): the edition escapes block text again
    when it renders the page, so this text is shown, never run.
    """
    parsed = _parse(
        "<h1>T</h1><p>&lt;script&gt;alert(1)&lt;/script&gt; and &amp;lt;b&amp;gt; &#x41;</p>",
        "html",
    )
    lead = parsed.blocks[1]
    assert lead.text == "<script>alert(1)</script> and &lt;b&gt; A"
    assert lead.markup == ()


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_markup_is_normalized_and_matches_text(fmt: str) -> None:
    """Tried: every fixture: span text equals the block text it covers; already normalized."""
    source = {"text": "T\n\nBody.", "markdown": MARKDOWN, "html": ARTICLE_HTML + HOSTILE}[fmt]
    for block in _parse(source, fmt).blocks:
        assert block.text == block.text.strip() and "  " not in block.text
        assert normalize_markup(block.text, block.markup) == block.markup
        assert all(block.text[s.start : s.end] == s.text for s in block.markup)


# --- reading and decoding ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "text"),
        ("a.TEXT", "text"),
        ("a.md", "markdown"),
        ("a.markdown", "markdown"),
        ("a.html", "html"),
        ("a.htm", "html"),
    ],
)
def test_format_from_suffix(name: str, fmt: str) -> None:
    """Tried: each known suffix."""
    assert decode_source(b"<p>x</p>", name=name, max_bytes=LIMIT).fmt == fmt


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"<!DOCTYPE html><p>x</p>", "html"),
        (b"# Title\n\nText", "markdown"),
        (b"See [x](http://x.org).", "markdown"),
        (b"Just words.\n\nMore.", "text"),
    ],
)
def test_format_sniffed_without_suffix(data: bytes, fmt: str) -> None:
    """Tried: uploads whose name has no known suffix."""
    assert decode_source(data, name="upload", max_bytes=LIMIT).fmt == fmt


def test_bom_and_newlines() -> None:
    """Tried: a UTF-8 BOM, CRLF and CR line ends, a stray control character."""
    data = b"\xef\xbb\xbfTitle\r\n\r\nBody\x07 one.\rTwo."
    doc = decode_source(data, name="a.txt", max_bytes=LIMIT)
    assert doc.text == "Title\n\nBody  one.\nTwo."
    assert _outline(parse(doc)) == [(K.HEADLINE, "Title"), (K.LEAD, "Body one. Two.")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"  \n\t\r\n ", r"empty \(whitespace only\)"),
        (b"caf\xe9 au lait", r"not UTF-8 \(byte 0xe9 at offset 3\)"),
        (b"\xef\xbb\xbfok \xff", r"byte 0xff at offset 6"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"binary file \(a PNG image\)"),
        (b"%PDF-1.7\n", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"text\x00more", r"binary file \(NUL byte at offset 4\)"),
        (b"\xff\xfeT\x00i\x00", "UTF-16"),
        (b"abc" + b"\x01\x02\x03\x04" * 5, r"binary file \(20 control characters\)"),
    ],
)
def test_bad_bytes_are_refused(data: bytes, message: str) -> None:
    """Tried: empty, blank, not UTF-8, images/documents, NUL bytes, UTF-16, control noise."""
    with pytest.raises(InputError, match=message) as caught:
        decode_source(data, name="upload.txt", max_bytes=LIMIT)
    assert str(caught.value).startswith("upload.txt: ")
    assert "\n" not in str(caught.value)


def test_document_suffix_is_refused() -> None:
    """Tried: a .docx name even though the bytes happen to be text."""
    with pytest.raises(InputError, match=r"\.docx files cannot be read; save the article"):
        decode_source(b"hello", name="story.docx", max_bytes=LIMIT)


def test_upload_over_the_limit() -> None:
    """Tried: 11 bytes against a 10-byte limit."""
    with pytest.raises(InputError, match=r"too large \(11 bytes, limit 10\)"):
        decode_source(b"hello world", name="a.txt", max_bytes=10)


def test_read_source(tmp_path: Path) -> None:
    """Tried: a good file on disk."""
    path = tmp_path / "story.md"
    path.write_bytes(b"# T\n\nBody.")
    expected = SourceDocument("# T\n\nBody.", "markdown", "story.md")
    assert read_source(path, max_bytes=LIMIT) == expected


def test_read_source_refusals(tmp_path: Path) -> None:
    """Tried: a missing file, a directory, a file over the limit, an empty file."""
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "missing.txt", max_bytes=LIMIT)
    with pytest.raises(InputError, match="is a directory"):
        read_source(tmp_path, max_bytes=LIMIT)
    big = tmp_path / "big.txt"
    big.write_text("x" * 100)
    with pytest.raises(InputError, match=r"too large \(100 bytes, limit 99\)"):
        read_source(big, max_bytes=99)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_source(empty, max_bytes=LIMIT)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_read_source_refuses_a_pipe(tmp_path: Path) -> None:
    """Tried: a named pipe (would block if read): refused before reading."""
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="not a regular file"):
        read_source(pipe, max_bytes=LIMIT)


# --- issue 14, point 7: headlines, datelines and bylines stand alone ------------------

_NEWS = """Tajikistan Sends Afghan Kyrgyz Back
By Bruce Pannier
DUSHANBE, July 21 (RFE/RL) -- Tajik authorities said on Wednesday that 345 ethnic
Kyrgyz who fled Afghanistan had been returned to Badakhshan. Officials in Bishkek
said they were not told.

Relations between Kyrgyzstan and Tajikistan reached an all-time low at the end
of April when the armed forces of the two countries battled over border issues.
"""


def test_headline_byline_and_dateline_lines_are_blocks_of_their_own() -> None:
    parsed = _parse(_NEWS)
    assert [(b.kind, b.text) for b in parsed.blocks[:3]] == [
        (K.HEADLINE, "Tajikistan Sends Afghan Kyrgyz Back"),
        (K.BYLINE, "By Bruce Pannier"),
        (K.DATELINE, "DUSHANBE, July 21 (RFE/RL) --"),
    ]
    # The rest of the dateline's line starts the lead; its hard-wrapped lines stay joined.
    assert parsed.blocks[3].kind is K.LEAD
    assert parsed.blocks[3].text.startswith("Tajik authorities said on Wednesday that 345")
    assert parsed.blocks[3].text.endswith("Officials in Bishkek said they were not told.")
    assert parsed.blocks[4].text.startswith("Relations between") and len(parsed.blocks) == 5
    assert parsed.title == "Tajikistan Sends Afghan Kyrgyz Back"


@pytest.mark.parametrize(
    "line",
    ["DUSHANBE, July 21 (RFE/RL) —", "BISHKEK, Kyrgyzstan (AP) –", "LONDON, Sept. 3, 2021 —"],
)
def test_dateline_on_a_line_of_its_own(line: str) -> None:
    parsed = _parse(f"Headline Here\n\n{line}\n\nThe story starts here.")
    assert [(b.kind, b.text) for b in parsed.blocks[1:]] == [
        (K.DATELINE, line),
        (K.LEAD, "The story starts here."),
    ]


def test_hard_wrapped_paragraph_stays_whole() -> None:
    text = (
        "Kyrgyz officials had previously discussed the Afghan Kyrgyz with Tajik\n"
        "officials on the sidelines of international conferences held in\n"
        "Tashkent and Dushanbe from July 14-16, and By then the talks had moved on.\n"
    )
    parsed = _parse("Headline\n\n" + text)
    assert [b.text for b in parsed.blocks[1:]] == [" ".join(text.split())]


def test_short_unpunctuated_line_before_a_sentence_stands_alone() -> None:
    parsed = _parse(
        "Border talks resume\nThe two sides met in Osh on Monday to discuss the "
        "border, the water and the roads that cross it.\nThey agreed to meet again."
    )
    assert [b.kind for b in parsed.blocks] == [K.HEADLINE, K.LEAD]
    assert parsed.blocks[1].text.endswith("They agreed to meet again.")


def test_separator_and_inline_list_lines() -> None:
    parsed = _parse("Headline\n\n1. Close the border. 2. Open talks.\n\n* * *\n\n- a real item")
    assert [(b.kind, b.text) for b in parsed.blocks[1:]] == [
        (K.LEAD, "1. Close the border. 2. Open talks."),
        (K.PARAGRAPH, "* * *"),
        (K.LIST_ITEM, "a real item"),
    ]


@pytest.mark.parametrize("line", ["By the way, nobody came.", "By Monday, the talks ended."])
def test_sentences_starting_with_by_are_not_bylines(line: str) -> None:
    assert [b.kind for b in _parse(f"Headline\n\n{line}").blocks] == [K.HEADLINE, K.LEAD]


@pytest.mark.parametrize(
    ("name", "source"),
    [
        (
            "a.txt",
            "Breaking News\n\nReal Title\n\nThe story.\n\nBREAKING NEWS\n\n"
            "Accessibility links\n\nBlog Archive",
        ),
        (
            "a.md",
            "# Breaking News\n\n# Real Title\n\nThe story.\n\n## Blog Archive\n\n**Breaking News**",
        ),
        (
            "a.html",
            "<p>Breaking News</p><h1>Real Title</h1><p>The story.</p>"
            "<h2>Blog Archive</h2><div>Accessibility links</div>",
        ),
    ],
)
def test_site_chrome_lines_are_never_content_whatever_the_format(name: str, source: str) -> None:
    """A lone "Breaking News" line is never the headline, a kicker or a paragraph."""
    document = decode_source(source.encode(), name=name, max_bytes=100_000)
    article = prepare(document, source_locale="en", published=dt.date(2021, 7, 21)).article
    assert [(b.kind, b.text) for b in article.blocks] == [
        (BlockKind.HEADLINE, "Real Title"),
        (BlockKind.LEAD, "The story."),
    ]
    assert article.title == "Real Title" and article.kicker is None
