"""Staff actions on announcements and the states they move through:
draft -> approved -> scheduled -> sending -> sent | partly_failed | failed,
or cancelled before sending starts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.announcements.approval import CONTENT_FIELDS, content_hash, sent_content
from bot.announcements.outbox import message_of
from bot.announcements.policy import AnnouncementPolicy, as_utc
from bot.announcements.rules import (
    AnnouncementError,
    check_send_time,
    check_urls,
    checked_audience,
    checked_topics,
    too_long,
)
from bot.announcements.states import (
    EDITABLE_STATES,
    AnnouncementKind,
    AnnouncementState,
    Audience,
    DeliveryState,
)
from bot.catalog import N_
from bot.data.audit import COMMAND_LINE, SYSTEM, AuditAction, record
from bot.data.db import Database
from bot.data.models import Announcement, Delivery, utcnow
from publishers.base import AnnouncementContent
from publishers.registry import channel_classes

# What staff may change until sending starts, besides the channels' own versions.
EDITABLE_FIELDS = frozenset({"text", "title", "image_url", "link_url", "audience", "topics", "channels"})


def _check_channels(announcement: Announcement) -> None:
    """Each channel says whether it can send the announcement as written."""
    classes = channel_classes()
    message = message_of(announcement)
    problems = [
        problem for name in announcement.channels if name in classes for problem in classes[name].problems(message)
    ]
    if problems:
        raise AnnouncementError("; ".join(problems))


def _channels(names: list[str]) -> list[str]:
    known = channel_classes()
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise AnnouncementError(f"choose channels among {', '.join(known)}")
    return list(dict.fromkeys(names))


def _sync_deliveries(session: Session, announcement: Announcement, channels: list[str]) -> None:
    """The announcement's channels changed before sending: one pending delivery per channel."""
    for delivery in list(announcement.deliveries):
        if delivery.channel not in channels:
            session.delete(delivery)
    present = {delivery.channel for delivery in announcement.deliveries}
    announcement.channels = channels
    for channel in channels:
        if channel not in present:
            session.add(Delivery(announcement_id=announcement.id, channel=channel, state=DeliveryState.PENDING))


def content_of(announcement: Announcement) -> AnnouncementContent:
    return AnnouncementContent(
        title=announcement.title,
        text=announcement.text,
        image_url=announcement.image_url,
        link_url=announcement.link_url,
    )


def refresh_versions(announcement: Announcement) -> None:
    """Draft again every channel version staff did not edit by hand."""
    drafted = channel_versions(content_of(announcement))
    edited = set(announcement.edited_versions or [])
    kept = {name: value for name, value in (announcement.versions or {}).items() if name in edited}
    announcement.versions = {**drafted, **kept}


