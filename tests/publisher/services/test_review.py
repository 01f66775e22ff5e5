"""The review loop below the screens: a saved draft is work in progress that readers never
get, an approval over QA errors needs a recorded confirmation, the publish check counts
errors on approved text and names each segment, and exact memory matches made after an
article was translated are offered and applied. SQLite, the sample article."""

from __future__ import annotations

import pytest

from publisher.core.config import Settings
from publisher.db.models import Origin, Status
from publisher.services import review
from publisher.services.editions import assemble
from publisher.services.publish import (
    QAErrorsError,
    edition_errors,
    publish_edition,
    publish_ready,
)
from publisher.services.review import ConfirmationNeededError
from tests.support.articles import UZ_SAMPLE, UzSample

MACHINE = (18, 0)  # UZ_SAMPLE's machine translation
APPROVED = (2, 0)  # an approved human translation, with one placeholder
AWAITING = (7, 0)  # awaits a human: no text at all


def _item(uz_sample: UzSample, position: tuple[int, int]) -> review.ReviewItem:
    segment_id = uz_sample.segment_ids[position]
    items = review.review_items(
        uz_sample.database, article_id=uz_sample.article_id, locale="uz", segment_ids={segment_id}
    )
    return items[0]


def _save(
    settings: Settings,
    uz_sample: UzSample,
    position: tuple[int, int],
    text: str,
    *,
    approve: bool,
    confirm: bool = False,
    user: str = "dilnoza",
) -> int:
    item = _item(uz_sample, position)
    return review.save_segment(
        uz_sample.database,
        settings,
        article_id=uz_sample.article_id,
        locale="uz",
        segment_id=item.segment_id,
        text=text,
        approve=approve,
        version=item.row.version,
        username=user,
        confirm_errors=confirm,
    )


def _edition_html(settings: Settings, uz_sample: UzSample) -> str:
    _article, edition = assemble(
        uz_sample.database, settings, article_id=uz_sample.article_id, locale="uz"
    )
    return edition.html


def test_a_saved_draft_never_reaches_the_edition(settings: Settings, uz_sample: UzSample) -> None:
    machine_text = UZ_SAMPLE[MACHINE][0].replace("⟦1⟧ ", "")
    doubled = "Hukumat kuchlari ⟦1⟧ ba’zi ba’zi tumanlarni tumanlarni qaytarib oldi."
    _save(settings, uz_sample, MACHINE, doubled, approve=False)
    _save(settings, uz_sample, APPROVED, "Qoralama ⟦1⟧ matni.", approve=False)
    _save(settings, uz_sample, AWAITING, "Tarjimonning qoralamasi.", approve=False)

    html = _edition_html(settings, uz_sample)
    assert "tumanlarni tumanlarni" not in html and "Qoralama" not in html
    assert "qoralamasi" not in html
    assert machine_text.split(" ")[0] in html  # the engine's text, meanwhile
    assert "munosabatlar" in html  # the text approved before the draft
    # The rows say what is a draft and what readers get.
    drafted = _item(uz_sample, MACHINE).row
    assert drafted.is_draft and drafted.text == doubled
    assert drafted.shown_text == UZ_SAMPLE[MACHINE][0]
    assert _item(uz_sample, AWAITING).row.shown_text is None  # the source, marked

    # Approving the draft puts it in the edition.
    fixed = "Hukumat kuchlari ⟦1⟧ ba’zi tumanlarni qaytarib oldi va ushlab turdi."
    _save(settings, uz_sample, MACHINE, fixed, approve=True)
    assert "qaytarib oldi va ushlab turdi" in _edition_html(settings, uz_sample)
    row = _item(uz_sample, MACHINE).row
    assert (row.approved_text, row.approved_by, row.is_draft) == (fixed, "dilnoza", False)
    assert row.approved_at is not None


