"""LINE over a network that fails: timeouts, refused and reset connections
are retryable (the retry key makes a resend safe), and a resend of a request
LINE took before the failure is answered 409 and counted as delivered."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from publishers.base import OutgoingMessage
from publishers.line import LinePublisher
from publishers.line_client import LineClient
from tests.fakes.line_api import FakeLineApi

MESSAGE = OutgoingMessage(announcement_id=7, title="ประกาศ", text="ดัชนี MPI เดือนตุลาคม 2569 อยู่ที่ 101.48")
USERS = ["U0000000000000000000000000000001", "U0000000000000000000000000000002"]
KEY = "123e4567-e89b-12d3-a456-426614174000"
MULTICAST = "/v2/bot/message/multicast"


@pytest.fixture
def fake() -> Iterator[FakeLineApi]:
    fake = FakeLineApi()
    yield fake
    fake.close()


def publisher_for(fake: FakeLineApi, errors: list[int] | None = None) -> LinePublisher:
    observe = errors.append if errors is not None else (lambda status: None)
    return LinePublisher(LineClient("token", fake.base_url, max_attempts=1, read_timeout=0.3, on_error=observe))


def test_an_answer_slower_than_the_timeout_is_retried_and_delivered_once(fake: FakeLineApi) -> None:
    errors: list[int] = []
    publisher = publisher_for(fake, errors)
    fake.chaos = lambda request: "slow" if len(fake.faults) == 0 else None
    fake.slow_seconds = 1.0
    first = publisher.publish(MESSAGE, USERS, KEY)
    assert first.status == "failed"
    assert first.retryable
    assert "network error" in (first.error or "")
    assert errors == [0]
    second = publisher.publish(MESSAGE, USERS, KEY)  # the outbox's retry: same key
    assert second.ok
    assert len(fake.sent(MULTICAST)) == 2  # the second answered 409: LINE had it already
    assert len(fake.accepted) == 1
    assert fake.delivered() == dict.fromkeys(USERS, 1)


def test_refused_connections_are_retryable(fake: FakeLineApi) -> None:
    publisher = publisher_for(fake)
    fake.outage(0.5)
    refused = publisher.publish(MESSAGE, USERS, KEY)
    assert refused.status == "failed"
    assert refused.retryable
    time.sleep(0.8)
    assert publisher.publish(MESSAGE, USERS, KEY).ok
    assert fake.delivered() == dict.fromkeys(USERS, 1)


def test_a_reset_connection_is_retryable(fake: FakeLineApi) -> None:
    publisher = publisher_for(fake)
    fake.chaos = lambda request: "reset" if len(fake.faults) == 0 else None
    reset = publisher.publish(MESSAGE, USERS, KEY)
    assert reset.status == "failed"
    assert reset.retryable
    assert publisher.publish(MESSAGE, USERS, KEY).ok
    assert fake.delivered() == dict.fromkeys(USERS, 1)


def test_the_message_body_is_built_once_per_announcement(fake: FakeLineApi) -> None:
    publisher = publisher_for(fake)
    built: list[int] = []
    original = LinePublisher.messages

    def counting(message: OutgoingMessage) -> list:  # type: ignore[type-arg]
        built.append(message.announcement_id)
        return original(message)

    publisher.messages = counting  # type: ignore[method-assign]
    for number in range(5):
        assert publisher.publish(MESSAGE, USERS, f"{KEY[:-1]}{number}").ok
    assert built == [7]
    assert len(fake.sent(MULTICAST)) == 5
