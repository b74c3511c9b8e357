"""What the chatbot keeps about LINE users: who follows, the conversation
log, and the inbox of webhook events."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    ColumnElement,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    literal_column,
    text,
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
    # The rich menu's language when not the default (Thai): from the profile, or the user's switch.
    menu_language: Mapped[str | None] = mapped_column(String(8))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    unfollowed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


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
    # LINE's id of the message: when the user unsends it, its text is removed here too.
    message_id: Mapped[str | None] = mapped_column(String(64), index=True)


class ChatContext(Base):
    """The last question a one-to-one chat asked about figures, as a frame
    (no message text), so that "แล้วเดือนก่อนล่ะ" can follow it. Expires after
    CONTEXT_IDLE_MINUTES; deleted with the user's data."""

    __tablename__ = "chat_contexts"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    frame: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


OPEN_EVENTS = text("state IN ('pending', 'claimed')")


def unanswered(state: Any) -> ColumnElement[bool]:
    """The condition of the partial indexes below, written with literals (not
    bound parameters) so that the planner always sees it matches them."""
    return cast("ColumnElement[bool]", state.in_([literal_column("'pending'"), literal_column("'claimed'")]))


class InboxEvent(Base):
    """A webhook event acknowledged to LINE and not yet (or already) answered.

    The webhook only stores events here; any process's pool claims them in
    order per chat, under a lease, so an acknowledged event is answered even
    if the process that took it dies. `event_key` (a digest of LINE's
    `webhookEventId`, whatever its length) makes each event count once."""

    __tablename__ = "inbox_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_key: Mapped[str] = mapped_column(String(64), unique=True)
    chat: Mapped[str] = mapped_column(String(100))  # "user:U…", "group:C…", "room:R…"
    event_type: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # cleared once answered
    state: Mapped[str] = mapped_column(String(16))  # pending, claimed, done, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(300))

    # Only the events still to answer are indexed for claiming: the table keeps
    # two weeks of answered ones, which the claim must never have to scan.
    __table_args__ = (
        Index("ix_inbox_events_open", "id", postgresql_where=OPEN_EVENTS, sqlite_where=OPEN_EVENTS),
        Index("ix_inbox_events_open_chat", "chat", "id", postgresql_where=OPEN_EVENTS, sqlite_where=OPEN_EVENTS),
    )


class Heartbeat(Base):
    """When a long-running role (the active scheduler) last showed it was alive."""

    __tablename__ = "heartbeats"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    holder: Mapped[str] = mapped_column(String(100), default="")
