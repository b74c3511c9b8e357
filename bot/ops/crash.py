"""Crash points for fault-injection tests: `OIE_CRASH_POINTS=after-send:3`
makes the process SIGKILL itself the third time it reaches `after-send`.
Without the variable (always, outside tests) a crash point costs a set lookup.

The points sit between the commit points of the outbox and the inbox, where
a real crash (OOM killer, power loss, `kill -9`) would leave the most to
recover."""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter

_lock = threading.Lock()
_reached: Counter[str] = Counter()


def _armed() -> dict[str, int]:
    points: dict[str, int] = {}
    for entry in os.environ.get("OIE_CRASH_POINTS", "").split(","):
        name, _, nth = entry.strip().partition(":")
        if name:
            points[name] = int(nth or 1)
    return points


ARMED = _armed()


def crash_point(name: str) -> None:
    nth = ARMED.get(name)
    if nth is None:
        return
    with _lock:
        _reached[name] += 1
        if _reached[name] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
