"""Where a publication's text comes from (reviewed by a translator, machine-translated, or
partly awaiting translation), so that its public page can be written again when the
article's other published languages change (its language links and hreflang alternates).

Publications from before have none: their pages are written again as "machine" unless
they are partial, which is what the page said when most editions were machine output.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.add_column(sa.Column("provenance", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.drop_column("provenance")
