"""Answering webhook events, from the inbox the application injects.

A pool of threads claims events (the source gives each chat's events in
order, under a lease), runs the event's handler and delivers the reply: with
the reply token while it is fresh, otherwise as a push to the user, group or
room the event came from, with a retry key derived from the event so a
retried push is delivered once. Any process can run a pool; an event whose
process dies is claimed again when its lease ends."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Any, Protocol

from linebot.v3.messaging import Message
from linebot.v3.webhooks import Event

from handlers.registry import ChatServices, HandlerRegistry
from handlers.rendering import to_line_messages

log = logging.getLogger(__name__)
RETRY_KEY_NAMESPACE = uuid.UUID("6f0e5c8e-3d1b-4b7a-9a55-0e1e0c0a1f5d")
REPLY_WINDOW_SECONDS = 50.0  # LINE's reply tokens expire within about a minute
STANDBY_EFFECTS = frozenset({"unfollow", "unsend"})  # handled in standby mode, silently
HOUSEKEEPING_SECONDS = 3600.0  # how often one thread of a pool forgets old answered events


class QueuedEvent(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def key(self) -> str: ...

    @property
    def payload(self) -> dict[str, Any]: ...

    @property
    def received_at(self) -> datetime: ...


class EventSource(Protocol):
    """Where events wait to be answered (the application's inbox)."""

    def claim(self, worker: str, limit: int = 1) -> Sequence[QueuedEvent]: ...

    def done(self, queued: Any, worker: str) -> None: ...

    def failed(self, queued: Any, worker: str, error: str) -> None: ...

    def waiting(self) -> int: ...

    def purge(self) -> int: ...


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


class DispatchObserver(Protocol):
    """Hears what the pool does (the application counts it and tags its logs)."""

    def answered(self, event_type: str, method: str, seconds: float) -> None: ...

    def will_retry(self, event_type: str, error: str) -> None: ...

    def handling(self, key: str) -> AbstractContextManager[Any]: ...


class _NoObserver:
    def answered(self, event_type: str, method: str, seconds: float) -> None:
        return None

    def will_retry(self, event_type: str, error: str) -> None:
        return None

    def handling(self, key: str) -> AbstractContextManager[Any]:
        return nullcontext()


# Event types LINE documents; any other value came from the request and is not logged as such.
KNOWN_EVENT_TYPES = frozenset(
    {
        "message", "unsend", "follow", "unfollow", "join", "leave", "memberJoined", "memberLeft", "postback",
        "videoPlayComplete", "beacon", "accountLink", "things", "module", "activated", "deactivated",
        "botSuspended", "botResumed", "membership",
    }
)  # fmt: skip


def loggable_type(value: object) -> str:
    """An event's type for logs and metrics: a documented one, else "other"."""
    return value if isinstance(value, str) and value in KNOWN_EVENT_TYPES else "other"


def parse_event(payload: dict[str, Any]) -> Event:
    """The SDK's model of an event. A type the SDK does not know yet (LINE
    adds some), or one it cannot read, becomes a bare `Event` with only its
    type, which no handler but the catch-all takes."""
    try:
        return Event.from_dict(payload)
    except (ValueError, TypeError, KeyError):
        return Event.construct(type=str(payload.get("type", "unknown")))


def push_target(event: Event) -> str | None:
    """Where a push reaches the conversation: the group or room it happened
    in, never a member's private chat; the user in a one-to-one chat."""
    source = getattr(event, "source", None)
    kind = getattr(source, "type", None)
    if kind == "group":
        return getattr(source, "group_id", None)
    if kind == "room":
        return getattr(source, "room_id", None)
    return getattr(source, "user_id", None)


def messages_for(event: Event, registry: HandlerRegistry, services: ChatServices) -> tuple[str, list[Message]] | None:
    """The LINE messages the bot answers an event with, and the handler that
    wrote them; None when no handler takes the event."""
    handler = registry.handler_for(event)
    if handler is None:
        return None
    if getattr(event, "mode", None) == "standby":
        # Another channel (a staff member in the chat, say) is active: say nothing,
        # but still honour what the user did (unfollowed, unsent a message).
        if handler.name in STANDBY_EFFECTS:
            handler.handle(event, services)
        return handler.name, []
    reply = handler.handle(event, services)
    return handler.name, (to_line_messages(reply) if reply is not None else [])


class EventDispatcher:
    def __init__(
        self,
        registry: HandlerRegistry,
        services: ChatServices,
        messenger: Messenger,
        source: EventSource,
        threads: int = 4,
        poll_seconds: float = 0.2,
        observer: DispatchObserver | None = None,
        name: str | None = None,
    ) -> None:
        self.registry = registry
        self.services = services
        self.messenger = messenger
        self.source = source
        self.threads = threads
        self.poll_seconds = poll_seconds
        self.observer = observer or _NoObserver()
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []
        self._busy = 0
        self._lock = threading.Lock()

    # --- the pool ---

    def start(self) -> None:
        for index in range(self.threads):
            thread = threading.Thread(target=self._loop, args=(f"{self.name}/events-{index}",), daemon=True)
            thread.start()
            self._workers.append(thread)

    def wake(self) -> None:
        """Look for events now (the webhook of this process just stored some)."""
        self._wake.set()

    def stop(self, wait: bool = True, timeout: float = 30.0) -> None:
        """Stop claiming; with `wait`, let the events in hand be answered."""
        self._stop.set()
        self._wake.set()
        if wait:
            for thread in self._workers:
                thread.join(timeout)

    def _loop(self, worker: str) -> None:
        tidied = time.monotonic()
        while not self._stop.is_set():
            try:
                worked = self.process_one(worker)
                if worker.endswith("/events-0") and time.monotonic() - tidied > HOUSEKEEPING_SECONDS:
                    tidied = time.monotonic()
                    self.source.purge()
            except Exception:
                log.exception("event pool thread %s failed; continuing", worker)
                worked = False
            if not worked:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()

    def process_one(self, worker: str) -> bool:
        """Claim and answer one event; False when none was waiting."""
        claimed = self.source.claim(worker, 1)
        if not claimed:
            return False
        queued = claimed[0]
        with self._lock:
            self._busy += 1
        try:
            with self.observer.handling(queued.key):
                self.answer(queued)
        except Exception as error:
            event_type = loggable_type(queued.payload.get("type"))
            # The event type and the error's kind only: message bodies and user ids stay out of logs.
            log.warning("could not answer a %s event (%s); it will be retried", event_type, type(error).__name__)
            self.observer.will_retry(event_type, type(error).__name__)
            self.source.failed(queued, worker, type(error).__name__)
        else:
            self.source.done(queued, worker)
        finally:
            with self._lock:
                self._busy -= 1
        return True

    def answer(self, queued: QueuedEvent) -> None:
        started = time.perf_counter()
        event = parse_event(queued.payload)
        event_type = loggable_type(getattr(event, "type", None))
        handled = messages_for(event, self.registry, self.services)
        if handled is None or not handled[1]:
            return
        handler_name, messages = handled
        # A stable key per event: a retried push of the same reply is delivered once.
        retry_key = str(uuid.uuid5(RETRY_KEY_NAMESPACE, queued.key))
        token = getattr(event, "reply_token", None) if self._token_fresh(queued) else None
        delivery = self.messenger.reply_or_push(token, push_target(event), messages, retry_key)
        elapsed = time.perf_counter() - started
        # What the user waited: from our webhook receiving the event to LINE taking the answer.
        self.observer.answered(event_type, delivery.method, time.time() - queued.received_at.timestamp())
        log.info(
            "%s event handled by %s: %s after %d attempt(s) in %.0f ms",
            event_type,
            handler_name,
            delivery.method,
            delivery.attempts,
            elapsed * 1000,
        )

    @staticmethod
    def _token_fresh(queued: QueuedEvent) -> bool:
        """Judged by when our webhook received the event, not by LINE's
        timestamp: the token's clock starts when LINE sends, and clocks differ."""
        return time.time() - queued.received_at.timestamp() < REPLY_WINDOW_SECONDS

    # --- waiting (tests, shutdown) ---

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no event waits in the source and none is in hand here."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.wake()
            with self._lock:
                busy = self._busy
            if busy == 0 and self.source.waiting() == 0:
                return True
            time.sleep(0.02)
        return False

    def shutdown(self, wait: bool = True) -> None:
        self.stop(wait)
