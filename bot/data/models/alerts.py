"""Alerts: a condition a subscriber set on one indicator of one sector
("แจ้งเตือนเมื่อ MPI ยานยนต์ลดลงเกิน 5% เทียบปีก่อน"), and each notice owed
when an import crosses it, a durable outbox row of its own."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.data.db import Base, utcnow


class Alert(Base):
    """A LINE user's ("line", the user id) or an e-mail address's ("email")
    condition: the level of an indicator (`measure` "level") or its change
    ("change", with `comparison` "yoy" or "mom") above or below `threshold`."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint(
            "channel", "address", "indicator", "sector", "measure", "comparison", "direction", "threshold",
            name="uq_alerts_condition",
        ),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(320), index=True)
    indicator: Mapped[str] = mapped_column(String(16))
    sector: Mapped[str] = mapped_column(String(16))
    measure: Mapped[str] = mapped_column(String(8))  # level, change
    comparison: Mapped[str] = mapped_column(String(8), default="")  # yoy, mom; "" for a level
    direction: Mapped[str] = mapped_column(String(8))  # above, below
    threshold: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    # Also when an import revises an older month across the line (off unless asked).
    on_revisions: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(2), default="th")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AlertNotice(Base):
    """One notice owed for one alert: once per release month (`event_key`
    "2026-10"), or per revising import when the alert asks ("2026-08:r12").
    `retry_key` is LINE's X-Line-Retry-Key, the same on every try."""

    __tablename__ = "alert_notices"
    __table_args__ = (UniqueConstraint("alert_id", "event_key", name="uq_alert_notices_alert_event"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    event_key: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(8))  # CE "YYYY-MM"
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)  # what crossed: value, change, base, preliminary
    retry_key: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(16), index=True)  # pending, claimed, sent, failed, abandoned
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
