"""What staff taught the bot, and the intent models trained from it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.data.db import Base, utcnow


class TaughtPhrasing(Base):
    """A question staff labelled in the console: part of the corpus from then on."""

    __tablename__ = "taught_phrasings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    # intent, indicator, sector, period, comparison, order: the fields of nlp.corpus.FIELDS
    labels: Mapped[dict[str, Any]] = mapped_column(JSON)
    taught_by: Mapped[str] = mapped_column(String(320))
    taught_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IntentModelVersion(Base):
    """A trained intent model (nlp.intent_model's arrays) and how it measured."""

    __tablename__ = "intent_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(32))
    examples: Mapped[int] = mapped_column(Integer)
    taught: Mapped[int] = mapped_column(Integer)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON)
    artifact: Mapped[bytes] = mapped_column(LargeBinary)
    trained_by: Mapped[str] = mapped_column(String(320))
    trained_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
