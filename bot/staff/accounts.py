"""Staff accounts: passwords hashed with Argon2, roles, disabling. Every
change is written to the audit log in the same transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from bot.data.audit import AuditAction, record
from bot.data.db import Database
from bot.data.models import StaffUser, utcnow
from bot.staff.roles import Permission, Role, permissions_of
from bot.staff.sessions import revoke_account

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    pass


@dataclass(frozen=True)
class StaffAccount:
    id: int
    email: str
    role: Role
    active: bool
    session_version: int
    created_at: datetime
    last_login_at: datetime | None

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_of(self.role) if self.active else frozenset()

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions


def _account(row: StaffUser) -> StaffAccount:
    return StaffAccount(
        row.id, row.email, Role(row.role), row.active, row.session_version, row.created_at, row.last_login_at
    )


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 320:
        raise AccountError(f"{email!r} is not an e-mail address")
    return email


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return password


class StaffAccounts:
    def __init__(self, database: Database) -> None:
        self.database = database

    def add(self, email: str, password: str, role: Role, by: str) -> StaffAccount:
        email = normalize_email(email)
        password_hash = _hasher.hash(check_password(password))
        with self.database.session() as session:
            if session.scalar(select(StaffUser.id).where(StaffUser.email == email)) is not None:
                raise AccountError(f"{email} already has an account")
            row = StaffUser(email=email, password_hash=password_hash, role=role.value, active=True, session_version=1)
            session.add(row)
            session.flush()
            record(session, by, AuditAction.USER_ADD, f"user:{email}", role=role.value)
            return _account(row)

    def authenticate(self, email: str, password: str) -> StaffAccount | None:
        """The active account with this e-mail and password, else None."""
        try:
            email = normalize_email(email)
        except AccountError:
            email = ""
        with self.database.session() as session:
            row = session.scalar(select(StaffUser).where(StaffUser.email == email)) if email else None
            try:
                _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
            except (VerificationError, InvalidHashError):
                return None
            if row is None or not row.active:
                return None
            if _hasher.check_needs_rehash(row.password_hash):
                row.password_hash = _hasher.hash(password)
            row.last_login_at = utcnow()
            record(session, email, AuditAction.LOGIN, f"user:{email}")
            return _account(row)

    def get(self, account_id: int) -> StaffAccount | None:
        with self.database.session() as session:
            row = session.get(StaffUser, account_id)
            return _account(row) if row else None

    def by_email(self, email: str) -> StaffAccount | None:
        with self.database.session() as session:
            row = session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
            return _account(row) if row else None

    def list(self) -> list[StaffAccount]:
        with self.database.session() as session:
            return [_account(row) for row in session.scalars(select(StaffUser).order_by(StaffUser.email))]

    def set_role(self, email: str, role: Role, by: str) -> StaffAccount:
        return self._change(email, by, AuditAction.USER_ROLE, role=role)

    def disable(self, email: str, by: str) -> StaffAccount:
        return self._change(email, by, AuditAction.USER_DISABLE, active=False)

    def enable(self, email: str, by: str) -> StaffAccount:
        return self._change(email, by, AuditAction.USER_ENABLE, active=True)

    def set_password(self, email: str, password: str, by: str) -> StaffAccount:
        return self._change(email, by, AuditAction.USER_PASSWORD, password=check_password(password))

    def _change(
        self,
        email: str,
        by: str,
        action: AuditAction,
        role: Role | None = None,
        active: bool | None = None,
        password: str | None = None,
    ) -> StaffAccount:
        email = normalize_email(email)
        with self.database.session() as session:
            row = session.scalar(select(StaffUser).where(StaffUser.email == email).with_for_update())
            if row is None:
                raise AccountError(f"no account for {email}")
            details: dict[str, str | bool] = {}
            if role is not None:
                details = {"from": row.role, "to": role.value}
                row.role = role.value
            if active is not None:
                row.active = active
            if password is not None:
                row.password_hash = _hasher.hash(password)
            # Sessions opened before the change end: they carried the old role or password.
            row.session_version += 1
            revoke_account(session, row.id)
            record(session, by, action, f"user:{email}", **details)
            return _account(row)
