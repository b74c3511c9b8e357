"""Group commit: writes that arrive together are committed together.

Under a burst, many web threads store events at once. Instead of a
transaction each (a round trip, a commit and a WAL flush each), the thread
that finds the writer idle writes what is queued; threads arriving while it
writes queue their rows, and the first of them writes them all next, in one
transaction. No thread waits for a timer: alone, a write goes at once. Each
caller returns only once its own rows are committed, or raises what failed
them, so an acknowledgement still means "stored"."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Rows = list[dict[str, Any]]


@dataclass
class _Ticket:
    rows: Rows
    event: threading.Event = field(default_factory=threading.Event)
    leads: bool = False  # this caller writes the queue
    finished: bool = False
    error: BaseException | None = None


class GroupCommit:
    def __init__(self, write: Callable[[Rows], None]) -> None:
        self._write = write  # one transaction for all the rows given
        self._lock = threading.Lock()
        self._queue: list[_Ticket] = []
        self._writing = False

    def submit(self, rows: Rows) -> None:
        ticket = _Ticket(rows)
        with self._lock:
            self._queue.append(ticket)
            if not self._writing:
                self._writing = ticket.leads = True
        if not ticket.leads:
            ticket.event.wait()  # set when its rows are written, or when it is to write the queue
        if not ticket.finished:
            self._write_queue()
        if ticket.error is not None:
            raise ticket.error

    def _write_queue(self) -> None:
        with self._lock:
            batch, self._queue = self._queue, []
        error: BaseException | None = None
        try:
            self._write([row for ticket in batch for row in ticket.rows])
        except Exception as failure:  # every caller of the batch gets it
            error = failure
        for ticket in batch:
            ticket.error, ticket.finished = error, True
        with self._lock:
            following = self._queue[0] if self._queue else None
            if following is not None:
                following.leads = True  # the next batch is written by its first caller
            else:
                self._writing = False
        for ticket in batch:
            ticket.event.set()
        if following is not None:
            following.event.set()
