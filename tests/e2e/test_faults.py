"""Fault injection: two announcements fanned out to 60,000 LINE subscribers
while the fake LINE API times out, refuses connections, answers after the
read timeout (having taken the request), throws bursts of 500s and 429s and
answers 409 to retries it already took; while workers are SIGKILLed between
commit points (after sending, before recording; after recording, before
settling); and while PostgreSQL restarts. At the end every subscriber has
each announcement exactly once, both announcements are `sent`, and nothing
is left sending with no work."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import threading
import time
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.announcements.outbox import Outbox
from bot.announcements.policy import AnnouncementPolicy
from bot.announcements.recovery import DeliveryRecovery
from bot.announcements.settle import open_row_condition
from bot.announcements.workflow import AnnouncementService
from bot.config import Settings
from bot.data.db import Database
from bot.data.models import Delivery, OutboxItem, utcnow
from tests.fakes.line_api import FakeLineApi, RecordedRequest
from tests.processes import WORKER, running, service_env

pytestmark = pytest.mark.postgres
SUBSCRIBERS = 60_000
MULTICAST = "/v2/bot/message/multicast"


def add_subscribers(database: Database) -> None:
    """Everyone follows capacity utilization; every other user also follows MPI."""
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO line_users (user_id, following, language, first_seen_at, last_seen_at) "
                "SELECT 'U' || lpad(to_hex(n), 32, '0'), true, 'th', now(), now() FROM generate_series(1, :n) AS n"
            ),
            {"n": SUBSCRIBERS},
        )
        connection.execute(
            text(
                "INSERT INTO subscriptions (channel, address, topic, created_at) "
                "SELECT 'line', user_id, 'indicator:CAPU', now() FROM line_users"
            )
        )
        connection.execute(
            text(
                "INSERT INTO subscriptions (channel, address, topic, created_at) "
                "SELECT 'line', user_id, 'indicator:MPI', now() FROM line_users WHERE right(user_id, 1) IN "
                "('0', '2', '4', '6', '8', 'a', 'c', 'e')"
            )
        )


class Chaos:
    """A fault for about one multicast in four, a burst of 500s, and the rest as LINE answers."""

    def __init__(self, seed: int = 12) -> None:
        self.random = random.Random(seed)
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self, request: RecordedRequest) -> str | None:
        if request.path != MULTICAST:
            return None
        with self.lock:
            self.count += 1
            if 40 <= self.count < 52:
                return "500"  # a burst
            draw = self.random.random()
        if draw < 0.08:
            return "500"
        if draw < 0.13:
            return "429"
        if draw < 0.18:
            return "reset"
        if draw < 0.23:
            return "slow"
        return None


def restart_postgresql() -> None:
    version = next(Path("/etc/postgresql").iterdir()).name
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True, capture_output=True
    )
    for _ in range(60):
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0:
            return
        time.sleep(0.5)
    raise AssertionError("PostgreSQL did not come back")


def received_per_announcement(fake: FakeLineApi, texts: dict[str, int]) -> dict[int, Counter[str]]:
    """For each announcement (told apart by its text), how many times each user got it."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for request in fake.accepted:
        if request.path == MULTICAST:
            announcement = texts[request.texts()[0]]
            counts[announcement].update(request.body["to"])
    return counts


@pytest.mark.skipif(shutil.which("pg_ctlcluster") is None, reason="needs a local PostgreSQL cluster to restart")
def test_every_subscriber_exactly_once_whatever_fails(
    settings: Settings, database: Database, database_url: str, fake_line: FakeLineApi, tmp_path: Path
) -> None:
    add_subscribers(database)
    policy = AnnouncementPolicy.from_settings(settings.with_overrides(ANNOUNCEMENT_REQUIRE_APPROVAL=False))
    service = AnnouncementService(database, policy)
    to_all = service.create("ประกาศถึงทุกคน", audience="topics", topics=["indicator:CAPU"], channels=["line"])
    to_mpi = service.create("ประกาศเรื่อง MPI", audience="topics", topics=["indicator:MPI"], channels=["line"])
    for announcement in (to_all, to_mpi):
        service.schedule(announcement, utcnow() - timedelta(seconds=1))
    assert Outbox(database).enqueue_due() == 2

    fake_line.chaos = Chaos()
    fake_line.slow_seconds = 1.5
    fake_line.multicast_per_second = 200
    fake_line.delay_seconds = 0.02
    env = service_env(
        database_url,
        fake_line,
        tmp_path / "charts",
        LINE_API_TIMEOUT_SECONDS="1",
        WORKER_LEASE_SECONDS="3",
        WORKER_BATCH="4",
        RETRY_FIRST_SECONDS="0.2",
        RETRY_CEILING_SECONDS="2",
    )

    def crashing(point: str) -> dict[str, str]:
        return {**env, "OIE_CRASH_POINTS": point}

    def accepted() -> int:
        return sum(request.path == MULTICAST for request in fake_line.accepted)

    workers = [*WORKER, "--threads", "2", "--no-events"]
    killed = []
    with (
        running(workers, crashing("outbox-sent-not-recorded:6"), tmp_path / "w1.log") as first,
        running(workers, crashing("outbox-recorded-not-settled:4"), tmp_path / "w2.log") as second,
    ):
        killed += [first.wait(timeout=60), second.wait(timeout=60)]
    with (
        running(workers, crashing("outbox-sent-not-recorded:40"), tmp_path / "w3.log") as third,
        running(workers, env, tmp_path / "w4.log") as steady,
    ):
        assert fake_line.wait_for(lambda _: accepted() >= 60, timeout=90)
        restart_postgresql()  # mid-send: connections drop, transactions in flight roll back
        assert fake_line.wait_for(lambda _: accepted() >= 100, timeout=90)
        fake_line.outage(2.0)  # connections refused
        killed.append(third.wait(timeout=120))
        with running([*workers, "--until-idle"], env, tmp_path / "w5.log") as last:
            assert last.wait(timeout=240) == 0
        steady.send_signal(signal.SIGTERM)
        assert steady.wait(timeout=30) == 0

    assert killed == [-signal.SIGKILL] * 3
    received = received_per_announcement(fake_line, {"ประกาศถึงทุกคน": to_all, "ประกาศเรื่อง MPI": to_mpi})
    assert len(received[to_all]) == SUBSCRIBERS
    assert set(received[to_all].values()) == {1}
    assert len(received[to_mpi]) == SUBSCRIBERS // 2
    assert set(received[to_mpi].values()) == {1}
    assert service.get(to_all)["state"] == "sent"
    assert service.get(to_mpi)["state"] == "sent"
    with database.session() as session:
        assert set(session.scalars(select(Delivery.state))) == {"sent"}
        assert session.scalar(select(OutboxItem.id).where(open_row_condition()).limit(1)) is None
    assert DeliveryRecovery(database).reconcile() == 0  # settled as results were recorded
    # The faults did happen.
    assert {"500", "429", "reset", "slow"} <= set(fake_line.faults)
    assert fake_line.conflicts > 0  # retries of requests LINE had taken, answered 409
    print(
        f"\n{len(fake_line.requests)} requests, {len(fake_line.faults)} faults "
        f"({dict(Counter(fake_line.faults))}), {fake_line.conflicts} answered 409, "
        f"{fake_line.rejected_for_rate} over the rate limit"
    )
