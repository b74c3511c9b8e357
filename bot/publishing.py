"""Wiring of the outgoing channels: publishers from the settings, the chart
images they attach, and the worker process that sends from the outbox."""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path
from types import FrameType

import requests

from bot.charts import ChartCache
from bot.config import Settings
from bot.db import Database
from bot.email_subscriptions import UnsubscribeTokens
from bot.outbox import Outbox, RateLimiter, Worker
from bot.store import IndicatorStore
from publishers.base import Publisher
from publishers.console import ConsolePublisher
from publishers.email import EmailPublisher
from publishers.facebook import FacebookPublisher
from publishers.line import LineClient, LinePublisher
from publishers.x import XPublisher

log = logging.getLogger(__name__)
MAX_IMAGE_BYTES = 5 * 1024 * 1024


class ImageLoader:
    """Image bytes for X uploads, Facebook photos and e-mail: our own charts
    straight from the chart cache, other images over HTTPS."""

    def __init__(self, charts: ChartCache) -> None:
        self.charts = charts

    def __call__(self, url: str) -> bytes:
        prefix = f"{self.charts.public_base_url}/charts/"
        if url.startswith(prefix) and url.endswith(".png"):
            name = url[len(prefix) : -len(".png")]
            path = self.charts.file(name.removesuffix("-preview"), preview=name.endswith("-preview"))
            if path is None:
                raise FileNotFoundError(f"no chart {name}")
            return path.read_bytes()
        response = requests.get(url, timeout=(5, 20), stream=True)
        response.raise_for_status()
        data = response.raw.read(MAX_IMAGE_BYTES + 1, decode_content=True)
        if len(data) > MAX_IMAGE_BYTES:
            raise ValueError("image larger than 5 MB")
        return bytes(data)


def build_publishers(settings: Settings, database: Database | None = None) -> dict[str, Publisher]:
    ready = settings.configured_channels
    publishers: dict[str, Publisher] = {"console": ConsolePublisher()}
    loader = None
    if database is not None:
        loader = ImageLoader(ChartCache(IndicatorStore(database), Path(settings.CHARTS_DIR), settings.public_base_url))
    if ready["line"]:
        # One attempt per claim: the outbox retries, with the same retry key.
        client = LineClient(settings.LINE_CHANNEL_ACCESS_TOKEN, settings.LINE_API_BASE_URL, max_attempts=1)
        publishers["line"] = LinePublisher(client)
    if ready["x"]:
        publishers["x"] = XPublisher(
            settings.X_CONSUMER_KEY,
            settings.X_CONSUMER_SECRET,
            settings.X_ACCESS_TOKEN,
            settings.X_ACCESS_TOKEN_SECRET,
            image_loader=loader,
        )
    if ready["facebook"]:
        publishers["facebook"] = FacebookPublisher(
            settings.FACEBOOK_PAGE_ID,
            settings.FACEBOOK_PAGE_ACCESS_TOKEN,
            settings.FACEBOOK_GRAPH_VERSION,
            image_loader=loader,
        )
    if ready["email"]:
        tokens = UnsubscribeTokens(settings.SECRET_KEY)
        base = settings.public_base_url
        publishers["email"] = EmailPublisher(
            settings.SMTP_HOST,
            settings.SMTP_PORT,
            settings.SMTP_FROM,
            unsubscribe_link=lambda address: f"{base}/unsubscribe?token={tokens.make(address)}",
            username=settings.SMTP_USERNAME,
            password=settings.SMTP_PASSWORD,
            starttls=settings.SMTP_STARTTLS,
            image_loader=loader,
        )
    return publishers


def build_worker(settings: Settings, database: Database, threads: int | None = None) -> Worker:
    publishers = build_publishers(settings, database)
    idempotent = frozenset(name for name, publisher in publishers.items() if publisher.idempotent)
    outbox = Outbox(database, lease_seconds=settings.WORKER_LEASE_SECONDS, idempotent_channels=idempotent)
    # SQLite has one writer: one worker process, with one thread, is its limit.
    if database.engine.dialect.name == "sqlite":
        threads = 1
    return Worker(
        outbox,
        publishers,
        RateLimiter(database),
        threads=threads or settings.WORKER_THREADS,
    )


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
