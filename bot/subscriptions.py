"""Topic subscriptions of LINE users: everything ("all"), an indicator
("indicator:MPI") or a sector ("sector:29")."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from bot.db import Database
from bot.models import LineUser, Subscription
from nlp.lexicon import INDICATOR_CODES, SECTOR_CODES

TOPIC_ALL = "all"
TOPICS: tuple[str, ...] = (
    TOPIC_ALL,
    *(f"indicator:{code}" for code in INDICATOR_CODES),
    *(f"sector:{code}" for code in SECTOR_CODES),
)


def topic_for(indicator: str | None, sector: str | None) -> str:
    if sector and sector != "TOTAL":
        return f"sector:{sector}"
    if indicator:
        return f"indicator:{indicator}"
    return TOPIC_ALL


class SubscriptionStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    def subscribe(self, user_id: str, topic: str) -> bool:
        """True when the subscription is new."""
        try:
            with self.database.session() as session:
                if session.get(LineUser, user_id) is None:
                    session.add(LineUser(user_id=user_id))
                    session.flush()
                exists = session.scalar(
                    select(Subscription.id).where(Subscription.user_id == user_id, Subscription.topic == topic)
                )
                if exists is not None:
                    return False
                session.add(Subscription(user_id=user_id, topic=topic))
        except IntegrityError:  # the same request twice at once
            return False
        return True

    def unsubscribe(self, user_id: str, topic: str | None = None) -> int:
        """Remove one topic, or every topic when None; returns how many."""
        with self.database.session() as session:
            query = delete(Subscription).where(Subscription.user_id == user_id)
            if topic is not None:
                query = query.where(Subscription.topic == topic)
            return int(session.execute(query).rowcount or 0)  # type: ignore[attr-defined]

    def topics(self, user_id: str) -> list[str]:
        with self.database.session() as session:
            return list(
                session.scalars(
                    select(Subscription.topic).where(Subscription.user_id == user_id).order_by(Subscription.topic)
                )
            )

    def recipients(self, topics: Sequence[str], chunk: int = 5000) -> Iterator[str]:
        """Distinct following users subscribed to any of `topics`, in user id
        order, streamed: a user with several matching topics appears once."""
        query = (
            select(Subscription.user_id)
            .join(LineUser, LineUser.user_id == Subscription.user_id)
            .where(Subscription.topic.in_(list(topics)), LineUser.following.is_(True))
            .group_by(Subscription.user_id)
            .order_by(Subscription.user_id)
        )
        with self.database.engine.connect() as connection:
            result = connection.execution_options(yield_per=chunk).execute(query)
            for (user_id,) in result:
                yield str(user_id)

    def following_count(self) -> int:
        from sqlalchemy import func

        with self.database.session() as session:
            return int(session.scalar(select(func.count()).where(LineUser.following.is_(True))) or 0)