def test_approving_over_qa_errors_needs_a_recorded_confirmation(
    settings: Settings, uz_sample: UzSample
) -> None:
    lost_date = "Qirg‘iziston va Tojikiston o‘rtasidagi munosabatlar yomonlashdi."
    before = _item(uz_sample, APPROVED).row
    with pytest.raises(ConfirmationNeededError) as refused:
        _save(settings, uz_sample, APPROVED, lost_date, approve=True)
    assert [e.code for e in refused.value.errors] == ["span_missing"]
    assert _item(uz_sample, APPROVED).row.version == before.version  # nothing written

    _save(settings, uz_sample, APPROVED, lost_date, approve=True, confirm=True, user="bahrom")
    row = _item(uz_sample, APPROVED).row
    assert row.status is Status.APPROVED and row.text == lost_date
    assert row.confirmed_errors == ("span_missing",) and row.confirmed_by == "bahrom"
    assert row.confirmed_at is not None and row.confirmed_at == row.approved_at

    # A later clean approval clears the confirmation: nothing is left to confirm.
    _save(settings, uz_sample, APPROVED, UZ_SAMPLE[APPROVED][0], approve=True)
    row = _item(uz_sample, APPROVED).row
    assert (row.confirmed_errors, row.confirmed_by, row.confirmed_at) == ((), None, None)


def test_unknown_and_duplicated_placeholders_are_errors_never_dropped_silently(
    settings: Settings, uz_sample: UzSample
) -> None:
    with pytest.raises(ConfirmationNeededError) as refused:
        _save(settings, uz_sample, APPROVED, "⟦1⟧ va ⟦1⟧ hamda ⟦7⟧ munosabatlar.", approve=True)
    assert {e.code for e in refused.value.errors} == {"span_duplicated", "span_unknown"}
    # Saved as a draft, the warnings are stored and shown, and the edition is untouched.
    _save(settings, uz_sample, APPROVED, "⟦1⟧ va ⟦1⟧ hamda ⟦7⟧ munosabatlar.", approve=False)
    codes = {str(w["code"]) for w in _item(uz_sample, APPROVED).row.warnings}
    assert {"span_duplicated", "span_unknown"} <= codes


def test_the_publish_check_counts_approved_errors_and_names_each_segment(
    settings: Settings, uz_sample: UzSample
) -> None:
    database, article_id = uz_sample.database, uz_sample.article_id
    # A draft with an error is not in the edition: it blocks nothing.
    _save(settings, uz_sample, MACHINE, "Hukumat kuchlari tumanlarni oldi.", approve=False)
    assert edition_errors(database, article_id=article_id, locale="uz") == []
    # An approved text with an error is, confirmation or not.
    _save(
        settings,
        uz_sample,
        APPROVED,
        "Munosabatlar yomonlashdi.",
        approve=True,
        confirm=True,
        user="bahrom",
    )
    found = edition_errors(database, article_id=article_id, locale="uz")
    number = next(
        i
        for i, item in enumerate(
            review.review_items(database, article_id=article_id, locale="uz", suggestions=False),
            start=1,
        )
        if item.segment_id == uz_sample.segment_ids[APPROVED]
    )
    assert [(s.number, s.approved, s.confirmed_by) for s in found] == [(number, True, "bahrom")]
    with pytest.raises(QAErrorsError) as refused:
        publish_edition(
            database,
            settings,
            article_id=article_id,
            locale="uz",
            user_id=None,
            accept_partial=True,
        )
    assert [s.segment_id for s in refused.value.segments] == [uz_sample.segment_ids[APPROVED]]
    assert "Uzbek edition" in str(refused.value) and f"segments {number}" in str(refused.value)
    # The same check for the Cyrillic edition, which is made from uz.
    assert edition_errors(database, article_id=article_id, locale="uz_Cyrl") == found


