"""The inbox of webhook events: the webhook stores a body's events in one
statement and answers; pools in any process claim them, in order per chat,
under a lease, and mark them answered. An event LINE was told we received is
answered even if the process that received it dies.

Each event counts once: its key is a digest of LINE's `webhookEventId` (any
length), so redeliveries and the same body sent to several web processes are
stored once."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_, select, update
from sqlalchemy.orm import aliased

from bot.chat.group_commit import GroupCommit
from bot.data.db import Database, as_utc, lock_sqlite_for_writing, retry_on_disconnect, upsert_insert
from bot.data.models import InboxEvent, utcnow
from bot.data.models.chat import unanswered
from bot.ops.crash import crash_point

RETENTION = timedelta(days=14)  # longer than LINE redelivers
MAX_ATTEMPTS = 6
ANSWER_WITHIN = timedelta(minutes=30)  # after that an answer is no longer worth sending


class InboxState:
    PENDING = "pending"
    CLAIMED = "claimed"
    DONE = "done"
    FAILED = "failed"


def event_key(event: dict[str, Any]) -> str:
    """The identity of an event: LINE's webhookEventId, else the event itself."""
    identity = event.get("webhookEventId")
    text = identity if isinstance(identity, str) and identity else json.dumps(event, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def chat_of(event: dict[str, Any]) -> str:
    """The conversation an event belongs to: events of one chat are answered in order."""
    source = event.get("source") if isinstance(event.get("source"), dict) else {}
    assert isinstance(source, dict)
    kind = str(source.get("type") or "")
    identity = source.get(f"{kind}Id") or source.get("userId") or ""
    return f"{kind}:{identity}"[:100] if kind else "-"


@dataclass(frozen=True)
class QueuedEvent:
    id: int
    key: str
    payload: dict[str, Any]
    attempts: int
    received_at: datetime


class Inbox:
    def __init__(self, database: Database, lease_seconds: float = 30.0) -> None:
        self.database = database
        self.lease = timedelta(seconds=lease_seconds)
        insert = upsert_insert(database.engine)
        # RETURNING makes SQLAlchemy send many rows as one multi-row INSERT
        # ("insertmanyvalues"): one statement, atomic on the autocommit engine,
        # compiled once and cached.
        self._insert = insert(InboxEvent).on_conflict_do_nothing(index_elements=["event_key"]).returning(InboxEvent.id)
        # Webhooks arriving together are stored in one transaction.
        self._group = GroupCommit(self._write)

    def accept(self, events: Sequence[dict[str, Any]]) -> None:
        """Store a body's events (with those of webhooks arriving at the same
        moment, in one transaction); an event already stored is left as it is.
        Returns once they are committed."""
        if not events:
            return
        now = utcnow()
        rows = [
            {
                "event_key": event_key(event),
                "chat": chat_of(event),
                "event_type": str(event.get("type", "unknown"))[:32],
                "payload": event,
                "state": InboxState.PENDING,
                "attempts": 0,
                "next_attempt_at": now,
                "received_at": now,
            }
            for event in events
        ]

        self._group.submit(rows)

    def _write(self, rows: list[dict[str, Any]]) -> None:
        """Core, not the ORM, and one multi-row INSERT on the autocommit
        engine: atomic, and a single round trip. This runs for every webhook
        and is most of what it does."""

        def write() -> None:
            with self.database.quick.connect() as connection:
                connection.execute(self._insert, rows)

        retry_on_disconnect(write)

    def claim(self, worker: str, limit: int = 1) -> list[QueuedEvent]:
        """The next events to answer: for each chat only its oldest unanswered
        event, and none while another of that chat is being answered."""
        now = utcnow()
        earlier = aliased(InboxEvent)
        waiting_before = exists().where(
            unanswered(earlier.state), earlier.chat == InboxEvent.chat, earlier.id < InboxEvent.id
        )
        claimable = or_(
            and_(InboxEvent.state == InboxState.PENDING, InboxEvent.next_attempt_at <= now),
            and_(InboxEvent.state == InboxState.CLAIMED, InboxEvent.claimed_until < now),
        )
        query = (
            select(InboxEvent)
            .where(unanswered(InboxEvent.state), claimable, ~waiting_before)
            .order_by(InboxEvent.id)
            .limit(limit)
        )
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            query = query.with_for_update(skip_locked=True, of=InboxEvent)  # SQLite: no clause, one writer
            claimed = []
            for row in session.scalars(query):
                row.state = InboxState.CLAIMED
                row.claimed_by = worker[:64]
                row.claimed_until = now + self.lease
                row.attempts += 1
                claimed.append(
                    QueuedEvent(row.id, row.event_key, dict(row.payload or {}), row.attempts, as_utc(row.received_at))
                )
        if claimed:
            crash_point("inbox-claimed")
        return claimed

    def done(self, queued: QueuedEvent, worker: str) -> None:
        """Answered (or nothing to say): forget the text, keep the key against redeliveries."""
        with self.database.session() as session:
            session.execute(
                update(InboxEvent)
                .where(InboxEvent.id == queued.id, InboxEvent.claimed_by == worker[:64])
                .values(state=InboxState.DONE, payload=None, processed_at=utcnow(), claimed_until=None)
            )

    def failed(self, queued: QueuedEvent, worker: str, error: str) -> None:
        """Try again a little later, unless the answer would come too late to help."""
        now = utcnow()
        late = now - queued.received_at > ANSWER_WITHIN or queued.attempts >= MAX_ATTEMPTS
        wait = timedelta(seconds=min(300.0, 2.0 * 2 ** (queued.attempts - 1)) * random.uniform(0.5, 1.0))
        values: dict[str, Any] = {"last_error": error[:300], "claimed_until": None}
        if late:
            values.update(state=InboxState.FAILED, payload=None, processed_at=now)
        else:
            values.update(state=InboxState.PENDING, next_attempt_at=now + wait)
        with self.database.session() as session:
            session.execute(
                update(InboxEvent)
                .where(InboxEvent.id == queued.id, InboxEvent.claimed_by == worker[:64])
                .values(**values)
            )

    def waiting(self) -> int:
        """Events acknowledged and not yet answered."""
        with self.database.session() as session:
            return int(session.scalar(select(func.count()).where(unanswered(InboxEvent.state))) or 0)

    def purge(self) -> int:
        """Forget events answered longer ago than LINE could redeliver them."""
        with self.database.session() as session:
            result = session.execute(
                delete(InboxEvent).where(
                    InboxEvent.state.in_((InboxState.DONE, InboxState.FAILED)),
                    InboxEvent.received_at < utcnow() - RETENTION,
                )
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]
