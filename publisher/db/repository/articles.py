"""Articles, their targets, blocks and segments."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz
from sqlalchemy import delete, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from publisher.core.articles import Article, Block, BlockKind, ProtectedSpan, Segment
from publisher.core.enums import Origin, Status
from publisher.core.errors import InputError, NotFoundError
from publisher.core.localize.l10n import edition_locales
from publisher.core.messages import N_
from publisher.core.protect import mask
from publisher.core.records import ArticleSummary, StoredSegment, as_utc, shown_text
from publisher.db import models
from publisher.db.models import ArticleTarget, BlockRow, SegmentRow, utc_now


def _spans_json(spans: Iterable[ProtectedSpan]) -> list[dict[str, object]]:
    return [span.to_json() for span in spans]


def _spans(data: Iterable[dict[str, object]]) -> tuple[ProtectedSpan, ...]:
    return tuple(ProtectedSpan.from_json(item) for item in data)


def _duplicate(slug: str) -> InputError:
    return InputError(N_("an article with slug “%(slug)s” exists"), slug=slug)


def _article_row(article: Article, source_text: str, source_format: str) -> models.Article:
    return models.Article(
        slug=article.slug,
        title=article.title,
        source_locale=article.source_locale,
        published=article.published,
        source_text=source_text,
        source_format=source_format,
        kicker=article.kicker,
        source_url=article.source_url,
    )


def _segment_row(article_id: int, block_id: int, segment: Segment) -> SegmentRow:
    return SegmentRow(
        article_id=article_id,
        block_id=block_id,
        block_index=segment.block_index,
        position=segment.index,
        text=segment.text,
        source_hash=segment.source_hash,
        spans=_spans_json(segment.spans),
        separator=segment.separator,
    )


def _insert_article(session: Session, row: models.Article) -> int:
    """Insert the article row; a slug taken meanwhile by another writer is an InputError."""
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        raise _duplicate(row.slug) from exc
    return row.id


def _insert_blocks(session: Session, article_id: int, blocks: Sequence[Block]) -> None:
    rows = [
        BlockRow(
            article_id=article_id,
            position=block.index,
            kind=str(block.kind),
            text=block.text,
            markup=_spans_json(block.markup),
        )
        for block in blocks
    ]
    session.add_all(rows)
    session.flush()
    session.add_all(
        _segment_row(article_id, row.id, segment)
        for row, block in zip(rows, blocks, strict=True)
        for segment in block.segments
    )


def add_article(
    session: Session,
    *,
    article: Article,
    source_text: str,
    source_format: str,
    targets: Sequence[str],
) -> int:
    """Store the article, its blocks, segments and targets in the caller's transaction."""
    if find_article_id(session, slug=article.slug) is not None:
        raise _duplicate(article.slug)
    article_id = _insert_article(session, _article_row(article, source_text, source_format))
    _insert_blocks(session, article_id, article.blocks)
    session.add_all(
        ArticleTarget(article_id=article_id, locale=locale) for locale in dict.fromkeys(targets)
    )
    session.flush()
    return article_id


def _article_row_or_raise(session: Session, article_id: int) -> models.Article:
    row = session.get(models.Article, article_id)
    if row is None:
        raise NotFoundError(f"no article with id {article_id}")
    return row


def _segments_by_block(session: Session, article_id: int) -> dict[int, list[Segment]]:
    rows = session.scalars(
        select(SegmentRow)
        .where(SegmentRow.article_id == article_id)
        .order_by(SegmentRow.block_index, SegmentRow.position)
    )
    by_block: dict[int, list[Segment]] = defaultdict(list)
    for row in rows:
        by_block[row.block_id].append(_segment(row))
    return by_block


def _segment(row: SegmentRow) -> Segment:
    return Segment(
        block_index=row.block_index,
        index=row.position,
        text=row.text,
        spans=_spans(row.spans),
        separator=row.separator,
    )


def get_article(session: Session, *, article_id: int) -> Article:
    """The article with its blocks and segments, rebuilt as value objects."""
    row = _article_row_or_raise(session, article_id)
    segments = _segments_by_block(session, article_id)
    blocks = session.scalars(
        select(BlockRow).where(BlockRow.article_id == article_id).order_by(BlockRow.position)
    )
    return Article(
        slug=row.slug,
        title=row.title,
        source_locale=row.source_locale,
        published=row.published,
        kicker=row.kicker,
        source_url=row.source_url,
        blocks=tuple(
            Block(
                index=b.position,
                kind=BlockKind(b.kind),
                text=b.text,
                markup=_spans(b.markup),
                segments=tuple(segments.get(b.id, ())),
            )
            for b in blocks
        ),
    )


