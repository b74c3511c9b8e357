"""Administration: staff accounts and roles, and the audit log."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from bot.catalog import N_
from bot.data.audit import AuditAction, AuditRecord, entries
from bot.data.db import as_utc
from bot.staff.accounts import AccountError, StaffAccounts, WeakPasswordError
from bot.staff.passwords import MIN_PASSWORD_LENGTH
from bot.staff.roles import ROLE_ORDER, Permission, Role
from bot.web.bounds import bounded_int
from bot.web.services import services
from bot.web.staff import blueprint
from bot.web.staff.access import actor, in_menu, me, requires
from bot.web.staff.account import problem_text
from bot.web.staff.picker import picked_day


class NewUserForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF has no type information
    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    role = SelectField(_l("Role"), choices=[SelectChoice(role.value, _l(role.value)) for role in ROLE_ORDER])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH)])


@blueprint.route("/users", methods=["GET", "POST"])
@in_menu(N_("Users"), position=90)
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
@in_menu(N_("Audit log"), position=110)
@requires(Permission.AUDIT)
def audit() -> ResponseReturnValue:
    """The audit log, filtered by who, what and a range of days (local dates, both included);
    `?format=csv` downloads every entry the filters select."""
    actor_filter = request.args.get("actor", "").strip()
    action_filter = request.args.get("action", "").strip()
    before = request.args.get("before", type=bounded_int)
    zone = ZoneInfo(services().settings.TZ_NAME)
    try:
        first = picked_day(request.args, "from") if _chosen(request.args, "from") else None
        last = picked_day(request.args, "to") if _chosen(request.args, "to") else None
    except ValueError:
        flash(_("That day does not exist; choose another date."), "error")
        first = last = None
    # Local days, compared in UTC as the log stores its times.
    since = datetime.combine(first, time(), tzinfo=zone).astimezone(UTC) if first else None
    until = datetime.combine(last + timedelta(days=1), time(), tzinfo=zone).astimezone(UTC) if last else None
    as_csv = request.args.get("format") == "csv"
    found = entries(
        services().database,
        actor=actor_filter or None,
        action=action_filter or None,
        limit=None if as_csv else 200,
        before=None if as_csv else before,
        since=since,
        until=until,
    )
    if as_csv:
        return _audit_csv(found, zone, first, last)
    return render_template(
        "staff/audit.html",
        found=found,
        actions=list(AuditAction),
        actor_filter=actor_filter,
        action_filter=action_filter,
        first=first,
        last=last,
    )


def _chosen(args: Mapping[str, str], name: str) -> bool:
    return bool(args.get(name) or args.get(f"{name}-day"))


def _audit_csv(found: list[AuditRecord], zone: ZoneInfo, first: date | None, last: date | None) -> Response:
    """For auditors' own tools: local ISO times with their offset, codes as recorded, details as JSON."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "at", "actor", "action", "target", "details"])
    for entry in found:
        at = as_utc(entry.at).astimezone(zone).isoformat(timespec="seconds")
        details = json.dumps(entry.details, ensure_ascii=False, sort_keys=True, default=str)
        writer.writerow([entry.id, at, entry.actor, entry.action, entry.target, details])
    span = f"{first or 'start'}_{last or 'now'}"
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")  # a BOM: Excel reads the Thai as UTF-8
    response.headers["Content-Disposition"] = f'attachment; filename="audit_{span}.csv"'
    return response
