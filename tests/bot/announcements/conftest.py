"""Fixtures of the outbox tests: a clock the tests move, an outbox on it, a
worker against the fake LINE API and the console, an announcement service."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from bot.announcements.outbox import Outbox
from bot.announcements.policy import AnnouncementPolicy
from bot.announcements.rate_limit import RateLimiter
from bot.announcements.worker import Worker
from bot.announcements.workflow import AnnouncementService
from bot.config import Settings
from bot.data.db import Database
from publishers.console import ConsolePublisher
from publishers.line import LinePublisher
from publishers.line_client import LineClient
from tests.bot.announcements.fanout import SEND_AT
from tests.fakes.line_api import FakeLineApi
from tests.helpers import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock(SEND_AT - timedelta(hours=1))


@pytest.fixture
def outbox(database: Database, clock: Clock) -> Outbox:
    return Outbox(database, lease_seconds=30, clock=clock)


@pytest.fixture
def console() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def worker(outbox: Outbox, database: Database, fake_line: FakeLineApi, console: io.StringIO) -> Worker:
    publishers = {
        "line": LinePublisher(LineClient("token", fake_line.base_url, max_attempts=1)),
        "console": ConsolePublisher(console),
    }
    return Worker(outbox, publishers, RateLimiter(database), threads=1, poll_seconds=0.01)


@pytest.fixture
def service(database: Database, settings: Settings) -> AnnouncementService:
    policy = AnnouncementPolicy.from_settings(settings.with_overrides(ANNOUNCEMENT_REQUIRE_APPROVAL=False))
    return AnnouncementService(database, policy)
