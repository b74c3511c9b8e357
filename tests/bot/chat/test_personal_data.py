"""Personal data as the PDPA asks of a government service: erasure reaches
every table, questions are anonymized after the retention period, a
retried answer is not a new question, staff see pseudonyms and masked text
unless they are administrators, a data-subject export, and the notice."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect, select, text

from bot.announcements.alerts import AlertBook, AlertSpec
from bot.announcements.outbox import Outbox
from bot.announcements.subscriptions import SubscriberList
from bot.announcements.topics import Topic
from bot.app import services_of
from bot.cli import main
from bot.data.db import Base, Database
from bot.data.models import ConversationTurn, LineUser, OutboxItem, utcnow
from bot.data.privacy import anonymize_conversations, mask_personal, pseudonym
from tests.fakes.line_events import USER, follow_event, text_event
from tests.helpers import deliver

OTHER = "U" + "b" * 32


def every_value(database: Database) -> str:
    """Every value of every row of every table the service has, as text."""
    dumped = []
    with database.engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
        assert {table.name for table in Base.metadata.sorted_tables} <= names
        for name in sorted(names):
            for row in connection.execute(text(f'SELECT * FROM "{name}"')):
                dumped.append(json.dumps([str(value) for value in row], ensure_ascii=False))
    return "\n".join(dumped)


def test_erasure_removes_the_user_from_every_table(
    line_app: Flask, line_client: FlaskClient, database: Database
) -> None:
    deliver(line_app, line_client, follow_event(), text_event("ติดตาม ยานยนต์"), text_event("MPI ยานยนต์ล่าสุด"))
    SubscriberList.line(database).subscribe(OTHER, Topic.parse("sector:29"))
    service = services_of(line_app).announcements
    number = service.create("ข่าวยานยนต์", audience="topics", topics=["sector:29"], channels=["line"])
    service.approve(number)
    service.schedule(number, utcnow() + timedelta(minutes=5))
    assert Outbox(database, clock=lambda: utcnow() + timedelta(minutes=10)).enqueue_due() == 1
    assert USER in every_value(database)  # in the users, questions, subscriptions, inbox and outbox

    deliver(line_app, line_client, text_event("ลบข้อมูลของฉัน"))

    assert USER not in every_value(database)
    with database.session() as session:
        (row,) = session.scalars(select(OutboxItem)).all()
        assert row.recipients == [OTHER]  # the others still get the announcement


def test_a_retried_answer_is_not_a_new_question(line_app: Flask, database: Database) -> None:
    chat = services_of(line_app).chat
    for _ in range(3):  # the same LINE message answered again after a failed reply
        chat.answer(USER, "MPI ล่าสุด", message_id="468789577898262530")
    with database.session() as session:
        turns = session.scalars(select(ConversationTurn)).all()
    assert len(turns) == 1
    assert not turns[0].reasked


def test_old_questions_are_anonymized_after_the_retention_period(database: Database) -> None:
    with database.session() as session:
        session.add_all(
            [
                ConversationTurn(
                    user_id=USER,
                    question="โทร 081-234-5678 หรือ me@example.org ขอ MPI ปี 2569",
                    intent="unknown",
                    latency_ms=5,
                    asked_at=utcnow() - timedelta(days=181),
                    message_id="m1",
                ),
                ConversationTurn(user_id=OTHER, question="MPI ล่าสุด", intent="value", latency_ms=5, message_id="m2"),
                LineUser(user_id="U" + "c" * 32, following=False, unfollowed_at=utcnow() - timedelta(days=200)),
            ]
        )
    assert anonymize_conversations(database, days=180) == 1
    with database.session() as session:
        old, new = session.scalars(select(ConversationTurn).order_by(ConversationTurn.id)).all()
        assert old.user_id is None
        assert old.message_id is None
        assert old.question == "โทร •••••••••••• หรือ •••@••• ขอ MPI ปี 2569"  # the year stays readable
        assert new.user_id == OTHER
        assert session.scalars(select(LineUser)).all() == []


def test_masking_and_pseudonyms() -> None:
    assert mask_personal("เลขบัตร 1 2345 67890 12 3") == "เลขบัตร " + "•" * 17
    assert mask_personal(f"from {USER}") == "from U•••"
    assert pseudonym(USER, "k") == pseudonym(USER, "k") != pseudonym(OTHER, "k")
    assert USER not in pseudonym(USER, "k")


def test_a_data_subject_request_exports_everything_held(
    line_app: Flask,
    line_client: FlaskClient,
    database: Database,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    deliver(line_app, line_client, follow_event(), text_event("ติดตาม ยานยนต์"), text_event("MPI ยานยนต์ล่าสุด"))
    AlertBook(database).add("line", USER, AlertSpec("CAPU", "TOTAL", "level", "above", Decimal("70.00")), "th")
    monkeypatch.setenv("DATABASE_URL", str(database.engine.url.render_as_string(hide_password=False)))
    assert main(["users", "export-data", USER]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["user_id"] == USER
    assert exported["account"]["following"] is True
    assert exported["subscriptions"] == ["sector:29"]
    assert [(alert["indicator"], alert["direction"], alert["threshold"]) for alert in exported["alerts"]] == [
        ("CAPU", "above", "70.00")
    ]
    assert [item["question"] for item in exported["questions"]] == ["ติดตาม ยานยนต์", "MPI ยานยนต์ล่าสุด"]
    assert main(["users", "erase", USER]) == 0
    assert USER not in every_value(database)


def test_the_privacy_notice_is_on_the_public_site(client: FlaskClient) -> None:
    thai = client.get("/privacy").get_data(as_text=True)
    assert "180 วัน" in thai
    assert "ลบข้อมูลของฉัน" in thai
    english = client.get("/privacy?lang=en").get_data(as_text=True)
    assert "180 days" in english
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)
