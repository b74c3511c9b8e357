"""request counters of the public API's rate limits

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 03:00:00.000000

Flask-Limiter's fixed windows, kept in the database so every web worker and
machine counts a client's requests together.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "request_counters",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_request_counters")),
    )
    op.create_index(op.f("ix_request_counters_expires_at"), "request_counters", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_request_counters_expires_at"), table_name="request_counters")
    op.drop_table("request_counters")
