"""Failed sign-ins are kept per account, never by the name typed: an attempt on an account
keeps the account's id; one on a name that matches no account (often a password typed
into the user name field) keeps only a 16-bit keyed hash of it. The table holds only the
last 15 minutes of throttling evidence, so it is made anew: the names stored until now,
passwords among them, are dropped with it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE = {"sqlite_autoincrement": True}


def _common() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    ]


def upgrade() -> None:
    op.drop_table("login_failures")
    op.create_table(
        "login_failures",
        *_common(),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name_key", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_login_failures_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
        **SQLITE,
    )
    op.create_index("ix_login_failures_user_id", "login_failures", ["user_id", "client", "at"])
    op.create_index("ix_login_failures_name_key", "login_failures", ["name_key", "client", "at"])
    op.create_index("ix_login_failures_client", "login_failures", ["client", "at"])


def downgrade() -> None:
    op.drop_table("login_failures")
    op.create_table(
        "login_failures",
        *_common(),
        sa.Column("username", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
        **SQLITE,
    )
    op.create_index("ix_login_failures_username", "login_failures", ["username", "at"])
    op.create_index("ix_login_failures_client", "login_failures", ["client", "at"])
