"""durable webhook inbox, heartbeats, retry windows

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 00:00:00.000000

Webhook events are kept in an inbox until they are answered (the inbox's
unique key replaces the processed-events ledger); outbox requests retry until
a window ends rather than for a fixed number of attempts; workers claim them
when due, so the scheduler's old requeue job is removed from its job store.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None
OPEN_EVENTS = sa.text("state IN ('pending', 'claimed')")


def upgrade() -> None:
    op.create_table(
        "heartbeats",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("holder", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_heartbeats")),
    )
    op.create_table(
        "inbox_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_key", sa.String(length=64), nullable=False),
        sa.Column("chat", sa.String(length=100), nullable=False),
        sa.Column("event_type", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_events")),
        sa.UniqueConstraint("event_key", name=op.f("uq_inbox_events_event_key")),
    )
    op.create_index(op.f("ix_inbox_events_received_at"), "inbox_events", ["received_at"], unique=False)
    # Partial: only the events still to answer, so claiming never scans answered ones.
    for name, columns in (("ix_inbox_events_open", ["id"]), ("ix_inbox_events_open_chat", ["chat", "id"])):
        op.create_index(name, "inbox_events", columns, postgresql_where=OPEN_EVENTS, sqlite_where=OPEN_EVENTS)
    op.drop_index(op.f("ix_processed_events_received_at"), table_name="processed_events")
    op.drop_table("processed_events")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retry_until", sa.DateTime(timezone=True), nullable=True))
    if "apscheduler_jobs" in sa.inspect(op.get_bind()).get_table_names():
        # Its function is gone: APScheduler would log a traceback on every start.
        op.execute(sa.text("DELETE FROM apscheduler_jobs WHERE id = 'retry-failed-deliveries'"))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("retry_until")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_column("next_attempt_at")
    op.create_table(
        "processed_events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_processed_events")),
    )
    op.create_index(op.f("ix_processed_events_received_at"), "processed_events", ["received_at"], unique=False)
    for name in ("ix_inbox_events_open_chat", "ix_inbox_events_open", op.f("ix_inbox_events_received_at")):
        op.drop_index(name, table_name="inbox_events")
    op.drop_table("inbox_events")
    op.drop_table("heartbeats")
