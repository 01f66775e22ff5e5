"""Recognizers for what web pages carry along with an article.

Text copied from a news page brings navigation crumbs, a media player's leftovers and
boxes around the article. Each table below is a list of ``(pattern, reason)`` rows; a
line is page chrome only when the *whole* line matches (case-insensitive), so a real
sentence that merely mentions "share" or "print" is never dropped. Add a row to teach
ingest a new kind of residue.
"""

from __future__ import annotations

import re

PAGE_CHROME = "page chrome"
PLAYER_RESIDUE = "media player residue"
BOX_HEADING = "box heading (the edition prints its own)"
DUPLICATE_CAPTION = "caption printed twice (image text and caption)"
DUPLICATE_BLOCK = "repeats the block before it"
REPEATED_EMBED_TITLE = "embed title repeated by the player"
AFTER_ARTICLE = "follows the page chrome that closes the article"
CODE_BLOCK = "code block (kept as written, not translated)"
NAVIGATION = "site navigation"

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"

_CHROME_ROWS: tuple[tuple[str, str], ...] = (
    (r"accessibility links", PAGE_CHROME),
    (r"skip to (?:the )?(?:main )?(?:content|navigation|search)", PAGE_CHROME),
    (r"breaking news", PAGE_CHROME),
    (r"blog archive", PAGE_CHROME),
    (r"share(?: (?:this|this (?:article|story|page)|on \w+))?", PAGE_CHROME),
    (r"print(?: this)?(?: (?:article|story|page))?", PAGE_CHROME),
    (r"(?:\d+ )?comments?(?: \(\d+\))?", PAGE_CHROME),
    (r"related(?: (?:articles?|stories|content|topics|links|video))?", PAGE_CHROME),
    (r"see also|see comments|read more|more (?:stories|news)", PAGE_CHROME),
    (r"advertisement|sponsored", PAGE_CHROME),
    (r"(?:main )?menu|search|home|back to top|follow us|subscribe", PAGE_CHROME),
    (r"(?:log|sign) ?in|(?:log|sign) ?out|newsletter", PAGE_CHROME),
    (r"please wait|loading(?:\.\.\.|…)?", PLAYER_RESIDUE),
    (r"no media source currently available", PLAYER_RESIDUE),
    (rf"{_TIME}(?: {_TIME})*", PLAYER_RESIDUE),
    (r"embed|direct link|download|copy|play|pause|replay", PLAYER_RESIDUE),
    (r"the (?:code|url|link) has been copied to your clipboard\.?", PLAYER_RESIDUE),
    (r"\d{3,4}p(?: \| [\d.,]+ ?[km]b)?", PLAYER_RESIDUE),
)

_CHROME = tuple((re.compile(pattern, re.IGNORECASE), reason) for pattern, reason in _CHROME_ROWS)

_BOX_HEADING = re.compile(
    r"about (?:this|the) (?:blog|author|series|column|podcast|newsletter)", re.IGNORECASE
)

#: "WATCH: <title>" and the like, the label a page prints above a video or audio player.
_EMBED_LABEL = re.compile(r"(?:watch|video|listen|audio)\s*:\s*(?P<title>\S.*)", re.IGNORECASE)

_CREDIT = re.compile(
    r".*\S\s*\((?:"
    r"(?:(?:file|illustrative|archive|archival)\s+)?(?:photo|image|picture|video|screenshot)s?"
    r"(?:\s*[:/,][^()]*)?"
    r"|(?:AFP|AP|Reuters|EPA(?:-EFE)?|Getty Images|TASS|Sputnik|RFE/RL|Xinhua|Anadolu)"
    r"(?:\s*/\s*[^()]*)?"
    r")\)",
    re.IGNORECASE,
)

#: "* * *", "***", "# # #", "---": a break between parts of an article.
_SEPARATOR = re.compile(r"([*#~=\-])(?: ?\1){2,}")
_FINAL_PUNCTUATION = re.compile(r"[.!?…:;,\-–—]['\"’”»)\]]*$")
_STARTS_LIKE_SENTENCE = re.compile(r"['\"‘“«(\[]?[A-Z0-9]")
_SMALL_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "up",
        "with",
        "vs",
        "is",
        "are",
    }
)
#: A line under this share of its paragraph's longest line did not run to a wrap width.
SHORT_LINE_SHARE = 0.6

#: A caption is a short line; a whole paragraph ending in "(AFP)" is not one.
CAPTION_MAX_CHARS = 250


def _folded(line: str) -> str:
    return " ".join(line.split()).rstrip(":")


def chrome_reason(line: str) -> str | None:
    """Why ``line`` is page chrome or player residue, or None if it is article text."""
    folded = _folded(line)
    for pattern, reason in _CHROME:
        if pattern.fullmatch(folded):
            return reason
    return None


def is_box_heading(line: str) -> bool:
    """Whether ``line`` is the heading of a box beside the article ("About This Blog")."""
    return _BOX_HEADING.fullmatch(_folded(line)) is not None


def embed_title_start(line: str) -> int | None:
    """Where the title starts in a "WATCH: <title>" line, or None if it is not one."""
    found = _EMBED_LABEL.fullmatch(line)
    return found.start("title") if found else None


def looks_like_caption(line: str) -> bool:
    """A short line ending with a photo credit: "... (file photo)", "... (AFP)"."""
    return len(line) <= CAPTION_MAX_CHARS and _CREDIT.fullmatch(line) is not None


def same_text(first: str, second: str) -> bool:
    """Equal up to case and whitespace (how a page repeats a caption or a title)."""
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def is_separator(line: str) -> bool:
    """ "* * *" and the like: a line that only separates two parts of an article."""
    return _SEPARATOR.fullmatch(line.strip()) is not None


def _title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if w.lower() not in _SMALL_WORDS]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def stands_alone(line: str, following: str | None, width: int) -> bool:
    """Whether a line of a paragraph is a headline of its own rather than a hard-wrapped
    line: no final punctuation, a sentence-like start after it, and title case or
    clearly shorter than the paragraph's longest line (``width``)."""
    if following is None or _FINAL_PUNCTUATION.search(line):
        return False
    if not _STARTS_LIKE_SENTENCE.match(following):
        return False
    return _title_case(line) or len(line) < SHORT_LINE_SHARE * width
