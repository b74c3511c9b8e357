"""The console's partner page: an admin registers an endpoint (the signing
secret shown once), sends a test event through the outbox to a receiver
that verifies it, and reads the delivery log; refusals are explained."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot import create_app
from bot.app import services_of
from bot.config import Settings
from bot.data.db import Database
from bot.staff.accounts import StaffAccounts
from bot.staff.roles import Role
from tests.bot.web.staff.conftest import PASSWORD, csrf_token, sign_in
from tests.fakes.webhook_receiver import Received, partner_receiver


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[tuple[str, Path, Received]]:
    with partner_receiver(tmp_path) as found:
        yield found


@pytest.fixture
def admin(settings: Settings, database: Database, receiver: tuple[str, Path, Received]) -> Iterator[FlaskClient]:
    StaffAccounts(database).add("admin@oie.example", PASSWORD, Role.ADMIN, by="test")
    app: Flask = create_app(settings.with_overrides(FETCH_ALLOWED_HOSTS="localhost", FETCH_CA_BUNDLE=str(receiver[1])))
    app.config["TESTING"] = True
    client = app.test_client()
    assert sign_in(client, "admin@oie.example") == 302
    yield client
    services_of(app).database.dispose()


def test_an_admin_adds_an_endpoint_and_sends_it_a_test_event(
    admin: FlaskClient, receiver: tuple[str, Path, Received]
) -> None:
    url, _, received = receiver
    form = {
        "csrf_token": csrf_token(admin, "/staff/partners"),
        "url": url,
        "description": "Ministry data hub",
        "events": ["release.published", "data.revised"],
    }
    page = admin.post("/staff/partners", data=form).get_data(as_text=True)
    secret = re.search(r"whsec_[A-Za-z0-9+/=]+", page)
    assert secret is not None
    received.secret, received.up = secret.group(0), True
    assert "Ministry data hub" in page
    assert admin.get("/staff/partners").get_data(as_text=True).count("whsec_") == 0  # shown once

    token = csrf_token(admin, "/staff/partners")
    response = admin.post("/staff/partners/1", data={"csrf_token": token, "action": "test"})
    assert response.status_code == 302
    services = services_of(admin.application)
    services.worker(threads=1).run(until_idle=True)
    assert list(received.processed.values()) == ["webhook.test"]
    assert received.refused_signatures == 0
    log = admin.get("/staff/partners/1").get_data(as_text=True)
    assert "webhook.test" in log
    assert "HTTP 204" in log


def test_a_private_address_is_refused_with_the_reason(admin: FlaskClient) -> None:
    form = {
        "csrf_token": csrf_token(admin, "/staff/partners"),
        "url": "https://10.0.0.8/hook",
        "events": "data.revised",
    }
    page = admin.post("/staff/partners", data=form, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "ไม่ได้เพิ่มปลายทาง: ที่อยู่นี้ไม่ใช่ที่อยู่อินเทอร์เน็ตสาธารณะ" in text
    assert "/staff/partners/1" not in text  # nothing registered
