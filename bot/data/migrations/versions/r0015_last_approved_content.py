"""announcements keep what was last approved, for the next approver's diff

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 23:00:00.000000

An edit after approval returns an announcement to draft; the approver who
looks at it next is shown what changed since the last approval (text, title,
link, image, audience and each channel's version), which needs the approved
content itself, not only its digest.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("announcements") as table:
        table.add_column(sa.Column("last_approved", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("announcements") as table:
        table.drop_column("last_approved")
