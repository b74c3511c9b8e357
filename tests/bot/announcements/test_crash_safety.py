"""A worker killed with SIGKILL in the middle of a 20,000-subscriber
multicast fan-out: two other workers finish it, and the fake LINE server
shows every subscriber got the message exactly once (PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select

from bot.announcements.outbox import Outbox
from bot.announcements.policy import AnnouncementPolicy
from bot.announcements.workflow import AnnouncementService
from bot.config import Settings
from bot.data.db import Database
from bot.data.models import LineUser, OutboxItem, Subscription, utcnow
from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_events import ACCESS_TOKEN, CHANNEL_SECRET
from tests.helpers import PROJECT_ROOT

pytestmark = pytest.mark.postgres
SUBSCRIBERS = 20_000
MULTICAST = "/v2/bot/message/multicast"


def test_killed_worker_mid_fan_out_sends_nothing_twice(
    settings: Settings, database: Database, database_url: str, fake_line: FakeLineApi
) -> None:
    users = [f"U{n:032x}" for n in range(SUBSCRIBERS)]
    with database.session() as session:
        session.execute(insert(LineUser), [{"user_id": user, "following": True} for user in users])
        session.execute(insert(Subscription), [{"channel": "line", "address": user, "topic": "all"} for user in users])
    policy = AnnouncementPolicy.from_settings(settings.with_overrides(ANNOUNCEMENT_REQUIRE_APPROVAL=False))
    service = AnnouncementService(database, policy)
    announcement = service.create("ข่าวดัชนี", audience="topics", topics=["all"], channels=["line"])
    service.schedule(announcement, utcnow() - timedelta(seconds=1))
    assert Outbox(database).enqueue_due() == 1
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxItem)) == SUBSCRIBERS // 500

    fake_line.delay_seconds = 0.05  # slow enough to kill the worker mid-way
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
        "LINE_API_BASE_URL": fake_line.base_url,
        "LINE_DATA_API_BASE_URL": fake_line.base_url,
        "WORKER_LEASE_SECONDS": "3",
    }

    def worker(*extra: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "worker", "--threads", "2", *extra],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    doomed = worker()
    try:
        assert fake_line.wait_for(lambda requests: sum(r.path == MULTICAST for r in requests) >= 10, timeout=60)
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
    sent_before = len(fake_line.sent(MULTICAST))
    assert 10 <= sent_before < SUBSCRIBERS // 500, "the kill must land mid fan-out"

    survivors = [worker("--until-idle"), worker("--until-idle")]
    for process in survivors:
        assert process.wait(timeout=180) == 0

    delivered = fake_line.delivered()
    assert len(delivered) == SUBSCRIBERS
    assert set(delivered.values()) == {1}
    retried = len(fake_line.sent(MULTICAST)) - len([r for r in fake_line.accepted if r.path == MULTICAST])
    print(f"\n{sent_before} batches before the kill, {retried} re-sent batch(es) answered 409 by LINE")
    assert service.get(announcement)["state"] == "sent"
    with database.session() as session:
        assert set(session.scalars(select(OutboxItem.state))) == {"sent"}
