"""Alerts by e-mail from the public site: double opt-in through a link sent
to the address, the alert e-mail of a release that crosses it (the figure,
the chart attached, a link to one's alerts), and removing alerts from that
link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.message import EmailMessage
from urllib.parse import unquote

import pytest
from flask import Flask

from bot import create_app
from bot.announcements.alerts import AlertBook
from bot.announcements.drafting import import_releases
from bot.app import services_of
from bot.config import Settings
from bot.data.db import Database
from bot.ingest.importer import import_files
from tests.fakes.smtp import FakeSmtpServer
from tests.helpers import SAMPLE_DIR

ADDRESS = "analyst@bank.example"


@pytest.fixture
def alerts_app(settings: Settings, database: Database, smtp: FakeSmtpServer) -> Iterator[Flask]:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    configured = settings.with_overrides(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=smtp.port,
        SMTP_STARTTLS=False,
        SMTP_FROM="news@oie.example",
        PUBLIC_BASE_URL="https://bot.example",
        WORKER_POLL_SECONDS=0.01,
    )
    app = create_app(configured)
    app.config["TESTING"] = True
    yield app
    services_of(app).database.dispose()


def link_in(message: EmailMessage, path: str) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    found = re.search(rf"https://bot\.example({re.escape(path)}\?\S+)", body.get_content())
    assert found is not None, body.get_content()
    return found.group(1)


def token_of(link: str) -> str:
    return unquote(link.split("token=", 1)[1].split("&", 1)[0])


def test_an_e_mail_alert_is_confirmed_sent_once_and_removed(
    alerts_app: Flask, database: Database, smtp: FakeSmtpServer
) -> None:
    client = alerts_app.test_client()
    page = client.get("/alerts?sector=29").get_data(as_text=True)
    assert '<option value="29" selected>' in page
    assert "ลดลงเกิน" in page
    form = {"indicator": "MPI", "sector": "29", "condition": "falls", "threshold": "5", "comparison": "mom"}
    refused = client.post("/alerts", data={**form, "threshold": "ห้า", "email": ADDRESS})
    assert refused.status_code == 400
    assert "โปรดใส่เกณฑ์เป็นตัวเลข" in refused.get_data(as_text=True)
    sent = client.post("/alerts", data={**form, "email": ADDRESS})
    assert sent.status_code == 200
    (confirmation,) = smtp.received
    assert "ลดลงเกิน 5% เทียบเดือนก่อน" in confirmation.message.get_content()
    book = AlertBook(database)
    assert book.list("email", ADDRESS) == []  # nothing kept before the owner answers
    link = link_in(confirmation.message, "/alerts/confirm")
    assert "ยืนยันการแจ้งเตือน" in client.get(link).get_data(as_text=True)
    assert book.list("email", ADDRESS) == []  # opening the link (a mail scanner) sets nothing
    done = client.post("/alerts/confirm", data={"token": token_of(link)})
    assert "ตั้งการแจ้งเตือนแล้ว" in done.get_data(as_text=True)
    (alert,) = book.list("email", ADDRESS)
    assert (alert.spec.measure, alert.spec.direction, str(alert.spec.threshold)) == ("change", "below", "-5.00")

    services = services_of(alerts_app)
    import_releases(database, [SAMPLE_DIR / "next-release.csv"], services.settings)
    services.worker(threads=1).run(until_idle=True)
    notices = [received for received in smtp.received if received.message["Subject"].startswith("แจ้งเตือนจาก สศอ.")]
    (notice,) = notices
    text = notice.message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "ตุลาคม 2569 อยู่ที่ 118.59 เปลี่ยนแปลง -5.93%" in text
    chart = next(part for part in notice.message.iter_attachments() if part.get_content_type() == "image/png")
    assert chart.get_content()[:8] == b"\x89PNG\r\n\x1a\n"

    manage = link_in(notice.message, "/alerts/manage")
    listing = client.get(manage).get_data(as_text=True)
    assert "สาขายานยนต์ รถพ่วงและรถกึ่งรถพ่วง ลดลงเกิน 5%" in listing
    client.post("/alerts/manage", data={"token": token_of(manage), "id": str(alert.id)})
    assert book.list("email", ADDRESS) == []
    assert "อีเมลนี้ไม่มีการแจ้งเตือน" in client.get(manage).get_data(as_text=True)
    assert client.get("/alerts/manage?token=forged").status_code == 400
