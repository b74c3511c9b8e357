"""Passwords (12 characters, not common, not guessable, a meter while
typing, one's own change needs the current one) and the authenticator app
(a second step at sign-in, each code once, compulsory for administrators
with STAFF_REQUIRE_MFA)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pyotp
import pytest
from flask import Flask

from bot.app import create_app, services_of
from bot.config import Settings
from bot.data.db import Database
from bot.staff.accounts import StaffAccounts, WeakPasswordError
from bot.staff.passwords import PasswordProblem, strength
from bot.staff.roles import Role
from tests.bot.web.staff.conftest import PASSWORD, SignedIn, csrf_token, email_of, post, sign_in


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Short-pw-11", PasswordProblem.TOO_SHORT),
        ("qwertyuiopasdfghjkl", PasswordProblem.COMMON),  # in the shipped breach list
        ("zzzzzzzzzzzzzzzzzzzzy", PasswordProblem.GUESSABLE),
        ("oieoieoieoie2569", PasswordProblem.GUESSABLE),
        ("x" * 257, PasswordProblem.TOO_LONG),
    ],
)
def test_weak_passwords_are_refused(database: Database, password: str, problem: PasswordProblem) -> None:
    assert strength(password, "someone@oie.example").problem is problem
    with pytest.raises(WeakPasswordError) as refused:
        StaffAccounts(database).add("someone@oie.example", password, Role.VIEWER, by="test")
    assert refused.value.problem is problem


def test_the_meter_tells_as_staff_type(signed_in: SignedIn) -> None:
    client = signed_in("admin")
    token = csrf_token(client, "/staff/account")
    weak = client.post("/staff/password-strength", data={"password": "password1234"}, headers={"X-CSRFToken": token})
    found = weak.get_json()
    assert found["score"] == 0
    assert found["acceptable"] is False
    assert "รหัสผ่านที่ใช้กันมาก" in found["message"]
    good = client.post("/staff/password-strength", data={"password": "ร่มไม้ริมน้ำ 9 ต้น!"}, headers={"X-CSRFToken": token})
    assert good.get_json()["acceptable"] is True


def test_changing_ones_own_password_needs_the_current_one(console_app: Flask, signed_in: SignedIn) -> None:
    client = signed_in("editor")
    new = "a different long passphrase"
    assert post(client, "/staff/account/password", {"current": "wrong", "new": new, "again": new}) == 302
    assert sign_in(console_app.test_client(), email_of("editor"), new) == 401
    assert post(client, "/staff/account/password", {"current": PASSWORD, "new": new, "again": new}) == 302
    assert client.get("/staff/").status_code == 302  # every session ended, this one too
    assert sign_in(console_app.test_client(), email_of("editor"), new) == 302


def set_up_app(console_app: Flask, email: str) -> pyotp.TOTP:
    secret = pyotp.random_base32()
    accounts = StaffAccounts(services_of(console_app).database)
    assert accounts.enable_totp(email, secret, pyotp.TOTP(secret).now())
    return pyotp.TOTP(secret)


def test_signing_in_with_an_app_asks_for_its_code_once(console_app: Flask) -> None:
    totp = set_up_app(console_app, email_of("approver"))
    client = console_app.test_client()
    token = csrf_token(client)
    response = client.post(
        "/staff/login", data={"email": email_of("approver"), "password": PASSWORD, "csrf_token": token}
    )
    assert response.headers["Location"] == "/staff/login/code"
    assert client.get("/staff/").status_code == 302  # not signed in on the password alone
    token = csrf_token(client, "/staff/login/code")
    assert client.post("/staff/login/code", data={"code": "000000", "csrf_token": token}).status_code == 401
    code = totp.now()
    assert client.post("/staff/login/code", data={"code": code, "csrf_token": token}).status_code == 302
    assert client.get("/staff/").status_code == 200

    again = console_app.test_client()  # the same code, seen over a shoulder
    token = csrf_token(again)
    again.post("/staff/login", data={"email": email_of("approver"), "password": PASSWORD, "csrf_token": token})
    token = csrf_token(again, "/staff/login/code")
    assert again.post("/staff/login/code", data={"code": code, "csrf_token": token}).status_code == 401


@pytest.fixture
def strict_console(settings: Settings, console_app: Flask, database: Database, tmp_path: object) -> Iterator[Flask]:
    app = create_app(settings.with_overrides(STAFF_REQUIRE_MFA=True, CHARTS_DIR=str(tmp_path)))
    app.config["TESTING"] = True
    yield app
    services_of(app).database.dispose()


def test_administrators_must_set_up_an_app_when_required(strict_console: Flask) -> None:
    client = strict_console.test_client()
    assert sign_in(client, email_of("admin")) == 302
    response = client.get("/staff/users")
    assert response.headers["Location"] == "/staff/account"
    page = client.get("/staff/account").get_data(as_text=True)
    secret = page.split("<code>")[1].split("</code>")[0]
    token = csrf_token(client, "/staff/account")
    time.sleep(0)  # the code of this 30-second step
    assert (
        client.post("/staff/account/totp", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token}).status_code
        == 302
    )
    assert client.get("/staff/users").status_code == 200
    editor = strict_console.test_client()
    assert sign_in(editor, email_of("editor")) == 302
    assert editor.get("/staff/imports").status_code == 200  # required of administrators only
