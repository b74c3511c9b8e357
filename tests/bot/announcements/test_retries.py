"""Retrying what is safe to retry, for a window rather than a count; settling
in the transaction that records the last result (and a reconciler for
anything left over); staff putting failed requests back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.announcements.outbox import Outbox, RetryPolicy
from bot.announcements.rate_limit import RateLimiter
from bot.announcements.recovery import DeliveryRecovery, RecoveryRefused
from bot.announcements.worker import Worker
from bot.announcements.workflow import AnnouncementService
from bot.cli import main
from bot.data.audit import entries
from bot.data.db import Database
from bot.data.models import Delivery, OutboxItem
from publishers.line import LinePublisher
from publishers.line_client import LineClient
from tests.bot.announcements.conftest import Harness
from tests.bot.announcements.fanout import MULTICAST, SEND_AT, add_subscribers, due_to_all_subscribers
from tests.fakes.line_api import FakeLineApi
from tests.helpers import Clock


def retry_keys(database: Database) -> dict[int, str]:
    with database.session() as session:
        return dict(session.execute(select(OutboxItem.batch_no, OutboxItem.retry_key)).all())


def test_a_long_outage_is_retried_for_the_window_then_given_up(
    database: Database, service: AnnouncementService, clock: Clock, fake_line: FakeLineApi
) -> None:
    """Twelve minutes of 500s used to use up all eight attempts; now retries
    go on (further and further apart) for the whole window, then stop."""
    # Built by hand: a LINE client that never retries within a request, which no setting gives.
    outbox = Outbox(database, clock=clock, retry=RetryPolicy(window=timedelta(hours=2)))
    publisher = LinePublisher(LineClient("token", fake_line.base_url, max_attempts=1))
    worker = Worker(outbox, {"line": publisher}, RateLimiter(database), threads=1, poll_seconds=0.01)
    add_subscribers(database, "all", range(3))
    new_id = due_to_all_subscribers(service, outbox, clock)
    fake_line.chaos = lambda request: "500" if request.path == MULTICAST else None
    waits = []
    while True:
        worker.run(until_idle=True)
        (delivery,) = service.get(new_id)["deliveries"]
        if delivery["state"] != "retrying":
            break
        assert service.get(new_id)["state"] == "sending"
        with database.session() as session:
            due = session.scalar(select(Delivery.next_attempt_at))
        assert due is not None
        waits.append((due.replace(tzinfo=None) - clock.now.replace(tzinfo=None)).total_seconds())
        clock.now = clock.now + timedelta(seconds=waits[-1] + 0.001)
    assert len(waits) > 8
    assert waits[1] > waits[0]  # backing off
    assert max(waits) <= 900  # up to the ceiling
    assert clock.now - SEND_AT >= timedelta(hours=2)  # for the whole window
    assert delivery["state"] == "failed"
    assert service.get(new_id)["state"] == "failed"
    assert fake_line.delivered() == {}


def test_an_outage_shorter_than_the_window_ends_sent(harness: Harness) -> None:
    add_subscribers(harness.database, "all", range(1200))  # three batches
    new_id = due_to_all_subscribers(harness.service, harness.outbox, harness.clock)
    harness.fake_line.chaos = lambda request: (
        "500" if request.path == MULTICAST and len(harness.fake_line.faults) < 5 else None
    )
    for _ in range(10):
        harness.worker.run(until_idle=True)
        harness.clock.now = harness.clock.now + timedelta(minutes=2)
    assert harness.service.get(new_id)["state"] == "sent"
    assert sorted(harness.fake_line.delivered().values()) == [1] * 1200


def test_a_delivery_left_sending_is_settled_by_the_reconciler(harness: Harness) -> None:
    """As a worker that died between two commits would have left it (before
    results and settling were one transaction)."""
    add_subscribers(harness.database, "all", range(10))
    new_id = due_to_all_subscribers(harness.service, harness.outbox, harness.clock)
    harness.worker.run(until_idle=True)
    assert harness.service.get(new_id)["state"] == "sent"
    with harness.database.session() as session:
        session.execute(update(Delivery).values(state="sending"))
        session.execute(update(Delivery.announcement.property.mapper.class_).values(state="sending"))
    recovery = DeliveryRecovery(harness.database)
    assert recovery.reconcile() == 1
    assert harness.service.get(new_id)["state"] == "sent"
    assert recovery.reconcile() == 0


def test_staff_retry_puts_failed_requests_back_with_the_same_keys(
    harness: Harness,
    capsys: pytest.CaptureFixture[str],
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_subscribers(harness.database, "all", range(1000))
    new_id = due_to_all_subscribers(harness.service, harness.outbox, harness.clock)
    # A revoked token: not retryable by itself, so the delivery fails for good.
    harness.fake_line.script(
        MULTICAST, (401, {"message": "Authentication failed"}), (401, {"message": "Authentication failed"})
    )
    harness.worker.run(until_idle=True)
    assert harness.service.get(new_id)["state"] == "failed"
    keys = retry_keys(harness.database)
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["delivery", "retry", str(new_id), "line"]) == 0
    assert "2 failed request(s) queued again" in capsys.readouterr().out
    assert harness.service.get(new_id)["state"] == "sending"
    harness.worker.run(until_idle=True)
    assert harness.service.get(new_id)["state"] == "sent"
    assert retry_keys(harness.database) == keys
    assert harness.fake_line.sent(MULTICAST)[-1].headers["x-line-retry-key"] in keys.values()
    assert sorted(harness.fake_line.delivered().values()) == [1] * 1000
    (audit,) = entries(harness.database, action="retry")
    assert audit.details == {"channel": "line", "requests": 2}
    assert main(["delivery", "retry", str(new_id), "line"]) == 1  # nothing failed any more
    assert "no failed line requests" in capsys.readouterr().err


def test_staff_retry_is_refused_while_requests_are_being_sent(harness: Harness) -> None:
    add_subscribers(harness.database, "all", range(1000))
    new_id = due_to_all_subscribers(harness.service, harness.outbox, harness.clock)
    harness.fake_line.script(MULTICAST, (400, {"message": "bad request"}))
    (first, _second) = harness.outbox.claim("w", limit=2)
    publisher = harness.worker.publishers["line"]
    harness.outbox.complete(first, publisher.publish(first.message, first.recipients, first.retry_key), "w")
    recovery = DeliveryRecovery(harness.database, clock=harness.clock)
    with pytest.raises(RecoveryRefused) as refused:
        recovery.retry_failed(new_id, "line")
    assert refused.value.reason == "in_flight"
