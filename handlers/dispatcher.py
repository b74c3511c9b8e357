"""Processing webhook events off the request thread.

LINE wants its webhook answered within seconds, so the request only verifies
and enqueues; a bounded pool of threads claims each event (once, by its
`webhookEventId`, in the database), runs its handler and delivers the reply.
On shutdown the pool is drained."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from linebot.v3.messaging import Message
from linebot.v3.webhooks import Event

from handlers.registry import ChatServices, HandlerRegistry
from handlers.rendering import to_line_messages

log = logging.getLogger(__name__)
RETRY_KEY_NAMESPACE = uuid.UUID("6f0e5c8e-3d1b-4b7a-9a55-0e1e0c0a1f5d")


class EventLedger(Protocol):
    def claim(self, event_id: str, event_type: str) -> bool:
        """True the first time an event id is seen, anywhere; False after."""
        ...


class SentReply(Protocol):
    """How a reply reached the chat."""

    @property
    def method(self) -> str: ...  # "reply" or "push"

    @property
    def attempts(self) -> int: ...


class Messenger(Protocol):
    """Sends messages to LINE (the application injects its LINE client)."""

    def reply_or_push(
        self, reply_token: str | None, to: str | None, messages: Sequence[Message], retry_key: str | None = None
    ) -> SentReply: ...


def push_target(event: Event) -> str | None:
    source = getattr(event, "source", None)
    for attribute in ("user_id", "group_id", "room_id"):
        value = getattr(source, attribute, None)
        if value:
            return str(value)
    return None


def messages_for(event: Event, registry: HandlerRegistry, services: ChatServices) -> tuple[str, list[Message]] | None:
    """The LINE messages the bot answers an event with, and the handler that
    wrote them; None when no handler takes the event."""
    handler = registry.handler_for(event)
    if handler is None:
        return None
    reply = handler.handle(event, services)
    return handler.name, (to_line_messages(reply) if reply is not None else [])


class EventDispatcher:
    def __init__(
        self,
        registry: HandlerRegistry,
        services: ChatServices,
        messenger: Messenger,
        ledger: EventLedger,
        workers: int = 4,
        max_pending: int = 500,
    ) -> None:
        self.registry = registry
        self.services = services
        self.messenger = messenger
        self.ledger = ledger
        self.max_pending = max_pending
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="line-events")
        self._pending = 0
        self._idle = threading.Condition()
        self._closed = False

    def submit(self, events: Sequence[Event]) -> bool:
        """Queue events; False (nothing queued) when the pool is saturated."""
        with self._idle:
            if self._closed or self._pending + len(events) > self.max_pending:
                return False
            self._pending += len(events)
        # One task per chat, taking its events in order: a user's two quick
        # messages are answered in the order they were sent.
        by_chat: dict[str | None, list[Event]] = {}
        for event in events:
            by_chat.setdefault(push_target(event), []).append(event)
        for chat_events in by_chat.values():
            self._executor.submit(self._run, chat_events)
        return True

    def _run(self, events: list[Event]) -> None:
        for event in events:
            try:
                self.process(event)
            except Exception:
                # The event type only: message bodies and user ids stay out of logs.
                log.exception("failed to process a %s event", getattr(event, "type", "?"))
            finally:
                with self._idle:
                    self._pending -= 1
                    if self._pending == 0:
                        self._idle.notify_all()

    def process(self, event: Event) -> None:
        started = time.perf_counter()
        event_type = str(getattr(event, "type", "unknown"))
        event_id = getattr(event, "webhook_event_id", None)
        if event_id and not self.ledger.claim(str(event_id), event_type):
            redelivery = bool(getattr(getattr(event, "delivery_context", None), "is_redelivery", False))
            log.info("skipped a %s event already processed (redelivery=%s)", event_type, redelivery)
            return
        handled = messages_for(event, self.registry, self.services)
        if handled is None:
            return
        handler_name, messages = handled
        if not messages:
            return
        # A stable key per event: a retried push of the same reply is delivered once.
        retry_key = str(uuid.uuid5(RETRY_KEY_NAMESPACE, str(event_id))) if event_id else None
        delivery = self.messenger.reply_or_push(
            getattr(event, "reply_token", None), push_target(event), messages, retry_key
        )
        log.info(
            "%s event handled by %s: %s after %d attempt(s) in %.0f ms",
            event_type,
            handler_name,
            delivery.method,
            delivery.attempts,
            (time.perf_counter() - started) * 1000,
        )

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until every queued event is processed (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._idle.wait(remaining)
        return True

    def shutdown(self, wait: bool = True) -> None:
        with self._idle:
            self._closed = True
        self._executor.shutdown(wait=wait)
