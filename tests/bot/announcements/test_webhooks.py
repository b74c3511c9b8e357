"""Partner webhooks end to end: a local HTTPS receiver verifies every
request with the `standardwebhooks` package (as a partner would), through
an outage of the receiver and a worker that dies between sending and
recording; each event is received exactly once (de-duplicated by its
webhook-id, which stays the same on every retry)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.announcements.drafting import import_releases
from bot.announcements.webhook_outbox import WebhookSender
from bot.announcements.webhooks import ANNOUNCEMENT_SENT, DATA_REVISED, EVENTS, RELEASE_PUBLISHED, WebhookError
from bot.app import Services
from bot.config import Settings
from bot.data.db import Database, as_utc
from bot.data.models import Announcement, AuditEntry, WebhookEndpoint, WebhookMessage
from bot.staff.accounts import StaffAccounts
from bot.staff.roles import Role
from publishers.console import ConsolePublisher
from tests.fakes.webhook_receiver import Received, partner_receiver
from tests.helpers import SAMPLE_DIR, Clock


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[tuple[str, Path, Received]]:
    with partner_receiver(tmp_path) as found:
        yield found


@pytest.fixture
def partner_services(settings: Settings, database: Database, receiver: tuple[str, Path, Received]) -> Services:
    _, ca_file, _ = receiver
    configured = settings.with_overrides(
        FETCH_ALLOWED_HOSTS="localhost",
        FETCH_CA_BUNDLE=str(ca_file),
        ANNOUNCEMENT_REQUIRE_APPROVAL=False,
        ANNOUNCEMENT_CHANNELS="console",
        WORKER_POLL_SECONDS=0.01,
    )
    # A minute ahead: what was owed just now is due.
    services = Services(configured, database, clock=Clock(datetime.now(UTC) + timedelta(minutes=1)))
    services.publishers["console"] = ConsolePublisher(io.StringIO())
    return services


def clock_of(services: Services) -> Clock:
    clock = services.clock
    assert isinstance(clock, Clock)
    return clock


def messages(database: Database) -> list[WebhookMessage]:
    with database.session() as session:
        return list(session.scalars(select(WebhookMessage).order_by(WebhookMessage.id)))


def test_each_event_reaches_the_partner_once_through_an_outage(
    partner_services: Services, receiver: tuple[str, Path, Received]
) -> None:
    url, _, received = receiver
    services, database, clock = partner_services, partner_services.database, clock_of(partner_services)
    import_releases(database, [SAMPLE_DIR / "indicators.csv"], services.settings)  # history: tells nobody
    endpoint_id, received.secret = services.webhooks.register(url, EVENTS, "ministry data hub", by="admin@oie.example")

    # The next release: published (new months) and revised (earlier months' values changed).
    summaries, (drafted,) = import_releases(database, [SAMPLE_DIR / "next-release.csv"], services.settings)
    assert summaries[0].total("new") > 0
    assert summaries[0].total("revised") + summaries[0].total("finalized") > 0
    # Its announcement goes out on the console channel; settling it owes announcement.sent.
    with database.session() as session:
        announcement = session.get(Announcement, drafted)
        assert announcement is not None
        assert announcement.scheduled_at is not None
        clock.now = as_utc(announcement.scheduled_at)
    services.outbox.enqueue_due()
    worker = services.worker(threads=1)
    worker.run(until_idle=True)  # the receiver is down: each event is tried once and waits
    owed = {message.event_type for message in messages(database)}
    assert owed == {RELEASE_PUBLISHED, DATA_REVISED, ANNOUNCEMENT_SENT}
    assert all(message.state == "failed" for message in messages(database))
    tried_while_down = list(received.requests)
    assert len(tried_while_down) == 3

    clock.now += timedelta(hours=6)  # still down: tried again, with the same ids
    worker.run(until_idle=True)
    assert received.requests[3:] == tried_while_down

    # Back up. A worker sends one, then dies before recording it: after its
    # lease the message is sent again, with the same id, and dropped as a repeat.
    received.up = True
    clock.now += timedelta(hours=6)
    sender = services.webhook_sender
    claimed = sender.claim("dies")
    assert claimed is not None
    assert sender.send(claimed) == (204, None)
    clock.now += timedelta(minutes=5)
    worker.run(until_idle=True)

    stored = messages(database)
    assert all(message.state == "sent" for message in stored)
    assert received.refused_signatures == 0
    assert received.processed == {message.message_id: message.event_type for message in stored}
    assert received.requests.count(claimed.message_id) == 4  # twice refused, once lost, once recorded
    with database.session() as session:
        endpoint = session.get(WebhookEndpoint, endpoint_id)
        assert endpoint is not None
        assert endpoint.failing_since is None
    published = next(message for message in stored if message.event_type == RELEASE_PUBLISHED)
    assert published.payload["data"]["months"] == ["2026-10"]
    assert published.payload["data"]["links"]["releases"] == ["http://testserver/releases/2026-10"]


class Notices:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send_notice(self, recipient: str, subject: str, text: str, image: bytes | None = None) -> None:
        self.sent.append((recipient, subject, text))


def test_an_endpoint_failing_for_days_is_disabled_and_admins_are_told(
    partner_services: Services, receiver: tuple[str, Path, Received]
) -> None:
    url, _, received = receiver
    services, database, clock = partner_services, partner_services.database, clock_of(partner_services)
    StaffAccounts(database).add("admin@oie.example", "correct horse battery staple", Role.ADMIN, by="test")
    endpoint_id, received.secret = services.webhooks.register(url, [RELEASE_PUBLISHED], "", by="admin@oie.example")
    services.webhooks.send_test(endpoint_id, by="admin@oie.example")
    notices = Notices()
    sender = WebhookSender(services.webhooks, services.webhooks.policy, notices, clock=clock)
    started = clock.now
    while clock.now - started < timedelta(days=6) and sender.process_one("w"):
        clock.now += timedelta(hours=12)
    (message,) = messages(database)
    assert message.state == "abandoned"
    with database.session() as session:
        endpoint = session.get(WebhookEndpoint, endpoint_id)
        assert endpoint is not None
        assert not endpoint.enabled
        assert "5 days" in (endpoint.disabled_reason or "")
        audit = session.scalars(select(AuditEntry.action).where(AuditEntry.target == f"webhook:{endpoint_id}"))
        assert "webhook_disable" in list(audit)
    assert [(to, subject) for to, subject, _ in notices.sent] == [("admin@oie.example", "Partner webhook disabled")]
    assert url in notices.sent[0][2]

    # Enabled again once the partner is back: what it missed is sent after all.
    received.up = True
    services.webhooks.enable(endpoint_id, by="admin@oie.example")
    assert sender.process_one("w")
    (message,) = messages(database)
    assert message.state == "sent"
    assert list(received.processed.values()) == ["webhook.test"]


def test_registration_takes_only_public_https_addresses(partner_services: Services) -> None:
    webhooks = partner_services.webhooks
    for url in ("http://partner.example/hook", "https://10.1.2.3/hook", "https://127.0.0.1/hook", "ftp://x/y"):
        with pytest.raises(WebhookError):
            webhooks.register(url, EVENTS, "", by="admin")
    with pytest.raises(WebhookError, match="at least one event"):
        webhooks.register("https://localhost/hook", ["release.deleted"], "", by="admin")
    endpoint_id, secret = webhooks.register("https://localhost/hook", [DATA_REVISED], "", by="admin")
    assert secret.startswith("whsec_")
    with partner_services.database.session() as session:
        stored = session.get(WebhookEndpoint, endpoint_id)
        assert stored is not None
        assert secret not in stored.secret_encrypted  # encrypted at rest
        assert webhooks.secret_of(stored) == secret


def test_a_receiver_answering_410_is_disabled_at_once(
    partner_services: Services, receiver: tuple[str, Path, Received]
) -> None:
    url, _, received = receiver
    services = partner_services
    endpoint_id, received.secret = services.webhooks.register(url, EVENTS, "", by="admin")
    services.webhooks.send_test(endpoint_id, by="admin")
    claimed = services.webhook_sender.claim("w")
    assert claimed is not None
    services.webhook_sender.record(claimed, "w", 410, "the endpoint answered HTTP 410")
    (view,) = services.webhooks.endpoints()
    assert not view.enabled
    assert "410" in (view.disabled_reason or "")
    body = json.loads(claimed.body)
    assert body["type"] == "webhook.test"
