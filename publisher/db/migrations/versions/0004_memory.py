"""Translators' work counts twice: the translation memory, glossaries per language pair,
and a record of every publication that overrode unresolved QA errors.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE = {"sqlite_autoincrement": True}


def _timestamp(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "translation_memory",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_locale", sa.String(16), nullable=False),
        sa.Column("target_locale", sa.String(16), nullable=False),
        sa.Column("source_key", sa.String(64), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("source_plain", sa.Text(), nullable=True),
        sa.Column("target_text", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("article_slug", sa.String(200), nullable=True),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("approved", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("changed_by", sa.String(64), nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_translation_memory_article_id_articles",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_translation_memory"),
        sa.UniqueConstraint(
            "source_locale",
            "target_locale",
            "source_key",
            name="uq_translation_memory_source_locale_target_locale_source_key",
        ),
        **SQLITE,
    )
    op.create_index(
        "ix_translation_memory_source_locale",
        "translation_memory",
        ["source_locale", "target_locale"],
    )
    op.create_table(
        "glossary_terms",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_locale", sa.String(16), nullable=False),
        sa.Column("target_locale", sa.String(16), nullable=False),
        sa.Column("term", sa.String(200), nullable=False),
        sa.Column("term_key", sa.String(200), nullable=False),
        sa.Column("translation", sa.String(200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_glossary_terms"),
        sa.UniqueConstraint(
            "source_locale",
            "target_locale",
            "term_key",
            name="uq_glossary_terms_source_locale_target_locale_term_key",
        ),
        **SQLITE,
    )
    op.create_table(
        "publish_overrides",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        _timestamp("at"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_publish_overrides_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_publish_overrides_user_id_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_publish_overrides"),
        **SQLITE,
    )
    op.create_index(
        "ix_publish_overrides_article_id", "publish_overrides", ["article_id", "locale"]
    )


def downgrade() -> None:
    op.drop_table("publish_overrides")
    op.drop_table("glossary_terms")
    op.drop_table("translation_memory")
