"""Where each glossary term was first used: the article, shown on the glossary page.

An offered name accepted by a translator records its article when it is accepted
(:mod:`publisher.services.name_offers`). Any other term (added on the page, imported, seeded)
is located the first time the page is shown after it came, or after a newer article
came while none was known: the oldest article (by date, then id) whose title or source
contains it as the glossary matches terms (:func:`publisher.core.glossary.terms_in`). The
result is stored with the term, so the page reads it in one query.
"""

from __future__ import annotations

from publisher.core.glossary import check_target_locale, terms_in
from publisher.core.records import TermRecord
from publisher.db.repository import glossary_names as names_repo
from publisher.db.repository.glossary_names import ArticleText, FirstUse
from publisher.db.session import Database

_APOSTROPHES = "'‘’ʻʼ`"


def _sieve_words(term: str) -> list[str]:
    """The words of ``term`` a database LIKE can look for (apostrophes vary)."""
    return [w for w in term.split() if not any(a in w for a in _APOSTROPHES)]


def _first_article(term: TermRecord, articles: list[ArticleText]) -> int | None:
    for article in articles:
        if terms_in(f"{article.title}\n{article.source_text}", [term]):
            return article.article_id
    return None


def locate_first_uses(database: Database, target_locale: str, source_locale: str = "en") -> int:
    """Find and store the first article of each term of the pair that needs it (see the
    module doc). Returns how many terms were searched for."""
    check_target_locale(target_locale, source_locale)
    with database.session() as session:
        pending = names_repo.terms_to_locate(
            session, source_locale=source_locale, target_locale=target_locale
        )
        for term_id, term in pending:
            record = TermRecord(term_id, source_locale, target_locale, term, "", "")
            articles = names_repo.articles_mentioning(
                session, source_locale=source_locale, words=_sieve_words(term)
            )
            names_repo.set_first_use(
                session, term_id=term_id, article_id=_first_article(record, articles)
            )
    return len(pending)


def first_uses(
    database: Database, target_locale: str, source_locale: str = "en"
) -> dict[int, FirstUse]:
    """The first article of each term of the pair, by term id, once located."""
    locate_first_uses(database, target_locale, source_locale)
    with database.session() as session:
        return names_repo.first_uses(
            session, source_locale=source_locale, target_locale=target_locale
        )


__all__ = ["FirstUse", "first_uses", "locate_first_uses"]
