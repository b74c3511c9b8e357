"""Alerts from the chat, end to end: a condition written in words is said
back with a button, the button sets it, and an import that crosses it sends
the user one LINE message with the figure and a chart; an alert the release
does not cross sends nothing, and importing the same release again sends
nothing more."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.announcements.alerts import AlertBook
from bot.announcements.drafting import import_releases
from bot.announcements.subscriptions import SubscriberList
from bot.announcements.topics import parse_topics
from bot.app import services_of
from bot.data.db import Database
from bot.data.models import AlertNotice
from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_events import USER, postback_event, text_event, unfollow_event
from tests.helpers import SAMPLE_DIR, deliver

REPLY = "/v2/bot/message/reply"
PUSH = "/v2/bot/message/push"
OTHER_USER = "U9bf4980629ba4d8b2b1e1a3cf2b8a7c9"


def last_reply(fake_line: FakeLineApi) -> dict[str, Any]:
    message: dict[str, Any] = fake_line.sent(REPLY)[-1].body["messages"][-1]
    return message


def button(message: dict[str, Any], label: str) -> dict[str, Any]:
    items = message["quickReply"]["items"]
    return next(item["action"] for item in items if item["action"]["label"] == label)


def set_alert_by_chat(line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, text: str, user: str) -> str:
    """Ask in words, then tap the confirming button; what the bot said back first."""
    deliver(line_app, line_client, text_event(text, user=user))
    asked = last_reply(fake_line)
    deliver(line_app, line_client, postback_event(button(asked, "ตั้งแจ้งเตือน")["data"], user=user))
    done = str(last_reply(fake_line)["text"])
    assert done.startswith(("ตั้งการแจ้งเตือนแล้ว", "Alert set", "คุณตั้งการแจ้งเตือนนี้ไว้แล้ว")), done
    return str(asked["text"])


def test_an_alert_set_by_chat_sends_one_message_when_a_release_crosses_it(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    services = services_of(line_app)
    # The auto MPI of Oct 2026 (sample next release): 118.59, down 5.9% on September, up 13.8% on a year before.
    said = set_alert_by_chat(line_app, line_client, fake_line, "แจ้งเตือนเมื่อ MPI ยานยนต์ลดลงเกิน 5% เทียบเดือนก่อน", USER)
    assert said.startswith("ตั้งการแจ้งเตือนเมื่อดัชนีผลผลิตอุตสาหกรรม สาขายานยนต์ รถพ่วงและรถกึ่งรถพ่วง ลดลงเกิน 5% เทียบเดือนก่อน")
    set_alert_by_chat(line_app, line_client, fake_line, "แจ้งเตือนเมื่อ MPI ยานยนต์ลดลงเกิน 5% เทียบปีก่อน", OTHER_USER)
    deliver(line_app, line_client, text_event("alert me when capacity utilization goes above 70%", user=OTHER_USER))
    deliver(
        line_app, line_client, postback_event(button(last_reply(fake_line), "Set the alert")["data"], user=OTHER_USER)
    )
    assert [len(services.alerts.list("line", user)) for user in (USER, OTHER_USER)] == [1, 2]

    import_releases(database, [SAMPLE_DIR / "next-release.csv"], services.settings)
    services.worker(threads=1).run(until_idle=True)
    (push,) = fake_line.sent(PUSH)
    assert push.body["to"] == USER
    text = push.texts()[0]
    assert text.startswith("แจ้งเตือน: ดัชนีผลผลิตอุตสาหกรรม สาขายานยนต์ รถพ่วงและรถกึ่งรถพ่วง ลดลงเกิน 5% เทียบเดือนก่อน\n")
    assert "ตุลาคม 2569 อยู่ที่ 118.59 เปลี่ยนแปลง -5.93% เมื่อเทียบกับกันยายน 2569 (126.07)" in text
    assert "http://testserver/releases/2026-10" in text
    image = next(message for message in push.body["messages"] if message["type"] == "image")
    assert image["originalContentUrl"].startswith("http://testserver/charts/")
    assert push.headers.get("x-line-retry-key")

    # The same release imported again owes nothing more; the worker sends nothing.
    import_releases(database, [SAMPLE_DIR / "next-release.csv"], services.settings)
    services.worker(threads=1).run(until_idle=True)
    assert len(fake_line.sent(PUSH)) == 1
    with database.session() as session:
        assert [notice.state for notice in session.scalars(select(AlertNotice))] == ["sent"]


def test_alerts_are_listed_and_removed_in_the_chat_and_go_with_the_user(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    set_alert_by_chat(line_app, line_client, fake_line, "แจ้งเตือนถ้าอัตราการใช้กำลังการผลิตต่ำกว่า 60", USER)
    set_alert_by_chat(line_app, line_client, fake_line, "เตือนด้วยถ้า MPI อาหาร ขยายตัวเกิน 10% เทียบปีก่อน", USER)
    book = AlertBook(database)
    assert len(book.list("line", USER)) == 2

    deliver(line_app, line_client, text_event("การแจ้งเตือนของฉัน"))
    listing = last_reply(fake_line)
    assert "1. อัตราการใช้กำลังการผลิต ต่ำกว่า 60" in listing["text"]
    assert "2. ดัชนีผลผลิตอุตสาหกรรม สาขาผลิตภัณฑ์อาหาร เพิ่มขึ้นเกิน 10% เทียบเดือนเดียวกันของปีก่อน" in listing["text"]
    deliver(line_app, line_client, postback_event(button(listing, "ลบข้อ 1")["data"]))
    assert "ลบการแจ้งเตือนแล้ว" in fake_line.sent(REPLY)[-1].texts()[0]
    (left,) = book.list("line", USER)
    assert left.spec.sector == "10"

    # Asking again for the same alert keeps one; leaving the chat removes them.
    set_alert_by_chat(line_app, line_client, fake_line, "เตือนด้วยถ้า MPI อาหาร ขยายตัวเกิน 10% เทียบปีก่อน", USER)
    assert len(book.list("line", USER)) == 1
    deliver(line_app, line_client, unfollow_event())
    assert book.list("line", USER) == []


def test_removing_alerts_when_there_are_none_offers_to_stop_the_news(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    subscribers = SubscriberList.line(database)
    deliver(line_app, line_client, text_event("ติดตาม MPI"))
    assert list(subscribers.recipients(parse_topics(["all", "indicator:MPI"]))) == [USER]
    deliver(line_app, line_client, text_event("ยกเลิกแจ้งเตือนทั้งหมด"))
    answer = last_reply(fake_line)
    assert answer["text"].startswith("คุณยังไม่มีการแจ้งเตือน ถ้าหมายถึงข่าวรายเดือน")
    deliver(line_app, line_client, postback_event(button(answer, "ยกเลิกทั้งหมด")["data"]))
    assert list(subscribers.recipients(parse_topics(["all", "indicator:MPI"]))) == []


def test_a_question_with_a_number_is_not_an_alert(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi
) -> None:
    deliver(line_app, line_client, text_event("บอกหน่อย MPI ลดลงเกิน 5% ไหม"))
    assert "ตั้งแจ้งเตือน" not in str(last_reply(fake_line))


def test_a_notice_is_retried_with_the_same_retry_key_and_given_up_for_a_user_lost(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    services = services_of(line_app)
    set_alert_by_chat(line_app, line_client, fake_line, "แจ้งเตือนเมื่อ MPI ยานยนต์ลดลงเกิน 5% เทียบเดือนก่อน", USER)
    set_alert_by_chat(line_app, line_client, fake_line, "แจ้งเตือนเมื่อ MPI ยานยนต์ลดลงเกิน 5% เทียบเดือนก่อน", OTHER_USER)
    # LINE is down through every try of the first push; the other user has blocked the account.
    fake_line.script(PUSH, *[(500, {"message": "down"})] * 4, (400, {"message": "Failed to send messages"}))
    import_releases(database, [SAMPLE_DIR / "next-release.csv"], services.settings)
    services.worker(threads=1).run(until_idle=True)
    with database.session() as session:
        states = [
            (notice.state, notice.attempts) for notice in session.scalars(select(AlertNotice).order_by(AlertNotice.id))
        ]
        assert states == [("failed", 1), ("abandoned", 1)]
        waiting = session.scalars(select(AlertNotice).order_by(AlertNotice.id)).first()
        assert waiting is not None
        waiting.next_attempt_at = waiting.created_at  # its backoff has passed
    services.worker(threads=1).run(until_idle=True)
    pushes = fake_line.sent(PUSH)
    assert len(pushes) == 6
    assert {push.headers["x-line-retry-key"] for push in pushes if push.body["to"] == USER} == {
        pushes[0].headers["x-line-retry-key"]
    }
    with database.session() as session:
        assert [notice.state for notice in session.scalars(select(AlertNotice).order_by(AlertNotice.id))] == [
            "sent",
            "abandoned",
        ]
