"""Announcements through the outbox and workers to a fake LINE API:
at their time, to the right people, exactly once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.announcements.outbox import Outbox
from bot.announcements.worker import Worker
from bot.announcements.workflow import AnnouncementService
from bot.data.db import Database
from bot.data.models import OutboxItem
from tests.bot.announcements.fanout import (
    BROADCAST,
    MULTICAST,
    SEND_AT,
    add_subscribers,
    due_to_all_subscribers,
    state_of,
)
from tests.fakes.line_api import FakeLineApi
from tests.helpers import Clock


def test_goes_out_at_its_time_to_each_subscriber_once(
    database: Database,
    service: AnnouncementService,
    outbox: Outbox,
    worker: Worker,
    clock: Clock,
    fake_line: FakeLineApi,
) -> None:
    add_subscribers(database, "indicator:MPI", range(0, 800))
    add_subscribers(database, "sector:29", range(600, 1200))  # 200 users have both topics
    add_subscribers(database, "sector:10", range(5000, 5100))  # not addressed
    new_id = service.create("ข่าว MPI", audience="topics", topics=["indicator:MPI", "sector:29"], channels=["line"])
    service.schedule(new_id, SEND_AT)

    assert outbox.enqueue_due() == 0  # an hour early: nothing moves
    worker.run(until_idle=True)
    assert fake_line.sent(MULTICAST) == []

    clock.now = SEND_AT
    assert outbox.enqueue_due() == 1
    worker.run(until_idle=True)
    requests = fake_line.sent(MULTICAST)
    assert [len(r.body["to"]) for r in requests] == [500, 500, 200]
    assert all(len(r.body["to"]) <= 500 for r in requests)
    delivered = fake_line.delivered()
    assert len(delivered) == 1200
    assert set(delivered.values()) == {1}
    assert len({r.headers["x-line-retry-key"] for r in requests}) == 3
    assert state_of(database, new_id) == ("sent", [("line", "sent", 1200)])

    assert outbox.enqueue_due() == 0  # nothing is sent twice
    worker.run(until_idle=True)
    assert len(fake_line.sent(MULTICAST)) == 3


def test_all_friends_get_one_broadcast(
    database: Database,
    service: AnnouncementService,
    outbox: Outbox,
    worker: Worker,
    clock: Clock,
    fake_line: FakeLineApi,
) -> None:
    new_id = service.create("ประกาศวันหยุด", audience="all", channels=["line", "console"])
    service.schedule(new_id, SEND_AT)
    clock.now = SEND_AT + timedelta(seconds=5)
    outbox.enqueue_due()
    worker.run(until_idle=True)
    (broadcast,) = fake_line.sent(BROADCAST)
    assert broadcast.headers["x-line-retry-key"]
    assert broadcast.body["messages"][0]["text"] == "ประกาศวันหยุด"
    assert state_of(database, new_id)[0] == "sent"


def test_cancelled_never_goes_out(
    database: Database,
    service: AnnouncementService,
    outbox: Outbox,
    worker: Worker,
    clock: Clock,
    fake_line: FakeLineApi,
) -> None:
    add_subscribers(database, "all", range(10))
    new_id = service.create("x", audience="topics", topics=["all"], channels=["line"])
    service.schedule(new_id, SEND_AT)
    service.cancel(new_id)
    clock.now = SEND_AT + timedelta(days=1)
    assert outbox.enqueue_due() == 0
    worker.run(until_idle=True)
    assert fake_line.requests == []
    assert state_of(database, new_id) == ("cancelled", [("line", "cancelled", 0)])


def test_topics_nobody_follows_end_with_no_recipients_not_sent(
    database: Database,
    service: AnnouncementService,
    outbox: Outbox,
    worker: Worker,
    clock: Clock,
    fake_line: FakeLineApi,
) -> None:
    add_subscribers(database, "sector:29", range(0, 5))  # others follow another topic
    alone = service.create("ข่าวยา", audience="topics", topics=["sector:21"], channels=["line"])
    beside = service.create("ข่าวยา", audience="topics", topics=["sector:21"], channels=["line", "console"])
    for announcement_id in (alone, beside):
        service.schedule(announcement_id, SEND_AT)
    clock.now = SEND_AT
    assert outbox.enqueue_due() == 2
    worker.run(until_idle=True)
    assert fake_line.sent(MULTICAST) == []
    assert state_of(database, alone) == ("no_recipients", [("line", "no_recipients", 0)])
    # The public post went out: the announcement is sent, its LINE delivery still says nobody got it.
    assert state_of(database, beside) == ("sent", [("console", "sent", 0), ("line", "no_recipients", 0)])


def test_unfollowed_users_are_skipped(
    database: Database,
    service: AnnouncementService,
    outbox: Outbox,
    worker: Worker,
    clock: Clock,
    fake_line: FakeLineApi,
) -> None:
    add_subscribers(database, "all", range(0, 5))
    add_subscribers(database, "all", range(5, 8), following=False)
    due_to_all_subscribers(service, outbox, clock)
    worker.run(until_idle=True)
    assert sorted(fake_line.delivered()) == [f"U{n:032d}" for n in range(5)]


def test_fan_out_over_the_quota_is_refused(
    database: Database,
    service: AnnouncementService,
    outbox: Outbox,
    worker: Worker,
    clock: Clock,
    fake_line: FakeLineApi,
) -> None:
    fake_line.quota, fake_line.consumption = 1000, 700
    add_subscribers(database, "all", range(400))
    new_id = due_to_all_subscribers(service, outbox, clock)
    worker.run(until_idle=True)
    assert fake_line.sent(MULTICAST) == []
    item = service.get(new_id)
    assert item["state"] == "failed"
    (delivery,) = item["deliveries"]
    assert delivery["state"] == "failed"
    assert "quota would be exceeded" in delivery["error"]
    assert "needs 400 messages, 300 of 1,000 remain" in delivery["error"]


def test_rate_limited_batch_is_retried_after_retry_after(
    database: Database,
    service: AnnouncementService,
    outbox: Outbox,
    worker: Worker,
    clock: Clock,
    fake_line: FakeLineApi,
) -> None:
    add_subscribers(database, "all", range(3))
    new_id = due_to_all_subscribers(service, outbox, clock)
    fake_line.script(MULTICAST, (429, {"message": "rate limit"}, {"Retry-After": "120"}))
    worker.run(until_idle=True)
    assert service.get(new_id)["state"] == "sending"  # waiting to retry, not failed
    (delivery,) = service.get(new_id)["deliveries"]
    assert delivery["state"] == "retrying"
    clock.now = SEND_AT + timedelta(seconds=60)
    worker.run(until_idle=True)
    assert len(fake_line.sent(MULTICAST)) == 1  # Retry-After not over yet: not tried again
    clock.now = SEND_AT + timedelta(seconds=121)
    worker.run(until_idle=True)
    assert len([r for r in fake_line.accepted if r.path == MULTICAST]) == 1
    assert set(fake_line.delivered().values()) == {1}
    assert service.get(new_id)["state"] == "sent"


def test_a_crashed_workers_batch_is_taken_over_without_duplicates(
    database: Database,
    service: AnnouncementService,
    outbox: Outbox,
    worker: Worker,
    clock: Clock,
    fake_line: FakeLineApi,
) -> None:
    add_subscribers(database, "all", range(700))
    new_id = due_to_all_subscribers(service, outbox, clock)
    # A worker claims the first batch, its request reaches LINE, then it dies before recording it.
    (item,) = outbox.claim("dead-worker")
    assert worker.publishers["line"].publish(item.message, item.recipients, item.retry_key).ok
    clock.now = SEND_AT + timedelta(seconds=31)  # the 30 s lease has expired
    worker.run(until_idle=True)
    delivered = fake_line.delivered()
    assert len(delivered) == 700
    assert set(delivered.values()) == {1}
    assert any(r.headers["x-line-retry-key"] == item.retry_key for r in fake_line.sent(MULTICAST)[1:])
    assert service.get(new_id)["state"] == "sent"
    with database.session() as session:
        assert set(session.scalars(select(OutboxItem.state))) == {"sent"}
