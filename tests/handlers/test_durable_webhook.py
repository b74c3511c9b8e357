"""The webhook only stores events; the pool answers them from the inbox:
big bodies, long ids, a database that is down, stale reply tokens, LINE
answering slowly or not at all."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text, update

from bot.chat.inbox import InboxState
from bot.data.db import Database
from bot.data.models import InboxEvent, utcnow
from handlers.dispatcher import EventDispatcher
from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_events import USER, payload, text_event, unfollow_event
from tests.helpers import deliver, event_pool, line_client_of, post_webhook

REPLY = "/v2/bot/message/reply"
PUSH = "/v2/bot/message/push"


def pool(app: Flask) -> EventDispatcher:
    dispatcher: EventDispatcher = event_pool(app)
    return dispatcher


def states(database: Database) -> dict[str, int]:
    with database.session() as session:
        return dict(session.execute(select(InboxEvent.state, func.count()).group_by(InboxEvent.state)).all())


def test_a_body_of_six_hundred_events_is_taken_whole(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    events = [unfollow_event(user=f"U{n:032x}") for n in range(598)]
    events += [text_event("MPI ล่าสุด"), text_event("CAPU ล่าสุด", user="U" + "c" * 32)]
    assert post_webhook(line_client, payload(*events)) == 200
    assert pool(line_app).wait_idle(60)
    assert states(database) == {InboxState.DONE: 600}
    assert len(fake_line.sent(REPLY)) == 2  # the two questions; unfollows get no answer


def test_a_long_webhook_event_id_is_answered(line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi) -> None:
    deliver(line_app, line_client, text_event("MPI ล่าสุด", event_id="01J" + "Z" * 200))
    assert len(fake_line.sent(REPLY)) == 1


def test_when_the_database_is_down_the_webhook_answers_503_and_sends_nothing(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("DROP TABLE inbox_events"))
    assert post_webhook(line_client, payload(text_event("MPI ล่าสุด"))) == 503  # LINE may redeliver
    assert fake_line.requests == []


def test_an_event_older_than_its_reply_token_is_pushed_to_its_chat(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    dispatcher = pool(line_app)
    dispatcher.stop()  # hold the pool while the event ages
    assert post_webhook(line_client, payload(text_event("MPI ล่าสุด"))) == 200
    with database.session() as session:
        session.execute(update(InboxEvent).values(received_at=utcnow() - timedelta(minutes=2)))
    assert dispatcher.process_one("test")
    assert fake_line.sent(REPLY) == []
    (push,) = fake_line.sent(PUSH)
    assert push.body["to"] == USER
    assert push.headers["x-line-retry-key"]


def test_a_reply_that_times_out_falls_back_to_a_push(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi
) -> None:
    line_client_of(line_app).timeout = (5.0, 0.3)
    fake_line.chaos = lambda request: "slow" if request.path == REPLY else None
    fake_line.slow_seconds = 1.0
    deliver(line_app, line_client, text_event("MPI ล่าสุด"))
    assert len(fake_line.sent(REPLY)) == 1
    assert len(fake_line.sent(PUSH)) == 1


def test_an_answer_that_fails_is_retried_from_the_inbox(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    """LINE down for the reply and every push retry: the event waits in the
    inbox and is answered on a later try, with the same retry key."""
    client = line_client_of(line_app)
    client.max_attempts = 1
    fake_line.script(REPLY, (500, {"message": "down"}))
    fake_line.script(PUSH, (500, {"message": "down"}))
    assert post_webhook(line_client, payload(text_event("MPI ล่าสุด"))) == 200
    assert fake_line.wait_for(lambda requests: any(r.path == PUSH for r in requests))
    with database.session() as session:  # skip the backoff
        session.execute(update(InboxEvent).values(next_attempt_at=utcnow()))
    assert pool(line_app).wait_idle(20)
    pushes = fake_line.sent(PUSH)
    assert [r.path for r in fake_line.accepted] in ([REPLY], [PUSH])
    assert len({push.headers["x-line-retry-key"] for push in pushes}) == 1
    assert states(database) == {InboxState.DONE: 1}
