"""Translators' review: the queue per language, the review screen's rows, and saving or
approving a segment with a version check. Approving re-assembles the edition."""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy.orm import Session

from publisher.core.articles import ProtectedSpan, Segment, SpanKind
from publisher.core.config import Settings
from publisher.core.enums import Status
from publisher.core.errors import InputError, NotFoundError, TarjimaError
from publisher.core.glossary import Highlighter
from publisher.core.localize.l10n import formatter_for
from publisher.core.messages import N_, Joined, Number
from publisher.core.protect import PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, mask, placeholder
from publisher.core.qa import QAWarning, Severity, check_translation
from publisher.core.textdiff import Diff, word_diff
from publisher.core.translation_text import MAX_SEGMENT_CHARS, clean_translation
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services import memory
from publisher.services.editions import assemble_and_store

#: The review screen's filters, each counted: not approved; with a text awaiting approval;
#: approved; with QA errors; with QA warnings; replaced by a correction of the English.
FILTERS = ("open", "review", "approved", "errors", "warnings", "changed")
logger = logging.getLogger(__name__)


class StaleVersionError(TarjimaError):
    """The segment changed since the translator loaded it."""

    def __init__(self, current: int) -> None:
        super().__init__(
            N_(
                "someone else saved this segment while you were editing it; your text was not "
                "saved. Their text is shown beside yours: apply your change to theirs"
            )
        )
        self.current = current


class ConfirmationNeededError(TarjimaError):
    """Approving a text with QA errors needs the translator's explicit confirmation."""

    def __init__(self, errors: Sequence[QAWarning]) -> None:
        super().__init__(
            N_(
                "the translation has QA errors (%(errors)s). Fix them, or approve it anyway: "
                "your confirmation is recorded with your name"
            ),
            errors=Joined([e.words() for e in errors]),
        )
        self.errors = tuple(errors)


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
    locale: str
    masked_source: str
    placeholders: tuple[Placeholder, ...]
    #: Translation memory entries 75% or more similar to the source, best first.
    suggestions: tuple[memory.FuzzyMatch, ...] = ()
    #: ``masked_source`` HTML-escaped, with the glossary's terms in ``<mark class="term">``.
    highlighted: Markup = field(default_factory=Markup)
    #: A memory entry for exactly this source (numbers and dates aside) whose text the
    #: segment does not have yet: an entry made after the article was translated.
    exact: repo.MemoryRecord | None = None

    def suggestion_diff(self, suggestion: memory.FuzzyMatch) -> Diff:
        """Where the suggestion's source differs from this segment's source."""
        return word_diff(suggestion.entry.source_text, self.masked_source)

    @property
    def flags(self) -> tuple[str, ...]:
        """The review screen's filters this segment is in (see ``FILTERS``)."""
        row = self.row
        approved = row.status is Status.APPROVED
        severities = {str(w.get("severity")) for w in row.warnings}
        found = ["approved"] if approved else ["open"]
        if not approved and row.text:
            found.append("review")
        if "error" in severities:
            found.append("errors")
        if "warning" in severities:
            found.append("warnings")
        if self.previous_source is not None and not approved:
            found.append("changed")
        return tuple(found)

    @property
    def correction(self) -> Diff | None:
        """The English this segment replaced in the last update beside the new, marked."""
        previous = self.previous_source
        return None if previous is None else word_diff(previous, self.masked_source)

    @property
    def segment_id(self) -> int:
        return self.row.segment_id

    @property
    def previous_source(self) -> str | None:
        """The English (masked) this segment replaced in the last article update."""
        previous = self.row.previous or {}
        source = previous.get("source")
        return source if isinstance(source, str) else None

    @property
    def previous_text(self) -> str | None:
        """The translation the edition showed for ``previous_source``."""
        previous = self.row.previous or {}
        translations = previous.get("translations")
        if not isinstance(translations, dict):
            return None
        text = translations.get(self.locale)
        return text if isinstance(text, str) else None


