"""Submitting and updating articles from the web app or the API.

The same steps as ``tarjima publish``: check and decode the source, parse, segment and
protect (nothing stored until all of that succeeds), store, then send the work.
An update keeps the article's id, slug history and publications: readers keep the
published text until an editor publishes the new one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from celery import Celery

from publisher.core.config import Settings
from publisher.core.errors import InputError
from publisher.core.ingest import decode_source
from publisher.core.locales import LOCALE_CODES, SOURCE_LOCALES
from publisher.core.localize.l10n import locale_tag
from publisher.core.messages import N_
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.intake import (
    PreparedArticle,
    dispatch,
    parse_locales,
    prepare,
    slugify,
    with_kicker,
    with_source_url,
    with_title,
)
from publisher.services.public_folder import take_down_pages

FormatChoice = Literal["auto", "text", "markdown", "html"]
PASTED_NAMES: dict[str, str] = {
    "auto": "pasted",
    "text": "pasted.txt",
    "markdown": "pasted.md",
    "html": "pasted.html",
}
MAX_TITLE = 300

#: First path segments the web app uses; an article slug may not take one of them.
RESERVED_SLUGS = frozenset(
    {
        "api",
        "static",
        "editor",
        "translate",
        "admin",
        "account",
        "login",
        "logout",
        "docs",
        "redoc",
        "openapi",
        "healthz",
        "language",
        "feed",
        "sitemap",
        "robots",
        "favicon",
        # a locale's tag is its front page ("/ky"; "/uz-Cyrl")
        *(locale_tag(code).lower() for code in LOCALE_CODES),
    }
)


@dataclass(frozen=True)
class Submission:
    """What an editor sends: the source (bytes and file name, or pasted text) and metadata."""

    data: bytes
    name: str
    targets: Sequence[str]
    published: date
    slug: str | None = None
    title: str | None = None
    kicker: str | None = None  # the section or label over the headline; None: no kicker
    source_url: str | None = None  # the English original's address, if any
    urgent: bool = False  # breaking news: headline and lead ahead of queued work

    @classmethod
    def pasted(
        cls,
        text: str,
        fmt: FormatChoice,
        *,
        targets: Sequence[str],
        published: date,
        slug: str | None = None,
        title: str | None = None,
        kicker: str | None = None,
        source_url: str | None = None,
        urgent: bool = False,
    ) -> Submission:
        return cls(
            data=text.encode("utf-8"),
            name=PASTED_NAMES[fmt],
            targets=targets,
            published=published,
            slug=slug,
            title=title,
            kicker=kicker,
            source_url=source_url,
            urgent=urgent,
        )


def prepare_submission(settings: Settings, submission: Submission) -> PreparedArticle:
    """Check, decode and prepare the article; raises InputError, stores nothing."""
    parse_locales(list(submission.targets), allowed=settings.target_locales)
    document = decode_source(
        submission.data, name=submission.name, max_bytes=settings.max_upload_bytes
    )
    title = (submission.title or "").strip()
    if len(title) > MAX_TITLE:
        raise InputError(N_("the title is too long (over %(limit)s characters)"), limit=MAX_TITLE)
    slug = submission.slug.strip() if submission.slug and submission.slug.strip() else None
    if slug in RESERVED_SLUGS:
        raise InputError(
            N_("the slug “%(slug)s” is reserved for the site's own pages; choose another"),
            slug=slug,
        )
    if slug is None and title:
        slug = slugify(title)
        slug = f"{slug}-article" if slug in RESERVED_SLUGS else slug
    prepared = prepare(
        document, source_locale=SOURCE_LOCALES[0], published=submission.published, slug=slug
    )
    if prepared.article.slug in RESERVED_SLUGS:
        prepared = replace(
            prepared, article=replace(prepared.article, slug=f"{prepared.article.slug}-article")
        )
    if title:
        prepared = with_title(prepared, title)
    return with_source_url(with_kicker(prepared, submission.kicker), submission.source_url)


def submit(database: Database, settings: Settings, celery: Celery, submission: Submission) -> int:
    """Store a new article and send its work; returns its id."""
    targets = parse_locales(list(submission.targets), allowed=settings.target_locales)
    prepared = prepare_submission(settings, submission)
    with database.session() as session:
        article_id = repo.add_article(
            session,
            article=prepared.article,
            source_text=prepared.source.text,
            source_format=prepared.source.fmt,
            targets=targets,
        )
        repo.set_urgent(session, article_id=article_id, urgent=submission.urgent)
    _send(celery, database, settings, article_id, targets)
    return article_id


def update(
    database: Database,
    settings: Settings,
    celery: Celery,
    article_id: int,
    submission: Submission,
) -> None:
    """Replace an article's text and targets and send the new work. The public pages of
    the languages dropped with their publications leave the output folder, and the
    remaining pages stop linking to them."""
    targets = parse_locales(list(submission.targets), allowed=settings.target_locales)
    prepared = prepare_submission(settings, submission)
    with database.session() as session:
        slug = repo.article_summary(session, article_id=article_id).slug
        published = set(repo.publications_of(session, article_id=article_id))
        repo.replace_article(
            session,
            article_id=article_id,
            article=prepared.article,
            source_text=prepared.source.text,
            source_format=prepared.source.fmt,
            targets=targets,
        )
        repo.set_urgent(session, article_id=article_id, urgent=submission.urgent)
        dropped = sorted(published - set(repo.publications_of(session, article_id=article_id)))
    _send(celery, database, settings, article_id, targets)  # the update is stored: send first
    if dropped:
        take_down_pages(database, settings, article_id=article_id, slug=slug, locales=dropped)


def _send(
    celery: Celery, database: Database, settings: Settings, article_id: int, targets: Sequence[str]
) -> None:
    """Send the article's translation work in batches of the configured size."""
    dispatch(
        celery,
        database,
        article_id=article_id,
        targets=targets,
        batch_size=settings.batch_size,
        lease_ttl=_lease_ttl(settings),
    )


def _lease_ttl(settings: Settings) -> float | None:
    """Workers' leases say which languages can be translated only when there are workers."""
    return settings.lease_ttl if settings.broker_url else None
