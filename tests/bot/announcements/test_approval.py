"""The second approval holds for exactly what is sent: a change of content or
audience after approval returns the announcement to draft; whoever wrote or
changed it cannot approve it; the worker refuses content that differs from
what was approved; the audit keeps the values before and after."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.announcements.outbox import NOT_AS_APPROVED, Outbox
from bot.announcements.policy import AnnouncementPolicy
from bot.announcements.rules import AnnouncementError
from bot.announcements.workflow import AnnouncementService
from bot.config import Settings
from bot.data.audit import entries
from bot.data.db import Database
from bot.data.models import Announcement, OutboxItem, utcnow
from tests.helpers import Clock, console_worker

AUTHOR, APPROVER, OTHER = "author@oie.example", "approver@oie.example", "other@oie.example"


@pytest.fixture
def approvals(database: Database, settings: Settings) -> AnnouncementService:
    policy = AnnouncementPolicy.from_settings(
        settings.with_overrides(ANNOUNCEMENT_REQUIRE_APPROVAL=True, ANNOUNCEMENT_CHANNELS="console")
    )
    return AnnouncementService(database, policy)


def approved_and_scheduled(service: AnnouncementService) -> int:
    number = service.create("ดัชนี MPI เดือนนี้", audience="topics", topics=["indicator:MPI"], created_by=AUTHOR)
    service.approve(number, by=APPROVER)
    service.schedule(number, utcnow() + timedelta(hours=2), by=AUTHOR)
    return number


@pytest.mark.parametrize(
    "change",
    [
        {"text": "ข้อความที่เขียนใหม่หลังอนุมัติ"},
        {"title": "หัวข้อใหม่"},
        {"link_url": "https://evil.example/"},
        {"image_url": "https://evil.example/a.png"},
        {"audience": "all"},
        {"topics": ["sector:29"]},
    ],
)
def test_a_change_after_approval_returns_it_to_draft(approvals: AnnouncementService, change: dict[str, Any]) -> None:
    number = approved_and_scheduled(approvals)
    approvals.edit(number, by=AUTHOR, **change)
    found = approvals.get(number)
    assert found["state"] == "draft"
    assert found["scheduled_at"] is None
    with pytest.raises(AnnouncementError, match="needs approval"):
        approvals.schedule(number, utcnow() + timedelta(hours=2), by=AUTHOR)


def test_a_channel_version_edited_after_approval_returns_it_to_draft(approvals: AnnouncementService) -> None:
    number = approvals.create("ข้อความ", channels=["console", "x"], created_by=AUTHOR)
    approvals.approve(number, by=APPROVER)
    approvals.edit(number, versions={"x": {"text": "โพสต์ที่ไม่ได้อนุมัติ"}}, by=AUTHOR)
    assert approvals.get(number)["state"] == "draft"


def test_an_edit_that_changes_nothing_keeps_the_approval(approvals: AnnouncementService) -> None:
    number = approved_and_scheduled(approvals)
    approvals.edit(number, by=AUTHOR, text="ดัชนี MPI เดือนนี้")
    assert approvals.get(number)["state"] == "scheduled"


def test_an_approver_who_changed_a_draft_cannot_approve_it_alone(approvals: AnnouncementService) -> None:
    number = approvals.create("ร่างของคนอื่น", created_by=AUTHOR)
    approvals.edit(number, by=APPROVER, text="เขียนใหม่โดยผู้อนุมัติ")
    with pytest.raises(AnnouncementError, match="another approver"):
        approvals.approve(number, by=APPROVER)
    approvals.approve(number, by=OTHER)
    assert approvals.get(number)["state"] == "approved"


def test_the_audit_keeps_the_values_before_and_after(approvals: AnnouncementService, database: Database) -> None:
    number = approved_and_scheduled(approvals)
    approvals.edit(number, by=AUTHOR, text="ข้อความใหม่", audience="all")
    (edit,) = [entry for entry in entries(database) if entry.action == "edit"]
    changes = edit.details["changes"]
    assert changes["text"] == {"from": "ดัชนี MPI เดือนนี้", "to": "ข้อความใหม่"}
    assert changes["audience"] == {"from": "topics", "to": "all"}


def test_the_worker_refuses_content_changed_behind_the_workflow(
    approvals: AnnouncementService, database: Database, settings: Settings
) -> None:
    """The attack without the console: content rewritten in the database after approval."""
    number = approved_and_scheduled(approvals)
    with database.session() as session:
        session.execute(update(Announcement).where(Announcement.id == number).values(text="ข้อความปลอม"))
    clock = Clock(utcnow() + timedelta(hours=3))
    outbox = Outbox(database, clock=clock)
    assert outbox.enqueue_due() == 1
    printed = io.StringIO()
    console_worker(settings, database, printed, clock).run(until_idle=True)
    assert "ข้อความปลอม" not in printed.getvalue()
    with database.session() as session:
        rows = session.scalars(select(OutboxItem).where(OutboxItem.announcement_id == number)).all()
    assert rows
    assert all(row.state == "failed" and not row.retryable and row.last_error == NOT_AS_APPROVED for row in rows)
    assert approvals.get(number)["state"] == "failed"


def test_approved_content_is_sent(approvals: AnnouncementService, database: Database, settings: Settings) -> None:
    number = approved_and_scheduled(approvals)
    clock = Clock(utcnow() + timedelta(hours=3))
    assert Outbox(database, clock=clock).enqueue_due() == 1
    printed = io.StringIO()
    console_worker(settings, database, printed, clock).run(until_idle=True)
    assert "ดัชนี MPI เดือนนี้" in printed.getvalue()
    assert approvals.get(number)["state"] == "sent"
