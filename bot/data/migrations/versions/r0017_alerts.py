"""alerts: subscribers' conditions on an indicator, and the notices owed

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 17:00:00.000000

A LINE user or an e-mail address sets a condition on one indicator of one
sector; an import that crosses it owes one notice, a durable row claimed
under a lease and retried like the other outboxes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("indicator", sa.String(16), nullable=False),
        sa.Column("sector", sa.String(16), nullable=False),
        sa.Column("measure", sa.String(8), nullable=False),
        sa.Column("comparison", sa.String(8), nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("threshold", sa.Numeric(12, 2), nullable=False),
        sa.Column("on_revisions", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "channel", "address", "indicator", "sector", "measure", "comparison", "direction", "threshold",
            name="uq_alerts_condition",
        ),
    )  # fmt: skip
    op.create_index("ix_alerts_address", "alerts", ["address"])
    op.create_table(
        "alert_notices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("alert_id", sa.Integer(), sa.ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("event_key", sa.String(40), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("retry_key", sa.String(64), nullable=False, unique=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("alert_id", "event_key", name="uq_alert_notices_alert_event"),
    )
    op.create_index("ix_alert_notices_alert_id", "alert_notices", ["alert_id"])
    op.create_index("ix_alert_notices_state", "alert_notices", ["state"])
    op.create_index("ix_alert_notices_next_attempt_at", "alert_notices", ["next_attempt_at"])


def downgrade() -> None:
    op.drop_table("alert_notices")
    op.drop_table("alerts")
