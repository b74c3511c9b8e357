"""The outbox: every outgoing announcement message as a row, sent exactly once.

- `bot.announcements.enqueue` puts one row per (announcement, channel,
  recipient batch) in the outbox when an announcement is due.
- Workers `claim` rows with `SELECT ... FOR UPDATE SKIP LOCKED` on
  PostgreSQL (any number of workers on any number of machines; on SQLite,
  one worker), under a lease: a crashed worker's rows are taken over when
  the lease expires, and re-sent with the same retry key, which LINE
  de-duplicates. Channels without idempotency keys are not re-sent: their
  row becomes "unconfirmed" for staff to settle.
- `complete` records results in one transaction that also settles the
  deliveries and announcements they finish. A retryable failure (timeout,
  5xx, 429) is tried again after an exponential, jittered wait, for as long
  as the retry window lasts."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Table, and_, bindparam, func, or_, select, update
from sqlalchemy.orm import Session, defer

from bot.announcements.approval import matches_approval
from bot.announcements.enqueue import Enqueuer
from bot.announcements.settle import lock_deliveries, settle_delivery, update_delivery
from bot.announcements.states import Audience, OutboxState
from bot.data.db import Database, as_utc, lock_sqlite_for_writing
from bot.data.models import Announcement, OutboxItem, utcnow
from bot.ops.crash import crash_point
from publishers.base import OutgoingMessage, Publisher, PublishResult
from publishers.registry import channel_classes

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class RetryPolicy:
    """How long and how often a retryable failure is tried again."""

    window: timedelta = timedelta(hours=24)
    base_seconds: float = 5.0
    ceiling_seconds: float = 900.0

    def wait(self, attempts: int, retry_after: float | None = None) -> float:
        """Seconds before the next try: what the channel asked for (Retry-After),
        else doubling up to the ceiling; with jitter, so that many failed
        requests do not all come back at the same moment."""
        if retry_after is not None:
            return retry_after + random.uniform(0.0, min(1.0, retry_after * 0.2))
        backoff = min(self.base_seconds * 2.0 ** max(0, attempts - 1), self.ceiling_seconds)
        return backoff * random.uniform(0.5, 1.0)


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


NOT_AS_APPROVED = "the content differs from what was approved: edit and approve it again"


def _idempotent_channels() -> frozenset[str]:
    return frozenset(name for name, publisher in channel_classes().items() if publisher.idempotent)


class Outbox:
    def __init__(
        self,
        database: Database,
        lease_seconds: float = 60.0,
        clock: Clock = utcnow,
        idempotent_channels: frozenset[str] | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.database = database
        self.idempotent_channels = _idempotent_channels() if idempotent_channels is None else idempotent_channels
        self.lease = timedelta(seconds=lease_seconds)
        self.clock = clock
        self.retry = retry or RetryPolicy()
        # An announcement's content is fixed once it is sending: read it once.
        self._messages: dict[int, OutgoingMessage] = {}

    def enqueue_due(self) -> int:
        """Move every due scheduled announcement to the outbox; returns how many."""
        return Enqueuer(self.database, self.clock).enqueue_due()

    # --- worker side ---

    def claim(self, worker: str, limit: int = 1) -> list[ClaimedItem]:
        """Up to `limit` rows due now: new, due a retry, or abandoned by a worker whose lease ran out."""
        now = self.clock()
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            due = OutboxItem.next_attempt_at <= now
            claimable = or_(
                and_(OutboxItem.state == OutboxState.PENDING, due),
                and_(OutboxItem.state == OutboxState.FAILED, OutboxItem.retryable.is_(True), due),
                and_(OutboxItem.state == OutboxState.CLAIMED, OutboxItem.claimed_until < now),
            )
            query = (
                select(OutboxItem)
                .where(claimable)
                .order_by(OutboxItem.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            claimed: list[OutboxItem] = []
            orphaned = set()
            for row in session.scalars(query).all():
                idempotent = row.channel in self.idempotent_channels
                if claimed and (not idempotent or claimed[0].channel not in self.idempotent_channels):
                    # A request that cannot be re-sent safely is claimed alone: a
                    # crash must not leave requests never tried as "unconfirmed".
                    break
                if row.state == OutboxState.CLAIMED and not idempotent:
                    orphaned.add(self._mark_unconfirmed(row))
                    continue
                if row.state == OutboxState.CLAIMED:
                    log.warning("outbox item %d: lease of %s expired, taking over", row.id, row.claimed_by)
                row.state = OutboxState.CLAIMED
                row.claimed_by = worker
                row.claimed_until = now + self.lease
                row.attempts += 1
                claimed.append(row)
            claimed = self._refuse_unapproved(session, claimed, orphaned)
            session.flush()
            for delivery_id in orphaned:
                settle_delivery(session, delivery_id)
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
                    self._messages[row.announcement_id],
                    list(row.progress or []),
                )
                for row in claimed
            ]

    @staticmethod
    def _mark_unconfirmed(row: OutboxItem) -> int:
        """The worker died mid-request: the post may exist. Without an idempotency
        key, staff decide (mark sent or send again). Returns the delivery to settle."""
        log.warning("outbox item %d: lease of %s expired; marked unconfirmed", row.id, row.claimed_by)
        row.state = OutboxState.UNCONFIRMED
        row.claimed_until = None
        row.last_error = "the worker stopped while sending; check the channel, then mark sent or resend"
        return row.delivery_id

    def _refuse_unapproved(self, session: Session, claimed: list[OutboxItem], settle: set[int]) -> list[OutboxItem]:
        """Rows whose announcement still holds the content approved; the others
        fail for good (someone changed it behind the workflow's back)."""
        missing = {row.announcement_id for row in claimed} - set(self._messages)
        refused: set[int] = set()
        if missing:
            for announcement in session.scalars(select(Announcement).where(Announcement.id.in_(missing))):
                if matches_approval(announcement):
                    self._messages[announcement.id] = message_of(announcement)
                else:
                    log.error("announcement #%d: content differs from what was approved; not sent", announcement.id)
                    refused.add(announcement.id)
        for row in claimed:
            if row.announcement_id in refused:
                row.state, row.retryable, row.claimed_until = OutboxState.FAILED, False, None
                row.last_error = NOT_AS_APPROVED
                settle.add(row.delivery_id)
        return [row for row in claimed if row.announcement_id not in refused]

    def still_claimed(self, items: Sequence[ClaimedItem], worker: str) -> set[int]:
        """The ids of `items` this worker still holds (a cancel or another
        worker's takeover may have got there first)."""
        with self.database.session() as session:
            query = select(OutboxItem.id).where(
                OutboxItem.id.in_([item.id for item in items]),
                OutboxItem.state == OutboxState.CLAIMED,
                OutboxItem.claimed_by == worker,
            )
            return set(session.scalars(query))

    def check_quota_once(self, item: ClaimedItem, publisher: Publisher) -> str | None:
        """Before the first batch of a fan-out is sent, ask the channel whether
        the whole fan-out fits its quota; a refusal fails every batch of it."""
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            locked = lock_deliveries(session, {item.delivery_id})
            delivery = locked[0] if locked else None
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
        self.complete_many([(item, result)], worker)

    def complete_many(self, results: Sequence[tuple[ClaimedItem, PublishResult]], worker: str) -> None:
        """Record results, and settle what they finish, in one transaction.
        The deliveries are locked first, so of two workers recording a
        delivery's last results, the second sees the first's. Successes (the
        common case) are one statement for the batch; failures are read and
        written row by row, since their next try depends on their history."""
        if not results:
            return
        now = self.clock()
        sent = [(item, result) for item, result in results if result.status == "sent"]
        other = {item.id: result for item, result in results if result.status != "sent"}
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            deliveries = lock_deliveries(session, {item.delivery_id for item, _ in results})
            recorded = self._record_sent(session, sent, worker, now) if sent else 0
            held = OutboxItem.state == OutboxState.CLAIMED, OutboxItem.claimed_by == worker
            if other:
                query = select(OutboxItem).options(defer(OutboxItem.recipients)).where(OutboxItem.id.in_(other), *held)
                for row in session.scalars(query):
                    self._record(row, other[row.id], now)
                    recorded += 1
            if recorded < len(results):
                log.warning(
                    "%d outbox item(s) were taken over or cancelled; results not recorded", len(results) - recorded
                )
            session.flush()
            crash_point("outbox-recorded-not-settled")
            for delivery in deliveries:
                update_delivery(session, delivery)

    @staticmethod
    def _record_sent(
        session: Session, sent: Sequence[tuple[ClaimedItem, PublishResult]], worker: str, now: datetime
    ) -> int:
        table: Table = OutboxItem.__table__  # type: ignore[assignment]  # Core: an executemany without ORM loading
        statement = (
            table.update()
            .where(
                table.c.id == bindparam("row_id"), table.c.state == OutboxState.CLAIMED, table.c.claimed_by == worker
            )
            .values(
                state=OutboxState.SENT,
                sent_at=now,
                claimed_until=None,
                last_error=None,
                retryable=False,
                progress=bindparam("row_progress"),
                remote_id=bindparam("row_remote_id"),
            )
        )
        parameters = [
            {
                "row_id": item.id,
                "row_progress": list(result.remote_ids),
                "row_remote_id": ",".join(result.remote_ids)[:200] or None,
            }
            for item, result in sent
        ]
        result = session.connection().execute(statement, parameters)
        return int(result.rowcount or 0)

    def _record(self, row: OutboxItem, result: PublishResult, now: datetime) -> None:
        row.claimed_until = None
        row.progress = list(result.remote_ids)
        if result.status == "sent":
            row.state = OutboxState.SENT
            row.sent_at = now
            row.remote_id = ",".join(result.remote_ids)[:200] or None
            row.last_error = None
            row.retryable = False
        elif result.status == "unconfirmed":
            row.state = OutboxState.UNCONFIRMED
            row.last_error = result.error
        else:
            row.state = OutboxState.FAILED
            row.last_error = result.error
            row.retry_until = row.retry_until or now + self.retry.window
            row.retryable = result.retryable and now < as_utc(row.retry_until)
            row.next_attempt_at = now + timedelta(seconds=self.retry.wait(row.attempts, result.retry_after))

    def pending_count(self, within: timedelta = timedelta(0)) -> int:
        """Rows being sent, or due now (or `within` from now): not those whose retry is later."""
        now = self.clock()
        with self.database.session() as session:
            due = OutboxItem.next_attempt_at <= now + within
            waiting = or_(
                and_(OutboxItem.state == OutboxState.PENDING, due),
                and_(OutboxItem.state == OutboxState.FAILED, OutboxItem.retryable.is_(True), due),
            )
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
