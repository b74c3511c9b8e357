"""A local fake of the LINE Messaging API: a threaded HTTP server that
records every request and answers as LINE does, or as a test scripts it.

It also fails the way networks and LINE fail, for fault-injection tests:
`chaos` picks a fault per request (a 500, a 429, a connection reset before
LINE took the request, an answer slower than the client's read timeout
after LINE took it), and `outage(seconds)` refuses connections for a while.

Every request is checked against LINE's published OpenAPI document
(`line_schema`): one LINE would refuse is answered 400 like LINE and kept in
`invalid`, and `close()` fails the test that sent it."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes.line_rich_menus import FakeRichMenus
from tests.fakes.line_schema import line_spec


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    at: float = 0.0  # time.monotonic() on arrival

    def texts(self) -> list[str]:
        """Every text in the request's messages, Flex alt texts included."""
        found: list[str] = []
        for message in (self.body or {}).get("messages", []):
            if message.get("type") == "text":
                found.append(message["text"])
            elif message.get("type") == "flex":
                found.append(message["altText"])
        return found


@dataclass(frozen=True)
class ScriptedResponse:
    status: int
    body: Any
    headers: dict[str, str]


SENT = {"sentMessages": [{"id": "461230966842064897", "quoteToken": "IStG5h1Tz7b"}]}
# Faults `chaos` may choose for a request.
FAULTS = ("500", "429", "reset", "slow")
Chaos = Callable[[RecordedRequest], str | None]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (its timeout) closes the connection: not worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeLineApi:
    def __init__(self, validate: bool = True) -> None:
        self.requests: list[RecordedRequest] = []
        self.spec = line_spec() if validate else None
        self.invalid: list[tuple[RecordedRequest, list[str]]] = []  # requests LINE would refuse, and why
        self.rich_menus = FakeRichMenus()
        self._scripts: dict[str, deque[ScriptedResponse]] = defaultdict(deque)
        self._condition = threading.Condition()
        self.quota = 1_000_000
        self.consumption = 0
        # Like LINE: a retry key seen before gets 409 and is not delivered again.
        self.accepted_keys: set[str] = set()
        self.delay_seconds = 0.0
        # Requests per second allowed on multicast (None: unlimited), like LINE's 200/s.
        self.multicast_per_second: float | None = None
        self._window: deque[float] = deque()
        self.rejected_for_rate = 0
        self.accepted: list[RecordedRequest] = []  # requests answered 2xx
        # Per request, a fault from FAULTS or None; "slow" answers after `slow_seconds`, having taken the request.
        self.chaos: Chaos | None = None
        self.slow_seconds = 2.0
        self.faults: list[str] = []
        self.conflicts = 0  # requests answered 409: a retry of one LINE had taken
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as LINE's API: clients reuse connections
            disable_nagle_algorithm = True  # headers and body leave at once, not 40 ms apart

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                return

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if len(raw) < length:
                    # The client went away mid-request (a worker killed while sending):
                    # LINE never sees an incomplete request, so neither is it recorded here.
                    self.close_connection = True
                    return
                headers = {k.lower(): v for k, v in self.headers.items()}
                body: Any = raw or None
                if raw and headers.get("content-type", "").startswith("application/json"):
                    try:
                        body = json.loads(raw)
                    except ValueError:
                        body = raw.decode("utf-8", "replace")
                path = self.path.split("?")[0]
                request = RecordedRequest(self.command, path, headers, body, time.monotonic())
                response = fake._respond(request)
                if response is None:  # a connection reset: no answer at all
                    self.close_connection = True
                    return
                payload = json.dumps(response.body).encode()
                self.send_response(response.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _handle  # noqa: N815

        self._handler = Handler
        self.port = 0
        self._serve()

    def _serve(self) -> None:
        self.server = _QuietServer(("127.0.0.1", self.port), self._handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def outage(self, seconds: float) -> None:
        """Refuse connections for `seconds` (the listening socket is closed), then serve again."""
        self.server.shutdown()
        self.server.server_close()

        def come_back() -> None:
            time.sleep(seconds)
            self._serve()

        threading.Thread(target=come_back, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def script(self, path: str, *responses: tuple[int, Any] | tuple[int, Any, dict[str, str]]) -> None:
        """Answer the next requests to `path` with these (status, body[, headers])."""
        for response in responses:
            status, body, *rest = response
            self._scripts[path].append(ScriptedResponse(status, body, rest[0] if rest else {}))

    def _respond(self, request: RecordedRequest) -> ScriptedResponse | None:
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        fault = self.chaos(request) if self.chaos is not None else None
        if fault is not None:
            with self._condition:
                self.faults.append(fault)
                if fault != "slow":  # the other faults happen before LINE takes the request
                    self.requests.append(request)
                    self._condition.notify_all()
            if fault == "500":
                return ScriptedResponse(500, {"message": "An error occurred in the server"}, {})
            if fault == "429":
                return ScriptedResponse(429, {"message": "The API rate limit has been exceeded"}, {"Retry-After": "1"})
            if fault == "reset":
                return None
        response = self._decide(request)
        if 200 <= response.status < 300:
            with self._condition:
                self.accepted.append(request)
        if fault == "slow":
            time.sleep(self.slow_seconds)  # taken, but the answer comes after the client gave up
        return response

    def _decide(self, request: RecordedRequest) -> ScriptedResponse:
        violations = self._violations(request)
        with self._condition:
            self.requests.append(request)
            self._condition.notify_all()
            if violations:
                self.invalid.append((request, violations))
                details = [{"message": violation} for violation in violations]
                return ScriptedResponse(400, {"message": "The request body has errors", "details": details}, {})
            scripted = self._scripts.get(request.path)
            if scripted:
                return scripted.popleft()
            if request.path == "/v2/bot/message/multicast" and self.multicast_per_second:
                now = time.monotonic()
                while self._window and now - self._window[0] >= 1.0:
                    self._window.popleft()
                if len(self._window) >= self.multicast_per_second:
                    self.rejected_for_rate += 1
                    return ScriptedResponse(
                        429, {"message": "The API rate limit has been exceeded"}, {"Retry-After": "1"}
                    )
                self._window.append(now)
            key = request.headers.get("x-line-retry-key")
            if key is not None:
                if key in self.accepted_keys:
                    self.conflicts += 1
                    return ScriptedResponse(
                        409, {"message": "The retry key is already accepted"}, {"x-line-accepted-request-id": key}
                    )
                self.accepted_keys.add(key)
        return self._default(request)

    def delivered(self) -> dict[str, int]:
        """How many accepted multicasts and pushes each user id was in."""
        counts: dict[str, int] = defaultdict(int)
        with self._condition:
            accepted = list(self.accepted)
        for request in accepted:
            if request.path not in ("/v2/bot/message/multicast", "/v2/bot/message/push"):
                continue
            recipients = request.body.get("to") if isinstance(request.body, dict) else None
            for user in recipients if isinstance(recipients, list) else [recipients]:
                counts[str(user)] += 1
        return dict(counts)

    def _violations(self, request: RecordedRequest) -> list[str]:
        if self.spec is None:
            return []
        content_type = request.headers.get("content-type", "")
        return self.spec.violations(request.method, request.path, content_type, request.body)

    def _default(self, request: RecordedRequest) -> ScriptedResponse:
        answered = self.rich_menus.answer(request.method, request.path, request.body)
        if answered is not None:
            return ScriptedResponse(answered.status, answered.body, {})
        if request.path == "/v2/bot/message/quota":
            return ScriptedResponse(200, {"type": "limited", "value": self.quota}, {})
        if request.path == "/v2/bot/message/quota/consumption":
            return ScriptedResponse(200, {"totalUsage": self.consumption}, {})
        if request.path in ("/v2/bot/message/reply", "/v2/bot/message/push"):
            return ScriptedResponse(200, SENT, {})
        return ScriptedResponse(200, {}, {})

    def sent(self, path: str) -> list[RecordedRequest]:
        with self._condition:
            return [request for request in self.requests if request.path == path]

    def wait_for(self, predicate: Callable[[list[RecordedRequest]], bool], timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._condition:
            while not predicate(self.requests):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._condition.wait(remaining)
        return True

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self.invalid:
            problems = [f"{request.method} {request.path}: {'; '.join(found)}" for request, found in self.invalid]
            raise AssertionError("requests LINE's API specification refuses:\n" + "\n".join(problems))
