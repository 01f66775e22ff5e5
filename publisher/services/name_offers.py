"""Names spelled one way: after a translator approves a segment, the names in its source
that the glossary lacks are offered as glossary entries with the approved spelling.

Offers are computed, not stored: every name (see :mod:`publisher.core.names`) in the source
of an *approved* segment of the article, at its first such segment, unless the glossary
already has it (a term that is the name or contains it) or a translator of the language
declined it. The proposed spelling comes from the approved text
(:mod:`publisher.core.name_spelling`). Nothing is added silently: a translator accepts an
offer with the spelling they confirm or correct, and it becomes a glossary term of kind
"name" (QA then makes a different spelling an error, see :mod:`publisher.core.qa`), first
used in this article; or declines it, and it is not offered again for the language.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from publisher.core.articles import ProtectedSpan
from publisher.core.enums import Status
from publisher.core.errors import NotFoundError
from publisher.core.glossary import clean_term, terms_in
from publisher.core.messages import N_
from publisher.core.name_spelling import propose_spellings
from publisher.core.names import capitalised_inside, find_names
from publisher.core.protect import mask
from publisher.core.records import ReviewRow, TermRecord
from publisher.db import repository as repo
from publisher.db.repository import glossary_names as names_repo
from publisher.db.session import Database

logger = logging.getLogger(__name__)
NAME = "name"


@dataclass(frozen=True)
class NameOffer:
    """A name of an approved segment's source, offered for the glossary."""

    segment_id: int
    name: str
    #: How the approved translation spells it (the translator confirms or corrects it).
    spelling: str


def _masked(row: ReviewRow) -> str:
    return mask(row.source, [ProtectedSpan.from_json(dict(s)) for s in row.spans])


def _covered(name: str, source: str, terms: Sequence[TermRecord]) -> bool:
    """Whether a glossary term found in ``source`` is ``name`` or contains it."""
    key = name.casefold()
    return any(key in term.term.casefold() for term in terms_in(source, terms))


def offers_in(
    rows: Sequence[ReviewRow], *, terms: Sequence[TermRecord], dismissed: Collection[str]
) -> list[NameOffer]:
    """The offers of an article's review rows (in article order), each name once."""
    context = frozenset().union(*(capitalised_inside(_masked(row)) for row in rows))
    seen = set(dismissed)
    offers = []
    for row in rows:
        text = row.approved_text or row.text
        if row.status is not Status.APPROVED or not text:
            continue
        names = find_names(_masked(row), context=context)
        for name, spelling in zip(names, propose_spellings(names, text), strict=True):
            if name.casefold() in seen or _covered(name, row.source, terms):
                continue
            seen.add(name.casefold())
            offers.append(NameOffer(row.segment_id, name, spelling))
    return offers


def name_offers(
    database: Database, *, article_id: int, locale: str, segment_ids: Collection[int] | None = None
) -> list[NameOffer]:
    """The article's offers in ``locale`` (only those of ``segment_ids``, when given)."""
    with database.session() as session:
        repo.require_target(session, article_id=article_id, locale=locale)
        source_locale = repo.get_source_locale(session, article_id=article_id)
        rows = repo.review_rows(session, article_id=article_id, locale=locale)
        terms = repo.glossary(session, source_locale=source_locale, target_locale=locale)
        dismissed = names_repo.dismissed_names(
            session, source_locale=source_locale, target_locale=locale
        )
    offers = offers_in(rows, terms=terms, dismissed=dismissed)
    if segment_ids is not None:
        offers = [offer for offer in offers if offer.segment_id in segment_ids]
    return offers


def _offered(database: Database, article_id: int, locale: str, name: str) -> NameOffer:
    key = " ".join(name.split()).casefold()
    for offer in name_offers(database, article_id=article_id, locale=locale):
        if offer.name.casefold() == key:
            return offer
    raise NotFoundError(
        N_("“%(name)s” is not offered for the glossary in this article"), name=name[:200]
    )


def accept_name(
    database: Database, *, article_id: int, locale: str, name: str, spelling: str, username: str
) -> TermRecord:
    """Add an offered name to ``locale``'s glossary, spelled ``spelling`` (as the
    translator confirmed or corrected it), first used in this article. NotFoundError when
    the name is not offered there; InputError when the spelling is not acceptable."""
    offer = _offered(database, article_id, locale, name)
    cleaned = clean_term(offer.name, spelling)
    with database.session() as session:
        source_locale = repo.get_source_locale(session, article_id=article_id)
        repo.put_term(
            session,
            source_locale=source_locale,
            target_locale=locale,
            term=cleaned.term,
            translation=cleaned.translation,
            kind=NAME,
            first_article_id=article_id,
        )
        terms = repo.glossary(session, source_locale=source_locale, target_locale=locale)
    logger.info("%s added the name %r to the %s glossary", username, cleaned.term, locale)
    return next(t for t in terms if t.term.casefold() == cleaned.key)


def dismiss_name(
    database: Database, *, article_id: int, locale: str, name: str, username: str
) -> None:
    """Decline an offered name: it is not offered again in ``locale``."""
    offer = _offered(database, article_id, locale, name)
    with database.session() as session:
        source_locale = repo.get_source_locale(session, article_id=article_id)
        names_repo.dismiss_name(
            session,
            source_locale=source_locale,
            target_locale=locale,
            name=offer.name,
            username=username,
        )