def find_article_id(session: Session, *, slug: str) -> int | None:
    """The id of the article with ``slug``, or None."""
    return session.scalar(select(models.Article.id).where(models.Article.slug == slug))


def get_source_locale(session: Session, *, article_id: int) -> str:
    """The article's source locale (NotFoundError when there is no such article)."""
    locale = session.scalar(
        select(models.Article.source_locale).where(models.Article.id == article_id)
    )
    if locale is None:
        raise NotFoundError(f"no article with id {article_id}")
    return locale


def list_targets(session: Session, *, article_id: int) -> tuple[str, ...]:
    """The locales the editor asked for, in the order asked."""
    rows = session.scalars(
        select(ArticleTarget.locale)
        .where(ArticleTarget.article_id == article_id)
        .order_by(ArticleTarget.id)
    )
    return tuple(rows)


def require_target(session: Session, *, article_id: int, locale: str) -> None:
    """NotFoundError unless the article exists and asks for ``locale``."""
    targets = list_targets(session, article_id=article_id)
    if not targets:
        raise NotFoundError(f"no article with id {article_id}")
    if locale not in targets:
        raise NotFoundError(f"article {article_id} is not translated into {locale!r}")


def segment_ids(session: Session, *, article_id: int) -> list[int]:
    """Ids of the article's segments in document order."""
    rows = session.scalars(
        select(SegmentRow.id)
        .where(SegmentRow.article_id == article_id)
        .order_by(SegmentRow.block_index, SegmentRow.position)
    )
    return list(rows)


def set_urgent(session: Session, *, article_id: int, urgent: bool) -> None:
    """Mark the article urgent (breaking news) or not (NotFoundError when there is none)."""
    _article_row_or_raise(session, article_id).urgent = urgent


def is_urgent(session: Session, *, article_id: int) -> bool:
    """Whether the article is marked urgent (False when there is no such article)."""
    found = session.scalar(select(models.Article.urgent).where(models.Article.id == article_id))
    return bool(found)


def load_segments(session: Session, *, segment_ids: Sequence[int]) -> list[StoredSegment]:
    """The segments with these ids, in the order asked (unknown ids are left out)."""
    if not segment_ids:
        return []
    rows = session.scalars(select(SegmentRow).where(SegmentRow.id.in_(segment_ids)))
    found = {row.id: StoredSegment(row.id, row.article_id, _segment(row)) for row in rows}
    return [found[i] for i in segment_ids if i in found]


def delete_article(session: Session, *, article_id: int) -> None:
    """Delete the article and, by the database's cascades, everything stored for it."""
    if session.scalar(select(models.Article.id).where(models.Article.id == article_id)) is None:
        raise NotFoundError(f"no article with id {article_id}")
    session.flush()
    session.execute(
        delete(models.Article).where(models.Article.id == article_id),
        execution_options={"synchronize_session": False},
    )
    # Rows removed by ON DELETE CASCADE may still sit in the identity map: forget them.
    session.expunge_all()


def list_articles(session: Session, *, limit: int = 200) -> list[ArticleSummary]:
    """The newest articles first, with their target locales."""
    rows = list(
        session.scalars(
            select(models.Article)
            .order_by(models.Article.updated_at.desc(), models.Article.id.desc())
            .limit(limit)
        )
    )
    return _summaries(session, rows)


def article_summary(session: Session, *, article_id: int) -> ArticleSummary:
    """One article's summary (NotFoundError when there is no such article)."""
    return _summaries(session, [_article_row_or_raise(session, article_id)])[0]


