"""The outbox: every outgoing announcement message as a row, sent exactly once.

- `enqueue_due` (a scheduler job) moves due announcements to the outbox: one
  row per (announcement, channel, recipient batch) under a unique key.
- Workers `claim` rows with `SELECT ... FOR UPDATE SKIP LOCKED` on
  PostgreSQL (any number of workers on any number of machines; on SQLite,
  one worker), under a lease: a crashed worker's rows are taken over when
  the lease expires, and re-sent with the same retry key, which LINE
  de-duplicates.
- `complete` records the result; retryable failures wait for
  `requeue_retryable` (a scheduler job); per-channel and announcement states
  follow.
- `RateLimiter` is a token bucket in the database, so a channel's rate limit
  holds for all worker processes together."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from bot.db import Database, lock_sqlite_for_writing, upsert_insert
from bot.models import Announcement, Delivery, OutboxItem, RateLimitBucket, utcnow
from bot.subscriptions import SubscriptionStore
from publishers.base import OutgoingMessage, Publisher, PublishResult

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 5.0
BACKOFF_MAX_SECONDS = 3600.0
STORED_REMOTE_IDS = 50  # per delivery; the outbox rows keep them all
Clock = Callable[[], datetime]


def backoff(attempts: int) -> float:
    return float(min(BACKOFF_BASE_SECONDS * 2.0 ** max(0, attempts - 1), BACKOFF_MAX_SECONDS))


def _batches(items: Iterator[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class ClaimedItem:
    id: int
    announcement_id: int
    delivery_id: int
    channel: str
    batch_no: int
    recipients: list[str] | None
    retry_key: str
    attempts: int
    message: OutgoingMessage
    progress: list[str]


class Outbox:
    def __init__(
        self,
        database: Database,
        batch_sizes: dict[str, int] | None = None,
        lease_seconds: float = 60.0,
        clock: Clock = utcnow,
        idempotent_channels: frozenset[str] = frozenset({"line", "console"}),
    ) -> None:
        self.database = database
        self.idempotent_channels = idempotent_channels
        self.batch_sizes = batch_sizes or {"line": 500, "email": 50}
        self.lease = timedelta(seconds=lease_seconds)
        self.clock = clock
        self.postgres = database.engine.dialect.name == "postgresql"

    # --- scheduler side ---

    def enqueue_due(self) -> int:
        """Move every due scheduled announcement to the outbox; returns how many."""
        now = self.clock()
        moved = 0
        while True:
            with self.database.session() as session:
                lock_sqlite_for_writing(session)
                query = (
                    select(Announcement)
                    .where(Announcement.state == "scheduled", Announcement.scheduled_at <= now)
                    .order_by(Announcement.scheduled_at, Announcement.id)
                    .limit(1)
                )
                if self.postgres:
                    query = query.with_for_update(skip_locked=True)
                announcement = session.scalar(query)
                if announcement is None:
                    return moved
                self._enqueue(session, announcement)
                moved += 1

    def _enqueue(self, session: Session, announcement: Announcement) -> None:
        announcement.state = "sending"
        announcement.updated_at = utcnow()
        deliveries = session.scalars(select(Delivery).where(Delivery.announcement_id == announcement.id)).all()
        for delivery in deliveries:
            if delivery.state == "cancelled":
                continue
            delivery.state = "sending"
            delivery.updated_at = utcnow()
            listed = delivery.channel in self.batch_sizes
            if not listed or (delivery.channel == "line" and announcement.audience == "all"):
                # One request: LINE broadcast to all friends, or a channel without recipient lists.
                batches: Iterator[list[str] | None] = iter([None])
                if delivery.channel == "line":
                    delivery.recipients = SubscriptionStore(self.database).following_count()
            else:
                recipients = self._recipients(delivery.channel, announcement)
                batches = _batches(recipients, self.batch_sizes[delivery.channel])
            rows: list[dict[str, Any]] = []
            total = 0
            for number, batch in enumerate(batches):
                total += len(batch) if batch is not None else 0
                rows.append(self._row(announcement.id, delivery.id, delivery.channel, number, batch))
                if len(rows) >= 500:
                    self._insert_rows(session, rows)
                    rows = []
            self._insert_rows(session, rows)
            if listed and not (delivery.channel == "line" and announcement.audience == "all"):
                delivery.recipients = total
                if total == 0:
                    delivery.state = "sent"
                    delivery.error = "no subscribers for these topics"
        session.flush()
        self._settle_announcement(session, announcement.id)

    def _recipients(self, channel: str, announcement: Announcement) -> Iterator[str]:
        """The addresses of a channel with recipient lists, each once."""
        if channel == "email":
            from bot.email_subscriptions import EmailSubscriptionStore

            return EmailSubscriptionStore(self.database).recipients(
                None if announcement.audience == "all" else announcement.topics
            )
        return SubscriptionStore(self.database).recipients(announcement.topics)

    def _row(
        self, announcement_id: int, delivery_id: int, channel: str, number: int, batch: list[str] | None
    ) -> dict[str, Any]:
        return {
            "unique_key": f"{announcement_id}:{channel}:{number}",
            "announcement_id": announcement_id,
            "delivery_id": delivery_id,
            "channel": channel,
            "batch_no": number,
            "recipients": batch,
            "retry_key": str(uuid.uuid4()),
            "state": "pending",
            "attempts": 0,
            "retryable": False,
            "next_attempt_at": self.clock(),
            "created_at": utcnow(),
        }

    def _insert_rows(self, session: Session, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        insert_into = upsert_insert(session)
        # A unique key already present means this batch was enqueued before: keep the first.
        session.execute(insert_into(OutboxItem).on_conflict_do_nothing(index_elements=["unique_key"]), rows)

    def requeue_retryable(self) -> int:
        """Failed rows that may work later and whose wait is over go back to pending."""
        now = self.clock()
        with self.database.session() as session:
            result = session.execute(
                update(OutboxItem)
                .where(
                    OutboxItem.state == "failed",
                    OutboxItem.retryable.is_(True),
                    OutboxItem.attempts < MAX_ATTEMPTS,
                    OutboxItem.next_attempt_at <= now,
                )
                .values(state="pending")
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    # --- worker side ---

    def claim(self, worker: str, limit: int = 1) -> list[ClaimedItem]:
        now = self.clock()
        settle: list[int] = []
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            claimable = or_(
                and_(OutboxItem.state == "pending", OutboxItem.next_attempt_at <= now),
                and_(OutboxItem.state == "claimed", OutboxItem.claimed_until < now),
            )
            query = select(OutboxItem).where(claimable).order_by(OutboxItem.id).limit(limit)
            if self.postgres:
                query = query.with_for_update(skip_locked=True)
            rows = session.scalars(query).all()
            claimed = []
            for row in rows:
                if row.state == "claimed" and row.channel not in self.idempotent_channels:
                    # The worker died mid-request: the post may exist. Without an
                    # idempotency key, staff decide (mark sent or send again).
                    log.warning("outbox item %d: lease of %s expired; marked unconfirmed", row.id, row.claimed_by)
                    row.state = "unconfirmed"
                    row.claimed_until = None
                    row.last_error = "the worker stopped while sending; check the channel, then mark sent or resend"
                    settle.append(row.delivery_id)
                    continue
                if row.state == "claimed":
                    log.warning("outbox item %d: lease of %s expired, taking over", row.id, row.claimed_by)
                row.state = "claimed"
                row.claimed_by = worker
                row.claimed_until = now + self.lease
                row.attempts += 1
                claimed.append(row)
            session.flush()
            for delivery_id in settle:
                if not self._has_open_rows(delivery_id, session):
                    self._settle_delivery(session, delivery_id)
            announcements = {
                a.id: a
                for a in session.scalars(
                    select(Announcement).where(Announcement.id.in_({row.announcement_id for row in claimed}))
                )
            }
            return [
                ClaimedItem(
                    row.id,
                    row.announcement_id,
                    row.delivery_id,
                    row.channel,
                    row.batch_no,
                    list(row.recipients) if row.recipients is not None else None,
                    row.retry_key,
                    row.attempts,
                    message_of(announcements[row.announcement_id]),
                    list(row.progress or []),
                )
                for row in claimed
            ]

    def still_claimed(self, item: ClaimedItem, worker: str) -> bool:
        """False when a cancel or another worker's takeover got there first."""
        with self.database.session() as session:
            row = session.get(OutboxItem, item.id)
            return row is not None and row.state == "claimed" and row.claimed_by == worker

    def check_quota_once(self, item: ClaimedItem, publisher: Publisher) -> str | None:
        """Before the first batch of a fan-out is sent, ask the channel whether
        the whole fan-out fits its quota; a refusal fails every batch of it."""
        with self.database.session() as session:
            query = select(Delivery).where(Delivery.id == item.delivery_id)
            if self.postgres:
                query = query.with_for_update()
            else:
                lock_sqlite_for_writing(session)
            delivery = session.scalar(query)
            if delivery is None or delivery.quota_checked:
                return None
            reason = publisher.check_capacity(delivery.recipients)
            if reason is None:
                delivery.quota_checked = True
                return None
            session.execute(
                update(OutboxItem)
                .where(OutboxItem.delivery_id == delivery.id, OutboxItem.state.in_(("pending", "claimed", "failed")))
                .values(state="failed", retryable=False, last_error=reason)
            )
            session.flush()
            self._settle_delivery(session, delivery.id)
            return reason

    def complete(self, item: ClaimedItem, result: PublishResult, worker: str) -> None:
        now = self.clock()
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            row = session.get(OutboxItem, item.id)
            if row is None or row.state != "claimed" or row.claimed_by != worker:
                log.warning("outbox item %d was taken over or cancelled; result not recorded", item.id)
                return
            row.claimed_until = None
            row.progress = list(result.remote_ids)
            if result.status == "sent":
                row.state = "sent"
                row.sent_at = now
                row.remote_id = ",".join(result.remote_ids)[:200] or None
                row.last_error = None
            elif result.status == "unconfirmed":
                row.state = "unconfirmed"
                row.last_error = result.error
            else:
                row.state = "failed"
                row.retryable = result.retryable and row.attempts < MAX_ATTEMPTS
                row.last_error = result.error
                wait = max(result.retry_after or 0.0, backoff(row.attempts))
                row.next_attempt_at = now + timedelta(seconds=wait)
        # Settle in a second transaction, after this row's state is committed:
        # whichever worker commits the last open row of a delivery then sees
        # every other row final, so exactly the right moment is never missed.
        if not self._has_open_rows(item.delivery_id):
            with self.database.session() as session:
                lock_sqlite_for_writing(session)
                self._settle_delivery(session, item.delivery_id)

    def _has_open_rows(self, delivery_id: int, session: Session | None = None) -> bool:
        if session is None:
            with self.database.session() as own:
                return self._has_open_rows(delivery_id, own)
        open_row = session.scalar(
            select(OutboxItem.id)
            .where(
                OutboxItem.delivery_id == delivery_id,
                or_(
                    OutboxItem.state.in_(("pending", "claimed")),
                    and_(OutboxItem.state == "failed", OutboxItem.retryable.is_(True)),
                ),
            )
            .limit(1)
        )
        return open_row is not None

    def _settle_delivery(self, session: Session, delivery_id: int) -> None:
        """Once no row of a delivery can still change, fix its final state."""
        query = select(Delivery).where(Delivery.id == delivery_id)
        if self.postgres:
            query = query.with_for_update()  # two workers finishing its last rows at once
        delivery = session.scalar(query)
        if delivery is None:
            return
        counts = dict(
            session.execute(
                select(OutboxItem.state, func.count())
                .where(OutboxItem.delivery_id == delivery_id)
                .group_by(OutboxItem.state)
            ).all()
        )
        waiting = session.scalar(
            select(func.count()).where(
                OutboxItem.delivery_id == delivery_id,
                OutboxItem.state == "failed",
                OutboxItem.retryable.is_(True),
            )
        )
        if counts.get("pending", 0) or counts.get("claimed", 0) or waiting:
            return
        sent, unconfirmed, failed = counts.get("sent", 0), counts.get("unconfirmed", 0), counts.get("failed", 0)
        if failed:
            delivery.state = "failed"
            error = session.scalar(
                select(OutboxItem.last_error)
                .where(OutboxItem.delivery_id == delivery_id, OutboxItem.state == "failed")
                .limit(1)
            )
            total = sent + unconfirmed + failed
            delivery.error = f"{failed} of {total} request(s) failed: {error}" if total > 1 else error
        elif unconfirmed:
            delivery.state = "unconfirmed"
            delivery.error = "the channel did not confirm; check it and mark sent or send again"
        else:
            delivery.state = "sent"
        remote_ids: list[str] = []
        if delivery.channel != "email":  # e-mail progress is addresses: personal data, not ids
            progress = session.scalars(
                select(OutboxItem.progress)
                .where(OutboxItem.delivery_id == delivery_id, OutboxItem.state == "sent")
                .order_by(OutboxItem.batch_no)
                .limit(STORED_REMOTE_IDS)
            )
            remote_ids = [str(remote_id) for ids in progress for remote_id in (ids or [])][:STORED_REMOTE_IDS]
        delivery.remote_ids = remote_ids
        delivery.updated_at = utcnow()
        session.flush()
        self._settle_announcement(session, delivery.announcement_id)

    def resolve_unconfirmed(self, announcement_id: int, channel: str, sent: bool, remote_id: str | None = None) -> int:
        """Staff checked a channel after an unconfirmed send: mark it sent
        (optionally with the post's id), or send it again. Returns rows changed."""
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            rows = session.scalars(
                select(OutboxItem).where(
                    OutboxItem.announcement_id == announcement_id,
                    OutboxItem.channel == channel,
                    OutboxItem.state == "unconfirmed",
                )
            ).all()
            for row in rows:
                if sent:
                    row.state = "sent"
                    row.sent_at = self.clock()
                    row.remote_id = remote_id or row.remote_id
                    row.last_error = None
                else:
                    row.state = "pending"
                    row.next_attempt_at = self.clock()
            session.flush()
            if rows:
                delivery_id = rows[0].delivery_id
                delivery = session.get(Delivery, delivery_id)
                if delivery is not None:
                    delivery.state = "sending"
                    delivery.error = None
                announcement = session.get(Announcement, announcement_id)
                if announcement is not None and announcement.state in ("partly_failed", "failed"):
                    announcement.state = "sending"
                if sent:
                    self._settle_delivery(session, delivery_id)
            return len(rows)

    def _settle_announcement(self, session: Session, announcement_id: int) -> None:
        announcement = session.get(Announcement, announcement_id)
        if announcement is None or announcement.state != "sending":
            return
        states = [
            state
            for state in session.scalars(select(Delivery.state).where(Delivery.announcement_id == announcement_id))
            if state != "cancelled"
        ]
        if any(state in ("pending", "sending") for state in states):
            return
        if states and all(state == "sent" for state in states):
            announcement.state = "sent"
        elif not any(state == "sent" for state in states):
            announcement.state = "failed"
        else:
            announcement.state = "partly_failed"
        announcement.updated_at = utcnow()

    def pending_count(self) -> int:
        now = self.clock()
        with self.database.session() as session:
            return int(
                session.scalar(
                    select(func.count()).where(
                        or_(
                            and_(OutboxItem.state == "pending", OutboxItem.next_attempt_at <= now),
                            OutboxItem.state == "claimed",
                        )
                    )
                )
                or 0
            )


