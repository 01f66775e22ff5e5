"""Names in the glossaries: a term's kind ("name" or "term"), the article where it was
first used, and the names translators declined to add (not offered again).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("glossary_terms") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="term"))
        batch.add_column(sa.Column("first_article_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("first_checked_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(
            "fk_glossary_terms_first_article_id_articles",
            "articles",
            ["first_article_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "name_dismissals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_locale", sa.String(16), nullable=False),
        sa.Column("target_locale", sa.String(16), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("dismissed_by", sa.String(64), nullable=False),
        sa.Column(
            "dismissed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_name_dismissals"),
        sa.UniqueConstraint(
            "source_locale",
            "target_locale",
            "name_key",
            name="uq_name_dismissals_source_locale_target_locale_name_key",
        ),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("name_dismissals")
    with op.batch_alter_table("glossary_terms") as batch:
        batch.drop_constraint("fk_glossary_terms_first_article_id_articles", type_="foreignkey")
        batch.drop_column("first_checked_at")
        batch.drop_column("first_article_id")
        batch.drop_column("kind")
