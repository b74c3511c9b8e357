"""The outbox: every outgoing announcement message as a row, sent exactly once.

- `enqueue_due` (a scheduler job) moves due announcements to the outbox: one
  row per (announcement, channel, recipient batch) under a unique key.
- Workers `claim` rows with `SELECT ... FOR UPDATE SKIP LOCKED` on
  PostgreSQL (any number of workers on any number of machines; on SQLite,
  one worker), under a lease: a crashed worker's rows are taken over when
  the lease expires, and re-sent with the same retry key, which LINE
  de-duplicates. Channels without idempotency keys are not re-sent: their
  row becomes "unconfirmed" for staff to settle.
- `complete` records the result; retryable failures wait for
  `requeue_retryable` (a scheduler job); per-channel and announcement states
  follow (`bot.announcements.settle`)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from bot.announcements.settle import has_open_rows, settle_announcement, settle_delivery
from bot.announcements.states import AnnouncementState, Audience, DeliveryState, OutboxState
from bot.announcements.subscriptions import SubscriberList, following_count
from bot.announcements.topics import Topic
from bot.data.audit import COMMAND_LINE, AuditAction, record
from bot.data.db import Database, lock_sqlite_for_writing, upsert_insert
from bot.data.models import Announcement, Delivery, OutboxItem, utcnow
from publishers.base import OutgoingMessage, Publisher, PublishResult, RecipientList
from publishers.registry import channel_classes

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 5.0
BACKOFF_MAX_SECONDS = 3600.0
INSERT_CHUNK = 500
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


def _idempotent_channels() -> frozenset[str]:
    return frozenset(name for name, publisher in channel_classes().items() if publisher.idempotent)


class Outbox:
    def __init__(
        self,
        database: Database,
        lease_seconds: float = 60.0,
        clock: Clock = utcnow,
        idempotent_channels: frozenset[str] | None = None,
    ) -> None:
        self.database = database
        self.idempotent_channels = _idempotent_channels() if idempotent_channels is None else idempotent_channels
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
                    .where(Announcement.state == AnnouncementState.SCHEDULED, Announcement.scheduled_at <= now)
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
        announcement.state = AnnouncementState.SENDING
        announcement.updated_at = utcnow()
        deliveries = session.scalars(select(Delivery).where(Delivery.announcement_id == announcement.id)).all()
        for delivery in deliveries:
            if delivery.state == DeliveryState.CANCELLED:
                continue
            delivery.state = DeliveryState.SENDING
            delivery.updated_at = utcnow()
            publisher = channel_classes().get(delivery.channel)
            recipients = self._recipients(publisher, announcement)
            if recipients is None:
                # One request: a public post, or a broadcast to all friends.
                self._insert_rows(session, [self._row(announcement.id, delivery.id, delivery.channel, 0, None)])
                if publisher is not None and publisher.broadcasts_to_all:
                    delivery.recipients = following_count(self.database)
                continue
            size = publisher.max_recipients if publisher is not None and publisher.max_recipients else 500
            total = self._enqueue_batches(session, announcement.id, delivery, recipients, size)
            delivery.recipients = total
            if total == 0:
                delivery.state = DeliveryState.SENT
                delivery.error = "no subscribers for these topics"
        session.flush()
        settle_announcement(session, announcement.id)

    def _recipients(self, publisher: type[Publisher] | None, announcement: Announcement) -> Iterator[str] | None:
        """The addresses of a channel with a subscriber list, each once; None
        for one request to nobody in particular."""
        if publisher is None or publisher.recipient_list is RecipientList.NONE:
            return None
        everyone = announcement.audience == Audience.ALL
        if everyone and publisher.broadcasts_to_all:
            return None
        topics = None if everyone else [Topic.parse(text) for text in announcement.topics]
        return SubscriberList(self.database, publisher.recipient_list).recipients(topics)

    def _enqueue_batches(
        self, session: Session, announcement_id: int, delivery: Delivery, recipients: Iterator[str], size: int
    ) -> int:
        rows: list[dict[str, Any]] = []
        total = 0
        for number, batch in enumerate(_batches(recipients, size)):
            total += len(batch)
            rows.append(self._row(announcement_id, delivery.id, delivery.channel, number, batch))
            if len(rows) >= INSERT_CHUNK:
                self._insert_rows(session, rows)
                rows = []
        self._insert_rows(session, rows)
        return total

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
            "state": OutboxState.PENDING,
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
                    OutboxItem.state == OutboxState.FAILED,
                    OutboxItem.retryable.is_(True),
                    OutboxItem.attempts < MAX_ATTEMPTS,
                    OutboxItem.next_attempt_at <= now,
                )
                .values(state=OutboxState.PENDING)
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    # --- worker side ---

    def claim(self, worker: str, limit: int = 1) -> list[ClaimedItem]:
        now = self.clock()
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            claimable = or_(
                and_(OutboxItem.state == OutboxState.PENDING, OutboxItem.next_attempt_at <= now),
                and_(OutboxItem.state == OutboxState.CLAIMED, OutboxItem.claimed_until < now),
            )
            query = select(OutboxItem).where(claimable).order_by(OutboxItem.id).limit(limit)
            if self.postgres:
                query = query.with_for_update(skip_locked=True)
            claimed, orphaned = [], set()
            for row in session.scalars(query).all():
                if row.state == OutboxState.CLAIMED and row.channel not in self.idempotent_channels:
                    # The worker died mid-request: the post may exist. Without an
                    # idempotency key, staff decide (mark sent or send again).
                    log.warning("outbox item %d: lease of %s expired; marked unconfirmed", row.id, row.claimed_by)
                    row.state = OutboxState.UNCONFIRMED
                    row.claimed_until = None
                    row.last_error = "the worker stopped while sending; check the channel, then mark sent or resend"
                    orphaned.add(row.delivery_id)
                    continue
                if row.state == OutboxState.CLAIMED:
                    log.warning("outbox item %d: lease of %s expired, taking over", row.id, row.claimed_by)
                row.state = OutboxState.CLAIMED
                row.claimed_by = worker
                row.claimed_until = now + self.lease
                row.attempts += 1
                claimed.append(row)
            session.flush()
            for delivery_id in orphaned:
                settle_delivery(session, delivery_id)
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
            return row is not None and row.state == OutboxState.CLAIMED and row.claimed_by == worker

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
                .where(
                    OutboxItem.delivery_id == delivery.id,
                    OutboxItem.state.in_((OutboxState.PENDING, OutboxState.CLAIMED, OutboxState.FAILED)),
                )
                .values(state=OutboxState.FAILED, retryable=False, last_error=reason)
            )
            session.flush()
            settle_delivery(session, delivery.id)
            return reason

    def complete(self, item: ClaimedItem, result: PublishResult, worker: str) -> None:
        now = self.clock()
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            row = session.get(OutboxItem, item.id)
            if row is None or row.state != OutboxState.CLAIMED or row.claimed_by != worker:
                log.warning("outbox item %d was taken over or cancelled; result not recorded", item.id)
                return
            row.claimed_until = None
            row.progress = list(result.remote_ids)
            if result.status == "sent":
                row.state = OutboxState.SENT
                row.sent_at = now
                row.remote_id = ",".join(result.remote_ids)[:200] or None
                row.last_error = None
            elif result.status == "unconfirmed":
                row.state = OutboxState.UNCONFIRMED
                row.last_error = result.error
            else:
                row.state = OutboxState.FAILED
                row.retryable = result.retryable and row.attempts < MAX_ATTEMPTS
                row.last_error = result.error
                wait = max(result.retry_after or 0.0, backoff(row.attempts))
                row.next_attempt_at = now + timedelta(seconds=wait)
        # Settle in a second transaction, after this row's state is committed:
        # whichever worker commits the last open row of a delivery then sees
        # every other row final, so exactly the right moment is never missed.
        with self.database.session() as session:
            finished = not has_open_rows(session, item.delivery_id)
        if finished:
            with self.database.session() as session:
                lock_sqlite_for_writing(session)  # before reading: a read-then-write must not lose the race
                settle_delivery(session, item.delivery_id)

    def resolve_unconfirmed(
        self, announcement_id: int, channel: str, sent: bool, remote_id: str | None = None, by: str = COMMAND_LINE
    ) -> int:
        """Staff checked a channel after an unconfirmed send: mark it sent
        (optionally with the post's id), or send it again. Returns rows changed."""
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            rows = session.scalars(
                select(OutboxItem).where(
                    OutboxItem.announcement_id == announcement_id,
                    OutboxItem.channel == channel,
                    OutboxItem.state == OutboxState.UNCONFIRMED,
                )
            ).all()
            for row in rows:
                if sent:
                    row.state = OutboxState.SENT
                    row.sent_at = self.clock()
                    row.remote_id = remote_id or row.remote_id
                    row.last_error = None
                else:
                    row.state = OutboxState.PENDING
                    row.next_attempt_at = self.clock()
            session.flush()
            if rows:
                delivery_id = rows[0].delivery_id
                delivery = session.get(Delivery, delivery_id)
                if delivery is not None:
                    delivery.state = DeliveryState.SENDING
                    delivery.error = None
                announcement = session.get(Announcement, announcement_id)
                if announcement is not None and announcement.state in (
                    AnnouncementState.PARTLY_FAILED,
                    AnnouncementState.FAILED,
                ):
                    announcement.state = AnnouncementState.SENDING
                if sent:
                    settle_delivery(session, delivery_id)
                action = AuditAction.MARK_SENT if sent else AuditAction.RESEND
                record(session, by, action, f"announcement:{announcement_id}", channel=channel, requests=len(rows))
            return len(rows)

    def pending_count(self) -> int:
        now = self.clock()
        with self.database.session() as session:
            waiting = and_(OutboxItem.state == OutboxState.PENDING, OutboxItem.next_attempt_at <= now)
            query = select(func.count()).where(or_(waiting, OutboxItem.state == OutboxState.CLAIMED))
            return int(session.scalar(query) or 0)


def message_of(announcement: Announcement) -> OutgoingMessage:
    preview = None
    if announcement.image_url and announcement.image_url.endswith(".png") and "/charts/" in announcement.image_url:
        preview = announcement.image_url.removesuffix(".png") + "-preview.png"
    return OutgoingMessage(
        announcement_id=announcement.id,
        title=announcement.title,
        text=announcement.text,
        image_url=announcement.image_url,
        preview_url=preview,
        link_url=announcement.link_url,
        audience="all friends"
        if announcement.audience == Audience.ALL
        else "subscribers of " + ", ".join(announcement.topics[:5]),
        versions=dict(announcement.versions or {}),
    )
