"""What the partner-webhook and alert outboxes share: a row with a state, a
next attempt and a lease (`state`, `attempts`, `next_attempt_at`,
`claimed_by`, `claimed_until`), claimable when due or when the worker that
held it let its lease run out."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from bot.data.db import lock_sqlite_for_writing

WAITING = ("pending", "failed")


def claimable(model: Any, now: datetime) -> ColumnElement[bool]:
    """Due and waiting, or held under a lease that has run out."""
    return or_(
        and_(model.state.in_(WAITING), model.next_attempt_at <= now),
        and_(model.state == "claimed", model.claimed_until < now),
    )


def still_owed(model: Any, now: datetime) -> ColumnElement[bool]:
    """Work for a worker that runs until idle: due, or held by some worker now."""
    return or_(model.state == "claimed", and_(model.state.in_(WAITING), model.next_attempt_at <= now))


def take(row: Any, worker: str, now: datetime, lease: timedelta) -> None:
    row.state, row.claimed_by, row.claimed_until = "claimed", worker, now + lease
    row.attempts += 1


def claim_oldest(
    session: Session,
    row_model: Any,
    owner_model: Any,
    joined_on: ColumnElement[bool],
    worker: str,
    now: datetime,
    lease: timedelta,
    *conditions: ColumnElement[bool],
) -> tuple[Any, Any] | None:
    """The oldest claimable row with its owner (the endpoint, the alert), taken
    by `worker`; rows other workers hold are skipped (`SKIP LOCKED` on PostgreSQL)."""
    lock_sqlite_for_writing(session)
    query = (
        select(row_model, owner_model)
        .join(owner_model, joined_on)
        .where(claimable(row_model, now), *conditions)
        .order_by(row_model.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=row_model)
    )
    found = session.execute(query).first()
    if found is None:
        return None
    row, owner = found
    take(row, worker, now, lease)
    return row, owner
