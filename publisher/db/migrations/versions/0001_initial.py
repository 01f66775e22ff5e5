"""Initial schema: articles, targets, blocks, segments, translations, editions.

Written by hand to match ``publisher/db/models.py`` (tests compare the two with
Alembic's autogenerate). Constraint names follow the models' naming convention.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORIGINS = ("machine", "memory", "human", "none")
STATUSES = ("machine", "needs_review", "approved", "awaiting_human", "failed")
EDITION_STATES = ("complete", "partial")


def _one_of(column: str, values: Sequence[str], name: str) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=op.f(name))


def _timestamp(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def _article_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["article_id"],
        ["articles.id"],
        ondelete="CASCADE",
        name=op.f(f"fk_{table}_article_id_articles"),
    )


def _create_articles() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("source_locale", sa.String(length=16), nullable=False),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("source_format", sa.String(length=32), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("slug", name=op.f("uq_articles_slug")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "article_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        _timestamp("requested_at"),
        _article_fk("article_targets"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_targets")),
        sa.UniqueConstraint(
            "article_id", "locale", name=op.f("uq_article_targets_article_id_locale")
        ),
        sqlite_autoincrement=True,
    )


def _create_blocks() -> None:
    op.create_table(
        "blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("markup", sa.JSON(), nullable=False),
        _article_fk("blocks"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blocks")),
        sa.UniqueConstraint("article_id", "position", name=op.f("uq_blocks_article_id_position")),
        sqlite_autoincrement=True,
    )


def _create_segments() -> None:
    op.create_table(
        "segments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("block_id", sa.Integer(), nullable=False),
        sa.Column("block_index", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.Column("separator", sa.Text(), nullable=False),
        _article_fk("segments"),
        sa.ForeignKeyConstraint(
            ["block_id"],
            ["blocks.id"],
            ondelete="CASCADE",
            name=op.f("fk_segments_block_id_blocks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segments")),
        sa.UniqueConstraint(
            "article_id",
            "block_index",
            "position",
            name=op.f("uq_segments_article_id_block_index_position"),
        ),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_segments_source_hash"), "segments", ["source_hash"])
    op.create_index(op.f("ix_segments_block_id"), "segments", ["block_id"])


def _create_translations() -> None:
    op.create_table(
        "translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("engine", sa.String(length=200), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        _one_of("origin", ORIGINS, "ck_translations_origin"),
        _one_of("status", STATUSES, "ck_translations_status"),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["segments.id"],
            ondelete="CASCADE",
            name=op.f("fk_translations_segment_id_segments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translations")),
        sa.UniqueConstraint("segment_id", "locale", name=op.f("uq_translations_segment_id_locale")),
        sqlite_autoincrement=True,
    )


def _create_editions() -> None:
    op.create_table(
        "editions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.Column("path", sa.Text(), nullable=True),
        _timestamp("assembled_at"),
        _one_of("state", EDITION_STATES, "ck_editions_state"),
        _article_fk("editions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_editions")),
        sa.UniqueConstraint("article_id", "locale", name=op.f("uq_editions_article_id_locale")),
        sqlite_autoincrement=True,
    )


def upgrade() -> None:
    _create_articles()
    _create_blocks()
    _create_segments()
    _create_translations()
    _create_editions()


def downgrade() -> None:
    for table in ("editions", "translations", "segments", "blocks", "article_targets"):
        op.drop_table(table)
    op.drop_table("articles")
