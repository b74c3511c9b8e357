"""Fixtures of the outbox tests, built as the worker process builds them: one
`Services` (the composition root) with LINE on the fake LINE API, the console
channel captured, approval off and a clock the tests move; the outbox, the
worker and the announcement service are that root's own. A test takes them
together as `harness`, or one by one."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.announcements.outbox import Outbox
from bot.announcements.worker import Worker
from bot.announcements.workflow import AnnouncementService
from bot.app import Services
from bot.config import Settings
from bot.data.db import Database
from publishers.console import ConsolePublisher
from tests.bot.announcements.fanout import SEND_AT
from tests.fakes.line_api import FakeLineApi
from tests.helpers import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock(SEND_AT - timedelta(hours=1))


@pytest.fixture
def console() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def services(
    settings: Settings, database: Database, fake_line: FakeLineApi, clock: Clock, console: io.StringIO
) -> Services:
    configured = settings.with_overrides(
        LINE_CHANNEL_SECRET="secret",
        LINE_CHANNEL_ACCESS_TOKEN="token",
        LINE_API_BASE_URL=fake_line.base_url,
        ANNOUNCEMENT_REQUIRE_APPROVAL=False,
        WORKER_LEASE_SECONDS=30,
        WORKER_POLL_SECONDS=0.01,
    )
    services = Services(configured, database, clock=clock)
    services.publishers["console"] = ConsolePublisher(console)  # what the console "sends", kept for the test
    return services


@pytest.fixture
def outbox(services: Services) -> Outbox:
    return services.outbox


@pytest.fixture
def worker(services: Services) -> Worker:
    return services.worker(threads=1)


@pytest.fixture
def service(services: Services) -> AnnouncementService:
    return services.announcements


@dataclass(frozen=True)
class Harness:
    """What an outbox test works with, all from one composition root."""

    services: Services
    worker: Worker
    clock: Clock
    fake_line: FakeLineApi
    console: io.StringIO

    @property
    def database(self) -> Database:
        return self.services.database

    @property
    def outbox(self) -> Outbox:
        return self.services.outbox

    @property
    def service(self) -> AnnouncementService:
        return self.services.announcements


@pytest.fixture
def harness(services: Services, worker: Worker, clock: Clock, fake_line: FakeLineApi, console: io.StringIO) -> Harness:
    return Harness(services, worker, clock, fake_line, console)