class AnnouncementService:
    def __init__(self, database: Database, policy: AnnouncementPolicy) -> None:
        self.database = database
        self.policy = policy

    def create(
        self,
        text: str,
        title: str = "",
        image_url: str | None = None,
        link_url: str | None = None,
        audience: str = "all",
        topics: list[str] | None = None,
        channels: list[str] | None = None,
        created_by: str = COMMAND_LINE,
    ) -> int:
        if not text.strip():
            raise AnnouncementError(N_("An announcement needs text."))
        if (problem := too_long(text, title, image_url, link_url)) is not None:
            raise problem
        check_urls(image_url, link_url)
        chosen_audience = checked_audience(audience)
        chosen_topics = checked_topics(topics or [])
        if chosen_audience is Audience.TOPICS and not chosen_topics:
            raise AnnouncementError(N_("Choose at least one topic, or send it to everyone."))
        known = channel_classes()
        for channel in channels or ():
            if channel not in known:
                raise AnnouncementError(f"unknown channel {channel!r} ({', '.join(known)})")
        with self.database.session() as session:
            announcement = Announcement(
                kind=AnnouncementKind.CUSTOM,
                title=title.strip() or text.strip().splitlines()[0][:100],
                text=text.strip(),
                image_url=image_url,
                link_url=link_url,
                audience=chosen_audience,
                topics=chosen_topics,
                channels=list(channels or self.policy.channels),
                state=AnnouncementState.DRAFT,
                created_by=created_by,
                edited_versions=[],
                authors=[created_by],
            )
            refresh_versions(announcement)
            _check_channels(announcement)
            session.add(announcement)
            session.flush()
            create_deliveries(session, announcement)
            record(session, created_by, AuditAction.CREATE, f"announcement:{announcement.id}", title=announcement.title)
            return announcement.id

    def _locked(self, session: Session, announcement_id: int) -> Announcement:
        query = select(Announcement).where(Announcement.id == announcement_id)
        announcement = session.scalar(query.with_for_update())  # the scheduler may be moving it to the outbox
        if announcement is None:
            raise AnnouncementError(N_("There is no announcement #%(id)d."), id=announcement_id)
        return announcement

    def _editable(self, session: Session, announcement_id: int, refusal: str) -> Announcement:
        """The announcement, locked, while it has not started sending; otherwise `refusal`
        (with %(id)d and %(state)s) says why the action cannot be done."""
        announcement = self._locked(session, announcement_id)
        if announcement.state not in EDITABLE_STATES:
            raise AnnouncementError(refusal, id=announcement_id, state=announcement.state)
        return announcement

    def approve(self, announcement_id: int, by: str = COMMAND_LINE) -> None:
        with self.database.session() as session:
            announcement = self._locked(session, announcement_id)
            if announcement.state != AnnouncementState.DRAFT:
                raise AnnouncementError(
                    N_("#%(id)d is %(state)s; only a draft can be approved."),
                    id=announcement_id,
                    state=announcement.state,
                )
            # Four eyes: whoever wrote or changed it cannot approve it (the unidentified command line excepted).
            authors = {announcement.created_by, *(announcement.authors or [])}
            if by in authors and by not in (SYSTEM, COMMAND_LINE):
                raise AnnouncementError(
                    N_("You wrote or changed #%(id)d; another approver must approve it."), id=announcement_id
                )
            announcement.state = AnnouncementState.APPROVED
            announcement.approved_by = by
            announcement.approved_hash = content_hash(announcement)
            announcement.last_approved = sent_content(announcement)
            announcement.updated_at = utcnow()
            record(
                session, by, AuditAction.APPROVE, f"announcement:{announcement_id}", content=announcement.approved_hash
            )

    def schedule(self, announcement_id: int, at: datetime | None = None, by: str = COMMAND_LINE) -> datetime:
        with self.database.session() as session:
            announcement = self._editable(
                session, announcement_id, N_("#%(id)d is %(state)s; it can no longer be scheduled.")
            )
            if announcement.state == AnnouncementState.DRAFT and self.policy.require_approval:
                raise AnnouncementError(N_("#%(id)d needs approval before it can be scheduled."), id=announcement_id)
            when = at or self.policy.default_send_time(utcnow())
            check_send_time(when)
            set_schedule(announcement, when, by)
            record(session, by, AuditAction.SCHEDULE, f"announcement:{announcement_id}", at=as_utc(when).isoformat())
            return as_utc(when)

    def cancel(self, announcement_id: int, by: str = COMMAND_LINE) -> None:
        with self.database.session() as session:
            announcement = self._editable(
                session,
                announcement_id,
                N_("#%(id)d is %(state)s; only an announcement that has not started sending can be cancelled."),
            )
            announcement.state = AnnouncementState.CANCELLED
            announcement.updated_at = utcnow()
            for delivery in announcement.deliveries:
                delivery.state = DeliveryState.CANCELLED
            record(session, by, AuditAction.CANCEL, f"announcement:{announcement_id}")

    def edit(
        self,
        announcement_id: int,
        versions: Mapping[str, Mapping[str, str]] | None = None,
        by: str = COMMAND_LINE,
        **changes: Any,
    ) -> None:
        """Change text, title, image, link, audience or topics, or fields of
        channels' own versions (`versions={"x": {"text": …}, "email": {"subject": …}}`),
        until sending starts. An edited channel version is kept when the text changes.
        A change of what would be sent withdraws an approval (and a schedule):
        the approver approves the new content, and the audit keeps both."""
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise AnnouncementError(f"cannot edit {', '.join(sorted(unknown))}")
        fields = [value for channel in (versions or {}).values() for value in channel.values()]
        problem = too_long(
            changes.get("text") or "", changes.get("title") or "", changes.get("image_url"), changes.get("link_url")
        ) or next((too_long(value) for value in fields if too_long(value)), None)
        if problem is not None:
            raise problem
        with self.database.session() as session:
            announcement = self._editable(
                session, announcement_id, N_("#%(id)d is %(state)s; it can no longer be edited.")
            )
            before = sent_content(announcement)
            if "topics" in changes:
                changes["topics"] = checked_topics(changes["topics"])
            if "audience" in changes:
                changes["audience"] = checked_audience(changes["audience"])
            if "channels" in changes:
                _sync_deliveries(session, announcement, _channels(changes.pop("channels")))
            # Only the addresses staff change: a release's own chart address is the service's.
            changed = {name: value for name, value in changes.items() if getattr(announcement, name) != value}
            check_urls(changed.get("image_url"), changed.get("link_url"))
            for name, value in changes.items():
                setattr(announcement, name, value)
            if {"text", "title", "link_url"} & set(changed):
                refresh_versions(announcement)  # a card or thread that showed the old words is drafted again
            self._edit_versions(announcement, versions or {})
            _check_channels(announcement)
            after = sent_content(announcement)
            difference = {
                name: {"from": before[name], "to": after[name]}
                for name in CONTENT_FIELDS
                if before[name] != after[name]
            }
            if difference:
                announcement.authors = sorted({*(announcement.authors or []), by})
                if self.policy.require_approval:
                    self._withdraw_approval(announcement)
                elif announcement.approved_hash is not None:
                    # No second approval required: whoever schedules approves, and the editor did.
                    announcement.approved_by, announcement.approved_hash = by, content_hash(announcement)
            announcement.updated_at = utcnow()
            record(session, by, AuditAction.EDIT, f"announcement:{announcement_id}", changes=difference)

    @staticmethod
    def _withdraw_approval(announcement: Announcement) -> None:
        """Its content changed: an approval (and the schedule resting on it) was of other content."""
        if announcement.state in (AnnouncementState.APPROVED, AnnouncementState.SCHEDULED):
            announcement.state = AnnouncementState.DRAFT
            announcement.scheduled_at = None
        announcement.approved_by = None
        announcement.approved_hash = None

    @staticmethod
    def _edit_versions(announcement: Announcement, edits: Mapping[str, Mapping[str, str]]) -> None:
        if not edits:
            return
        known = channel_classes()
        current = dict(announcement.versions or {})
        edited = set(announcement.edited_versions or [])
        for channel, fields in edits.items():
            publisher = known.get(channel)
            if publisher is None:
                raise AnnouncementError(f"unknown channel {channel!r}")
            for field_name, value in fields.items():
                if field_name not in publisher.editable_fields:
                    raise AnnouncementError(f"{channel} has no editable {field_name!r}")
                current[channel] = publisher.edit_version(current.get(channel), field_name, value)
            edited.add(channel)
        announcement.versions = current
        announcement.edited_versions = sorted(edited)

    def list(self, state: str | None = None) -> list[dict[str, Any]]:
        with self.database.session() as session:
            query = select(Announcement).options(selectinload(Announcement.deliveries)).order_by(Announcement.id)
            if state:
                query = query.where(Announcement.state == state)
            return [describe(announcement) for announcement in session.scalars(query)]

    def get(self, announcement_id: int) -> dict[str, Any]:
        with self.database.session() as session:
            announcement = session.get(Announcement, announcement_id)
            if announcement is None:
                raise AnnouncementError(f"no announcement #{announcement_id}")
            return describe(announcement)


