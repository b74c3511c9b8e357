"""the language of each LINE user's rich menu

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 02:00:00.000000

The rich menu comes in Thai and English: a user whose LINE profile is in
English, or who switched menus, keeps the English one when the menus are
installed again. Null means the default (Thai) menu.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("line_users") as batch:
        batch.add_column(sa.Column("menu_language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("line_users") as batch:
        batch.drop_column("menu_language")
