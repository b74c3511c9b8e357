"""E-mail subscribers per topic (managed by staff) and the signed,
login-free unsubscribe link every message carries."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select

from bot.db import Database
from bot.models import EmailSubscription
from bot.subscriptions import TOPICS

ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_SALT = "email-unsubscribe"


class EmailSubscriptionError(ValueError):
    pass


def normalize_address(address: str) -> str:
    address = address.strip().lower()
    if not ADDRESS.match(address) or len(address) > 320:
        raise EmailSubscriptionError(f"{address!r} is not an e-mail address")
    return address


class EmailSubscriptionStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    def add(self, address: str, topics: Sequence[str]) -> list[str]:
        """Subscribe an address to topics; returns the topics that are new."""
        email = normalize_address(address)
        for topic in topics:
            if topic not in TOPICS:
                raise EmailSubscriptionError(f"unknown topic {topic!r}: use all, indicator:CODE or sector:NN")
        with self.database.session() as session:
            existing = set(session.scalars(select(EmailSubscription.topic).where(EmailSubscription.email == email)))
            added = [topic for topic in dict.fromkeys(topics) if topic not in existing]
            session.add_all(EmailSubscription(email=email, topic=topic) for topic in added)
        return added

    def remove(self, address: str, topic: str | None = None) -> int:
        email = address.strip().lower()
        with self.database.session() as session:
            query = delete(EmailSubscription).where(EmailSubscription.email == email)
            if topic is not None:
                query = query.where(EmailSubscription.topic == topic)
            return int(session.execute(query).rowcount or 0)  # type: ignore[attr-defined]

    def list(self, topic: str | None = None) -> list[tuple[str, str]]:
        with self.database.session() as session:
            query = select(EmailSubscription.email, EmailSubscription.topic).order_by(
                EmailSubscription.email, EmailSubscription.topic
            )
            if topic is not None:
                query = query.where(EmailSubscription.topic == topic)
            return [(email, found) for email, found in session.execute(query)]

    def recipients(self, topics: Sequence[str] | None) -> Iterator[str]:
        """Distinct addresses subscribed to any of `topics` (None: every subscriber)."""
        query = select(EmailSubscription.email).group_by(EmailSubscription.email).order_by(EmailSubscription.email)
        if topics is not None:
            query = query.where(EmailSubscription.topic.in_(list(topics)))
        with self.database.engine.connect() as connection:
            for (email,) in connection.execute(query):
                yield str(email)


class UnsubscribeTokens:
    """Signed tokens naming an address: the link works without a login and
    cannot be forged for someone else's address."""

    def __init__(self, secret_key: str) -> None:
        self.serializer = URLSafeSerializer(secret_key, salt=TOKEN_SALT)

    def make(self, address: str) -> str:
        return self.serializer.dumps(address.strip().lower())

    def read(self, token: str) -> str | None:
        try:
            value = self.serializer.loads(token)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None
