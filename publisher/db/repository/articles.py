"""Articles, their targets, blocks and segments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from publisher.articles import Article, Block, BlockKind, ProtectedSpan, Segment
from publisher.db import models
from publisher.db.models import ArticleTarget, BlockRow, SegmentRow, utc_now
from publisher.db.repository.records import ArticleSummary, StoredSegment, as_utc
from publisher.errors import InputError, NotFoundError


def _spans_json(spans: Iterable[ProtectedSpan]) -> list[dict[str, object]]:
    return [span.to_json() for span in spans]


def _spans(data: Iterable[dict[str, object]]) -> tuple[ProtectedSpan, ...]:
    return tuple(ProtectedSpan.from_json(item) for item in data)


def _duplicate(slug: str) -> InputError:
    return InputError(f"an article with slug {slug!r} exists")


def _article_row(article: Article, source_text: str, source_format: str) -> models.Article:
    return models.Article(
        slug=article.slug, title=article.title, source_locale=article.source_locale,
        published=article.published, source_text=source_text, source_format=source_format,
    )


def _segment_row(article_id: int, block_id: int, segment: Segment) -> SegmentRow:
    return SegmentRow(
        article_id=article_id, block_id=block_id, block_index=segment.block_index,
        position=segment.index, text=segment.text, source_hash=segment.source_hash,
        spans=_spans_json(segment.spans), separator=segment.separator,
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
        BlockRow(article_id=article_id, position=block.index, kind=str(block.kind),
                 text=block.text, markup=_spans_json(block.markup))
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
    session: Session, *, article: Article, source_text: str, source_format: str,
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
        select(SegmentRow).where(SegmentRow.article_id == article_id)
        .order_by(SegmentRow.block_index, SegmentRow.position)
    )
    by_block: dict[int, list[Segment]] = defaultdict(list)
    for row in rows:
        by_block[row.block_id].append(_segment(row))
    return by_block


def _segment(row: SegmentRow) -> Segment:
    return Segment(block_index=row.block_index, index=row.position, text=row.text,
                   spans=_spans(row.spans), separator=row.separator)


def get_article(session: Session, *, article_id: int) -> Article:
    """The article with its blocks and segments, rebuilt as value objects."""
    row = _article_row_or_raise(session, article_id)
    segments = _segments_by_block(session, article_id)
    blocks = session.scalars(
        select(BlockRow).where(BlockRow.article_id == article_id).order_by(BlockRow.position)
    )
    return Article(
        slug=row.slug, title=row.title, source_locale=row.source_locale,
        published=row.published,
        blocks=tuple(
            Block(index=b.position, kind=BlockKind(b.kind), text=b.text,
                  markup=_spans(b.markup), segments=tuple(segments.get(b.id, ())))
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
        select(ArticleTarget.locale).where(ArticleTarget.article_id == article_id)
        .order_by(ArticleTarget.id)
    )
    return tuple(rows)


def segment_ids(session: Session, *, article_id: int) -> list[int]:
    """Ids of the article's segments in document order."""
    rows = session.scalars(
        select(SegmentRow.id).where(SegmentRow.article_id == article_id)
        .order_by(SegmentRow.block_index, SegmentRow.position)
    )
    return list(rows)


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
    rows = list(session.scalars(
        select(models.Article).order_by(models.Article.updated_at.desc(), models.Article.id.desc())
        .limit(limit)
    ))
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
            id=row.id, slug=row.slug, title=row.title, published=row.published,
            created_at=as_utc(row.created_at), updated_at=as_utc(row.updated_at),
            targets=tuple(targets[row.id]),
        )
        for row in rows
    ]


def get_source(session: Session, *, article_id: int) -> tuple[str, str]:
    """The article's source text as submitted, and its format."""
    row = _article_row_or_raise(session, article_id)
    return row.source_text, row.source_format


def replace_article(
    session: Session, *, article_id: int, article: Article, source_text: str,
    source_format: str, targets: Sequence[str],
) -> None:
    """Give an existing article new content and targets, keeping its id and its
    publications (readers see the old text until an editor publishes again).

    Blocks, segments (and so their translations) and editions are replaced; targets
    no longer asked for are dropped, new ones added, kept ones count as not sent yet.
    """
    row = _article_row_or_raise(session, article_id)
    other = find_article_id(session, slug=article.slug)
    if other is not None and other != article_id:
        raise _duplicate(article.slug)
    row.slug, row.title, row.published = article.slug, article.title, article.published
    row.source_text, row.source_format = source_text, source_format
    row.updated_at = utc_now()
    session.execute(delete(BlockRow).where(BlockRow.article_id == article_id))
    session.execute(delete(models.EditionRow).where(models.EditionRow.article_id == article_id))
    wanted = list(dict.fromkeys(targets))
    session.execute(delete(ArticleTarget).where(
        ArticleTarget.article_id == article_id, ArticleTarget.locale.not_in(wanted)
    ))
    kept = set(list_targets(session, article_id=article_id))
    session.execute(
        update(ArticleTarget).where(ArticleTarget.article_id == article_id)
        .values(dispatched_at=None, resends=0)
    )
    session.add_all(
        ArticleTarget(article_id=article_id, locale=code) for code in wanted if code not in kept
    )
    session.flush()
    session.expunge_all()
    _insert_blocks(session, article_id, article.blocks)
    session.flush()
