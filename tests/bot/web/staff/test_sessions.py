"""Console sessions live on the server: the cookie holds an opaque token,
signing out ends a copied cookie too, sessions end after an absolute
lifetime however busy, and account changes end them everywhere. A cookie
signed with a known key opens nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import func, select, update

from bot.app import services_of
from bot.config import DEV_SECRET_KEY
from bot.data.models import StaffSessionRow, StaffUser, utcnow
from bot.staff.accounts import StaffAccounts
from bot.staff.roles import Role
from bot.staff.sessions import token_digest
from tests.bot.web.staff.conftest import PASSWORD, SignedIn, csrf_token, email_of, post


def session_cookie(client: object) -> str:
    cookie = client.get_cookie("session")  # type: ignore[attr-defined]
    assert cookie is not None
    return str(cookie.value)


def sessions_of(app: Flask, email: str) -> int:
    database = services_of(app).database
    with database.session() as session:
        account = session.scalar(select(StaffUser.id).where(StaffUser.email == email))
        return int(
            session.scalar(
                select(func.count()).select_from(StaffSessionRow).where(StaffSessionRow.account_id == account)
            )
            or 0
        )


def test_the_cookie_holds_only_an_opaque_token(console_app: Flask, signed_in: SignedIn) -> None:
    client = signed_in("admin")
    token = session_cookie(client)
    assert "." not in token
    assert len(token) >= 40
    with services_of(console_app).database.session() as session:
        row = session.get(StaffSessionRow, token_digest(token))
        assert row is not None
        assert row.data["_user_id"].startswith(str(row.account_id))
        assert session.get(StaffSessionRow, token) is None  # the table keeps digests, not tokens


def test_a_cookie_forged_with_the_default_key_opens_nothing(console_app: Flask) -> None:
    """The reported attack: sign {"_user_id": "<id>:<version>"} with the public key."""
    forger = SecureCookieSessionInterface()
    signer_app = Flask("forger")
    signer_app.secret_key = DEV_SECRET_KEY
    serializer = forger.get_signing_serializer(signer_app)
    assert serializer is not None
    client = console_app.test_client()
    for account in range(1, 6):
        forged = serializer.dumps({"_user_id": f"{account}:1", "_fresh": True, "last_active": 9e12})
        client.set_cookie("session", forged)
        response = client.get("/staff/users")
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/staff/login")


def test_signing_out_ends_the_session_for_a_copied_cookie(console_app: Flask, signed_in: SignedIn) -> None:
    client = signed_in("editor")
    stolen = session_cookie(client)
    token = csrf_token(client, "/staff/")
    assert post(client, "/staff/logout") == 302
    thief = console_app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/staff/").status_code == 302
    refused = thief.post("/staff/announcements/new", data={"text": "ประกาศปลอม", "csrf_token": token})
    assert refused.status_code in (302, 400)
    assert sessions_of(console_app, email_of("editor")) == 0


def test_a_session_ends_after_its_absolute_lifetime_however_busy(console_app: Flask, signed_in: SignedIn) -> None:
    client = signed_in("viewer")
    assert client.get("/staff/").status_code == 200
    with services_of(console_app).database.session() as session:
        session.execute(
            update(StaffSessionRow)
            .where(StaffSessionRow.token_hash == token_digest(session_cookie(client)))
            .values(created_at=utcnow() - timedelta(hours=12, minutes=1))
        )
    assert client.get("/staff/").status_code == 302  # active a second ago, but signed in 12 hours ago


def test_account_changes_end_its_sessions_everywhere(console_app: Flask, signed_in: SignedIn) -> None:
    accounts = StaffAccounts(services_of(console_app).database)
    changes: list[Callable[[], object]] = [
        lambda: accounts.set_role(email_of("editor"), Role.VIEWER, by="admin@oie.example"),
        lambda: accounts.set_password(email_of("editor"), PASSWORD, by="admin@oie.example"),
        lambda: accounts.disable(email_of("editor"), by="admin@oie.example"),
    ]
    for change in changes:
        accounts.enable(email_of("editor"), by="admin@oie.example")
        browsers = [signed_in("editor"), signed_in("editor")]
        assert sessions_of(console_app, email_of("editor")) == 2
        change()
        assert sessions_of(console_app, email_of("editor")) == 0
        assert all(browser.get("/staff/").status_code == 302 for browser in browsers)


def test_signing_in_issues_a_new_token(console_app: Flask) -> None:
    """No fixation: the token a visitor had before signing in stops working."""
    from tests.bot.web.staff.conftest import sign_in

    client = console_app.test_client()
    client.get("/language/en?next=/staff/login")
    before = session_cookie(client)
    assert sign_in(client, email_of("admin")) == 302
    assert session_cookie(client) != before
    with services_of(console_app).database.session() as session:
        assert session.get(StaffSessionRow, token_digest(before)) is None


def test_console_pages_are_never_stored_and_public_pages_set_no_cookie(console_app: Flask, signed_in: SignedIn) -> None:
    client = signed_in("viewer")
    for path in ("/staff/", "/staff/insights", "/staff/account", "/staff/login"):
        assert client.get(path).headers["Cache-Control"] == "private, no-store", path
    public = console_app.test_client().get("/")
    assert public.headers["Cache-Control"].startswith("public")
    assert "Set-Cookie" not in public.headers
    with console_app.test_request_context("/"):
        from flask import Response, session

        session["lang"] = "en"  # a page that did set a session
        response = Response("x", headers={"Cache-Control": "public, max-age=300"})
        console_app.session_interface.save_session(console_app, session, response)
        assert response.headers["Cache-Control"] == "private, no-store"
