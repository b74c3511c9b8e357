"""the scheduler's jobs live in memory: the old APScheduler job table goes

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 16:40:00.000000

The scheduler now adds its jobs again at every start (a memory job store, jobs
bound to the process's database), so the table APScheduler's SQLAlchemy job
store created for itself holds nothing anyone reads. Dropped when present; a
downgrade leaves it to the older scheduler, which creates it on start.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

OLD_JOB_TABLE = "apscheduler_jobs"


def upgrade() -> None:
    if OLD_JOB_TABLE in sa.inspect(op.get_bind()).get_table_names():
        op.drop_table(OLD_JOB_TABLE)


def downgrade() -> None:
    pass  # APScheduler's own store creates its table when a scheduler of that version starts
