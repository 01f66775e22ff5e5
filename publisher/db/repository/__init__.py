"""Repository: the only code that touches ORM rows.

Every function takes the session keyword-only, works inside the caller's transaction
and returns value objects (:mod:`publisher.articles`) or frozen records.
"""

from publisher.db.repository.articles import (
    add_article,
    delete_article,
    find_article_id,
    get_article,
    get_source_locale,
    list_targets,
    load_segments,
    segment_ids,
)
from publisher.db.repository.editions import get_edition, list_editions, save_edition
from publisher.db.repository.records import (
    LocaleProgress,
    StoredEdition,
    StoredSegment,
    StoredTranslation,
)
from publisher.db.repository.translations import (
    locale_progress,
    mark_failed,
    translations_for,
    upsert_translation,
)
from publisher.db.repository.work import (
    OutstandingWork,
    count_resend,
    mark_dispatched,
    outstanding_work,
    untranslated_segment_ids,
)

__all__ = [
    "LocaleProgress",
    "OutstandingWork",
    "StoredEdition",
    "StoredSegment",
    "StoredTranslation",
    "add_article",
    "count_resend",
    "delete_article",
    "find_article_id",
    "get_article",
    "get_edition",
    "get_source_locale",
    "list_editions",
    "list_targets",
    "load_segments",
    "locale_progress",
    "mark_dispatched",
    "mark_failed",
    "outstanding_work",
    "save_edition",
    "segment_ids",
    "translations_for",
    "untranslated_segment_ids",
    "upsert_translation",
]
