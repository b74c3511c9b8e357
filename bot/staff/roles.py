"""Roles and what each may do. Each role can do everything the one before it can."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    APPROVER = "approver"
    ADMIN = "admin"


class Permission(StrEnum):
    VIEW = "view"  # dashboard, lists, previews, the simulator, insights without personal data
    IMPORT = "import"
    COMPOSE = "compose"  # write and edit announcements, set release dates
    TEACH = "teach"  # label questions the bot got wrong, export the corpus
    SCHEDULE = "schedule"  # schedule and cancel
    APPROVE = "approve"  # approve others' announcements
    SETTLE = "settle"  # mark sent, resend, retry deliveries
    RETRAIN = "retrain"  # train the intent model on what was taught
    MANAGE_USERS = "manage_users"
    MANAGE_PARTNERS = "manage_partners"  # partner systems' webhook endpoints
    AUDIT = "audit"
    PERSONAL_DATA = "personal_data"  # user ids in the conversation insights


ROLE_ORDER = (Role.VIEWER, Role.EDITOR, Role.APPROVER, Role.ADMIN)
_GAINED = {
    Role.VIEWER: {Permission.VIEW},
    Role.EDITOR: {Permission.IMPORT, Permission.COMPOSE, Permission.SCHEDULE, Permission.TEACH},
    Role.APPROVER: {Permission.APPROVE, Permission.SETTLE, Permission.RETRAIN},
    Role.ADMIN: {Permission.MANAGE_USERS, Permission.MANAGE_PARTNERS, Permission.AUDIT, Permission.PERSONAL_DATA},
}


def permissions_of(role: Role) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for step in ROLE_ORDER[: ROLE_ORDER.index(role) + 1]:
        granted |= _GAINED[step]
    return frozenset(granted)


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise ValueError(f"unknown role {text!r}: use {', '.join(ROLE_ORDER)}") from None
