"""Names in the glossaries: names translators declined to add, and the article where
each term was first used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from publisher.db.models import Article, GlossaryTerm, NameDismissal, utc_now
from publisher.db.repository.dialect import upsert_insert


@dataclass(frozen=True)
class FirstUse:
    """The article where a glossary term was first used."""

    article_id: int
    title: str
    slug: str
    published: date


@dataclass(frozen=True)
class ArticleText:
    """An article's title and source, to search for a term."""

    article_id: int
    title: str
    source_text: str


def dismissed_names(session: Session, *, source_locale: str, target_locale: str) -> set[str]:
    """The case-folded names declined for the pair."""
    return set(
        session.scalars(
            select(NameDismissal.name_key).where(
                NameDismissal.source_locale == source_locale,
                NameDismissal.target_locale == target_locale,
            )
        )
    )


def dismiss_name(
    session: Session, *, source_locale: str, target_locale: str, name: str, username: str
) -> None:
    """Record that ``name`` is not to be offered again for the pair (idempotent)."""
    insert = upsert_insert(session, NameDismissal).values(
        source_locale=source_locale,
        target_locale=target_locale,
        name_key=name.casefold(),
        name=name,
        dismissed_by=username,
        dismissed_at=utc_now(),
    )
    session.execute(
        insert.on_conflict_do_nothing(index_elements=["source_locale", "target_locale", "name_key"])
    )


def first_uses(session: Session, *, source_locale: str, target_locale: str) -> dict[int, FirstUse]:
    """The first article of each term of the pair that has one, by term id."""
    rows = session.execute(
        select(GlossaryTerm.id, Article.id, Article.title, Article.slug, Article.published)
        .join(Article, Article.id == GlossaryTerm.first_article_id)
        .where(
            GlossaryTerm.source_locale == source_locale, GlossaryTerm.target_locale == target_locale
        )
    )
    return {
        term_id: FirstUse(article_id, title, slug, published)
        for term_id, article_id, title, slug, published in rows
    }


def terms_to_locate(
    session: Session, *, source_locale: str, target_locale: str
) -> list[tuple[int, str]]:
    """(id, term) of the pair's terms whose first article is unknown and that were not
    searched for since the newest article came."""
    newest = select(func.max(Article.created_at)).scalar_subquery()
    rows = session.execute(
        select(GlossaryTerm.id, GlossaryTerm.term).where(
            GlossaryTerm.source_locale == source_locale,
            GlossaryTerm.target_locale == target_locale,
            GlossaryTerm.first_article_id.is_(None),
            or_(GlossaryTerm.first_checked_at.is_(None), GlossaryTerm.first_checked_at < newest),
        )
    )
    return [(term_id, term) for term_id, term in rows]


def articles_mentioning(
    session: Session, *, source_locale: str, words: Sequence[str]
) -> list[ArticleText]:
    """Articles in ``source_locale`` whose title or source contains each of ``words`` (in
    any case; a first sieve), oldest first by date, then by id."""
    query = select(Article.id, Article.title, Article.source_text).where(
        Article.source_locale == source_locale
    )
    for word in words:
        pattern = "%" + word.lower().replace("\\", "").replace("%", "").replace("_", "") + "%"
        query = query.where(
            or_(
                func.lower(Article.source_text).like(pattern),
                func.lower(Article.title).like(pattern),
            )
        )
    rows = session.execute(query.order_by(Article.published, Article.id))
    return [ArticleText(article_id, title, text) for article_id, title, text in rows]


def set_first_use(session: Session, *, term_id: int, article_id: int | None) -> None:
    """Record the term's first article (None: none found yet) and when it was searched."""
    session.execute(
        update(GlossaryTerm)
        .where(GlossaryTerm.id == term_id)
        .values(first_article_id=article_id, first_checked_at=utc_now())
    )
