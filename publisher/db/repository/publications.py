"""Publications: what readers see, one row per (article, locale), written by editors."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Row, Select, delete, select
from sqlalchemy.orm import Session

from publisher.core.enums import EditionState
from publisher.core.records import OverrideRecord, StoredPublication, as_utc
from publisher.db.models import Article, PublicationRow, PublishOverride, utc_now
from publisher.db.repository.dialect import upsert_insert


def publish(
    session: Session,
    *,
    article_id: int,
    locale: str,
    title: str,
    content: str,
    state: EditionState,
    missing: int,
    user_id: int | None,
    provenance: str | None = None,
) -> None:
    """Make this snapshot what readers see (a re-publish keeps the first publication time)."""
    now = utc_now()
    fields = {
        "title": title,
        "content": content,
        "state": str(state),
        "missing": missing,
        "provenance": provenance,
        "published_by": user_id,
        "published_at": now,
    }
    insert = upsert_insert(session, PublicationRow).values(
        article_id=article_id, locale=locale, first_published_at=now, **fields
    )
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["article_id", "locale"],
            set_={key: insert.excluded[key] for key in fields},
        )
    )


def unpublish(session: Session, *, article_id: int, locale: str) -> bool:
    """Take the edition away from readers; returns whether it was published."""
    result = session.execute(
        delete(PublicationRow).where(
            PublicationRow.article_id == article_id, PublicationRow.locale == locale
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _query() -> Select[PublicationRow, str, date]:
    return select(PublicationRow, Article.slug, Article.published).join(
        Article, Article.id == PublicationRow.article_id
    )


def _stored(found: Row[PublicationRow, str, date]) -> StoredPublication:
    row, slug, published = found
    return StoredPublication(
        article_id=row.article_id,
        slug=slug,
        locale=row.locale,
        title=row.title,
        content=row.content,
        state=EditionState(row.state),
        missing=row.missing,
        article_date=published,
        first_published_at=as_utc(row.first_published_at),
        published_at=as_utc(row.published_at),
        provenance=row.provenance,
    )


def get_publication(session: Session, *, slug: str, locale: str) -> StoredPublication | None:
    row = session.execute(
        _query().where(Article.slug == slug, PublicationRow.locale == locale)
    ).first()
    return None if row is None else _stored(row)


def latest_publications(
    session: Session, *, locale: str, limit: int = 50
) -> list[StoredPublication]:
    """The locale's publications, newest article first."""
    rows = session.execute(
        _query()
        .where(PublicationRow.locale == locale)
        .order_by(Article.published.desc(), PublicationRow.first_published_at.desc())
        .limit(limit)
    )
    return [_stored(row) for row in rows]


def publications_of(session: Session, *, article_id: int) -> dict[str, StoredPublication]:
    """The article's publications by locale."""
    rows = session.execute(
        _query().where(PublicationRow.article_id == article_id).order_by(PublicationRow.id)
    )
    return {row[0].locale: _stored(row) for row in rows}


def locales_of_slug(session: Session, *, slug: str, complete_only: bool = False) -> list[str]:
    """The locales in which the article with ``slug`` is published (``complete_only``:
    those whose published edition is complete, the hreflang alternates)."""
    query = (
        select(PublicationRow.locale)
        .join(Article, Article.id == PublicationRow.article_id)
        .where(Article.slug == slug)
        .order_by(PublicationRow.id)
    )
    if complete_only:
        query = query.where(PublicationRow.state == EditionState.COMPLETE)
    return list(session.scalars(query))


def all_publications(session: Session) -> list[StoredPublication]:
    """Every publication, for the sitemap (newest first)."""
    rows = session.execute(
        _query().order_by(
            Article.published.desc(), PublicationRow.article_id, PublicationRow.locale
        )
    )
    return [_stored(row) for row in rows]


def record_override(
    session: Session,
    *,
    article_id: int,
    locale: str,
    user_id: int | None,
    username: str,
    errors: int,
) -> None:
    """Remember that ``username`` published over ``errors`` unresolved QA errors."""
    session.add(
        PublishOverride(
            article_id=article_id,
            locale=locale,
            user_id=user_id,
            username=username,
            errors=errors,
            at=utc_now(),
        )
    )
    session.flush()


def overrides_of(session: Session, *, article_id: int) -> list[OverrideRecord]:
    """The article's QA overrides, newest first."""
    rows = session.scalars(
        select(PublishOverride)
        .where(PublishOverride.article_id == article_id)
        .order_by(PublishOverride.id.desc())
    )
    return [
        OverrideRecord(locale=r.locale, username=r.username, errors=r.errors, at=as_utc(r.at))
        for r in rows
    ]
