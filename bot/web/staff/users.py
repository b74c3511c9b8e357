"""Administration: staff accounts and roles, and the audit log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from bot.data.audit import AuditAction, entries
from bot.staff.accounts import AccountError, StaffAccounts, WeakPasswordError
from bot.staff.passwords import MIN_PASSWORD_LENGTH
from bot.staff.roles import ROLE_ORDER, Permission, Role
from bot.web.bounds import bounded_int
from bot.web.services import services
from bot.web.staff import blueprint
from bot.web.staff.access import actor, me, requires
from bot.web.staff.account import problem_text


class NewUserForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF has no type information
    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    role = SelectField(_l("Role"), choices=[SelectChoice(role.value, _l(role.value)) for role in ROLE_ORDER])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH)])


@blueprint.route("/users", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def users() -> ResponseReturnValue:
    accounts = StaffAccounts(services().database)
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            accounts.add(form.email.data or "", form.password.data or "", Role(form.role.data), by=actor())
        except WeakPasswordError as error:
            flash(problem_text(error.problem), "error")
        except AccountError as error:
            flash(str(error), "error")
        else:
            flash(_("Account created for %(email)s.", email=form.email.data), "success")
            return redirect(url_for("staff.users"))
    elif request.method == "POST":
        flash(_("Check the form: %(problems)s", problems="; ".join(_errors(form))), "error")
    return render_template(
        "staff/users.html", form=form, people=accounts.list(), roles=ROLE_ORDER, min_length=MIN_PASSWORD_LENGTH
    )


def _errors(form: FlaskForm) -> list[str]:
    return [f"{form[name].label.text}: {message}" for name, messages in form.errors.items() for message in messages]


@blueprint.post("/users/<int:account_id>")
@requires(Permission.MANAGE_USERS)
def change_user(account_id: int) -> ResponseReturnValue:
    accounts = StaffAccounts(services().database)
    account = accounts.get(account_id)
    if account is None:
        abort(404)
    action = request.form.get("action", "")
    try:
        if action == "role":
            accounts.set_role(account.email, Role(request.form.get("role", "")), by=actor())
        elif action == "disable":
            if account.email == me().email:
                raise AccountError(_("You cannot disable your own account."))
            accounts.disable(account.email, by=actor())
        elif action == "enable":
            accounts.enable(account.email, by=actor())
        elif action == "password":
            accounts.set_password(account.email, request.form.get("password", ""), by=actor())
        elif action == "mfa-off":
            accounts.disable_totp(account.email, by=actor())  # a lost phone: the member sets it up again
        else:
            abort(400)
    except WeakPasswordError as error:
        flash(problem_text(error.problem), "error")
    except (AccountError, ValueError) as error:
        flash(str(error), "error")
    else:
        flash(_("%(email)s updated.", email=account.email), "success")
    return redirect(url_for("staff.users"))


@blueprint.get("/audit")
@requires(Permission.AUDIT)
def audit() -> ResponseReturnValue:
    actor_filter = request.args.get("actor", "").strip()
    action_filter = request.args.get("action", "").strip()
    before = request.args.get("before", type=bounded_int)
    found = entries(services().database, actor=actor_filter or None, action=action_filter or None, before=before)
    return render_template(
        "staff/audit.html",
        found=found,
        actions=list(AuditAction),
        actor_filter=actor_filter,
        action_filter=action_filter,
    )
