"""What the editors' screens show of several articles at once, read set-based: one
statement per kind of fact (segment totals, targets, translation counts, QA rows,
editions, publications, overrides) whatever the number of articles."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from publisher.core.enums import EditionState
from publisher.core.records import LocaleProgress, OverrideRecord, as_utc
from publisher.db.models import (
    ArticleTarget,
    EditionRow,
    PublicationRow,
    PublishOverride,
    SegmentRow,
    TranslationRow,
)
from publisher.db.repository.translations import _progress, _tally


@dataclass(frozen=True)
class EditionBrief:
    """An assembled edition's state, without its text."""

    state: EditionState
    assembled_at: datetime


@dataclass(frozen=True)
class PublicationBrief:
    """A publication's state, without its text."""

    state: EditionState
    published_at: datetime
    #: What readers see equals the edition as assembled now (after every approval,
    #: import or update); False: publishing again would change the page.
    current: bool = True


@dataclass(frozen=True)
class ArticleFacts:
    """One article's progress, editions, publications and QA, by locale.

    ``progress`` has every target locale (and any other locale with rows), as
    :func:`locale_progress` gives it; ``qa_rows`` are the (status, warnings) pairs of its
    translations that have warnings; ``overrides`` are newest first."""

    progress: dict[str, LocaleProgress] = field(default_factory=dict)
    editions: dict[str, EditionBrief] = field(default_factory=dict)
    publications: dict[str, PublicationBrief] = field(default_factory=dict)
    qa_rows: dict[str, list[tuple[str, list[object]]]] = field(default_factory=dict)
    overrides: list[OverrideRecord] = field(default_factory=list)


def article_facts(session: Session, *, article_ids: Sequence[int]) -> dict[int, ArticleFacts]:
    """The facts of each article in ``article_ids`` (unknown ids get empty facts), in a
    fixed number of statements."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return {}
    facts = {article_id: ArticleFacts() for article_id in ids}
    for article_id, progress in _progress_by_article(session, ids).items():
        facts[article_id].progress.update(progress)
    for article_id, locale, state, assembled_at in session.execute(
        select(EditionRow.article_id, EditionRow.locale, EditionRow.state, EditionRow.assembled_at)
        .where(EditionRow.article_id.in_(ids))
        .order_by(EditionRow.locale)
    ):
        facts[article_id].editions[locale] = EditionBrief(EditionState(state), as_utc(assembled_at))
    # Compared in the database: the texts themselves never leave it.
    same = case(
        (
            EditionRow.content.is_not_distinct_from(PublicationRow.content)
            & EditionRow.title.is_not_distinct_from(PublicationRow.title)
            & EditionRow.id.is_not(None),
            1,
        ),
        else_=0,
    )
    for article_id, locale, state, published_at, current in session.execute(
        select(
            PublicationRow.article_id,
            PublicationRow.locale,
            PublicationRow.state,
            PublicationRow.published_at,
            same,
        )
        .outerjoin(
            EditionRow,
            (EditionRow.article_id == PublicationRow.article_id)
            & (EditionRow.locale == PublicationRow.locale),
        )
        .where(PublicationRow.article_id.in_(ids))
        .order_by(PublicationRow.id)
    ):
        facts[article_id].publications[locale] = PublicationBrief(
            EditionState(state), as_utc(published_at), current=bool(current)
        )
    for article_id, locale, status, warnings in session.execute(
        select(
            SegmentRow.article_id,
            TranslationRow.locale,
            TranslationRow.status,
            TranslationRow.warnings,
        )
        .join(SegmentRow, SegmentRow.id == TranslationRow.segment_id)
        .where(SegmentRow.article_id.in_(ids), func.json_array_length(TranslationRow.warnings) > 0)
    ):
        facts[article_id].qa_rows.setdefault(locale, []).append((status, list(warnings)))
    for row in session.scalars(
        select(PublishOverride)
        .where(PublishOverride.article_id.in_(ids))
        .order_by(PublishOverride.id.desc())
    ):
        facts[row.article_id].overrides.append(
            OverrideRecord(
                locale=row.locale, username=row.username, errors=row.errors, at=as_utc(row.at)
            )
        )
    return facts


def _progress_by_article(session: Session, ids: list[int]) -> dict[int, dict[str, LocaleProgress]]:
    """:func:`locale_progress` of each article, in three statements for all of them."""
    totals: dict[int, int] = dict(
        session.execute(
            select(SegmentRow.article_id, func.count())
            .where(SegmentRow.article_id.in_(ids))
            .group_by(SegmentRow.article_id)
        ).all()
    )
    locales: dict[int, list[str]] = defaultdict(list)
    for article_id, locale in session.execute(
        select(ArticleTarget.article_id, ArticleTarget.locale)
        .where(ArticleTarget.article_id.in_(ids))
        .order_by(ArticleTarget.id)
    ):
        locales[article_id].append(locale)
    warnings = func.coalesce(func.sum(func.json_array_length(TranslationRow.warnings)), 0)
    counts: dict[int, dict[str, Counter[str]]] = defaultdict(dict)
    for article_id, locale, origin, status, rows, warning_count in session.execute(
        select(
            SegmentRow.article_id,
            TranslationRow.locale,
            TranslationRow.origin,
            TranslationRow.status,
            func.count(),
            warnings,
        )
        .join(SegmentRow, SegmentRow.id == TranslationRow.segment_id)
        .where(SegmentRow.article_id.in_(ids))
        .group_by(
            SegmentRow.article_id,
            TranslationRow.locale,
            TranslationRow.origin,
            TranslationRow.status,
        )
    ):
        _tally(
            counts[article_id].setdefault(locale, Counter()),
            origin,
            status,
            rows,
            int(warning_count),
        )
    found = {}
    for article_id in ids:
        by_locale = counts.get(article_id, {})
        total = totals.get(article_id, 0)
        found[article_id] = {
            code: _progress(code, total, by_locale.get(code, Counter()))
            for code in dict.fromkeys([*locales.get(article_id, []), *by_locale])
        }
    return found
