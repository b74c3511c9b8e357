"""One contract, run against every publisher: what `publish` returns for
success, rate limiting, rejected credentials, a permanent failure, and a
server error followed by success. Each channel is faked at its boundary
(LINE: a local fake LINE API through the real SDK)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Protocol

import pytest

from publishers.base import OutgoingMessage, Publisher
from publishers.console import ConsolePublisher
from publishers.line import LineClient, LinePublisher
from tests.fake_line import FakeLineApi

MESSAGE = OutgoingMessage(announcement_id=7, title="ประกาศ", text="ดัชนี MPI เดือนตุลาคม 2569 อยู่ที่ 101.48")
RECIPIENTS = ["U0000000000000000000000000000001", "U0000000000000000000000000000002"]
CONDITIONS = ("success", "rate_limited", "auth_failure", "permanent_failure", "server_error_then_success")


class Harness(Protocol):
    publisher: Publisher
    supports: frozenset[str]

    def arrange(self, condition: str) -> None: ...

    def delivered(self) -> int: ...

    def close(self) -> None: ...


class LineHarness:
    supports = frozenset(CONDITIONS)

    def __init__(self) -> None:
        self.fake = FakeLineApi()
        self.publisher: Publisher = LinePublisher(LineClient("token", self.fake.base_url, max_attempts=1))

    def arrange(self, condition: str) -> None:
        path = "/v2/bot/message/multicast"
        if condition == "rate_limited":
            self.fake.script(path, (429, {"message": "The API rate limit has been exceeded"}, {"Retry-After": "7"}))
        elif condition == "auth_failure":
            self.fake.script(path, (401, {"message": "Authentication failed. Confirm that the access token is valid."}))
        elif condition == "permanent_failure":
            self.fake.script(path, (400, {"message": "The request body has 1 error(s)"}))
        elif condition == "server_error_then_success":
            self.fake.script(path, (500, {"message": "Internal server error"}))

    def delivered(self) -> int:
        return len([r for r in self.fake.accepted if r.path == "/v2/bot/message/multicast"])

    def close(self) -> None:
        self.fake.close()


class FlakyStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.failures = 0

    def write(self, text: str) -> int:
        if self.failures:
            self.failures -= 1
            raise BrokenPipeError("pipe closed")
        return super().write(text)


class ConsoleHarness:
    # The console has no rate limits, credentials or request validation to fail.
    supports = frozenset({"success", "server_error_then_success"})

    def __init__(self) -> None:
        self.stream = FlakyStream()
        self.publisher: Publisher = ConsolePublisher(self.stream)

    def arrange(self, condition: str) -> None:
        if condition == "server_error_then_success":
            self.stream.failures = 1

    def delivered(self) -> int:
        return self.stream.getvalue().count("=== announcement #7")

    def close(self) -> None:
        return None


@pytest.fixture(params=["line", "console"])
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    made: Harness = LineHarness() if request.param == "line" else ConsoleHarness()
    yield made
    made.close()


def needs(harness: Harness, condition: str) -> None:
    if condition not in harness.supports:
        pytest.skip(f"{harness.publisher.channel} has no '{condition}' case")
    harness.arrange(condition)


def test_success(harness: Harness) -> None:
    needs(harness, "success")
    result = harness.publisher.publish(MESSAGE, RECIPIENTS, "0d9f3a7e-1b2c-4d5e-8f90-a1b2c3d4e5f6")
    assert result.status == "sent"
    assert result.remote_ids
    assert harness.delivered() == 1


def test_rate_limited(harness: Harness) -> None:
    needs(harness, "rate_limited")
    result = harness.publisher.publish(MESSAGE, RECIPIENTS, "1d9f3a7e-1b2c-4d5e-8f90-a1b2c3d4e5f6")
    assert result.status == "failed"
    assert result.retryable
    assert result.retry_after == 7
    assert harness.delivered() == 0


def test_auth_failure(harness: Harness) -> None:
    needs(harness, "auth_failure")
    result = harness.publisher.publish(MESSAGE, RECIPIENTS, "2d9f3a7e-1b2c-4d5e-8f90-a1b2c3d4e5f6")
    assert result.status == "failed"
    assert not result.retryable
    assert result.error is not None
    assert "token" in result.error.lower()


def test_permanent_failure(harness: Harness) -> None:
    needs(harness, "permanent_failure")
    result = harness.publisher.publish(MESSAGE, RECIPIENTS, "3d9f3a7e-1b2c-4d5e-8f90-a1b2c3d4e5f6")
    assert result.status == "failed"
    assert not result.retryable
    assert harness.delivered() == 0


def test_server_error_then_success(harness: Harness) -> None:
    needs(harness, "server_error_then_success")
    key = "4d9f3a7e-1b2c-4d5e-8f90-a1b2c3d4e5f6"
    first = harness.publisher.publish(MESSAGE, RECIPIENTS, key)
    assert first.status == "failed"
    assert first.retryable
    second = harness.publisher.publish(MESSAGE, RECIPIENTS, key)
    assert second.status == "sent"
    assert harness.delivered() == 1


def test_text_is_fitted_to_the_channel(harness: Harness) -> None:
    publisher = harness.publisher
    long_text = "ก" * (publisher.max_text_length + 50)
    fitted = publisher.fit_text(long_text)
    assert len(fitted) == publisher.max_text_length
    assert fitted.endswith("…")
