"""LINE Messaging API through the official SDK (`linebot.v3`).

`LineClient` sends replies, pushes, multicasts and broadcasts with LINE's
rules: a reply token works once and expires, so a failed reply falls back to
a push; pushes and fan-outs carry an `X-Line-Retry-Key` so a retried request
is never delivered twice (LINE answers 409 to a retry it already accepted);
429 and 5xx are retried with backoff, honouring `Retry-After`."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    BroadcastRequest,
    Configuration,
    FlexContainer,
    FlexMessage,
    ImageMessage,
    Message,
    MessagingApi,
    MulticastRequest,
    PushMessageRequest,
    ReplyMessageRequest,
    TextMessage,
)

from publishers.base import (
    AuthFailed,
    OutgoingMessage,
    PermanentFailure,
    Publisher,
    PublishError,
    RateLimited,
    ServerError,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
REQUEST_TIMEOUT = (5.0, 15.0)  # connect, read (seconds)


class LineApiError(Exception):
    """A LINE API call that failed for good (or ran out of retries)."""

    def __init__(self, status: int, message: str, retry_after: float | None = None) -> None:
        super().__init__(f"LINE API {status}: {message}")
        self.status = status
        self.message = message
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return self.status == 429 or self.status >= 500 or self.status == 0

    @property
    def invalid_reply_token(self) -> bool:
        return self.status == 400 and "reply token" in self.message.lower()


@dataclass(frozen=True)
class Delivery:
    """How a chat message reached the user."""

    method: str  # "reply" or "push"
    attempts: int
    retry_key: str | None = None


def _error_message(error: ApiException) -> str:
    body = error.body.decode("utf-8", "replace") if isinstance(error.body, bytes) else str(error.body or "")
    try:
        import json

        return str(json.loads(body).get("message", body))[:300]
    except (ValueError, AttributeError):
        return body[:300] or str(error.reason or "")


def _retry_after(error: ApiException) -> float | None:
    headers = error.headers or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class LineClient:
    def __init__(
        self,
        access_token: str,
        base_url: str = "https://api.line.me",
        max_attempts: int = 4,
        backoff_seconds: float = 0.5,
        max_backoff_seconds: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.configuration = Configuration(host=base_url.rstrip("/"), access_token=access_token)
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.sleep = sleep

    def _call(self, operation: Callable[[MessagingApi], T]) -> T:
        with ApiClient(self.configuration) as api_client:
            try:
                return operation(MessagingApi(api_client))
            except ApiException as error:
                raise LineApiError(error.status or 0, _error_message(error), _retry_after(error)) from None
            except OSError as error:  # connection refused, reset, timeout
                raise LineApiError(0, f"connection failed: {type(error).__name__}") from None

    def with_retries(self, operation: Callable[[MessagingApi], T], retry_key: str | None) -> tuple[T | None, int]:
        """Run `operation` until it succeeds, retrying 429/5xx/connection
        errors with exponential backoff (or the server's Retry-After). With a
        retry key, a 409 on a retry means an earlier attempt got through."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._call(operation), attempt
            except LineApiError as error:
                if error.status == 409 and retry_key is not None and attempt > 1:
                    log.info("LINE accepted an earlier attempt (409 on retry)")
                    return None, attempt
                if not error.retryable or attempt >= self.max_attempts:
                    raise
                delay = error.retry_after
                if delay is None:
                    delay = min(self.backoff_seconds * 2 ** (attempt - 1), self.max_backoff_seconds)
                log.warning("LINE API %s, retrying in %.1fs (attempt %d)", error.status, delay, attempt)
                self.sleep(delay)

    def reply(self, reply_token: str, messages: Sequence[Message]) -> None:
        request = ReplyMessageRequest(replyToken=reply_token, messages=list(messages), notificationDisabled=False)
        self._call(lambda api: api.reply_message(request, _request_timeout=REQUEST_TIMEOUT))

    def push(self, to: str, messages: Sequence[Message], retry_key: str | None = None) -> int:
        """Push with retries; returns the number of attempts."""
        key = retry_key or str(uuid.uuid4())
        request = PushMessageRequest(to=to, messages=list(messages), notificationDisabled=False)
        _, attempts = self.with_retries(
            lambda api: api.push_message(request, x_line_retry_key=key, _request_timeout=REQUEST_TIMEOUT), key
        )
        return attempts

    def reply_or_push(
        self, reply_token: str | None, to: str | None, messages: Sequence[Message], retry_key: str | None = None
    ) -> Delivery:
        """Reply when a token is at hand; when the token is invalid or
        expired (slow processing, a redelivered event), or the reply fails,
        push to the user instead with a stable retry key."""
        if reply_token:
            try:
                self.reply(reply_token, messages)
                return Delivery("reply", 1)
            except LineApiError as error:
                if to is None:
                    raise
                if not (error.invalid_reply_token or error.retryable):
                    raise
                log.info("reply failed (%s), pushing instead", error.status)
        if to is None:
            raise LineApiError(400, "no reply token and no recipient to push to")
        key = retry_key or str(uuid.uuid4())
        attempts = self.push(to, messages, key)
        return Delivery("push", attempts, key)

    def raw(self, operation: Callable[[MessagingApi], Any]) -> Any:
        """One call without retries, for callers with their own policy."""
        return self._call(operation)


class LinePublisher(Publisher):
    """Announcements on LINE: broadcast to all friends, or multicast to
    subscribers in batches of at most 500 user ids. Every request carries the
    outbox item's retry key, so a re-sent batch is never delivered twice."""

    channel = "line"
    idempotent = True
    max_text_length = 5000
    max_images = 1
    max_recipients = 500
    rate_limit_per_second = 200.0  # multicast; broadcast has its own hourly limit
    broadcast_per_hour = 60

    def __init__(self, client: LineClient) -> None:
        self.client = client

    def _messages(self, message: OutgoingMessage) -> list[Message]:
        flex = message.versions.get("line_flex")
        if flex:
            alt = message.text if len(message.text) <= 400 else message.text[:399] + "…"
            return [FlexMessage(altText=alt, contents=FlexContainer.from_dict(flex))]
        messages: list[Message] = [TextMessage(text=self.fit_text(message.text))]
        if message.image_url:
            messages.append(
                ImageMessage(
                    originalContentUrl=message.image_url, previewImageUrl=message.preview_url or message.image_url
                )
            )
        return messages

    def _send(
        self,
        message: OutgoingMessage,
        recipients: Sequence[str] | None,
        idempotency_key: str,
        already_sent: Sequence[str] = (),
    ) -> list[str]:
        messages = self._messages(message)
        try:
            if recipients is None:
                broadcast = BroadcastRequest(messages=messages, notificationDisabled=False)
                self.client.raw(
                    lambda api: api.broadcast(
                        broadcast, x_line_retry_key=idempotency_key, _request_timeout=REQUEST_TIMEOUT
                    )
                )
            else:
                if len(recipients) > (self.max_recipients or 0):
                    raise PermanentFailure(f"multicast takes at most {self.max_recipients} user ids")
                multicast = MulticastRequest(to=list(recipients), messages=messages, notificationDisabled=False)
                self.client.raw(
                    lambda api: api.multicast(
                        multicast, x_line_retry_key=idempotency_key, _request_timeout=REQUEST_TIMEOUT
                    )
                )
        except LineApiError as error:
            if error.status == 409:
                # The retry key was accepted before (a crashed worker's request got through).
                log.info("LINE already accepted this request (409): counted as delivered")
                return [idempotency_key]
            raise _publish_error(error) from None
        return [idempotency_key]

    def check_capacity(self, message_count: int) -> str | None:
        """Refuse a fan-out that would exceed this month's message quota."""
        try:
            quota = self.client.raw(lambda api: api.get_message_quota(_request_timeout=REQUEST_TIMEOUT))
            used = self.client.raw(lambda api: api.get_message_quota_consumption(_request_timeout=REQUEST_TIMEOUT))
        except LineApiError as error:
            raise _publish_error(error) from None
        if getattr(quota, "type", "limited") != "limited" or quota.value is None:
            return None
        remaining = int(quota.value) - int(used.total_usage)
        if message_count > remaining:
            return (
                f"LINE monthly message quota would be exceeded: this fan-out needs {message_count:,} messages, "
                f"{remaining:,} of {int(quota.value):,} remain this month"
            )
        return None


def _publish_error(error: LineApiError) -> PublishError:
    if error.status == 429:
        return RateLimited(error.message, error.retry_after)
    if error.status in (401, 403):
        return AuthFailed(f"LINE refused the channel access token ({error.status}): {error.message}")
    if error.retryable:
        # Timeouts included: with a retry key, re-sending to LINE is safe.
        return ServerError(f"LINE {error.status}: {error.message}", error.retry_after)
    return PermanentFailure(f"LINE {error.status}: {error.message}")
