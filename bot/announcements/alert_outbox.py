"""Sending the notices alerts are owed, like the other outboxes: a row
claimed under a lease (`SKIP LOCKED` on PostgreSQL), a failure tried again
after a jittered backoff with the same LINE retry key (LINE accepts a
request once per key, so a worker that dies after the push sends nothing
twice), given up after the retry window or at once when the recipient can
never get it (a user who blocked the account, an address refused)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol

from sqlalchemy import func, select

from bot.announcements.alerts import AlertSpec
from bot.announcements.leased_rows import claim_oldest, still_owed
from bot.announcements.outbox import RetryPolicy
from bot.answers.model import ChartSpec, Language
from bot.catalog import N_, speaker
from bot.data.db import as_utc, lock_sqlite_for_writing
from bot.data.models import Alert, AlertNotice, utcnow
from bot.data.store import IndicatorStore
from bot.ops.crash import crash_point
from nlp.thaidate import YearMonth
from publishers.base import PublishError

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
ALERT_RETRY = RetryPolicy(window=timedelta(hours=24), base_seconds=10.0, ceiling_seconds=1800.0)
CHART_MONTHS = 24
# The last line of an alert e-mail (the link is the channel's to make).
MANAGE_LINK = N_("Change or remove your alerts: %(link)s")


@dataclass(frozen=True)
class AlertMessage:
    """A notice as words and a chart, in the language the alert was set in."""

    subject: str
    text: str
    chart: ChartSpec
    language: Language


class AlertChannels(Protocol):
    """Where notices go (wired in `bot.app`): LINE pushes, e-mail. Raises
    `PublishError`; `retryable` says whether a later try may work."""

    def deliver(self, channel: str, address: str, message: AlertMessage, retry_key: str) -> None: ...


@dataclass(frozen=True)
class ClaimedNotice:
    id: int
    channel: str
    address: str
    language: Language
    spec: AlertSpec
    period: YearMonth
    figures: dict[str, object]
    retry_key: str


class AlertSender:
    def __init__(
        self,
        store: IndicatorStore,
        channels: AlertChannels,
        public_base_url: str,
        clock: Clock = utcnow,
        retry: RetryPolicy = ALERT_RETRY,
        lease: timedelta = timedelta(seconds=60),
    ) -> None:
        self.store = store
        self.database = store.database
        self.channels = channels
        self.public_base_url = public_base_url.rstrip("/")
        self.clock = clock
        self.retry = retry
        self.lease = lease

    def claim(self, worker: str) -> ClaimedNotice | None:
        now = self.clock()
        with self.database.session() as session:
            found = claim_oldest(session, AlertNotice, Alert, Alert.id == AlertNotice.alert_id, worker, now, self.lease)
            if found is None:
                return None
            notice, alert = found
            return ClaimedNotice(
                notice.id, alert.channel, alert.address, "en" if alert.language == "en" else "th", AlertSpec.of(alert),
                YearMonth.parse(notice.period), dict(notice.figures), notice.retry_key,
            )  # fmt: skip

    def message(self, claimed: ClaimedNotice) -> AlertMessage:
        """The figure that met the condition, the condition, the source and a chart of the last two years."""
        said = speaker(claimed.language)
        snapshot = self.store.snapshot()
        spec, figures = claimed.spec, claimed.figures
        condition = spec.describe(said, snapshot)
        shown = format(Decimal(str(figures["value"])), ",.2f")
        unit = spec.unit(said, snapshot)
        lines = [said.say("Alert: %(condition)s", condition=condition)]
        month = said.month(claimed.period)
        if spec.measure == "change":
            moved = format(Decimal(str(figures["change"])), "+,.2f")
            base_month = said.month(YearMonth.parse(str(figures["base_period"])))
            base = format(Decimal(str(figures["base"])), ",.2f")
            worded = said.say(
                "%(month)s: %(value)s, %(change)s%(unit)s on %(base_month)s (%(base)s).",
                month=month, value=shown, change=moved, unit=unit, base_month=base_month, base=base,
            )  # fmt: skip
            lines.append(worded)
        else:
            lines.append(said.say("%(month)s: %(value)s.", month=month, value=shown))
        if figures.get("preliminary"):
            lines.append(said.say("Preliminary figure; it may be revised."))
        release = self.public_base_url + "/releases/" + claimed.period.iso()
        lines.append(said.say("Source: Office of Industrial Economics, %(link)s", link=release))
        chart = ChartSpec(spec.indicator, spec.sector, claimed.period.shift(1 - CHART_MONTHS), claimed.period)
        subject = said.say("OIE alert: %(condition)s", condition=condition)
        return AlertMessage(subject, "\n".join(lines), chart, claimed.language)

    def process_one(self, worker: str) -> bool:
        """Claim, word, send and record one notice; False when none is due."""
        claimed = self.claim(worker)
        if claimed is None:
            return False
        error: PublishError | None = None
        try:
            self.channels.deliver(claimed.channel, claimed.address, self.message(claimed), claimed.retry_key)
        except PublishError as failure:
            error = failure
        crash_point("alert-sent-not-recorded")
        self.record(claimed, worker, error)
        return True

    def record(self, claimed: ClaimedNotice, worker: str, error: PublishError | None) -> None:
        now = self.clock()
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            notice = session.get(AlertNotice, claimed.id, with_for_update=True)
            if notice is None or notice.claimed_by != worker or notice.state != "claimed":
                return  # the alert was removed, or the lease ran out and another worker took it
            notice.claimed_until = None
            if error is None:
                notice.state, notice.sent_at, notice.last_error = "sent", now, None
                return
            notice.last_error = str(error)[:500]
            out_of_time = now - as_utc(notice.created_at) >= self.retry.window
            if not error.retryable or out_of_time:
                notice.state = "abandoned"
                log.warning("alert notice %d given up after %d tries: %s", notice.id, notice.attempts, error)
                return
            notice.state = "failed"
            notice.next_attempt_at = now + timedelta(seconds=self.retry.wait(notice.attempts))

    def pending_count(self) -> int:
        now = self.clock()
        with self.database.session() as session:
            owed = select(func.count()).select_from(AlertNotice).where(still_owed(AlertNotice, now))
            return int(session.scalar(owed) or 0)
