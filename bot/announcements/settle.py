"""Settling states once no request can change any more: a delivery's from its
outbox rows, an announcement's from its deliveries. Each runs inside the
caller's transaction: the transaction that records a request's result also
settles what it finished, so nothing can stay "sending" with no work left
(and `unsettled_deliveries` finds any that did, for the reconciler job)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from bot.announcements.states import OPEN_DELIVERY_STATES, AnnouncementState, DeliveryState, OutboxState
from bot.announcements.webhooks import emit_announcement_sent
from bot.data.models import Announcement, Delivery, OutboxItem, utcnow
from publishers.base import RecipientList
from publishers.registry import channel_classes

STORED_REMOTE_IDS = 50  # per delivery; the outbox rows keep them all


def open_row_condition() -> ColumnElement[bool]:
    """A row that may still be sent: waiting, being sent, or failed and due a retry."""
    return or_(
        OutboxItem.state.in_((OutboxState.PENDING, OutboxState.CLAIMED)),
        and_(OutboxItem.state == OutboxState.FAILED, OutboxItem.retryable.is_(True)),
    )


def has_open_rows(session: Session, delivery_id: int) -> bool:
    query = select(OutboxItem.id).where(OutboxItem.delivery_id == delivery_id, open_row_condition()).limit(1)
    return session.scalar(query) is not None


def lock_deliveries(session: Session, delivery_ids: set[int]) -> list[Delivery]:
    """The deliveries, locked for this transaction in id order (no deadlock
    between workers locking several): whoever records a delivery's last
    result then sees every other result committed."""
    query = select(Delivery).where(Delivery.id.in_(delivery_ids)).order_by(Delivery.id)
    return list(session.scalars(query.with_for_update()))  # SQLite: no clause, one writer


def update_delivery(session: Session, delivery: Delivery) -> None:
    """After some of its rows changed: settle the delivery if none can change
    any more, else show whether it waits for retries and when the next is due."""
    if not has_open_rows(session, delivery.id):
        settle_delivery(session, delivery.id)
        return
    next_retry = session.scalar(
        select(func.min(OutboxItem.next_attempt_at)).where(
            OutboxItem.delivery_id == delivery.id,
            OutboxItem.state == OutboxState.FAILED,
            OutboxItem.retryable.is_(True),
        )
    )
    if next_retry is not None:
        if delivery.state != DeliveryState.RETRYING or delivery.next_attempt_at != next_retry:
            delivery.state = DeliveryState.RETRYING
            delivery.next_attempt_at = next_retry
            delivery.error = session.scalar(
                select(OutboxItem.last_error)
                .where(OutboxItem.delivery_id == delivery.id, OutboxItem.state == OutboxState.FAILED)
                .order_by(OutboxItem.id.desc())
                .limit(1)
            )
            delivery.updated_at = utcnow()
    elif delivery.state == DeliveryState.RETRYING:
        delivery.state, delivery.next_attempt_at, delivery.error = DeliveryState.SENDING, None, None
        delivery.updated_at = utcnow()


def unsettled_deliveries(session: Session) -> list[int]:
    """Deliveries still marked as sending (or retrying) with no work left:
    what a crash between two commits could leave behind."""
    open_work = select(OutboxItem.id).where(OutboxItem.delivery_id == Delivery.id, open_row_condition()).exists()
    started = select(OutboxItem.id).where(OutboxItem.delivery_id == Delivery.id).exists()
    query = select(Delivery.id).where(
        Delivery.state.in_((DeliveryState.SENDING, DeliveryState.RETRYING)), started, ~open_work
    )
    return list(session.scalars(query))


def settle_delivery(session: Session, delivery_id: int) -> None:
    """Once no row of a delivery can still change, fix its final state."""
    locked = lock_deliveries(session, {delivery_id})
    delivery = locked[0] if locked else None
    if delivery is None or has_open_rows(session, delivery_id):
        return
    counts = dict(
        session.execute(
            select(OutboxItem.state, func.count())
            .where(OutboxItem.delivery_id == delivery_id)
            .group_by(OutboxItem.state)
        ).all()
    )
    sent, unconfirmed = counts.get(OutboxState.SENT, 0), counts.get(OutboxState.UNCONFIRMED, 0)
    failed = counts.get(OutboxState.FAILED, 0)
    if failed:
        delivery.state = DeliveryState.FAILED
        error = session.scalar(
            select(OutboxItem.last_error)
            .where(OutboxItem.delivery_id == delivery_id, OutboxItem.state == OutboxState.FAILED)
            .limit(1)
        )
        total = sent + unconfirmed + failed
        delivery.error = f"{failed} of {total} request(s) failed: {error}" if total > 1 else error
    elif unconfirmed:
        delivery.state = DeliveryState.UNCONFIRMED
        delivery.error = "the channel did not confirm; check it and mark sent or send again"
    else:
        delivery.state = DeliveryState.SENT
    delivery.remote_ids = _remote_ids(session, delivery)
    delivery.next_attempt_at = None
    delivery.updated_at = utcnow()
    session.flush()
    settle_announcement(session, delivery.announcement_id)


def _remote_ids(session: Session, delivery: Delivery) -> list[str]:
    publisher = channel_classes().get(delivery.channel)
    if publisher is not None and publisher.recipient_list is RecipientList.EMAIL_ADDRESSES:
        return []  # e-mail progress is addresses: personal data, not ids
    progress = session.scalars(
        select(OutboxItem.progress)
        .where(OutboxItem.delivery_id == delivery.id, OutboxItem.state == OutboxState.SENT)
        .order_by(OutboxItem.batch_no)
        .limit(STORED_REMOTE_IDS)
    )
    return [str(remote_id) for ids in progress for remote_id in (ids or [])][:STORED_REMOTE_IDS]


def settle_announcement(session: Session, announcement_id: int) -> None:
    announcement = session.get(Announcement, announcement_id)
    if announcement is None or announcement.state != AnnouncementState.SENDING:
        return
    states = [
        state
        for state in session.scalars(select(Delivery.state).where(Delivery.announcement_id == announcement_id))
        if state != DeliveryState.CANCELLED
    ]
    if any(state in OPEN_DELIVERY_STATES for state in states):
        return
    sent = any(state == DeliveryState.SENT for state in states)
    done = {DeliveryState.SENT, DeliveryState.NO_RECIPIENTS}
    if states and all(state == DeliveryState.NO_RECIPIENTS for state in states):
        announcement.state = AnnouncementState.NO_RECIPIENTS
    elif states and all(state in done for state in states):
        announcement.state = AnnouncementState.SENT
    elif not sent:
        announcement.state = AnnouncementState.FAILED
    else:
        announcement.state = AnnouncementState.PARTLY_FAILED
    announcement.updated_at = utcnow()
    if sent:
        channels = session.scalars(
            select(Delivery.channel).where(
                Delivery.announcement_id == announcement_id, Delivery.state == DeliveryState.SENT
            )
        )
        emit_announcement_sent(session, announcement, sorted(channels))
