"""A client of the LINE Messaging API on the official SDK (`linebot.v3`),
shared by the announcement publisher and, injected by the application, the
chat handlers.

`LineClient` sends replies and pushes with LINE's rules: a reply token works
once and expires, so a failed reply falls back to a push; pushes carry an
`X-Line-Retry-Key` so a retried request is never delivered twice (LINE
answers 409 to a retry it already accepted); 429, 5xx, timeouts and
connection errors are retried with backoff, honouring `Retry-After`.

Each thread keeps one SDK `ApiClient` (and so its connection pool): opening a
connection per request would cost more than the request."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import urllib3
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    Message,
    MessagingApi,
    PushMessageRequest,
    ReplyMessageRequest,
)
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential

log = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_BASE_URL = "https://api.line.me"  # tests point it at the fake LINE API
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0


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
        base_url: str = DEFAULT_BASE_URL,
        max_attempts: int = 4,
        backoff_seconds: float = 0.5,
        max_backoff_seconds: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        on_error: Callable[[int], None] = lambda status: None,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        self.configuration = Configuration(host=base_url.rstrip("/"), access_token=access_token)
        # No silent retries inside urllib3: every retry is ours, with the retry key.
        self.configuration.retries = False
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.sleep = sleep
        self.on_error = on_error  # hears every failed call's status (0: the network)
        self.timeout = (CONNECT_TIMEOUT, read_timeout)
        self._local = threading.local()

    def _api(self) -> MessagingApi:
        api = getattr(self._local, "api", None)
        if api is None:
            api = self._local.api = MessagingApi(ApiClient(self.configuration))
        return api

    def _call(self, operation: Callable[[MessagingApi], T]) -> T:
        try:
            return operation(self._api())
        except ApiException as error:
            failure = LineApiError(error.status or 0, _error_message(error), _retry_after(error))
        except (urllib3.exceptions.HTTPError, OSError) as error:
            # Timeouts, refused or reset connections: LINE may or may not have
            # the request, so it is retried with the same retry key.
            failure = LineApiError(0, f"network error: {type(error).__name__}")
        self.on_error(failure.status)
        raise failure

    def post(self, path: str, body: dict[str, Any], retry_key: str | None = None) -> None:
        """POST a JSON body (built with the SDK's models, once for many
        requests) through the SDK's client: authentication, errors and
        timeouts as for any call. The answer's body is not needed, so it is
        not modelled: a 2xx means LINE took the messages."""
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if retry_key:
            headers["X-Line-Retry-Key"] = retry_key

        def send(api: MessagingApi) -> None:
            api.api_client.call_api(
                path,
                "POST",
                header_params=headers,
                body=body,
                auth_settings=["Bearer"],
                response_types_map={"200": "object"},
                _request_timeout=self.timeout,
            )

        self._call(send)

    def with_retries(self, send: Callable[[], T], retry_key: str | None) -> tuple[T | None, int]:
        """Call `send` until it succeeds, retrying 429/5xx/network errors with
        exponential backoff (or the server's Retry-After), by tenacity. With a
        retry key, a 409 on a retry means an earlier attempt got through."""
        backoff = wait_exponential(multiplier=self.backoff_seconds, max=self.max_backoff_seconds)

        def wait(state: RetryCallState) -> float:
            error = _line_error(state)
            asked = error.retry_after if error is not None else None
            return asked if asked is not None else backoff(state)

        def before_sleep(state: RetryCallState) -> None:
            error = _line_error(state)
            status = error.status if error is not None else None
            delay = state.upcoming_sleep
            log.warning("LINE API %s, retrying in %.1fs (attempt %d)", status, delay, state.attempt_number)

        retrying = Retrying(
            stop=stop_after_attempt(self.max_attempts),
            retry=retry_if_exception(lambda error: isinstance(error, LineApiError) and error.retryable),
            wait=wait,
            sleep=self.sleep,
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            return retrying(send), retrying.statistics["attempt_number"]
        except LineApiError as error:
            attempts = retrying.statistics.get("attempt_number", 1)
            if error.status == 409 and retry_key is not None and attempts > 1:
                log.info("LINE accepted an earlier attempt (409 on retry)")
                return None, attempts
            raise

    def reply(self, reply_token: str, messages: Sequence[Message]) -> None:
        request = ReplyMessageRequest(replyToken=reply_token, messages=list(messages), notificationDisabled=False)
        self.post("/v2/bot/message/reply", request.to_dict())

    def push(self, to: str, messages: Sequence[Message], retry_key: str | None = None) -> int:
        """Push with retries; returns the number of attempts."""
        key = retry_key or str(uuid.uuid4())
        body = PushMessageRequest(to=to, messages=list(messages), notificationDisabled=False).to_dict()
        _, attempts = self.with_retries(lambda: self.post("/v2/bot/message/push", body, key), key)
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


def _line_error(state: RetryCallState) -> LineApiError | None:
    """The LINE API error the attempt ended with, if that is how it ended."""
    error = state.outcome.exception() if state.outcome else None
    return error if isinstance(error, LineApiError) else None
