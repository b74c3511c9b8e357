"""Console sessions kept in the database. The browser holds only a random
token; the row is found by the token's digest (a copy of the table opens no
session). A session ends on signing out, after STAFF_SESSION_IDLE_MINUTES
without a request, after STAFF_SESSION_MAX_HOURS whatever its use, and at
once for every browser when the account is disabled, its role or password
changes (`revoke_account`)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_
from sqlalchemy.orm import Session

from bot.data.db import Database, as_utc, upsert_insert
from bot.data.models import StaffSessionRow, utcnow


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class SessionLimits:
    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True)
class LoadedSession:
    data: dict[str, Any]
    expired: bool  # a token was shown whose session has ended (say so to the user)


def account_of(data: dict[str, Any]) -> int | None:
    """The staff account a session is signed in as (Flask-Login's "id:version")."""
    account, _, _ = str(data.get("_user_id", "")).partition(":")
    return int(account) if account.isdigit() else None


class SessionRecords:
    def __init__(self, database: Database, limits: SessionLimits) -> None:
        self.database = database
        self.limits = limits

    def load(self, token: str, now: datetime | None = None) -> LoadedSession | None:
        """The session's data, None for an unknown token."""
        now = now or utcnow()
        with self.database.session() as session:
            row = session.get(StaffSessionRow, token_digest(token))
            if row is None:
                return None
            if self._ended(row, now):
                session.delete(row)
                return LoadedSession({}, expired=True)
            return LoadedSession(dict(row.data or {}), expired=False)

    def _ended(self, row: StaffSessionRow, now: datetime) -> bool:
        return (
            as_utc(row.last_active_at) < now - self.limits.idle or as_utc(row.created_at) < now - self.limits.absolute
        )

    def save(self, token: str, data: dict[str, Any], created: bool) -> None:
        now = utcnow()
        values = {"data": data, "account_id": account_of(data), "last_active_at": now}
        with self.database.session() as session:
            if created:
                self._delete_ended(session, now)
            insert = upsert_insert(session)(StaffSessionRow).values(
                token_hash=token_digest(token), created_at=now, **values
            )
            session.execute(insert.on_conflict_do_update(index_elements=[StaffSessionRow.token_hash], set_=values))

    def delete(self, token: str) -> None:
        with self.database.session() as session:
            session.execute(delete(StaffSessionRow).where(StaffSessionRow.token_hash == token_digest(token)))

    def _delete_ended(self, session: Session, now: datetime) -> None:
        session.execute(
            delete(StaffSessionRow).where(
                or_(
                    StaffSessionRow.last_active_at < now - self.limits.idle,
                    StaffSessionRow.created_at < now - self.limits.absolute,
                )
            )
        )


def revoke_account(session: Session, account_id: int) -> None:
    """End every session of an account (in the caller's transaction)."""
    session.execute(delete(StaffSessionRow).where(StaffSessionRow.account_id == account_id))
