"""The states an announcement, its deliveries and its outbox rows go through.
String enums: stored as their text, compared with it in queries."""

from __future__ import annotations

from enum import StrEnum


class AnnouncementState(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    SENT = "sent"
    PARTLY_FAILED = "partly_failed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    # Every channel's list was empty for its topics: nothing went out, and nothing failed.
    NO_RECIPIENTS = "no_recipients"


# Until sending starts an announcement can be edited, rescheduled or cancelled.
EDITABLE_STATES = frozenset({AnnouncementState.DRAFT, AnnouncementState.APPROVED, AnnouncementState.SCHEDULED})
FINAL_STATES = frozenset(
    {
        AnnouncementState.SENT,
        AnnouncementState.PARTLY_FAILED,
        AnnouncementState.FAILED,
        AnnouncementState.CANCELLED,
        AnnouncementState.NO_RECIPIENTS,
    }
)


class DeliveryState(StrEnum):
    """One announcement on one channel."""

    PENDING = "pending"
    SENDING = "sending"
    # Some requests failed in a way that may pass (timeouts, 5xx, 429) and wait
    # for their next try (`Delivery.next_attempt_at`).
    RETRYING = "retrying"
    SENT = "sent"
    FAILED = "failed"
    UNCONFIRMED = "unconfirmed"
    CANCELLED = "cancelled"
    # Nobody subscribes to the announcement's topics on this channel: nothing was sent,
    # which staff must see as such, never as a green "sent".
    NO_RECIPIENTS = "no_recipients"


# A delivery in these states still has work the worker will do by itself.
OPEN_DELIVERY_STATES = frozenset({DeliveryState.PENDING, DeliveryState.SENDING, DeliveryState.RETRYING})


class OutboxState(StrEnum):
    """One request: pending -> claimed -> sent | failed | unconfirmed | cancelled.
    A failed row that is `retryable` is claimed again once its `next_attempt_at` comes."""

    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    UNCONFIRMED = "unconfirmed"
    CANCELLED = "cancelled"


class AnnouncementKind(StrEnum):
    RELEASE = "release"  # drafted from an import that brought a new month
    CUSTOM = "custom"  # written by staff


class Audience(StrEnum):
    ALL = "all"  # every friend of the LINE account (and every e-mail subscriber)
    TOPICS = "topics"  # the subscribers of the announcement's topics
