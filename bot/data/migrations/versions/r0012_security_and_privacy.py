"""security and privacy: approved content digests, server-side staff sessions, TOTP

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 18:00:00.000000

An approval now holds for exactly the content approved: its digest is kept
(`approved_hash`) and the worker refuses anything else; `authors` lists
everyone who wrote or changed the content (none of them may approve it).
Announcements already approved keep their approval for the content they hold.
Console sessions move from the signed cookie to `staff_sessions` (the cookie
keeps an opaque token); staff may add an authenticator app (`totp_secret`,
and the last step a code was used for, `totp_last_step`).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _digest(row: Any) -> str:
    # The same canonical form as bot.announcements.approval.content_hash at this revision.
    content = {
        "title": row.title,
        "text": row.text,
        "image_url": row.image_url,
        "link_url": row.link_url,
        "audience": row.audience,
        "topics": sorted(json.loads(row.topics) if isinstance(row.topics, str) else row.topics or []),
        "channels": sorted(json.loads(row.channels) if isinstance(row.channels, str) else row.channels or []),
        "versions": json.loads(row.versions) if isinstance(row.versions, str) else row.versions or {},
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("announcements") as batch:
        batch.add_column(sa.Column("approved_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("authors", sa.JSON(), nullable=True))
    connection = op.get_bind()
    table = sa.table(
        "announcements",
        *(sa.column(name, sa.String) for name in ("title", "text", "image_url", "link_url", "audience", "state")),
        *(sa.column(name, sa.JSON) for name in ("topics", "channels", "versions", "authors")),
        sa.column("id", sa.Integer),
        sa.column("created_by", sa.String),
        sa.column("approved_hash", sa.String),
    )
    for row in connection.execute(sa.select(table)).all():
        approved = row.state in ("approved", "scheduled", "sending")
        connection.execute(
            table.update()
            .where(table.c.id == row.id)
            .values(authors=[row.created_by], approved_hash=_digest(row) if approved else None)
        )
    with op.batch_alter_table("announcements") as batch:
        batch.alter_column("authors", existing_type=sa.JSON(), nullable=False)
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_active_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_staff_sessions")),
    )
    op.create_index(op.f("ix_staff_sessions_account_id"), "staff_sessions", ["account_id"])
    op.create_index(op.f("ix_staff_sessions_last_active_at"), "staff_sessions", ["last_active_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_staff_sessions_last_active_at"), table_name="staff_sessions")
    op.drop_index(op.f("ix_staff_sessions_account_id"), table_name="staff_sessions")
    op.drop_table("staff_sessions")
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_secret")
    with op.batch_alter_table("announcements") as batch:
        batch.drop_column("authors")
        batch.drop_column("approved_hash")
