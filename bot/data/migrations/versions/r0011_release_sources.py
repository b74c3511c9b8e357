"""release sources the scheduler fetches release files from

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 04:00:00.000000

A file's URL or a CKAN portal's dataset, with the validators of the last
fetch (ETag, Last-Modified, the file's digest) so an unchanged file is not
fetched again, and how the last attempt ended, for staff to see.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "release_sources",
        sa.Column("key", sa.String(length=1000), nullable=False),
        sa.Column("etag", sa.String(length=500), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("fetched_sha256", sa.String(length=64), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["import_id"], ["imports.id"], name=op.f("fk_release_sources_import_id_imports")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_release_sources")),
    )


def downgrade() -> None:
    op.drop_table("release_sources")