def message_of(announcement: Announcement) -> OutgoingMessage:
    preview = None
    if announcement.image_url and announcement.image_url.endswith(".png") and "/charts/" in announcement.image_url:
        preview = announcement.image_url.removesuffix(".png") + "-preview.png"
    versions: dict[str, Any] = dict(announcement.versions or {})
    if announcement.line_flex:
        versions["line_flex"] = announcement.line_flex
    return OutgoingMessage(
        announcement_id=announcement.id,
        title=announcement.title,
        text=announcement.text,
        image_url=announcement.image_url,
        preview_url=preview,
        link_url=announcement.link_url,
        audience="all friends"
        if announcement.audience == "all"
        else "subscribers of " + ", ".join(announcement.topics[:5]),
        versions=versions,
    )


class RateLimiter:
    """A token bucket per name, kept in the database and shared by every
    worker process. `reserve` takes a token now and returns how long to wait
    before using it (reservations may run ahead of the refill)."""

    def __init__(self, database: Database, clock: Callable[[], float] = time.time) -> None:
        self.database = database
        self.clock = clock
        self.postgres = database.engine.dialect.name == "postgresql"

    def reserve(self, name: str, per_second: float, burst: float = 1.0) -> float:
        now = self.clock()
        with self.database.session() as session:
            insert_into = upsert_insert(session)
            session.execute(
                insert_into(RateLimitBucket)
                .values(name=name, tokens=burst, updated_at=now)
                .on_conflict_do_nothing(index_elements=["name"])
            )
            query = select(RateLimitBucket).where(RateLimitBucket.name == name)
            if self.postgres:
                query = query.with_for_update()
            bucket = session.scalar(query)
            assert bucket is not None
            tokens = min(burst, bucket.tokens + (now - bucket.updated_at) * per_second)
            tokens -= 1.0
            bucket.tokens = tokens
            bucket.updated_at = now
            return max(0.0, -tokens / per_second)

    def acquire(
        self, name: str, per_second: float, burst: float = 1.0, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        wait = self.reserve(name, per_second, burst)
        if wait > 0:
            sleep(wait)


@dataclass
class RateRule:
    name: str
    per_second: float
    burst: float = 1.0


# Pace a little under a channel's published limit: requests leave in the order
# they reserved, but network jitter can still bunch a few into one second.
PACING_MARGIN = 0.98


def rate_rule(publisher: Publisher, item: ClaimedItem) -> RateRule | None:
    if publisher.channel == "line":
        if item.recipients is None:
            return RateRule("line:broadcast", 60 / 3600 * PACING_MARGIN, burst=1)
        return RateRule("line:multicast", (publisher.rate_limit_per_second or 200.0) * PACING_MARGIN, burst=1)
    if publisher.rate_limit_per_second:
        return RateRule(f"{publisher.channel}:send", publisher.rate_limit_per_second * PACING_MARGIN)
    return None


class Worker:
    """Sends from the outbox with a few threads; safe to run in many processes."""

    def __init__(
        self,
        outbox: Outbox,
        publishers: dict[str, Publisher],
        limiter: RateLimiter,
        threads: int = 4,
        poll_seconds: float = 1.0,
        name: str | None = None,
    ) -> None:
        self.outbox = outbox
        self.publishers = publishers
        self.limiter = limiter
        self.threads = threads
        self.poll_seconds = poll_seconds
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.stop_event = threading.Event()
        self.sent = 0
        # Deliveries whose fan-out this process saw pass the quota check: the
        # check locks the delivery row, so it is not repeated for every batch.
        self._within_quota: set[int] = set()

    def process_one(self, thread_name: str) -> bool:
        """Claim and send one item; False when there was nothing to do."""
        items = self.outbox.claim(thread_name)
        if not items:
            return False
        item = items[0]
        publisher = self.publishers.get(item.channel)
        if publisher is None:
            result = PublishResult("failed", retryable=True, error=f"no {item.channel} publisher configured")
            self.outbox.complete(item, result, thread_name)
            return True
        if publisher.max_recipients is not None and item.delivery_id not in self._within_quota:
            refusal = self.outbox.check_quota_once(item, publisher)
            if refusal is not None:
                log.error("announcement #%d on %s refused: %s", item.announcement_id, item.channel, refusal)
                return True
            self._within_quota.add(item.delivery_id)
        rule = rate_rule(publisher, item)
        if rule is not None:
            self.limiter.acquire(rule.name, rule.per_second, rule.burst)
        if not self.outbox.still_claimed(item, thread_name):
            return True
        result = publisher.publish(item.message, item.recipients, item.retry_key, item.progress)
        self.outbox.complete(item, result, thread_name)
        if result.ok:
            self.sent += 1
        else:
            log.warning(
                "announcement #%d on %s batch %d: %s (%s)",
                item.announcement_id,
                item.channel,
                item.batch_no,
                result.status,
                result.error,
            )
        return True

    def _loop(self, index: int, until_idle: bool) -> None:
        thread_name = f"{self.name}/{index}"
        while not self.stop_event.is_set():
            try:
                worked = self.process_one(thread_name)
            except Exception:
                log.exception("worker thread %s failed; continuing", thread_name)
                worked = False
                time.sleep(self.poll_seconds)
            if not worked:
                # Until idle means nothing left to send, including rows another
                # worker holds: if it died, its lease runs out and we take over.
                if until_idle and self.outbox.pending_count() == 0:
                    return
                self.stop_event.wait(self.poll_seconds)

    def run(self, until_idle: bool = False) -> None:
        """Run the threads until stopped (or, with until_idle, until nothing is claimable)."""
        workers = [
            threading.Thread(target=self._loop, args=(index, until_idle), name=f"outbox-{index}", daemon=True)
            for index in range(self.threads)
        ]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()

    def stop(self) -> None:
        self.stop_event.set()
