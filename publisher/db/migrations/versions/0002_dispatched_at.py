"""Remember when each locale's work was last sent, so a reconciler can tell stalled work
(lost by a broker restart or a killed worker) from work that is merely queued, and how
often it was re-sent, so that work lost every time is given up instead of re-sent for
ever. Existing targets count as sent now: an upgrade does not re-send the archive.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("article_targets") as batch:
        batch.add_column(sa.Column("dispatched_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("resends", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
    op.execute("UPDATE article_targets SET dispatched_at = CURRENT_TIMESTAMP")


def downgrade() -> None:
    with op.batch_alter_table("article_targets") as batch:
        batch.drop_column("resends")
        batch.drop_column("dispatched_at")
