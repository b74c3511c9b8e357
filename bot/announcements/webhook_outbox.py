"""Sending what partner endpoints are owed, like the announcement outbox:
rows claimed under a lease (`SKIP LOCKED` on PostgreSQL), a failure tried
again after an exponential, jittered wait, the same `webhook-id` on every
try so the receiver can drop a repeat (a worker that dies after the POST
sends it again: at least once, de-duplicated by the id, as Standard
Webhooks intends). Each try is signed at its own time. An endpoint that has
failed every try for `disable_after` is disabled, its waiting messages set
aside (sent after all if an admin enables it again), and staff are told."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from standardwebhooks.webhooks import Webhook

from bot.announcements.leased_rows import claim_oldest, still_owed
from bot.announcements.outbox import RetryPolicy
from bot.announcements.webhooks import WebhookEndpoints
from bot.data.audit import SYSTEM, AuditAction, record
from bot.data.db import as_utc, lock_sqlite_for_writing
from bot.data.models import StaffUser, WebhookEndpoint, WebhookMessage, utcnow
from bot.ops.crash import crash_point
from bot.ops.fetch import FetchError, FetchPolicy, post
from publishers.base import NoticeSender

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
DISABLE_AFTER = timedelta(days=5)
# Svix's schedule, roughly: seconds, then minutes, then hours between tries.
WEBHOOK_RETRY = RetryPolicy(window=DISABLE_AFTER, base_seconds=5.0, ceiling_seconds=5 * 3600.0)
OPEN_STATES = ("pending", "failed", "claimed")


@dataclass(frozen=True)
class Claimed:
    id: int
    endpoint_id: int
    url: str
    secret: str
    message_id: str
    body: bytes


class WebhookSender:
    def __init__(
        self,
        endpoints: WebhookEndpoints,
        policy: FetchPolicy,
        notices: NoticeSender | None = None,
        clock: Clock = utcnow,
        retry: RetryPolicy = WEBHOOK_RETRY,
        disable_after: timedelta = DISABLE_AFTER,
        lease: timedelta = timedelta(seconds=60),
    ) -> None:
        self.endpoints = endpoints
        self.database = endpoints.database
        self.policy = policy
        self.notices = notices
        self.clock = clock
        self.retry = retry
        self.disable_after = disable_after
        self.lease = lease

    def claim(self, worker: str) -> Claimed | None:
        now = self.clock()
        with self.database.session() as session:
            joined_on = WebhookEndpoint.id == WebhookMessage.endpoint_id
            enabled = WebhookEndpoint.enabled.is_(True)
            found = claim_oldest(session, WebhookMessage, WebhookEndpoint, joined_on, worker, now, self.lease, enabled)
            if found is None:
                return None
            message, endpoint = found
            body = json.dumps(message.payload, ensure_ascii=False, separators=(",", ":")).encode()
            return Claimed(
                message.id, endpoint.id, endpoint.url, self.endpoints.secret_of(endpoint), message.message_id, body
            )

    def send(self, claimed: Claimed) -> tuple[int | None, str | None]:
        """The receiver's status (None when unreachable) and what went wrong.
        Signed at the real time of this try (receivers refuse a timestamp
        more than minutes away), whatever clock schedules the retries."""
        moment = datetime.now(UTC)
        headers = {
            "Content-Type": "application/json",
            "webhook-id": claimed.message_id,
            "webhook-timestamp": str(int(moment.timestamp())),
            "webhook-signature": Webhook(claimed.secret).sign(claimed.message_id, moment, claimed.body),
        }
        try:
            status = post(claimed.url, claimed.body, self.policy, headers)
        except FetchError as error:
            return None, str(error)
        return status, None if 200 <= status < 300 else f"the endpoint answered HTTP {status}"

    def process_one(self, worker: str) -> bool:
        """Claim, sign, send and record one message; False when none is due."""
        claimed = self.claim(worker)
        if claimed is None:
            return False
        status, error = self.send(claimed)
        crash_point("webhook-sent-not-recorded")
        self.record(claimed, worker, status, error)
        return True

    def record(self, claimed: Claimed, worker: str, status: int | None, error: str | None) -> None:
        now = self.clock()
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            message = session.get(WebhookMessage, claimed.id, with_for_update=True)
            endpoint = session.get(WebhookEndpoint, claimed.endpoint_id, with_for_update=True)
            if message is None or endpoint is None or message.claimed_by != worker or message.state != "claimed":
                return  # removed, or taken over after the lease ran out
            message.last_status, message.claimed_until = status, None
            if error is None:
                message.state, message.sent_at, message.last_error = "sent", now, None
                endpoint.failing_since = None
                return
            message.state, message.last_error = "failed", error
            message.next_attempt_at = now + timedelta(seconds=self.retry.wait(message.attempts))
            log.warning(
                "webhook %s to endpoint %d (try %d): %s", claimed.message_id, endpoint.id, message.attempts, error
            )
            endpoint.failing_since = endpoint.failing_since or now
            gone = status == 410  # Standard Webhooks: the receiver asks to stop
            if gone or now - as_utc(endpoint.failing_since) >= self.disable_after:
                reason = (
                    "the endpoint answered 410 Gone" if gone else f"every try failed for {self.disable_after.days} days"
                )
                self._disable(session, endpoint, f"{reason}; last: {error}")

    def _disable(self, session: Session, endpoint: WebhookEndpoint, reason: str) -> None:
        endpoint.enabled, endpoint.disabled_reason = False, reason
        session.execute(
            update(WebhookMessage)
            .where(WebhookMessage.endpoint_id == endpoint.id, WebhookMessage.state.in_(("pending", "failed")))
            .values(state="abandoned")
        )
        record(session, SYSTEM, AuditAction.WEBHOOK_DISABLE, f"webhook:{endpoint.id}", reason=reason)
        log.error("webhook endpoint %d disabled: %s", endpoint.id, reason)
        if self.notices is None:
            return
        admins = session.scalars(select(StaffUser.email).where(StaffUser.role == "admin", StaffUser.active.is_(True)))
        text = (
            f"The partner webhook endpoint #{endpoint.id} ({endpoint.url}) was disabled: {reason}.\n"
            "Its waiting events are kept; enabling it in the console (Partners) sends them."
        )
        for address in admins:
            try:
                self.notices.send_notice(address, "Partner webhook disabled", text)
            except Exception:  # a notice that cannot be sent must not undo the disabling
                log.exception("could not tell %s that webhook endpoint %d was disabled", "an admin", endpoint.id)

    def pending_count(self) -> int:
        now = self.clock()
        with self.database.session() as session:
            query = (
                select(func.count())
                .select_from(WebhookMessage)
                .join(WebhookEndpoint, WebhookEndpoint.id == WebhookMessage.endpoint_id)
                .where(WebhookEndpoint.enabled.is_(True), still_owed(WebhookMessage, now))
            )
            return int(session.scalar(query) or 0)
