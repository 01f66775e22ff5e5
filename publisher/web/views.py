"""Read models shared by the API and the HTML screens."""

from __future__ import annotations

from collections.abc import Sequence

from publisher.core import qa
from publisher.core.localize.l10n import base_locale
from publisher.core.records import TermRecord
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.headline_publish import headline_ready
from publisher.services.name_offers import NameOffer
from publisher.services.review import AppliedMatch, ReviewItem
from publisher.web.schemas import (
    AppliedMatchOut,
    ArticleDetail,
    ArticleOut,
    EditionOut,
    GlossaryTermOut,
    NameOfferOut,
    OffendingSegmentOut,
    OverrideOut,
    QueueItemOut,
    SegmentOut,
    SuggestionOut,
    TokenOut,
    UserOut,
)


def article_out(summary: repo.ArticleSummary) -> ArticleOut:
    return ArticleOut(
        id=summary.id,
        slug=summary.slug,
        title=summary.title,
        date=summary.published,
        created_at=summary.created_at,
        updated_at=summary.updated_at,
        targets=list(summary.targets),
        kicker=summary.kicker,
        source_url=summary.source_url,
        urgent=summary.urgent,
    )


def articles(database: Database) -> list[ArticleOut]:
    with database.session() as session:
        return [article_out(s) for s in repo.list_articles(session)]


def article_detail(database: Database, article_id: int) -> ArticleDetail:
    """One article with each edition's progress and state; its QA error counts are the
    publish check's own (the text each edition shows), unlike the dashboard's quick
    count of errors in the working text."""
    with database.session() as session:
        summary = repo.article_summary(session, article_id=article_id)
        facts = repo.article_facts(session, article_ids=[article_id])
        rows = {
            locale: repo.review_rows(session, article_id=article_id, locale=locale)
            for locale in summary.targets
        }
        source_locale = repo.get_source_locale(session, article_id=article_id)
        terms = {
            locale: repo.glossary(session, source_locale=source_locale, target_locale=locale)
            for locale in summary.targets
        }
    detail = _detail(summary, facts[article_id])
    for edition in detail.editions:
        found = qa.edition_errors(
            rows[edition.locale], locale=edition.locale, glossary=terms[edition.locale]
        )
        edition.errors = sum(len(s.errors) for s in found)
        if summary.urgent and not edition.done:
            edition.headline_ready = headline_ready(
                database, article_id=article_id, locale=edition.locale
            )
    return detail


def recent_article_details(database: Database, *, limit: int = 50) -> list[ArticleDetail]:
    """The newest articles with their editions' progress and state, read in a fixed
    number of statements whatever their number (the editors' dashboard)."""
    with database.session() as session:
        summaries = repo.list_articles(session, limit=limit)
        facts = repo.article_facts(session, article_ids=[s.id for s in summaries])
    return [_detail(summary, facts[summary.id]) for summary in summaries]


def _detail(summary: repo.ArticleSummary, facts: repo.ArticleFacts) -> ArticleDetail:
    out = []
    for locale in summary.targets:
        p = facts.progress.get(locale) or repo.LocaleProgress(locale)
        edition, publication = facts.editions.get(locale), facts.publications.get(locale)
        out.append(
            EditionOut(
                locale=locale,
                total=p.total,
                translated=p.translated,
                machine=p.machine + p.memory,
                human=p.human,
                approved=p.approved,
                needs_review=p.needs_review,
                awaiting_human=p.awaiting_human,
                failed=p.failed,
                pending=p.pending,
                warnings=p.warnings,
                errors=qa.unresolved_errors(facts.qa_rows.get(locale, [])),
                done=p.done,
                edition=None if edition is None else edition.state,
                assembled_at=None if edition is None else edition.assembled_at,
                published=publication is not None,
                published_at=None if publication is None else publication.published_at,
                published_state=None if publication is None else publication.state,
                out_of_date=publication is not None and not publication.current,
                preview_url=f"/editor/articles/{summary.id}/preview/{locale}",
                reader_url=f"/{locale}/{summary.slug}",
            )
        )
    base = article_out(summary)
    return ArticleDetail(
        **base.model_dump(),
        editions=out,
        overrides=[
            OverrideOut(locale=o.locale, username=o.username, errors=o.errors, at=o.at)
            for o in facts.overrides
        ],
    )


