"""The one cleaning a translator's text goes through before it is stored."""

from __future__ import annotations

import pytest

from publisher.core.translation_text import clean_translation


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (None, ""),
        ("", ""),
        ("  \n\t ", ""),
        ("  Salom, dunyo.  ", "Salom, dunyo."),
        ("one\r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour"),
        ("\r\n  Birinchi qator\r\n\r\nIkkinchi\r\n", "Birinchi qator\n\nIkkinchi"),
        ("inner  spaces\tand ⟦1⟧ stay", "inner  spaces\tand ⟦1⟧ stay"),
    ],
)
def test_clean_translation(given: str | None, stored: str) -> None:
    assert clean_translation(given) == stored


def test_review_and_xliff_import_share_it() -> None:
    from publisher.services import review
    from publisher.services.exchange.xliff import importer

    # The names the two modules import (not re-exports they offer: hence the ignores).
    assert review.clean_translation is clean_translation  # type: ignore[attr-defined]
    assert importer.clean_translation is clean_translation  # type: ignore[attr-defined]
