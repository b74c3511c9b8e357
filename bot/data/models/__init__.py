"""Database models (SQLAlchemy 2.0 typed mappings), one module per area;
everything is importable from here."""

from bot.data.db import utcnow
from bot.data.models.alerts import Alert, AlertNotice
from bot.data.models.announcements import Announcement, Delivery, OutboxItem, RateLimitBucket, Subscription
from bot.data.models.chat import ChatContext, ConversationTurn, Heartbeat, InboxEvent, LineUser
from bot.data.models.indicators import (
    OBSERVATION_COLUMNS,
    VALUE_TYPE,
    ImportRecord,
    Indicator,
    Observation,
    ObservationRevision,
    ReleaseDate,
    ReleaseSource,
    Sector,
)
from bot.data.models.partners import WebhookEndpoint, WebhookMessage
from bot.data.models.staff import (
    AuditEntry,
    LoginAttempt,
    RequestCounter,
    StaffSessionRow,
    StaffUser,
    StagedUpload,
)
from bot.data.models.understanding import IntentModelVersion, TaughtPhrasing

__all__ = [
    "OBSERVATION_COLUMNS",
    "VALUE_TYPE",
    "Alert",
    "AlertNotice",
    "Announcement",
    "AuditEntry",
    "ChatContext",
    "ConversationTurn",
    "Delivery",
    "Heartbeat",
    "ImportRecord",
    "InboxEvent",
    "Indicator",
    "IntentModelVersion",
    "LineUser",
    "LoginAttempt",
    "Observation",
    "ObservationRevision",
    "OutboxItem",
    "RateLimitBucket",
    "ReleaseDate",
    "ReleaseSource",
    "RequestCounter",
    "Sector",
    "StaffSessionRow",
    "StaffUser",
    "StagedUpload",
    "Subscription",
    "TaughtPhrasing",
    "WebhookEndpoint",
    "WebhookMessage",
    "utcnow",
]
