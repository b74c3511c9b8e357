"""Logging: one line per record, JSON in production (for the log collector),
readable text on a developer's terminal. Each record carries the id of the
request or webhook event being handled, so everything one request caused can
be found together. What is logged never includes message texts, user ids or
secrets: callers log kinds, counts and durations."""

from __future__ import annotations

import json
import logging
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_request_id: ContextVar[str] = ContextVar("request_id", default="-")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


@contextmanager
def request_id(value: str) -> Iterator[str]:
    """Tag every record logged inside the block with `value`."""
    token = _request_id.set(value)
    try:
        yield value
    finally:
        _request_id.reset(token)


def set_request_id(value: str) -> None:
    """For frameworks that tag a request in one hook and forget it in another."""
    _request_id.set(value)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", _request_id.get()),
            "process": record.process,
            "thread": record.threadName,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is now (test runners swap it)."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        return None


class SdkEchoFilter(logging.Filter):
    """The LINE SDK's webhook parser logs a request's unknown event type as
    it came ("Unknown event type. type=…"): that line is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name.startswith("linebot") and "type=" in str(record.msg))


def configure_logging(json_lines: bool, level: int = logging.INFO) -> None:
    """Set up the root logger once per process (later calls change nothing)."""
    root = logging.getLogger()
    if any(isinstance(handler, StderrHandler) for handler in root.handlers):
        return
    handler = StderrHandler()
    handler.addFilter(RequestIdFilter())
    handler.addFilter(SdkEchoFilter())
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
