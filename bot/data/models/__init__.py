"""Database models (SQLAlchemy 2.0 typed mappings), one module per area;
everything is importable from here."""

from bot.data.db import utcnow
from bot.data.models.announcements import Announcement, Delivery, OutboxItem, RateLimitBucket, Subscription
from bot.data.models.chat import ConversationTurn, LineUser, ProcessedEvent
from bot.data.models.indicators import (
    OBSERVATION_COLUMNS,
    VALUE_TYPE,
    ImportRecord,
    Indicator,
    Observation,
    ObservationRevision,
    ReleaseDate,
    Sector,
)

__all__ = [
    "OBSERVATION_COLUMNS",
    "VALUE_TYPE",
    "Announcement",
    "ConversationTurn",
    "Delivery",
    "ImportRecord",
    "Indicator",
    "LineUser",
    "Observation",
    "ObservationRevision",
    "OutboxItem",
    "ProcessedEvent",
    "RateLimitBucket",
    "ReleaseDate",
    "Sector",
    "Subscription",
    "utcnow",
]
