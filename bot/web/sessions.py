"""Flask sessions kept on the server (`bot.staff.sessions`): the cookie holds
an opaque random token and nothing else.

Written here rather than taken from Flask-Session: its SQL backend needs
Flask-SQLAlchemy, which this service does not use, and none of its backends
can end every session of one account (what a disabled account, a role or
password change need)."""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

from bot.staff.sessions import SessionRecords, new_token


class ServerSession(CallbackDict[str, Any], SessionMixin):
    def __init__(self, data: dict[str, Any] | None = None, token: str | None = None, expired: bool = False) -> None:
        def on_update(_: Any) -> None:
            self.modified = True

        super().__init__(data or {}, on_update)
        self.token = token
        self.expired = expired
        self.modified = False
        self.replaced: str | None = None

    def regenerate(self) -> None:
        """A new token for a new identity (no session fixation); the old one stops working."""
        if self.token is not None:
            self.replaced = self.token
        self.token = None
        self.modified = True


class ServerSessionInterface(SessionInterface):
    def __init__(self, records: SessionRecords) -> None:
        self.records = records

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        token = request.cookies.get(self.get_cookie_name(app))
        if not token or len(token) > 100:
            return ServerSession()
        loaded = self.records.load(token)
        if loaded is None:
            return ServerSession()
        if loaded.expired:
            return ServerSession(expired=True)
        return ServerSession(loaded.data, token=token)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, ServerSession)
        name, domain, path = self.get_cookie_name(app), self.get_cookie_domain(app), self.get_cookie_path(app)
        if session.replaced is not None:
            self.records.delete(session.replaced)
        if not session:
            if session.token is not None:
                self.records.delete(session.token)
            if session.token is not None or session.replaced is not None or session.expired:
                response.delete_cookie(name, domain=domain, path=path)
            return
        if not session.modified and session.token is not None:
            return
        created = session.token is None
        if created:
            session.token = new_token()
        assert session.token is not None
        self.records.save(session.token, dict(session), created)
        response.vary.add("Cookie")
        if "public" in response.headers.get("Cache-Control", ""):
            # A response that carries someone's session is theirs: no shared cache may hand it to others.
            response.headers["Cache-Control"] = "private, no-store"
        if created:
            response.set_cookie(
                name,
                session.token,
                httponly=self.get_cookie_httponly(app),
                secure=self.get_cookie_secure(app),
                samesite=self.get_cookie_samesite(app),
                domain=domain,
                path=path,
            )
