"""Prometheus metrics (prometheus-client).

Counters and histograms are kept by the process that counts them; under
gunicorn, `PROMETHEUS_MULTIPROC_DIR` (set by `gunicorn.conf.py` before anything
imports prometheus-client) makes every worker write to files that `/metrics`
adds up. Figures that live in the database (inbox and outbox depth, deliveries
by state, the unknown-question rate) are read at scrape time by
`DatabaseCollector`, so every process reports the same truth.

Metric objects are module-level, as prometheus-client intends: they are
process-wide counters, not per-application state."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import REGISTRY, Collector
from sqlalchemy import func, select

from bot.data.db import Database, as_utc
from bot.data.models import ConversationTurn, Delivery, Heartbeat, InboxEvent, OutboxItem, utcnow
from bot.data.models.chat import unanswered

PREFIX = "oie"
FAST = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
HUMAN = (0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0, 60.0)

WEBHOOK_ACK_SECONDS = Histogram(
    f"{PREFIX}_webhook_ack_seconds", "Time from a webhook request to its 200 (events stored)", buckets=FAST
)
WEBHOOK_REQUESTS = Counter(f"{PREFIX}_webhook_requests", "Webhook requests by answer", ["status"])
WEBHOOK_EVENTS = Counter(f"{PREFIX}_webhook_events", "Webhook events stored in the inbox")
REPLY_SECONDS = Histogram(
    f"{PREFIX}_reply_seconds",
    "Time from the webhook receiving an event to its answer reaching LINE",
    ["method"],
    buckets=HUMAN,
)
EVENTS_RETRIED = Counter(f"{PREFIX}_events_retried", "Events whose answer failed and waits for another try", ["type"])
ANSWERS = Counter(f"{PREFIX}_answers", "Questions answered, by the intent understood", ["intent"])
OUTBOX_REQUESTS = Counter(f"{PREFIX}_outbox_requests", "Outbox requests by channel and result", ["channel", "result"])
OUTBOX_RETRIES = Counter(f"{PREFIX}_outbox_retries", "Outbox requests scheduled for another try", ["channel"])
LINE_API_ERRORS = Counter(
    f"{PREFIX}_line_api_errors", "LINE API calls that failed, by HTTP status (0: network)", ["status"]
)


def count_line_api_error(status: int) -> None:
    LINE_API_ERRORS.labels(status=str(status)).inc()


class DatabaseCollector(Collector):
    """Gauges read from the database when scraped."""

    def __init__(self, database: Database, unknown_window: timedelta = timedelta(hours=24)) -> None:
        self.database = database
        self.unknown_window = unknown_window

    def collect(self) -> Iterator[Metric]:
        now = utcnow()
        with self.database.session() as session:
            open_events = unanswered(InboxEvent.state)
            inbox_depth, inbox_oldest = session.execute(
                select(func.count(), func.min(InboxEvent.received_at)).where(open_events)
            ).one()
            open_rows = OutboxItem.state.in_(("pending", "claimed")) | (
                (OutboxItem.state == "failed") & OutboxItem.retryable.is_(True)
            )
            outbox_depth, outbox_oldest = session.execute(
                select(func.count(), func.min(OutboxItem.created_at)).where(open_rows)
            ).one()
            deliveries = session.execute(
                select(Delivery.channel, Delivery.state, func.count()).group_by(Delivery.channel, Delivery.state)
            ).all()
            asked, unknown = session.execute(
                select(func.count(), func.count().filter(ConversationTurn.intent == "unknown")).where(
                    ConversationTurn.asked_at >= now - self.unknown_window
                )
            ).one()
            beats = session.execute(select(Heartbeat.name, Heartbeat.beat_at)).all()

        def age(moment: object) -> float:
            return max(0.0, (now - as_utc(moment)).total_seconds()) if moment is not None else 0.0  # type: ignore[arg-type]

        yield _gauge("inbox_waiting", "Webhook events acknowledged and not yet answered", inbox_depth)
        yield _gauge("inbox_oldest_age_seconds", "Age of the oldest unanswered webhook event", age(inbox_oldest))
        yield _gauge("outbox_waiting", "Outbox requests still to send (including retries)", outbox_depth)
        yield _gauge("outbox_oldest_age_seconds", "Age of the oldest outbox request still to send", age(outbox_oldest))
        by_state = GaugeMetricFamily(
            f"{PREFIX}_deliveries", "Deliveries by channel and state", labels=["channel", "state"]
        )
        for channel, state, count in deliveries:
            by_state.add_metric([channel, state], count)
        yield by_state
        yield _gauge("questions_asked_24h", "Questions asked in the last 24 hours", asked)
        rate = unknown / asked if asked else 0.0
        yield _gauge("unknown_question_ratio_24h", "Share of the last 24 hours' questions not understood", rate)
        heartbeat = GaugeMetricFamily(
            f"{PREFIX}_heartbeat_age_seconds", "Seconds since a role last showed it was alive", labels=["role"]
        )
        for name, beat_at in beats:
            heartbeat.add_metric([name], age(beat_at))
        yield heartbeat


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(f"{PREFIX}_{name}", documentation, value=float(value))


def exposition(database: Database) -> tuple[bytes, str]:
    """The text a scrape of `/metrics` gets: this process's (or, under
    gunicorn, every worker's) counters, and the database's gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        counted = CollectorRegistry()
        multiprocess.MultiProcessCollector(counted)  # type: ignore[no-untyped-call]
    else:
        counted = REGISTRY
    from_database = CollectorRegistry()
    from_database.register(DatabaseCollector(database))
    # Two registries, one text: their metric names never overlap.
    return generate_latest(counted) + generate_latest(from_database), CONTENT_TYPE_LATEST


def mark_process_dead(pid: int) -> None:
    """gunicorn's `child_exit` hook: a dead worker's live gauges stop counting."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]
