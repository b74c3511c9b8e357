"""Event handlers in a registry, after python-telegram-bot's
`Application.add_handler`: each handler says which events it takes and
handles them; the first registered match wins.

Handlers know LINE and nothing of the application: what they need from it is
the `ChatServices` protocol, which the application implements and injects."""

from __future__ import annotations

from typing import Protocol

from linebot.v3.webhooks import Event

from bot.replies import Command, Reply


class ChatServices(Protocol):
    """What handlers need from the application's chat."""

    def answer(self, user_id: str | None, text: str, message_id: str | None = None, private: bool = True) -> Reply: ...

    def unsent(self, message_id: str) -> None: ...

    def joined(self) -> Reply: ...

    def welcome(self, user_id: str) -> Reply: ...

    def unfollowed(self, user_id: str) -> None: ...

    def forget(self, user_id: str | None) -> Reply: ...

    def unsupported(self, user_id: str | None, kind: str) -> Reply: ...

    def help(self, user_id: str | None, language: str | None = None) -> Reply: ...

    def command(self, user_id: str | None, command: Command, private: bool = True) -> Reply | None:
        """A button's command, which the chat wrote (None: nothing to say, as for the menu's language)."""
        ...


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
