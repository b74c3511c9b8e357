"""One contract, run against every publisher: what `publish` returns for
success, rate limiting, rejected credentials, a permanent failure, and a
server error followed by success. Each channel is faked at its boundary
(LINE: a local fake LINE API through the real SDK)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Protocol
from urllib.parse import parse_qsl

import pytest
import requests
import responses

from publishers.base import OutgoingMessage, Publisher
from publishers.console import ConsolePublisher
from publishers.email import EmailPublisher
from publishers.facebook import FacebookPublisher
from publishers.line import LinePublisher
from publishers.line_client import LineClient
from publishers.x import XPublisher
from tests.fakes.channels import FakeGraph, FakeX, rate_limit_reset_in
from tests.fakes.line_api import FakeLineApi
from tests.fakes.smtp import PASSWORD, USERNAME, FakeSmtpServer

MESSAGE = OutgoingMessage(announcement_id=7, title="ประกาศ", text="ดัชนี MPI เดือนตุลาคม 2569 อยู่ที่ 101.48")
RECIPIENTS = ["U0000000000000000000000000000001", "U0000000000000000000000000000002"]
CONDITIONS = (
    "success",
    "rate_limited",
    "auth_failure",
    "permanent_failure",
    "server_error_then_success",
    "timeout_after_send",
)


class Harness(Protocol):
    publisher: Publisher
    supports: frozenset[str]
    recipients: list[str] | None
    retry_after_given: bool

    def arrange(self, condition: str) -> None: ...

    def delivered(self) -> int: ...

    def close(self) -> None: ...


class LineHarness:
    # A timeout is safe to retry on LINE (retry keys), so it is a server error there, not "unconfirmed".
    supports = frozenset(CONDITIONS) - {"timeout_after_send"}
    recipients: list[str] | None = RECIPIENTS
    retry_after_given = True

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
    recipients: list[str] | None = None
    retry_after_given = False

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


class RequestsMockHarness:
    """X and Facebook are faked at the requests layer."""

    supports = frozenset(CONDITIONS)
    recipients: list[str] | None = None

    def __init__(self) -> None:
        self.mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        self.mock.start()

    def close(self) -> None:
        self.mock.stop()
        self.mock.reset()


class XHarness(RequestsMockHarness):
    retry_after_given = True

    def __init__(self) -> None:
        super().__init__()
        self.fake = FakeX(self.mock)
        self.publisher: Publisher = XPublisher("ck", "cs", "at", "as")

    def arrange(self, condition: str) -> None:
        failures = {
            "rate_limited": (429, {"title": "Too Many Requests"}, rate_limit_reset_in(7)),
            "auth_failure": (401, {"title": "Unauthorized", "detail": "Unauthorized"}, {}),
            "permanent_failure": (
                403,
                {"detail": "You are not allowed to create a Tweet with duplicate content.", "title": "Forbidden"},
                {},
            ),
            "server_error_then_success": (503, {"title": "Service Unavailable"}, {}),
        }
        if condition in failures:
            self.fake.failures.append(failures[condition])
        elif condition == "timeout_after_send":
            self.fake.failures.append(requests.ReadTimeout("read timed out"))

    def delivered(self) -> int:
        return len(self.fake.posts)


class FacebookHarness(RequestsMockHarness):
    retry_after_given = False

    def __init__(self) -> None:
        super().__init__()
        self.fake = FakeGraph(self.mock)
        self.publisher: Publisher = FacebookPublisher("123456789", "page-token")

    def arrange(self, condition: str) -> None:
        failures = {
            "rate_limited": (400, {"message": "(#32) Page request limit reached", "code": 32, "fbtrace_id": "A1"}),
            "auth_failure": (400, {"message": "Error validating access token", "type": "OAuthException", "code": 190}),
            "permanent_failure": (400, {"message": "(#100) Invalid parameter", "code": 100}),
            "server_error_then_success": (500, {"message": "An unknown error occurred", "code": 1}),
        }
        if condition in failures:
            self.fake.failures.append(failures[condition])
        elif condition == "timeout_after_send":
            self.fake.failures.append(requests.ReadTimeout("read timed out"))

    def delivered(self) -> int:
        return len(self.fake.posts)


class EmailHarness:
    supports = frozenset(CONDITIONS)
    retry_after_given = False

    def __init__(self) -> None:
        self.recipients: list[str] | None = ["somchai@example.org", "malee@example.org"]
        self.server = FakeSmtpServer(require_auth=True)
        self.password = PASSWORD
        self.publisher: Publisher = self._publisher()

    def _publisher(self) -> EmailPublisher:
        return EmailPublisher(
            "127.0.0.1",
            self.server.port,
            "news@oie.example",
            unsubscribe_link=lambda address: f"https://bot.example/unsubscribe?token={address}",
            username=USERNAME,
            password=self.password,
            starttls=False,
            timeout=1.0,
        )

    def arrange(self, condition: str) -> None:
        if condition == "rate_limited":
            self.server.behaviour.data_replies.append("451 4.7.1 Try again later")
        elif condition == "auth_failure":
            self.password = "wrong"
            self.publisher = self._publisher()
        elif condition == "permanent_failure":
            self.server.behaviour.data_replies.append("554 5.7.1 Message rejected")
        elif condition == "server_error_then_success":
            self.server.behaviour.data_replies.append("454 4.7.0 Temporary failure")
        elif condition == "timeout_after_send":
            self.server.behaviour.stall_seconds = 2.0

    def delivered(self) -> int:
        # One message per recipient: a delivery is the whole batch.
        return len(self.server.received) // len(self.recipients or [1])

    def close(self) -> None:
        self.server.close()


HARNESSES: dict[str, Callable[[], Harness]] = {
    "line": LineHarness,
    "console": ConsoleHarness,
    "x": XHarness,
    "facebook": FacebookHarness,
    "email": EmailHarness,
}


@pytest.fixture(params=list(HARNESSES))
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    made: Harness = HARNESSES[request.param]()
    yield made
    made.close()


def needs(harness: Harness, condition: str) -> None:
    if condition not in harness.supports:
        pytest.skip(f"{harness.publisher.channel} has no '{condition}' case")
    harness.arrange(condition)


def test_success(harness: Harness) -> None:
    needs(harness, "success")
    result = harness.publisher.publish(MESSAGE, harness.recipients, "0d9f3a7e-1b2c-4d5e-8f90-a1b2c3d4e5f6")
    assert result.status == "sent"
    assert result.remote_ids
    assert harness.delivered() == 1


def test_rate_limited(harness: Harness) -> None:
    needs(harness, "rate_limited")
    result = harness.publisher.publish(MESSAGE, harness.recipients, "1d9f3a7e-1b2c-4d5e-8f90-a1b2c3d4e5f6")
    assert result.status == "failed"
    assert result.retryable
    if harness.retry_after_given:
        assert result.retry_after is not None
        assert 5 <= result.retry_after <= 8  # the channel's own wait, not a guess
    assert harness.delivered() == 0


def test_auth_failure(harness: Harness) -> None:
    needs(harness, "auth_failure")
    result = harness.publisher.publish(MESSAGE, harness.recipients, "2d9f3a7e-1b2c-4d5e-8f90-a1b2c3d4e5f6")
    assert result.status == "failed"
    assert not result.retryable
    assert result.error is not None
    assert any(word in result.error.lower() for word in ("token", "credentials", "password", "login"))


def test_permanent_failure(harness: Harness) -> None:
    needs(harness, "permanent_failure")
    result = harness.publisher.publish(MESSAGE, harness.recipients, "3d9f3a7e-1b2c-4d5e-8f90-a1b2c3d4e5f6")
    assert result.status == "failed"
    assert not result.retryable
    assert harness.delivered() == 0


def test_server_error_then_success(harness: Harness) -> None:
    needs(harness, "server_error_then_success")
    key = "4d9f3a7e-1b2c-4d5e-8f90-a1b2c3d4e5f6"
    first = harness.publisher.publish(MESSAGE, harness.recipients, key)
    assert first.status == "failed"
    assert first.retryable
    second = harness.publisher.publish(MESSAGE, harness.recipients, key, first.remote_ids)
    assert second.status == "sent"
    assert harness.delivered() == 1


def test_timeout_after_send_is_unconfirmed(harness: Harness) -> None:
    """The request went out and no answer came: never retried automatically."""
    needs(harness, "timeout_after_send")
    result = harness.publisher.publish(MESSAGE, harness.recipients, "5d9f3a7e-1b2c-4d5e-8f90-a1b2c3d4e5f6")
    assert result.status == "unconfirmed"
    assert not result.retryable


def test_text_is_fitted_to_the_channel(harness: Harness) -> None:
    publisher = harness.publisher
    long_text = "ก" * (publisher.max_text_length + 50)
    fitted = publisher.fit_text(long_text)
    assert len(fitted) == publisher.max_text_length
    assert fitted.endswith("…")


def test_x_and_graph_requests_are_what_the_apis_expect() -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake_x, fake_graph = FakeX(mock), FakeGraph(mock)
        message = OutgoingMessage(9, "t", "ดัชนี MPI 101.48", link_url="https://oie.example/r")
        assert XPublisher("ck", "cs", "at", "as").publish(message, None, "k").ok
        assert FacebookPublisher("123456789", "page-token").publish(message, None, "k").ok
        tweet = next(call.request for call in mock.calls if call.request.url == "https://api.twitter.com/2/tweets")
        assert str(tweet.headers["Authorization"]).startswith("OAuth ")  # user context, OAuth 1.0a
        assert fake_x.posts == [{"text": "ดัชนี MPI 101.48\nhttps://oie.example/r"}]
        graph = next(call.request for call in mock.calls if "graph.facebook.com" in str(call.request.url))
        assert graph.url == "https://graph.facebook.com/v21.0/123456789/feed"  # the token is not in the URL
        body = dict(parse_qsl(str(graph.body)))
        assert body == {"message": "ดัชนี MPI 101.48", "link": "https://oie.example/r", "access_token": "page-token"}
        assert len(fake_graph.posts) == 1