def describe(announcement: Announcement) -> dict[str, Any]:
    """The JSON form used by `python -m bot announcements --json`."""
    return {
        "id": announcement.id,
        "kind": announcement.kind,
        "period": announcement.period,
        "title": announcement.title,
        "state": announcement.state,
        "scheduled_at": as_utc(announcement.scheduled_at).isoformat() if announcement.scheduled_at else None,
        "audience": announcement.audience,
        "topics": announcement.topics,
        "text": announcement.text,
        "image_url": announcement.image_url,
        "link_url": announcement.link_url,
        "versions": announcement.versions,
        "deliveries": [
            {
                "channel": delivery.channel,
                "state": delivery.state,
                "recipients": delivery.recipients,
                "remote_ids": delivery.remote_ids[:20],
                "error": delivery.error,
                "next_attempt_at": as_utc(delivery.next_attempt_at).isoformat() if delivery.next_attempt_at else None,
            }
            for delivery in announcement.deliveries
        ],
    }


# --- what every announcement goes through, however it was made (by staff or from an import) ---


def channel_versions(content: AnnouncementContent) -> dict[str, Any]:
    """Every channel's own version of the content, keyed by channel name;
    channels that send the plain text have none."""
    versions = {}
    for name, publisher in channel_classes().items():
        version = publisher.draft_version(content)
        if version is not None:
            versions[name] = version
    return versions


def create_deliveries(session: Session, announcement: Announcement) -> None:
    for channel in announcement.channels:
        session.add(Delivery(announcement_id=announcement.id, channel=channel, state=DeliveryState.PENDING))
    session.flush()


def set_schedule(announcement: Announcement, at: datetime, by: str) -> None:
    announcement.state = AnnouncementState.SCHEDULED
    announcement.scheduled_at = as_utc(at)
    announcement.updated_at = utcnow()
    if announcement.approved_by is None:
        # No second approval required: scheduling is the approval, of this content.
        announcement.approved_by = by
        announcement.approved_hash = content_hash(announcement)
