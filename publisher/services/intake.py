"""Submit an article and send its translation work: the publisher's side of the data flow.

ingest -> segment -> protect -> store (one transaction) -> dispatch batches per locale.
Everything that can refuse the input runs before anything is stored or written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from celery import Celery
from sqlalchemy.orm import Session

from publisher.core.articles import Article, Block, BlockKind, ProtectedSpan, Segment
from publisher.core.errors import InputError
from publisher.core.ingest import ParsedArticle, SourceDocument, parse
from publisher.core.locales import SOURCE_LOCALES, TARGET_LOCALES
from publisher.core.localize.l10n import DERIVED, normalize_locale
from publisher.core.messages import N_
from publisher.core.protect import PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, find_spans
from publisher.core.segment.segmenter import split_block
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.dispatch import (
    no_model_reason,
    route_to_translators,
    send_assembly,
)
from publisher.services.urgent import assembly_priority, plan, send_planned


@dataclass(frozen=True)
class PreparedArticle:
    article: Article
    parsed: ParsedArticle
    source: SourceDocument


def parse_locales(
    codes: str | Sequence[str], *, allowed: Sequence[str] = TARGET_LOCALES
) -> tuple[str, ...]:
    """Normalize a list of target locale codes, refusing unknown or unsupported ones."""
    raw = codes.split(",") if isinstance(codes, str) else list(codes)
    cleaned = [code.strip().replace("-", "_") for code in raw if code.strip()]
    if not cleaned:
        raise InputError(
            N_("no target language given; choose from %(choices)s"), choices=", ".join(allowed)
        )
    result: list[str] = []
    for code in cleaned:
        base = _supported_base(code, allowed)
        if base not in result:
            result.append(base)
    return tuple(result)


def _supported_base(code: str, allowed: Sequence[str]) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError) as exc:
        raise InputError(
            N_("unknown locale code “%(code)s”; choose from %(choices)s"),
            code=code[:20],
            choices=", ".join(allowed),
        ) from exc
    base = normalize_locale(code)
    if base in DERIVED and DERIVED[base].base in allowed:
        raise InputError(
            N_(
                "unsupported locale “%(code)s”: the %(locale)s edition is made from %(base)s by "
                "transliteration; choose %(base)s"
            ),
            code=code[:20],
            locale=base,
            base=DERIVED[base].base,
        )
    if base not in allowed:
        raise InputError(
            N_("unsupported locale “%(code)s”: choose from %(choices)s"),
            code=code[:20],
            choices=", ".join(allowed),
        )
    return base


def check_source_locale(code: str) -> str:
    return parse_locales([code], allowed=SOURCE_LOCALES)[0]


SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def check_slug(slug: str) -> str:
    """A slug becomes a file name and a URL path: lowercase letters, digits, single hyphens."""
    if len(slug) > 80 or not SLUG_PATTERN.fullmatch(slug):
        raise InputError(
            N_("invalid slug “%(slug)s”: use 1-80 lowercase letters, digits and single hyphens"),
            slug=slug[:100],
        )
    return slug


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:80].strip("-") or "article"


def _with_detected_spans(segment: Segment, reference: date) -> Segment:
    """Add dates, numbers... to the segment's markup spans; drop ones crossing markup edges."""
    markup = segment.spans
    detected = [
        span
        for span in find_spans(segment.text, reference=reference)
        if all(_nests(span, m) for m in markup)
    ]
    spans = sorted([*markup, *detected], key=lambda s: (s.start, -(s.end - s.start)))
    return replace(segment, spans=tuple(spans))


def _nests(a: ProtectedSpan, b: ProtectedSpan) -> bool:
    disjoint = a.end <= b.start or b.end <= a.start
    inside = b.start <= a.start and a.end <= b.end
    return disjoint or inside


def _prepare_block(block: Block, reference: date) -> Block:
    split = split_block(block)
    segments = tuple(_with_detected_spans(s, reference) for s in split.segments)
    return replace(split, segments=segments)


def _refuse_reserved_characters(source: SourceDocument) -> None:
    for char in (PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE):
        if char in source.text:
            line = source.text[: source.text.index(char)].count("\n") + 1
            raise InputError(
                N_(
                    "%(name)s: line %(line)s contains %(char)s (%(code)s), a character Tarjima "
                    "reserves for protected spans; replace it and submit again"
                ),
                name=source.name,
                line=line,
                char=char,
                code=f"U+{ord(char):04X}",
            )


