"""Headless Debian Chromium driven by Playwright, against the service served
in this process (so the X and Facebook fakes at the requests layer apply),
with a worker and the scheduler's enqueue job running beside it.

Screenshots of each page, at phone and desktop width, go to `test-artifacts/`
(or $TEST_ARTIFACTS)."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import responses
from flask import Flask
from werkzeug.serving import make_server

from bot.announcements.outbox import Outbox
from bot.app import Services, create_app, services_of
from bot.config import Settings
from bot.data.db import Database
from bot.ingest.importer import import_files
from bot.staff.accounts import StaffAccounts
from bot.staff.roles import Role
from tests.fakes.channels import FakeGraph, FakeX, every_channel
from tests.fakes.line_api import FakeLineApi
from tests.fakes.smtp import FakeSmtpServer
from tests.helpers import PROJECT_ROOT, SAMPLE_DIR, event_pool
from tests.processes import free_port

PASSWORD = "correct horse battery staple"
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", PROJECT_ROOT / "test-artifacts"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WIDTHS = {"phone": 390, "desktop": 1280}


def installed(program: str) -> str:
    """The path of a Debian program a test runs: on CI (where .ci/run installs
    it) its absence fails the test, elsewhere it skips it."""
    found = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{program} is not installed (.ci/run installs it)")
        pytest.skip(f"no {program} here: apt-get install {program}")
    return found


def chromium_path() -> str:
    return installed("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@dataclass
class LiveService:
    app: Flask
    base_url: str
    services: Services
    fake_line: FakeLineApi
    smtp: FakeSmtpServer
    fake_x: FakeX
    fake_graph: FakeGraph


@pytest.fixture
def live(settings: Settings, database: Database, tmp_path: Path) -> Iterator[LiveService]:
    fake_line, smtp = FakeLineApi(), FakeSmtpServer()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    configured = settings.with_overrides(
        **every_channel(fake_line.base_url, smtp.port),
        ANNOUNCEMENT_CHANNELS="line,x,facebook,email,console",
        CHARTS_DIR=str(tmp_path / "charts"),
        PUBLIC_BASE_URL=base_url,
        LINE_BASIC_ID="@oiebot",
        SEND_NOW_DELAY_SECONDS=3,  # the window to stop "send now", short enough to wait out here
    )
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    accounts = StaffAccounts(database)
    for role in (Role.EDITOR, Role.APPROVER, Role.ADMIN):
        accounts.add(f"{role.value}@oie.example", PASSWORD, role, by="test")
    app = create_app(configured)
    services: Services = services_of(app)
    from bot.announcements.subscriptions import SubscriberList
    from bot.announcements.topics import ALL, Topic

    for number in range(3):
        SubscriberList.line(database).subscribe(f"U{number:032d}", ALL)
    SubscriberList.email(database).add("malee@example.org", [Topic.parse("indicator:MPI")])
    server = make_server("127.0.0.1", port, app, threaded=True)
    stop = threading.Event()
    worker = services.worker(threads=1)
    worker.poll_seconds = 0.2

    def enqueue() -> None:
        outbox = Outbox(services.database)
        while not stop.wait(0.5):
            outbox.enqueue_due()

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_passthru(base_url)
        fake_x, fake_graph = FakeX(mock), FakeGraph(mock)
        threads = [
            threading.Thread(target=server.serve_forever, daemon=True),
            threading.Thread(target=worker.run, daemon=True),
            threading.Thread(target=enqueue, daemon=True),
        ]
        for thread in threads:
            thread.start()
        try:
            yield LiveService(app, base_url, services, fake_line, smtp, fake_x, fake_graph)
        finally:
            stop.set()
            worker.stop()
            server.shutdown()
            for thread in threads:
                thread.join(10)
            event_pool(app).shutdown()
            services.database.dispose()
            fake_line.close()
            smtp.close()


def shoot(page: Any, name: str) -> list[Path]:
    """Screenshots of the page at phone and desktop width."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    saved = []
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        path = ARTIFACTS / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        saved.append(path)
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    return saved


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the page as it is."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:3])
        for violation in found
        if violation["impact"] in ("serious", "critical")
    ]
