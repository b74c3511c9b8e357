"""Who is subscribed to what, on each channel with a subscriber list: LINE
users subscribe from the chat, e-mail addresses are added by staff. One
table and one store for both; only the address rules differ."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.exc import IntegrityError

from bot.announcements.topics import ALL, Topic
from bot.data.db import Database
from bot.data.models import LineUser, Subscription
from publishers.base import RecipientList

EMAIL_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SubscriptionError(ValueError):
    pass


def normalize_address(channel: RecipientList, address: str) -> str:
    """An address as stored: e-mail addresses trimmed, lower case and checked."""
    if channel is not RecipientList.EMAIL_ADDRESSES:
        return address
    address = address.strip().lower()
    if not EMAIL_ADDRESS.match(address) or len(address) > 320:
        raise SubscriptionError(f"{address!r} is not an e-mail address")
    return address


class SubscriberList:
    """The subscriptions of one channel's subscribers."""

    def __init__(self, database: Database, channel: RecipientList) -> None:
        if channel is RecipientList.NONE:
            raise ValueError("a channel without recipients has no subscribers")
        self.database = database
        self.channel = channel

    @classmethod
    def line(cls, database: Database) -> SubscriberList:
        return cls(database, RecipientList.LINE_USERS)

    @classmethod
    def email(cls, database: Database) -> SubscriberList:
        return cls(database, RecipientList.EMAIL_ADDRESSES)

    def _mine(self, address: str | None = None) -> list[ColumnElement[bool]]:
        conditions = [Subscription.channel == self.channel.value]
        if address is not None:
            conditions.append(Subscription.address == address)
        return conditions

    def add(self, address: str, topics: Sequence[Topic]) -> list[Topic]:
        """Subscribe an address to topics; returns the topics that are new."""
        address = normalize_address(self.channel, address)
        try:
            with self.database.session() as session:
                if self.channel is RecipientList.LINE_USERS and session.get(LineUser, address) is None:
                    session.add(LineUser(user_id=address))  # recipients are the users who follow
                    session.flush()
                existing = {
                    Topic.parse(text)
                    for text in session.scalars(select(Subscription.topic).where(*self._mine(address)))
                }
                added = [topic for topic in dict.fromkeys(topics) if topic not in existing]
                session.add_all(
                    Subscription(channel=self.channel.value, address=address, topic=str(topic)) for topic in added
                )
        except IntegrityError:  # the same request twice at once
            return []
        return added

    def subscribe(self, address: str, topic: Topic) -> bool:
        """True when the subscription is new."""
        return bool(self.add(address, [topic]))

    def unsubscribe(self, address: str, topic: Topic | None = None) -> int:
        """Remove one topic, or every topic when None; returns how many."""
        address = address.strip().lower() if self.channel is RecipientList.EMAIL_ADDRESSES else address
        with self.database.session() as session:
            query = delete(Subscription).where(*self._mine(address))
            if topic is not None:
                query = query.where(Subscription.topic == str(topic))
            return int(session.execute(query).rowcount or 0)  # type: ignore[attr-defined]

    def topics(self, address: str) -> list[Topic]:
        with self.database.session() as session:
            query = select(Subscription.topic).where(*self._mine(address)).order_by(Subscription.topic)
            return [Topic.parse(text) for text in session.scalars(query)]

    def entries(self, topic: Topic | None = None) -> list[tuple[str, Topic]]:
        """Every (address, topic), ordered."""
        query = select(Subscription.address, Subscription.topic).where(*self._mine())
        if topic is not None:
            query = query.where(Subscription.topic == str(topic))
        with self.database.session() as session:
            rows = session.execute(query.order_by(Subscription.address, Subscription.topic)).all()
        return [(address, Topic.parse(text)) for address, text in rows]

    def recipients(self, topics: Sequence[Topic] | None, chunk: int = 5000) -> Iterator[str]:
        """Distinct addresses subscribed to any of `topics` or to everything
        (None: every subscriber), in address order, streamed: an address with
        several matching topics appears once. LINE users who unfollowed are left out."""
        query = (
            select(Subscription.address)
            .where(*self._mine())
            .group_by(Subscription.address)
            .order_by(Subscription.address)
        )
        if topics is not None:
            # Whoever follows everything gets every topic's announcements.
            query = query.where(Subscription.topic.in_(sorted({str(ALL), *(str(topic) for topic in topics)})))
        if self.channel is RecipientList.LINE_USERS:
            query = query.join(LineUser, LineUser.user_id == Subscription.address).where(LineUser.following.is_(True))
        with self.database.engine.connect() as connection:
            result = connection.execution_options(yield_per=chunk).execute(query)
            for (address,) in result:
                yield str(address)


def count_recipients(subscribers: SubscriberList, topics: Sequence[Topic] | None) -> int:
    """How many distinct addresses a fan-out to `topics` reaches (None: every subscriber)."""
    return sum(1 for _ in subscribers.recipients(topics))


def following_count(database: Database) -> int:
    """LINE users who follow the account, as far as the service knows."""
    with database.session() as session:
        return int(session.scalar(select(func.count()).where(LineUser.following.is_(True))) or 0)
