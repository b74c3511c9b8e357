"""Announcements through the outbox and workers to a fake LINE API:
at their time, to the right people, exactly once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.data.models import OutboxItem
from tests.bot.announcements.conftest import Harness
from tests.bot.announcements.fanout import (
    BROADCAST,
    MULTICAST,
    SEND_AT,
    add_subscribers,
    due_to_all_subscribers,
    state_of,
)


def test_goes_out_at_its_time_to_each_subscriber_once(harness: Harness) -> None:
    add_subscribers(harness.database, "indicator:MPI", range(0, 800))
    add_subscribers(harness.database, "sector:29", range(600, 1200))  # 200 users have both topics
    add_subscribers(harness.database, "sector:10", range(5000, 5100))  # not addressed
    new_id = harness.service.create(
        "ข่าว MPI", audience="topics", topics=["indicator:MPI", "sector:29"], channels=["line"]
    )
    harness.service.schedule(new_id, SEND_AT)

    assert harness.outbox.enqueue_due() == 0  # an hour early: nothing moves
    harness.worker.run(until_idle=True)
    assert harness.fake_line.sent(MULTICAST) == []

    harness.clock.now = SEND_AT
    assert harness.outbox.enqueue_due() == 1
    harness.worker.run(until_idle=True)
    requests = harness.fake_line.sent(MULTICAST)
    assert [len(r.body["to"]) for r in requests] == [500, 500, 200]
    assert all(len(r.body["to"]) <= 500 for r in requests)
    delivered = harness.fake_line.delivered()
    assert len(delivered) == 1200
    assert set(delivered.values()) == {1}
    assert len({r.headers["x-line-retry-key"] for r in requests}) == 3
    assert state_of(harness.database, new_id) == ("sent", [("line", "sent", 1200)])

    assert harness.outbox.enqueue_due() == 0  # nothing is sent twice
    harness.worker.run(until_idle=True)
    assert len(harness.fake_line.sent(MULTICAST)) == 3


def test_all_friends_get_one_broadcast(harness: Harness) -> None:
    new_id = harness.service.create("ประกาศวันหยุด", audience="all", channels=["line", "console"])
    harness.service.schedule(new_id, SEND_AT)
    harness.clock.now = SEND_AT + timedelta(seconds=5)
    harness.outbox.enqueue_due()
    harness.worker.run(until_idle=True)
    (broadcast,) = harness.fake_line.sent(BROADCAST)
    assert broadcast.headers["x-line-retry-key"]
    assert broadcast.body["messages"][0]["text"] == "ประกาศวันหยุด"
    assert state_of(harness.database, new_id)[0] == "sent"


def test_cancelled_never_goes_out(harness: Harness) -> None:
    add_subscribers(harness.database, "all", range(10))
    new_id = harness.service.create("x", audience="topics", topics=["all"], channels=["line"])
    harness.service.schedule(new_id, SEND_AT)
    harness.service.cancel(new_id)
    harness.clock.now = SEND_AT + timedelta(days=1)
    assert harness.outbox.enqueue_due() == 0
    harness.worker.run(until_idle=True)
    assert harness.fake_line.requests == []
    assert state_of(harness.database, new_id) == ("cancelled", [("line", "cancelled", 0)])


def test_topics_nobody_follows_end_with_no_recipients_not_sent(harness: Harness) -> None:
    add_subscribers(harness.database, "sector:29", range(0, 5))  # others follow another topic
    alone = harness.service.create("ข่าวยา", audience="topics", topics=["sector:21"], channels=["line"])
    beside = harness.service.create("ข่าวยา", audience="topics", topics=["sector:21"], channels=["line", "console"])
    for announcement_id in (alone, beside):
        harness.service.schedule(announcement_id, SEND_AT)
    harness.clock.now = SEND_AT
    assert harness.outbox.enqueue_due() == 2
    harness.worker.run(until_idle=True)
    assert harness.fake_line.sent(MULTICAST) == []
    assert state_of(harness.database, alone) == ("no_recipients", [("line", "no_recipients", 0)])
    # The public post went out: the announcement is sent, its LINE delivery still says nobody got it.
    assert state_of(harness.database, beside) == ("sent", [("console", "sent", 0), ("line", "no_recipients", 0)])


def test_unfollowed_users_are_skipped(harness: Harness) -> None:
    add_subscribers(harness.database, "all", range(0, 5))
    add_subscribers(harness.database, "all", range(5, 8), following=False)
    due_to_all_subscribers(harness.service, harness.outbox, harness.clock)
    harness.worker.run(until_idle=True)
    assert sorted(harness.fake_line.delivered()) == [f"U{n:032d}" for n in range(5)]


def test_fan_out_over_the_quota_is_refused(harness: Harness) -> None:
    harness.fake_line.quota, harness.fake_line.consumption = 1000, 700
    add_subscribers(harness.database, "all", range(400))
    new_id = due_to_all_subscribers(harness.service, harness.outbox, harness.clock)
    harness.worker.run(until_idle=True)
    assert harness.fake_line.sent(MULTICAST) == []
    item = harness.service.get(new_id)
    assert item["state"] == "failed"
    (delivery,) = item["deliveries"]
    assert delivery["state"] == "failed"
    assert "quota would be exceeded" in delivery["error"]
    assert "needs 400 messages, 300 of 1,000 remain" in delivery["error"]


def test_rate_limited_batch_is_retried_after_retry_after(harness: Harness) -> None:
    add_subscribers(harness.database, "all", range(3))
    new_id = due_to_all_subscribers(harness.service, harness.outbox, harness.clock)
    harness.fake_line.script(MULTICAST, (429, {"message": "rate limit"}, {"Retry-After": "120"}))
    harness.worker.run(until_idle=True)
    assert harness.service.get(new_id)["state"] == "sending"  # waiting to retry, not failed
    (delivery,) = harness.service.get(new_id)["deliveries"]
    assert delivery["state"] == "retrying"
    harness.clock.now = SEND_AT + timedelta(seconds=60)
    harness.worker.run(until_idle=True)
    assert len(harness.fake_line.sent(MULTICAST)) == 1  # Retry-After not over yet: not tried again
    harness.clock.now = SEND_AT + timedelta(seconds=121)
    harness.worker.run(until_idle=True)
    assert len([r for r in harness.fake_line.accepted if r.path == MULTICAST]) == 1
    assert set(harness.fake_line.delivered().values()) == {1}
    assert harness.service.get(new_id)["state"] == "sent"


def test_a_crashed_workers_batch_is_taken_over_without_duplicates(harness: Harness) -> None:
    add_subscribers(harness.database, "all", range(700))
    new_id = due_to_all_subscribers(harness.service, harness.outbox, harness.clock)
    # A worker claims the first batch, its request reaches LINE, then it dies before recording it.
    (item,) = harness.outbox.claim("dead-worker")
    assert harness.worker.publishers["line"].publish(item.message, item.recipients, item.retry_key).ok
    harness.clock.now = SEND_AT + timedelta(seconds=31)  # the 30 s lease has expired
    harness.worker.run(until_idle=True)
    delivered = harness.fake_line.delivered()
    assert len(delivered) == 700
    assert set(delivered.values()) == {1}
    assert any(r.headers["x-line-retry-key"] == item.retry_key for r in harness.fake_line.sent(MULTICAST)[1:])
    assert harness.service.get(new_id)["state"] == "sent"
    with harness.database.session() as session:
        assert set(session.scalars(select(OutboxItem.state))) == {"sent"}
