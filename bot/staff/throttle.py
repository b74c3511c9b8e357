"""Login throttling kept in the database, so it holds across every web
process: after too many failed logins for an e-mail address, or from one
client, further attempts are refused for a while, right password or not.

An attempt is counted and recorded in one step (`begin`), before the
password is checked, so guesses sent at once cannot all pass the check
before any is recorded; `finish` then marks it succeeded or not. A success
ends the count for its account only: a client's failures keep counting
whatever account it signs in to."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session

from bot.data.db import Database, as_utc, serialize_on
from bot.data.models import LoginAttempt, utcnow

RETENTION = timedelta(days=30)


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures_per_email: int = 5
    max_failures_per_client: int = 20
    window: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Attempt:
    wait_seconds: int  # > 0: refused, try again after this long
    attempt_id: int | None = None


class LoginThrottle:
    def __init__(self, database: Database, policy: ThrottlePolicy | None = None) -> None:
        self.database = database
        self.policy = policy or ThrottlePolicy()

    def begin(self, email: str, client: str) -> Attempt:
        """Refuse the attempt, or record it (as failed until `finish`) in the same transaction that counted."""
        email = email.strip().lower()[:320]
        now = utcnow()
        with self.database.session() as session:
            self._serialize(session, email, client)
            wait = self._wait_in(session, email, client, now)
            if wait:
                return Attempt(wait)
            attempt = LoginAttempt(email=email, client=client[:64], succeeded=False, at=now)
            session.add(attempt)
            session.flush()
            session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - RETENTION))
            return Attempt(0, attempt.id)

    def finish(self, attempt: Attempt, succeeded: bool) -> None:
        if attempt.attempt_id is None or not succeeded:
            return
        with self.database.session() as session:
            session.execute(update(LoginAttempt).where(LoginAttempt.id == attempt.attempt_id).values(succeeded=True))

    @staticmethod
    def _serialize(session: Session, email: str, client: str) -> None:
        """One attempt at a time per account and per client (other accounts and clients go on)."""
        serialize_on(session, zlib.crc32(f"login:{email}".encode()), zlib.crc32(f"login-client:{client}".encode()))

    def _wait_in(self, session: Session, email: str, client: str, now: datetime) -> int:
        since = now - self.policy.window
        last_success = session.scalar(
            select(func.max(LoginAttempt.at)).where(LoginAttempt.email == email, LoginAttempt.succeeded.is_(True))
        )
        account_since = max(since, as_utc(last_success)) if last_success else since
        return max(
            self._wait(session, LoginAttempt.email == email, self.policy.max_failures_per_email, account_since, now),
            self._wait(session, LoginAttempt.client == client, self.policy.max_failures_per_client, since, now),
        )

    def _wait(self, session: Session, who: ColumnElement[bool], limit: int, start: datetime, now: datetime) -> int:
        failures = session.execute(
            select(func.count(), func.min(LoginAttempt.at)).where(
                who, LoginAttempt.succeeded.is_(False), LoginAttempt.at > start
            )
        ).one()
        count, oldest = int(failures[0]), failures[1]
        if count < limit or oldest is None:
            return 0
        return max(1, int((as_utc(oldest) + self.policy.window - now).total_seconds()))
