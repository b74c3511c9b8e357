"""Event handlers in a registry, after python-telegram-bot's
`Application.add_handler`: each handler says which events it takes and
handles them; the first registered match wins."""

from __future__ import annotations

from typing import Protocol

from linebot.v3.webhooks import Event

from handlers.replies import Reply


class ChatServices(Protocol):
    """What handlers need from the application (implemented in bot/)."""

    def answer(self, user_id: str | None, text: str) -> Reply: ...

    def welcome(self, user_id: str) -> Reply: ...

    def unfollowed(self, user_id: str) -> None: ...

    def forget(self, user_id: str) -> Reply: ...

    def postback(self, user_id: str | None, data: str) -> Reply: ...

    def unsupported(self, user_id: str | None, kind: str) -> Reply: ...


class EventHandler(Protocol):
    name: str

    def matches(self, event: Event) -> bool: ...

    def handle(self, event: Event, services: ChatServices) -> Reply | None: ...


class HandlerRegistry:
    def __init__(self) -> None:
        self._handlers: list[EventHandler] = []

    def add(self, handler: EventHandler) -> None:
        self._handlers.append(handler)

    def handler_for(self, event: Event) -> EventHandler | None:
        for handler in self._handlers:
            if handler.matches(event):
                return handler
        return None

    @property
    def handlers(self) -> tuple[EventHandler, ...]:
        return tuple(self._handlers)
