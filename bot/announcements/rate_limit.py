"""Rate limits shared by every worker process: a token bucket per name,
kept in the database (a channel's limit is per channel, not per process)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from bot.data.db import Database, upsert_insert
from bot.data.models import RateLimitBucket
from publishers.base import Publisher


class RateLimiter:
    """A token bucket per name, kept in the database and shared by every
    worker process. `reserve` takes a token now and returns how long to wait
    before using it (reservations may run ahead of the refill)."""

    def __init__(self, database: Database, clock: Callable[[], float] = time.time) -> None:
        self.database = database
        self.clock = clock

    def reserve(self, name: str, per_second: float, burst: float = 1.0) -> float:
        return self.reserve_many(name, per_second, burst, 1)[0]

    def reserve_many(self, name: str, per_second: float, burst: float, count: int) -> list[float]:
        """Take `count` tokens in one transaction; returns how long to wait
        before using each (a sender of many requests asks once, not per request)."""
        now = self.clock()
        with self.database.session() as session:
            insert_into = upsert_insert(session)
            session.execute(
                insert_into(RateLimitBucket)
                .values(name=name, tokens=burst, updated_at=now)
                .on_conflict_do_nothing(index_elements=["name"])
            )
            bucket = session.scalar(select(RateLimitBucket).where(RateLimitBucket.name == name).with_for_update())
            assert bucket is not None
            before = min(burst, bucket.tokens + (now - bucket.updated_at) * per_second)
            bucket.tokens = before - count
            bucket.updated_at = now
            # The i-th token exists once the bucket has refilled to i + 1.
            return [max(0.0, (index + 1 - before) / per_second) for index in range(count)]

    def acquire(
        self, name: str, per_second: float, burst: float = 1.0, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        wait = self.reserve(name, per_second, burst)
        if wait > 0:
            sleep(wait)


@dataclass
class RateRule:
    name: str
    per_second: float
    burst: float = 1.0


# Pace a little under a channel's published limit: requests leave in the order
# they reserved, but network jitter can still bunch a few into one second.
PACING_MARGIN = 0.95


def rate_rule(publisher: Publisher, broadcast: bool) -> RateRule | None:
    """The bucket one request of `publisher` takes a token from: a broadcast
    to all friends has its own (hourly) limit where the channel declares one."""
    if broadcast and publisher.broadcast_per_hour:
        return RateRule(f"{publisher.channel}:broadcast", publisher.broadcast_per_hour / 3600 * PACING_MARGIN)
    if publisher.rate_limit_per_second:
        # A channel that can broadcast names its list requests after LINE's multicast.
        name = f"{publisher.channel}:{'multicast' if publisher.broadcasts_to_all else 'send'}"
        return RateRule(name, publisher.rate_limit_per_second * PACING_MARGIN)
    return None
