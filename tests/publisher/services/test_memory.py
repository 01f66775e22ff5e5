"""The translation memory's rules: what a lookup matches, when a match may be approved
without a person, and which entries may replace which."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from publisher.core.articles import Segment
from publisher.core.protect import find_spans
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.memory import (
    exact_matches,
    masked_source,
    may_approve_match,
    memory_key,
    normalize,
    remember_segment,
)


def _segment(text: str) -> Segment:
    return Segment(0, 0, text, find_spans(text, reference=date(2021, 7, 21)))


def test_keys_ignore_whitespace_and_the_values_of_protected_spans() -> None:
    two, five = _segment("On July 18, 2 people left."), _segment("On July 19,  5 people left.")
    assert masked_source(two) == masked_source(five) == "⟦1⟧, ⟦2⟧ people left."
    assert memory_key(normalize(" a  b ")) == memory_key("a b")


def test_matches_and_who_may_replace_an_entry(tmp_path: Path) -> None:
    database = Database.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    two = _segment("On July 18, 2 people left.")
    with database.session() as session:
        remember_segment(
            session,
            segment=two,
            source_locale="en",
            target_locale="ru",
            target_text="⟦1⟧ ⟦2⟧ человека уехали.",
            article_id=None,
            article_slug="first",
            origin="human",
            approved=True,
            changed_by="olga",
        )
    five = _segment("On July 19, 5 people left.")
    found = exact_matches(
        database, [five, _segment("Unrelated.")], source_locale="en", target_locale="ru"
    )
    assert list(found) == [0]
    entry = found[0]
    # Russian nouns agree with numbers (2 человека, 5 человек): not approved blindly.
    assert not may_approve_match(entry, five, "ru")
    assert may_approve_match(entry, _segment("On July 18, 2 people left."), "ru")
    assert may_approve_match(entry, five, "ky")  # Kyrgyz uses the singular after numbers

    key = entry.source_key
    with database.session() as session:
        # An unapproved or imported entry never replaces a translator's approved one.
        assert not repo.remember(
            session,
            source_locale="en",
            target_locale="ru",
            source_key=key,
            source_text=entry.source_text,
            target_text="люди уехали",
            article_id=None,
            article_slug=None,
            origin="import",
            approved=False,
            changed_by=None,
        )
        assert not repo.remember(
            session,
            source_locale="en",
            target_locale="ru",
            source_key=key,
            source_text=entry.source_text,
            target_text="люди уехали",
            article_id=None,
            article_slug=None,
            origin="import",
            approved=True,
            changed_by=None,
        )
        # Another translator's approval does.
        assert repo.remember(
            session,
            source_locale="en",
            target_locale="ru",
            source_key=key,
            source_text=entry.source_text,
            target_text="⟦1⟧ ⟦2⟧ человека уехали!",
            article_id=None,
            article_slug=None,
            origin="human",
            approved=True,
            changed_by="anna",
        )
    with database.session() as session:
        (stored,) = repo.memory_entries(session, source_locale="en", target_locale="ru")
    assert (stored.target_text, stored.changed_by) == ("⟦1⟧ ⟦2⟧ человека уехали!", "anna")
    database.dispose()
