"""The console publisher: prints what would be sent. The default channel
when no real channel is configured, and the one `serve` uses locally."""

from __future__ import annotations

import sys
import threading
from typing import TextIO

from publishers.base import Publisher, SendRequest, ServerError


class ConsolePublisher(Publisher):
    channel = "console"
    label = "Console"
    order = 90
    idempotent = True
    max_text_length = 100_000

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream
        self._lock = threading.Lock()

    def _send(self, request: SendRequest) -> list[str]:
        message, recipients = request.message, request.recipients
        audience = message.audience if recipients is None else f"{len(recipients)} recipient(s)"
        lines = [
            f"=== announcement #{message.announcement_id} to {audience} (key {request.idempotency_key[:8]}) ===",
            message.title,
            self.fit_text(message.text),
        ]
        if message.image_url:
            lines.append(f"[image] {message.image_url}")
        if message.link_url:
            lines.append(f"[link] {message.link_url}")
        try:
            with self._lock:
                stream = self.stream or sys.stdout
                stream.write("\n".join(lines) + "\n")
                stream.flush()
        except OSError as error:  # a closed pipe or full disk: may work later
            raise ServerError(f"console output failed: {error}") from error
        return [f"console-{message.announcement_id}-{request.idempotency_key[:8]}"]
