"""Publishing an urgent article's headline and lead alone, then the whole of it.

An editor may publish an edition whose headline and lead are translated while the rest
still awaits translation: a partial edition, accepted explicitly ("Publish headline and
lead now" on the web, ``headline_and_lead`` in the API, ``--headline-and-lead`` on the
command line). It reads like any partial edition: a note at the top says the page partly
awaits translation, the passages not yet translated are shown in English marked as such,
and it stays out of the sitemap and the hreflang alternates (publisher.services.editions).

When the rest of an urgent article is translated, its assembly publishes the complete
edition in place of the partial one, unless QA errors hold it back for the editor.
"""

from __future__ import annotations

from publisher.core.breaking import headline_and_lead, lead_translated
from publisher.core.config import Settings
from publisher.core.enums import EditionState
from publisher.core.errors import TarjimaError
from publisher.core.localize.l10n import DERIVED, base_locale
from publisher.core.messages import N_, LanguageName
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.editions import Edition, assemble_and_store
from publisher.services.publish import publish_edition

FOLLOW_UP_USER = "tarjima: the whole article replaced its headline and lead"


class HeadlineNotReadyError(TarjimaError):
    """The headline or lead of the edition still awaits translation."""

    def __init__(self, locale: str) -> None:
        super().__init__(
            N_(
                "the headline and lead of the %(language)s edition are not translated yet: "
                "wait for them, then publish"
            ),
            language=LanguageName(locale),
        )


def headline_ready(database: Database, *, article_id: int, locale: str) -> bool:
    """Whether the edition's headline and lead are translated: each of their segments has
    the text an edition would show (as publisher.services.editions decides)."""
    with database.session() as session:
        article = repo.get_article(session, article_id=article_id)
        ids = repo.segment_ids(session, article_id=article_id)
        rows = repo.translations_for(session, article_id=article_id, locale=base_locale(locale))
    positions = [(s.block_index, s.index) for b in article.blocks for s in b.segments]
    shown = {
        position
        for position, i in zip(positions, ids, strict=True)
        if i in rows and rows[i].shown_text
    }
    return lead_translated(article, headline_and_lead(article) - shown)


def publish_headline_and_lead(
    database: Database,
    settings: Settings,
    *,
    article_id: int,
    locale: str,
    user_id: int | None,
    username: str = "command line",
    override_errors: bool = False,
) -> Edition:
    """Publish the edition as it is now, partial or not, once its headline and lead are
    translated (the editor's explicit acceptance of a partial edition); raises
    HeadlineNotReadyError before that."""
    if not headline_ready(database, article_id=article_id, locale=locale):
        raise HeadlineNotReadyError(locale)
    return publish_edition(
        database,
        settings,
        article_id=article_id,
        locale=locale,
        user_id=user_id,
        accept_partial=True,
        override_errors=override_errors,
        username=username,
    )


def assemble_and_follow(
    database: Database, settings: Settings, *, article_id: int, locale: str
) -> Edition:
    """Assemble and store the edition (publisher.services.editions.assemble_and_store); when an
    urgent article's edition is now complete and readers have its partial one, publish
    the complete edition in its place (QA errors leave that to the editor)."""
    edition = assemble_and_store(database, settings, article_id=article_id, locale=locale)
    if edition.state is EditionState.COMPLETE and locale not in DERIVED:
        replace_partial(database, settings, article_id=article_id, locale=locale)
    return edition


def replace_partial(
    database: Database, settings: Settings, *, article_id: int, locale: str
) -> Edition | None:
    """Publish the complete edition of an urgent article whose readers have a partial
    one; None when there is nothing to replace (or QA errors hold it back)."""
    with database.session() as session:
        urgent = repo.is_urgent(session, article_id=article_id)
        published = repo.publications_of(session, article_id=article_id).get(locale)
    if not urgent or published is None or published.state is not EditionState.PARTIAL:
        return None
    try:
        edition = publish_edition(
            database,
            settings,
            article_id=article_id,
            locale=locale,
            user_id=None,
            username=FOLLOW_UP_USER,
        )
    except TarjimaError:
        return None  # partial again, or QA errors: the editor decides
    return edition
