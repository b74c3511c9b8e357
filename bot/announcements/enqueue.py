"""Moving due announcements to the outbox (a scheduler job): one row per
(announcement, channel, recipient batch) under a unique key, in the same
transaction that marks the announcement "sending"."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.announcements.settle import settle_announcement
from bot.announcements.states import AnnouncementState, Audience, DeliveryState, OutboxState
from bot.announcements.subscriptions import SubscriberList, following_count
from bot.announcements.topics import Topic
from bot.data.db import Database, lock_sqlite_for_writing, upsert_insert
from bot.data.models import Announcement, Delivery, OutboxItem, utcnow
from publishers.base import Publisher, RecipientList
from publishers.registry import channel_classes

INSERT_CHUNK = 500
Clock = Callable[[], datetime]


def _batches(items: Iterator[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class Enqueuer:
    def __init__(self, database: Database, clock: Clock = utcnow) -> None:
        self.database = database
        self.clock = clock

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
                    .with_for_update(skip_locked=True)
                )
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
                delivery.state = DeliveryState.NO_RECIPIENTS
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