def test_exact_memory_matches_made_later_are_offered_and_applied(
    settings: Settings, uz_sample: UzSample
) -> None:
    database, article_id = uz_sample.database, uz_sample.article_id
    machine = _item(uz_sample, MACHINE)
    assert machine.exact is None  # nothing in memory yet
    # Another article's translator approves the same sentence: it enters the memory.
    entry_text = "Hukumat qo‘shinlari ⟦1⟧ ayrim tumanlarni qaytarib oldi."
    with database.session() as session:
        from publisher.services import memory

        memory.remember_segment(
            session,
            segment=review._segment(machine.row),
            source_locale="en",
            target_locale="uz",
            target_text=entry_text,
            article_id=None,
            article_slug="other-story",
            origin="human",
            approved=True,
            changed_by="aziz",
        )
        # A translator's draft on another open segment with a memory entry is kept.
        awaiting = _item(uz_sample, AWAITING)
        memory.remember_segment(
            session,
            segment=review._segment(awaiting.row),
            source_locale="en",
            target_locale="uz",
            target_text="Xotiradagi tarjima.",
            article_id=None,
            article_slug="other-story",
            origin="human",
            approved=True,
            changed_by="aziz",
        )
    _save(settings, uz_sample, AWAITING, "Tarjimonning qoralamasi.", approve=False)
    offered = _item(uz_sample, MACHINE).exact
    assert offered is not None and offered.target_text == entry_text

    applied = review.apply_exact_matches(
        database, settings, article_id=article_id, locale="uz", username="dilnoza"
    )
    by_segment = {a.segment_id: a for a in applied}
    changed = by_segment[uz_sample.segment_ids[MACHINE]]
    assert (changed.before, changed.after, changed.applied) == (
        UZ_SAMPLE[MACHINE][0],
        entry_text,
        True,
    )
    kept = by_segment[uz_sample.segment_ids[AWAITING]]
    assert (kept.applied, kept.before) == (False, "Tarjimonning qoralamasi.")
    row = _item(uz_sample, MACHINE).row
    assert (row.origin, row.text) == (Origin.MEMORY, entry_text)
    assert row.status is Status.APPROVED  # an approved entry, no QA error: approved
    assert "ayrim tumanlarni" in _edition_html(settings, uz_sample)
    # Applied once, nothing is offered again.
    assert review.apply_exact_matches(
        database, settings, article_id=article_id, locale="uz", username="dilnoza"
    ) == [kept]


def test_a_stale_version_is_refused_before_any_confirmation_is_asked(
    settings: Settings, uz_sample: UzSample
) -> None:
    item = _item(uz_sample, APPROVED)
    _save(settings, uz_sample, APPROVED, "Boshqa tarjimon ⟦1⟧ yozdi.", approve=False, user="aziz")
    with pytest.raises(review.StaleVersionError):  # not ConfirmationNeededError
        review.save_segment(
            uz_sample.database,
            settings,
            article_id=uz_sample.article_id,
            locale="uz",
            segment_id=item.segment_id,
            text="Sanasiz matn.",
            approve=True,
            version=item.row.version,
            username="dilnoza",
        )


def test_publish_every_ready_language_sees_an_approval_not_yet_assembled(
    settings: Settings, uz_sample: UzSample
) -> None:
    """The web app assembles after answering the translator: until then the stored edition
    lags, and "publish every ready language" must not call the language up to date."""
    database, article_id = uz_sample.database, uz_sample.article_id
    publish_edition(
        database, settings, article_id=article_id, locale="uz", user_id=None, accept_partial=True
    )
    item = _item(uz_sample, MACHINE)
    review.save_segment(
        database,
        settings,
        article_id=article_id,
        locale="uz",
        segment_id=item.segment_id,
        text="Hukumat ⟦1⟧ yangi matn.",
        approve=True,
        version=item.row.version,
        username="dilnoza",
        assemble=False,
    )
    outcomes = {
        o.locale: o.outcome
        for o in publish_ready(database, settings, article_id=article_id, user_id=None)
    }
    # Not "current": the approval changed the edition; still partial, so left to the editor.
    assert outcomes["uz"] == "partial"
