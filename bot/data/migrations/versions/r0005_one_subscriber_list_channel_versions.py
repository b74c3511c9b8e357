"""one subscriber list for every channel; the LINE card as LINE's own version

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 20:10:00.000000

LINE and e-mail subscriptions had two tables of the same shape; they become
one, with the channel beside the address. The LINE Flex card of a release
moves from its own column into `versions["line"]`, where every other
channel keeps its version.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _json(value: Any) -> Any:
    """JSON columns come back as text from some drivers."""
    return json.loads(value) if isinstance(value, str) else value


def upgrade() -> None:
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_constraint("uq_subscriptions_user_id_topic", type_="unique")
        batch_op.drop_index("ix_subscriptions_user_id")
        batch_op.alter_column("user_id", new_column_name="address", type_=sa.String(length=320))
        batch_op.add_column(sa.Column("channel", sa.String(length=16), nullable=False, server_default="line"))
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subscriptions_address"), ["address"], unique=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_subscriptions_channel_address_topic"), ["channel", "address", "topic"]
        )
        batch_op.alter_column("channel", server_default=None)
    op.execute(
        "INSERT INTO subscriptions (channel, address, topic, created_at) "
        "SELECT 'email', email, topic, created_at FROM email_subscriptions"
    )
    with op.batch_alter_table("email_subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_subscriptions_topic"))
        batch_op.drop_index(batch_op.f("ix_email_subscriptions_email"))
    op.drop_table("email_subscriptions")

    connection = op.get_bind()
    announcements = sa.table(
        "announcements", sa.column("id", sa.Integer), sa.column("line_flex", sa.JSON), sa.column("versions", sa.JSON)
    )
    rows = connection.execute(
        sa.select(announcements.c.id, announcements.c.line_flex, announcements.c.versions).where(
            announcements.c.line_flex.is_not(None)
        )
    ).all()
    for row_id, flex, versions in rows:
        moved = {**(_json(versions) or {}), "line": {"flex": _json(flex)}}
        connection.execute(announcements.update().where(announcements.c.id == row_id).values(versions=moved))
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.drop_column("line_flex")


def downgrade() -> None:
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("line_flex", sa.JSON(), nullable=True))
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
    op.execute(
        "INSERT INTO email_subscriptions (email, topic, created_at) "
        "SELECT address, topic, created_at FROM subscriptions WHERE channel = 'email'"
    )
    op.execute("DELETE FROM subscriptions WHERE channel = 'email'")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_constraint("uq_subscriptions_channel_address_topic", type_="unique")
        batch_op.drop_index("ix_subscriptions_address")
        batch_op.drop_column("channel")
        batch_op.alter_column("address", new_column_name="user_id", type_=sa.String(length=64))
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subscriptions_user_id"), ["user_id"], unique=False)
        batch_op.create_unique_constraint(batch_op.f("uq_subscriptions_user_id_topic"), ["user_id", "topic"])
