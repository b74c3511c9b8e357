"""The inbox of webhook events: each event stored once whatever its id,
answered in order per chat, taken over when its process dies, retried
after a failure until an answer would come too late."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from bot.chat.inbox import ANSWER_WITHIN, Inbox, InboxState
from bot.data.db import Database
from bot.data.models import InboxEvent, utcnow
from tests.fakes.line_events import text_event, unfollow_event


def stored(database: Database) -> list[InboxEvent]:
    with database.session() as session:
        return list(session.scalars(select(InboxEvent).order_by(InboxEvent.id)))


def test_each_event_is_stored_once_whatever_the_length_of_its_id(database: Database) -> None:
    inbox = Inbox(database)
    long_id = "01" + "X" * 300  # LINE's ids are 26 characters today; nothing breaks if they grow
    events = [text_event("MPI", event_id=long_id), text_event("CAPU")]
    inbox.accept(events)
    inbox.accept(events)  # a redelivery, or the same body at a second web process
    rows = stored(database)
    assert len(rows) == 2
    assert all(len(row.event_key) == 64 for row in rows)
    assert rows[0].payload is not None
    assert rows[0].payload["webhookEventId"] == long_id


def test_a_body_of_six_hundred_events_is_stored_in_one_go(database: Database) -> None:
    inbox = Inbox(database)
    inbox.accept([unfollow_event(user=f"U{n:032x}") for n in range(600)] + [text_event("MPI")] * 1500)
    assert len(stored(database)) == 601  # the repeated event once
    assert inbox.waiting() == 601


def test_events_of_one_chat_are_answered_in_order_others_in_parallel(database: Database) -> None:
    inbox = Inbox(database)
    first, second = text_event("first"), text_event("second")
    other = text_event("someone else", user="U" + "b" * 32)
    inbox.accept([first, second, other])
    claimed = inbox.claim("worker-a", limit=10)
    assert [event.payload["message"]["text"] for event in claimed] == ["first", "someone else"]
    assert inbox.claim("worker-b", limit=10) == []  # "second" waits for "first"
    inbox.done(claimed[0], "worker-a")
    (next_one,) = inbox.claim("worker-b", limit=10)
    assert next_one.payload["message"]["text"] == "second"


def test_an_event_held_by_a_dead_process_is_taken_over_after_its_lease(database: Database) -> None:
    inbox = Inbox(database, lease_seconds=30)
    inbox.accept([text_event("MPI")])
    (held,) = inbox.claim("dead-process")
    assert inbox.claim("survivor") == []
    with database.session() as session:
        session.execute(update(InboxEvent).values(claimed_until=utcnow() - timedelta(seconds=1)))
    (taken,) = inbox.claim("survivor")
    assert taken.id == held.id
    assert taken.attempts == 2
    inbox.done(held, "dead-process")  # the dead process's late word changes nothing
    assert inbox.waiting() == 1
    inbox.done(taken, "survivor")
    assert inbox.waiting() == 0
    (row,) = stored(database)
    assert row.state == InboxState.DONE
    assert row.payload is None  # the message text is not kept once answered
    assert row.claimed_by == "survivor"


def test_a_failed_answer_is_retried_later_then_given_up_when_too_late(database: Database) -> None:
    inbox = Inbox(database)
    inbox.accept([text_event("MPI")])
    (event,) = inbox.claim("w")
    inbox.failed(event, "w", "LineApiError")
    assert inbox.claim("w") == []  # backing off
    (row,) = stored(database)
    assert row.state == InboxState.PENDING
    assert row.last_error == "LineApiError"
    with database.session() as session:
        session.execute(
            update(InboxEvent).values(
                next_attempt_at=utcnow(), received_at=utcnow() - ANSWER_WITHIN - timedelta(seconds=1)
            )
        )
    (again,) = inbox.claim("w")
    inbox.failed(again, "w", "LineApiError")
    (row,) = stored(database)
    assert row.state == InboxState.FAILED
    assert row.payload is None
    assert inbox.waiting() == 0


def test_old_answered_events_are_forgotten(database: Database) -> None:
    inbox = Inbox(database)
    inbox.accept([text_event("old"), text_event("new")])
    for event in inbox.claim("w", limit=2):
        inbox.done(event, "w")
    with database.session() as session:
        session.execute(update(InboxEvent).where(InboxEvent.id == 1).values(received_at=utcnow() - timedelta(days=15)))
    assert inbox.purge() == 1
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(InboxEvent)) == 1
