"""The work ledger and worker leases: the reconciler tells lost work from queued work by
evidence (publisher.reconcile); editions count their revisions and record the snapshot
they reflect; a translation awaiting a human only for want of a model says so.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE = {"sqlite_autoincrement": True}


def _timestamp(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def _moment(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def upgrade() -> None:
    op.create_table(
        "work_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("task_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("segment_ids", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("epoch", sa.String(64), nullable=True),
        _timestamp("sent_at"),
        _moment("started_at"),
        sa.Column("worker", sa.String(200), nullable=True),
        sa.Column("instance", sa.String(64), nullable=True),
        sa.Column("runs", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("generation", sa.Integer(), server_default=sa.text("0"), nullable=False),
        _moment("finished_at"),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_work_items_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_work_items"),
        sa.UniqueConstraint("task_id", name="uq_work_items_task_id"),
        sa.CheckConstraint("kind IN ('translate', 'assemble')", name="ck_work_items_kind"),
        sa.CheckConstraint(
            "state IN ('queued', 'running', 'done', 'lost')", name="ck_work_items_state"
        ),
        **SQLITE,
    )
    op.create_index("ix_work_items_open", "work_items", ["state", "article_id"])
    op.create_table(
        "worker_leases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("instance", sa.String(64), nullable=False),
        sa.Column("hostname", sa.String(200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("locales", sa.JSON(), nullable=False),
        sa.Column("queues", sa.JSON(), nullable=False),
        sa.Column("models_dir", sa.Text(), nullable=False),
        _timestamp("started_at"),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_worker_leases"),
        sa.UniqueConstraint("instance", name="uq_worker_leases_instance"),
        **SQLITE,
    )
    with op.batch_alter_table("editions") as batch:
        batch.add_column(
            sa.Column("revision", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )
        batch.add_column(_moment("checked_at"))
    with op.batch_alter_table("translations") as batch:
        batch.add_column(sa.Column("blocked_on", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("translations") as batch:
        batch.drop_column("blocked_on")
    with op.batch_alter_table("editions") as batch:
        batch.drop_column("checked_at")
        batch.drop_column("revision")
    op.drop_table("worker_leases")
    op.drop_index("ix_work_items_open", table_name="work_items")
    op.drop_table("work_items")
