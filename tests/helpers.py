"""Helpers shared by tests (fixtures live in conftest.py): where the project and its sample
data are, database snapshots, sample-data readers, and posting LINE webhook events."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import func, select

from bot.announcements.worker import Worker
from bot.app import Services, services_of
from bot.config import Settings
from bot.data.db import Database
from bot.data.models import OBSERVATION_COLUMNS, ImportRecord, Observation, ObservationRevision
from bot.web.staff.access import MENU
from handlers.dispatcher import EventDispatcher
from nlp.thaidate import YearMonth
from publishers.console import ConsolePublisher
from publishers.line_client import LineClient
from tests.fakes.line_events import payload, signature
from tests.fakes.line_schema import line_spec

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"


class NetworkAccessError(RuntimeError):
    """A test tried to reach a host other than loopback (see conftest's guard)."""


Snapshot = tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]


def snapshot(database: Database) -> Snapshot:
    """Everything an import can change, for "the database is unchanged" checks."""
    with database.session() as session:
        observations = session.execute(select(*OBSERVATION_COLUMNS, Observation.dataset).order_by(Observation.id)).all()
        revisions = session.execute(
            select(ObservationRevision.observation_id, ObservationRevision.old_value, ObservationRevision.new_value)
        ).all()
        imports = session.execute(select(ImportRecord.id, ImportRecord.sha256)).all()
    return [tuple(r) for r in observations], [tuple(r) for r in revisions], [tuple(r) for r in imports]


def read_sample_csv(name: str) -> dict[tuple[str, str, YearMonth], tuple[Decimal, bool]]:
    """The CSV read with the csv module alone, independent of the importer."""
    rows = {}
    with (SAMPLE_DIR / name).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["indicator"], row["tsic"], YearMonth(int(row["year"]) - 543, int(row["month"])))
            rows[key] = (Decimal(row["value"]), row["preliminary"] == "1")
    return rows


class Clock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def production_settings(settings: Settings, charts: Path, **overrides: Any) -> Settings:
    """The test settings as production would have them (the checks it makes pass)."""
    return settings.with_overrides(
        APP_ENV="production",
        LINE_CHANNEL_SECRET="s",
        LINE_CHANNEL_ACCESS_TOKEN="t",
        PUBLIC_BASE_URL="https://bot.example",
        SECRET_KEY="a-long-random-production-secret-for-tests-only",
        CHARTS_DIR=str(charts),
        **overrides,
    )


def post_webhook(client: FlaskClient, body: bytes, sign: bool = True, **headers: str) -> int:
    """POST a body to /callback, signed with the channel secret unless told not to."""
    if sign:
        headers.setdefault("X-Line-Signature", signature(body))
    return client.post("/callback", data=body, headers=headers, content_type="application/json").status_code


def event_pool(app: Flask) -> EventDispatcher:
    """The pool answering LINE events in the web process of a LINE-configured app."""
    pool = services_of(app).web_event_pool
    assert pool is not None, "this app leaves LINE events to a worker"
    return pool


def line_client_of(app: Flask) -> LineClient:
    client = services_of(app).line_client
    assert client is not None, "LINE is not configured for this app"
    return client


def deliver(app: Flask, client: FlaskClient, *events: dict[str, object]) -> None:
    """Post signed events, valid by LINE's webhook specification, to
    /callback and wait until they are handled."""
    body = payload(*events)
    assert line_spec("webhook.yml").schema_errors("CallbackRequest", json.loads(body)) == []
    assert post_webhook(client, body) == 200
    assert event_pool(app).wait_idle(20)


# Every page of the console, for the tests that visit them all (accessibility, Thai wording);
# {batch} and {announcement} are ids the test has made (databases number rows their own way).
CONSOLE_PAGES = (
    "/staff/",
    "/staff/imports",
    "/staff/imports/{batch}",
    "/staff/observations",
    "/staff/announcements",
    "/staff/announcements/calendar",
    "/staff/announcements/new",
    "/staff/announcements/{announcement}",
    "/staff/announcements/{announcement}/edit",
    "/staff/release-dates",
    "/staff/simulator",
    "/staff/insights",
    "/staff/understanding",
    "/staff/understanding/teach",
    "/staff/users",
    "/staff/audit",
    "/staff/account",
)


def console_pages(app: Flask, batch: int, announcement: int) -> list[str]:
    """The console's pages to walk: those listed above, their parameters filled in, and
    every page of the console's menu, so a new page is walked without being listed."""
    listed = [path.format(batch=batch, announcement=announcement) for path in CONSOLE_PAGES]
    with app.test_request_context():
        in_the_menu = [url_for(item.endpoint) for item in MENU]
    return listed + [path for path in in_the_menu if path not in listed]


def first_import(database: Database) -> int:
    with database.session() as session:
        found = session.scalar(select(func.min(ImportRecord.id)))
    assert found is not None, "nothing has been imported"
    return int(found)


def console_worker(settings: Settings, database: Database, printed: io.StringIO, clock: Clock | None = None) -> Worker:
    """A worker process's worker, built through the composition root as `python -m bot worker`
    builds it, with what the console channel "sends" written into `printed`."""
    services = Services(settings, database, clock=clock) if clock is not None else Services(settings, database)
    services.publishers["console"] = ConsolePublisher(printed)
    return services.worker(threads=1)
