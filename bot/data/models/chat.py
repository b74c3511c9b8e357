"""What the chatbot keeps about LINE users: who follows, the webhook events
already taken, and the conversation log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.data.db import Base, utcnow


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
