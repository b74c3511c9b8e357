"""Announcements as the console lists and tracks them: filters, a month's
calendar, each channel's delivery with its batches, and who a fan-out would
reach before it is scheduled."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bot.announcements.states import Audience, OutboxState
from bot.announcements.subscriptions import SubscriberList, count_recipients, following_count
from bot.announcements.topics import Topic
from bot.data.db import Database, as_utc
from bot.data.models import Announcement, Delivery, OutboxItem
from bot.data.privacy import mask_addresses
from bot.staff.overview import AnnouncementLine, announcement_line
from publishers.base import RecipientList
from publishers.registry import channel_classes

SHOWN_BATCHES = 50


@dataclass(frozen=True)
class Filters:
    state: str = ""
    kind: str = ""
    channel: str = ""
    month: str = ""  # YYYY-MM: scheduled, or else created, in that month
    words: str = ""  # found in the title or the text


def listed(database: Database, filters: Filters, time_zone: ZoneInfo, limit: int = 200) -> list[AnnouncementLine]:
    query = select(Announcement).options(selectinload(Announcement.deliveries)).order_by(Announcement.id.desc())
    if filters.state:
        query = query.where(Announcement.state == filters.state)
    if filters.kind:
        query = query.where(Announcement.kind == filters.kind)
    for word in filters.words.split()[:5]:
        # What staff type is found as written: % and _ are not wildcards.
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found = Announcement.title.ilike(pattern, escape="\\") | Announcement.text.ilike(pattern, escape="\\")
        query = query.where(found)
    with database.session() as session:
        rows = [announcement_line(row) for row in session.scalars(query.limit(limit * 4))]
    if filters.channel:
        rows = [row for row in rows if any(channel == filters.channel for channel, _ in row.deliveries)]
    if filters.month:
        rows = [row for row in rows if _local_month(row, time_zone) == filters.month]
    return rows[:limit]


def _local_month(row: AnnouncementLine, time_zone: ZoneInfo) -> str:
    moment = row.scheduled_at or row.updated_at
    return as_utc(moment).astimezone(time_zone).strftime("%Y-%m")


@dataclass
class CalendarMonth:
    first: date
    weeks: list[list[date | None]]
    by_day: dict[date, list[AnnouncementLine]] = field(default_factory=dict)
    unscheduled: list[AnnouncementLine] = field(default_factory=list)


def calendar_month(database: Database, year: int, month: int, time_zone: ZoneInfo) -> CalendarMonth:
    """The month's weeks (Monday first) with each day's scheduled or sent announcements."""
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    days = [first + timedelta(days=offset) for offset in range((following - first).days)]
    cells: list[date | None] = [None] * first.weekday() + list(days)
    cells += [None] * (-len(cells) % 7)
    result = CalendarMonth(first, [cells[index : index + 7] for index in range(0, len(cells), 7)])
    for row in listed(database, Filters(month=first.strftime("%Y-%m")), time_zone, limit=500):
        if row.scheduled_at is None:
            result.unscheduled.append(row)
        else:
            result.by_day.setdefault(as_utc(row.scheduled_at).astimezone(time_zone).date(), []).append(row)
    return result


@dataclass(frozen=True)
class Batch:
    number: int
    recipients: int
    state: str
    attempts: int
    next_attempt_at: datetime | None
    remote_id: str | None
    error: str | None


@dataclass(frozen=True)
class DeliveryStatus:
    channel: str
    label: str
    state: str
    recipients: int
    remote_ids: list[str]
    error: str | None
    counts: dict[str, int]
    batches: list[Batch]  # the ones not sent first, then a few sent ones
    updated_at: datetime
    next_attempt_at: datetime | None = None  # while retrying

    @property
    def can_retry(self) -> bool:
        """Failed requests staff may put back (a retrying one waits for its turn otherwise)."""
        return self.counts.get(OutboxState.FAILED, 0) > 0 and self.counts.get(OutboxState.CLAIMED, 0) == 0


def delivery_status(database: Database, announcement_id: int, personal: bool = False) -> list[DeliveryStatus]:
    """`personal`: remote ids and errors as they are (e-mail recipients among
    them); otherwise with e-mail addresses and LINE ids masked."""
    classes = channel_classes()
    shown = (lambda text: text) if personal else mask_addresses
    with database.session() as session:
        deliveries = session.scalars(
            select(Delivery).where(Delivery.announcement_id == announcement_id).order_by(Delivery.channel)
        ).all()
        result = []
        for delivery in deliveries:
            counts = Counter(
                dict(
                    session.execute(
                        select(OutboxItem.state, func.count())
                        .where(OutboxItem.delivery_id == delivery.id)
                        .group_by(OutboxItem.state)
                    ).all()
                )
            )
            rows = session.scalars(
                select(OutboxItem)
                .where(OutboxItem.delivery_id == delivery.id)
                .order_by((OutboxItem.state == OutboxState.SENT), OutboxItem.batch_no)
                .limit(SHOWN_BATCHES)
            ).all()
            batches = [
                Batch(
                    row.batch_no,
                    len(row.recipients or []),
                    row.state,
                    row.attempts,
                    as_utc(row.next_attempt_at) if row.state == OutboxState.FAILED and row.retryable else None,
                    shown(row.remote_id) if row.remote_id else None,
                    shown(row.last_error) if row.last_error else None,
                )
                for row in rows
            ]
            publisher = classes.get(delivery.channel)
            result.append(
                DeliveryStatus(
                    delivery.channel,
                    (publisher.label if publisher else "") or delivery.channel,
                    delivery.state,
                    delivery.recipients,
                    [shown(remote_id) for remote_id in delivery.remote_ids or []],
                    shown(delivery.error) if delivery.error else None,
                    {str(state): int(count) for state, count in counts.items()},
                    batches,
                    as_utc(delivery.updated_at),
                    as_utc(delivery.next_attempt_at) if delivery.next_attempt_at else None,
                )
            )
        return result


@dataclass(frozen=True)
class Reach:
    channel: str
    label: str
    kind: str  # "public", "broadcast" or "list"
    recipients: int


def reach(database: Database, announcement: Announcement) -> list[Reach]:
    """Who each channel's fan-out would reach, as the outbox would enqueue it."""
    classes = channel_classes()
    result = []
    for channel in announcement.channels:
        publisher = classes.get(channel)
        if publisher is None or publisher.recipient_list is RecipientList.NONE:
            result.append(Reach(channel, (publisher.label if publisher else "") or channel, "public", 0))
            continue
        everyone = announcement.audience == Audience.ALL
        if everyone and publisher.broadcasts_to_all:
            result.append(Reach(channel, publisher.label, "broadcast", following_count(database)))
            continue
        topics = None if everyone else [Topic.parse(text) for text in announcement.topics]
        count = count_recipients(SubscriberList(database, publisher.recipient_list), topics)
        result.append(Reach(channel, publisher.label, "list", count))
    return result
