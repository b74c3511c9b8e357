"""The worker: threads that claim outbox rows a few at a time, wait their
turn under the channel's rate limit, send through the channel's publisher
and record the results together. Safe to run in many processes.

Per request, only the request is done: the message body is built once per
announcement (by the publisher), the rate-limit tokens of a batch are taken
in one transaction, and a batch's results are recorded (and its deliveries
settled) in one transaction."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta
from typing import Protocol

from bot.announcements.outbox import ClaimedItem, Outbox
from bot.announcements.rate_limit import RateLimiter, rate_rule
from bot.ops.crash import crash_point
from bot.ops.metrics import OUTBOX_REQUESTS, OUTBOX_RETRIES
from publishers.base import Publisher, PublishError, PublishResult

log = logging.getLogger(__name__)


class SideOutbox(Protocol):
    """Another outbox the worker's threads send from (partner webhooks, alert notices)."""

    def process_one(self, worker: str) -> bool: ...

    def pending_count(self) -> int: ...


class Worker:
    """Sends from the outbox with a few threads; safe to run in many processes."""

    def __init__(
        self,
        outbox: Outbox,
        publishers: dict[str, Publisher],
        limiter: RateLimiter,
        threads: int = 4,
        poll_seconds: float = 1.0,
        name: str | None = None,
        batch: int = 8,
        idle_horizon: timedelta = timedelta(0),
        side_outboxes: Sequence[SideOutbox] = (),
    ) -> None:
        self.outbox = outbox
        self.publishers = publishers
        self.limiter = limiter
        self.threads = threads
        self.poll_seconds = poll_seconds
        self.batch = max(1, batch)
        # With until_idle: retries due within this long still count as work to wait for.
        self.idle_horizon = idle_horizon
        # Partner webhooks and alert notices are sent by the same threads, when no announcement is due.
        self.side_outboxes = tuple(side_outboxes)
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.stop_event = threading.Event()
        self.sent = 0
        self._count_lock = threading.Lock()
        # Deliveries whose fan-out this process saw pass the quota check: the
        # check locks the delivery row, so it is not repeated for every batch.
        self._within_quota: set[int] = set()

    def process_one(self, thread_name: str) -> bool:
        """Claim and send a batch of requests; False when there was nothing to do."""
        items = self.outbox.claim(thread_name, self.batch)
        if not items:
            return False
        send_at = self._pace(items)
        held = self.outbox.still_claimed(items, thread_name)  # a cancel may have come first
        results: list[tuple[ClaimedItem, PublishResult]] = []
        for item in items:
            if item.id not in held:
                continue
            result = self._send(item, send_at.get(item.id, 0.0))
            if result is None:
                continue
            crash_point("outbox-sent-not-recorded")
            if item.channel in self.outbox.idempotent_channels:
                results.append((item, result))
            else:
                # A request that cannot be re-sent is recorded at once.
                self.outbox.complete(item, result, thread_name)
        self.outbox.complete_many(results, thread_name)
        return True

    def _pace(self, items: list[ClaimedItem]) -> dict[int, float]:
        """When (time.monotonic) each item may be sent under its channel's
        limit; one reservation per channel for the whole batch."""
        groups: dict[tuple[str, float, float], list[ClaimedItem]] = defaultdict(list)
        for item in items:
            publisher = self.publishers.get(item.channel)
            rule = rate_rule(publisher, broadcast=item.recipients is None) if publisher is not None else None
            if rule is not None:
                groups[(rule.name, rule.per_second, rule.burst)].append(item)
        now = time.monotonic()
        send_at: dict[int, float] = {}
        for (name, per_second, burst), members in groups.items():
            waits = self.limiter.reserve_many(name, per_second, burst, len(members))
            send_at.update({item.id: now + wait for item, wait in zip(members, waits, strict=True)})
        return send_at

    def _send(self, item: ClaimedItem, send_at: float) -> PublishResult | None:
        publisher = self.publishers.get(item.channel)
        if publisher is None:
            return PublishResult("failed", retryable=True, error=f"no {item.channel} publisher configured")
        if publisher.max_recipients is not None and item.delivery_id not in self._within_quota:
            try:
                refusal = self.outbox.check_quota_once(item, publisher)
            except PublishError as error:
                # The quota check is a courtesy (no half-sent fan-outs); without
                # an answer, send, and ask again with the next batch.
                log.warning("%s quota unavailable (%s); sending without the check", item.channel, error)
            else:
                if refusal is not None:
                    log.error("announcement #%d on %s refused: %s", item.announcement_id, item.channel, refusal)
                    return None
                self._within_quota.add(item.delivery_id)
        wait = send_at - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        result = publisher.publish(item.message, item.recipients, item.retry_key, item.progress)
        OUTBOX_REQUESTS.labels(channel=item.channel, result=result.status).inc()
        if result.ok:
            with self._count_lock:
                self.sent += 1
        else:
            if result.retryable:
                OUTBOX_RETRIES.labels(channel=item.channel).inc()
            log.warning(
                "announcement #%d on %s batch %d (attempt %d): %s (%s)",
                item.announcement_id,
                item.channel,
                item.batch_no,
                item.attempts,
                result.status,
                result.error,
            )
        return result

    def _loop(self, index: int, until_idle: bool) -> None:
        thread_name = f"{self.name}/{index}"
        while not self.stop_event.is_set():
            try:
                worked = self.process_one(thread_name) or any(
                    side.process_one(thread_name) for side in self.side_outboxes
                )
            except Exception:
                log.exception("worker thread %s failed; continuing", thread_name)
                worked = False
                time.sleep(self.poll_seconds)
            if not worked:
                # Until idle means nothing left to send, including rows another
                # worker holds: if it died, its lease runs out and we take over.
                if until_idle and self.outbox.pending_count(self.idle_horizon) == 0 and self._side_outboxes_idle():
                    return
                self.stop_event.wait(self.poll_seconds)

    def _side_outboxes_idle(self) -> bool:
        return all(side.pending_count() == 0 for side in self.side_outboxes)

    def run(self, until_idle: bool = False) -> None:
        """Run the threads until stopped (or, with until_idle, until nothing is claimable)."""
        workers = [
            threading.Thread(target=self._loop, args=(index, until_idle), name=f"outbox-{index}", daemon=True)
            for index in range(self.threads)
        ]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()

    def stop(self) -> None:
        """Stop claiming; the batches in hand are sent and recorded."""
        self.stop_event.set()
