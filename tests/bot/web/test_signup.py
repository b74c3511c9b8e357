"""Signing up for releases by e-mail from the public site: double opt-in
through a link sent to the address, nothing stored before it is opened, an
expiring and unforgeable link, limits per client and per address."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import unquote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot import create_app
from bot.announcements.signup import SignupTokens
from bot.announcements.subscriptions import SubscriberList
from bot.announcements.topics import ALL, Topic
from bot.app import services_of
from bot.config import Settings
from bot.data.db import Database
from tests.fakes.smtp import FakeSmtpServer


@pytest.fixture
def signup_app(settings: Settings, database: Database, smtp: FakeSmtpServer) -> Iterator[Flask]:
    configured = settings.with_overrides(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=smtp.port,
        SMTP_STARTTLS=False,
        SMTP_FROM="news@oie.example",
        PUBLIC_BASE_URL="https://bot.example",
        SIGNUP_RATE_LIMIT="5 per hour",
    )
    app = create_app(configured)
    app.config["TESTING"] = True
    yield app
    services_of(app).database.dispose()


def subscribed(database: Database) -> list[tuple[str, str]]:
    return [(address, str(topic)) for address, topic in SubscriberList.email(database).entries()]


def confirmation_link(smtp: FakeSmtpServer) -> str:
    body = smtp.received[-1].message.get_content()
    found = re.search(r"https://bot\.example(/subscribe/confirm\?\S+)", body)
    assert found is not None, body
    return found.group(1)


def test_an_address_is_subscribed_only_once_its_owner_confirms(
    signup_app: Flask, database: Database, smtp: FakeSmtpServer
) -> None:
    client = signup_app.test_client()
    form = client.get("/subscribe").get_data(as_text=True)
    assert 'name="email"' in form
    assert "ส่งลิงก์ยืนยันให้ฉัน" in form
    sent = client.post("/subscribe", data={"email": " Malee@Example.ORG ", "topic": ["sector:29", "indicator:CAPU"]})
    assert sent.status_code == 200
    assert "malee@example.org" in sent.get_data(as_text=True)
    (received,) = smtp.received
    assert received.recipients == ["malee@example.org"]
    assert received.message["Subject"] == "ยืนยันอีเมลเพื่อรับดัชนีเศรษฐกิจอุตสาหกรรม สศอ."
    assert "ยานยนต์" in received.message.get_content()
    assert subscribed(database) == []  # nothing kept before the owner answers
    link = confirmation_link(smtp)
    page = client.get(link)  # a mail scanner following the link subscribes nobody
    assert page.status_code == 200
    assert subscribed(database) == []
    token = unquote(link.split("token=", 1)[1].split("&", 1)[0])
    assert "malee" not in base64.urlsafe_b64decode(token + "==").decode("latin-1")  # the link does not show whose it is
    done = client.post("/subscribe/confirm", data={"token": token})
    assert "สมัครรับเรียบร้อยแล้ว" in done.get_data(as_text=True)
    assert subscribed(database) == [("malee@example.org", "indicator:CAPU"), ("malee@example.org", "sector:29")]
    client.post("/subscribe/confirm", data={"token": token})  # twice changes nothing
    assert len(subscribed(database)) == 2


def test_english_readers_get_english_mail_and_pages(signup_app: Flask, smtp: FakeSmtpServer) -> None:
    client = signup_app.test_client()
    client.post("/subscribe?lang=en", data={"email": "john@example.com", "topic": "all"})
    message = smtp.received[-1].message
    assert message["Subject"] == "Confirm your e-mail for OIE industrial indicators"
    assert "every release" in message.get_content()
    link = confirmation_link(smtp)
    assert "lang=en" in link
    assert "Confirm your sign-up" in client.get(link).get_data(as_text=True)


def test_wrong_addresses_forged_and_old_links_are_refused(
    signup_app: Flask, database: Database, smtp: FakeSmtpServer
) -> None:
    client = signup_app.test_client()
    wrong = client.post("/subscribe", data={"email": "not an address", "topic": "all"})
    assert wrong.status_code == 400
    assert "ที่อยู่นี้ไม่ใช่อีเมล" in wrong.get_data(as_text=True)
    assert client.post("/subscribe", data={"email": "a@example.org", "topic": "sector:99"}).status_code == 400
    assert smtp.received == []
    secret = services_of(signup_app).settings.SECRET_KEY.get_secret_value()
    forged = SignupTokens("another secret").make("a@example.org", [ALL])
    assert client.post("/subscribe/confirm", data={"token": forged}).status_code == 400
    old = SignupTokens(secret, lifetime=timedelta(seconds=-1))
    assert old.read(SignupTokens(secret).make("a@example.org", [Topic.parse("sector:10")])) is None
    assert client.get("/subscribe/confirm?token=garbage").status_code == 400
    assert subscribed(database) == []


def test_sending_is_limited_per_client_and_per_address(signup_app: Flask, smtp: FakeSmtpServer) -> None:
    client = signup_app.test_client()
    statuses = [client.post("/subscribe", data={"email": "same@example.org"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]  # three confirmations a day to one address
    others = [client.post("/subscribe", data={"email": f"u{n}@example.org"}).status_code for n in range(2)]
    assert others == [200, 429]  # five sign-ups an hour from one client (this test's setting), refused ones counted
    assert len(smtp.received) == 4
    assert client.get("/subscribe").status_code == 200  # reading the form is never limited


def test_without_an_smtp_server_the_form_says_so(client: FlaskClient) -> None:
    page = client.get("/subscribe").get_data(as_text=True)
    assert "ยังไม่เปิดรับสมัครทางอีเมล" in page
    assert 'name="email"' not in page
    assert client.post("/subscribe", data={"email": "a@example.org"}).status_code == 503
