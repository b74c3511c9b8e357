"""Conversations as people have them, through the real SDK against the fake
LINE API: follow-up questions with their context, groups and rooms, joins,
standby mode and unsent messages."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from bot.data.db import Database
from bot.data.models import ChatContext, ConversationTurn, InboxEvent, utcnow
from handlers.dispatcher import EventDispatcher
from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_events import (
    GROUP,
    ROOM,
    STICKER,
    USER,
    in_group,
    in_room,
    in_standby,
    join_event,
    mentioning_bot,
    message_event,
    payload,
    text_event,
    unsend_event,
)
from tests.helpers import deliver, event_pool, post_webhook

REPLY = "/v2/bot/message/reply"
PUSH = "/v2/bot/message/push"
OTHER_USER = "U" + "b" * 32


def turns(database: Database) -> list[tuple[str | None, str, str | None, str | None, str | None]]:
    with database.session() as session:
        rows = session.scalars(select(ConversationTurn).order_by(ConversationTurn.id)).all()
        return [(row.user_id, row.intent, row.indicator, row.sector, row.period) for row in rows]


def test_follow_ups_complete_each_users_own_last_question(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    for user, text in [
        (USER, "MPI ยานยนต์ล่าสุด"),
        (OTHER_USER, "กำลังการผลิตอาหาร ก.ค. 69"),
        (USER, "แล้วเดือนก่อนล่ะ"),
        (OTHER_USER, "แล้วยานยนต์ล่ะ"),
        (USER, "CAPU ด้วย"),
        (OTHER_USER, "เทียบปีก่อนล่ะ"),
    ]:
        deliver(line_app, line_client, text_event(text, user=user))
    assert turns(database) == [
        (USER, "value", "MPI", "29", "2026-09"),
        (OTHER_USER, "value", "CAPU", "10", "2026-07"),
        (USER, "value", "MPI", "29", "2026-08"),
        (OTHER_USER, "value", "CAPU", "29", "2026-07"),
        (USER, "value", "MPI", "29", "2026-08"),  # "CAPU ด้วย": CAPU as well as the MPI
        (OTHER_USER, "change", "CAPU", "29", "2026-07"),
    ]
    replies = fake_line.sent(REPLY)
    assert len(replies) == 6
    both = " ".join(replies[4].texts())
    assert "ดัชนีผลผลิตอุตสาหกรรม (MPI)" in both
    assert "อัตราการใช้กำลังการผลิต" in both
    # The context holds a frame, never the message text.
    with database.session() as session:
        stored = [str(row.frame) for row in session.scalars(select(ChatContext))]
    assert stored
    assert all("ยานยนต์" not in frame and "แล้ว" not in frame for frame in stored)


def test_two_sectors_stay_together_through_the_stored_context(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    deliver(line_app, line_client, text_event("ยานยนต์ เทียบ อาหาร ล่าสุด"), text_event("เดือนก่อนล่ะ"))
    assert turns(database) == [(USER, "change", "MPI", "29", "2026-09"), (USER, "change", "MPI", "29", "2026-08")]
    earlier = " ".join(fake_line.sent(REPLY)[1].texts())
    assert "(TSIC 29) เดือนสิงหาคม 2569" in earlier
    assert "(TSIC 10) เดือนสิงหาคม 2569" in earlier


def test_a_follow_up_after_the_idle_time_starts_afresh(
    line_app: Flask, line_client: FlaskClient, database: Database
) -> None:
    deliver(line_app, line_client, text_event("MPI ยานยนต์ล่าสุด"))
    with database.session() as session:
        session.execute(update(ChatContext).values(updated_at=utcnow() - timedelta(minutes=11)))
    deliver(line_app, line_client, text_event("แล้วเดือนก่อนล่ะ"))
    assert turns(database)[-1] == (USER, "value", "MPI", "TOTAL", "2026-08")


def test_deleting_my_data_deletes_the_context(line_app: Flask, line_client: FlaskClient, database: Database) -> None:
    deliver(line_app, line_client, text_event("MPI ยานยนต์ล่าสุด"), text_event("ลบข้อมูลของฉัน"))
    with database.session() as session:
        assert session.scalars(select(ChatContext)).all() == []


def test_in_a_group_the_bot_answers_only_when_asked(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    deliver(
        line_app,
        line_client,
        in_group(text_event("เย็นนี้กินอะไรดี")),
        in_group(text_event("MPI ล่าสุดเท่าไหร่นะ")),  # members talking about it, not asking the bot
        in_group(message_event(STICKER)),
    )
    assert fake_line.requests == []
    assert turns(database) == []  # chatter is not stored
    deliver(line_app, line_client, in_group(mentioning_bot(text_event("MPI ล่าสุด"))))
    deliver(line_app, line_client, in_room(text_event("สศอ กำลังการผลิตล่าสุด")))
    replies = fake_line.sent(REPLY)
    assert len(replies) == 2
    assert "ดัชนีผลผลิตอุตสาหกรรม" in " ".join(replies[0].texts())
    assert "อัตราการใช้กำลังการผลิต" in " ".join(replies[1].texts())
    assert [turn[1:3] for turn in turns(database)] == [("value", "MPI"), ("value", "CAPU")]


def test_a_group_question_gets_no_context_of_the_members_private_chat(
    line_app: Flask, line_client: FlaskClient, database: Database
) -> None:
    deliver(line_app, line_client, text_event("MPI ยานยนต์ล่าสุด"))
    deliver(line_app, line_client, in_group(text_event("สศอ แล้วเดือนก่อนล่ะ")))
    assert turns(database)[-1][3] == "TOTAL"


def test_joining_a_group_greets_it_with_how_to_ask(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi
) -> None:
    deliver(line_app, line_client, join_event())
    (reply,) = fake_line.sent(REPLY)
    text = " ".join(reply.texts())
    assert "สศอ" in text
    assert "mention" in text


def test_a_late_answer_in_a_group_is_pushed_to_the_group_not_the_member(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    dispatcher: EventDispatcher = event_pool(line_app)
    dispatcher.stop()
    for event in (in_group(mentioning_bot(text_event("MPI ล่าสุด"))), in_room(text_event("oie latest MPI"))):
        assert post_webhook(line_client, payload(event)) == 200
    with database.session() as session:
        session.execute(update(InboxEvent).values(received_at=utcnow() - timedelta(minutes=2)))
    assert dispatcher.process_one("test")
    assert dispatcher.process_one("test")
    assert fake_line.sent(REPLY) == []
    assert sorted(push.body["to"] for push in fake_line.sent(PUSH)) == sorted([GROUP, ROOM])


def test_standby_mode_sends_nothing_at_all(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    deliver(
        line_app,
        line_client,
        in_standby(text_event("MPI ล่าสุด")),
        in_standby(join_event()),
        in_standby(message_event(STICKER)),
    )
    assert fake_line.requests == []
    assert turns(database) == []


def test_an_unsent_message_leaves_the_conversation_log(
    line_app: Flask, line_client: FlaskClient, database: Database
) -> None:
    deliver(line_app, line_client, text_event("MPI ยานยนต์ล่าสุด", message_id="5550001"), text_event("CAPU ล่าสุด"))
    deliver(line_app, line_client, unsend_event("5550001"))
    with database.session() as session:
        questions = session.scalars(select(ConversationTurn.question).order_by(ConversationTurn.id)).all()
    assert questions == ["", "CAPU ล่าสุด"]
