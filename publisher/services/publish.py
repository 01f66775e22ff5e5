"""Publishing: an editor makes one locale's edition visible to readers, or takes it away.

Publishing assembles the edition from what the database holds at that moment, stores a
snapshot and writes its page to the public output folder (``<out>/<locale>/<slug>.html``;
nothing else writes there: assemblies go to the previews folder); unpublishing removes
the page. Either way the pages of the article's other published languages are written
again, so that their language links and hreflang alternates name only published pages
(``publisher.services.public_folder``). Later changes (a translator's fix, an updated article)
reach readers
when an editor publishes again. A partial edition, with passages still in the source
language, is published only when the editor accepts that explicitly.

An edition derived from another (uz_Cyrl from uz, ``publisher.core.localize.l10n.DERIVED``) follows
it:
publishing uz assembles both from one snapshot and publishes both in one transaction,
under the checks of uz (the Cyrillic text is the Uzbek text); unpublishing uz takes both
away. A derived edition is never published on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from publisher.core import qa
from publisher.core.config import Settings
from publisher.core.enums import EditionState
from publisher.core.errors import InputError, TarjimaError
from publisher.core.localize.l10n import DERIVED, base_locale, derived_locales
from publisher.core.messages import N_, LanguageName
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.editions import Edition, assemble_and_store_with_derived
from publisher.services.public_folder import refresh_public_pages, take_down_pages


class QAErrorsError(TarjimaError):
    """The edition's text has error-level QA problems and no override was given."""

    def __init__(self, locale: str, segments: Sequence[qa.SegmentErrors]) -> None:
        errors = sum(len(s.errors) for s in segments)
        numbers = ", ".join(str(s.number) for s in segments[:20])
        more = "…" if len(segments) > 20 else ""
        super().__init__(
            N_(
                "the %(language)s edition has %(errors)s QA errors (a number, date or link "
                "missing or altered, or an empty translation) in segments %(segments)s: fix "
                "those segments, or publish with an explicit override, which is recorded with "
                "your name"
            ),
            language=LanguageName(locale),
            errors=errors,
            segments=numbers + more,
        )
        self.locale = locale
        self.errors = errors
        self.segments = tuple(segments)


class PartialEditionError(TarjimaError):
    """The edition has passages awaiting translation and the editor did not accept that."""

    def __init__(self, locale: str, missing: int) -> None:
        super().__init__(
            N_(
                "the %(language)s edition is partial: %(missing)s passages await translation. "
                "Publish it anyway only by accepting a partial edition explicitly"
            ),
            language=LanguageName(locale),
            missing=missing,
        )
        self.missing = missing


def edition_errors(database: Database, *, article_id: int, locale: str) -> list[qa.SegmentErrors]:
    """The segments whose text in the edition has QA errors (approved text included;
    drafts are not in the edition), in article order."""
    base = base_locale(locale)
    with database.session() as session:
        rows = repo.review_rows(session, article_id=article_id, locale=base)
        source_locale = repo.get_source_locale(session, article_id=article_id)
        terms = repo.glossary(session, source_locale=source_locale, target_locale=base)
    return qa.edition_errors(rows, locale=base, glossary=terms)


def publish_edition(
    database: Database,
    settings: Settings,
    *,
    article_id: int,
    locale: str,
    user_id: int | None,
    accept_partial: bool = False,
    override_errors: bool = False,
    username: str = "command line",
) -> Edition:
    """Assemble the edition now and publish it. A partial edition needs
    ``accept_partial``; one with unresolved QA errors needs ``override_errors``, which is
    recorded with ``username``. The editions derived from ``locale`` (uz_Cyrl) are
    published with it, in the same transaction."""
    _refuse_derived(locale)
    with database.session() as session:
        repo.require_target(session, article_id=article_id, locale=locale)
    offending = edition_errors(database, article_id=article_id, locale=locale)
    errors = sum(len(s.errors) for s in offending)
    if errors and not override_errors:
        raise QAErrorsError(locale, offending)
    editions = assemble_and_store_with_derived(
        database, settings, article_id=article_id, locale=locale
    )
    edition = editions[0]
    if edition.state is EditionState.PARTIAL and not accept_partial:
        raise PartialEditionError(locale, len(edition.missing))
    with database.session() as session:
        if errors:
            repo.record_override(
                session,
                article_id=article_id,
                locale=locale,
                user_id=user_id,
                username=username,
                errors=errors,
            )
        for each in editions:
            repo.publish(
                session,
                article_id=article_id,
                locale=each.locale,
                title=each.title,
                content=each.content,
                state=each.state,
                missing=len(each.missing),
                user_id=user_id,
                provenance=each.provenance,
            )
    refresh_public_pages(database, settings, article_id=article_id)
    return edition


def _refuse_derived(locale: str) -> None:
    derived = DERIVED.get(locale)
    if derived is not None:
        raise InputError(
            N_(
                "the %(locale)s edition is made from the %(base)s edition: publish %(base)s "
                "and %(locale)s follows"
            ),
            locale=locale,
            base=derived.base,
        )


def unpublish_edition(
    database: Database, settings: Settings, *, article_id: int, locale: str
) -> bool:
    """Take the edition away from readers (404 from now on, and its page out of the
    public output folder); False if it was not published. Works for any published
    language, also one the article no longer asks for. The editions derived from
    ``locale`` (uz_Cyrl) go with it."""
    locales = (locale, *derived_locales(locale))
    with database.session() as session:
        slug = repo.article_summary(session, article_id=article_id).slug  # or NotFoundError
        for derived in locales[1:]:
            repo.unpublish(session, article_id=article_id, locale=derived)
        was = repo.unpublish(session, article_id=article_id, locale=locale)
    take_down_pages(database, settings, article_id=article_id, slug=slug, locales=locales)
    return was


@dataclass(frozen=True)
class ReadyOutcome:
    """What "publish every ready language" did with one language."""

    locale: str
    outcome: Literal["published", "current", "partial", "errors"]
    count: int = 0  # passages awaiting translation, or QA errors


def publish_ready(
    database: Database,
    settings: Settings,
    *,
    article_id: int,
    user_id: int | None,
    username: str = "command line",
) -> list[ReadyOutcome]:
    """Publish each of the article's languages that is complete and has no QA error, and
    whose readers do not already see exactly this edition; a partial edition, or one with
    QA errors, is left for an explicit decision and reported. In target order."""
    with database.session() as session:
        targets = repo.list_targets(session, article_id=article_id)
        published = repo.publications_of(session, article_id=article_id)
    outcomes = []
    for locale in targets:
        publication = published.get(locale)
        if publication is not None:
            # Compared with the edition assembled now, not the stored one, which may not
            # hold an approval yet (its assembly runs after the translator's answer).
            edition = assemble_and_store_with_derived(
                database, settings, article_id=article_id, locale=locale
            )[0]
            if (publication.title, publication.content) == (edition.title, edition.content):
                outcomes.append(ReadyOutcome(locale, "current"))
                continue
        try:
            publish_edition(
                database,
                settings,
                article_id=article_id,
                locale=locale,
                user_id=user_id,
                username=username,
            )
        except PartialEditionError as exc:
            outcomes.append(ReadyOutcome(locale, "partial", exc.missing))
        except QAErrorsError as exc:
            outcomes.append(ReadyOutcome(locale, "errors", exc.errors))
        else:
            outcomes.append(ReadyOutcome(locale, "published"))
    return outcomes
