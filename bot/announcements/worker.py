"""The worker: threads that claim outbox rows, wait their turn under the
channel's rate limit, send through the channel's publisher and record the
result. Safe to run in many processes."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from bot.announcements.outbox import Outbox
from bot.announcements.rate_limit import RateLimiter, rate_rule
from publishers.base import Publisher, PublishResult

log = logging.getLogger(__name__)


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
    ) -> None:
        self.outbox = outbox
        self.publishers = publishers
        self.limiter = limiter
        self.threads = threads
        self.poll_seconds = poll_seconds
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.stop_event = threading.Event()
        self.sent = 0
        # Deliveries whose fan-out this process saw pass the quota check: the
        # check locks the delivery row, so it is not repeated for every batch.
        self._within_quota: set[int] = set()

    def process_one(self, thread_name: str) -> bool:
        """Claim and send one item; False when there was nothing to do."""
        items = self.outbox.claim(thread_name)
        if not items:
            return False
        item = items[0]
        publisher = self.publishers.get(item.channel)
        if publisher is None:
            result = PublishResult("failed", retryable=True, error=f"no {item.channel} publisher configured")
            self.outbox.complete(item, result, thread_name)
            return True
        if publisher.max_recipients is not None and item.delivery_id not in self._within_quota:
            refusal = self.outbox.check_quota_once(item, publisher)
            if refusal is not None:
                log.error("announcement #%d on %s refused: %s", item.announcement_id, item.channel, refusal)
                return True
            self._within_quota.add(item.delivery_id)
        rule = rate_rule(publisher, broadcast=item.recipients is None)
        if rule is not None:
            self.limiter.acquire(rule.name, rule.per_second, rule.burst)
        if not self.outbox.still_claimed(item, thread_name):
            return True
        result = publisher.publish(item.message, item.recipients, item.retry_key, item.progress)
        self.outbox.complete(item, result, thread_name)
        if result.ok:
            self.sent += 1
        else:
            log.warning(
                "announcement #%d on %s batch %d: %s (%s)",
                item.announcement_id,
                item.channel,
                item.batch_no,
                result.status,
                result.error,
            )
        return True

    def _loop(self, index: int, until_idle: bool) -> None:
        thread_name = f"{self.name}/{index}"
        while not self.stop_event.is_set():
            try:
                worked = self.process_one(thread_name)
            except Exception:
                log.exception("worker thread %s failed; continuing", thread_name)
                worked = False
                time.sleep(self.poll_seconds)
            if not worked:
                # Until idle means nothing left to send, including rows another
                # worker holds: if it died, its lease runs out and we take over.
                if until_idle and self.outbox.pending_count() == 0:
                    return
                self.stop_event.wait(self.poll_seconds)

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
        self.stop_event.set()
