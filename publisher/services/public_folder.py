"""The public output folder: one page per published edition, linked to the article's other
published editions only.

A page's language links point at the article's published editions (never at an
unpublished one, which has no page there), and its hreflang alternates name only the
complete ones: a partial edition declares none and is declared by none until it is
complete. Because those sets change whenever any language of the article is published or
taken away, every publish and unpublish writes the pages of all the article's published
editions again, each from its own publication snapshot (its text never changes here).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from markupsafe import Markup

from publisher.core.assemble.pages import EditionContent, Provenance, render_edition_page
from publisher.core.config import Settings
from publisher.core.enums import EditionState
from publisher.core.localize.l10n import edition_locales
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.editions import edition_path, remove_published, write_page

PROVENANCES: tuple[Provenance, ...] = ("reviewed", "machine", "partial")


def _provenance(publication: repo.StoredPublication) -> Provenance:
    """What the page tells its reader; a publication from before this was kept is partial
    when it has passages awaiting translation, else machine-translated."""
    for known in PROVENANCES:
        if publication.provenance == known:
            return known
    return "partial" if publication.missing else "machine"


def refresh_public_pages(database: Database, settings: Settings, *, article_id: int) -> list[Path]:
    """Write the public page of each of the article's published editions, its language
    links and alternates following what is published now; returns the paths written."""
    with database.session() as session:
        slug = repo.article_summary(session, article_id=article_id).slug
        targets = repo.list_targets(session, article_id=article_id)
        publications = repo.publications_of(session, article_id=article_id)
    order = [*edition_locales(targets), *sorted(publications)]
    published = [code for code in dict.fromkeys(order) if code in publications]
    complete = [code for code in published if publications[code].state is EditionState.COMPLETE]
    written = []
    for code in published:
        publication = publications[code]
        content = EditionContent(
            title=publication.title,
            html=Markup(publication.content),
            provenance=_provenance(publication),
        )
        html = render_edition_page(settings, slug, code, published, content, complete=complete)
        path = edition_path(settings, slug, code)
        write_page(path, html)
        written.append(path)
    return written


def take_down_pages(
    database: Database, settings: Settings, *, article_id: int, slug: str, locales: Sequence[str]
) -> list[Path]:
    """Take the pages of ``locales``, published at ``slug``, out of the output folder, and
    write the article's remaining pages again (their language links change); returns the
    paths written."""
    remove_published(settings, slug, locales)
    return refresh_public_pages(database, settings, article_id=article_id)