def _placeholders(spans: tuple[ProtectedSpan, ...], locale: str) -> tuple[Placeholder, ...]:
    fmt = formatter_for(locale)
    items = []
    for number, span in enumerate(spans, start=1):
        is_markup = span.kind == SpanKind.MARKUP
        token = (
            f"{placeholder(number)}…{placeholder(number, end=True)}"
            if is_markup
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
    database: Database,
    *,
    article_id: int,
    locale: str,
    suggestions: bool = True,
    segment_ids: Collection[int] | None = None,
    fuzzy: bool = True,
) -> list[ReviewItem]:
    """The review screen of one article in one locale, in document order; with
    ``suggestions``, translation memory matches (exact and fuzzy) for each segment not
    yet approved (without ``fuzzy``, exact ones only); with ``segment_ids``, only those
    segments."""
    check_locale_target(database, article_id, locale)
    with database.session() as session:
        rows = repo.review_rows(
            session, article_id=article_id, locale=locale, segment_ids=segment_ids
        )
        source_locale = repo.get_source_locale(session, article_id=article_id)
        terms = repo.glossary(session, source_locale=source_locale, target_locale=locale)
    mark_terms = Highlighter(terms)
    segments = [_segment(row) for row in rows]
    open_positions = [i for i, row in enumerate(rows) if row.status is not Status.APPROVED]
    offered, exact_at = _memory_suggestions(
        database,
        [segments[i] for i in open_positions],
        open_positions,
        source_locale=source_locale,
        locale=locale,
        wanted=suggestions,
        fuzzy=fuzzy,
    )
    items = []
    for index, (row, segment) in enumerate(zip(rows, segments, strict=True)):
        masked = mask(row.source, segment.spans)
        match = exact_at.get(index)
        items.append(
            ReviewItem(
                row,
                locale,
                masked,
                _placeholders(segment.spans, locale),
                offered.get(index, ()),
                highlighted=mark_terms(masked),
                exact=match if match is not None and match.target_text != row.text else None,
            )
        )
    return items


def _memory_suggestions(
    database: Database,
    open_segments: list[Segment],
    open_positions: list[int],
    *,
    source_locale: str,
    locale: str,
    wanted: bool,
    fuzzy: bool,
) -> tuple[dict[int, tuple[memory.FuzzyMatch, ...]], dict[int, repo.MemoryRecord]]:
    """The memory's fuzzy and exact matches of the open segments, by their position on
    the screen (none when suggestions are not ``wanted``; no fuzzy ones without
    ``fuzzy``)."""
    if not wanted or not open_segments:
        return {}, {}
    similar = (
        memory.fuzzy_matches(
            database, open_segments, source_locale=source_locale, target_locale=locale
        )
        if fuzzy
        else {}
    )
    exact = memory.exact_matches(
        database, open_segments, source_locale=source_locale, target_locale=locale
    )
    offered = {open_positions[i]: tuple(found) for i, found in similar.items()}
    return offered, {open_positions[i]: entry for i, entry in exact.items()}


def counts(items: Sequence[ReviewItem]) -> dict[str, int]:
    """How many segments each of ``FILTERS`` shows, and "all"."""
    found = dict.fromkeys(FILTERS, 0)
    for item in items:
        for flag in item.flags:
            found[flag] += 1
    return {"all": len(items), **found}


def _clean(text: str) -> str:
    text = clean_translation(text)
    if len(text) > MAX_SEGMENT_CHARS:
        raise InputError(
            N_("the translation is too long (over %(limit)s characters)"),
            limit=Number(MAX_SEGMENT_CHARS),
        )
    if "\x00" in text:
        raise InputError(N_("the translation contains a NUL character"))
    return text


def _current_version(session: Session, article_id: int, locale: str, segment_id: int) -> int:
    """The segment's translation version now (0: no row yet)."""
    row = repo.translations_for(session, article_id=article_id, locale=locale).get(segment_id)
    return 0 if row is None else row.version


def _segment_of(session: Session, article_id: int, segment_id: int) -> Segment:
    found = repo.load_segments(session, segment_ids=[segment_id])
    if not found or found[0].article_id != article_id:
        raise NotFoundError(
            N_("article %(article)s has no segment %(segment)s"),
            article=article_id,
            segment=segment_id,
        )
    return found[0].segment


def _refuse_empty(text: str) -> None:
    if not text:
        raise InputError(N_("the translation is empty: type it, or leave the segment as it is"))


def _refuse_unconfirmed(errors: list[QAWarning], *, current: int, version: int) -> None:
    """An approval with QA errors its translator has not confirmed: a stale version is
    said first (confirming would only end in a conflict)."""
    if current != version:
        raise StaleVersionError(current)
    raise ConfirmationNeededError(errors)


def _refuse_broken_placeholders(text: str) -> None:
    if text.count(PLACEHOLDER_OPEN) != text.count(PLACEHOLDER_CLOSE):
        raise InputError(
            N_("unbalanced placeholder brackets ⟦ ⟧: keep each placeholder whole, for example ⟦1⟧")
        )


