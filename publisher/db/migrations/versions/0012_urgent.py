"""Breaking news first: an article an editor marks urgent, and the broker priority each
task of the work ledger was sent with (so that work re-sent keeps it).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, also on SQLite: a batch there would copy the articles table, and
    # dropping the old copy would cascade to every row that refers to it.
    op.add_column(
        "articles", sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("work_items", sa.Column("priority", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("work_items") as batch:
        batch.drop_column("priority")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("urgent")
