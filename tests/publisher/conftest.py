"""Fixtures shared by the publisher's tests: the sample article stored with Uzbek
translations of some of its passages (``tests.support.articles``).

PostgreSQL (``postgres_url``, ``postgres_schema_url``) and the ``--db`` matrix
(``db_url``) are declared in ``tests/conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.core.config import Settings
from tests.support.articles import UzSample, store_uz_sample


@pytest.fixture()
def uz_sample(settings: Settings, sample_path: Path) -> UzSample:
    """The sample article (targets uz and ky) in SQLite with ``UZ_SAMPLE``'s uz texts: one
    by a machine (block 18), the others approved human work; block 7 awaits a human."""
    return store_uz_sample(settings, sample_path)
