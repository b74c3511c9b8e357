"""Getting deliveries unstuck: what staff do after a channel failed or did
not confirm (from the console or `python -m bot delivery`), and the
reconciler job that settles any delivery left "sending" with no work."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.announcements.settle import lock_deliveries, settle_delivery, unsettled_deliveries
from bot.announcements.states import AnnouncementState, DeliveryState, OutboxState
from bot.data.audit import COMMAND_LINE, AuditAction, record
from bot.data.db import Database, lock_sqlite_for_writing
from bot.data.models import Announcement, Delivery, OutboxItem, utcnow

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


class RecoveryRefused(Exception):  # noqa: N818  (reads as an outcome, like PermanentFailure)
    """The delivery cannot be retried now; the message says why, `reason` in a word."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason  # "no_delivery" or "in_flight"


class DeliveryRecovery:
    def __init__(self, database: Database, clock: Clock = utcnow) -> None:
        self.database = database
        self.clock = clock

    def resolve_unconfirmed(
        self, announcement_id: int, channel: str, sent: bool, remote_id: str | None = None, by: str = COMMAND_LINE
    ) -> int:
        """Staff checked a channel after an unconfirmed send: mark it sent
        (optionally with the post's id), or send it again. Returns rows changed."""
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            rows = self._rows(session, announcement_id, channel, (OutboxState.UNCONFIRMED,))
            for row in rows:
                if sent:
                    row.state = OutboxState.SENT
                    row.sent_at = self.clock()
                    row.remote_id = remote_id or row.remote_id
                    row.last_error = None
            if rows and not sent:
                self._send_again(session, rows)
            elif rows:
                self._reopen(session, rows[0])
                session.flush()
                settle_delivery(session, rows[0].delivery_id)
            if rows:
                action = AuditAction.MARK_SENT if sent else AuditAction.RESEND
                record(session, by, action, f"announcement:{announcement_id}", channel=channel, requests=len(rows))
            return len(rows)

    def retry_failed(self, announcement_id: int, channel: str, by: str = COMMAND_LINE) -> int:
        """Put a delivery's failed requests back to be sent now, with the same
        retry keys (LINE delivers a request it already accepted once). Refused
        while any of the delivery's requests is being sent. Returns rows queued."""
        now = self.clock()
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            delivery = session.scalar(
                select(Delivery).where(Delivery.announcement_id == announcement_id, Delivery.channel == channel)
            )
            if delivery is None:
                raise RecoveryRefused("no_delivery", f"announcement #{announcement_id} has no {channel} delivery")
            lock_deliveries(session, {delivery.id})
            in_flight = session.scalar(
                select(OutboxItem.id)
                .where(
                    OutboxItem.delivery_id == delivery.id,
                    OutboxItem.state == OutboxState.CLAIMED,
                    OutboxItem.claimed_until > now,
                )
                .limit(1)
            )
            if in_flight is not None:
                raise RecoveryRefused(
                    "in_flight", "some of its requests are being sent right now; try again when they are done"
                )
            rows = self._rows(session, announcement_id, channel, (OutboxState.FAILED,))
            if rows:
                self._send_again(session, rows)
                record(
                    session,
                    by,
                    AuditAction.RETRY,
                    f"announcement:{announcement_id}",
                    channel=channel,
                    requests=len(rows),
                )
            return len(rows)

    def reconcile(self) -> int:
        """Settle every delivery (and its announcement) that is still marked
        as sending although none of its requests can change any more."""
        with self.database.session() as session:
            lock_sqlite_for_writing(session)
            stuck = unsettled_deliveries(session)
            for delivery_id in stuck:
                settle_delivery(session, delivery_id)
        if stuck:
            log.warning("settled %d delivery(ies) left sending with no work", len(stuck))
        return len(stuck)

    @staticmethod
    def _rows(
        session: Session, announcement_id: int, channel: str, states: tuple[OutboxState, ...]
    ) -> Sequence[OutboxItem]:
        return session.scalars(
            select(OutboxItem).where(
                OutboxItem.announcement_id == announcement_id,
                OutboxItem.channel == channel,
                OutboxItem.state.in_(states),
            )
        ).all()

    def _send_again(self, session: Session, rows: Sequence[OutboxItem]) -> None:
        """The rows back to pending, due now, their retry window started afresh."""
        for row in rows:
            row.state = OutboxState.PENDING
            row.next_attempt_at = self.clock()
            row.retryable = False
            row.retry_until = None
        self._reopen(session, rows[0])

    @staticmethod
    def _reopen(session: Session, row: OutboxItem) -> None:
        """The row's delivery and announcement back to sending, to be settled anew."""
        delivery = session.get(Delivery, row.delivery_id)
        if delivery is not None:
            delivery.state, delivery.error, delivery.next_attempt_at = DeliveryState.SENDING, None, None
            delivery.updated_at = utcnow()
        announcement = session.get(Announcement, row.announcement_id)
        if announcement is not None and announcement.state in (
            AnnouncementState.PARTLY_FAILED,
            AnnouncementState.FAILED,
        ):
            announcement.state = AnnouncementState.SENDING
            announcement.updated_at = utcnow()