def segment_out(item: ReviewItem, *, locale: str = "en") -> SegmentOut:
    """One segment for the API; its warnings' ``label`` in ``locale`` (the caller's)."""
    row = item.row
    return SegmentOut(
        segment_id=row.segment_id,
        block=row.block_index,
        position=row.position,
        source=item.masked_source,
        text=row.text,
        origin=row.origin,
        status=row.status,
        version=row.version,
        score=row.score,
        warnings=qa.labelled(row.warnings, locale),
        error=row.error,
        awaiting_model=row.blocked_on == repo.BLOCKED_ON_MODEL,
        placeholders={p.token: p.rendered for p in item.placeholders},
        suggestions=[
            SuggestionOut(
                score=s.score,
                source=s.entry.source_text,
                text=s.entry.target_text,
                article_slug=s.entry.article_slug,
            )
            for s in item.suggestions
        ],
        shown_text=row.shown_text,
        draft=row.is_draft,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        approved_by=row.approved_by,
        approved_at=row.approved_at,
        confirmed_errors=list(row.confirmed_errors),
        confirmed_by=row.confirmed_by,
        confirmed_at=row.confirmed_at,
        previous_source=item.previous_source,
        previous_text=item.previous_text,
        flags=list(item.flags),
    )


def name_offer_out(offer: NameOffer) -> NameOfferOut:
    return NameOfferOut(segment_id=offer.segment_id, name=offer.name, spelling=offer.spelling)


def term_out(term: TermRecord) -> GlossaryTermOut:
    return GlossaryTermOut(
        id=term.id,
        term=term.term,
        translation=term.translation,
        kind="name" if term.is_name else "term",
        first_article_id=term.first_article_id,
    )


def offending_out(
    article_id: int, locale: str, segments: Sequence[qa.SegmentErrors], *, staff_locale: str = "en"
) -> list[OffendingSegmentOut]:
    """The publish check's offending segments, each with its place on the review screen;
    each error's ``label`` in ``staff_locale``."""
    base = base_locale(locale)
    return [
        OffendingSegmentOut(
            segment_id=s.segment_id,
            number=s.number,
            errors=labelled_warnings(s.errors, staff_locale),
            approved=s.approved,
            confirmed_by=s.confirmed_by,
            review_url=f"/translate/{base}/{article_id}?focus={s.segment_id}",
        )
        for s in segments
    ]


def labelled_warnings(warnings: Sequence[qa.QAWarning], locale: str) -> list[dict[str, object]]:
    """QA findings as the API shows them, each with its ``label`` in ``locale``."""
    return [{**w.to_json(), "label": w.words().localized(locale)} for w in warnings]


def applied_out(applied: AppliedMatch) -> AppliedMatchOut:
    return AppliedMatchOut(
        segment_id=applied.segment_id,
        number=applied.number,
        before=applied.before,
        after=applied.after,
        approved=applied.approved,
        applied=applied.applied,
    )


def queue_out(locale: str, item: repo.QueueItem) -> QueueItemOut:
    return QueueItemOut(
        article_id=item.article_id,
        slug=item.slug,
        title=item.title,
        total=item.total,
        open=item.open,
        failed=item.failed,
        awaiting_human=item.awaiting_human,
        needs_review=item.needs_review,
        warnings=item.warnings,
        lowest_score=item.lowest_score,
        waiting_since=item.oldest_open,
        review_url=f"/translate/{locale}/{item.article_id}",
        date=item.published,
        source_changed=item.changed,
    )


def user_out(user: repo.StoredUser) -> UserOut:
    return UserOut(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        languages=list(user.languages),
        active=user.active,
    )


def token_out(token: repo.StoredToken) -> TokenOut:
    return TokenOut(
        id=token.id,
        name=token.name,
        prefix=token.prefix,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )
