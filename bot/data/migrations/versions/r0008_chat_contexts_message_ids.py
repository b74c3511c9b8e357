"""chat contexts, message ids of conversation turns

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 01:00:00.000000

Follow-up questions need the chat's last question (as a frame, no text);
unsending a message removes its text from the conversation log, found by
LINE's message id.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_contexts",
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("frame", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_chat_contexts")),
    )
    with op.batch_alter_table("conversation_turns") as batch:
        batch.add_column(sa.Column("message_id", sa.String(length=64), nullable=True))
        batch.create_index(batch.f("ix_conversation_turns_message_id"), ["message_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("conversation_turns") as batch:
        batch.drop_index(batch.f("ix_conversation_turns_message_id"))
        batch.drop_column("message_id")
    op.drop_table("chat_contexts")
