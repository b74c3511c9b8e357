"""Settling states once no request can change any more: a delivery's from its
outbox rows, an announcement's from its deliveries. Each runs inside the
caller's transaction."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from bot.announcements.states import AnnouncementState, DeliveryState, OutboxState
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


def settle_delivery(session: Session, delivery_id: int) -> None:
    """Once no row of a delivery can still change, fix its final state."""
    query = select(Delivery).where(Delivery.id == delivery_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()  # two workers finishing its last rows at once
    delivery = session.scalar(query)
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
    if any(state in (DeliveryState.PENDING, DeliveryState.SENDING) for state in states):
        return
    if states and all(state == DeliveryState.SENT for state in states):
        announcement.state = AnnouncementState.SENT
    elif not any(state == DeliveryState.SENT for state in states):
        announcement.state = AnnouncementState.FAILED
    else:
        announcement.state = AnnouncementState.PARTLY_FAILED
    announcement.updated_at = utcnow()
