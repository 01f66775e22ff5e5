"""Glossaries managed: add, remove, CSV import and export, the starter glossary; each
all-or-nothing and validated by the core's rules (``publisher.core.glossary``): refused
input raises :class:`InputError` and changes nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from publisher.core.glossary import COLUMNS, check_target_locale, clean_term, parse_csv
from publisher.core.locales import TARGET_LOCALES
from publisher.core.records import TermRecord
from publisher.db import repository as repo
from publisher.db.session import Database

#: The newsroom's starter glossaries, one CSV file per target language.
STARTER_DIR = Path(__file__).resolve().parents[1] / "data" / "glossary"


def terms_for(
    database: Database, target_locale: str, source_locale: str = "en"
) -> list[TermRecord]:
    """The pair's terms, alphabetically."""
    check_target_locale(target_locale, source_locale)
    with database.session() as session:
        return repo.glossary(session, source_locale=source_locale, target_locale=target_locale)


def add_term(
    database: Database,
    *,
    target_locale: str,
    term: str,
    translation: str,
    note: str = "",
    source_locale: str = "en",
) -> bool:
    """Add a term, or change the translation and note of the same term (in any case).
    True when the term is new."""
    check_target_locale(target_locale, source_locale)
    cleaned = clean_term(term, translation, note)
    with database.session() as session:
        existing = repo.glossary(session, source_locale=source_locale, target_locale=target_locale)
        added = all(t.term.casefold() != cleaned.key for t in existing)
        repo.put_term(
            session,
            source_locale=source_locale,
            target_locale=target_locale,
            term=cleaned.term,
            translation=cleaned.translation,
            note=cleaned.note,
        )
    return added


def remove_term(database: Database, term_id: int, *, target_locale: str | None = None) -> bool:
    """Delete a term (only from ``target_locale``'s glossary, when given). False when
    there was no such term."""
    with database.session() as session:
        if target_locale is not None:
            check_target_locale(target_locale)
            pair = repo.glossary(session, source_locale="en", target_locale=target_locale)
            if all(t.id != term_id for t in pair):
                return False
        return repo.delete_term(session, term_id=term_id)


@dataclass(frozen=True)
class ImportResult:
    """What an import did: terms added, terms changed, terms already as in the file."""

    added: int
    updated: int
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


def export_csv(database: Database, target_locale: str, source_locale: str = "en") -> str:
    """The pair's glossary as CSV text: a header row ``term,translation,note``, then the
    terms alphabetically. Files for spreadsheets should be written with a BOM
    (``utf-8-sig``) so they open as UTF-8; :func:`import_csv` reads both."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for term in terms_for(database, target_locale, source_locale):
        writer.writerow((term.term, term.translation, term.note))
    return buffer.getvalue()


def import_csv(
    database: Database,
    data: bytes,
    target_locale: str,
    *,
    max_bytes: int,
    source_locale: str = "en",
) -> ImportResult:
    """Add or update every term of a CSV file (columns term, translation, note; header
    row first; UTF-8 with or without BOM) in one transaction: a file with any bad row
    is refused with InputError and changes nothing. Terms not in the file stay."""
    check_target_locale(target_locale, source_locale)
    items = parse_csv(data, max_bytes=max_bytes)
    added = updated = unchanged = 0
    with database.session() as session:
        existing = {
            t.term.casefold(): t
            for t in repo.glossary(
                session, source_locale=source_locale, target_locale=target_locale
            )
        }
        for item in items:
            before = existing.get(item.key)
            if before is None:
                added += 1
            elif (before.term, before.translation, before.note) == (
                item.term,
                item.translation,
                item.note,
            ):
                unchanged += 1
                continue
            else:
                updated += 1
            repo.put_term(
                session,
                source_locale=source_locale,
                target_locale=target_locale,
                term=item.term,
                translation=item.translation,
                note=item.note,
            )
    return ImportResult(added, updated, unchanged)


def seed_starter(
    database: Database, *, max_bytes: int = 1024 * 1024
) -> dict[str, ImportResult | None]:
    """Import the starter glossary of every target language whose glossary is empty.
    Per language: what was imported, or None when it had terms already (or no file)."""
    done: dict[str, ImportResult | None] = {}
    for locale in TARGET_LOCALES:
        path = STARTER_DIR / f"{locale}.csv"
        if terms_for(database, locale) or not path.is_file():
            done[locale] = None
            continue
        done[locale] = import_csv(database, path.read_bytes(), locale, max_bytes=max_bytes)
    return done
