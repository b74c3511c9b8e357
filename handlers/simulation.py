"""Webhook events run through exactly the handlers the webhook uses, with
nothing sent: the LINE messages come back as LINE's JSON, for the staff
chat simulator to show."""

from __future__ import annotations

from typing import Any

from linebot.v3.webhooks import Event

from handlers.dispatcher import messages_for
from handlers.events import default_registry
from handlers.registry import ChatServices, HandlerRegistry


class Simulation:
    def __init__(self, registry: HandlerRegistry | None = None) -> None:
        self.registry = registry or default_registry()

    def run(self, event: dict[str, Any], services: ChatServices) -> list[dict[str, Any]]:
        """The messages the bot would send for one event (LINE webhook JSON)."""
        handled = messages_for(Event.from_dict(event), self.registry, services)
        if handled is None:
            return []
        return [message.to_dict() for message in handled[1]]
