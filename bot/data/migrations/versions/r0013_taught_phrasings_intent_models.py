"""understanding: phrasings staff taught, and the intent models trained from them

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 22:45:00.000000

Staff label questions the bot did not understand (`taught_phrasings`); each
retraining stores the model's arrays and its evaluation (`intent_models`), which
every process of the service loads.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "taught_phrasings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("taught_by", sa.String(length=320), nullable=False),
        sa.Column("taught_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "intent_models",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("examples", sa.Integer(), nullable=False),
        sa.Column("taught", sa.Integer(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("artifact", sa.LargeBinary(), nullable=False),
        sa.Column("trained_by", sa.String(length=320), nullable=False),
        sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("intent_models")
    op.drop_table("taught_phrasings")
