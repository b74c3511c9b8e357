"""initial indicator store

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 12:54:26.359758
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_format", sa.String(length=16), nullable=False),
        sa.Column("dataset", sa.String(length=32), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("new_count", sa.Integer(), nullable=False),
        sa.Column("revised_count", sa.Integer(), nullable=False),
        sa.Column("finalized_count", sa.Integer(), nullable=False),
        sa.Column("unchanged_count", sa.Integer(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
    )
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_imports_sha256"), ["sha256"], unique=False)

    op.create_table(
        "indicators",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name_th", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("unit_th", sa.String(length=100), nullable=False),
        sa.Column("unit_en", sa.String(length=100), nullable=False),
        sa.Column("change_kind", sa.String(length=16), nullable=False),
        sa.Column("definition_th", sa.Text(), nullable=False),
        sa.Column("definition_en", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_indicators")),
    )
    op.create_table(
        "sectors",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name_th", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("weight", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("is_total", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_sectors")),
    )
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=16), nullable=False),
        sa.Column("sector_code", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("preliminary", sa.Boolean(), nullable=False),
        sa.Column("dataset", sa.String(length=32), nullable=False),
        sa.Column("first_import_id", sa.Integer(), nullable=True),
        sa.Column("last_import_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_import_id"], ["imports.id"], name=op.f("fk_observations_first_import_id_imports")
        ),
        sa.ForeignKeyConstraint(
            ["indicator_code"], ["indicators.code"], name=op.f("fk_observations_indicator_code_indicators")
        ),
        sa.ForeignKeyConstraint(
            ["last_import_id"], ["imports.id"], name=op.f("fk_observations_last_import_id_imports")
        ),
        sa.ForeignKeyConstraint(["sector_code"], ["sectors.code"], name=op.f("fk_observations_sector_code_sectors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observations")),
        sa.UniqueConstraint(
            "indicator_code",
            "sector_code",
            "year",
            "month",
            name=op.f("uq_observations_indicator_code_sector_code_year_month"),
        ),
    )
    op.create_table(
        "observation_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("observation_id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("old_value", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("new_value", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("old_preliminary", sa.Boolean(), nullable=False),
        sa.Column("new_preliminary", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["imports.id"], name=op.f("fk_observation_revisions_import_id_imports")),
        sa.ForeignKeyConstraint(
            ["observation_id"], ["observations.id"], name=op.f("fk_observation_revisions_observation_id_observations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observation_revisions")),
    )
    with op.batch_alter_table("observation_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_observation_revisions_import_id"), ["import_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_observation_revisions_observation_id"), ["observation_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("observation_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_observation_revisions_observation_id"))
        batch_op.drop_index(batch_op.f("ix_observation_revisions_import_id"))

    op.drop_table("observation_revisions")
    op.drop_table("observations")
    op.drop_table("sectors")
    op.drop_table("indicators")
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imports_sha256"))

    op.drop_table("imports")
