"""Database models of the indicator store (SQLAlchemy 2.0 typed mappings).

Months are stored with Common-Era years; Buddhist-Era years exist only at the
edges (files people import, text people read)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db import Base

# Values carry two decimals in OIE tables; 12 digits leaves room for any index.
VALUE_TYPE = Numeric(12, 2, asdecimal=True)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Indicator(Base):
    __tablename__ = "indicators"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    unit_th: Mapped[str] = mapped_column(String(100))
    unit_en: Mapped[str] = mapped_column(String(100))
    # "percent" changes for indices, "points" (difference) for CAPU.
    change_kind: Mapped[str] = mapped_column(String(16), default="percent")
    definition_th: Mapped[str] = mapped_column(Text)
    definition_en: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Sector(Base):
    __tablename__ = "sectors"

    # "TOTAL" for the whole manufacturing sector, else a two-digit TSIC division.
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name_th: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(200))
    weight: Mapped[Decimal] = mapped_column(Numeric(6, 2, asdecimal=True))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_total: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class ImportRecord(Base):
    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_format: Mapped[str] = mapped_column(String(16))
    dataset: Mapped[str] = mapped_column(String(32))
    rows_read: Mapped[int] = mapped_column(Integer)
    new_count: Mapped[int] = mapped_column(Integer)
    revised_count: Mapped[int] = mapped_column(Integer)
    finalized_count: Mapped[int] = mapped_column(Integer)
    unchanged_count: Mapped[int] = mapped_column(Integer)
    # Per-indicator detail: new months, revised months, counts.
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The first import into an empty store: its "new" months are history, not releases.
    backfill: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Observation(Base):
    __tablename__ = "observations"
    __table_args__ = (UniqueConstraint("indicator_code", "sector_code", "year", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicators.code"))
    sector_code: Mapped[str] = mapped_column(ForeignKey("sectors.code"))
    year: Mapped[int] = mapped_column(Integer)  # Common Era
    month: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal] = mapped_column(VALUE_TYPE)
    preliminary: Mapped[bool] = mapped_column(Boolean, default=False)
    dataset: Mapped[str] = mapped_column(String(32))
    first_import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"))
    last_import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    revisions: Mapped[list[ObservationRevision]] = relationship(
        back_populates="observation", order_by="ObservationRevision.id"
    )


# An observation's identity and figure, in the order every reader selects them.
OBSERVATION_COLUMNS = (
    Observation.indicator_code,
    Observation.sector_code,
    Observation.year,
    Observation.month,
    Observation.value,
    Observation.preliminary,
)


class ObservationRevision(Base):
    """One change to a stored observation: the value and/or preliminary flag
    before and after, and the import that changed it."""

    __tablename__ = "observation_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    observation_id: Mapped[int] = mapped_column(ForeignKey("observations.id"), index=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id"), index=True)
    old_value: Mapped[Decimal] = mapped_column(VALUE_TYPE)
    new_value: Mapped[Decimal] = mapped_column(VALUE_TYPE)
    old_preliminary: Mapped[bool] = mapped_column(Boolean)
    new_preliminary: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    observation: Mapped[Observation] = relationship(back_populates="revisions")


class LineUser(Base):
    """A LINE user who followed the account or wrote to it. Holds only the
    LINE user id and what the service needs; deleted on request."""

    __tablename__ = "line_users"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    following: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(8), default="th")
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    unfollowed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ProcessedEvent(Base):
    """Webhook events already taken for processing: the primary key makes
    each `webhookEventId` count once across redeliveries and web workers."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class ConversationTurn(Base):
    """One question and how it was understood, for improving the bot."""

    __tablename__ = "conversation_turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str | None] = mapped_column(String(64), index=True)
    question: Mapped[str] = mapped_column(Text)
    intent: Mapped[str] = mapped_column(String(16))
    indicator: Mapped[str | None] = mapped_column(String(16))
    sector: Mapped[str | None] = mapped_column(String(8))
    period: Mapped[str | None] = mapped_column(String(16))
    comparison: Mapped[str | None] = mapped_column(String(8))
    latency_ms: Mapped[int] = mapped_column(Integer)
    # Set when the same user asked again soon after: a sign the answer missed.
    reasked: Mapped[bool] = mapped_column(Boolean, default=False)
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class Subscription(Base):
    """A LINE user's subscription to a topic: "all", "indicator:MPI" or "sector:29"."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("user_id", "topic"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    topic: Mapped[str] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Announcement(Base):
    """A message to send on one or more channels: a release announcement
    drafted from an import, or one written by staff."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "release" or "custom"
    # "release:2026-10" for a release: one announcement per month, ever.
    dedupe_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    period: Mapped[str | None] = mapped_column(String(8))  # CE "YYYY-MM" of a release
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    image_url: Mapped[str | None] = mapped_column(String(1000))
    link_url: Mapped[str | None] = mapped_column(String(1000))
    line_flex: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Per-channel forms: {"x": [post, …], "facebook": text, "email": {"subject", "text"}}.
    versions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Channels whose version staff edited by hand: kept when the text changes.
    edited_versions: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience: Mapped[str] = mapped_column(String(16))  # "all" (every friend) or "topics"
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    channels: Mapped[list[str]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(16), index=True)
    scheduled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"))
    created_by: Mapped[str] = mapped_column(String(64), default="system")
    approved_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    deliveries: Mapped[list[Delivery]] = relationship(back_populates="announcement", order_by="Delivery.channel")


class Delivery(Base):
    """The state of one announcement on one channel."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("announcement_id", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))  # pending, sending, sent, failed, unconfirmed, cancelled
    remote_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    quota_checked: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    announcement: Mapped[Announcement] = relationship(back_populates="deliveries")


class OutboxItem(Base):
    """One request to send: an announcement on a channel to one batch of
    recipients (all friends: no list). The unique key makes enqueueing
    idempotent; the retry key makes re-sending idempotent at LINE."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unique_key: Mapped[str] = mapped_column(String(96), unique=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), index=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    batch_no: Mapped[int] = mapped_column(Integer)
    recipients: Mapped[list[str] | None] = mapped_column(JSON)
    retry_key: Mapped[str] = mapped_column(String(64))
    # pending -> claimed -> sent | failed (retryable or not) | unconfirmed | cancelled
    state: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    retryable: Mapped[bool] = mapped_column(Boolean, default=False)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    remote_id: Mapped[str | None] = mapped_column(String(200))
    # Remote ids of the work done before a failure (posts of a thread, e-mail
    # recipients): the next attempt continues from there.
    progress: Mapped[list[str]] = mapped_column(JSON, default=list)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RateLimitBucket(Base):
    """A token bucket shared by every worker process (rate limits are per channel, not per process)."""

    __tablename__ = "rate_limit_buckets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)  # epoch seconds


class EmailSubscription(Base):
    """An e-mail address subscribed to a topic (managed by staff from the CLI)."""

    __tablename__ = "email_subscriptions"
    __table_args__ = (UniqueConstraint("email", "topic"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    topic: Mapped[str] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReleaseDate(Base):
    """A release date staff set for an indicator's month, overriding the estimate."""

    __tablename__ = "release_dates"
    __table_args__ = (UniqueConstraint("indicator_code", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicators.code"))
    period: Mapped[str] = mapped_column(String(7))  # CE "YYYY-MM" of the data month
    release_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