def prepare(
    source: SourceDocument, *, source_locale: str, published: date, slug: str | None = None
) -> PreparedArticle:
    """Parse, segment and protect a source document (pure: nothing stored)."""
    _refuse_reserved_characters(source)
    parsed = parse(source)
    blocks = tuple(_prepare_block(block, published) for block in parsed.blocks)
    article = Article(
        slug=check_slug(slug) if slug is not None else slugify(parsed.title),
        title=parsed.title,
        source_locale=check_source_locale(source_locale),
        published=published,
        blocks=blocks,
    )
    return PreparedArticle(article, parsed, source)


def store(
    database: Database, prepared: PreparedArticle, *, targets: Sequence[str], replace_existing: bool
) -> int:
    """Store article, blocks, segments and targets in one transaction; return the id."""
    with database.session() as session:
        existing = repo.find_article_id(session, slug=prepared.article.slug)
        if existing is not None:
            if not replace_existing:
                raise InputError(
                    f"an article with slug {prepared.article.slug!r} exists; "
                    "pass --slug NEW or --replace"
                )
            repo.delete_article(session, article_id=existing)
            session.flush()
        return repo.add_article(
            session,
            article=prepared.article,
            source_text=prepared.source.text,
            source_format=prepared.source.fmt,
            targets=targets,
        )


def dispatch(
    celery: Celery,
    database: Database,
    *,
    article_id: int,
    targets: Sequence[str],
    batch_size: int,
    lease_ttl: float | None = None,
) -> int:
    """Send one translate task per batch of segments and locale (each written in the work
    ledger first); returns the number sent.

    With ``lease_ttl`` (a broker, workers holding leases), a language that no live worker
    can translate is not queued: its segments go straight to human translators, marked as
    awaiting a model, and come back to the machines when a worker can translate them
    (publisher.services.reconcile.rules). With no live worker at all, everything is queued. An
    urgent
    article's headline and lead go first, ahead of the backlog (publisher.services.urgent)."""
    with database.session() as session:
        ids = repo.segment_ids(session, article_id=article_id)
        repo.mark_dispatched(session, article_id=article_id, locales=targets)
        served = _served_languages(session, lease_ttl)
    waves = plan(database, article_id=article_id, segment_ids=ids, batch_size=batch_size)
    sent = 0
    for locale in targets:
        if served is not None and locale not in served:
            route_to_translators(
                database,
                article_id=article_id,
                locale=locale,
                segment_ids=ids,
                reason=no_model_reason(locale),
            )
            send_assembly(
                celery,
                database,
                article_id=article_id,
                locale=locale,
                priority=assembly_priority(database, article_id=article_id),
            )
            continue
        sent += len(
            send_planned(celery, database, article_id=article_id, locale=locale, waves=waves)
        )
    return sent


def _served_languages(session: Session, lease_ttl: float | None) -> set[str] | None:
    """The languages the live workers translate into; None when no worker is known to be
    alive (or leases are not consulted)."""
    if lease_ttl is None:
        return None
    live = [lease for lease in repo.leases(session) if lease.age <= lease_ttl]
    return {code for lease in live for code in lease.locales} if live else None


def with_title(prepared: PreparedArticle, title: str) -> PreparedArticle:
    """The article with ``title`` as its headline (translated like any block), replacing
    the headline found in the text, if any."""
    article = prepared.article
    body = [b for b in article.blocks if b.kind is not BlockKind.HEADLINE]
    headline = _prepare_block(Block(0, BlockKind.HEADLINE, title), article.published)
    blocks = [headline, *(_renumbered(block, i) for i, block in enumerate(body, start=1))]
    return replace(prepared, article=replace(article, title=title, blocks=tuple(blocks)))


MAX_KICKER = 60  # publisher.db.models.KICKER_LENGTH


def with_kicker(prepared: PreparedArticle, kicker: str | None) -> PreparedArticle:
    """The article with ``kicker`` (the section or label over the headline, spaces
    collapsed) or none when it is empty; raises InputError when it is too long."""
    text = " ".join((kicker or "").split()) or None
    if text is not None and len(text) > MAX_KICKER:
        raise InputError(N_("the kicker is too long (over %(limit)s characters)"), limit=MAX_KICKER)
    return replace(prepared, article=replace(prepared.article, kicker=text))


MAX_SOURCE_URL = 2000
_SOURCE_URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)


def with_source_url(prepared: PreparedArticle, url: str | None) -> PreparedArticle:
    """The article with the address of its original (an http or https URL), or none when
    it is empty; raises InputError for anything else."""
    text = (url or "").strip() or None
    if text is not None and (len(text) > MAX_SOURCE_URL or not _SOURCE_URL.fullmatch(text)):
        raise InputError(N_("the original's address must be an http or https URL"))
    return replace(prepared, article=replace(prepared.article, source_url=text))


def _renumbered(block: Block, index: int) -> Block:
    segments = tuple(replace(s, block_index=index) for s in block.segments)
    return replace(block, index=index, segments=segments)
