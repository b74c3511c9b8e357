"""A local fake of the LINE Messaging API: a threaded HTTP server that
records every request and answers as LINE does, or as a test scripts it."""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any

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


class FakeLineApi:
    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._scripts: dict[str, deque[ScriptedResponse]] = defaultdict(deque)
        self._condition = threading.Condition()
        self.quota = 1_000_000
        self.consumption = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                return

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                path = self.path.split("?")[0]
                request = RecordedRequest(self.command, path, {k.lower(): v for k, v in self.headers.items()}, body)
                response = fake._respond(request)
                payload = json.dumps(response.body).encode()
                self.send_response(response.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _handle  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def script(self, path: str, *responses: tuple[int, Any] | tuple[int, Any, dict[str, str]]) -> None:
        """Answer the next requests to `path` with these (status, body[, headers])."""
        for response in responses:
            status, body, *rest = response
            self._scripts[path].append(ScriptedResponse(status, body, rest[0] if rest else {}))

    def _respond(self, request: RecordedRequest) -> ScriptedResponse:
        with self._condition:
            self.requests.append(request)
            self._condition.notify_all()
            scripted = self._scripts.get(request.path)
            if scripted:
                return scripted.popleft()
        return self._default(request)

    def _default(self, request: RecordedRequest) -> ScriptedResponse:
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
