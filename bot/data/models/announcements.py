"""Announcements, their per-channel deliveries, the outbox of requests to
send, the shared rate-limit buckets and the subscriber lists."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.data.db import Base, utcnow


class Subscription(Base):
    """An address subscribed to a topic on one channel: a LINE user id
    ("line") or an e-mail address ("email"); topics as in `Topic`."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("channel", "address", "topic"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(320), index=True)
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
    # Each channel's own form, keyed by channel name, as the channel's publisher
    # drafts it (`Publisher.draft_version`): a LINE card, an X thread, an e-mail subject and body.
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
    # The digest of exactly what was approved (`content_hash`): the worker sends nothing else.
    approved_hash: Mapped[str | None] = mapped_column(String(64))
    # What was last approved (`sent_content`), kept when an edit withdraws the approval:
    # the next approver sees what changed since.
    last_approved: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Everyone who wrote or changed its content: none of them may be its second pair of eyes.
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
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
    # While it is "retrying": when its next request is due.
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
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
    # Retries continue until then (set at the first failure: now + the retry window).
    retry_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
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
