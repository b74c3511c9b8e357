"""Login throttling kept in the database, so it holds across every web
process: after too many failed logins for an e-mail address, or from one
client, further attempts are refused for a while, right password or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select

from bot.data.db import Database, as_utc
from bot.data.models import LoginAttempt, utcnow

RETENTION = timedelta(days=30)


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures_per_email: int = 5
    max_failures_per_client: int = 20
    window: timedelta = timedelta(minutes=15)


class LoginThrottle:
    def __init__(self, database: Database, policy: ThrottlePolicy | None = None) -> None:
        self.database = database
        self.policy = policy or ThrottlePolicy()

    def wait_seconds(self, email: str, client: str, now: datetime | None = None) -> int:
        """0 when a login may be tried now, else how many seconds to wait."""
        now = now or utcnow()
        since = now - self.policy.window
        waits = [
            self._wait(LoginAttempt.email == email.strip().lower(), self.policy.max_failures_per_email, since, now),
            self._wait(LoginAttempt.client == client, self.policy.max_failures_per_client, since, now),
        ]
        return max(waits)

    def _wait(self, who: ColumnElement[bool], limit: int, since: datetime, now: datetime) -> int:
        with self.database.session() as session:
            last_success = session.scalar(
                select(func.max(LoginAttempt.at)).where(who, LoginAttempt.succeeded.is_(True))
            )
            start = max(since, as_utc(last_success)) if last_success else since
            failures = session.execute(
                select(func.count(), func.min(LoginAttempt.at)).where(
                    who,
                    LoginAttempt.succeeded.is_(False),
                    LoginAttempt.at > start,
                )
            ).one()
        count, oldest = int(failures[0]), failures[1]
        if count < limit or oldest is None:
            return 0
        return max(1, int((as_utc(oldest) + self.policy.window - now).total_seconds()))

    def record(self, email: str, client: str, succeeded: bool) -> None:
        with self.database.session() as session:
            session.add(LoginAttempt(email=email.strip().lower()[:320], client=client[:64], succeeded=succeeded))
            session.execute(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - RETENTION))