def _summaries(session: Session, rows: Sequence[models.Article]) -> list[ArticleSummary]:
    targets: dict[int, list[str]] = defaultdict(list)
    for article_id, locale in session.execute(
        select(ArticleTarget.article_id, ArticleTarget.locale)
        .where(ArticleTarget.article_id.in_([row.id for row in rows]))
        .order_by(ArticleTarget.id)
    ):
        targets[article_id].append(locale)
    return [
        ArticleSummary(
            id=row.id,
            slug=row.slug,
            title=row.title,
            published=row.published,
            created_at=as_utc(row.created_at),
            updated_at=as_utc(row.updated_at),
            targets=tuple(targets[row.id]),
            kicker=row.kicker,
            source_url=row.source_url,
            urgent=bool(row.urgent),
        )
        for row in rows
    ]


def get_source(session: Session, *, article_id: int) -> tuple[str, str]:
    """The article's source text as submitted, and its format."""
    row = _article_row_or_raise(session, article_id)
    return row.source_text, row.source_format


def replace_article(
    session: Session,
    *,
    article_id: int,
    article: Article,
    source_text: str,
    source_format: str,
    targets: Sequence[str],
) -> None:
    """Give an existing article new content and targets, keeping its id and the
    publications of the languages still asked for (readers see the old text until an
    editor publishes again).

    Blocks, segments and editions are replaced. A new segment whose text and protected
    spans are those of an old one keeps that segment's translations (approved work
    included), so only new or changed text goes to the engine. Targets no longer asked
    for are dropped with their publications; new ones are added; kept ones count as not
    sent yet. The slug of a published article cannot change (its readers' links would
    break): unpublish it first.
    """
    row = _article_row_or_raise(session, article_id)
    other = find_article_id(session, slug=article.slug)
    if other is not None and other != article_id:
        raise _duplicate(article.slug)
    wanted = list(dict.fromkeys(targets))
    published = set(
        session.scalars(
            select(models.PublicationRow.locale).where(
                models.PublicationRow.article_id == article_id
            )
        )
    )
    if article.slug != row.slug and published & set(wanted):
        raise InputError(
            N_(
                "the article is published at %(address)s; its address cannot change while it is "
                "published: keep the slug, or unpublish it first"
            ),
            address=f"/{sorted(published)[0]}/{row.slug}",
        )
    kept_work = _translations_by_content(session, article_id, wanted)
    old_segments = _segments_in_order(session, article_id, wanted)
    row.slug, row.title, row.published = article.slug, article.title, article.published
    row.kicker, row.source_url = article.kicker, article.source_url
    row.source_text, row.source_format = source_text, source_format
    row.updated_at = utc_now()
    try:
        session.flush()
    except IntegrityError as exc:  # the slug was taken meanwhile
        raise _duplicate(article.slug) from exc
    session.execute(delete(BlockRow).where(BlockRow.article_id == article_id))
    # An edition derived from a kept target (uz_Cyrl from uz) stays published with it.
    kept_editions = list(edition_locales(wanted))
    session.execute(
        delete(models.PublicationRow).where(
            models.PublicationRow.article_id == article_id,
            models.PublicationRow.locale.not_in(kept_editions),
        )
    )
    session.execute(delete(models.EditionRow).where(models.EditionRow.article_id == article_id))
    session.execute(
        delete(ArticleTarget).where(
            ArticleTarget.article_id == article_id, ArticleTarget.locale.not_in(wanted)
        )
    )
    kept = set(list_targets(session, article_id=article_id))
    session.execute(
        update(ArticleTarget)
        .where(ArticleTarget.article_id == article_id)
        .values(dispatched_at=None, resends=0)
    )
    session.add_all(
        ArticleTarget(article_id=article_id, locale=code) for code in wanted if code not in kept
    )
    session.flush()
    session.expunge_all()
    _insert_blocks(session, article_id, article.blocks)
    session.flush()
    _restore_translations(session, article_id, kept_work)
    _remember_replaced(session, article_id, old_segments)


_ContentKey = tuple[str, str]
#: A kept translation's columns that belong to its new segment row rather than to it.
_OWN_COLUMNS = frozenset({"id", "segment_id"})


def copied_columns() -> tuple[str, ...]:
    """Every column of a translation an article update carries over to the new segment:
    the table's own columns, so a column added later is never silently dropped."""
    return tuple(
        attr.key
        for attr in sa_inspect(models.TranslationRow).column_attrs
        if attr.key not in _OWN_COLUMNS
    )


def _content_key(text: str, spans: object) -> _ContentKey:
    return text, json.dumps(spans, sort_keys=True, ensure_ascii=False)


