"""channels, e-mail subscriptions, release dates

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 13:50:30.340450
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "email_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_subscriptions")),
        sa.UniqueConstraint("email", "topic", name=op.f("uq_email_subscriptions_email_topic")),
    )
    with op.batch_alter_table("email_subscriptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_email_subscriptions_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_email_subscriptions_topic"), ["topic"], unique=False)

    op.create_table(
        "release_dates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=16), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("release_date", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_code"], ["indicators.code"], name=op.f("fk_release_dates_indicator_code_indicators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_dates")),
        sa.UniqueConstraint("indicator_code", "period", name=op.f("uq_release_dates_indicator_code_period")),
    )
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        # Server defaults fill the rows that exist already.
        batch_op.add_column(sa.Column("versions", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column("edited_versions", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))

    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("backfill", sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("progress", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("progress")

    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.drop_column("backfill")

    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.drop_column("edited_versions")
        batch_op.drop_column("versions")

    op.drop_table("release_dates")
    with op.batch_alter_table("email_subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_subscriptions_topic"))
        batch_op.drop_index(batch_op.f("ix_email_subscriptions_email"))

    op.drop_table("email_subscriptions")
