"""What staff see of the people who use the bot: viewers get pseudonyms and
masked text (questions, e-mail recipients of a delivery), administrators the
data itself."""

from __future__ import annotations

import re

from flask import Flask

from bot.app import services_of
from bot.data.models import Announcement, ConversationTurn, Delivery
from tests.bot.web.staff.conftest import SignedIn

ASKER = "U" + "d" * 32
QUESTION = "ขอเบอร์ 081-234-5678 ส่งไป somchai@example.org"


def test_viewers_see_pseudonyms_and_masked_questions_admins_see_who(console_app: Flask, signed_in: SignedIn) -> None:
    with services_of(console_app).database.session() as session:
        session.add(ConversationTurn(user_id=ASKER, question=QUESTION, intent="unknown", latency_ms=3))
    viewer = signed_in("viewer").get("/staff/insights").get_data(as_text=True)
    assert ASKER not in viewer
    assert "081-234-5678" not in viewer
    assert "somchai@example.org" not in viewer
    assert re.search(r"#[0-9a-f]{10}", viewer)  # a pseudonym: the same person is still recognisable
    admin = signed_in("admin").get("/staff/insights").get_data(as_text=True)
    assert ASKER in admin
    assert "081-234-5678" in admin


def test_e_mail_recipients_in_a_delivery_are_masked_for_viewers(console_app: Flask, signed_in: SignedIn) -> None:
    with services_of(console_app).database.session() as session:
        announcement = Announcement(
            kind="custom", title="t", text="t", audience="all", state="sent", channels=["email"]
        )
        session.add(announcement)
        session.flush()
        session.add(
            Delivery(
                announcement_id=announcement.id,
                channel="email",
                state="sent",
                remote_ids=["somchai@example.org", "malee@example.org"],
                recipients=2,
            )
        )
        number = announcement.id
    viewer = signed_in("viewer").get(f"/staff/announcements/{number}").get_data(as_text=True)
    assert "example.org" not in viewer
    admin = signed_in("admin").get(f"/staff/announcements/{number}").get_data(as_text=True)
    assert "somchai@example.org" in admin


def test_questions_asked_back_are_listed_to_teach_the_bot(console_app: Flask, signed_in: SignedIn) -> None:
    with services_of(console_app).database.session() as session:
        session.add(ConversationTurn(user_id=ASKER, question="ยอดขายรถยนต์ล่าสุด", intent="clarify", latency_ms=3))
    page = signed_in("viewer").get("/staff/insights").get_data(as_text=True)
    assert "ยอดขายรถยนต์ล่าสุด" in page
    assert "ถามกลับ 1 ครั้ง" in page