def _translations_by_content(
    session: Session, article_id: int, locales: Sequence[str]
) -> dict[_ContentKey, list[dict[str, object]]]:
    """The article's translations into ``locales``, keyed by their segment's content."""
    rows = session.execute(
        select(SegmentRow.text, SegmentRow.spans, models.TranslationRow)
        .join(models.TranslationRow, models.TranslationRow.segment_id == SegmentRow.id)
        .where(SegmentRow.article_id == article_id, models.TranslationRow.locale.in_(list(locales)))
    )
    found: dict[_ContentKey, list[dict[str, object]]] = defaultdict(list)
    for text, spans, translation in rows:
        found[_content_key(text, spans)].append(
            {name: getattr(translation, name) for name in copied_columns()}
        )
    return found


def _restore_translations(
    session: Session, article_id: int, kept: dict[_ContentKey, list[dict[str, object]]]
) -> None:
    if not kept:
        return
    segments = session.execute(
        select(SegmentRow.id, SegmentRow.text, SegmentRow.spans).where(
            SegmentRow.article_id == article_id
        )
    )
    rows = []
    for segment_id, text, spans in segments:
        # Approved work last, so it wins where one sentence had several translations.
        candidates = sorted(
            kept.get(_content_key(text, spans), ()),
            key=lambda v: v["status"] == str(Status.APPROVED),
        )
        for values in candidates:
            rows.append(models.TranslationRow(segment_id=segment_id, **values))
    # A sentence that now appears twice keeps its translation in both places; one that
    # appeared twice before gives one of its (equal-content) translations per locale.
    unique = {(r.segment_id, r.locale): r for r in rows}
    session.add_all(unique.values())
    session.flush()


@dataclass(frozen=True)
class _OldSegment:
    key: _ContentKey
    masked: str  # the English as translators saw it, ⟦N⟧ placeholders in
    shown: dict[str, str]  # locale -> the text its edition showed


def _segments_in_order(
    session: Session, article_id: int, locales: Sequence[str]
) -> list[_OldSegment]:
    """The article's segments in document order with what each edition showed."""
    segments = session.scalars(
        select(SegmentRow)
        .where(SegmentRow.article_id == article_id)
        .order_by(SegmentRow.block_index, SegmentRow.position)
    ).all()
    shown: dict[int, dict[str, str]] = defaultdict(dict)
    for row in session.scalars(
        select(models.TranslationRow)
        .join(SegmentRow, SegmentRow.id == models.TranslationRow.segment_id)
        .where(SegmentRow.article_id == article_id, models.TranslationRow.locale.in_(list(locales)))
    ):
        text = shown_text(
            Status(row.status), Origin(row.origin), row.text, row.approved_text, row.machine_text
        )
        if text:
            shown[row.segment_id][row.locale] = text
    return [
        _OldSegment(
            _content_key(s.text, s.spans), mask(s.text, _spans(s.spans)), shown.get(s.id, {})
        )
        for s in segments
    ]


#: How alike (rapidfuzz ratio, 0-100) a new sentence must be to an old one in the same
#: place to count as its correction rather than as new text.
CORRECTION_SIMILARITY = 50.0


def _remember_replaced(session: Session, article_id: int, old: Sequence[_OldSegment]) -> None:
    """Give each new segment that replaced a changed sentence the old English and the old
    translations (``SegmentRow.previous``), for the translator to compare and reuse.

    Old and new segments are aligned in document order by content (difflib); within a
    stretch that changed, each new sentence is paired with the most similar old one of
    the stretch, if similar enough."""
    new = session.scalars(
        select(SegmentRow)
        .where(SegmentRow.article_id == article_id)
        .order_by(SegmentRow.block_index, SegmentRow.position)
    ).all()
    new_keys = [_content_key(s.text, s.spans) for s in new]
    matcher = SequenceMatcher(None, [o.key for o in old], new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        candidates = list(old[i1:i2])
        for row in new[j1:j2]:
            masked = mask(row.text, _spans(row.spans))
            scored = [(fuzz.ratio(masked, c.masked), n) for n, c in enumerate(candidates)]
            best = max(scored, default=(0.0, -1))
            if best[0] < CORRECTION_SIMILARITY:
                continue
            chosen = candidates.pop(best[1])
            row.previous = {"source": chosen.masked, "translations": chosen.shown}
    session.flush()
