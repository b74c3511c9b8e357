"""The audit log: who did what and when. Written in the same transaction as
the action it records, so an action and its entry exist together or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.data.db import Database
from bot.data.models import AuditEntry

SYSTEM = "system"  # what the service does by itself (drafts from an import)
COMMAND_LINE = "staff"  # someone at the command line, who is not identified


class AuditAction(StrEnum):
    LOGIN = "login"
    IMPORT = "import"
    CREATE = "create"
    EDIT = "edit"
    APPROVE = "approve"
    SCHEDULE = "schedule"
    CANCEL = "cancel"
    MARK_SENT = "mark_sent"
    RESEND = "resend"
    RETRY = "retry"
    CALENDAR = "calendar"
    USER_ADD = "user_add"
    USER_ROLE = "user_role"
    USER_DISABLE = "user_disable"
    USER_ENABLE = "user_enable"
    USER_PASSWORD = "user_password"
    MFA_ON = "mfa_on"
    MFA_OFF = "mfa_off"
    DATA_ERASE = "data_erase"  # a LINE user's data deleted (named by a digest, never the id)
    DATA_EXPORT = "data_export"
    TEACH = "teach"  # a question labelled for the bot to learn
    RETRAIN = "retrain"
    WEBHOOK_ADD = "webhook_add"
    WEBHOOK_REMOVE = "webhook_remove"
    WEBHOOK_ENABLE = "webhook_enable"
    WEBHOOK_DISABLE = "webhook_disable"
    WEBHOOK_TEST = "webhook_test"


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    details: dict[str, Any]


def record(session: Session, actor: str, action: AuditAction, target: str = "", **details: Any) -> None:
    session.add(AuditEntry(actor=actor, action=action.value, target=target, details=details))


def entries(
    database: Database,
    actor: str | None = None,
    action: str | None = None,
    limit: int | None = 200,
    before: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditRecord]:
    """Newest first, optionally for one actor or action, and from `since` up to (not
    including) `until`; `before` pages back by id."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(AuditEntry.action == action)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        query = query.where(AuditEntry.at < until)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    with database.session() as session:
        return [
            AuditRecord(row.id, row.at, row.actor, row.action, row.target, dict(row.details or {}))
            for row in session.scalars(query)
        ]
