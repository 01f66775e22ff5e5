"""Word differences marked for translators (publisher.core.textdiff)."""

from __future__ import annotations

from publisher.core.textdiff import word_diff


def test_changed_words_are_marked_on_each_side_and_merged() -> None:
    diff = word_diff(
        "On ⟦1⟧, 345 people crossed the border.", "On ⟦1⟧, 500 people crossed the river."
    )
    assert diff.changed
    assert diff.old == "On ⟦1⟧, <del>345</del> people crossed the <del>border</del>."
    assert diff.new == "On ⟦1⟧, <ins>500</ins> people crossed the <ins>river</ins>."
    assert diff.merged == (
        "On ⟦1⟧, <del>345</del><ins>500</ins> people crossed the <del>border</del><ins>river</ins>."
    )


def test_an_insertion_is_visible_in_the_merged_text() -> None:
    diff = word_diff("They waited.", "They waited there.")
    assert diff.old == "They waited." and diff.merged == "They waited<ins> there</ins>."


def test_whitespace_alone_is_no_change_and_text_is_escaped() -> None:
    assert not word_diff("a  b", "a b").changed
    diff = word_diff("x <b>", "x <i>")
    assert diff.merged == "x &lt;<del>b</del><ins>i</ins>&gt;"
    assert "<b>" not in diff.old and "<i>" not in diff.new
