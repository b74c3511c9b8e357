"""The signed-in staff member, what their role allows, and the console's menu
(each page puts itself in it, so a new page touches no list)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort
from flask_login import UserMixin, current_user

from bot.data.db import Database
from bot.data.models import Announcement
from bot.staff.accounts import StaffAccount, StaffAccounts
from bot.staff.roles import Permission
from bot.web.services import services

View = TypeVar("View", bound=Callable[..., Any])


class StaffSession(UserMixin):  # type: ignore[misc]  # Flask-Login has no type information
    """A staff account in a session. The session id carries the account's
    session version, so a role change, a new password or disabling ends it."""

    def __init__(self, account: StaffAccount) -> None:
        self.account = account

    def get_id(self) -> str:
        return f"{self.account.id}:{self.account.session_version}"

    @property
    def is_active(self) -> bool:
        return self.account.active


def load_session(database: Database, session_id: str) -> StaffSession | None:
    account_id, _, version = session_id.partition(":")
    if not account_id.isdigit() or not version.isdigit():
        return None
    account = StaffAccounts(database).get(int(account_id))
    if account is None or not account.active or account.session_version != int(version):
        return None
    return StaffSession(account)


def me() -> StaffAccount:
    account: StaffAccount = current_user.account
    return account


def actor() -> str:
    """How the signed-in staff member is named in the audit log and on announcements."""
    return me().email


def load_announcement(announcement_id: int) -> Announcement:
    """The announcement a view works on, detached from its session; 404 when there is none."""
    with services().database.session() as session:
        found = session.get(Announcement, announcement_id)
        if found is None:
            abort(404)
        session.expunge(found)
    loaded: Announcement = found
    return loaded


def requires(permission: Permission) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not me().can(permission):
                abort(403)
            return view(*args, **kwargs)

        checked.permission = permission  # type: ignore[attr-defined]  # read by in_menu
        return cast(View, checked)

    return decorate


@dataclass(frozen=True)
class MenuItem:
    endpoint: str
    label: str  # English, marked with N_; the menu shows it in the reader's language
    permission: Permission
    position: int


MENU: list[MenuItem] = []


def in_menu(label: str, position: int) -> Callable[[View], View]:
    """Lists the page in the console's menu at `position` (smaller first), for the
    accounts its `requires(...)`, which must come below this, lets in."""

    def decorate(view: View) -> View:
        permission = getattr(view, "permission", None)
        if not isinstance(permission, Permission):
            raise TypeError(f"{view.__name__}: put @in_menu above @requires(...)")
        endpoint = f"staff.{view.__name__}"
        if all(item.endpoint != endpoint for item in MENU):
            MENU.append(MenuItem(endpoint, label, permission, position))
            MENU.sort(key=lambda item: item.position)
        return view

    return decorate


def menu_for(account: StaffAccount) -> list[MenuItem]:
    return [item for item in MENU if account.can(item.permission)]
