"""A partner's webhook receiver over HTTPS on localhost: it verifies every
request with the `standardwebhooks` package, as a partner's system would,
drops a repeat by its webhook-id and processes each event once. `up`
switches an outage on and off (503 while down)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.fakes.https import https_server


@dataclass
class Received:
    secret: str = ""
    up: bool = False
    requests: list[str] = field(default_factory=list)  # the webhook-id of every request, in order
    processed: dict[str, str] = field(default_factory=dict)  # webhook-id -> event type, once each
    refused_signatures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Receiver(BaseHTTPRequestHandler):
    """A partner's endpoint: verify, drop a repeat by its id, process once."""

    state: ClassVar[Received] = Received()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        state = self.state
        with state.lock:
            state.requests.append(self.headers.get("webhook-id", ""))
            if not state.up:
                self._answer(503)
                return
            try:
                event = Webhook(state.secret).verify(body, dict(self.headers.items()))
            except WebhookVerificationError:
                state.refused_signatures += 1
                self._answer(400)
                return
            state.processed.setdefault(self.headers["webhook-id"], event["type"])
        self._answer(204)

    def _answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def partner_receiver(folder: Path) -> Iterator[tuple[str, Path, Received]]:
    """(the endpoint's URL, the CA file to trust, what it received)."""
    Receiver.state = Received()
    with https_server(Receiver, folder) as (port, ca_file):
        yield f"https://localhost:{port}/hooks/oie", ca_file, Receiver.state
