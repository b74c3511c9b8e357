"""A staff member's own account: their password (the current one first, the
new one against the password policy, with a strength meter while typing)
and an authenticator app for a second sign-in step (TOTP), which
STAFF_REQUIRE_MFA makes compulsory for administrators."""

from __future__ import annotations

import pyotp
import segno
from flask import flash, jsonify, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired

from bot.staff.accounts import AccountError, StaffAccounts, WeakPasswordError, must_use_authenticator
from bot.staff.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PasswordProblem, strength
from bot.staff.roles import Permission
from bot.web.services import services
from bot.web.staff import blueprint
from bot.web.staff.access import me, requires

ISSUER = "OIE indicators console"


class PasswordForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF has no type information
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(_l("New password"), validators=[DataRequired()])
    again = PasswordField(_l("New password again"), validators=[DataRequired()])


class CodeForm(FlaskForm):  # type: ignore[misc]
    code = StringField(_l("Six-digit code from the app"), validators=[DataRequired()])


def problem_text(problem: PasswordProblem) -> str:
    """The password policy's refusal in the console's language."""
    texts: dict[PasswordProblem, str] = {
        PasswordProblem.TOO_SHORT: _("A password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
        PasswordProblem.TOO_LONG: _("A password may have at most %(n)d characters.", n=MAX_PASSWORD_LENGTH),
        PasswordProblem.COMMON: _("This password is among the most common in data breaches. Choose another."),
        PasswordProblem.GUESSABLE: _("This password is too easy to guess. Add words or make it longer."),
    }
    return texts[problem]


def mfa_required() -> bool:
    return must_use_authenticator(me(), services().settings.STAFF_REQUIRE_MFA)


def _setup_secret() -> str:
    """The secret being set up, kept in the (server-side) session until a code confirms it."""
    secret = session.get("totp_setup")
    if not isinstance(secret, str):
        secret = pyotp.random_base32()
        session["totp_setup"] = secret
    return secret


@blueprint.get("/account")
@requires(Permission.VIEW)
def account() -> ResponseReturnValue:
    account = me()
    qr = None
    secret = None
    if not account.has_totp:
        secret = _setup_secret()
        uri = pyotp.TOTP(secret).provisioning_uri(name=account.email, issuer_name=ISSUER)
        qr = segno.make(uri, error="m").svg_data_uri(scale=4, border=2)
    return render_template(
        "staff/account.html",
        password_form=PasswordForm(),
        code_form=CodeForm(),
        secret=secret,
        qr=qr,
        required=mfa_required(),
        min_length=MIN_PASSWORD_LENGTH,
    )


@blueprint.post("/account/password")
@requires(Permission.VIEW)
def change_password() -> ResponseReturnValue:
    form = PasswordForm()
    if not form.validate_on_submit():
        flash(_("Fill in every field."), "error")
    elif form.new.data != form.again.data:
        flash(_("The two new passwords differ."), "error")
    else:
        try:
            StaffAccounts(services().database).change_own_password(me().email, form.current.data, form.new.data)
        except WeakPasswordError as error:
            flash(problem_text(error.problem), "error")
        except AccountError:
            flash(_("The current password is not right."), "error")
        else:
            # Every session of the account ended, this one too: sign in with the new password.
            flash(_("Password changed. Sign in again with the new password."), "success")
            return redirect(url_for("staff.login"))
    return redirect(url_for("staff.account"))


@blueprint.post("/account/totp")
@requires(Permission.VIEW)
def enable_totp() -> ResponseReturnValue:
    form = CodeForm()
    secret = session.get("totp_setup")
    accounts = StaffAccounts(services().database)
    if (
        form.validate_on_submit()
        and isinstance(secret, str)
        and accounts.enable_totp(me().email, secret, form.code.data)
    ):
        session.pop("totp_setup", None)
        flash(_("The authenticator app is set up: signing in now asks for its code."), "success")
        return redirect(url_for("staff.dashboard"))
    flash(_("That code is not right. Check the app's time and try the newest code."), "error")
    return redirect(url_for("staff.account"))


@blueprint.post("/account/totp/off")
@requires(Permission.VIEW)
def disable_totp() -> ResponseReturnValue:
    if mfa_required():
        flash(_("Administrators must keep an authenticator app."), "error")
        return redirect(url_for("staff.account"))
    accounts = StaffAccounts(services().database)
    if accounts.authenticate(me().email, request.form.get("current", ""), record_login=False) is None:
        flash(_("The current password is not right."), "error")
        return redirect(url_for("staff.account"))
    accounts.disable_totp(me().email, by=me().email)
    flash(_("The authenticator app is turned off."), "info")
    return redirect(url_for("staff.account"))


@blueprint.post("/password-strength")
@requires(Permission.VIEW)
def password_strength() -> ResponseReturnValue:
    """What the meter shows while a password is typed (the same policy the forms enforce)."""
    password = request.form.get("password", "")[: MAX_PASSWORD_LENGTH + 1]
    found = strength(password, request.form.get("email", ""))
    labels = [_("very weak"), _("weak"), _("fair"), _("strong"), _("very strong")]
    message = problem_text(found.problem) if found.problem else labels[found.score]
    return jsonify(score=found.score, acceptable=found.problem is None, message=message)
