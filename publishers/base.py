"""The publisher interface shared by every channel.

After apprise's plugin classes: each publisher declares its limits as class
attributes (text length, images, rate limit) and implements `_send`; the base
fits the text to the channel and turns exceptions into a structured
`PublishResult`, never a bare bool. Errors form a small hierarchy so the
outbox knows what to do: retry later, give up, or ask a person."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

log = logging.getLogger(__name__)

Status = Literal["sent", "failed", "unconfirmed"]


@dataclass(frozen=True)
class OutgoingMessage:
    """What an announcement says, with per-channel versions where a channel
    needs its own form (a LINE Flex card, an X thread, an e-mail subject)."""

    announcement_id: int
    title: str
    text: str
    image_url: str | None = None
    preview_url: str | None = None
    link_url: str | None = None
    audience: str = "all friends"  # for people reading logs and previews
    versions: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PublishResult:
    status: Status
    remote_ids: tuple[str, ...] = ()
    retryable: bool = False
    retry_after: float | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "sent"


class PublishError(Exception):
    """Base of publisher errors; `retryable` says whether trying later may work."""

    retryable: ClassVar[bool] = False

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        # What was delivered before the failure (posts of a thread, e-mail
        # recipients), so a retry continues instead of starting over.
        self.partial_remote_ids: tuple[str, ...] = ()

    def after(self, done: Sequence[str]) -> PublishError:
        """This error, noting the work `done` before it."""
        self.partial_remote_ids = tuple(done)
        return self


class RateLimited(PublishError):  # noqa: N818  (the names read as outcomes)
    retryable = True


class ServerError(PublishError):
    """The channel failed before doing anything (5xx, connection refused)."""

    retryable = True


class AuthFailed(PublishError):  # noqa: N818
    """Credentials rejected: a person must fix the configuration."""


class PermanentFailure(PublishError):  # noqa: N818
    """The request itself is wrong or refused for good (duplicate, too long, over quota)."""


class UnknownOutcome(PublishError):  # noqa: N818
    """The request may have been carried out (timeout after sending): never
    retried automatically, since that could post twice; staff decide."""


class Publisher(ABC):
    channel: ClassVar[str]
    max_text_length: ClassVar[int] = 5000
    max_images: ClassVar[int] = 1
    # Requests per second for all worker processes together (None: no limit).
    rate_limit_per_second: ClassVar[float | None] = None
    # Largest recipient list one request takes (None: the channel has no recipient lists).
    max_recipients: ClassVar[int | None] = None
    # True when sending the same request twice cannot deliver twice (an
    # idempotency key, or nothing delivered at all); False means a lost
    # outcome must go to staff as "unconfirmed" instead of being re-sent.
    idempotent: ClassVar[bool] = False

    def fit_text(self, text: str) -> str:
        """Shorten to the channel's limit, marking the cut."""
        if len(text) <= self.max_text_length:
            return text
        return text[: self.max_text_length - 1].rstrip() + "…"

    def publish(
        self,
        message: OutgoingMessage,
        recipients: Sequence[str] | None,
        idempotency_key: str,
        already_sent: Sequence[str] = (),
    ) -> PublishResult:
        """Send, continuing after `already_sent` (the remote ids an earlier
        attempt reported before it failed)."""
        try:
            remote_ids = self._send(message, recipients, idempotency_key, already_sent)
        except UnknownOutcome as error:
            return PublishResult("unconfirmed", remote_ids=error.partial_remote_ids, error=str(error))
        except PublishError as error:
            return PublishResult(
                "failed",
                remote_ids=error.partial_remote_ids,
                retryable=error.retryable,
                retry_after=error.retry_after,
                error=str(error),
            )
        except Exception as error:  # a bug or an unexpected library error: keep the worker alive
            log.exception("%s publisher failed unexpectedly", self.channel)
            return PublishResult("failed", retryable=False, error=f"unexpected {type(error).__name__}")
        return PublishResult("sent", remote_ids=tuple(remote_ids))

    @abstractmethod
    def _send(
        self,
        message: OutgoingMessage,
        recipients: Sequence[str] | None,
        idempotency_key: str,
        already_sent: Sequence[str] = (),
    ) -> list[str]:
        """Send; return every remote id (including `already_sent`). Raise a
        PublishError subclass on failure, with `partial_remote_ids` set when
        part of the work was done."""

    def check_capacity(self, message_count: int) -> str | None:
        """A reason to refuse a fan-out of `message_count` messages (quota), or None."""
        return None
