"""A console with the sample data, one account per role, and signing in as a browser would."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Mapping

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.app import create_app, services_of
from bot.config import Settings
from bot.data.db import Database
from bot.ingest.importer import import_files
from bot.staff.accounts import StaffAccounts
from bot.staff.roles import ROLE_ORDER, Role
from tests.helpers import SAMPLE_DIR

PASSWORD = "correct horse battery staple"
TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')


def email_of(role: Role | str) -> str:
    return f"{Role(role).value}@oie.example"


@pytest.fixture
def console_app(settings: Settings, database: Database, tmp_path: object) -> Iterator[Flask]:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    accounts = StaffAccounts(database)
    for role in ROLE_ORDER:
        accounts.add(email_of(role), PASSWORD, role, by="test")
    accounts.add("second.approver@oie.example", PASSWORD, Role.APPROVER, by="test")
    app = create_app(settings.with_overrides(CHARTS_DIR=str(tmp_path)))
    app.config["TESTING"] = True
    yield app
    services_of(app).database.dispose()


def csrf_token(client: FlaskClient, path: str = "/staff/login") -> str:
    page = client.get(path).get_data(as_text=True)
    found = TOKEN.search(page)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> int:
    token = csrf_token(client)
    return client.post("/staff/login", data={"email": email, "password": password, "csrf_token": token}).status_code


SignedIn = Callable[[str], FlaskClient]


@pytest.fixture
def signed_in(console_app: Flask) -> SignedIn:
    """A client of its own, signed in as the account of that e-mail (or role)."""

    def make(who: str) -> FlaskClient:
        client = console_app.test_client()
        email = who if "@" in who else email_of(who)
        assert sign_in(client, email) == 302
        return client

    return make


def post(client: FlaskClient, path: str, data: Mapping[str, object] | None = None) -> int:
    """A form posted with the session's CSRF token, as the page would post it."""
    body = {"csrf_token": csrf_token(client, "/staff/"), **(data or {})}
    return client.post(path, data=body).status_code


def upload(client: FlaskClient, name: str, content: bytes) -> str:
    """Upload a release file as the import page does; returns where the preview is."""
    data = {"files": (io.BytesIO(content), name), "csrf_token": csrf_token(client, "/staff/")}
    response = client.post("/staff/imports", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    return str(response.headers["Location"])
