"""What the dashboard shows: the latest figures with their trend, the last
imports, upcoming and recent announcements, subscribers, the next release
dates, and what needs a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bot.announcements.states import AnnouncementState, DeliveryState
from bot.answers.analytics import change
from bot.data.datasets import all_official
from bot.data.db import Database, as_utc
from bot.data.models import Announcement, Delivery, ImportRecord, LineUser, Subscription
from bot.data.store import Snapshot
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_CODES, TOTAL

TREND_MONTHS = 24


@dataclass(frozen=True)
class IndicatorTile:
    code: str
    period: YearMonth
    value: Decimal
    yoy: Decimal | None
    in_points: bool
    preliminary: bool
    official: bool
    trend: tuple[Decimal, ...]


def indicator_tiles(snapshot: Snapshot) -> list[IndicatorTile]:
    tiles = []
    for code in INDICATOR_CODES:
        latest = snapshot.latest_by_indicator.get(code)
        point = snapshot.point(code, TOTAL, latest) if latest else None
        if latest is None or point is None:
            continue
        in_points = snapshot.indicators[code].change_kind == "points"
        base = snapshot.point(code, TOTAL, latest.shift(-12))
        trend = [
            found.value
            for step in range(TREND_MONTHS - 1, -1, -1)
            if (found := snapshot.point(code, TOTAL, latest.shift(-step))) is not None
        ]
        yoy = change(point.value, base.value, in_points) if base else None
        tiles.append(
            IndicatorTile(
                code,
                latest,
                point.value,
                yoy,
                in_points,
                point.preliminary,
                all_official([point.dataset]),
                tuple(trend),
            )
        )
    return tiles


def sparkline(values: tuple[Decimal, ...], width: int = 160, height: int = 36) -> str:
    """The points of an SVG polyline drawing `values` in a width x height box."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    step = Decimal(width) / (len(values) - 1)
    points = (
        f"{float(step * index):.1f},{float(height - 2 - (value - low) / span * (height - 4)):.1f}"
        for index, value in enumerate(values)
    )
    return " ".join(points)


@dataclass(frozen=True)
class ImportLine:
    id: int
    file_name: str
    imported_at: datetime
    dataset: str
    new: int
    revised: int
    finalized: int
    new_months: list[str]
    backfill: bool


@dataclass(frozen=True)
class ImportFilter:
    """What the import history is narrowed to: words of the file name, one dataset,
    only imports that revised figures."""

    words: str = ""
    dataset: str = ""
    revised_only: bool = False


def recent_imports(
    database: Database, limit: int = 5, offset: int = 0, narrowed: ImportFilter | None = None
) -> list[ImportLine]:
    narrowed = narrowed or ImportFilter()
    query = select(ImportRecord).order_by(ImportRecord.id.desc()).limit(limit).offset(offset)
    for word in narrowed.words.split()[:5]:
        query = query.where(func.lower(ImportRecord.file_name).contains(word.lower(), autoescape=True))
    if narrowed.dataset:
        query = query.where(ImportRecord.dataset == narrowed.dataset)
    if narrowed.revised_only:
        query = query.where(ImportRecord.revised_count > 0)
    with database.session() as session:
        return [
            ImportLine(
                row.id,
                row.file_name,
                as_utc(row.imported_at),
                row.dataset,
                row.new_count,
                row.revised_count,
                row.finalized_count,
                row.new_months,
                row.backfill,
            )
            for row in session.scalars(query)
        ]


@dataclass(frozen=True)
class AnnouncementLine:
    id: int
    title: str
    kind: str
    state: str
    scheduled_at: datetime | None
    updated_at: datetime
    created_by: str
    deliveries: list[tuple[str, str]]  # (channel, state)


def announcement_line(row: Announcement) -> AnnouncementLine:
    return AnnouncementLine(
        row.id,
        row.title,
        row.kind,
        row.state,
        as_utc(row.scheduled_at) if row.scheduled_at else None,
        as_utc(row.updated_at),
        row.created_by,
        [(delivery.channel, delivery.state) for delivery in row.deliveries],
    )


def announcement_lines(database: Database, upcoming: bool, limit: int = 8) -> list[AnnouncementLine]:
    """Scheduled ones from the soonest, or the most recently sent (or sending, or
    failed) others; drafts have their own list (`awaiting_approval`)."""
    query = select(Announcement).options(selectinload(Announcement.deliveries)).limit(limit)
    if upcoming:
        query = query.where(Announcement.state == AnnouncementState.SCHEDULED).order_by(Announcement.scheduled_at)
    else:
        unsent = (AnnouncementState.SCHEDULED, AnnouncementState.DRAFT, AnnouncementState.APPROVED)
        query = query.where(Announcement.state.not_in(unsent)).order_by(Announcement.updated_at.desc())
    with database.session() as session:
        return [announcement_line(row) for row in session.scalars(query)]


def awaiting_approval(database: Database, approver: str, limit: int = 8) -> list[AnnouncementLine]:
    """Drafts this approver may approve (someone else wrote or changed them), oldest first."""
    query = (
        select(Announcement)
        .options(selectinload(Announcement.deliveries))
        .where(Announcement.state == AnnouncementState.DRAFT)
        .order_by(Announcement.updated_at)
    )
    with database.session() as session:
        drafts = [row for row in session.scalars(query) if approver not in {row.created_by, *(row.authors or [])}]
        return [announcement_line(row) for row in drafts[:limit]]


def subscriber_counts(database: Database) -> dict[str, Any]:
    """Subscribers per channel and topic, and how many LINE users follow the account."""
    with database.session() as session:
        rows = session.execute(
            select(Subscription.channel, Subscription.topic, func.count())
            .group_by(Subscription.channel, Subscription.topic)
            .order_by(Subscription.channel, Subscription.topic)
        ).all()
        people = dict(
            session.execute(
                select(Subscription.channel, func.count(func.distinct(Subscription.address))).group_by(
                    Subscription.channel
                )
            ).all()
        )
        following = session.scalar(select(func.count()).where(LineUser.following.is_(True))) or 0
    per_topic: dict[str, dict[str, int]] = {}
    for channel, topic, count in rows:
        per_topic.setdefault(topic, {})[channel] = int(count)
    return {"per_topic": per_topic, "people": {k: int(v) for k, v in people.items()}, "following": int(following)}


@dataclass(frozen=True)
class Attention:
    announcement_id: int
    title: str
    channel: str
    state: str
    error: str | None
    since: datetime


def needs_attention(database: Database, limit: int = 20) -> list[Attention]:
    """Deliveries a person must settle: unconfirmed or failed, newest first."""
    query = (
        select(Delivery, Announcement.title)
        .join(Announcement, Announcement.id == Delivery.announcement_id)
        .where(Delivery.state.in_((DeliveryState.UNCONFIRMED, DeliveryState.FAILED)))
        .order_by(Delivery.updated_at.desc())
        .limit(limit)
    )
    with database.session() as session:
        return [
            Attention(
                delivery.announcement_id,
                title,
                delivery.channel,
                delivery.state,
                delivery.error,
                as_utc(delivery.updated_at),
            )
            for delivery, title in session.execute(query)
        ]
