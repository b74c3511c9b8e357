"""What the staff chat simulator runs the real chat service on: the user's
subscriptions kept in the staff member's own session, and no records at all.
Nothing the simulator does reaches a real subscriber's data or the
conversation log."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from bot.announcements.topics import Topic
from bot.answers.model import Answer

SESSION_KEY = "simulated_subscriptions"


class SessionSubscriptions:
    """Subscriptions of the simulated user, in a session (a dict of the staff member's own)."""

    def __init__(self, session: MutableMapping[str, Any]) -> None:
        self.session = session

    def _stored(self) -> list[str]:
        return list(self.session.get(SESSION_KEY, []))

    def subscribe(self, address: str, topic: Topic) -> bool:
        stored = self._stored()
        if str(topic) in stored:
            return False
        self.session[SESSION_KEY] = sorted([*stored, str(topic)])
        return True

    def unsubscribe(self, address: str, topic: Topic | None = None) -> int:
        stored = self._stored()
        kept = [text for text in stored if topic is not None and text != str(topic)]
        self.session[SESSION_KEY] = kept
        return len(stored) - len(kept)

    def topics(self, address: str) -> list[Topic]:
        return [Topic.parse(text) for text in self._stored()]


class NoRecords:
    """Users and a conversation log that keep nothing."""

    def seen(self, user_id: str, following: bool | None = None, language: str | None = None) -> None:
        return None

    def unfollowed(self, user_id: str) -> None:
        return None

    def forget(self, user_id: str) -> None:
        return None

    def log_turn(
        self, user_id: str | None, question: str, answer: Answer, latency_ms: int, message_id: str | None = None
    ) -> None:
        return None

    def unsent(self, message_id: str) -> None:
        return None

    def chose_menu(self, user_id: str, language: str) -> None:
        return None
