"""Wiring of the outgoing channels: publishers from the settings, and the
worker process that sends from the outbox."""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

from bot.config import Settings
from bot.db import Database
from bot.outbox import Outbox, RateLimiter, Worker
from publishers.base import Publisher
from publishers.console import ConsolePublisher
from publishers.line import LineClient, LinePublisher

log = logging.getLogger(__name__)


def build_publishers(settings: Settings) -> dict[str, Publisher]:
    publishers: dict[str, Publisher] = {"console": ConsolePublisher()}
    if settings.line_configured:
        # One attempt per claim: the outbox retries, with the same retry key.
        client = LineClient(settings.LINE_CHANNEL_ACCESS_TOKEN, settings.LINE_API_BASE_URL, max_attempts=1)
        publishers["line"] = LinePublisher(client)
    return publishers


def build_worker(settings: Settings, database: Database, threads: int | None = None) -> Worker:
    outbox = Outbox(database, lease_seconds=settings.WORKER_LEASE_SECONDS)
    # SQLite has one writer: one worker process, with one thread, is its limit.
    if database.engine.dialect.name == "sqlite":
        threads = 1
    return Worker(outbox, build_publishers(settings), RateLimiter(database), threads=threads or settings.WORKER_THREADS)


def run_worker(settings: Settings, until_idle: bool = False, threads: int | None = None) -> int:
    """`python -m bot worker`: send until SIGTERM/SIGINT (finishing the request in flight)."""
    database = Database(settings.DATABASE_URL)
    worker = build_worker(settings, database, threads)

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %d: stopping after the requests in flight", signum)
        worker.stop()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
    log.info(
        "worker %s started with %d thread(s), channels: %s", worker.name, worker.threads, ", ".join(worker.publishers)
    )
    try:
        worker.run(until_idle=until_idle)
    finally:
        database.dispose()
    log.info("worker %s stopped after sending %d request(s)", worker.name, worker.sent)
    return worker.sent
