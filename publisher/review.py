"""Translators' review: the queue per language, the review screen's rows, and saving or
approving a segment with a version check. Approving re-assembles the edition."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from publisher import memory
from publisher.articles import ProtectedSpan, Segment, SpanKind
from publisher.config import Settings
from publisher.db import repository as repo
from publisher.db.enums import Status
from publisher.db.session import Database
from publisher.editions import assemble_and_store
from publisher.errors import InputError, NotFoundError, TarjimaError
from publisher.glossary import Highlighter
from publisher.l10n import formatter_for
from publisher.protect import PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, mask, placeholder
from publisher.qa import check_translation

MAX_SEGMENT_CHARS = 20_000


class StaleVersionError(TarjimaError):
    """The segment changed since the translator loaded it."""

    def __init__(self, current: int) -> None:
        super().__init__(
            "someone else saved this segment while you were editing it; your text was not "
            "saved. Reload to see their version, then apply your change again"
        )
        self.current = current


@dataclass(frozen=True)
class Placeholder:
    """What ``⟦N⟧`` stands for: the source text and how it reads in the locale."""

    token: str
    source: str
    rendered: str
    markup: bool


@dataclass(frozen=True)
class ReviewItem:
    row: repo.ReviewRow
    masked_source: str
    placeholders: tuple[Placeholder, ...]
    #: Translation memory entries 75% or more similar to the source, best first.
    suggestions: tuple[memory.FuzzyMatch, ...] = ()
    #: ``masked_source`` HTML-escaped, with the glossary's terms in ``<mark class="term">``.
    highlighted: Markup = field(default_factory=Markup)

    @property
    def segment_id(self) -> int:
        return self.row.segment_id


def _placeholders(spans: tuple[ProtectedSpan, ...], locale: str) -> tuple[Placeholder, ...]:
    fmt = formatter_for(locale)
    items = []
    for number, span in enumerate(spans, start=1):
        is_markup = span.kind == SpanKind.MARKUP
        token = (
            f"{placeholder(number)}…{placeholder(number, end=True)}" if is_markup
            else placeholder(number)
        )
        rendered = span.text if is_markup else fmt.render(span)
        items.append(Placeholder(token, span.text, rendered, is_markup))
    return tuple(items)


def _segment(row: repo.ReviewRow) -> Segment:
    spans = tuple(ProtectedSpan.from_json(dict(s)) for s in row.spans)
    return Segment(row.block_index, row.position, row.source, spans)


def check_locale_target(database: Database, article_id: int, locale: str) -> None:
    with database.session() as session:
        repo.require_target(session, article_id=article_id, locale=locale)


def review_items(
    database: Database, *, article_id: int, locale: str, suggestions: bool = True
) -> list[ReviewItem]:
    """The review screen of one article in one locale, in document order; with
    ``suggestions``, translation memory matches for each segment not yet approved."""
    check_locale_target(database, article_id, locale)
    with database.session() as session:
        rows = repo.review_rows(session, article_id=article_id, locale=locale)
        source_locale = repo.get_source_locale(session, article_id=article_id)
        terms = repo.glossary(session, source_locale=source_locale, target_locale=locale)
    mark_terms = Highlighter(terms)
    segments = [_segment(row) for row in rows]
    open_positions = [i for i, row in enumerate(rows) if row.status is not Status.APPROVED]
    fuzzy = memory.fuzzy_matches(
        database, [segments[i] for i in open_positions], source_locale=source_locale,
        target_locale=locale,
    ) if suggestions else {}
    offered = {open_positions[i]: tuple(found) for i, found in fuzzy.items()}
    items = []
    for index, (row, segment) in enumerate(zip(rows, segments, strict=True)):
        masked = mask(row.source, segment.spans)
        items.append(ReviewItem(
            row, masked, _placeholders(segment.spans, locale),
            offered.get(index, ()), highlighted=mark_terms(masked),
        ))
    return items


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_SEGMENT_CHARS:
        raise InputError(f"the translation is too long (over {MAX_SEGMENT_CHARS} characters)")
    if "\x00" in text:
        raise InputError("the translation contains a NUL character")
    return text


def save_segment(
    database: Database, settings: Settings, *, article_id: int, locale: str, segment_id: int,
    text: str, approve: bool, version: int, username: str,
) -> int:
    """Store a translator's text (approved, or needing review); refuse a stale version.

    Approving re-assembles the edition so the editor's preview shows it at once.
    """
    check_locale_target(database, article_id, locale)
    text = _clean(text)
    if not text:
        raise InputError("the translation is empty: type it, or leave the segment as it is")
    with database.session() as session:
        found = repo.load_segments(session, segment_ids=[segment_id])
        if not found or found[0].article_id != article_id:
            raise NotFoundError(f"article {article_id} has no segment {segment_id}")
        segment = found[0].segment
        if text.count(PLACEHOLDER_OPEN) != text.count(PLACEHOLDER_CLOSE):
            raise InputError(
                f"unbalanced placeholder brackets {PLACEHOLDER_OPEN} {PLACEHOLDER_CLOSE}: "
                "keep each placeholder whole, for example ⟦1⟧"
            )
        summary = repo.article_summary(session, article_id=article_id)
        source_locale = repo.get_source_locale(session, article_id=article_id)
        terms = repo.glossary(session, source_locale=source_locale, target_locale=locale)
        warnings = [w.to_json() for w in check_translation(segment, text, locale=locale,
                                                           glossary=terms)]
        written = repo.save_human_translation(
            session, segment_id=segment_id, locale=locale, text=text, approve=approve,
            expected_version=version, warnings=warnings, editor=username,
        )
        if written is None:
            current = repo.translations_for(session, article_id=article_id, locale=locale)
            row = current.get(segment_id)
            raise StaleVersionError(0 if row is None else row.version)
        if approve:  # every approved translation is kept in the memory
            memory.remember_segment(
                session, segment=segment, source_locale=source_locale, target_locale=locale,
                target_text=text, article_id=article_id, article_slug=summary.slug,
                origin="human", approved=True, changed_by=username,
            )
    if approve:
        assemble_and_store(database, settings, article_id=article_id, locale=locale)
    return written


def queue(database: Database, *, locale: str, warning: str | None = None
          ) -> list[repo.QueueItem]:
    """The locale's queue; with ``warning``, only articles with an open QA warning of
    that code (see publisher.qa.CODES)."""
    with database.session() as session:
        items = repo.review_queue(session, locale=locale)
        if warning is None:
            return items
        codes = repo.open_warning_codes(session, locale=locale)
    return [item for item in items if warning in codes.get(item.article_id, set())]