def _remember(
    session: Session,
    segment: Segment,
    text: str,
    *,
    article_id: int,
    pair: tuple[str, str],
    username: str,
) -> None:
    memory.remember_segment(
        session,
        segment=segment,
        source_locale=pair[0],
        target_locale=pair[1],
        target_text=text,
        article_id=article_id,
        article_slug=repo.article_summary(session, article_id=article_id).slug,
        origin="human",
        approved=True,
        changed_by=username,
    )


def save_segment(
    database: Database,
    settings: Settings,
    *,
    article_id: int,
    locale: str,
    segment_id: int,
    text: str,
    approve: bool,
    version: int,
    username: str,
    confirm_errors: bool = False,
    assemble: bool = True,
) -> int:
    """Store a translator's text (approved, or a draft needing review); refuse a stale
    version. Approving a text with QA errors needs ``confirm_errors``, which is recorded
    with ``username`` and the time.

    Approving re-assembles the edition (unless ``assemble`` is false: the caller does it,
    the web app after its response); a draft changes nothing readers or the edition see.
    """
    check_locale_target(database, article_id, locale)
    text = _clean(text)
    _refuse_empty(text)
    with database.session() as session:
        segment = _segment_of(session, article_id, segment_id)
        _refuse_broken_placeholders(text)
        source_locale = repo.get_source_locale(session, article_id=article_id)
        terms = repo.glossary(session, source_locale=source_locale, target_locale=locale)
        found_warnings = check_translation(segment, text, locale=locale, glossary=terms)
        errors = [w for w in found_warnings if w.severity is Severity.ERROR]
        if approve and errors and not confirm_errors:
            current = _current_version(session, article_id, locale, segment_id)
            _refuse_unconfirmed(errors, current=current, version=version)
        written = repo.save_human_translation(
            session,
            segment_id=segment_id,
            locale=locale,
            text=text,
            approve=approve,
            expected_version=version,
            warnings=[w.to_json() for w in found_warnings],
            editor=username,
            confirmed_errors=[e.code for e in errors] if approve else (),
        )
        if written is None:
            raise StaleVersionError(_current_version(session, article_id, locale, segment_id))
        if approve:  # every approved translation is kept in the memory
            pair = (source_locale, locale)
            _remember(session, segment, text, article_id=article_id, pair=pair, username=username)
    if approve and assemble:
        assemble_and_store(database, settings, article_id=article_id, locale=locale)
    return written


def queue(database: Database, *, locale: str, warning: str | None = None) -> list[repo.QueueItem]:
    """The locale's queue; with ``warning``, only articles with an open QA warning of
    that code (see publisher.core.qa.CODES)."""
    with database.session() as session:
        items = repo.review_queue(session, locale=locale)
        if warning is None:
            return items
        codes = repo.open_warning_codes(session, locale=locale)
    return [item for item in items if warning in codes.get(item.article_id, set())]


@dataclass(frozen=True)
class AppliedMatch:
    """One segment an "apply memory" action changed (or left, with the reason)."""

    segment_id: int
    number: int  # its place in the article, from 1
    before: str | None
    after: str
    approved: bool
    applied: bool  # False: a translator's draft was kept


def apply_exact_matches(
    database: Database,
    settings: Settings,
    *,
    article_id: int,
    locale: str,
    username: str,
) -> list[AppliedMatch]:
    """Put every exact memory match into the article's open segments in ``locale`` (those
    not approved), as memory output: approved where the memory may approve it (see
    ``memory.may_approve_match``, no QA error), else awaiting review. A translator's draft
    is kept, and listed as kept. Returns what was changed, in article order."""
    items = review_items(database, article_id=article_id, locale=locale, fuzzy=False)
    found = [(number, item) for number, item in enumerate(items, start=1) if item.exact is not None]
    if not found:
        return []
    results = []
    with database.session() as session:
        source_locale = repo.get_source_locale(session, article_id=article_id)
        terms = repo.glossary(session, source_locale=source_locale, target_locale=locale)
        for number, item in found:
            entry = item.exact
            assert entry is not None
            approved, written = memory.store_exact_match(
                session,
                segment_id=item.segment_id,
                segment=_segment(item.row),
                entry=entry,
                locale=locale,
                terms=terms,
            )
            results.append(
                AppliedMatch(
                    item.segment_id, number, item.row.text, entry.target_text, approved, written
                )
            )
    if any(r.applied for r in results):
        assemble_and_store(database, settings, article_id=article_id, locale=locale)
    logger.info(
        "%s applied %d memory matches to article %d (%s)",
        username,
        sum(r.applied for r in results),
        article_id,
        locale,
    )
    return results
