"""The review loop: a translator's unapproved draft is work in progress, so a translation
keeps, beside its current text, the text last approved by a person and the text the
engine (or the memory) wrote, which editions show instead of a draft; an approval over
QA errors records who confirmed it and when; a segment that replaced a changed sentence
in an article update keeps the old English and the old translations, for the translator.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRANSLATION_COLUMNS = (
    ("machine_text", sa.Text()),
    ("approved_text", sa.Text()),
    ("approved_by", sa.String(200)),
    ("approved_at", sa.DateTime(timezone=True)),
    ("confirmed_errors", sa.JSON()),
    ("confirmed_by", sa.String(200)),
    ("confirmed_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("translations") as batch:
        for name, kind in TRANSLATION_COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
    with op.batch_alter_table("segments") as batch:
        batch.add_column(sa.Column("previous", sa.JSON(), nullable=True))
    # What editions showed before this revision: approved text, and machine or memory text.
    op.execute(
        "UPDATE translations SET approved_text = text, approved_at = updated_at, "
        "approved_by = CASE WHEN engine LIKE 'human:%' THEN substr(engine, 7) ELSE engine END "
        "WHERE status = 'approved' AND text IS NOT NULL"
    )
    op.execute(
        "UPDATE translations SET machine_text = text "
        "WHERE origin IN ('machine', 'memory') AND text IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("segments") as batch:
        batch.drop_column("previous")
    with op.batch_alter_table("translations") as batch:
        for name, _kind in reversed(TRANSLATION_COLUMNS):
            batch.drop_column(name)
