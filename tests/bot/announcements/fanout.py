"""Shared by the outbox tests: subscribers, an announcement due now to
all of them, and the states it went through."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from bot.announcements.outbox import Outbox
from bot.announcements.workflow import AnnouncementService
from bot.data.db import Database
from bot.data.models import Announcement, LineUser, Subscription
from tests.helpers import Clock

MULTICAST = "/v2/bot/message/multicast"
BROADCAST = "/v2/bot/message/broadcast"
# Tomorrow at a whole minute: in the future whenever the tests run.
SEND_AT = (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)


def add_subscribers(database: Database, topic: str, users: range, following: bool = True) -> None:
    with database.session() as session:
        existing = set(session.scalars(select(LineUser.user_id)))
        new_users = [f"U{n:032d}" for n in users if f"U{n:032d}" not in existing]
        if new_users:
            session.execute(insert(LineUser), [{"user_id": u, "following": following} for u in new_users])
        session.execute(
            insert(Subscription), [{"channel": "line", "address": f"U{n:032d}", "topic": topic} for n in users]
        )


def due_to_all_subscribers(service: AnnouncementService, outbox: Outbox, clock: Clock) -> int:
    """An announcement to every LINE subscriber, scheduled, due and in the outbox."""
    new_id = service.create("x", audience="topics", topics=["all"], channels=["line"])
    service.schedule(new_id, SEND_AT)
    clock.now = SEND_AT
    outbox.enqueue_due()
    return new_id


def state_of(database: Database, announcement_id: int) -> tuple[str, list[tuple[str, str, int]]]:
    with database.session() as session:
        announcement = session.get(Announcement, announcement_id)
        assert announcement is not None
        return announcement.state, [(d.channel, d.state, d.recipients) for d in announcement.deliveries]
