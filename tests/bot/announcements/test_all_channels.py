"""One release announcement on every channel: LINE (fake LINE API), X and
Facebook (faked at the requests layer) and e-mail (a local SMTP server),
each exactly once, through a worker restarted mid-way."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import responses

from bot.announcements.drafting import import_releases
from bot.announcements.outbox import Outbox
from bot.announcements.policy import AnnouncementPolicy
from bot.announcements.subscriptions import SubscriberList
from bot.announcements.topics import ALL, Topic
from bot.announcements.worker import Worker
from bot.announcements.workflow import AnnouncementService
from bot.app import Services
from bot.config import Settings
from bot.data.db import Database
from publishers.console import ConsolePublisher
from tests.fakes.channels import FakeGraph, FakeX, every_channel
from tests.fakes.line_api import FakeLineApi
from tests.fakes.smtp import FakeSmtpServer
from tests.helpers import SAMPLE_DIR, Clock

SEND_AT = (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)
LINE_USERS = [f"U{n:032d}" for n in range(3)]
ADDRESSES = ["malee@example.org", "somchai@example.org"]


@pytest.fixture
def http_mock() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def channels(settings: Settings, fake_line: FakeLineApi, smtp: FakeSmtpServer, tmp_path: Path) -> Settings:
    return settings.with_overrides(
        **every_channel(fake_line.base_url, smtp.port),
        CHARTS_DIR=str(tmp_path / "charts"),
        PUBLIC_BASE_URL="https://bot.example",
    )


def release_scheduled(database: Database, channels: Settings) -> int:
    import_releases(database, [SAMPLE_DIR / "indicators.csv"], channels)
    _, (announcement,) = import_releases(database, [SAMPLE_DIR / "next-release.csv"], channels)
    for user in LINE_USERS:
        SubscriberList.line(database).subscribe(user, ALL)
    for address in ADDRESSES:
        SubscriberList.email(database).add(address, [Topic.parse("indicator:MPI")])
    service = AnnouncementService(database, AnnouncementPolicy.from_settings(channels))
    service.approve(announcement)
    service.schedule(announcement, SEND_AT)
    return announcement


def worker_for(database: Database, channels: Settings, clock: Clock) -> Worker:
    """A new worker process's worker, built as `python -m bot worker` builds it."""
    configured = channels.with_overrides(WORKER_LEASE_SECONDS=30, WORKER_POLL_SECONDS=0.01)
    services = Services(configured, database, clock=clock)
    services.publishers["console"] = ConsolePublisher(io.StringIO())
    return services.worker(threads=1)


def test_release_reaches_every_channel_exactly_once(
    database: Database,
    channels: Settings,
    fake_line: FakeLineApi,
    smtp: FakeSmtpServer,
    http_mock: responses.RequestsMock,
) -> None:
    fake_x, fake_graph = FakeX(http_mock), FakeGraph(http_mock)
    announcement = release_scheduled(database, channels)
    clock = Clock(SEND_AT)
    assert Outbox(database, clock=clock).enqueue_due() == 1

    first = worker_for(database, channels, clock)
    assert first.process_one("first/0")  # one channel done, then the worker is restarted
    second = worker_for(database, channels, clock)
    second.run(until_idle=True)
    again = worker_for(database, channels, clock)
    again.run(until_idle=True)  # nothing left: nothing sent twice

    assert sorted(fake_line.delivered()) == LINE_USERS
    assert set(fake_line.delivered().values()) == {1}
    posts = [post["text"] for post in fake_x.posts]
    assert len(posts) >= 2  # the release is longer than one post: a thread
    assert posts[0].startswith("📊 ดัชนีเศรษฐกิจอุตสาหกรรม เดือนตุลาคม 2569")
    assert fake_x.uploads == 1
    assert fake_x.posts[0]["media"]["media_ids"] == ["710511363345354753"]
    assert all("reply" in post for post in fake_x.posts[1:])
    assert len(fake_graph.posts) == 1
    assert fake_graph.posts[0]["url"].endswith("/photos")
    assert sorted(r for message in smtp.received for r in message.recipients) == ADDRESSES

    service = AnnouncementService(database, AnnouncementPolicy.from_settings(channels))
    item = service.get(announcement)
    assert item["state"] == "sent"
    assert {d["channel"]: d["state"] for d in item["deliveries"]} == {
        "email": "sent",
        "facebook": "sent",
        "line": "sent",
        "x": "sent",
    }
    x_delivery = next(d for d in item["deliveries"] if d["channel"] == "x")
    assert len(x_delivery["remote_ids"]) == len(posts)


def test_a_worker_dying_mid_post_leaves_x_unconfirmed_not_doubled(
    database: Database,
    channels: Settings,
    http_mock: responses.RequestsMock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", channels.DATABASE_URL)
    fake_x = FakeX(http_mock)
    FakeGraph(http_mock)
    x_only = channels.with_overrides(ANNOUNCEMENT_CHANNELS="x")
    announcement = release_scheduled(database, x_only)
    clock = Clock(SEND_AT)
    outbox = Outbox(database, lease_seconds=30, clock=clock)
    outbox.enqueue_due()
    (item,) = outbox.claim("doomed")
    publisher = Services(x_only, database).publishers["x"]
    assert publisher.publish(item.message, item.recipients, item.retry_key).ok  # posted, then the worker died
    posted = len(fake_x.posts)

    clock.now = SEND_AT + timedelta(seconds=31)
    worker_for(database, x_only, clock).run(until_idle=True)
    assert len(fake_x.posts) == posted  # not posted again
    service = AnnouncementService(database, AnnouncementPolicy.from_settings(x_only))
    (delivery,) = service.get(announcement)["deliveries"]
    assert delivery["state"] == "unconfirmed"

    from bot.cli import main

    assert main(["delivery", "mark-sent", str(announcement), "x", "--remote-id", "1800000000000000001"]) == 0
    assert "marked sent" in capsys.readouterr().out
    item_after = service.get(announcement)
    assert item_after["state"] == "sent"
    assert item_after["deliveries"][0]["state"] == "sent"


def test_a_thread_that_failed_half_way_continues_without_reposting(
    database: Database, channels: Settings, http_mock: responses.RequestsMock
) -> None:
    fake_x = FakeX(http_mock)
    x_only = channels.with_overrides(ANNOUNCEMENT_CHANNELS="x")
    announcement = release_scheduled(database, x_only)
    clock = Clock(SEND_AT)
    outbox = Outbox(database, clock=clock)
    outbox.enqueue_due()
    # The first post goes through, the second meets a server error.
    fake_x.fail_post_number = 2
    worker_for(database, x_only, clock).run(until_idle=True)
    assert len(fake_x.posts) == 1
    clock.now = SEND_AT + timedelta(hours=1)
    assert outbox.pending_count() == 1  # the failed post is due again
    worker_for(database, x_only, clock).run(until_idle=True)
    texts = [post["text"] for post in fake_x.posts]
    assert len(texts) >= 2
    assert len(texts) == len(set(texts))  # no post twice
    assert fake_x.posts[1]["reply"]["in_reply_to_tweet_id"] == "1800000000000000001"
    assert AnnouncementService(database, AnnouncementPolicy.from_settings(x_only)).get(announcement)["state"] == "sent"
