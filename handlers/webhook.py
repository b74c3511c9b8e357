"""The LINE webhook: `POST /callback`.

Thin by design, and a plain WSGI application rather than a Flask view: it
runs for every event LINE sends, bursts included, and needs none of the web
app's sessions, translations or page headers. It checks the size, verifies
`X-Line-Signature` over the raw body before anything else, stores the body's
events (one statement, in the inbox the application injects) and answers
200. Answering happens elsewhere, from the inbox. When the events cannot be
stored the answer is 503, so LINE may redeliver. Bodies are never logged."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from linebot.v3.webhook import SignatureValidator
from werkzeug.wrappers import Request, Response

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1024 * 1024
# The security headers every other answer gets from the Flask app (Talisman),
# which this plain WSGI app sits in front of: nothing here is a page.
PLAIN_ANSWER_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}

StoreEvents = Callable[[Sequence[dict[str, Any]]], None]


class WebhookObserver(Protocol):
    """Hears each answer (the application counts them)."""

    def acknowledged(self, seconds: float, events: int) -> None: ...

    def answered(self, status: int) -> None: ...

    def after_response(self) -> None: ...  # runs once the response has gone out


class _NoObserver:
    def acknowledged(self, seconds: float, events: int) -> None:
        return None

    def answered(self, status: int) -> None:
        return None

    def after_response(self) -> None:
        return None


# LINE's webhook bodies nest a few levels (events, source, message, mention…).
MAX_NESTING = 32
# Only a body with this many brackets is scanned for its depth (most have dozens).
SCAN_BRACKETS_OVER = 2000


def nesting_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text, strings skipped."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


def events_of(body: bytes) -> list[dict[str, Any]]:
    """The events of a webhook body; ValueError when it is not one (also when
    it nests deeper than LINE ever sends, checked before the parser recurses)."""
    if body.count(b"[") + body.count(b"{") > SCAN_BRACKETS_OVER and nesting_depth(body) > MAX_NESTING:
        raise ValueError("nested deeper than a webhook payload")
    payload = json.loads(body.decode("utf-8"))
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list) or not all(
        isinstance(event, dict) and isinstance(event.get("type"), str) for event in events
    ):
        raise ValueError("not a webhook payload")
    return events


class Webhook:
    """`store` keeps the events (the inbox); `wake` tells a local pool to look now."""

    def __init__(
        self,
        channel_secret: str,
        store: StoreEvents,
        wake: Callable[[], None] = lambda: None,
        observer: WebhookObserver | None = None,
    ) -> None:
        self.validator = SignatureValidator(channel_secret)
        self.store = store
        self.wake = wake
        self.observer = observer or _NoObserver()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        request = Request(environ)
        status, events = self.handle(request)
        if status == 200:
            self.observer.acknowledged(time.perf_counter() - started, events)
        self.observer.answered(status)
        response = Response("OK" if status == 200 else _REASONS[status], status=status, mimetype="text/plain")
        if status == 405:
            response.headers["Allow"] = "POST"
        response.headers.update(PLAIN_ANSWER_HEADERS)
        response.call_on_close(self.observer.after_response)
        return response(environ, start_response)

    def handle(self, request: Request) -> tuple[int, int]:
        """The status to answer, and how many events were stored."""
        if request.method != "POST":
            return 405, 0
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            return 413, 0
        raw = request.stream.read(MAX_BODY_BYTES + 1)
        if len(raw) > MAX_BODY_BYTES:
            return 413, 0
        signature = request.headers.get("X-Line-Signature")
        if not signature:
            log.warning("webhook refused: no X-Line-Signature header")
            return 400, 0
        try:
            valid = self.validator.validate(raw.decode("utf-8"), signature)
        except UnicodeDecodeError:
            valid = False
        if not valid:
            log.warning("webhook refused: invalid signature")
            return 400, 0
        try:
            events = events_of(raw)
        except (ValueError, RecursionError):
            # Signed by LINE's secret but not a webhook payload.
            log.warning("webhook refused: malformed body")
            return 400, 0
        try:
            self.store(events)
        except Exception as error:  # the database is down: LINE may redeliver on a 503
            log.error("webhook could not store %d event(s): %s", len(events), type(error).__name__)
            return 503, 0
        if events:
            self.wake()
        return 200, len(events)


_REASONS = {
    400: "bad request",
    405: "method not allowed",
    413: "body too large",
    503: "cannot store events now; retry",
}
