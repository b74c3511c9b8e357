"""Signing in and out. Failed logins are throttled in the database, so the
limit holds across every web process."""

from __future__ import annotations

import time

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from bot.staff.accounts import StaffAccount, StaffAccounts
from bot.staff.throttle import Attempt, LoginThrottle
from bot.web.i18n import safe_next
from bot.web.services import services
from bot.web.staff import blueprint
from bot.web.staff.access import StaffSession
from bot.web.staff.account import CodeForm

MFA_STEP_SECONDS = 300  # the code must follow the password within five minutes


class LoginForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF has no type information
    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


def client_address() -> str:
    return request.remote_addr or "unknown"


def fresh_session() -> None:
    """A new session for a new identity (no fixation), keeping the language
    chosen: the old token stops working, wherever a copy of it is."""
    language = session.get("lang")
    session.clear()
    regenerate = getattr(session, "regenerate", None)
    if regenerate is not None:
        regenerate()
    if language:
        session["lang"] = language


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("staff.dashboard"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("staff/login.html", form=form, error=None)
    database = services().database
    throttle = LoginThrottle(database)
    attempt = throttle.begin(form.email.data or "", client_address())
    if attempt.wait_seconds:
        return _too_many("staff/login.html", form, attempt)
    account = StaffAccounts(database).authenticate(form.email.data or "", form.password.data or "")
    throttle.finish(attempt, succeeded=account is not None)
    if account is None:
        return render_template("staff/login.html", form=form, error=_("Wrong e-mail address or password.")), 401
    going = safe_next(request.args.get("next"), url_for("staff.dashboard"))
    fresh_session()
    if account.has_totp:
        # The password was right; the session is signed in only once the app's code is too.
        session["mfa_pending"] = {"id": account.id, "since": time.time(), "next": going}
        return redirect(url_for("staff.login_code"))
    return _signed_in(account, going)


def _too_many(template: str, form: FlaskForm, attempt: Attempt) -> ResponseReturnValue:
    minutes = max(1, round(attempt.wait_seconds / 60))
    error = _("Too many failed sign-ins. Try again in %(minutes)d minute(s).", minutes=minutes)
    return render_template(template, form=form, error=error), 429


def _signed_in(account: StaffAccount, going: str) -> ResponseReturnValue:
    session.permanent = True
    login_user(StaffSession(account))
    session["last_active"] = time.time()
    flash(_("Signed in as %(email)s.", email=account.email), "success")
    return redirect(going)


@blueprint.route("/login/code", methods=["GET", "POST"])
def login_code() -> ResponseReturnValue:
    """The second step: a code from the member's authenticator app, throttled like passwords."""
    pending = session.get("mfa_pending")
    if not isinstance(pending, dict) or time.time() - float(pending.get("since", 0)) > MFA_STEP_SECONDS:
        session.pop("mfa_pending", None)
        return redirect(url_for("staff.login"))
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("staff/login_code.html", form=form, error=None)
    database = services().database
    accounts = StaffAccounts(database)
    account = accounts.get(int(pending["id"]))
    if account is None or not account.active:
        return redirect(url_for("staff.login"))
    throttle = LoginThrottle(database)
    attempt = throttle.begin(account.email, client_address())
    if attempt.wait_seconds:
        return _too_many("staff/login_code.html", form, attempt)
    right = accounts.verify_totp(account.id, form.code.data or "")
    throttle.finish(attempt, succeeded=right)
    if not right:
        return render_template("staff/login_code.html", form=form, error=_("That code is not right.")), 401
    going = str(pending.get("next") or url_for("staff.dashboard"))
    fresh_session()
    return _signed_in(account, going)


@blueprint.post("/logout")
def logout() -> ResponseReturnValue:
    logout_user()
    fresh_session()
    flash(_("Signed out."), "info")
    return redirect(url_for("staff.login"))
