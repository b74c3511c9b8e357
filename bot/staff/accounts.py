"""Staff accounts: passwords hashed with Argon2, roles, disabling. Every
change is written to the audit log in the same transaction."""

from __future__ import annotations

import hmac
import re
import time
from dataclasses import dataclass
from datetime import datetime

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.data.audit import AuditAction, record
from bot.data.db import Database
from bot.data.models import StaffUser, utcnow
from bot.staff.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PasswordProblem, strength
from bot.staff.roles import Permission, Role, permissions_of
from bot.staff.sessions import revoke_account

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    pass


class WeakPasswordError(AccountError):
    """The password breaks the policy (`bot.staff.passwords`); `problem` says how."""

    def __init__(self, problem: PasswordProblem) -> None:
        super().__init__(PROBLEM_TEXTS[problem])
        self.problem = problem


PROBLEM_TEXTS = {
    PasswordProblem.TOO_SHORT: f"a password needs at least {MIN_PASSWORD_LENGTH} characters",
    PasswordProblem.TOO_LONG: f"a password may have at most {MAX_PASSWORD_LENGTH} characters",
    PasswordProblem.COMMON: "this password is among the most common in breaches; choose another",
    PasswordProblem.GUESSABLE: "this password is too easy to guess; add words or make it longer",
}


@dataclass(frozen=True)
class StaffAccount:
    id: int
    email: str
    role: Role
    active: bool
    session_version: int
    created_at: datetime
    last_login_at: datetime | None
    has_totp: bool = False

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_of(self.role) if self.active else frozenset()

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions


def must_use_authenticator(account: StaffAccount, require_mfa: bool) -> bool:
    """STAFF_REQUIRE_MFA asks it of administrators."""
    return require_mfa and account.role is Role.ADMIN


def _account(row: StaffUser) -> StaffAccount:
    return StaffAccount(
        row.id,
        row.email,
        Role(row.role),
        row.active,
        row.session_version,
        row.created_at,
        row.last_login_at,
        has_totp=row.totp_secret is not None,
    )


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 320:
        raise AccountError(f"{email!r} is not an e-mail address")
    return email


def check_password(password: str, email: str = "") -> str:
    found = strength(password, email)
    if found.problem is not None:
        raise WeakPasswordError(found.problem)
    return password


class StaffAccounts:
    def __init__(self, database: Database) -> None:
        self.database = database

    def add(self, email: str, password: str, role: Role, by: str) -> StaffAccount:
        email = normalize_email(email)
        password_hash = _hasher.hash(check_password(password, email))
        with self.database.session() as session:
            if session.scalar(select(StaffUser.id).where(StaffUser.email == email)) is not None:
                raise AccountError(f"{email} already has an account")
            row = StaffUser(email=email, password_hash=password_hash, role=role.value, active=True, session_version=1)
            session.add(row)
            session.flush()
            record(session, by, AuditAction.USER_ADD, f"user:{email}", role=role.value)
            return _account(row)

    def authenticate(self, email: str, password: str, record_login: bool = True) -> StaffAccount | None:
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
            if record_login:
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
        return self._change(email, by, AuditAction.USER_PASSWORD, password=check_password(password, email))

    def change_own_password(self, email: str, current: str, new: str) -> StaffAccount:
        """A staff member's own change: the current password first (a session left open is not enough)."""
        if self.authenticate(email, current, record_login=False) is None:
            raise AccountError("the current password is not right")
        return self._change(email, email, AuditAction.USER_PASSWORD, password=check_password(new, email))

    # --- authenticator apps (TOTP, RFC 6238) ---

    def enable_totp(self, email: str, secret: str, code: str) -> bool:
        """Turn on the authenticator app the member set up, once a code from it is right."""
        if not pyotp.TOTP(secret).verify(code.strip(), valid_window=1):
            return False
        with self.database.session() as session:
            row = self._row(session, email)
            row.totp_secret, row.totp_last_step = secret, None
            record(session, email, AuditAction.MFA_ON, f"user:{row.email}")
        return True

    def disable_totp(self, email: str, by: str) -> None:
        with self.database.session() as session:
            row = self._row(session, email)
            row.totp_secret, row.totp_last_step = None, None
            record(session, by, AuditAction.MFA_OFF, f"user:{row.email}")

    def verify_totp(self, account_id: int, code: str) -> bool:
        """A code from the member's app, each accepted once (30 s before or after allowed)."""
        code = code.strip().replace(" ", "")
        with self.database.session() as session:
            row = session.scalar(select(StaffUser).where(StaffUser.id == account_id).with_for_update())
            if row is None or row.totp_secret is None or not code.isdigit():
                return False
            totp = pyotp.TOTP(row.totp_secret)
            now = int(time.time())
            for step in (now // 30, now // 30 - 1, now // 30 + 1):
                if hmac.compare_digest(totp.at(step * 30), code) and step > (row.totp_last_step or -1):
                    row.totp_last_step = step
                    return True
            return False

    @staticmethod
    def _row(session: Session, email: str) -> StaffUser:
        row = session.scalar(select(StaffUser).where(StaffUser.email == normalize_email(email)).with_for_update())
        if row is None:
            raise AccountError(f"no account for {email}")
        return row

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
